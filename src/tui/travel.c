/*
 * travel.c - review: the read-only rule and time travel.
 *
 * Review is calm review (cli->readonly), a database opened read-only,
 * a closed incident, or a read-only copy pulled from another store (calm
 * pull; the title bar says what it is a copy of): every key flagged
 * ACTF_MUTATES says "read-only" and why, and does nothing (input.c asks
 * tui_readonly()).
 *
 * Time travel, in review only: [ and ] step one event, { and } ten, g
 * and G to the first and the newest, t goes to a time typed, . or Esc
 * come back to now.  Every pane then shows the incident just after the
 * selected event, from the replay state (replay.h), and the timeline
 * ends at that event, selected.
 *
 * Speed: nothing is read ahead, so the cost is the same at 100 events
 * as at 1,000,000.  A step reads the ids it passes from the (incident,
 * id) index and keeps the place by counting them; the state is folded
 * from the state events alone (checks, fields, stages, drafts, fixes,
 * actions, roles: never the notes between them), forward from the
 * state held or, going back, from the declaration.  Only a jump to an
 * event or a time counts its place (an index range).
 */
#include "tui.h"

#include "calm/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool tui_readonly(const struct tui *t)
{
	return t->opts->readonly || app_readonly(t->app) || t->tr.on ||
	       (!t->picking && t->id && (t->inc.closed || t->inc.copy));
}

const char *tui_readonly_why(const struct tui *t)
{
	static char why[400];

	if (!t->picking && t->inc.copy) { /* the app's words for the refusal */
		snprintf(why, sizeof why, "read-only: a copy of %.300s (calm pull): change it where it lives",
			 t->copy_of ? t->copy_of : "another store's incident");
		return why;
	}
	if (!t->picking && t->inc.closed)
		return "read-only: incident is closed";
	if (t->tr.on)
		return "read-only: showing the past (. returns to now)";
	return "read-only: review (the database is open read-only)";
}

void travel_release(struct travel *tr)
{
	if (tr->incident)
		replay_release(&tr->st);
	memset(tr, 0, sizeof *tr);
}

static int apply_one(const struct replay_event *ev, void *ctx)
{
	replay_apply(ctx, ev);
	return 0;
}

/* Start travelling the incident on screen: its size (the counts kept
 * as rows); step() then finds its newest event. */
static bool load(struct tui *t)
{
	struct travel *tr = &t->tr;
	struct incident_counts c;

	if (tr->incident == t->id && tr->n)
		return true;
	travel_release(tr);
	if (app_incident_counts(t->app, t->id, &c) != CALM_OK) {
		tui_status(t, true, "%s", t->app->err.msg);
		return false;
	}
	if (c.events <= 0)
		return false;
	tr->incident = t->id;
	tr->n = c.events;
	tr->pos = c.events;
	replay_init(&tr->st);
	tr->folded = 0;
	return true;
}

/* Make tr->st the state just after event tr->id. */
static void fold(struct tui *t)
{
	struct travel *tr = &t->tr;

	if (tr->id == tr->folded)
		return;
	if (tr->id < tr->folded) { /* back: from the declaration */
		replay_release(&tr->st);
		replay_init(&tr->st);
		tr->folded = 0;
	}
	if (app_replay_state(t->app, t->id, tr->folded, tr->id, apply_one, &tr->st) != CALM_OK)
		tui_status(t, true, "%s", t->app->err.msg);
	tr->folded = tr->id;
}

struct step {
	long long id, ts, passed;
};

static int step_one(long long event, long long ts_ms, void *ctx)
{
	struct step *s = ctx;

	s->id = event;
	s->ts = ts_ms;
	s->passed++;
	return 0;
}

/* The time of event tr->id (a jump knows only the id). */
static void time_of(struct tui *t)
{
	struct travel *tr = &t->tr;
	struct step s = { 0 };

	if (app_event_steps(t->app, t->id, tr->id + 1, false, 1, step_one, &s, NULL) == CALM_OK &&
	    s.id == tr->id)
		tr->ts = s.ts;
}

/* Show the state after the selected event (travelling on). */
static void show(struct tui *t)
{
	struct travel *tr = &t->tr;

	fold(t);
	tr->on = true;
	t->tl.follow = true;
	t->tl.upto = tr->id;
	tui_reload(t);
}

/* Move d events from the selected one (from the newest when not yet
 * travelling), stopping at either end. */
static void step(struct tui *t, long long d)
{
	struct travel *tr = &t->tr;
	struct step s = { 0 };

	if (!tr->on) { /* from now: the newest event */
		if (app_event_steps(t->app, t->id, 0, false, 1, step_one, &s, NULL) != CALM_OK)
			goto fail;
		tr->id = s.id;
		tr->ts = s.ts;
		tr->pos = tr->n;
		s = (struct step){ 0 };
	}
	if (d != 0 &&
	    app_event_steps(t->app, t->id, tr->id, d > 0, (size_t)(d > 0 ? d : -d), step_one, &s,
			    NULL) != CALM_OK)
		goto fail;
	if (s.passed) {
		tr->id = s.id;
		tr->ts = s.ts;
		tr->pos += d > 0 ? s.passed : -s.passed;
	}
	show(t);
	return;
fail:
	tui_status(t, true, "%s", t->app->err.msg);
}

