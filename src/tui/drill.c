/*
 * drill.c - a drill in the console: its clock, the title's DRILL badge,
 * pause and abandon, and the score at the end.
 *
 * When the incident opened is a drill (the database is a drill database
 * and the incident one of its drills), the drill clock (drill.h) starts
 * where it was left, at the drill's speed, and becomes the app's clock:
 * everything the trainee writes carries drill time.  Each loop tick (and
 * the loop wakes in time for the next observation) hands the clock to
 * app_drill_tick(), which delivers what is due and answers fix attempts.
 * The clock runs only while the console has the drill open; leaving it
 * saves where it stands.  D in the picker starts a drill of the selected
 * closed incident: the console then works on the drill database (an app
 * of its own here) until q goes back to the picker, the team's again.  A drill that is done or abandoned opens with
 * its clock stopped where it ended.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calm/buf.h"

/* The running drill's clock as the app's clock (app->now_ms has no
 * context: one console runs one drill). */
static const struct drill_clock *clock_now;
static long long clock_base_ms;

static long long mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static long long drill_now_ms(void)
{
	return clock_base_ms + drill_clock_now(clock_now, mono_us());
}

/* Drill time now. */
static long long drill_ms(const struct tui *t)
{
	return drill_clock_now(&t->dr.clock, mono_us());
}

void drill_open(struct tui *t, long long id)
{
	struct app_drill d;

	/* the clock's state afresh; the picker's drill app (dr.app, dr.team)
	 * stays: t->app may be it */
	t->dr.on = t->dr.running = t->dr.abandon_armed = false;
	t->dr.saved_us = 0;
	t->dr.next_due_ms = -1;
	if (!t->app->drill || app_drill_get(t->app, id, &d, NULL) != CALM_OK)
		return;
	t->dr.on = true;
	t->dr.running = strcmp(d.status, "running") == 0 && !d.closed;
	t->dr.speed = d.speed;
	t->dr.next_due_ms = d.next_due_ms;
	drill_clock_start(&t->dr.clock, d.speed, d.drill_ms, mono_us());
	if (!t->dr.running || d.paused)
		drill_clock_pause(&t->dr.clock, mono_us());
	t->dr.saved_now = t->app->now_ms;
	clock_now = &t->dr.clock;
	clock_base_ms = d.started_ms;
	t->app->now_ms = drill_now_ms;
	app_drill_release(&d);
	if (t->dr.running)
		drill_tick(t); /* what came due while it was closed: nothing (the
				  clock stood still), the attempts logged since */
}

void drill_close(struct tui *t)
{
	struct app_drill_tick tk;

	if (!t->dr.on)
		return;
	if (t->dr.running) /* where it stands, for next time */
		app_drill_tick(t->app, t->id, drill_ms(t), APP_DRILL_PAUSED | APP_DRILL_SAVE, &tk);
	t->app->now_ms = t->dr.saved_now;
	clock_now = NULL;
	t->dr.on = false;
}

/* The score, in a box. */
static void show_score(struct tui *t, const char *why)
{
	const char *people[CONFIG_PEOPLE_MAX + 1];
	struct app_drill_cfg cfg;
	struct drill_report r;
	struct buf b = BUF_INIT;

	config_people(t->opts->config, t->opts->names, people);
	for (int a = 0; a < AUD_COUNT; a++)
		cfg.cadence[a] = config_cadence(t->opts->config, a, t->inc.severity);
	cfg.names = people;
	if (app_drill_score(t->app, t->id, &cfg, &r) != CALM_OK) {
		tui_status(t, true, "%s", t->app->err.msg);
		return;
	}
	buf_addf(&b, "%s\n\n", why);
	drill_report_text(&b, &r);
	buf_addf(&b, "\ncalm drill --report %lld shows it again.\n", t->id);
	modal_open(t, &read_modal, "Drill score", buf_cstr(&b));
	buf_release(&b);
}

/* How often a running drill's clock is saved, real ms (and on pause and
 * leaving): a console killed loses at most this much drill time. */
#define DRILL_SAVE_MS 5000

void drill_tick(struct tui *t)
{
	struct app_drill_tick tk;
	unsigned flags;
	long long now = mono_us();

	if (!t->dr.on || !t->dr.running)
		return;
	flags = t->dr.clock.paused ? APP_DRILL_PAUSED : 0;
	if (now - t->dr.saved_us >= DRILL_SAVE_MS * 1000LL) {
		flags |= APP_DRILL_SAVE;
		t->dr.saved_us = now;
	}
	if (app_drill_tick(t->app, t->id, drill_ms(t), flags, &tk) != CALM_OK) {
		tui_status(t, true, "drill: %s", t->app->err.msg);
		return;
	}
	t->dr.next_due_ms = tk.next_due_ms;
	if (tk.delivered || tk.answered)
		tui_reload(t);
	if (tk.answered)
		tui_status(t, false, "the system answers your fix attempt (timeline, 5 Fixes)");
	if (tk.closed) { /* the routine is complete */
		t->dr.running = false;
		drill_clock_pause(&t->dr.clock, mono_us());
		show_score(t, "The routine is complete: the drill is done.");
	}
}

