/*
 * cmd-action.c - action items: add one, and mark one done or dropped.
 */
#include "calm/cli.h"

#include <errno.h>
#include <stdlib.h>

static bool parse_n(const char *s, long long *n)
{
	char *end;

	errno = 0;
	*n = strtoll(s, &end, 10);
	return !errno && end != s && !*end && *n > 0;
}

static enum calm_rc cmd_action_exec(struct cli *cli, int argc, char **argv)
{
	const char *owner = NULL, *category = NULL, *due = NULL;
	const struct cli_opt opts[] = {
		{ "owner", &owner, NULL },
		{ "category", &category, NULL },
		{ "due", &due, NULL },
		{ NULL, NULL, NULL },
	};
	char *pos[2];
	int npos;
	bool help;
	long long id, n = 0;
	enum calm_rc rc;

	rc = cli_parse(cli, &cmd_action, argc, argv, opts, pos, 2, &npos, &help);
	if (rc != CALM_OK || help)
		return rc;
	if (npos != 2)
		return cli_usage(cli, &cmd_action, "an incident id and a title are needed");
	rc = app_resolve(&cli->app, pos[0], &id);
	if (rc == CALM_OK)
		rc = app_action_add(&cli->app, id, pos[1], owner, category, due, &n);
	if (rc == CALM_OK && cli->out_tty)
		cli_printf("action item %lld added\n", n);
	else if (rc == CALM_OK)
		cli_printf("%lld\n", n);
	return rc;
}

const struct cli_cmd cmd_action = {
	.name = "action",
	.alias = NULL,
	.usage = "action ID TITLE [--owner NAME] [--category technical|training|policy|other] [--due YYYY-MM-DD]",
	.summary = "add an action item agreed in the discussion",
	.help = "Items are numbered 1, 2, ... within the incident; the number is\n"
		"printed alone when stdout is not a terminal.  Mark one finished with\n"
		"'calm action-done ID N' (or dropped with --drop).\n",
	.flags = CLI_NEEDS_DB,
	.exec = cmd_action_exec,
};

static enum calm_rc cmd_action_done_exec(struct cli *cli, int argc, char **argv)
{
	bool help, drop = false, reopen = false;
	const struct cli_opt opts[] = {
		{ "drop", NULL, &drop },
		{ "reopen", NULL, &reopen },
		{ NULL, NULL, NULL },
	};
	char *pos[2];
	int npos;
	long long id, n;
	enum calm_rc rc;

	rc = cli_parse(cli, &cmd_action_done, argc, argv, opts, pos, 2, &npos, &help);
	if (rc != CALM_OK || help)
		return rc;
	if (npos != 2)
		return cli_usage(cli, &cmd_action_done, "an incident id and an action item number are needed");
	if (!parse_n(pos[1], &n))
		return cli_usage(cli, &cmd_action_done, "'%.40s' is not an action item number", pos[1]);
	if (drop && reopen)
		return cli_usage(cli, &cmd_action_done, "--drop and --reopen exclude each other");
	rc = app_resolve(&cli->app, pos[0], &id);
	if (rc == CALM_OK)
		rc = app_action_status(&cli->app, id, n,
				       drop ? "dropped" : reopen ? "open" : "done");
	return rc;
}

const struct cli_cmd cmd_action_done = {
	.name = "action-done",
	.alias = NULL,
	.usage = "action-done ID ACTION_ID [--drop | --reopen]",
	.summary = "mark an action item done (or dropped, or open again)",
	.help = "A dropped item no longer counts for the discussion stage's gate.\n",
	.flags = CLI_NEEDS_DB,
	.exec = cmd_action_done_exec,
};
