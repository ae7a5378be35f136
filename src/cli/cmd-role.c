/*
 * cmd-role.c - hand a role of an incident to someone (recorded).
 */
#include "calm/cli.h"

#include <stdlib.h>
#include <string.h>

static enum calm_rc cmd_role_exec(struct cli *cli, int argc, char **argv)
{
	bool clear = false, help;
	const struct cli_opt opts[] = {
		{ "clear", NULL, &clear },
		{ NULL, NULL, NULL },
	};
	char *pos[3];
	int npos;
	long long id;
	enum calm_rc rc;

	rc = cli_parse(cli, &cmd_role, argc, argv, opts, pos, 3, &npos, &help);
	if (rc != CALM_OK || help)
		return rc;
	if (npos != (clear ? 2 : 3))
		return cli_usage(cli, &cmd_role, clear ? "--clear takes ID and ROLE only"
						       : "ID, ROLE and PERSON are needed");
	rc = app_resolve(&cli->app, pos[0], &id);
	if (rc == CALM_OK)
		rc = app_role_assign(&cli->app, id, pos[1], clear ? NULL : pos[2]);
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
	.exec = cmd_role_exec,
};
