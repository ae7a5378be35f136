/*
 * cmd-check.c - tick or untick a checklist item.
 */
#include "calm/cli.h"

static enum calm_rc cmd_check_exec(struct cli *cli, const struct cli_args *a)
{
	long long id;
	enum calm_rc rc;

	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc == CALM_OK)
		rc = app_check(&cli->app, id, cli_word(a, "ITEM"), !cli_flag(a, "undo"));
	return rc;
}

const struct cli_cmd cmd_check = {
	.name = "check",
	.alias = "tick",
	.usage = "check ID ITEM [--undo]",
	.summary = "tick a checklist item (untick with --undo)",
	.help = "ITEM is the item's id as 'calm show ID' lists it.  Ticking an item\n"
		"that is already ticked changes nothing and records nothing.\n",
	.flags = CLI_QUEUES | CLI_NEEDS_DB,
	.args = { .opts = "undo", .words = "ID ITEM",
		  .need = "an incident id and an item are needed" },
	.exec = cmd_check_exec,
};
