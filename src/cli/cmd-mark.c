/*
 * cmd-mark.c - set one of an incident's four moments: when the impact
 * was detected, started, mitigated or resolved.
 */
#include "calm/cli.h"

#include "calm/milestone.h"
#include "calm/when.h"

static enum calm_rc cmd_mark_exec(struct cli *cli, int argc, char **argv)
{
	char *pos[3];
	int npos, first = 0, ms;
	bool help;
	long long id, at;
	enum calm_rc rc;

	rc = cli_parse(cli, &cmd_mark, argc, argv, NULL, pos, 3, &npos, &help);
	if (rc != CALM_OK || help)
		return rc;
	/* "mark started" names no incident: the only active one */
	if (npos >= 1 && milestone_parse(pos[0]) < 0)
		first = 1;
	if (npos - first < 1)
		return cli_usage(cli, &cmd_mark, "a milestone is needed");
	ms = milestone_parse(pos[first]);
	if (ms < 0)
		return cli_usage(cli, &cmd_mark,
				 "the milestone is detected, started, mitigated or resolved");
	if (npos - first > 2)
		return cli_usage(cli, &cmd_mark, "too many arguments");
	rc = app_resolve(&cli->app, first ? pos[0] : NULL, &id);
	at = app_now(&cli->app);
	if (rc == CALM_OK && npos - first == 2)
		rc = when_parse(pos[first + 1], WHEN_PAST_TYPED | (cli->app.when_flags & WHEN_LOCAL),
				at, &at, &cli->err);
	if (rc == CALM_OK)
		rc = app_mark(&cli->app, id, ms, at, npos - first == 2);
	if (rc == CALM_OK && cli->out_tty)
		cli_printf("incident %lld: %s\n", id, milestone_defs[ms].words);
	return rc;
}

const struct cli_cmd cmd_mark = {
	.name = "mark",
	.alias = NULL,
	.usage = "mark [ID] detected|started|mitigated|resolved [TIME]",
	.summary = "set when the impact was detected, started, mitigated or resolved",
	.help = "TIME is now when left out, else one of\n"
		WHEN_PAST_FORMS ", in the config's timezone (else UTC).\n"
		"started and resolved are the fields impact-start and resolved-at (calm set\n"
		"sets the same), detected and mitigated the fields detected-at and\n"
		"mitigated-at.  Each mark is a timeline event at TIME (a backfilled one\n"
		"when TIME is given); calm stats, calm review and the postmortem measure\n"
		"from them:\n\n" MILESTONE_RULE,
	.flags = CLI_NEEDS_DB,
	.exec = cmd_mark_exec,
};
