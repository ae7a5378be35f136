/*
 * cmd-log.c - append a note to an incident's timeline, from arguments
 * or from stdin; the command scripts and other shells use.
 */
#include "calm/cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/when.h"

/* True when s is a decimal number (an incident id). */
static bool is_id(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* Read all of stdin, at most APP_MAX_TEXT + 1 bytes (so too long shows). */
static enum calm_rc read_stdin(struct cli *cli, struct buf *b)
{
	char chunk[8192];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		buf_add(b, chunk, n);
		if (b->len > APP_MAX_TEXT)
			break;
	}
	if (ferror(stdin))
		return calm_err_set(&cli->err, CALM_IO,
				    "cannot read the note from stdin: %s",
				    strerror(errno));
	/* a final newline is how files end, not part of the note */
	while (b->len && (b->s[b->len - 1] == '\n' || b->s[b->len - 1] == '\r'))
		b->s[--b->len] = '\0';
	return CALM_OK;
}

static enum calm_rc cmd_log_exec(struct cli *cli, int argc, char **argv)
{
	struct buf text = BUF_INIT;
	char **pos = calloc((size_t)argc + 1, sizeof *pos);
	const char *target = NULL, *when = NULL;
	const struct cli_opt opts[] = {
		{ "when", &when, NULL },
		{ NULL, NULL, NULL },
	};
	int npos, first = 0;
	bool help;
	long long id, at = 0;
	enum calm_rc rc;

	if (!pos)
		return calm_err_set(&cli->err, CALM_NOMEM, "out of memory");
	rc = cli_parse(cli, &cmd_log, argc, argv, opts, pos, argc, &npos, &help);
	if (rc != CALM_OK || help)
		goto out;
	/* "log 3 text" names incident 3; "log 3" alone is the note "3" */
	if (npos >= 2 && is_id(pos[0])) {
		target = pos[0];
		first = 1;
	}
	if (npos - first < 1) {
		rc = cli_usage(cli, &cmd_log, "a note is needed");
		goto out;
	}
	if (when)
		rc = when_parse(when, WHEN_PAST_TYPED | (cli->app.when_flags & WHEN_LOCAL),
				app_now(&cli->app), &at, &cli->err);
	if (rc != CALM_OK)
		goto out;
	if (npos - first == 1 && strcmp(pos[first], "-") == 0) {
		rc = read_stdin(cli, &text);
	} else {
		for (int i = first; i < npos; i++)
			buf_addf(&text, "%s%s", i > first ? " " : "", pos[i]);
	}
	if (rc == CALM_OK)
		rc = app_resolve(&cli->app, target, &id);
	if (rc == CALM_OK && when)
		rc = app_backfill(&cli->app, id, buf_cstr(&text), text.len, at, NULL);
	else if (rc == CALM_OK)
		rc = app_note(&cli->app, id, buf_cstr(&text), text.len, NULL);
out:
	buf_release(&text);
	free(pos);
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
	.flags = CLI_NEEDS_DB,
	.exec = cmd_log_exec,
};
