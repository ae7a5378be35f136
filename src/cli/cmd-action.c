/*
 * cmd-action.c - action items: add one, and mark one done or dropped.
 */
#include "calm/cli.h"


static enum calm_rc cmd_action_exec(struct cli *cli, const struct cli_args *a)
{
	long long id, n = 0;
	enum calm_rc rc;

	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc == CALM_OK)
		rc = app_action_add(&cli->app, id, cli_word(a, "TITLE"), cli_opt(a, "owner"),
				    cli_opt(a, "category"), cli_opt(a, "due"), &n);
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
	.flags = CLI_QUEUES | CLI_NEEDS_DB,
	.args = { .opts = "owner= category= due=", .words = "ID TITLE",
		  .need = "an incident id and a title are needed" },
	.exec = cmd_action_exec,
};

static enum calm_rc cmd_action_done_exec(struct cli *cli, const struct cli_args *a)
{
	bool drop = cli_flag(a, "drop"), reopen = cli_flag(a, "reopen");
	long long id, n;
	enum calm_rc rc;

	if (!cli_number(cli_word(a, "ACTION_ID"), &n))
		return cli_usage(cli, &cmd_action_done, "'%.40s' is not an action item number",
				 cli_word(a, "ACTION_ID"));
	if (drop && reopen)
		return cli_usage(cli, &cmd_action_done, "--drop and --reopen exclude each other");
	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
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
	.flags = CLI_QUEUES | CLI_NEEDS_DB,
	.args = { .opts = "drop reopen", .words = "ID ACTION_ID",
		  .need = "an incident id and an action item number are needed" },
	.exec = cmd_action_done_exec,
};
