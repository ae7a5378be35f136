/*
 * edit.c - the one-line editor at the bottom of the screen.
 *
 * Holds the text as wide characters so the cursor moves by character,
 * and draws it by display columns (wide characters take two, never
 * split), scrolling sideways to keep the cursor visible.  Keys: Left,
 * Right, Home/C-a, End/C-e, C-u (erase to the start), C-w (erase the
 * word before the cursor), Backspace, Delete; Enter finishes, Esc
 * cancels (a note with text asks first: nothing typed is lost by one
 * stray key), C-x hands the text to $EDITOR.  While it is open every
 * other key is text, not a command.
 *
 * A note may hold several lines (a paste, or text back from $EDITOR):
 * the newlines are kept and shown as a return mark, so the one-line
 * editor still shows the whole note and saves it as it was.
 *
 * Text put into the editor (a field's value, a draft, a paste) is kept
 * exactly, whatever it holds, and shown inert while it is edited: a
 * control as ^X, a bidi or invisible character as <U+202E>, each one
 * character to the cursor (one Backspace removes it).  Only NUL and
 * bytes that are not UTF-8 are dropped: stored text never holds them.
 */
#include "tui.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/text.h"

/* Cap what the editor holds: what app_note() accepts. */
#define EDIT_MAX APP_MAX_TEXT

/* How a newline shows in the one-line editor. */
#define RETURN_MARK L'\x23ce'

static const char *labels[] = {
	[EDIT_NOTE] = "note: ",
	[EDIT_OVERRIDE] = "override reason: ",
	[EDIT_TITLE] = "new incident title: ",
	[EDIT_FIELD] = "field: ",
	[EDIT_FIX_WHAT] = "trying: ",
	[EDIT_FIX_WHY] = "why: ",
	[EDIT_FIX_NOTE] = "note: ",
	[EDIT_NOFIX] = "no fix possible, data lost: ",
	[EDIT_ITEM_TITLE] = "action item: ",
	[EDIT_ITEM_OWNER] = "owner: ",
	[EDIT_ITEM_DUE] = "due (YYYY-MM-DD): ",
	[EDIT_ITEM_FIELD] = "item: ",
	[EDIT_EXPORT_PATH] = "export to: ",
	[EDIT_DRAFT] = "draft: ",
	[EDIT_TRAVEL] = "as of (HH:MM or YYYY-MM-DD HH:MM): ",
	[EDIT_SEARCH] = "search: ",
	[EDIT_ROLE_PERSON] = "to: ",
	[EDIT_WHEN] = "when (HH:MM, YYYY-MM-DD HH:MM, -15m): ",
	[EDIT_BACKFILL] = "note: ",
	[EDIT_MILESTONE_AT] = "at (HH:MM, YYYY-MM-DD HH:MM; Enter: now): ",
	[EDIT_AMEND] = "new text: ",
	[EDIT_STRIKE] = "strike out, because: ",
};

_Static_assert(sizeof labels / sizeof labels[0] == EDIT_STRIKE + 1,
	       "a label per purpose");

void edit_begin(struct edit *e, enum edit_purpose purpose)
{
	e->open = true;
	e->purpose = purpose;
	e->len = e->cur = 0;
	e->confirm = false;
	e->has_clean = false;
	snprintf(e->label, sizeof e->label, "%s", labels[purpose]);
}

void edit_mark_clean(struct edit *e)
{
	e->clean = xrealloc(e->clean, (e->len + 1) * sizeof *e->clean);
	memcpy(e->clean, e->s, e->len * sizeof *e->s);
	e->clean_len = e->len;
	e->has_clean = true;
}

/* Whether Esc would lose something: text typed, or a saved text changed. */
static bool edit_dirty(const struct edit *e)
{
	if (e->has_clean)
		return e->len != e->clean_len ||
		       (e->len && memcmp(e->s, e->clean, e->len * sizeof *e->s) != 0);
	return e->len > 0;
}

static bool insert(struct edit *e, wchar_t c)
{
	if (e->len >= EDIT_MAX)
		return false;
	if (e->len == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 64;
		e->s = xrealloc(e->s, e->cap * sizeof *e->s);
	}
	memmove(e->s + e->cur + 1, e->s + e->cur,
		(e->len - e->cur) * sizeof *e->s);
	e->s[e->cur++] = c;
	e->len++;
	return true;
}

static void cut(struct edit *e, size_t from, size_t to)
{
	if (to <= from)
		return; /* nothing to cut (and e->s may not exist yet) */
	memmove(e->s + from, e->s + to, (e->len - to) * sizeof *e->s);
	e->len -= to - from;
	e->cur = from;
}

bool edit_insert_utf8(struct edit *e, const char *s, size_t len)
{
	size_t i = 0;
	bool ok = true;

	while (i < len) {
		unsigned cp;
		size_t l = text_utf8_decode(s + i, len - i, &cp);

		if (l == 0 || cp == 0) { /* not UTF-8, or NUL: never stored */
			i += l ? l : 1;
			continue;
		}
		i += l;
		if (cp == '\n' && EDIT_ONE_LINE(e->purpose))
			cp = ' ';
		if (ok && !insert(e, (wchar_t)cp))
			ok = false;
	}
	return ok;
}

size_t edit_lines(const struct edit *e)
{
	size_t n = 1;

	for (size_t i = 0; i < e->len; i++)
		n += e->s[i] == L'\n';
	return n;
}

enum edit_result edit_key(struct edit *e, int key)
{
	size_t i;

