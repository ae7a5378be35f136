/*
 * args.c - what every command shares: help, usage errors, text from
 * the words or stdin, and printing times.
 */
#include "calm/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calm/buf.h"
#include "calm/text.h"
#include "calm/when.h"

/* Columns of help text: fits an 80-column terminal. */
#define HELP_COLS 79

void cli_help_wrap(FILE *f, const char *s, int indent, int more)
{
	int room = HELP_COLS - indent;

	while (*s) {
		size_t n = strlen(s), cut = n;

		if ((int)n > room) { /* break at the last space that fits */
			cut = (size_t)room;
			while (cut > 0 && s[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = (size_t)room;
		}
		cli_fprintf(f, "%*s%.*s\n", indent, "", (int)cut, s);
		s += cut;
		while (*s == ' ')
			s++;
		indent = more;
		room = HELP_COLS - indent;
	}
}

void cli_print_help(const struct cli_cmd *cmd, FILE *f)
{
	struct buf usage = BUF_INIT;

	buf_addf(&usage, "usage: calm %s", cmd->usage);
	cli_help_wrap(f, buf_cstr(&usage), 0, 12);
	cli_fprintf(f, "\n");
	cli_help_wrap(f, cmd->summary, 0, 0);
	if (cmd->help && cmd->help[0]) {
		cli_fprintf(f, "\n");
		cli_put(f, cmd->help, TEXT_KEEP_NEWLINE);
	}
	if (cmd->help_more)
		cmd->help_more(f);
	buf_release(&usage);
}

enum calm_rc cli_usage(struct cli *cli, const struct cli_cmd *cmd,
		       const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return calm_err_set(&cli->err, CALM_USAGE, "%s (usage: calm %s)", msg,
			    cmd->usage);
}

enum calm_rc cli_audience(struct cli *cli, const struct cli_cmd *cmd, const char *word,
			  int *aud)
{
	*aud = audience_parse(word);
	if (*aud < 0)
		return cli_usage(cli, cmd, "unknown audience '%.40s' (use internal, external or resolution)",
				 word);
	return CALM_OK;
}

bool cli_number(const char *s, long long *n)
{
	char *end;

	errno = 0;
	*n = strtoll(s, &end, 10);
	return !errno && end != s && !*end && *n > 0;
}

enum calm_rc cli_read_stdin(struct cli *cli, const char *what, struct buf *out)
{
	char chunk[8192];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		buf_add(out, chunk, n);
		if (out->len > APP_MAX_TEXT)
			break; /* one byte more than allowed: the refusal says so */
	}
	if (ferror(stdin))
		return calm_err_set(&cli->err, CALM_IO, "cannot read %s from stdin: %s", what,
				    strerror(errno));
	/* a final newline is how files end, not part of the text */
	while (out->len && (out->s[out->len - 1] == '\n' || out->s[out->len - 1] == '\r'))
		out->s[--out->len] = '\0';
	if (!out->s)
		buf_add(out, "", 0);
	return CALM_OK;
}

enum calm_rc cli_text(struct cli *cli, const struct cli_args *a, const char *what,
		      struct buf *out)
{
	if (a->nrest == 1 && strcmp(a->rest[0], "-") == 0) {
		enum calm_rc rc = cli_read_stdin(cli, what, out);

		buf_release(&cli->stdin_text);
		if (rc == CALM_OK && out->len)
			buf_add(&cli->stdin_text, out->s, out->len);
		return rc;
	}
	for (int i = 0; i < a->nrest; i++)
		buf_addf(out, "%s%s", i ? " " : "", a->rest[i]);
	return CALM_OK;
}

void cli_time(const struct cli *cli, long long ms, char *buf, size_t n)
{
	when_format(ms, WHEN_FULL, cli->app.when_flags, buf, n);
}
