/*
 * test-app-summary.c - the review summary (app_summary) of an incident
 * of any length: it equals a fold over every event (the way it was
 * made before it read indexes) on an incident of every kind of event,
 * several authors, corrections and damaged rows, and it reads a
 * bounded number of rows however many notes the timeline holds.  On
 * both engines (backend.h); the rows are counted on SQLite only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/app.h"
#include "calm/app-read.h"
#include "calm/buf.h"
#include "calm/config.h"
#include "calm/replay.h"
#include "calm/store-replay.h"
#include "backend.h"
#include "fixture-app.h"

struct fixture {
	char *path;
	struct playbook *pb;
	struct app app;
	long long id;
};

static long long now_ms = 1769954700000LL; /* 2026-02-01T14:05:00Z */

static long long fixed_now(void)
{
	return now_ms;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	fx->path = tb_fresh("app-summary");
	app_fixture_open(&fx->pb, &fx->app, fx->path, "alice", fixed_now);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	app_fixture_close(&fx->pb, &fx->app);
	tb_drop(fx->path);
	free(fx);
	return 0;
}

/* ---- the reference: every event folded, in the order written ---- */

struct walk {
	struct buf people;      /* "name:events:roles|" in order of first appearance */
	char *names[64];
	long long events[64];
	struct buf roles[64];
	size_t n;
	long long all, notes, damaged, first_damaged;
};

static size_t walk_person(struct walk *w, const char *name)
{
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->names[i], name) == 0)
			return i;
	assert_true(w->n < 64);
	w->names[w->n] = strdup(name);
	w->roles[w->n] = (struct buf)BUF_INIT;
	return w->n++;
}

static int walk_one(const struct replay_event *ev, void *ctx)
{
	struct walk *w = ctx;

	w->all++;
	if (ev->damaged) {
		if (!w->damaged++)
			w->first_damaged = ev->id;
		return 0;
	}
	w->events[walk_person(w, ev->author)]++;
	if (strcmp(ev->kind, "note") == 0)
		w->notes++;
	if (strcmp(ev->kind, "role") == 0) {
		const char *who = replay_get(ev, "person"), *role = replay_get(ev, "role");
		if (who && who[0] && role) {
			struct buf *b = &w->roles[walk_person(w, who)];
			if (!strstr(buf_cstr(b), role))
				buf_addf(b, "%s,", role);
		}
	}
	return 0;
}

/* The same line for the reference and for app_summary. */
static char *walk_line(struct fixture *fx)
{
	struct walk w = { .people = BUF_INIT };
	struct calm_err err = { 0 };

	assert_int_equal(store_events_kv(fx->app.st, fx->id, 0, 0, 0, 0, walk_one, &w, NULL, &err),
			 CALM_OK);
	for (size_t i = 0; i < w.n; i++) {
		buf_addf(&w.people, "%s:%lld:%s|", w.names[i], w.events[i], buf_cstr(&w.roles[i]));
		free(w.names[i]);
		buf_release(&w.roles[i]);
	}
	buf_addf(&w.people, " events %lld notes %lld damaged %lld first %lld", w.all, w.notes,
		 w.damaged, w.first_damaged);
	return buf_detach(&w.people);
}

static char *summary_line(const struct app_summary *s)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < s->npeople; i++) {
		if (s->people[i].events == 0 && !s->people[i].roles[0])
			fail_msg("%s is there for nothing", s->people[i].name);
		buf_addf(&b, "%s:%lld:", s->people[i].name, s->people[i].events);
		for (size_t r = 0; s->people[i].roles[r]; r++)
			buf_addf(&b, "%s,", s->people[i].roles[r]);
		buf_addc(&b, '|');
	}
	buf_addf(&b, " events %lld notes %lld damaged %lld first %lld", s->events, s->notes,
		 s->damaged, s->first_damaged);
	return buf_detach(&b);
}

static void as(struct fixture *fx, const char *who)
{
	fx->app.author = who;
	now_ms += 1000;
}

/* Rows written behind calm's back, each damaged in its own way: a
 * time out of range, a kind calm never writes, data that is not JSON;
 * carol's first event is one of them, mallory has nothing else. */
static void craft(struct fixture *fx)
{
	char sql[2048];
	long long i = fx->id;

	const char *z = TB_SQL("zeroblob(32)", "decode(repeat('00', 32), 'hex')");

	snprintf(sql, sizeof sql,
		 "%s"
		 "INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)"
		 " VALUES (%lld, 9223372036854775807, 'mallory', 'note', 'late', NULL, %s);"
		 "INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)"
		 " VALUES (%lld, 1769954760000, 'carol', 'No Kind!', 'odd', '{}', %s);"
		 "INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)"
		 " VALUES (%lld, 1769954760000, 'bob', 'field', 'bad', '{\"field\": ', %s);",
		 TB_SQL("PRAGMA ignore_check_constraints = ON;",
			"ALTER TABLE events DROP CONSTRAINT IF EXISTS events_data_check;"),
		 i, z, i, z, i, z);
	tb_exec(fx->path, sql);
}

/* Declared by alice; notes by three people (bob amends and strikes one
 * of his); roles taken; a field set; a gate overridden; damaged rows. */
