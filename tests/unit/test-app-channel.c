/*
 * test-app-channel.c - the channel runner: a command that succeeds, one
 * that fails, one that hangs past its timeout, text with quotes and
 * $(...) passed verbatim on stdin (never run by a shell); file append
 * and the clipboard sequence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "calm/buf.h"
#include "calm/channel.h"
#include "calm/config.h"

static char dir[256];

static int setup(void **state)
{
	const char *tmp = getenv("CALM_TEST_TMP");

	(void)state;
	if (!tmp)
		tmp = "/tmp";
	mkdir(tmp, 0700);
	snprintf(dir, sizeof dir, "%s/channel-%d", tmp, (int)getpid());
	mkdir(dir, 0700);
	return 0;
}

static int teardown(void **state)
{
	char cmd[400];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	if (!b.s)
		buf_add(&b, "", 0);
	return buf_detach(&b);
}

static struct config_channel command(char **argv, int timeout)
{
	return (struct config_channel){ .name = "t", .kind = CHANNEL_COMMAND,
					.argv = argv, .timeout_s = timeout };
}

static void channel__command_succeeds(void **state)
{
	char out[300];
	snprintf(out, sizeof out, "%s/ok.txt", dir);
	char *argv[] = { "sh", "-c", "cat > \"$0\"", out, NULL };
	struct config_channel ch = command(argv, 5);
	struct channel_result res;
	struct calm_err err = { 0 };

	(void)state;
	assert_int_equal(channel_run(&ch, "hello\n", 6, NULL, &res, &err), CALM_OK);
	assert_int_equal(res.status, 0);
	assert_false(res.timed_out);
	assert_string_equal(res.where, "command:sh");
	char *got = slurp(out);
	assert_string_equal(got, "hello\n");
	free(got);
	channel_result_release(&res);
}

static void channel__command_fails(void **state)
{
	char *argv[] = { "sh", "-c", "cat >/dev/null; echo 'rate limited' >&2; exit 3", NULL };
	struct config_channel ch = command(argv, 5);
	struct channel_result res;
	struct calm_err err = { 0 };

	(void)state;
	assert_int_equal(channel_run(&ch, "x", 1, NULL, &res, &err), CALM_IO);
	assert_int_equal(res.status, 3);
	assert_string_equal(err.msg, "command 'sh' exited with status 3: rate limited");
	channel_result_release(&res);

	char *missing[] = { "calm-no-such-program-xyz", NULL };
	ch = command(missing, 5);
	calm_err_clear(&err);
	assert_int_equal(channel_run(&ch, "x", 1, NULL, &res, &err), CALM_IO);
	assert_non_null(strstr(err.msg, "cannot run 'calm-no-such-program-xyz'"));
	channel_result_release(&res);

	/* a child that exits without reading a large text: no SIGPIPE death */
	char *quick[] = { "true", NULL };
	ch = command(quick, 5);
	size_t big = 1 << 20;
	char *text = xmalloc(big);
	memset(text, 'a', big);
	calm_err_clear(&err);
	assert_int_equal(channel_run(&ch, text, big, NULL, &res, &err), CALM_OK);
	free(text);
	channel_result_release(&res);
}

static void channel__command_hangs_past_timeout(void **state)
{
	char *argv[] = { "sh", "-c", "sleep 30; sleep 30", NULL };
	struct config_channel ch = command(argv, 1);
	struct channel_result res;
	struct calm_err err = { 0 };
	time_t start = time(NULL);

	(void)state;
	assert_int_equal(channel_run(&ch, "x", 1, NULL, &res, &err), CALM_IO);
	assert_true(res.timed_out);
	assert_true(time(NULL) - start <= 4);
	assert_string_equal(err.msg, "command 'sh' did not finish within 1 s and was killed");
	channel_result_release(&res);
}

static void channel__text_passed_verbatim(void **state)
{
	char out[300], pwned[300];
	snprintf(out, sizeof out, "%s/verbatim.txt", dir);
	snprintf(pwned, sizeof pwned, "%s/pwned", dir);
	char *argv[] = { "sh", "-c", "cat > \"$0\"", out, NULL };
	struct config_channel ch = command(argv, 5);
	struct channel_result res;
	struct calm_err err = { 0 };
	struct buf text = BUF_INIT;

	(void)state;
	buf_addf(&text, "it's \"quoted\" $(touch %s) `touch %s` $HOME ; | & \\n\n\ttab \xe2\x80\xae", pwned, pwned);
	assert_int_equal(channel_run(&ch, text.s, text.len, NULL, &res, &err), CALM_OK);
	char *got = slurp(out);
	assert_string_equal(got, text.s);
	assert_int_equal(access(pwned, F_OK), -1);
	free(got);
	buf_release(&text);
	channel_result_release(&res);
}

static void channel__file_append_and_clipboard(void **state)
{
	char path[300];
	snprintf(path, sizeof path, "%s/updates.log", dir);
	struct config_channel ch = { .name = "f", .kind = CHANNEL_FILE, .path = path };
	struct channel_result res;
	struct calm_err err = { 0 };
	struct stat sb;

	(void)state;
	/* each update under its heading (when and what), a blank line after */
	assert_int_equal(channel_run(&ch, "one", 3, "--- 14:05 first ---", &res, &err), CALM_OK);
	channel_result_release(&res);
	assert_int_equal(channel_run(&ch, "two\n", 4, "--- 14:20 second ---", &res, &err), CALM_OK);
	channel_result_release(&res);
	char *got = slurp(path);
	assert_string_equal(got, "--- 14:05 first ---\none\n\n--- 14:20 second ---\ntwo\n\n");
	free(got);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);

	/* the directory is made when missing (0700), as the README's example needs */
	snprintf(path, sizeof path, "%s/incidents/2026/updates.log", dir);
	assert_int_equal(channel_run(&ch, "three", 5, NULL, &res, &err), CALM_OK);
	channel_result_release(&res);
	got = slurp(path);
	assert_string_equal(got, "three\n");
	free(got);
	snprintf(path, sizeof path, "%s/incidents", dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);

	ch = (struct config_channel){ .name = "c", .kind = CHANNEL_CLIPBOARD };
	assert_int_equal(channel_run(&ch, "hello", 5, NULL, &res, &err), CALM_OK);
	assert_string_equal(res.osc52, "\033]52;c;aGVsbG8=\a");
	channel_result_release(&res);
	char *big = xcalloc(CHANNEL_OSC52_MAX + 2, 1);
	memset(big, 'x', CHANNEL_OSC52_MAX + 1);
	assert_int_equal(channel_run(&ch, big, CHANNEL_OSC52_MAX + 1, NULL, &res, &err), CALM_IO);
	assert_null(res.osc52);
	free(big);
	channel_result_release(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(channel__command_succeeds),
		cmocka_unit_test(channel__command_fails),
		cmocka_unit_test(channel__command_hangs_past_timeout),
		cmocka_unit_test(channel__text_passed_verbatim),
		cmocka_unit_test(channel__file_append_and_clipboard),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
