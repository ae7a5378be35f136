/*
 * draw.c - putting untrusted text on the screen, inert and clipped.
 *
 * Every string the console draws (titles, notes, authors, playbook text)
 * goes through text_sanitize() first, so an escape sequence in a note
 * shows as ^[ and never reaches the terminal.  Clipping counts display
 * columns with wcwidth(): a wide character takes two and is never split;
 * combining marks (width 0) stay with the character before them.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/text.h"

/*
 * s as code points, sanitised on the way (text_inert_next(): what
 * text_sanitize() would give, decoded in the same pass); a malloc'd
 * array.  Every character kept takes at most its bytes, so len + 1
 * slots hold s unless a replacement (longer than what it replaces)
 * comes: then the array grows.
 */
static wchar_t *to_wide(const char *s, unsigned tflags, size_t *n)
{
	size_t len = strlen(s), cap = len + 1, i = 0, k = 0;
	wchar_t *ws = xmalloc(cap * sizeof *ws);

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		char rep[TEXT_REP_MAX];
		unsigned cp;
		size_t r;

		if (c >= 0x20 && c < 0x7f) { /* printable ASCII: as it is */
			ws[k++] = c;
			i++;
			continue;
		}
		i += text_inert_next(s + i, len - i, tflags, &cp, rep);
		if (!rep[0]) {
			ws[k++] = (wchar_t)cp;
			continue;
		}
		r = strlen(rep);
		if (k + r + (len - i) + 1 > cap) {
			cap = k + r + (len - i) + 1 + 16;
			ws = xrealloc(ws, cap * sizeof *ws);
		}
		for (size_t j = 0; j < r; j++)
			ws[k++] = (unsigned char)rep[j];
	}
	ws[k] = 0;
	*n = k;
	return ws;
}

/* Columns of c: printable ASCII is one without asking wcwidth(); what
 * wcwidth() does not know is one too (draw_text shows it as '?'). */
static int cp_width(wchar_t c)
{
	int w;

	if (c >= 0x20 && c < 0x7f)
		return 1;
	w = wcwidth(c);
	return w < 0 ? 1 : w;
}

int draw_width(const char *s)
{
	size_t n;
	wchar_t *ws = to_wide(s, TEXT_TAB_SPACE, &n);
	int w = 0;

	for (size_t i = 0; i < n; i++)
		w += cp_width(ws[i]);
	free(ws);
	return w;
}

void draw_fill(int y, int x, int h, int w, attr_t attr)
{
	if (h <= 0 || w <= 0)
		return;
	attrset(attr);
	for (int r = 0; r < h; r++)
		mvhline(y + r, x, ' ', w);
	attrset(A_NORMAL);
}

/*
 * The lines are WACS_ characters: in a UTF-8 locale ncurses draws them
 * as the Unicode box characters; ACS_ ones would switch the terminal to
 * its VT100 line set and back around every cell, and leaving that set
 * resets the colour, so each row crossing a line cost two full
 * attribute changes.  Elsewhere WACS_ are the ACS_ ones.
 */
void draw_vline(int y, int x, int n, attr_t attr)
{
	attrset(attr);
	mvvline_set(y, x, WACS_VLINE, n);
	attrset(A_NORMAL);
}

void draw_hline(int y, int x, int n, attr_t attr)
{
	attrset(attr);
	mvhline_set(y, x, WACS_HLINE, n);
	attrset(A_NORMAL);
}

void draw_frame(int y, int x, int h, int w, attr_t attr)
{
	attrset(attr);
	mvadd_wch(y, x, WACS_ULCORNER);
	mvhline_set(y, x + 1, WACS_HLINE, w - 2);
	mvadd_wch(y, x + w - 1, WACS_URCORNER);
	mvvline_set(y + 1, x, WACS_VLINE, h - 2);
	mvvline_set(y + 1, x + w - 1, WACS_VLINE, h - 2);
	mvadd_wch(y + h - 1, x, WACS_LLCORNER);
	mvhline_set(y + h - 1, x + 1, WACS_HLINE, w - 2);
	mvadd_wch(y + h - 1, x + w - 1, WACS_LRCORNER);
	attrset(A_NORMAL);
}

