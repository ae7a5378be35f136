/*
 * modal-gate.c - the gate is closed: what is still missing, in a box.
 * o overrides it with a written reason (the line editor, EDIT_OVERRIDE);
 * any other key stays on the stage.  A click does not answer it: the
 * override is a decision, never a stray click.
 */
#include "tui.h"

static bool gate_key(struct tui *t, struct modal *m, int key)
{
	(void)m;
	modal_close(t, &gate_modal);
	if (key == 'o')
		tui_edit_begin(t, EDIT_OVERRIDE);
	return true;
}

const struct modal_ops gate_modal = {
	.name = "gate",
	.flags = MODAL_BOX | MODAL_NOCLICK,
	.footer = "o: override with a reason   any other key: stay here",
	.key = gate_key,
};
