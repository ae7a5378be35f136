/*
 * cmd-mark.c - set one of an incident's four moments: when the impact
 * was detected, started, mitigated or resolved.
 */
#include "calm/cli.h"

#include "calm/milestone.h"
#include "calm/when.h"

static enum calm_rc cmd_mark_exec(struct cli *cli, const struct cli_args *a)
{
	const char *when = cli_word(a, "TIME");
	int ms = milestone_parse(cli_word(a, "MILESTONE")); /* one of the choices */
	long long id, at;
	enum calm_rc rc;

	/* "mark started" names no incident: the only active one */
	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	at = app_now(&cli->app);
	if (rc == CALM_OK && when)
		rc = when_parse(when, WHEN_PAST_TYPED | (cli->app.when_flags & WHEN_LOCAL),
				at, &at, &cli->err);
	if (rc == CALM_OK)
		rc = app_mark(&cli->app, id, ms, at, when != NULL);
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
	.flags = CLI_QUEUES | CLI_NEEDS_DB,
	.args = { .words = "[ID] MILESTONE=detected|started|mitigated|resolved [TIME]", .need = "a milestone is needed" },
	.exec = cmd_mark_exec,
};