int drill_wait_ms(const struct tui *t, int ms)
{
	long long us;

	if (!t->dr.on || !t->dr.running || t->dr.next_due_ms < 0)
		return ms;
	us = drill_clock_wait_us(&t->dr.clock, t->dr.next_due_ms, mono_us());
	if (us < 0)
		return ms;
	us = (us + 999) / 1000;
	return us < ms ? (int)us : ms;
}

void drill_action(struct tui *t, int act)
{
	if (!t->dr.on || !t->dr.running) {
		tui_status(t, false, t->dr.on ? "this drill is over" : "not a drill");
		return;
	}
	if (act == ACT_DRILL_PAUSE) {
		if (t->dr.clock.paused)
			drill_clock_resume(&t->dr.clock, mono_us());
		else
			drill_clock_pause(&t->dr.clock, mono_us());
		t->dr.saved_us = 0;
		drill_tick(t); /* saved now */
		tui_status(t, false, t->dr.clock.paused ? "drill paused (P goes on)"
							: "drill going on");
		t->dirty |= D_TITLE;
		return;
	}
	if (!t->dr.abandon_armed) {
		t->dr.abandon_armed = true;
		tui_status(t, true, "A again abandons the drill (it is kept, marked abandoned)");
		return;
	}
	t->dr.abandon_armed = false;
	if (app_drill_abandon(t->app, t->id, drill_ms(t)) != CALM_OK) {
		tui_status(t, true, "%s", t->app->err.msg);
		return;
	}
	t->dr.running = false;
	drill_clock_pause(&t->dr.clock, mono_us());
	tui_reload(t);
	show_score(t, "The drill was abandoned (kept: calm drill --list).");
}

void drill_disarm(struct tui *t, int act)
{
	if (act != ACT_DRILL_ABANDON)
		t->dr.abandon_armed = false;
}

void drill_from_picker(struct tui *t, long long id)
{
	struct scenario *sc = NULL;
	struct calm_err err = { 0 };
	char *path = NULL;
	long long drill = 0;
	enum calm_rc rc;

	if (!t->opts->drill_db || t->app->drill || t->dr.team || tui_readonly(t)) {
		tui_status(t, true, "no drill from here: 'calm drill ID' starts one");
		return;
	}
	if (app_drill_scenario(t->app, id, &sc) != CALM_OK) {
		tui_status(t, true, "%s", t->app->err.msg);
		return;
	}
	if (t->opts->drill_db(t->opts->drill_ctx, &path, &err) != CALM_OK) {
		scenario_free(sc);
		tui_status(t, true, "%s", err.msg);
		return;
	}
	t->dr.app = (struct app){ .pb = t->app->pb, .author = t->app->author,
				  .when_flags = t->app->when_flags };
	rc = app_drill_open(&t->dr.app, path, APP_DRILL_CREATE);
	free(path);
	if (rc == CALM_OK)
		rc = app_drill_start(&t->dr.app, sc, DRILL_SPEED_DEFAULT, &drill);
	scenario_free(sc);
	if (rc != CALM_OK) {
		tui_status(t, true, "%s", t->dr.app.err.msg);
		app_close(&t->dr.app);
		app_release(&t->dr.app);
		return;
	}
	t->dr.team = t->app;
	t->app = &t->dr.app;
	t->back_to = 0;
	t->from_picker = true;
	tui_open(t, drill);
	tui_status(t, false, "drill %lld of incident %lld started: calm drill --list keeps it", drill,
		   id);
}

void drill_leave(struct tui *t)
{
	if (!t->dr.team)
		return;
	drill_close(t);
	app_close(&t->dr.app);
	app_release(&t->dr.app);
	t->app = t->dr.team;
	t->dr.team = NULL;
}

int drill_badge(const struct tui *t, char *buf, size_t n)
{
	char d[32];

	buf[0] = '\0';
	if (!t->dr.on)
		return 0;
	snprintf(buf, n, " DRILL %s %dx%s ", drill_duration(drill_ms(t), d, sizeof d),
		 t->dr.speed, !t->dr.running ? " over" : t->dr.clock.paused ? " PAUSED" : "");
	return draw_width(buf);
}
