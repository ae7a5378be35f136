/*
 * test-config.c - the user's config file and config_read_file(): good
 * files read back, each mistake as its exact located line, ~/ expanded
 * with $HOME, the YAML-level refusals (depth, aliases, tags, duplicate
 * keys, NUL, several documents) as the config loader reports them, and
 * reading files: missing, a directory, too large.  Playbook loading is
 * in test-config-playbook.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calm/buf.h"
#include "calm/config.h"

struct lines {
	char *v[64];
	int n;
};

static void collect(const char *line, void *ctx)
{
	struct lines *l = ctx;

	if (l->n < 64)
		l->v[l->n++] = xstrdup(line);
}

static void lines_free(struct lines *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i]);
	l->n = 0;
}

/* Load yaml as "c.yaml": it must fail with exactly the lines given
 * (NULL-terminated) and leave the config empty. */
static void expect_errors(const char *yaml, ...)
{
	struct calm_err err = { 0 };
	struct config cfg;
	struct lines got = { .n = 0 };
	const char *want;
	va_list ap;
	int i = 0;

	memset(&cfg, 0xff, sizeof cfg); /* the loader must clear it */
	assert_int_equal(config_load("c.yaml", yaml, strlen(yaml), collect, &got,
				     &cfg, &err),
			 CALM_CONFIG);
	assert_int_equal(err.rc, CALM_CONFIG);
	va_start(ap, yaml);
	while ((want = va_arg(ap, const char *)) != NULL) {
		if (i == 0)
			assert_string_equal(err.msg, want);
		assert_true(i < got.n);
		assert_string_equal(got.v[i], want);
		i++;
	}
	va_end(ap);
	for (int j = i; j < got.n; j++)
		print_message("unexpected: %s\n", got.v[j]);
	assert_int_equal(got.n, i);
	assert_null(cfg.author);
	assert_null(cfg.names);
	assert_null(cfg.db);
	assert_null(cfg.playbook);
	assert_null(cfg.theme);
	assert_null(cfg.source);
	lines_free(&got);
}

static void load_ok(const char *yaml, struct config *cfg)
{
	struct calm_err err = { 0 };
	struct lines got = { .n = 0 };
	enum calm_rc rc = config_load("c.yaml", yaml, strlen(yaml), collect,
				      &got, cfg, &err);

	for (int i = 0; i < got.n; i++)
		print_message("%s\n", got.v[i]);
	assert_int_equal(rc, CALM_OK);
	assert_int_equal(got.n, 0);
	assert_string_equal(err.msg, "");
	lines_free(&got);
}

static int setup_home(void **state)
{
	(void)state;
	setenv("HOME", "/home/sam", 1);
	return 0;
}

static void config__good_file(void **state)
{
	struct config cfg;

	(void)state;
	load_ok("# my calm\n"
		"author: Sam\n"
		"names: [Sam, \"Alex Kim\", Zoë]\n"
		"db: ~/incidents/calm.db\n"
		"playbook: /etc/calm/ops.yaml\n"
		"theme: dusk\n", &cfg);
	assert_string_equal(cfg.author, "Sam");
	assert_non_null(cfg.names);
	assert_string_equal(cfg.names[0], "Sam");
	assert_string_equal(cfg.names[1], "Alex Kim");
	assert_string_equal(cfg.names[2], "Zoë");
	assert_null(cfg.names[3]);
	assert_string_equal(cfg.db, "/home/sam/incidents/calm.db");
	assert_string_equal(cfg.playbook, "/etc/calm/ops.yaml");
	assert_string_equal(cfg.theme, "dusk");
	assert_string_equal(cfg.source, "c.yaml");
	config_release(&cfg);
	assert_null(cfg.author);
	assert_null(cfg.names);
	config_release(&cfg); /* twice is harmless */
}

static void config__empty_file_sets_nothing(void **state)
{
	static const char *const empty[] = { "", "\n", "# nothing yet\n", "---\n", "{}\n" };
	struct config cfg;

	(void)state;
	for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
		load_ok(empty[i], &cfg);
		assert_null(cfg.author);
		assert_null(cfg.names);
		assert_null(cfg.db);
		assert_string_equal(cfg.source, "c.yaml");
		config_release(&cfg);
	}
	load_ok("names: []\n", &cfg);
	assert_null(cfg.names);
	config_release(&cfg);
}

