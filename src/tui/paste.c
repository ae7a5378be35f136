/*
 * paste.c - bracketed paste: a pasted block is text, never commands.
 *
 * Between ESC [ 200 ~ and ESC [ 201 ~ (KEY_PASTE_BEGIN / _END from the
 * loop) every key is collected as UTF-8, up to PASTE_MAX bytes (the rest
 * is dropped, and the status line says so).  When the paste ends the
 * text goes into the open line editor, or becomes a new note with its
 * lines kept, so a pasted log excerpt is one note, not a storm of keys.
 * On a closed incident or over a box, a paste is refused with a reason.
 */
#include "tui.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"

/* A paste larger than this is cut (a pasted block is one note). */
#define PASTE_MAX APP_MAX_TEXT

void paste_add(struct tui *t, int key)
{
	char u[4];
	size_t l;
	unsigned c = (unsigned)key;

	if (key & KEY_FN)
		return;
	if (c == '\r')
		c = '\n';
	if (c < 0x80) {
		u[0] = (char)c;
		l = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		l = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		l = 3;
	} else {
		u[0] = (char)(0xf0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		l = 4;
	}
	if (t->paste_len + l > PASTE_MAX) {
		t->paste_cut = true;
		return;
	}
	t->paste = xrealloc(t->paste, t->paste_len + l + 1);
	memcpy(t->paste + t->paste_len, u, l);
	t->paste_len += l;
}

/* A paste ended: into the open editor, or a new note with it. */
void paste_done(struct tui *t)
{
	t->pasting = false;
	if (!t->ed.open) {
		if (t->picking || t->modal != MODAL_NONE) {
			tui_status(t, true, "paste ignored: open an incident (or close this box) first");
			return;
		}
		if (t->inc.closed) {
			tui_status(t, true, "read-only: incident is closed");
			return;
		}
		edit_begin(&t->ed, EDIT_NOTE);
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

