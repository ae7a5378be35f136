/*
 * test-config-comms.c - issue 4's additions to the YAML: a template's
 * unknown placeholder is a located error at load, blame: phrases, and
 * the config's channels: and cadence:.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/config.h"

static void collect(const char *line, void *ctx)
{
	buf_addf(ctx, "%s\n", line);
}

static const char pb_head[] =
	"name: t\n"
	"stages:\n"
	"  - id: one\n"
	"    title: One\n"
	"    pane: timeline\n";

static void config__unknown_placeholder_is_located(void **state)
{
	struct buf y = BUF_INIT, msgs = BUF_INIT;
	struct playbook *pb = NULL;
	struct calm_err err = { 0 };

	(void)state;
	buf_adds(&y, pb_head);
	buf_adds(&y, "comms:\n"
		     "  internal: \"{title} {{literal}} {ttle}\"\n"
		     "postmortem: |\n"
		     "  On {date} {nope}\n");
	assert_int_equal(config_load_playbook("pb.yaml", y.s, y.len, collect, &msgs, &pb, &err),
			 CALM_CONFIG);
	assert_null(pb);
	assert_string_equal(buf_cstr(&msgs),
			    "pb.yaml:7:13: unknown placeholder '{ttle}' in comms.internal\n"
			    "pb.yaml:8:13: unknown placeholder '{nope}' in postmortem\n");
	buf_release(&y);
	buf_release(&msgs);
}

static void config__blame_phrases(void **state)
{
	struct buf y = BUF_INIT, msgs = BUF_INIT;
	struct playbook *pb = NULL;
	struct calm_err err = { 0 };

	(void)state;
	buf_adds(&y, pb_head);
	buf_adds(&y, "blame: [\"'s fault\", caused by <name>]\n");
	assert_int_equal(config_load_playbook("pb.yaml", y.s, y.len, collect, &msgs, &pb, &err), CALM_OK);
	assert_string_equal(pb->blame[0], "'s fault");
	assert_string_equal(pb->blame[1], "caused by <name>");
	assert_null(pb->blame[2]);
	playbook_free(pb);
	buf_reset(&y);
	buf_adds(&y, pb_head);
	buf_adds(&y, "blame: [ok, [nested], \"\"]\n");
	assert_int_equal(config_load_playbook("pb.yaml", y.s, y.len, collect, &msgs, &pb, &err),
			 CALM_CONFIG);
	assert_string_equal(buf_cstr(&msgs),
			    "pb.yaml:6:13: a blame phrase must be text\n"
			    "pb.yaml:6:23: 'blame' must not be empty\n");
	/* the built-in playbook loads, with no blame list (the defaults) */
	assert_int_equal(config_default(&pb, &err), CALM_OK);
	assert_null(pb->blame);
	playbook_free(pb);
	buf_release(&y);
	buf_release(&msgs);
}

static void config__channels_and_cadence(void **state)
{
	static const char good[] =
		"channels:\n"
		"  internal: {file: /var/log/inc.log}\n"
		"  external: {command: [slack-send, '#inc', '$(x)'], timeout: 3}\n"
		"  resolution: {clipboard: true}\n"
		"cadence:\n"
		"  internal: 30\n"
		"  external: {1: 20, 2: 25}\n";
	struct config cfg;
	struct buf msgs = BUF_INIT;
	struct calm_err err = { 0 };

	(void)state;
	assert_int_equal(config_load("c.yaml", good, sizeof good - 1, collect, &msgs, &cfg, &err), CALM_OK);
	assert_int_equal(cfg.nchannels, 3);
	assert_string_equal(cfg.channels[0].name, "internal");
	assert_int_equal(cfg.channels[0].kind, CHANNEL_FILE);
	assert_string_equal(cfg.channels[0].path, "/var/log/inc.log");
	assert_int_equal(cfg.channels[1].kind, CHANNEL_COMMAND);
	assert_string_equal(cfg.channels[1].argv[2], "$(x)");
	assert_null(cfg.channels[1].argv[3]);
	assert_int_equal(cfg.channels[1].timeout_s, 3);
	assert_int_equal(cfg.channels[2].kind, CHANNEL_CLIPBOARD);
	assert_int_equal(cfg.channels[2].timeout_s, CONFIG_CHANNEL_TIMEOUT);
	assert_int_equal(cfg.cadence[AUD_INTERNAL][3], 30);
	assert_int_equal(cfg.cadence[AUD_EXTERNAL][0], 20);
	assert_int_equal(cfg.cadence[AUD_EXTERNAL][1], 25);
	assert_int_equal(cfg.cadence[AUD_EXTERNAL][2], 0);
	assert_int_equal(cfg.cadence[AUD_RESOLUTION][0], 0);
	config_release(&cfg);

	static const char bad[] =
		"channels:\n"
		"  a: {file: /x, clipboard: true}\n"
		"  b: {command: []}\n"
		"  c: {clipboard: false, colour: red}\n"
		"  d: {command: [x], timeout: 0}\n"
		"cadence:\n"
		"  everyone: 5\n"
		"  internal: {5: 10}\n";
	assert_int_equal(config_load("c.yaml", bad, sizeof bad - 1, collect, &msgs, &cfg, &err), CALM_CONFIG);
	assert_string_equal(buf_cstr(&msgs),
			    "c.yaml:2:6: channel 'a' needs exactly one of command, file or clipboard\n"
			    "c.yaml:3:16: 'command' must be a list: the program, then its arguments (no shell)\n"
			    "c.yaml:4:18: 'clipboard' can only be true (leave the channel out instead)\n"
			    "c.yaml:4:25: unknown key 'colour' in channel 'c'\n"
			    "c.yaml:5:30: 'timeout' must be an integer >= 1\n"
			    "c.yaml:7:3: unknown audience 'everyone' in cadence (use internal, external or resolution)\n"
			    "c.yaml:8:14: 'severity' is too large (at most 4)\n");
	buf_release(&msgs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(config__unknown_placeholder_is_located),
		cmocka_unit_test(config__blame_phrases),
		cmocka_unit_test(config__channels_and_cadence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
