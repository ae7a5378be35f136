/*
 * out.c - the command line's one way out to the terminal.
 *
 * Every string a command prints came from a file, the database, the
 * environment or a person, so nothing in src/cli writes with printf or
 * fputs (tests/lint/0003-output.sh checks it): cli_printf() formats as
 * printf does, except that each %s (and %c) argument is made inert by
 * text_sanitize() first - controls as ^X, bidi and invisible characters
 * as <U+XXXX>, a newline as ^J, so one value is always one line - and
 * its width and precision count display columns (a cut never splits a
 * character).  cli_clip() makes a cut visible with a mark.  Data
 * for programs (JSON, a draft, the Markdown postmortem) goes through
 * cli_write_data(): exact when stdout is not a terminal, inert when it is.
 */
#include "calm/cli.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <unistd.h>

#include "calm/buf.h"
#include "calm/text.h"

/* s made inert, cut to prec columns (< 0: no limit; never inside a
 * character), padded to width columns. */
static void put_str(struct buf *b, const char *s, size_t len, int width,
		    int prec, bool left)
{
	struct buf safe = BUF_INIT;
	size_t keep;
	int used = 0;

	text_sanitize(&safe, s, len, TEXT_TAB_SPACE);
	keep = text_fit(safe.s, safe.len, prec, &used);
	for (int i = used; !left && i < width; i++)
		buf_addc(b, ' ');
	buf_add(b, safe.s, keep);
	for (int i = used; left && i < width; i++)
		buf_addc(b, ' ');
	buf_release(&safe);
}

/* One numeric conversion, printed as printf would from spec (built
 * from the caller's format, which the compiler checked). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void put_num(struct buf *b, const char *spec, const char *len, char conv,
		    va_list *ap)
{
	bool l = strcmp(len, "l") == 0, ll = strcmp(len, "ll") == 0;
	bool z = strcmp(len, "z") == 0, j = strcmp(len, "j") == 0;

	switch (conv) {
	case 'd': case 'i':
		if (ll)
			buf_addf(b, spec, va_arg(*ap, long long));
		else if (l)
			buf_addf(b, spec, va_arg(*ap, long));
		else if (z)
			buf_addf(b, spec, va_arg(*ap, ssize_t));
		else if (j)
			buf_addf(b, spec, va_arg(*ap, intmax_t));
		else
			buf_addf(b, spec, va_arg(*ap, int));
		break;
	case 'u': case 'x': case 'X': case 'o':
		if (ll)
			buf_addf(b, spec, va_arg(*ap, unsigned long long));
		else if (l)
			buf_addf(b, spec, va_arg(*ap, unsigned long));
		else if (z)
			buf_addf(b, spec, va_arg(*ap, size_t));
		else if (j)
			buf_addf(b, spec, va_arg(*ap, uintmax_t));
		else
			buf_addf(b, spec, va_arg(*ap, unsigned));
		break;
	case 'f': case 'g': case 'e': case 'F': case 'G': case 'E':
		buf_addf(b, spec, va_arg(*ap, double));
		break;
	default: /* %p, %n and the rest have no business here */
		abort();
	}
}
#pragma GCC diagnostic pop

/* printf(fmt, ap) into b, every string argument inert. */
static void vformat(struct buf *b, const char *fmt, va_list ap0)
{
	va_list ap;
	const char *p = fmt;

	va_copy(ap, ap0);
	while (*p) {
		char flags[8] = "", len[3] = "", spec[48], conv;
		int width = -1, prec = -1, nf = 0;
		bool left = false;

		if (*p != '%') {
			size_t n = strcspn(p, "%");
			buf_add(b, p, n);
			p += n;
			continue;
		}
		if (*++p == '%') {
			buf_addc(b, '%');
			p++;
			continue;
		}
		while (*p && strchr("-+ #0", *p) && nf < 6) {
			left |= *p == '-';
			flags[nf++] = *p++;
		}
		if (*p == '*') {
			width = va_arg(ap, int);
			left |= width < 0;
			width = abs(width);
			p++;
		} else if (isdigit((unsigned char)*p)) {
			width = (int)strtol(p, (char **)&p, 10);
		}
		if (*p == '.') {
			p++;
			if (*p == '*') {
				prec = va_arg(ap, int);
				p++;
			} else {
				prec = (int)strtol(p, (char **)&p, 10);
			}
		}
		for (int k = 0; k < 2 && *p && strchr("hlzjt", *p); k++)
			len[k] = *p++;
		conv = *p ? *p++ : '\0';
		if (conv == 's') {
			const char *s = va_arg(ap, const char *);

			s = s ? s : "(null)";
			put_str(b, s, strlen(s), width, prec, left);
		} else if (conv == 'c') {
			char c = (char)va_arg(ap, int);

			put_str(b, &c, 1, width, -1, left);
		} else {
			snprintf(spec, sizeof spec, "%%%s%.0d%s%.0d%s%c", flags,
				 width > 0 ? width : 0, prec >= 0 ? "." : "",
				 prec > 0 ? prec : 0, len, conv);
			put_num(b, spec, len, conv, &ap);
		}
	}
	va_end(ap);
}

void cli_vfprintf(FILE *f, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;

	vformat(&b, fmt, ap);
	if (b.len)
		fwrite(b.s, 1, b.len, f);
	buf_release(&b);
}

void cli_fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vfprintf(f, fmt, ap);
	va_end(ap);
}

void cli_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vfprintf(stdout, fmt, ap);
	va_end(ap);
}

void cli_put(FILE *f, const char *s, unsigned text_flags)
{
	struct buf b = BUF_INIT;

	text_sanitize(&b, s, strlen(s), text_flags);
	fwrite(b.s, 1, b.len, f);
	buf_release(&b);
}

void cli_write_data(const struct cli *cli, const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	if (!cli->out_tty) { /* for a program or a file: exactly as stored */
		fwrite(s, 1, len, stdout);
		return;
	}
	text_sanitize(&b, s, len, TEXT_KEEP_NEWLINE | TEXT_KEEP_TAB);
	fwrite(b.s, 1, b.len, stdout);
	buf_release(&b);
}

void cli_json(const struct cli *cli, const char *json, const char *tail)
{
	cli_write_data(cli, json, strlen(json));
	cli_write_data(cli, tail, strlen(tail));
	cli_write_data(cli, "\n", 1);
}

char *cli_clip(const char *s, int cols)
{
	struct buf safe = BUF_INIT;
	size_t keep;
	int used;

	text_sanitize(&safe, s, strlen(s), TEXT_TAB_SPACE);
	text_fit(safe.s, safe.len, -1, &used);
	if (used > cols && cols > 0) { /* cut: say so with a mark */
		keep = text_fit(safe.s, safe.len, cols - 1, NULL);
		safe.len = keep;
		buf_adds(&safe, MB_CUR_MAX > 1 ? "\u2026" : "~");
	}
	return buf_detach(&safe);
}

int cli_columns(const struct cli *cli)
{
	struct winsize ws;

	if (cli->out_tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return -1;
}

void cli_emphasis(const struct cli *cli, bool on)
{
	/* SGR bold and normal intensity, from calm itself, never from data */
	fputs(cli->out_tty ? (on ? "\033[1m" : "\033[22m") : (on ? "[" : "]"), stdout);
}
