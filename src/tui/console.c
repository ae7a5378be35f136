/*
 * console.c - placeholder entry of the console until src/tui lands.
 */
#include "calm/cli.h"

enum calm_rc tui_run(struct cli *cli, long long incident)
{
	(void)incident;
	return calm_err_set(&cli->err, CALM_USAGE,
			    "the console is not built yet: use the commands (calm --help)");
}