static void mixed(struct fixture *fx)
{
	struct gate_report rep = { 0 };
	long long note = 0;

	assert_int_equal(app_declare(&fx->app, "Checkout down", 2, NULL, &fx->id), CALM_OK);
	as(fx, "bob");
	assert_int_equal(app_note(&fx->app, fx->id, "p99 up", 6, &note), CALM_OK);
	assert_int_equal(app_amend(&fx->app, note, "p99 way up", 10), CALM_OK);
	assert_int_equal(app_strike(&fx->app, note, "wrong graph"), CALM_OK);
	craft(fx);
	as(fx, "carol");
	assert_int_equal(app_note(&fx->app, fx->id, "seen in eu", 10, NULL), CALM_OK);
	assert_int_equal(app_role_assign(&fx->app, fx->id, "scribe", "carol"), CALM_OK);
	as(fx, "alice");
	assert_int_equal(app_role_assign(&fx->app, fx->id, "commander", "alice"), CALM_OK);
	assert_int_equal(app_set_field(&fx->app, fx->id, "impact", "eu checkout", NULL), CALM_OK);
	assert_int_equal(app_advance(&fx->app, fx->id, NULL, "no time", &rep, NULL), CALM_OK);
	gate_report_release(&rep);
	as(fx, "dave");
	assert_int_equal(app_note(&fx->app, fx->id, "rolled back", 11, NULL), CALM_OK);
}

static void add_notes(struct fixture *fx, const char *who, long long n)
{
	struct calm_err err = { 0 };
	char text[64];

	for (long long done = 0; done < n;) {
		assert_int_equal(store_begin(fx->app.st, &err), CALM_OK);
		for (long long i = 0; i < 20000 && done < n; i++, done++) {
			snprintf(text, sizeof text, "note %lld", done);
			struct event ev = { .incident = fx->id, .ts_ms = ++now_ms, .author = who,
					    .kind = "note", .text = text };
			assert_int_equal(store_append_event(fx->app.st, &ev, NULL, NULL, &err),
					 CALM_OK);
		}
		assert_int_equal(store_commit(fx->app.st, &err), CALM_OK);
	}
}

static void check_equal(struct fixture *fx)
{
	struct app_summary s;
	char *want = walk_line(fx), *got;

	assert_int_equal(app_summary(&fx->app, fx->id, &s), CALM_OK);
	got = summary_line(&s);
	assert_string_equal(got, want);
	free(got);
	free(want);
	app_summary_release(&s);
}

/* Every kind of event, several authors, corrections and damaged rows:
 * the people in the order they appeared, their sound events counted,
 * the damaged counted apart; the rest from the state events. */
static void app_summary__equals_a_fold_over_every_event(void **state)
{
	struct fixture *fx = *state;
	struct app_summary s;
	char *got;

	mixed(fx);
	check_equal(fx);
	assert_int_equal(app_summary(&fx->app, fx->id, &s), CALM_OK);
	got = summary_line(&s);
	assert_string_equal(got, "alice:4:commander,|bob:3:|carol:2:scribe,|dave:1:|"
				 " events 13 notes 3 damaged 3 first 5");
	free(got);
	assert_int_equal(s.nstages, 2);
	assert_string_equal(s.override_reasons[0], "evaluate: no time");
	assert_null(s.override_reasons[1]);
	assert_int_equal(s.overrides, 1);
	app_summary_release(&s);
}

/* 20,000 more notes change the counts, never the rows read (counted
 * on SQLite; on PostgreSQL 1,000, and the counts). */
static void app_summary__reads_a_bounded_number_of_rows(void **state)
{
	struct fixture *fx = *state;
	struct calm_err err = { 0 };
	struct app_summary s;
	long long rows = 0, before = 0;

	mixed(fx);
	if (!tb_pg()) {
		assert_int_equal(store_count_rows(fx->app.st, &before, &err), CALM_OK);
		assert_int_equal(app_summary(&fx->app, fx->id, &s), CALM_OK);
		app_summary_release(&s);
		assert_int_equal(store_count_rows(fx->app.st, NULL, &err), CALM_OK);
	}
	long long many = tb_pg() ? 1000 : 20000; /* a server's inserts take longer */

	add_notes(fx, "erin", many);
	add_notes(fx, "bob", 100);
	check_equal(fx);
	if (!tb_pg()) {
		assert_int_equal(store_count_rows(fx->app.st, &rows, &err), CALM_OK);
		assert_int_equal(app_summary(&fx->app, fx->id, &s), CALM_OK);
		assert_int_equal(store_count_rows(fx->app.st, NULL, &err), CALM_OK);
		assert_int_equal(s.events, 13 + many + 100);
		assert_int_equal(s.notes, 3 + many + 100);
		app_summary_release(&s);
		assert_true(rows > 0);
		assert_true(rows <= before + 1); /* erin's row of counts */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(app_summary__equals_a_fold_over_every_event, setup,
						teardown),
		cmocka_unit_test_setup_teardown(app_summary__reads_a_bounded_number_of_rows, setup,
						teardown),
	};
	return tb_run("app-summary", tests, sizeof tests / sizeof tests[0]);
}
