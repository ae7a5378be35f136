/*
 * modal-edit.c - the line editor as a modal: while it is open every key
 * is text (keys are not commands), Enter saves (input_submit), Esc
 * cancels, C-x hands the text to $EDITOR.  C-c never drops what was
 * typed.  The editor's buffer is t->ed (edit.c, curses-free); opening
 * it pushes this modal and closing it pops it, wherever it is in the
 * stack (a box over it, such as the database gone, stays).
 */
#include "tui.h"

#include <stdlib.h>

void tui_edit_begin(struct tui *t, enum edit_purpose purpose)
{
	edit_begin(&t->ed, purpose);
	if (!modal_find(t, &edit_modal))
		modal_open(t, &edit_modal, NULL, NULL);
	t->dirty |= D_STATUS | D_KEYS;
}

void tui_edit_end(struct tui *t)
{
	edit_end(&t->ed);
	modal_close(t, &edit_modal);
}

static void cancel(struct tui *t)
{
	if (t->ed.purpose == EDIT_SEARCH && t->picking)
		filter_text(t, NULL);
	tui_edit_end(t);
	pending_clear(&t->pend);
	recover_done(t); /* a kept text, discarded: its file goes */
	tui_status(t, false, "cancelled");
}

static bool editor_key(struct tui *t, struct modal *m, int key)
{
	(void)m;
	if (key == CTRL('c')) { /* never loses typed text */
		tui_status(t, false, "C-c does not drop what you typed: Enter saves, Esc discards");
		return true;
	}
	if (t->status[0] && !t->ed.confirm) {
		t->status[0] = '\0';
		t->dirty |= D_STATUS;
	}
	switch (edit_key(&t->ed, key)) {
	case EDIT_DONE:
		input_submit(t);
		break;
	case EDIT_CANCEL:
		cancel(t);
		break;
	case EDIT_EXTERNAL:
		input_long_note(t);
		break;
	case EDIT_GOING:
		if (t->ed.purpose == EDIT_SEARCH && t->picking) {
			char *typed = edit_text(&t->ed); /* filter as you type */

			filter_text(t, typed);
			free(typed);
		}
		break;
	}
	t->dirty |= D_STATUS | D_KEYS;
	return true;
}

/* Popped by someone else (leaving): the buffer closes with it. */
static void editor_close(struct tui *t, struct modal *m)
{
	(void)m;
	if (t->ed.open)
		edit_end(&t->ed);
}

const struct modal_ops edit_modal = {
	.name = "editor",
	.key = editor_key,
	.close = editor_close,
};
