/*
 * test-cli-grammar.c - the argument grammar each command declares
 * (src/cli/grammar.c): options anywhere, a leading [ID] taken only
 * when it is one, choices, literals, the words of a NAME... slot, calm
 * run's raw words, and the usage error for each mistake.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/cli.h"

static enum calm_rc noop(struct cli *cli, const struct cli_args *a)
{
	(void)cli;
	(void)a;
	return CALM_OK;
}

static const struct cli_cmd cmd_log_like = {
	.name = "log", .usage = "log [ID] TEXT...",
	.args = { .opts = "when= json output=/o", .words = "[ID] TEXT...",
		  .need = "a note is needed" },
	.exec = noop,
};

static const struct cli_cmd cmd_mark_like = {
	.name = "mark", .usage = "mark [ID] detected|started [TIME]",
	.args = { .words = "[ID] MILESTONE=detected|started [TIME]",
		  .need = "a milestone is needed" },
	.exec = noop,
};

static const struct cli_cmd cmd_pair = {
	.name = "pair", .usage = "pair ID AUDIENCE [-]",
	.args = { .words = "ID AUDIENCE [-]", .need = "an incident id and an audience are needed" },
	.exec = noop,
};

static const struct cli_cmd cmd_show_like = {
	.name = "show", .usage = "show [ID]",
	.args = { .words = "[ID]" },
	.exec = noop,
};

static const struct cli_cmd cmd_run_like = {
	.name = "run", .usage = "run [ID] [--] COMMAND...",
	.args = { .words = "[ID] COMMAND...", .need = "a command to run is needed",
		  .flags = CLI_ARGS_RAW },
	.exec = noop,
};

/* Parse the words of line (split at spaces) for cmd; *msg the error. */
static enum calm_rc parse(const struct cli_cmd *cmd, const char *line, struct cli_args *a,
			  char *msg)
{
	static char copy[512];
	char *argv[32];
	int argc = 0;
	struct cli cli;
	bool help;
	enum calm_rc rc;

	memset(&cli, 0, sizeof cli);
	snprintf(copy, sizeof copy, "%s", line);
	argv[argc++] = (char *)cmd->name;
	for (char *t = strtok(copy, " "); t && argc < 31; t = strtok(NULL, " "))
		argv[argc++] = t;
	argv[argc] = NULL;
	rc = cli_args_parse(&cli, cmd, argc, argv, a, &help);
	snprintf(msg, 256, "%.255s", cli.err.msg);
	return rc;
}

static void grammar__leading_id_only_when_it_is_one(void **state)
{
	struct cli_args a;
	char msg[256];

	(void)state;
	assert_int_equal(parse(&cmd_log_like, "3 disk full", &a, msg), CALM_OK);
	assert_string_equal(cli_word(&a, "ID"), "3");
	assert_int_equal(a.nrest, 2);
	assert_string_equal(a.rest[0], "disk");
	cli_args_release(&a);
	assert_int_equal(parse(&cmd_log_like, "3", &a, msg), CALM_OK); /* the note "3" */
	assert_null(cli_word(&a, "ID"));
	assert_string_equal(cli_word(&a, "TEXT"), "3");
	cli_args_release(&a);
	assert_int_equal(parse(&cmd_log_like, "fix it", &a, msg), CALM_OK);
	assert_null(cli_word(&a, "ID"));
	assert_int_equal(a.nrest, 2);
	cli_args_release(&a);
	assert_int_equal(parse(&cmd_show_like, "x", &a, msg), CALM_OK); /* refused by app */
	assert_string_equal(cli_word(&a, "ID"), "x");
	cli_args_release(&a);
	assert_int_equal(parse(&cmd_show_like, "3 4", &a, msg), CALM_USAGE);
	assert_string_equal(msg, "unexpected argument '4' (usage: calm show [ID])");
	assert_int_equal(parse(&cmd_log_like, "", &a, msg), CALM_USAGE);
	assert_string_equal(msg, "a note is needed (usage: calm log [ID] TEXT...)");
}

static void grammar__choices_decide_the_id(void **state)
{
	struct cli_args a;
	char msg[256];

	(void)state;
	assert_int_equal(parse(&cmd_mark_like, "detected 14:05", &a, msg), CALM_OK);
	assert_null(cli_word(&a, "ID"));
	assert_string_equal(cli_word(&a, "MILESTONE"), "detected");
	assert_string_equal(cli_word(&a, "TIME"), "14:05");
	assert_int_equal(parse(&cmd_mark_like, "x started", &a, msg), CALM_OK);
	assert_string_equal(cli_word(&a, "ID"), "x");
	assert_null(cli_word(&a, "TIME"));
	assert_int_equal(parse(&cmd_mark_like, "3", &a, msg), CALM_USAGE);
	assert_string_equal(msg, "a milestone is needed (usage: calm mark [ID] detected|started [TIME])");
	assert_int_equal(parse(&cmd_mark_like, "3 gone", &a, msg), CALM_USAGE);
	assert_string_equal(msg, "the milestone is detected or started (usage: calm mark [ID] detected|started [TIME])");
}

