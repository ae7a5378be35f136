/*
 * cmd-fix.c - log a fix attempt, set its outcome, or declare that no
 * fix is possible: three commands over the fix attempts.
 */
#include "calm/cli.h"


static enum calm_rc cmd_fix_exec(struct cli *cli, const struct cli_args *a)
{
	long long id, n = 0;
	enum calm_rc rc;

	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc == CALM_OK)
		rc = app_fix_add(&cli->app, id, cli_word(a, "TEXT"), cli_opt(a, "why"), &n);
	if (rc == CALM_OK && cli->out_tty)
		cli_printf("fix attempt %lld logged; record how it went with: calm outcome %lld %lld worked|failed|partial|rolled-back [NOTE]\n",
		       n, id, n);
	else if (rc == CALM_OK)
		cli_printf("%lld\n", n);
	return rc;
}
const struct cli_cmd cmd_fix = {
	.name = "fix",
	.alias = NULL,
	.usage = "fix ID TEXT [--why TEXT]",
	.summary = "log a fix attempt (what was tried, and why)",
	.help = "Attempts are numbered 1, 2, ... within the incident; the number is\n"
		"printed alone when stdout is not a terminal, for scripts.\n",
	.flags = CLI_QUEUES | CLI_NEEDS_DB,
	.args = { .opts = "why=", .words = "ID TEXT",
		  .need = "an incident id and what was tried are needed" },
	.exec = cmd_fix_exec,
};

static enum calm_rc cmd_outcome_exec(struct cli *cli, const struct cli_args *a)
{
	long long id, n;
	enum calm_rc rc;

	if (!cli_number(cli_word(a, "FIX_ID"), &n))
		return cli_usage(cli, &cmd_outcome, "'%.40s' is not a fix attempt number",
				 cli_word(a, "FIX_ID"));
	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc == CALM_OK)
		rc = app_fix_outcome(&cli->app, id, n, cli_word(a, "OUTCOME"), cli_word(a, "NOTE"));
	return rc;
}
const struct cli_cmd cmd_outcome = {
	.name = "outcome",
	.alias = NULL,
	.usage = "outcome ID FIX_ID worked|failed|partial|rolled-back [NOTE]",
	.summary = "record how a fix attempt went",
	.help = "FIX_ID is the attempt's number ('calm fix' prints it).  Setting an\n"
		"outcome again replaces it; both are in the timeline.\n",
	.flags = CLI_QUEUES | CLI_NEEDS_DB,
	.args = { .words = "ID FIX_ID OUTCOME [NOTE]",
		  .need = "an incident id, a fix number and an outcome are needed" },
	.exec = cmd_outcome_exec,
};

static enum calm_rc cmd_nofix_exec(struct cli *cli, const struct cli_args *a)
{
	long long id;
	enum calm_rc rc;

	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc == CALM_OK)
		rc = app_no_fix(&cli->app, id, cli_word(a, "LOST"));
	return rc;
}
const struct cli_cmd cmd_nofix = {
	.name = "nofix",
	.alias = NULL,
	.usage = "nofix ID LOST",
	.summary = "declare that no fix is possible, saying what was lost",
	.help = "For data lost with no backup to restore.  It meets the fix stage's\n"
		"gate and sets the data-lost field, which the resolution update and the\n"
		"postmortem show.\n",
	.flags = CLI_QUEUES | CLI_NEEDS_DB,
	.args = { .words = "ID LOST", .need = "an incident id and what was lost are needed" },
	.exec = cmd_nofix_exec,
};
