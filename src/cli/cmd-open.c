/*
 * cmd-open.c - open the console on an incident, or on the picker.
 */
#include "calm/cli.h"

#include <unistd.h>

static enum calm_rc cmd_open_exec(struct cli *cli, const struct cli_args *a)
{
	long long id = 0;
	enum calm_rc rc = CALM_OK;

	if (cli_word(a, "ID"))
		rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc != CALM_OK)
		return rc;
	if (!cli->in_tty || !cli->out_tty)
		return calm_err_set(&cli->err, CALM_USAGE,
				    "the console needs a terminal on stdin and stdout");
	return tui_run(cli, id);
}

const struct cli_cmd cmd_open = {
	.name = "open",
	.alias = NULL,
	.usage = "open [ID]",
	.summary = "open the console on an incident (the picker without ID)",
	.help = "The console needs a terminal.  Without ID it opens the incident\n"
		"picker; 'calm' alone does the same.\n",
	.flags = CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK,
	.args = { .words = "[ID]" },
	.exec = cmd_open_exec,
};
