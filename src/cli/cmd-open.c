/*
 * cmd-open.c - open the console on an incident, or on the picker: the
 * one place the CLI reaches the console (calm/console.h), for calm open,
 * calm new and calm review alike.
 */
#include "calm/cli.h"

#include <stdlib.h>

#include "calm/console.h"

/* The drill database, found when the console's picker starts a drill. */
static enum calm_rc drill_db(void *ctx, char **path, struct calm_err *err)
{
	struct cli *cli = ctx;
	enum calm_rc rc = cli_drill_db(cli, path);

	if (rc != CALM_OK)
		*err = cli->err;
	calm_err_clear(&cli->err);
	return rc;
}

enum calm_rc cli_console(struct cli *cli, long long id)
{
	struct console_opts opts = {
		.app = &cli->app,
		.config = &cli->config,
		.names = cli->names,
		.readonly = cli->readonly,
		.incident = id,
		.theme = cli->theme.name ? &cli->theme : NULL,
	};
	struct buf qpath = BUF_INIT;
	enum calm_rc rc;

	if (!cli->in_tty || !cli->out_tty)
		return calm_err_set(&cli->err, CALM_USAGE,
				    "the console needs a terminal on stdin and stdout");
	/* the picker's D starts a drill there (none from a drill database) */
	if (!cli->app.drill) {
		opts.drill_db = drill_db;
		opts.drill_ctx = cli;
	}
	if (app_on_server(&cli->app) && cli_queue_path(cli, &qpath) == CALM_OK)
		opts.queue_path = buf_cstr(&qpath);
	rc = tui_run(&opts);
	buf_release(&qpath);
	return rc;
}

char *cli_console_keys(int width)
{
	return tui_keys_help(width);
}

static enum calm_rc cmd_open_exec(struct cli *cli, const struct cli_args *a)
{
	long long id = 0;
	enum calm_rc rc = CALM_OK;

	if (cli_word(a, "ID"))
		rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc != CALM_OK)
		return rc;
	return cli_console(cli, id);
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
