/*
 * modal-text.c - text read in a box: the keys (help), a hand-off brief,
 * an event or a drill's score read whole (both scroll: j/k, PgDn/PgUp,
 * g/G; any other key closes them), and a short note any key closes (a
 * stage's guidance clicked on the rail).
 */
#include "tui.h"

/* A key in a box that scrolls: a movement scrolls, any other closes. */
static bool scroll_key(struct tui *t, struct modal *m, int key)
{
	if (!prompt_scroll_key(t, m, key))
		modal_close(t, m->ops);
	return true;
}

static bool info_key(struct tui *t, struct modal *m, int key)
{
	(void)key;
	modal_close(t, m->ops);
	return true;
}

const struct modal_ops help_modal = {
	.name = "help",
	.flags = MODAL_BOX,
	.footer = "Any other key closes this help.",
	.key = scroll_key,
};

const struct modal_ops read_modal = {
	.name = "read",
	.flags = MODAL_BOX,
	.footer = "Any other key closes this.",
	.key = scroll_key,
};

const struct modal_ops info_modal = {
	.name = "info",
	.flags = MODAL_BOX,
	.footer = "Any key closes this.",
	.key = info_key,
};
