/*
 * modal-confirm.c - a y/N question in a box (closing the incident, a
 * send despite blame words, a draft with no channel): y does what
 * t->confirm says (panes_confirm), any other key does not.
 */
#include "tui.h"

static bool confirm_key(struct tui *t, struct modal *m, int key)
{
	(void)m;
	modal_close(t, &confirm_modal);
	panes_confirm(t, key == 'y' || key == 'Y');
	return true;
}

const struct modal_ops confirm_modal = {
	.name = "confirm",
	.flags = MODAL_BOX,
	.footer = "y: yes   any other key: no",
	.key = confirm_key,
};
