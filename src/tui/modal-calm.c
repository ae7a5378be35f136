/*
 * modal-calm.c - a stage's calm prompt: its guidance in a box, any key
 * begins the stage (recorded as an event, so a second console does not
 * prompt again), then a text kept from before comes back to the editor.
 */
#include "tui.h"

static bool calm_key(struct tui *t, struct modal *m, int key)
{
	(void)m;
	(void)key;
	modal_close(t, &calm_modal);
	if (!t->picking) {
		if (app_stage_begun(t->app, t->id) != CALM_OK)
			tui_status(t, true, "%s", t->app->err.msg);
		tui_reload(t);
		tui_resume_draft(t);
	}
	return true;
}

const struct modal_ops calm_modal = {
	.name = "calm prompt",
	.flags = MODAL_BOX,
	.footer = "Press any key to begin this stage.",
	.key = calm_key,
};
