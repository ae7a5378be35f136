/*
 * cmd-role.c - hand a role of an incident to someone (recorded).
 */
#include "calm/cli.h"

#include <stdlib.h>
#include <string.h>

static enum calm_rc cmd_role_exec(struct cli *cli, const struct cli_args *a)
{
	const char *person = cli_word(a, "PERSON");
	bool clear = cli_flag(a, "clear");
	long long id;
	enum calm_rc rc;

	if (clear && person) /* nobody holds it: no PERSON to give it to */
		return cli_usage(cli, &cmd_role, "--clear takes ID and ROLE only");
	if (!clear && !person)
		return cli_usage(cli, &cmd_role, "ID, ROLE and PERSON are needed");
	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc == CALM_OK)
		rc = app_role_assign(&cli->app, id, cli_word(a, "ROLE"), person);
	return rc;
}

const struct cli_cmd cmd_role = {
	.name = "role",
	.alias = NULL,
	.usage = "role ID ROLE PERSON | role ID ROLE --clear",
	.summary = "hand a role (commander, communications, ...) to someone",
	.help = "Roles come from the playbook (roles:); the defaults are commander\n"
		"(incident commander), communications, fix-lead and scribe.  The change\n"
		"goes into the timeline in words: \"alice hands incident command to bob\"\n"
		"when alice (--as) held it, \"bob takes communications\" when bob takes a\n"
		"free role.  --clear leaves the role to nobody.  See 'calm roles ID'.\n",
	.flags = CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK,
	.args = { .opts = "clear", .words = "ID ROLE [PERSON]",
		  .need = "ID, ROLE and PERSON are needed" },
	.exec = cmd_role_exec,
};