int draw_text(int y, int x, int w, const char *s, attr_t attr,
	      unsigned flags)
{
	size_t n, k = 0;
	wchar_t *ws;
	int used = 0, x0 = x;

	if (w <= 0)
		return 0;
	ws = to_wide(s ? s : "", TEXT_TAB_SPACE, &n);
	for (k = 0; k < n; k++) {
		int cw = ws[k] >= 0x20 && ws[k] < 0x7f ? 1 : wcwidth(ws[k]);

		if (cw < 0) {
			ws[k] = L'?';
			cw = 1;
		}
		if (used + cw > w)
			break;
		used += cw;
	}
	/* clipped: end with a mark (as tig does) so a cut is never mistaken
	 * for the whole text */
	bool clipped = k < n && w >= 2;
	if (clipped) {
		while (k > 0 && used + 1 > w)
			used -= cp_width(ws[--k]);
		used++;
	}
	if (flags & DRAW_RIGHT) {
		x0 = x + w - used;
		if (flags & DRAW_PAD)
			draw_fill(y, x, 1, w - used, attr);
	}
	attrset(attr);
	if (k > 0)
		mvaddnwstr(y, x0, ws, (int)k);
	if (clipped)
		mvaddstr(y, x0 + used - 1, MB_CUR_MAX > 1 ? "\u2026" : "~");
	if ((flags & DRAW_PAD) && !(flags & DRAW_RIGHT) && used < w)
		mvhline(y, x0 + used, ' ', w - used);
	attrset(A_NORMAL);
	free(ws);
	return used;
}

void draw_after(FILE *f, const char *s)
{
	struct buf b = BUF_INIT;

	text_sanitize(&b, s, strlen(s), TEXT_KEEP_NEWLINE | TEXT_KEEP_TAB);
	fwrite(b.s, 1, b.len, f);
	fflush(f);
	buf_release(&b);
}

void draw_clipboard(const char *seq, size_t len)
{
	const char *ms = tigetstr("Ms");
	bool b64 = len > 8 && strncmp(seq, "\033]52;c;", 7) == 0 && seq[len - 1] == '\007';

	/* base64 and the frame only: nothing else may go out this way */
	for (size_t i = 7; b64 && i + 1 < len; i++)
		b64 = strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=",
			     seq[i]) != NULL;
	if (!b64)
		return;
	/* TERMINAL.md 6: terminfo Ms when the terminal has it, else raw */
	if (ms && ms != (char *)-1) {
		char *data = xstrndup(seq + 7, len - 8);

		putp(tiparm(ms, "c", data));
		free(data);
	} else {
		fwrite(seq, 1, len, stdout);
	}
	fflush(stdout);
}

/* Encode code points [a, b) as UTF-8 into a new string. */
static char *to_utf8(const wchar_t *ws, size_t a, size_t b)
{
	char *out = xmalloc(4 * (b - a) + 1), *p = out;

	for (size_t i = a; i < b; i++)
		p += text_utf8_encode((unsigned)ws[i], p);
	*p = '\0';
	return out;
}

static void emit(const wchar_t *ws, size_t a, size_t b,
		 void (*cb)(const char *, void *), void *ctx, int *lines)
{
	char *line = to_utf8(ws, a, b);

	if (cb)
		cb(line, ctx);
	free(line);
	(*lines)++;
}

int draw_wrap(const char *s, int w, void (*cb)(const char *, void *),
	      void *ctx)
{
	size_t n, start = 0, i, space = 0;
	wchar_t *ws = to_wide(s, TEXT_KEEP_NEWLINE | TEXT_TAB_SPACE, &n);
	int used = 0, lines = 0;
	bool have_space = false;

	if (w < 1)
		w = 1;
	for (i = 0; i < n; i++) {
		int cw;

		if (ws[i] == L'\n') {
			emit(ws, start, i, cb, ctx, &lines);
			start = i + 1;
			used = 0;
			have_space = false;
			continue;
		}
		cw = cp_width(ws[i]);
		if (used + cw > w && i > start) {
			if (have_space) { /* break at the last space */
				emit(ws, start, space, cb, ctx, &lines);
				start = space + 1;
			} else {
				emit(ws, start, i, cb, ctx, &lines);
				start = i;
			}
			have_space = false;
			used = 0;
			for (size_t j = start; j < i; j++)
				used += cp_width(ws[j]);
		}
		if (ws[i] == L' ') {
			have_space = true;
			space = i;
		}
		used += cw;
	}
	if (start < n || lines == 0)
		emit(ws, start, n, cb, ctx, &lines);
	free(ws);
	return lines;
}
