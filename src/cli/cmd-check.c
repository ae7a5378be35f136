/*
 * cmd-check.c - tick or untick a checklist item.
 */
#include "calm/cli.h"

static enum calm_rc cmd_check_exec(struct cli *cli, int argc, char **argv)
{
	bool undo = false, help;
	const struct cli_opt opts[] = {
		{ "undo", NULL, &undo },
		{ NULL, NULL, NULL },
	};
	char *pos[2];
	int npos;
	long long id;
	enum calm_rc rc;

	rc = cli_parse(cli, &cmd_check, argc, argv, opts, pos, 2, &npos, &help);
	if (rc != CALM_OK || help)
		return rc;
	if (npos != 2)
		return cli_usage(cli, &cmd_check, "an incident id and an item are needed");
	rc = app_resolve(&cli->app, pos[0], &id);
	if (rc == CALM_OK)
		rc = app_check(&cli->app, id, pos[1], !undo);
	return rc;
}

const struct cli_cmd cmd_check = {
	.name = "check",
	.alias = "tick",
	.usage = "check ID ITEM [--undo]",
	.summary = "tick a checklist item (untick with --undo)",
	.help = "ITEM is the item's id as 'calm show ID' lists it.  Ticking an item\n"
		"that is already ticked changes nothing and records nothing.\n",
	.flags = CLI_NEEDS_DB,
	.exec = cmd_check_exec,
};
