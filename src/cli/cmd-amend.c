/*
 * cmd-amend.c - correct a note, a command run or a shell command, and
 * strike one out: both add an event that names the one corrected;
 * nothing already written is changed.
 */
#include "calm/cli.h"

#include "calm/buf.h"

static enum calm_rc correct(struct cli *cli, const struct cli_cmd *cmd,
			    const struct cli_args *a, bool amend)
{
	struct buf text = BUF_INIT;
	long long event = 0, id = 0;
	enum calm_rc rc = CALM_OK;

	if (!cli_number(cli_word(a, "EVENT"), &event))
		return cli_usage(cli, cmd, "EVENT is an event id (calm show lists them as #12)");
	rc = cli_text(cli, a, amend ? "the new text" : "the reason", &text);
	if (rc == CALM_OK && amend)
		rc = app_amend(&cli->app, event, buf_cstr(&text), text.len);
	else if (rc == CALM_OK)
		rc = app_strike(&cli->app, event, buf_cstr(&text));
	if (rc == CALM_OK && cli->out_tty &&
	    app_event_incident(&cli->app, event, &id) == CALM_OK)
		cli_printf("incident %lld: event %lld %s\n", id, event, amend ? "amended" : "struck out");
	buf_release(&text);
	return rc;
}

static enum calm_rc cmd_amend_exec(struct cli *cli, const struct cli_args *a)
{
	return correct(cli, &cmd_amend, a, true);
}

static enum calm_rc cmd_strike_exec(struct cli *cli, const struct cli_args *a)
{
	return correct(cli, &cmd_strike, a, false);
}

const struct cli_cmd cmd_amend = {
	.name = "amend",
	.alias = NULL,
	.usage = "amend EVENT TEXT... | amend EVENT -",
	.summary = "correct a note, command run or shell command (the old text stays in the history)",
	.help = "Adds an 'amend' event to the timeline with the new text (from stdin\n"
		"with -); views show the newest text, marked amended, with the history\n"
		"under it (calm show), and JSON lists the amendments (amended_by).  Nothing\n"
		"already written changes, so calm verify still passes.  EVENT is the id\n"
		"calm show prints (#12).  The text is masked for secrets like a note.\n",
	.flags = CLI_QUEUES | CLI_NEEDS_DB,
	.args = { .words = "EVENT TEXT...", .need = "an event and its new text are needed" },
	.exec = cmd_amend_exec,
};

const struct cli_cmd cmd_strike = {
	.name = "strike",
	.alias = NULL,
	.usage = "strike EVENT REASON...",
	.summary = "strike out a note, command run or shell command, with a reason",
	.help = "Adds a 'strike' event naming EVENT, with the reason; views show the\n"
		"entry struck out with the reason (JSON: struck_by).  Nothing already\n"
		"written changes.  An entry is struck once.\n",
	.flags = CLI_QUEUES | CLI_NEEDS_DB,
	.args = { .words = "EVENT REASON...", .need = "an event and a reason are needed" },
	.exec = cmd_strike_exec,
};
