/*
 * cmd-open.c - open the console on an incident, or on the picker.
 */
#include "calm/cli.h"

#include <unistd.h>

static enum calm_rc cmd_open_exec(struct cli *cli, int argc, char **argv)
{
	char *pos[1];
	int npos;
	bool help;
	long long id = 0;
	enum calm_rc rc;

	rc = cli_parse(cli, &cmd_open, argc, argv, NULL, pos, 1, &npos, &help);
	if (rc != CALM_OK || help)
		return rc;
	if (npos == 1)
		rc = app_resolve(&cli->app, pos[0], &id);
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
	.exec = cmd_open_exec,
};
