/*
 * cmd-log.c - append a note to an incident's timeline, from arguments
 * or from stdin; the command scripts and other shells use.
 */
#include "calm/cli.h"

#include "calm/buf.h"
#include "calm/when.h"

static enum calm_rc cmd_log_exec(struct cli *cli, const struct cli_args *a)
{
	const char *when = cli_opt(a, "when");
	struct buf text = BUF_INIT;
	long long id, at = 0;
	enum calm_rc rc = CALM_OK;

	if (when)
		rc = when_parse(when, WHEN_PAST_TYPED | (cli->app.when_flags & WHEN_LOCAL),
				app_now(&cli->app), &at, &cli->err);
	if (rc == CALM_OK)
		rc = cli_text(cli, a, "the note", &text);
	if (rc == CALM_OK)
		rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc == CALM_OK && when)
		rc = app_backfill(&cli->app, id, buf_cstr(&text), text.len, at, NULL);
	else if (rc == CALM_OK)
		rc = app_note(&cli->app, id, buf_cstr(&text), text.len, NULL);
	buf_release(&text);
	return rc;
}
const struct cli_cmd cmd_log = {
	.name = "log",
	.alias = "note",
	.usage = "log [ID] [--when TIME] TEXT... | log [ID] [--when TIME] -",
	.summary = "append a note to the timeline (stdin with -; --when: about an earlier moment)",
	.help = "The words are joined with spaces into one note.  With '-' the note\n"
		"is read from stdin (final newlines dropped).  Any bytes are kept exactly\n"
		"(invalid UTF-8, NUL, CR, control characters); only a note longer than\n"
		"1 MiB is refused.  Secrets (password=, token=, Authorization: headers,\n"
		"AWS keys, private keys, the playbook's secrets: patterns) are masked as\n"
		"**** before the note is stored.  ID may be left out when exactly one\n"
		"incident is active; a first word that is a number is taken as the ID\n"
		"when more words follow.  Exit 0 means the note is on disk.\n"
		"\n"
		"--when TIME backfills: the note is about an earlier moment, TIME one of\n"
		WHEN_PAST_FORMS ", in the config's timezone (else UTC).\n"
		"Views show it where it happened, marked with when it was written; the\n"
		"hash chain and time travel keep the order it was written in.\n",
	.flags = CLI_QUEUES | CLI_NEEDS_DB,
	.args = { .opts = "when=", .words = "[ID] TEXT...", .need = "a note is needed" },
	.exec = cmd_log_exec,
};
