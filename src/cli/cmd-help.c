/*
 * cmd-help.c - "calm help [COMMAND]".
 */
#include "calm/cli.h"

#include <stdlib.h>
#include <string.h>

#include "calm/text.h"

static enum calm_rc cmd_help_exec(struct cli *cli, const struct cli_args *a)
{
	const char *what = cli_word(a, "COMMAND");

	if (!what) {
		char *args[] = { "calm", "--help", NULL };
		return cli_main(2, args) == 0 ? CALM_OK : CALM_IO;
	}
	if (strcmp(what, "keys") == 0) { /* the console's keys, from its table */
		char *keys = cli_console_keys(79);

		cli_put(stdout, keys, TEXT_KEEP_NEWLINE);
		free(keys);
		return CALM_OK;
	}
	for (int i = 0; cli_cmds[i]; i++) {
		if (strcmp(cli_cmds[i]->name, what) == 0 ||
		    (cli_cmds[i]->alias && strcmp(cli_cmds[i]->alias, what) == 0)) {
			cli_print_help(cli_cmds[i], stdout);
			return CALM_OK;
		}
	}
	return calm_err_set(&cli->err, CALM_USAGE,
			    "no command '%.40s' (see 'calm --help')", what);
}

const struct cli_cmd cmd_help = {
	.name = "help",
	.alias = NULL,
	.usage = "help [COMMAND | keys]",
	.summary = "show help for calm or a command; keys: the console's keys",
	.help = "'calm help keys' lists the console's keys by where they work\n"
		"(everywhere, the picker, any pane, review, each pane), as ? shows\n"
		"them in the console; the man page's CONSOLE KEYS is made from it.\n",
	.flags = 0,
	.args = { .words = "[COMMAND]" },
	.exec = cmd_help_exec,
};