static void grammar__options_anywhere(void **state)
{
	struct cli_args a;
	char msg[256];

	(void)state;
	assert_int_equal(parse(&cmd_log_like, "--when -15m 3 a --json b", &a, msg), CALM_OK);
	assert_string_equal(cli_opt(&a, "when"), "-15m");
	assert_true(cli_flag(&a, "json"));
	assert_null(cli_opt(&a, "output"));
	assert_int_equal(a.nrest, 2);
	cli_args_release(&a);
	assert_int_equal(parse(&cmd_log_like, "--when=now -o f -- --json", &a, msg), CALM_OK);
	assert_string_equal(cli_opt(&a, "when"), "now");
	assert_string_equal(cli_opt(&a, "output"), "f");
	assert_false(cli_flag(&a, "json"));
	assert_string_equal(cli_word(&a, "TEXT"), "--json");
	cli_args_release(&a);
	assert_int_equal(parse(&cmd_log_like, "a --colour", &a, msg), CALM_USAGE);
	assert_string_equal(msg, "unknown option '--colour' (usage: calm log [ID] TEXT...)");
	assert_int_equal(parse(&cmd_log_like, "a --when", &a, msg), CALM_USAGE);
	assert_string_equal(msg, "option '--when' needs a value (usage: calm log [ID] TEXT...)");
	assert_int_equal(parse(&cmd_log_like, "a --json=1", &a, msg), CALM_USAGE);
	assert_string_equal(msg, "option '--json' takes no value (usage: calm log [ID] TEXT...)");
}

static void grammar__literal_and_missing_words(void **state)
{
	struct cli_args a;
	char msg[256];

	(void)state;
	assert_int_equal(parse(&cmd_pair, "3 internal -", &a, msg), CALM_OK);
	assert_string_equal(cli_word(&a, "-"), "-");
	assert_int_equal(parse(&cmd_pair, "3 internal", &a, msg), CALM_OK);
	assert_null(cli_word(&a, "-"));
	assert_int_equal(parse(&cmd_pair, "3 internal x", &a, msg), CALM_USAGE);
	assert_string_equal(msg, "an incident id and an audience are needed (usage: calm pair ID AUDIENCE [-])");
	assert_int_equal(parse(&cmd_pair, "3", &a, msg), CALM_USAGE);
	assert_string_equal(msg, "an incident id and an audience are needed (usage: calm pair ID AUDIENCE [-])");
}

static void grammar__raw_words_for_run(void **state)
{
	struct cli_args a;
	char msg[256];

	(void)state;
	assert_int_equal(parse(&cmd_run_like, "3 -- ls -l", &a, msg), CALM_OK);
	assert_string_equal(cli_word(&a, "ID"), "3");
	assert_int_equal(a.nrest, 2);
	assert_string_equal(a.rest[1], "-l");
	assert_null(a.rest[2]); /* NULL-terminated: an argv to run */
	cli_args_release(&a);
	assert_int_equal(parse(&cmd_run_like, "-- 3 ls", &a, msg), CALM_OK);
	assert_null(cli_word(&a, "ID"));
	assert_string_equal(a.rest[0], "3");
	cli_args_release(&a);
	assert_int_equal(parse(&cmd_run_like, "ls --help", &a, msg), CALM_OK);
	assert_string_equal(a.rest[1], "--help");
	cli_args_release(&a);
	assert_int_equal(parse(&cmd_run_like, "3 -x", &a, msg), CALM_USAGE);
	assert_string_equal(msg, "put -- before a command that starts with '-' (usage: calm run [ID] [--] COMMAND...)");
	assert_int_equal(parse(&cmd_run_like, "", &a, msg), CALM_USAGE);
	assert_string_equal(msg, "a command to run is needed (usage: calm run [ID] [--] COMMAND...)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grammar__leading_id_only_when_it_is_one),
		cmocka_unit_test(grammar__choices_decide_the_id),
		cmocka_unit_test(grammar__options_anywhere),
		cmocka_unit_test(grammar__literal_and_missing_words),
		cmocka_unit_test(grammar__raw_words_for_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
