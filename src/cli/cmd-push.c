/*
 * cmd-push.c - copy an incident to the team's server (app_push): its
 * number there is printed.
 */
#include "calm/cli.h"

#include <string.h>

static enum calm_rc cmd_push_exec(struct cli *cli, const struct cli_args *a)
{
	const char *to = cli_opt(a, "to");
	long long id = 0, there = 0;
	enum calm_rc rc;

	if (!to || !to[0])
		return cli_usage(cli, a->cmd, "--to URI is needed: the server (or file) to copy it to");
	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc == CALM_OK)
		rc = app_push(&cli->app, id, to, &there);
	if (rc == CALM_OK) {
		cli_printf("incident %lld pushed to ", id);
		cli_put(stdout, to, 0);
		cli_printf(" as incident %lld (chain verified there)\n", there);
	}
	return rc;
}

const struct cli_cmd cmd_push = {
	.name = "push",
	.usage = "push ID --to URI",
	.summary = "copy an incident, its whole timeline, to the team's server",
	.help = "Copies incident ID with every event, byte for byte, and what was made\n"
		"of them (checklist, fields, drafts, fix attempts, action items, roles,\n"
		"seals) to the database at URI (a postgresql:// URI, service=NAME or\n"
		"another calm file), where it gets the next number, printed.  The copy\n"
		"is verified there before it is committed: a copy whose chain does not\n"
		"verify is never left behind (exit 65).  The incident stays here too.\n"
		"An incident is known by its uuid: pushing it again copies nothing and\n"
		"exits 65 naming its number there.  An unreachable server exits 69 (the\n"
		"push is not queued); a read-only copy (calm pull) is not pushed (77).\n",
	.flags = CLI_NEEDS_DB,
	.args = { .opts = "to=", .words = "ID", .need = "an incident id is needed" },
	.exec = cmd_push_exec,
};
