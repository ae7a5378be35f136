/*
 * cmd-run.c - run a command and write down that it ran: its command
 * line, where, when, for how long, how it ended and the last lines of
 * its output.
 *
 * The command comes first: calm opens the database only once it has
 * ended, so nothing about recording (a broken config, a busy or missing
 * database, no active incident) can stop it or hold it up.  What could
 * not be recorded is said on stderr; calm's exit status is always the
 * command's (128 + N when signal N killed it, 127 when it was not
 * found, 126 when it could not be started).
 */
#include "calm/cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calm/buf.h"
#include "calm/text.h"
#include "run-exec.h"

static void not_recorded(const char *why)
{
	cli_fprintf(stderr, "calm: the command ran but is not recorded: %s\n", why);
}

/* Record r for incident ID (NULL: the only active one). */
static void record(struct cli *cli, const char *target, char **cmd,
		   const struct run_result *r)
{
	char cwd[PATH_MAX], host[256] = "";
	struct buf why = BUF_INIT;
	long long id;
	enum calm_rc rc;

	if (!getcwd(cwd, sizeof cwd))
		snprintf(cwd, sizeof cwd, "?");
	gethostname(host, sizeof host - 1);
	if (r->start_errno)
		buf_addf(&why, "calm: cannot run '%s': %s\n", cmd[0], strerror(r->start_errno));
	struct app_run run = {
		.argv = cmd, .cwd = cwd, .host = host, .start_ms = r->start_ms,
		.duration_ms = r->duration_ms,
		.status = r->signal ? -1 : r->status, .signal = r->signal,
		.tail = r->start_errno ? buf_cstr(&why) : buf_cstr(&r->tail),
		.tail_len = r->start_errno ? why.len : r->tail.len,
		.out_bytes = r->out_bytes, .lines = r->start_errno ? 1 : r->lines,
		.cut = r->cut,
	};
	rc = cli_setup(cli, CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK);
	if (rc == CALM_OK)
		rc = app_resolve(&cli->app, target, &id);
	if (rc == CALM_OK)
		rc = app_run_record(&cli->app, id, &run, NULL);
	if (rc != CALM_OK) {
		char *safe = text_sanitize_dup(cli->err.msg[0] ? cli->err.msg : cli->app.err.msg, 0);

		not_recorded(safe);
		free(safe);
	}
	buf_release(&why);
}

static enum calm_rc cmd_run_exec(struct cli *cli, const struct cli_args *a)
{
	struct run_result r;
	char **command = a->rest; /* NULL-terminated */
	int lines = cli->config.run_lines ? cli->config.run_lines : CONFIG_RUN_LINES;

	fflush(stdout);
	run_exec(command, cli->out_tty, lines, &r);
	if (r.fail)
		cli_fprintf(stderr, "calm: %s: %s\n", r.fail, strerror(r.fail_errno));
	if (r.start_errno) {
		char *safe = text_sanitize_dup(command[0], 0);

		cli_fprintf(stderr, "calm: cannot run '%s': %s\n", safe, strerror(r.start_errno));
		free(safe);
	}
	record(cli, cli_word(a, "ID"), command, &r);
	cli->exit_status = r.signal ? 128 + r.signal : r.status;
	buf_release(&r.tail);
	return CALM_OK;
}

const struct cli_cmd cmd_run = {
	.name = "run",
	.alias = NULL,
	.usage = "run [ID] [--] COMMAND [ARGS...]",
	.summary = "run a command (no shell) and record it: line, place, time, duration, status, output tail",
	.help = "The command runs without a shell, with calm's stdin; its output comes\n"
		"through as it is written.  When stdout is a terminal it runs on a\n"
		"pseudo-terminal of its own (colours, prompts and full-screen programs\n"
		"behave as they would without calm).  Once it ends, one 'run' event records\n"
		"the command line, working directory, host, start, duration, exit status\n"
		"(or the signal that killed it) and the last lines of its output (the\n"
		"config's run_lines, default 20), any bytes kept exactly and secrets\n"
		"masked.  calm exits with the command's status (128+N for signal N, 127\n"
		"not found, 126 not startable).  When it cannot record (no active\n"
		"incident, the database busy or broken) the command has still run, and\n"
		"calm says so on stderr.  ID may be left out when exactly one incident\n"
		"is active.\n",
	.flags = CLI_RUNS_ANYWAY,
	.args = { .words = "[ID] COMMAND...", .need = "a command to run is needed",
		  .flags = CLI_ARGS_RAW },
	.exec = cmd_run_exec,
};
