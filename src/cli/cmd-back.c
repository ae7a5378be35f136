/*
 * cmd-back.c - return an incident to its previous stage.
 */
#include "calm/cli.h"

static enum calm_rc cmd_back_exec(struct cli *cli, int argc, char **argv)
{
	struct stage_move mv;
	char *pos[1];
	int npos;
	bool help;
	long long id;
	enum calm_rc rc;

	rc = cli_parse(cli, &cmd_back, argc, argv, NULL, pos, 1, &npos, &help);
	if (rc != CALM_OK || help)
		return rc;
	if (npos != 1)
		return cli_usage(cli, &cmd_back, "an incident id is needed");
	rc = app_resolve(&cli->app, pos[0], &id);
	if (rc == CALM_OK)
		rc = app_back(&cli->app, id, &mv);
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
		"recorded in the timeline.\n",
	.flags = CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK,
	.exec = cmd_back_exec,
};
