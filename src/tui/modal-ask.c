/*
 * modal-ask.c - a one-key question on the status line (a fix's outcome,
 * an action item's category, a milestone's kind): t->ask says which;
 * the pane that asked takes the key (panes_ask_key) and closes it or
 * asks the next question.
 */
#include "tui.h"

void ask_open(struct tui *t, enum ask kind)
{
	t->ask = kind;
	if (!modal_find(t, &ask_modal))
		modal_open(t, &ask_modal, NULL, NULL);
	t->dirty |= D_STATUS | D_KEYS;
}

void ask_close(struct tui *t)
{
	modal_close(t, &ask_modal);
}

static bool ask_key(struct tui *t, struct modal *m, int key)
{
	(void)m;
	panes_ask_key(t, key);
	return true;
}

static void ask_closed(struct tui *t, struct modal *m)
{
	(void)m;
	t->ask = ASK_NONE;
	t->dirty |= D_STATUS | D_KEYS;
}

const struct modal_ops ask_modal = {
	.name = "question",
	.key = ask_key,
	.close = ask_closed,
};
