/*
 * panes.c - the table of panes (struct pane_ops, panes.h), by view.
 *
 * The loop reaches every pane through pane_table[]: loading what is on
 * screen after the incident is re-read, drawing, an action or a click
 * for the pane with the keyboard.  Also here: the line editor's Enter
 * for the panes' questions, the
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

/* ---- the table: adapters to one signature per operation ---- */

static void tl_load(struct tui *t)
{
	const struct rect *r = tui_timeline_rect(t);

	timeline_load(t, &t->tl, r ? r->h - 1 : 0, r ? r->w : 0);
}

static void tl_release(struct tui *t) { timeline_release(&t->tl); }

static void tl_draw(struct tui *t, const struct rect *r, bool focus)
{
	timeline_draw(t, &t->tl, r, focus);
}

static bool tl_key(struct tui *t, enum action a, int key, int rows)
{
	(void)key;
	return timeline_action(t, &t->tl, a, rows);
}

static void tl_click(struct tui *t, int row) { timeline_click(t, &t->tl, row); }

static void cl_release(struct tui *t) { checklist_release(&t->cl); }

static bool cl_key(struct tui *t, enum action a, int key, int rows)
{
	(void)key;
	return checklist_action(t, a, rows);
}

static void fl_release(struct tui *t) { fields_release(&t->fl); }

static bool fl_key(struct tui *t, enum action a, int key, int rows)
{
	(void)key;
	return fields_action(t, a, rows);
}

/* Travelling in time, travel_apply() fills the comms pane instead. */
static void cm_load(struct tui *t)
{
	if (t->tr.on)
		comms_release(&t->cm);
	else
		comms_load(t);
}

static void cm_release(struct tui *t) { comms_release(&t->cm); }

static void fx_release(struct tui *t) { fixes_release(&t->fx); }

static bool fx_key(struct tui *t, enum action a, int key, int rows)
{
	(void)key;
	return fixes_action(t, a, rows);
}

static void it_release(struct tui *t) { items_release(&t->it); }

static void pm_release_all(struct tui *t) { pm_release(&t->pm); }

static bool pm_key(struct tui *t, enum action a, int key, int rows)
{
	(void)key;
	return pm_action(t, a, rows);
}

const struct pane_ops pane_table[V_COUNT] = {
	[V_CHECKLIST] = { .name = "Checklist", .always = true, .load = checklist_load,
			  .release = cl_release, .draw = checklist_draw, .key = cl_key,
			  .click = checklist_click },
	[V_TIMELINE] = { .name = "Timeline", .load = tl_load, .release = tl_release,
			 .draw = tl_draw, .key = tl_key, .click = tl_click },
	[V_FIELDS] = { .name = "Fields", .always = true, .load = fields_load,
		       .release = fl_release, .draw = fields_draw, .key = fl_key,
		       .click = fields_click },
	[V_COMMS] = { .name = "Comms", .load = cm_load, .release = cm_release,
		      .draw = comms_draw, .key = comms_action },
	[V_FIXES] = { .name = "Fixes", .load = fixes_load, .release = fx_release,
		      .draw = fixes_draw, .key = fx_key, .click = fixes_click },
	[V_ACTIONS] = { .name = "Actions", .load = items_load, .release = it_release,
			.draw = items_draw, .key = items_action, .click = items_click },
	[V_POSTMORTEM] = { .name = "Postmortem", .load = pm_load, .release = pm_release_all,
			   .draw = pm_draw, .key = pm_key },
};

/* Only the panes on screen read anything (and the two small ones that
 * something else on screen needs: the checklist for the gate, the
 * fields for the title); a pane off screen is released and read again
 * when it is shown (tui_focus reloads).  The timeline is read last, by
 * tui_reload, in the room the others leave it.  The next update's due
 * times are read always: the title bar shows them. */
void panes_load(struct tui *t)
{
	for (int v = 0; v < V_COUNT; v++) {
		const struct pane_ops *p = &pane_table[v];

		if (v == V_TIMELINE)
			continue;
		if (p->always || tui_view_rect(t, (enum view)v))
			p->load(t);
		else
			p->release(t);
	}
	if (!t->tr.on)
		comms_due_load(t);
}

void panes_release(struct tui *t)
{
	for (int v = 0; v < V_COUNT; v++)
		pane_table[v].release(t);
	free(t->cm.osc52);
	t->cm.osc52 = NULL;
	pending_clear(&t->pend);
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
			tui_edit_end(t);
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
