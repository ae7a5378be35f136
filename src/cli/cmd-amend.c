/*
 * cmd-amend.c - correct a note, a command run or a shell command, and
 * strike one out: both add an event that names the one corrected;
 * nothing already written is changed.
 */
#include "calm/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"

/* EVENT as a number. */
static enum calm_rc event_arg(struct cli *cli, const struct cli_cmd *cmd,
			      const char *s, long long *event)
{
	char *end;

	errno = 0;
	*event = strtoll(s, &end, 10);
	if (errno || end == s || *end || *event <= 0)
		return cli_usage(cli, cmd, "EVENT is an event id (calm show lists them as #12)");
	return CALM_OK;
}

/* The words from pos[first] joined with spaces, or stdin for "-". */
static enum calm_rc words(struct cli *cli, char **pos, int first, int npos,
			  struct buf *b)
{
	char chunk[8192];
	size_t n;

	if (npos - first == 1 && strcmp(pos[first], "-") == 0) {
		while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0 && b->len <= APP_MAX_TEXT)
			buf_add(b, chunk, n);
		if (ferror(stdin))
			return calm_err_set(&cli->err, CALM_IO, "cannot read stdin: %s",
					    strerror(errno));
		while (b->len && (b->s[b->len - 1] == '\n' || b->s[b->len - 1] == '\r'))
			b->s[--b->len] = '\0';
		return CALM_OK;
	}
	for (int i = first; i < npos; i++)
		buf_addf(b, "%s%s", i > first ? " " : "", pos[i]);
	return CALM_OK;
}

static enum calm_rc correct(struct cli *cli, const struct cli_cmd *cmd, int argc,
			    char **argv, bool amend)
{
	char **pos = calloc((size_t)argc + 1, sizeof *pos);
	struct buf text = BUF_INIT;
	long long event = 0, id = 0;
	int npos;
	bool help;
	enum calm_rc rc;

	if (!pos)
		return calm_err_set(&cli->err, CALM_NOMEM, "out of memory");
	rc = cli_parse(cli, cmd, argc, argv, NULL, pos, argc, &npos, &help);
	if (rc != CALM_OK || help)
		goto out;
	if (npos < 2) {
		rc = cli_usage(cli, cmd, amend ? "an event and its new text are needed"
					       : "an event and a reason are needed");
		goto out;
	}
	rc = event_arg(cli, cmd, pos[0], &event);
	if (rc == CALM_OK)
		rc = words(cli, pos, 1, npos, &text);
	if (rc == CALM_OK && amend)
		rc = app_amend(&cli->app, event, buf_cstr(&text), text.len);
	else if (rc == CALM_OK)
		rc = app_strike(&cli->app, event, buf_cstr(&text));
	if (rc == CALM_OK && cli->out_tty &&
	    app_event_incident(&cli->app, event, &id) == CALM_OK)
		cli_printf("incident %lld: event %lld %s\n", id, event, amend ? "amended" : "struck out");
out:
	buf_release(&text);
	free(pos);
	return rc;
}

static enum calm_rc cmd_amend_exec(struct cli *cli, int argc, char **argv)
{
	return correct(cli, &cmd_amend, argc, argv, true);
}

static enum calm_rc cmd_strike_exec(struct cli *cli, int argc, char **argv)
{
	return correct(cli, &cmd_strike, argc, argv, false);
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
	.flags = CLI_NEEDS_DB,
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
	.flags = CLI_NEEDS_DB,
	.exec = cmd_strike_exec,
};
