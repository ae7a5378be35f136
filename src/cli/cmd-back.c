/*
 * cmd-back.c - return an incident to its previous stage.
 */
#include "calm/cli.h"

static enum calm_rc cmd_back_exec(struct cli *cli, const struct cli_args *a)
{
	struct stage_move mv;
	struct incident inc = { 0 };
	long long id;
	enum calm_rc rc;

	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc == CALM_OK)
		rc = app_incident(&cli->app, id, &inc); /* the stage to leave */
	if (rc == CALM_OK) {
		cli_saw(cli, id, inc.stage_id);
		/* replayed: the stage it was queued from (moved on since: refused) */
		rc = app_back(&cli->app, id, cli->replay_from ? cli->replay_from : inc.stage_id, &mv);
	}
	incident_release(&inc);
	if (rc == CALM_OK)
		cli_saw(cli, id, cli->pb->stages[mv.to].id);
	if (rc == CALM_OK)
		cli_printf("incident %lld: back to stage %d/%zu %s\n", id, mv.to + 1,
		       cli->pb->nstages, cli->pb->stages[mv.to].title);
	return rc;
}

const struct cli_cmd cmd_back = {
	.name = "back",
	.alias = "prev",
	.usage = "back ID",
	.summary = "go back to the previous stage (recorded)",
	.help = "Going back is always allowed except from the first stage, and is\n"
		"recorded in the timeline.  When someone else moved the stage in the\n"
		"meantime, nothing moves: calm says who moved it and where to, exits 1.\n",
	.flags = CLI_QUEUES | CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK,
	.args = { .words = "ID", .need = "an incident id is needed" },
	.exec = cmd_back_exec,
	.stage_step = -1,
};