/* Jump to event (one of the incident's): its place is counted. */
static void jump(struct tui *t, long long event)
{
	struct travel *tr = &t->tr;
	long long pos = 0;

	if (app_event_position(t->app, t->id, event, &pos) != CALM_OK) {
		tui_status(t, true, "%s", t->app->err.msg);
		return;
	}
	if (pos == 0) {
		tui_status(t, true, "event %lld is not one of this incident's", event);
		return;
	}
	tr->id = event;
	tr->pos = pos;
	time_of(t);
	show(t);
}

static void now(struct tui *t)
{
	if (!t->tr.on)
		return;
	t->tr.on = false;
	t->tl.upto = 0;
	t->tl.follow = true;
	tui_status(t, false, "back to now");
	tui_reload(t);
}

void travel_select(struct tui *t, long long event)
{
	struct step s = { 0 };

	if (!tui_readonly(t) || !load(t))
		return;
	/* the first event at or after the one asked for */
	if (app_event_steps(t->app, t->id, event - 1, true, 1, step_one, &s, NULL) != CALM_OK) {
		tui_status(t, true, "%s", t->app->err.msg);
		return;
	}
	if (!s.id && app_event_steps(t->app, t->id, 0, false, 1, step_one, &s, NULL) != CALM_OK)
		return;
	if (s.id)
		jump(t, s.id);
}

void travel_action(struct tui *t, enum action a)
{
	struct travel *tr = &t->tr;
	struct step s = { 0 };
	long long d = 0;

	if (a == ACT_TRAVEL_NOW) {
		now(t);
		return;
	}
	if (!tui_readonly(t)) {
		tui_status(t, false, "time travel is for review: a closed incident or calm review");
		return;
	}
	if (!load(t))
		return;
	switch (a) {
	case ACT_TRAVEL_BACK: case ACT_UP: d = -1; break;
	case ACT_TRAVEL_FWD: case ACT_DOWN: d = 1; break;
	case ACT_TRAVEL_BACK10: case ACT_PGUP: d = -10; break;
	case ACT_TRAVEL_FWD10: case ACT_PGDN: d = 10; break;
	case ACT_TOP: /* the declaration */
		if (app_event_steps(t->app, t->id, 0, true, 1, step_one, &s, NULL) == CALM_OK &&
		    s.id) {
			tr->id = s.id;
			tr->ts = s.ts;
			tr->pos = 1;
			show(t);
		}
		return;
	case ACT_BOTTOM:
		tr->on = false; /* the newest, as step() starts */
		step(t, 0);
		return;
	case ACT_TRAVEL_TIME:
		tui_edit_begin(t, EDIT_TRAVEL);
		t->dirty |= D_STATUS;
		return;
	default:
		return;
	}
	step(t, d);
}

enum calm_rc travel_to_time(struct tui *t, const char *text)
{
	struct travel *tr = &t->tr;
	struct calm_err why = { 0 };
	struct step s = { 0 };
	long long want, event = 0;

	if (!load(t))
		return calm_err_set(&t->app->err, CALM_USAGE, "no events to travel through");
	if (!tr->on) { /* a bare HH:MM is on the day of the selected event: now, the newest */
		if (app_event_steps(t->app, t->id, 0, false, 1, step_one, &s, NULL) != CALM_OK)
			return t->app->err.rc;
		tr->ts = s.ts;
	}
	if (when_parse(text, WHEN_DATETIME | WHEN_CLOCK_DAY | (t->app->when_flags & WHEN_LOCAL),
		       tr->ts, &want, &why) != CALM_OK)
		return calm_err_set(&t->app->err, CALM_USAGE, "%s", why.msg);
	want = want / 60000 * 60000 + 59999; /* the whole minute typed */
	if (app_event_by_time(t->app, t->id, want, &event) != CALM_OK)
		return t->app->err.rc;
	if (event) {
		jump(t, event);
		return CALM_OK;
	}
	s = (struct step){ 0 };
	if (app_event_steps(t->app, t->id, 0, true, 1, step_one, &s, NULL) == CALM_OK && s.id) {
		tr->id = s.id;
		tr->ts = s.ts;
		tr->pos = 1;
		show(t);
	}
	tui_status(t, false, "that is before the first event: showing the declaration");
	return CALM_OK;
}

void travel_title(const struct tui *t, char *buf, size_t n)
{
	const struct travel *tr = &t->tr;
	char when[24];

	buf[0] = '\0';
	if (!tr->on || !tr->n)
		return;
	snprintf(buf, n, "as of %s (event %lld of %lld)",
		 when_format(tr->ts, WHEN_HMS, t->app->when_flags, when, sizeof when),
		 tr->pos, tr->n);
}