static void config__unknown_key(void **state)
{
	(void)state;
	expect_errors("author: Sam\ncolour: blue\n",
		      "c.yaml:2:1: unknown key 'colour' in config", NULL);
	expect_errors("\"\\e]0;pwned\\a\": 1\n",
		      "c.yaml:1:1: control character U+001B in text: escapes that make terminal controls are not allowed",
		      NULL);
	expect_errors("\"x\\u202ey\": 1\n",
		      "c.yaml:1:1: unknown key 'x<U+202E>y' in config", NULL);
}

static void config__paths_must_be_absolute(void **state)
{
	struct config cfg;

	(void)state;
	expect_errors("db: calm.db\n",
		      "c.yaml:1:5: 'db' must be an absolute path or start with ~/", NULL);
	expect_errors("playbook: ~sam/p.yaml\n",
		      "c.yaml:1:11: 'playbook' must be an absolute path or start with ~/",
		      NULL);
	expect_errors("db: ''\n", "c.yaml:1:5: 'db' must not be empty", NULL);
	expect_errors("db: [a]\n", "c.yaml:1:5: 'db' must be text", NULL);
	load_ok("db: ~/\nplaybook: /p.yaml\n", &cfg);
	assert_string_equal(cfg.db, "/home/sam/");
	config_release(&cfg);
}

static void config__tilde_needs_home(void **state)
{
	(void)state;
	unsetenv("HOME");
	expect_errors("db: ~/calm.db\n",
		      "c.yaml:1:5: 'db' starts with ~/ but $HOME is not an absolute path",
		      NULL);
	setenv("HOME", "relative", 1);
	expect_errors("db: ~/calm.db\n",
		      "c.yaml:1:5: 'db' starts with ~/ but $HOME is not an absolute path",
		      NULL);
	setenv("HOME", "/home/sam", 1);
}

static void config__names(void **state)
{
	(void)state;
	expect_errors("names: Sam\n", "c.yaml:1:8: 'names' must be a list of names", NULL);
	expect_errors("names: [Sam, [Alex]]\n", "c.yaml:1:14: 'names' must be text", NULL);
	expect_errors("names:\n  - Sam\n  - ''\n",
		      "c.yaml:3:5: 'names' must not be empty", NULL);
	/* a name with a control or bidi character could forge another's */
	expect_errors("author: \"Sam\\e[2J\"\n",
		      "c.yaml:1:9: control character U+001B in text: escapes that make terminal controls are not allowed",
		      NULL);
	expect_errors("author: \"Sam\\u200b\"\n",
		      "c.yaml:1:9: 'author' must not contain control or invisible characters",
		      NULL);
	expect_errors("names: [\"Sam\\u202e\"]\n",
		      "c.yaml:1:9: 'names' must not contain control or invisible characters",
		      NULL);
}

static void config__reports_every_mistake(void **state)
{
	(void)state;
	expect_errors("author: [Sam]\n"
		      "db: calm.db\n"
		      "thme: dusk\n",
		      "c.yaml:1:9: 'author' must be text",
		      "c.yaml:2:5: 'db' must be an absolute path or start with ~/",
		      "c.yaml:3:1: unknown key 'thme' in config", NULL);
}

