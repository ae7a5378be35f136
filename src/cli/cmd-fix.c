/*
 * cmd-fix.c - log a fix attempt, set its outcome, or declare that no
 * fix is possible: three commands over the fix attempts.
 */
#include "calm/cli.h"

#include <errno.h>
#include <stdlib.h>

/* A fix attempt or action item number: a positive decimal. */
static bool parse_n(const char *s, long long *n)
{
	char *end;

	errno = 0;
	*n = strtoll(s, &end, 10);
	return !errno && end != s && !*end && *n > 0;
}

static enum calm_rc cmd_fix_exec(struct cli *cli, int argc, char **argv)
{
	const char *why = NULL;
	const struct cli_opt opts[] = {
		{ "why", &why, NULL },
		{ NULL, NULL, NULL },
	};
	char *pos[2];
	int npos;
	bool help;
	long long id, n = 0;
	enum calm_rc rc;

	rc = cli_parse(cli, &cmd_fix, argc, argv, opts, pos, 2, &npos, &help);
	if (rc != CALM_OK || help)
		return rc;
	if (npos != 2)
		return cli_usage(cli, &cmd_fix, "an incident id and what was tried are needed");
	rc = app_resolve(&cli->app, pos[0], &id);
	if (rc == CALM_OK)
		rc = app_fix_add(&cli->app, id, pos[1], why, &n);
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
	.flags = CLI_NEEDS_DB,
	.exec = cmd_fix_exec,
};

static enum calm_rc cmd_outcome_exec(struct cli *cli, int argc, char **argv)
{
	char *pos[4];
	int npos;
	bool help;
	long long id, n;
	enum calm_rc rc;

	rc = cli_parse(cli, &cmd_outcome, argc, argv, NULL, pos, 4, &npos, &help);
	if (rc != CALM_OK || help)
		return rc;
	if (npos < 3)
		return cli_usage(cli, &cmd_outcome, "an incident id, a fix number and an outcome are needed");
	if (!parse_n(pos[1], &n))
		return cli_usage(cli, &cmd_outcome, "'%.40s' is not a fix attempt number", pos[1]);
	rc = app_resolve(&cli->app, pos[0], &id);
	if (rc == CALM_OK)
		rc = app_fix_outcome(&cli->app, id, n, pos[2], npos == 4 ? pos[3] : NULL);
	return rc;
}

const struct cli_cmd cmd_outcome = {
	.name = "outcome",
	.alias = NULL,
	.usage = "outcome ID FIX_ID worked|failed|partial|rolled-back [NOTE]",
	.summary = "record how a fix attempt went",
	.help = "FIX_ID is the attempt's number ('calm fix' prints it).  Setting an\n"
		"outcome again replaces it; both are in the timeline.\n",
	.flags = CLI_NEEDS_DB,
	.exec = cmd_outcome_exec,
};

static enum calm_rc cmd_nofix_exec(struct cli *cli, int argc, char **argv)
{
	char *pos[2];
	int npos;
	bool help;
	long long id;
	enum calm_rc rc;

	rc = cli_parse(cli, &cmd_nofix, argc, argv, NULL, pos, 2, &npos, &help);
	if (rc != CALM_OK || help)
		return rc;
	if (npos != 2)
		return cli_usage(cli, &cmd_nofix, "an incident id and what was lost are needed");
	rc = app_resolve(&cli->app, pos[0], &id);
	if (rc == CALM_OK)
		rc = app_no_fix(&cli->app, id, pos[1]);
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
	.flags = CLI_NEEDS_DB,
	.exec = cmd_nofix_exec,
};