	if (e->confirm) { /* "discard the note you are typing? y/N" */
		e->confirm = false;
		return key == 'y' || key == 'Y' ? EDIT_CANCEL : EDIT_GOING;
	}
	switch (key) {
	case '\r': case '\n': case KEY_FN | KEY_ENTER:
		return EDIT_DONE;
	case 27:
		if (EDIT_MULTILINE(e->purpose) && edit_dirty(e)) {
			e->confirm = true;
			return EDIT_GOING;
		}
		return EDIT_CANCEL;
	case CTRL('x'):
		return e->purpose == EDIT_NOTE ? EDIT_EXTERNAL : EDIT_GOING;
	case KEY_FN | KEY_LEFT:
		if (e->cur > 0)
			e->cur--;
		break;
	case KEY_FN | KEY_RIGHT:
		if (e->cur < e->len)
			e->cur++;
		break;
	case KEY_FN | KEY_HOME: case CTRL('a'):
		e->cur = 0;
		break;
	case KEY_FN | KEY_END: case CTRL('e'):
		e->cur = e->len;
		break;
	case CTRL('u'):
		cut(e, 0, e->cur);
		break;
	case CTRL('w'):
		i = e->cur;
		while (i > 0 && (e->s[i - 1] == L' ' || e->s[i - 1] == L'\n'))
			i--;
		while (i > 0 && e->s[i - 1] != L' ' && e->s[i - 1] != L'\n')
			i--;
		cut(e, i, e->cur);
		break;
	case KEY_FN | KEY_BACKSPACE: case 127: case CTRL('h'):
		if (e->cur > 0)
			cut(e, e->cur - 1, e->cur);
		break;
	case KEY_FN | KEY_DC:
		if (e->cur < e->len)
			cut(e, e->cur, e->cur + 1);
		break;
	default:
		if (!(key & KEY_FN) && key >= 0x20 && key != 0x7f &&
		    !(key >= 0x80 && key < 0xa0) && key <= 0x10ffff)
			insert(e, (wchar_t)key);
		break;
	}
	return EDIT_GOING;
}

char *edit_text(const struct edit *e)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < e->len; i++) {
		char u[MB_LEN_MAX];
		mbstate_t ps;
		size_t l;

		memset(&ps, 0, sizeof ps);
		l = wcrtomb(u, e->s[i], &ps);
		if (l != (size_t)-1)
			buf_add(&b, u, l);
	}
	return buf_detach(&b);
}

/* The character as shown, as UTF-8 in tok: a newline as the return
 * mark, a tab as a space, anything unsafe inert (^[, <U+202E>; *inert
 * set).  Returns its width in columns. */
static int shown(wchar_t c, char tok[16], bool *inert)
{
	char u[4];
	size_t l;
	int w;

	*inert = false;
	if (c == L'\n')
		c = RETURN_MARK;
	else if (c == L'\t')
		c = L' ';
	if (c < 0x20 || c == 0x7f || text_cp_is_unsafe((unsigned)c)) {
		struct buf b = BUF_INIT;

		l = text_utf8_encode((unsigned)c, u);
		text_sanitize(&b, u, l, 0);
		snprintf(tok, 16, "%s", buf_cstr(&b));
		buf_release(&b);
		*inert = true;
		return (int)strlen(tok);
	}
	l = text_utf8_encode((unsigned)c, u);
	memcpy(tok, u, l);
	tok[l] = '\0';
	w = wcwidth(c);
	if (w < 0) {
		snprintf(tok, 16, "?");
		w = 1;
	}
	return w;
}

static int wc_width(wchar_t c)
{
	char tok[16];
	bool inert;

	return shown(c, tok, &inert);
}

void edit_draw(const struct edit *e, const struct rect *r)
{
	attr_t a = theme_attr(ROLE_NORMAL);
	int lw, avail, x, used = 0;
	size_t first = 0, lines = edit_lines(e);
	char label[96];

	draw_fill(r->y, r->x, 1, r->w, a);
	if (e->confirm) {
		draw_text(r->y, r->x, r->w, e->purpose == EDIT_DRAFT ? "discard your changes to the draft? y/N "
					 : "discard the note you are typing? y/N ",
			  theme_attr(ROLE_WARNING), 0);
		return;
	}
	if (lines > 1)
		snprintf(label, sizeof label, "%.*s (%zu lines): ",
			 (int)strcspn(e->label, ":"), e->label, lines);
	else
		snprintf(label, sizeof label, "%s", e->label);
	lw = draw_text(r->y, r->x, r->w, label, theme_attr(ROLE_HEADING), 0);
	avail = r->w - lw - 1; /* a cell for the cursor at the end */
	if (avail < 1)
		return;
	/* scroll so the cursor fits: sum widths back from the cursor */
	{
		int w = 0;
		size_t i = e->cur;

		while (i > 0 && w + wc_width(e->s[i - 1]) <= avail - 1)
			w += wc_width(e->s[--i]);
		first = i;
	}
	x = r->x + lw;
	for (size_t i = first; i < e->len; i++) {
		char tok[16];
		bool inert;
		int cw = shown(e->s[i], tok, &inert);

		if (used + cw > avail)
			break;
		/* an inert stand-in is marked apart from text typed as such */
		draw_text(r->y, x + used, cw, tok, inert ? theme_attr(ROLE_DIM) | A_REVERSE : a, 0);
		used += cw;
	}
	{
		int cx = 0;

		for (size_t i = first; i < e->cur; i++)
			cx += wc_width(e->s[i]);
		move(r->y, x + cx);
	}
}

void edit_end(struct edit *e)
{
	e->open = false;
	e->confirm = false;
	e->has_clean = false;
	e->len = e->cur = 0;
}
