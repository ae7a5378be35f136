/*
 * paste.c - bracketed paste: a pasted block is text, never commands.
 *
 * Between ESC [ 200 ~ and ESC [ 201 ~ (KEY_PASTE_BEGIN / _END from the
 * loop) every key is collected as UTF-8, up to PASTE_MAX bytes (the rest
 * is dropped, and the status line says so).  When the paste ends the
 * text goes into the open line editor, or becomes a new note with its
 * lines kept, so a pasted log excerpt is one note, not a storm of keys.
 * On a closed incident or over a box, a paste is refused with a reason.
 * A paste is a modal (MODAL_RAW): on top of the stack from its start to
 * its end, it takes every key, C-z included.
 */
#include "tui.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/text.h"

/* A paste larger than this is cut (a pasted block is one note). */
#define PASTE_MAX APP_MAX_TEXT

static void paste_add(struct tui *t, int key)
{
	char u[4];
	size_t l;
	unsigned c = (unsigned)key;

	if (key & KEY_FN)
		return;
	if (c == '\r')
		c = '\n';
	l = text_utf8_encode(c, u);
	if (t->paste_len + l > PASTE_MAX) {
		t->paste_cut = true;
		return;
	}
	t->paste = xrealloc(t->paste, t->paste_len + l + 1);
	memcpy(t->paste + t->paste_len, u, l);
	t->paste_len += l;
}

/* A paste ended: into the open editor, or a new note with it. */
static void paste_done(struct tui *t)
{
	modal_close(t, &paste_modal);
	if (!t->ed.open) {
		if (t->picking || modal_top(t)) {
			tui_status(t, true, "paste ignored: open an incident (or close this box) first");
			return;
		}
		if (t->inc.closed) {
			tui_status(t, true, "read-only: incident is closed");
			return;
		}
		tui_edit_begin(t, EDIT_NOTE);
	}
	if (!edit_insert_utf8(&t->ed, t->paste ? t->paste : "", t->paste_len))
		t->paste_cut = true;
	if (t->paste_cut)
		tui_status(t, true, "paste cut at %d KiB: the rest was dropped (N writes long text in $EDITOR)",
			   APP_MAX_TEXT / 1024);
	else if (t->ed.purpose == EDIT_NOTE && edit_lines(&t->ed) > 1)
		tui_status(t, false, "pasted %zu lines: Enter saves them as one note, Esc drops it",
			   edit_lines(&t->ed));
	else
		tui_status(t, false, "pasted: Enter saves, Esc drops it");
	t->dirty |= D_STATUS | D_KEYS;
}


void paste_begin(struct tui *t)
{
	if (!modal_open(t, &paste_modal, NULL, NULL))
		return;
	t->pasting = true;
	t->paste_len = 0;
	t->paste_cut = false;
}

static bool paste_key(struct tui *t, struct modal *m, int key)
{
	(void)m;
	if (key == KEY_PASTE_END)
		paste_done(t);
	else
		paste_add(t, key);
	return true;
}

static void paste_closed(struct tui *t, struct modal *m)
{
	(void)m;
	t->pasting = false;
}

const struct modal_ops paste_modal = {
	.name = "paste",
	.flags = MODAL_RAW,
	.key = paste_key,
	.close = paste_closed,
};