static void config__yaml_refusals(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	expect_errors("theme: a\ntheme: b\n",
		      "c.yaml:2:1: duplicate key 'theme' (first at 1:1)", NULL);
	expect_errors("author: &a Sam\ntheme: *a\n",
		      "c.yaml:1:9: anchors and aliases are not supported",
		      "c.yaml:2:8: anchors and aliases are not supported", NULL);
	expect_errors("theme: !dark x\n", "c.yaml:1:8: tags are not supported", NULL);
	expect_errors("author: \"S\\0am\"\n", "c.yaml:1:9: NUL character in text", NULL);
	expect_errors("author: Sam\n---\nauthor: Alex\n",
		      "c.yaml:2:1: only one document is allowed", NULL);
	expect_errors("author: Sam\n  db: x\n",
		      "c.yaml:2:5: mapping values are not allowed in this context", NULL);
	expect_errors("author: \x80\n", "c.yaml:1:9: invalid leading UTF-8 octet", NULL);
	expect_errors("author: a\x01\n", "c.yaml:1:10: control characters are not allowed",
		      NULL);
	expect_errors("- author\n", "c.yaml:1:1: expected a mapping at the top level", NULL);
	expect_errors("? [a]\n: b\n", "c.yaml:1:3: a key must be text, not a list", NULL);
	for (int i = 0; i < 10000; i++)
		buf_adds(&b, "{a: ");
	expect_errors(buf_cstr(&b), "c.yaml:1:65: nesting deeper than 16 levels", NULL);
	buf_release(&b);
}

/* A scratch directory for files. */
static const char *tmpdir(void)
{
	const char *d = getenv("CALM_TEST_TMP");

	if (!d || !*d)
		d = "/tmp";
	mkdir(d, 0700);
	return d;
}

static void config__read_file(void **state)
{
	struct calm_err err = { 0 };
	char path[4096];
	char *text = NULL;
	size_t len = 99;
	FILE *f;

	(void)state;
	snprintf(path, sizeof path, "%s/config-read-%d.yaml", tmpdir(), (int)getpid());
	f = fopen(path, "wb");
	assert_non_null(f);
	fwrite("author: Sam\n\0x", 1, 14, f);
	fclose(f);
	assert_int_equal(config_read_file(path, &text, &len, &err), CALM_OK);
	assert_int_equal(len, 14);
	assert_memory_equal(text, "author: Sam\n\0x", 15); /* and NUL-terminated */
	free(text);

	f = fopen(path, "wb");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(config_read_file(path, &text, &len, &err), CALM_OK);
	assert_int_equal(len, 0);
	assert_string_equal(text, "");
	free(text);
	unlink(path);
}

static void config__read_file_errors(void **state)
{
	struct calm_err err = { 0 };
	char path[4096], want[4200];
	char *text = (char *)1;
	size_t len = 99;
	int fd;

	(void)state;
	assert_int_equal(config_read_file("/nonexistent/calm/config.yaml", &text, &len, &err),
			 CALM_IO);
	assert_string_equal(err.msg,
			    "cannot read '/nonexistent/calm/config.yaml': No such file or directory");
	assert_null(text);
	assert_int_equal(len, 0);

	calm_err_clear(&err);
	assert_int_equal(config_read_file(tmpdir(), &text, &len, &err), CALM_IO);
	snprintf(want, sizeof want, "cannot read '%s': Is a directory", tmpdir());
	assert_string_equal(err.msg, want);
	assert_null(text);

	/* over 16 MiB: a sparse file, refused without reading it */
	snprintf(path, sizeof path, "%s/config-big-%d.yaml", tmpdir(), (int)getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (16 << 20) + 1), 0);
	close(fd);
	calm_err_clear(&err);
	assert_int_equal(config_read_file(path, &text, &len, &err), CALM_IO);
	snprintf(want, sizeof want, "cannot read '%s': larger than 16 MiB", path);
	assert_string_equal(err.msg, want);
	assert_null(text);

	/* exactly 16 MiB is fine */
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 16 << 20), 0);
	close(fd);
	assert_int_equal(config_read_file(path, &text, &len, &err), CALM_OK);
	assert_int_equal(len, 16 << 20);
	free(text);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(config__good_file),
		cmocka_unit_test(config__empty_file_sets_nothing),
		cmocka_unit_test(config__unknown_key),
		cmocka_unit_test(config__paths_must_be_absolute),
		cmocka_unit_test(config__tilde_needs_home),
		cmocka_unit_test(config__names),
		cmocka_unit_test(config__reports_every_mistake),
		cmocka_unit_test(config__yaml_refusals),
		cmocka_unit_test(config__read_file),
		cmocka_unit_test(config__read_file_errors),
	};

	return cmocka_run_group_tests(tests, setup_home, NULL);
}
