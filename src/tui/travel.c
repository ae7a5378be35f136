/*
 * travel.c - review: the read-only rule and time travel.
 *
 * Review is calm review (cli->readonly), a database opened read-only,
 * or a closed incident: every key flagged ACTF_MUTATES says "read-only"
 * and does nothing (input.c asks tui_readonly()).
 *
 * Time travel, in review only: [ and ] step one event, { and } ten, t
 * goes to a time typed, . or Esc come back to now.  Every pane then
 * shows the incident just after the selected event, from the replay
 * state (replay.h), and the timeline ends at that event, selected.
 *
 * Speed: entering travel reads the events once (app_replay_events), folding
 * them into the state, keeping every event's id and time and a copy of
 * the state every TRAVEL_SNAP_EVERY events.  A step forward folds only
 * the events between (one query); a step back starts from the nearest
 * copy at or before the target and folds at most TRAVEL_SNAP_EVERY
 * events.  So a step costs the same on 100 events as on 100,000.
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
	       (!t->picking && t->id && t->inc.closed);
}

const char *tui_readonly_why(const struct tui *t)
{
	if (!t->picking && t->inc.closed)
		return "read-only: incident is closed";
	if (t->tr.on)
		return "read-only: showing the past (. returns to now)";
	return "read-only: review (the database is open read-only)";
}

void travel_release(struct travel *tr)
{
	free(tr->ids);
	free(tr->ts);
	for (size_t i = 0; i < tr->nsnap; i++)
		replay_release(&tr->snap[i].st);
	free(tr->snap);
	if (tr->incident)
		replay_release(&tr->st);
	memset(tr, 0, sizeof *tr);
}

static int load_one(const struct replay_event *ev, void *ctx)
{
	struct travel *tr = ctx;

	replay_apply(&tr->st, ev);
	if (tr->n == tr->cap) {
		tr->cap = tr->cap ? tr->cap * 2 : 1024;
		tr->ids = xrealloc(tr->ids, tr->cap * sizeof *tr->ids);
		tr->ts = xrealloc(tr->ts, tr->cap * sizeof *tr->ts);
	}
	tr->ids[tr->n] = ev->id;
	tr->ts[tr->n] = ev->ts_ms;
	if (tr->n % TRAVEL_SNAP_EVERY == TRAVEL_SNAP_EVERY - 1) {
		tr->snap = xrealloc(tr->snap, (tr->nsnap + 1) * sizeof *tr->snap);
		tr->snap[tr->nsnap].at = tr->n;
		replay_state_copy(&tr->snap[tr->nsnap].st, &tr->st);
		tr->nsnap++;
	}
	tr->n++;
	return 0;
}

/* Read every event of the incident once; the state ends at the newest. */
static bool load(struct tui *t)
{
	struct travel *tr = &t->tr;

	if (tr->incident == t->id && tr->n)
		return true;
	travel_release(tr);
	tr->incident = t->id;
	replay_init(&tr->st);
	if (app_replay_events(t->app, t->id, 0, 0, 0, load_one, tr, NULL) != CALM_OK) {
		tui_status(t, true, "%s", t->app->err.msg);
		travel_release(tr);
		return false;
	}
	if (tr->n == 0) {
		travel_release(tr);
		return false;
	}
	tr->at = tr->n - 1;
	return true;
}

static int apply_one(const struct replay_event *ev, void *ctx)
{
	replay_apply(ctx, ev);
	return 0;
}

/* Make tr->st the state just after ids[k]. */
static void step_to(struct tui *t, size_t k)
{
	struct travel *tr = &t->tr;
	size_t snaps = (k + 1) / TRAVEL_SNAP_EVERY; /* copies at or before k */
	long long after;

	if (k >= tr->n)
		k = tr->n - 1;
	if (k == tr->at)
		return;
	if (k > tr->at && (snaps == 0 || tr->snap[snaps - 1].at <= tr->at)) {
		after = tr->ids[tr->at]; /* forward from here */
	} else {
		replay_release(&tr->st);
		if (snaps) {
			replay_state_copy(&tr->st, &tr->snap[snaps - 1].st);
			after = tr->ids[tr->snap[snaps - 1].at];
		} else {
			replay_init(&tr->st);
			after = 0;
		}
	}
	if (tr->ids[k] > after &&
	    app_replay_events(t->app, t->id, after, tr->ids[k], 0, apply_one, &tr->st,
			      NULL) != CALM_OK)
		tui_status(t, true, "%s", t->app->err.msg);
	tr->at = k;
}

/* Show the state after event index k (travelling on). */
static void go(struct tui *t, long long k)
{
	struct travel *tr = &t->tr;

	if (k < 0)
		k = 0;
	if (k >= (long long)tr->n)
		k = (long long)tr->n - 1;
	step_to(t, (size_t)k);
	tr->on = true;
	t->tl.follow = true;
	t->tl.upto = tr->ids[tr->at];
	tui_reload(t);
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
	struct travel *tr = &t->tr;
	size_t lo = 0, hi;

	if (!tui_readonly(t) || !load(t))
		return;
	hi = tr->n;
	while (lo < hi) { /* the first id >= event */
		size_t mid = (lo + hi) / 2;

		if (tr->ids[mid] < event)
			lo = mid + 1;
		else
			hi = mid;
	}
	go(t, (long long)(lo < tr->n ? lo : tr->n - 1));
}

void travel_action(struct tui *t, enum action a)
{
	struct travel *tr = &t->tr;
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
	case ACT_TOP: d = -(long long)tr->n; break;
	case ACT_BOTTOM: d = (long long)tr->n; break;
	case ACT_TRAVEL_TIME:
		edit_begin(&t->ed, EDIT_TRAVEL);
		t->dirty |= D_STATUS;
		return;
	default:
		return;
	}
	go(t, (long long)(tr->on ? tr->at : tr->n - 1) + d);
}

enum calm_rc travel_to_time(struct tui *t, const char *text)
{
	struct travel *tr = &t->tr;
	struct calm_err why = { 0 };
	long long want;
	size_t lo = 0, hi;

	if (!load(t))
		return calm_err_set(&t->app->err, CALM_USAGE, "no events to travel through");
	/* a bare HH:MM is on the day of the selected event */
	if (when_parse(text, WHEN_DATETIME | WHEN_CLOCK_DAY | (t->app->when_flags & WHEN_LOCAL),
		       tr->ts[tr->on ? tr->at : tr->n - 1], &want, &why) != CALM_OK)
		return calm_err_set(&t->app->err, CALM_USAGE, "%s", why.msg);
	want = want / 60000 * 60000 + 59999; /* the whole minute typed */
	hi = tr->n;
	while (lo < hi) { /* the first event after want */
		size_t mid = (lo + hi) / 2;

		if (tr->ts[mid] <= want)
			lo = mid + 1;
		else
			hi = mid;
	}
	go(t, lo ? (long long)lo - 1 : 0);
	if (!lo)
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
	snprintf(buf, n, "as of %s (event %zu of %zu)",
		 when_format(tr->ts[tr->at], WHEN_HMS, t->app->when_flags, when, sizeof when),
		 tr->at + 1, tr->n);
}
