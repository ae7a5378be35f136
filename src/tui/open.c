/*
 * open.c - opening and leaving an incident.
 *
 * tui_open() shows an incident: the scrolls reset, the pane of its
 * stage, this console's presence entered (people.c), the calm prompt of
 * the stage when it may be written (not in review) and a recovered
 * note, if one was left.  tui_close() leaves it: presence left, time
 * travel back to now.  tui_fresh() tells `calm new`'s console (which
 * opens the incident just declared) to show similar past incidents.
 */
#include "tui.h"

#include "calm/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void tui_calm_prompt(struct tui *t)
{
	const struct stage *s;
	char title[300];

	if (t->stage < 0 || tui_readonly(t)) /* review: no prompt, no write */
		return;
	if (t->opts->config->prompts_off) { /* prompts: false in config.yaml */
		if (app_stage_begun(t->app, t->id) != CALM_OK)
			tui_status(t, true, "%s", t->app->err.msg);
		tui_reload(t);
		return;
	}
	s = &t->pb->stages[t->stage];
	snprintf(title, sizeof title, "Stage %d/%zu: %s", t->stage + 1,
		 t->pb->nstages, s->title);
	modal_open(t, &calm_modal, title,
		  s->guidance && s->guidance[0] ? s->guidance
						: "Breathe.  One thing at a time.");
}

void tui_open(struct tui *t, long long id)
{
	struct calm_err err = { 0 };
	enum calm_rc rc;
	bool snap, found;

	if (t->id != id || t->picking)
		tui_close(t);
	t->id = id;
	t->picking = false;
	if (!t->dr.on)
		drill_open(t, id); /* before the first read: its clock is the app's */
	t->tl.upto = 0;
	t->tl.follow = true;
	t->cl.sel = t->cl.top = 0;
	t->fl.sel = t->fl.top = 0;
	t->stage = -1;
	/* the stage first (one row, read once), so the panes of its view are
	 * the ones read, once; all in one snapshot */
	snap = app_snapshot_begin(t->app);
	incident_release(&t->inc);
	rc = app_incident(t->app, id, &t->inc);
	if (rc == CALM_OK)
		t->stage = playbook_stage_index(t->pb, t->inc.stage_id);
	else
		err = t->app->err;
	free(t->copy_of);
	t->copy_of = NULL;
	if (t->inc.copy && app_copy_of(t->app, id, &t->copy_of) != CALM_OK)
		t->copy_of = NULL; /* still read-only: inc.copy says so */
	t->view = tui_stage_view(t);
	t->main = t->view == V_TIMELINE ? V_FIELDS : t->view;
	t->app->err = err; /* what the row's read said, for the status line */
	tui_reload_read(t, rc);
	t->pp.enter = true; /* presence is written once the screen is drawn */
	recover_release(&t->draft); /* (its files are named by the database's id) */
	found = !tui_readonly(t) && recover_find(t, id, &t->draft);
	app_snapshot_end(t->app, snap); /* before the prompt: it may write */
	tui_calm_prompt(t);
	if (found) {
		char at[48];

		tui_status(t, false, "recovered unsaved text from %s",
			   when_format(t->draft.mtime_ms, WHEN_FULL, t->app->when_flags, at,
				       sizeof at));
		if (!modal_top(t))
			tui_resume_draft(t);
	}
}

void tui_resume_draft(struct tui *t)
{
	if (!t->draft.text || tui_readonly(t))
		return;
	recover_apply(t, &t->draft);
	recover_release(&t->draft);
}

void tui_close(struct tui *t)
{
	drill_close(t);
	t->pp.enter = false;
	people_leave(t);
	people_release(&t->pp);
	travel_release(&t->tr);
	t->tl.upto = 0;
}

static int count_event(const struct event *ev, void *ctx)
{
	(void)ev;
	++*(int *)ctx;
	return 0;
}

bool tui_fresh(struct tui *t)
{
	int n = 0;

	if (tui_readonly(t) || !t->inc.title ||
	    app_now(t->app) - t->inc.declared_ms > 60000)
		return false;
	app_timeline_page(t->app, t->id, 0, true, 2, 0, count_event, &n, NULL);
	return n == 1;
}
