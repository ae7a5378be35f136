/*
 * panes.c - routing the loop's calls to the comms, fixes, actions and
 * postmortem panes (panes.h).
 *
 * The loop knows the first three panes by name; the comms, fixes,
 * actions and postmortem panes are reached through here: loading after
 * the incident is re-read, drawing, an action or a click for the pane
 * with the keyboard, the line editor's Enter for their questions, the
 * one-key questions on the status line (an outcome, a category), the
 * y/N boxes (send without a channel, send despite blame words), and the
 * OSC 52 sequence written to the terminal after doupdate().
 */
#include "tui.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"

void pending_clear(struct pending *p)
{
	free(p->what);
	free(p->title);
	free(p->owner);
	free(p->reason);
	memset(p, 0, sizeof *p);
}

/* Only the panes on screen read anything: a pane off screen is released
 * and read again when it is shown (tui_focus reloads).  The next update's
 * due times are read always: the title bar shows them. */
void panes_load(struct tui *t)
{
	if (t->tr.on || !tui_view_rect(t, V_COMMS))
		comms_release(&t->cm); /* travelling: travel_apply() fills it */
	else
		comms_load(t);
	if (!t->tr.on)
		comms_due_load(t);
	if (tui_view_rect(t, V_FIXES))
		fixes_load(t);
	else
		fixes_release(&t->fx);
	if (tui_view_rect(t, V_ACTIONS))
		items_load(t);
	else
		items_release(&t->it);
	if (tui_view_rect(t, V_POSTMORTEM))
		pm_load(t);
	else
		pm_release(&t->pm);
}

void panes_release(struct tui *t)
{
	comms_release(&t->cm);
	free(t->cm.osc52);
	t->cm.osc52 = NULL;
	fixes_release(&t->fx);
	items_release(&t->it);
	pm_release(&t->pm);
	pending_clear(&t->pend);
}

void panes_draw(struct tui *t, enum view v, const struct rect *r, bool focus)
{
	switch (v) {
	case V_COMMS: comms_draw(t, r, focus); break;
	case V_FIXES: fixes_draw(t, r, focus); break;
	case V_ACTIONS: items_draw(t, r, focus); break;
	case V_POSTMORTEM: pm_draw(t, r, focus); break;
	default: break;
	}
}

bool panes_action(struct tui *t, enum view v, enum action a, int key, int rows)
{
	switch (v) {
	case V_COMMS: return comms_action(t, a, key, rows);
	case V_FIXES: return fixes_action(t, a, rows);
	case V_ACTIONS: return items_action(t, a, key, rows);
	case V_POSTMORTEM: return pm_action(t, a, rows);
	default: return false;
	}
}

void panes_click(struct tui *t, enum view v, int row)
{
	if (v == V_FIXES)
		fixes_click(t, row);
	else if (v == V_ACTIONS)
		items_click(t, row);
}

enum calm_rc panes_submit(struct tui *t, const char *text)
{
	switch (t->ed.purpose) {
	case EDIT_FIX_WHAT: case EDIT_FIX_WHY: case EDIT_FIX_NOTE: case EDIT_NOFIX:
		return fixes_submit(t, text);
	case EDIT_ITEM_TITLE: case EDIT_ITEM_OWNER: case EDIT_ITEM_DUE:
	case EDIT_ITEM_FIELD:
		return items_submit(t, text);
	case EDIT_EXPORT_PATH:
		return pm_submit(t, text);
	case EDIT_DRAFT:
		return comms_inline_submit(t, text);
	/* search, roles and time travel (review.h) */
	case EDIT_SEARCH:
		return search_submit(t, text);
	case EDIT_ROLE_PERSON:
		return role_submit(t, text);
	case EDIT_WHEN: case EDIT_BACKFILL: case EDIT_MILESTONE_AT:
	case EDIT_AMEND: case EDIT_STRIKE:
		return capture_submit(t, text);
	case EDIT_TRAVEL: {
		enum calm_rc rc = travel_to_time(t, text);

		if (rc == CALM_OK)
			edit_end(&t->ed);
		return rc;
	}
	default:
		return calm_err_set(&t->app->err, CALM_USAGE, "nothing to save");
	}
}

void panes_ask_key(struct tui *t, int key)
{
	t->dirty |= D_STATUS | D_KEYS;
	if (t->ask == ASK_OUTCOME)
		fixes_outcome_key(t, key);
	else if (t->ask == ASK_MILESTONE)
		capture_milestone_key(t, key);
	else
		items_category_key(t, key);
}

const char *panes_ask_text(const struct tui *t)
{
	switch (t->ask) {
	case ASK_OUTCOME:
		return "outcome: w worked  f failed  p partial  r rolled back  (Esc cancels)";
	case ASK_CATEGORY_NEW:
	case ASK_CATEGORY:
		return "category: t technical change  r training  p policy  o other  Enter none  (Esc cancels)";
	case ASK_MILESTONE:
		return "impact: d detected  s started  m mitigated  r resolved  (Esc cancels)";
	default:
		return "";
	}
}

void panes_confirm(struct tui *t, bool yes)
{
	enum confirm c = t->confirm;

	t->confirm = CONFIRM_NONE;
	if (c == CONFIRM_CLOSE) {
		if (yes)
			input_close(t, t->pend.reason);
		else
			tui_status(t, false, "not closed: the incident stays open");
		pending_clear(&t->pend);
		return;
	}
	if (!yes) {
		t->cm.manual = false;
		tui_status(t, false, "not sent: the draft is kept");
		return;
	}
	if (c == CONFIRM_MANUAL) {
		t->cm.manual = true;
		comms_send(t, false);
	} else if (c == CONFIRM_BLAME) {
		comms_send(t, true);
	}
}

void panes_after_update(struct tui *t)
{
	struct comms_pane *cm = &t->cm;

	if (!cm->osc52)
		return;
	draw_clipboard(cm->osc52, cm->osc52_len);
	free(cm->osc52);
	cm->osc52 = NULL;
	cm->osc52_len = 0;
}
