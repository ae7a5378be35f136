/*
 * cmd-pull.c - copy an incident from the team's server into a local
 * database, read-only, to review away from it (app_pull).
 */
#include "calm/cli.h"

static enum calm_rc cmd_pull_exec(struct cli *cli, const struct cli_args *a)
{
	const char *from = cli_opt(a, "from"), *db = cli_opt(a, "db");
	long long id = 0, here = 0;
	enum calm_rc rc;

	if (!from || !from[0])
		return cli_usage(cli, a->cmd, "--from URI is needed: the server (or file) to copy from");
	if (!cli_number(cli_word(a, "ID"), &id) || id <= 0)
		return cli_usage(cli, a->cmd, "ID is the incident's number on the server");
	if (db && !db[0])
		return cli_usage(cli, a->cmd, "--db needs a path");
	if (db)
		cli->db_path = db;
	rc = cli_setup(cli, CLI_NEEDS_DB);
	if (rc == CALM_OK)
		rc = app_pull(&cli->app, from, id, &here);
	if (rc == CALM_OK) {
		cli_printf("incident %lld of ", id);
		cli_put(stdout, from, 0);
		cli_printf(" pulled into ");
		cli_put(stdout, app_db_path(&cli->app), 0);
		cli_printf(" as incident %lld, read-only (chain verified)\n", here);
	}
	return rc;
}

const struct cli_cmd cmd_pull = {
	.name = "pull",
	.usage = "pull ID --from URI [--db PATH]",
	.summary = "copy an incident from the team's server, read-only, to review offline",
	.help = "Copies incident ID of the database at URI (a postgresql:// URI,\n"
		"service=NAME or another calm file) with its whole timeline into the\n"
		"local database (--db PATH: that file instead), verified before it is\n"
		"committed, and prints its number here.  The copy is read-only:\n"
		"calm show, review, export and verify work on it; anything that would\n"
		"write to it is refused (exit 77), since the incident lives on the\n"
		"server.  Pulling it again copies nothing and exits 65 naming its\n"
		"number here; an unreachable server exits 69.\n",
	.flags = 0,
	.args = { .opts = "from= db=", .words = "ID", .need = "an incident id is needed" },
	.exec = cmd_pull_exec,
};
