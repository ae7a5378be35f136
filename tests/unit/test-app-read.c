/*
 * test-app-read.c - what the faces read through src/app (app-read.h):
 * the database opened and closed by app, pages of incidents by keyset,
 * "what changed since the last event seen" in the order written
 * whatever the view order, presence written through app, and the text
 * of one draft revision; the steps of time travel.  On both engines
 * (backend.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calm/app-read.h"
#include "calm/buf.h"
#include "calm/config.h"
#include "calm/store-replay.h"
#include "backend.h"
#include "fixture-app.h"

struct fixture {
	char *path;
	struct playbook *pb;
	struct app app;
};

static long long now_ms = 1769954700000LL; /* 2026-02-01T14:05:00Z */

static long long fixed_now(void)
{
	return now_ms;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	fx->path = tb_fresh("app-read");
	app_fixture_open(&fx->pb, &fx->app, fx->path, "alice", fixed_now);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	app_fixture_close(&fx->pb, &fx->app); /* closed: checked */
	tb_drop(fx->path);
	free(fx);
	return 0;
}

static int list_ids(const struct incident *inc, void *ctx)
{
	buf_addf(ctx, "%lld ", inc->id);
	return 0;
}

static void app_read__incidents_page_by_keyset(void **state)
{
	struct fixture *fx = *state;
	struct buf b = BUF_INIT;
	long long id, last = -1, count = 0;
	char title[16];

	for (int i = 1; i <= 5; i++) {
		snprintf(title, sizeof title, "incident %d", i);
		assert_int_equal(app_declare(&fx->app, title, 3, NULL, &id), CALM_OK);
	}
	assert_int_equal(app_incidents_page(&fx->app, 0, 0, 2, list_ids, &b, &last), CALM_OK);
	assert_string_equal(buf_cstr(&b), "5 4 ");
	assert_int_equal(last, 4);
	buf_reset(&b);
	assert_int_equal(app_incidents_page(&fx->app, 0, last, 2, list_ids, &b, &last), CALM_OK);
	assert_string_equal(buf_cstr(&b), "3 2 ");
	buf_reset(&b);
	assert_int_equal(app_incidents_page(&fx->app, 0, last, 0, list_ids, &b, &last), CALM_OK);
	assert_string_equal(buf_cstr(&b), "1 ");
	assert_int_equal(last, 1);
	buf_reset(&b);
	assert_int_equal(app_incidents_page(&fx->app, INCIDENT_CLOSED, 0, 0, list_ids, &b, &last),
			 CALM_OK);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(last, 0);
	assert_int_equal(app_incident_count(&fx->app, INCIDENT_ACTIVE, &count), CALM_OK);
	assert_int_equal(count, 5);
	buf_release(&b);
}

static int count_rows(const struct incident *inc, void *ctx)
{
	long long *n = ctx;

	assert_int_equal(inc->id, 250 - n[0]); /* newest first, none skipped */
	n[0]++;
	return 0;
}

/* A walk reads no more rows than it is asked for (a picker's screenful),
 * yet a limit past the store's page of 100 still gets every row. */
static void app_read__incidents_walk_limit_across_pages(void **state)
{
	struct fixture *fx = *state;
	long long id, n[1], last;
	static const size_t limits[] = { 1, 46, 99, 100, 101, 150, 200, 249, 250, 251, 0 };
	static const long long want[] = { 1, 46, 99, 100, 101, 150, 200, 249, 250, 250, 250 };

	for (int i = 1; i <= 250; i++)
		assert_int_equal(app_declare(&fx->app, "many", 3, NULL, &id), CALM_OK);
	assert_int_equal(id, 250);
	for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
		struct calm_err err = { 0 };
		long long rows = 0;

		n[0] = 0;
		/* the rows SQLite returned (a server cannot count them) */
		if (!tb_pg())
			assert_int_equal(store_count_rows(fx->app.st, &rows, &err), CALM_OK);
		assert_int_equal(app_incidents_walk(&fx->app, INCIDENT_ACTIVE, NULL, 0, false,
						    limits[k], count_rows, n, &last),
				 CALM_OK);
		if (!tb_pg()) {
			assert_int_equal(store_count_rows(fx->app.st, NULL, &err), CALM_OK);
			assert_true(rows <= want[k] + 1); /* its rows and at most one to end */
		}
		assert_int_equal(n[0], want[k]);
		assert_int_equal(last, 251 - want[k]);
	}
}

static int list_events(const struct event *ev, void *ctx)
{
	buf_addf(ctx, "%s:%s;", ev->kind, ev->kind[0] == 'n' ? ev->text : "");
	return 0;
}

/* A backfilled note sits earlier in the view, but it was written last:
 * "what changed since" gives it after the ones written before it. */
static void app_read__events_after_in_written_order(void **state)
{
	struct fixture *fx = *state;
	struct buf b = BUF_INIT;
	long long id, first, note1, last = 0;

	assert_int_equal(app_declare(&fx->app, "db down", 2, NULL, &id), CALM_OK);
	assert_int_equal(app_note(&fx->app, id, "one", 3, &note1), CALM_OK);
	now_ms += 60000;
	assert_int_equal(app_backfill(&fx->app, id, "before", 6, now_ms - 3600000, NULL),
			 CALM_OK);
	assert_int_equal(app_note(&fx->app, id, "two", 3, NULL), CALM_OK);
	assert_int_equal(app_timeline_page(&fx->app, id, 0, true, 10, 0, list_events, &b,
					   &first), CALM_OK);
	assert_string_equal(buf_cstr(&b), "note:before;declare:;note:one;note:two;");
	buf_reset(&b);
	assert_int_equal(app_events_after(&fx->app, id, 0, 0, list_events, &b, &last), CALM_OK);
	assert_string_equal(buf_cstr(&b), "declare:;note:one;note:before;note:two;");
	buf_reset(&b);
	assert_int_equal(app_events_after(&fx->app, id, note1, 1, list_events, &b, &last),
			 CALM_OK);
	assert_string_equal(buf_cstr(&b), "note:before;");
	assert_int_equal(last, note1 + 1);
	buf_reset(&b);
	assert_int_equal(app_events_after(&fx->app, id, last + 1, 0, list_events, &b, &last),
			 CALM_OK);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(last, 0); /* nothing new: the cursor stays with the caller */
	buf_release(&b);
}

/* The newest event is the one written last, a backfill included (it
 * sits earlier in the view); another incident's writes do not move it. */
static void app_read__last_event_is_the_newest_written(void **state)
{
	struct fixture *fx = *state;
	long long id, other, note, back, newest = -1;

	assert_int_equal(app_declare(&fx->app, "db down", 2, NULL, &id), CALM_OK);
	assert_int_equal(app_note(&fx->app, id, "one", 3, &note), CALM_OK);
	assert_int_equal(app_last_event(&fx->app, id, &newest), CALM_OK);
	assert_int_equal(newest, note);
	now_ms += 60000;
	assert_int_equal(app_backfill(&fx->app, id, "before", 6, now_ms - 3600000, &back),
			 CALM_OK);
	assert_int_equal(app_last_event(&fx->app, id, &newest), CALM_OK);
	assert_int_equal(newest, back);
	assert_int_equal(app_declare(&fx->app, "queue full", 3, NULL, &other), CALM_OK);
	assert_int_equal(app_note(&fx->app, other, "elsewhere", 9, NULL), CALM_OK);
	assert_int_equal(app_last_event(&fx->app, id, &newest), CALM_OK);
	assert_int_equal(newest, back);
	assert_int_equal(app_last_event(&fx->app, other + 100, &newest), CALM_NOTFOUND);
	assert_int_equal(newest, 0);
}

/* A console's screen is read in one snapshot on SQLite: what another
 * connection commits meanwhile shows at the next one; a write inside is
 * refused, never taken and lost with the snapshot.  On a server each
 * read stays its own (no snapshot begins). */
static void app_read__snapshot_sees_one_moment(void **state)
{
	struct fixture *fx = *state;
	struct app bob;
	long long id, one, two, seen = -1;
	bool snap, server = app_on_server(&fx->app);

	assert_int_equal(app_declare(&fx->app, "db down", 2, NULL, &id), CALM_OK);
	assert_int_equal(app_note(&fx->app, id, "one", 3, &one), CALM_OK);
	app_fixture_join(&bob, fx->pb, fx->path, "bob", fixed_now);
	snap = app_snapshot_begin(&fx->app);
	assert_int_equal(snap, !server);
	assert_false(app_snapshot_begin(&fx->app)); /* not twice */
	assert_int_equal(app_last_event(&fx->app, id, &seen), CALM_OK);
	assert_int_equal(seen, one);
	assert_int_equal(app_note(&bob, id, "two", 3, &two), CALM_OK);
	assert_int_equal(app_last_event(&fx->app, id, &seen), CALM_OK);
	assert_int_equal(seen, server ? two : one);
	if (snap)
		assert_int_not_equal(app_note(&fx->app, id, "lost?", 5, NULL), CALM_OK);
	app_snapshot_end(&fx->app, snap);
	assert_int_equal(app_last_event(&fx->app, id, &seen), CALM_OK);
	assert_int_equal(seen, two);
	assert_int_equal(app_note(&fx->app, id, "three", 5, &one), CALM_OK);
	assert_int_equal(app_last_event(&bob, id, &seen), CALM_OK);
	assert_int_equal(seen, one);
	app_fixture_leave(&bob);
}

static int list_present(const struct presence *p, void *ctx)
{
	buf_addf(ctx, "%s@%s:%lld;", p->author, p->host, p->pid);
	return 0;
}

static void app_read__presence_through_app(void **state)
{
	struct fixture *fx = *state;
	struct buf b = BUF_INIT;
	long long id;

	assert_int_equal(app_declare(&fx->app, "db down", 2, NULL, &id), CALM_OK);
	assert_int_equal(app_presence_enter(&fx->app, id, 4242, "otherhost"), CALM_OK);
	assert_int_equal(app_presence_beat(&fx->app, id, 4242, "otherhost"), CALM_OK);
	assert_int_equal(app_presence_each(&fx->app, id, "thishost", list_present, &b), CALM_OK);
	assert_string_equal(buf_cstr(&b), "alice@otherhost:4242;");
	buf_reset(&b);
	now_ms += PRESENCE_TTL_MS + 1; /* gone quiet: not present */
	assert_int_equal(app_presence_each(&fx->app, id, "thishost", list_present, &b), CALM_OK);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(app_presence_leave(&fx->app, id, 4242, "otherhost"), CALM_OK);
	buf_release(&b);
}

static void app_read__draft_text_of_a_revision(void **state)
{
	struct fixture *fx = *state;
	long long id;
	char *text = NULL;
	int rev = 0;

	assert_int_equal(app_declare(&fx->app, "db down", 2, NULL, &id), CALM_OK);
	assert_int_equal(app_draft_save(&fx->app, id, AUD_INTERNAL, "first", 5, &rev), CALM_OK);
	assert_int_equal(app_draft_save(&fx->app, id, AUD_INTERNAL, "second", 6, &rev), CALM_OK);
	assert_int_equal(rev, 2);
	assert_int_equal(app_draft_text(&fx->app, id, AUD_INTERNAL, 1, &text), CALM_OK);
	assert_string_equal(text, "first");
	free(text);
	assert_int_equal(app_draft_text(&fx->app, id, AUD_INTERNAL, 7, &text), CALM_OK);
	assert_null(text);
	assert_int_equal(app_draft_text(&fx->app, id, AUD_EXTERNAL, 1, &text), CALM_OK);
	assert_null(text);
}

static int list_steps(long long event, long long ts_ms, void *ctx)
{
	(void)ts_ms;
	buf_addf(ctx, "%lld ", event);
	return 0;
}

static int list_state(const struct replay_event *ev, void *ctx)
{
	buf_addf(ctx, "%s ", ev->kind);
	return 0;
}

/* Time travel's reads: steps of at most N ids either way, an event's
 * place, the newest event at a time (view order: a backfill counts when
 * it happened), and the state events without the notes between them. */
static void app_read__travel_steps_places_and_state(void **state)
{
	struct fixture *fx = *state;
	struct buf b = BUF_INIT;
	long long id, other, ev[5], last = 0, pos = 0, at = 0;
	char want[128];

	assert_int_equal(app_declare(&fx->app, "db down", 2, NULL, &id), CALM_OK);
	assert_int_equal(app_last_event(&fx->app, id, &ev[0]), CALM_OK);
	now_ms += 60000;
	assert_int_equal(app_note(&fx->app, id, "one", 3, &ev[1]), CALM_OK);
	assert_int_equal(app_declare(&fx->app, "elsewhere", 3, NULL, &other), CALM_OK);
	now_ms += 60000;
	assert_int_equal(app_check(&fx->app, id, "what-broken", true), CALM_OK);
	assert_int_equal(app_last_event(&fx->app, id, &ev[2]), CALM_OK);
	now_ms += 60000;
	assert_int_equal(app_note(&fx->app, id, "two", 3, &ev[3]), CALM_OK);
	assert_int_equal(app_backfill(&fx->app, id, "before", 6, now_ms - 3600000, &ev[4]),
			 CALM_OK);

	assert_int_equal(app_event_steps(&fx->app, id, 0, true, 2, list_steps, &b, &last),
			 CALM_OK);
	snprintf(want, sizeof want, "%lld %lld ", ev[0], ev[1]);
	assert_string_equal(buf_cstr(&b), want);
	assert_int_equal(last, ev[1]);
	buf_reset(&b);
	assert_int_equal(app_event_steps(&fx->app, id, ev[4], false, 10, list_steps, &b, &last),
			 CALM_OK);
	snprintf(want, sizeof want, "%lld %lld %lld %lld ", ev[3], ev[2], ev[1],
		 ev[0]);
	assert_string_equal(buf_cstr(&b), want);
	assert_int_equal(last, ev[0]);
	buf_reset(&b);
	assert_int_equal(app_event_steps(&fx->app, id, ev[4], true, 3, list_steps, &b, &last),
			 CALM_OK);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(last, 0);

	assert_int_equal(app_event_position(&fx->app, id, ev[3], &pos), CALM_OK);
	assert_int_equal(pos, 4);
	assert_int_equal(app_last_event(&fx->app, other, &other), CALM_OK);
	assert_int_equal(app_event_position(&fx->app, id, other, &pos), CALM_OK);
	assert_int_equal(pos, 0); /* not this incident's */

	assert_int_equal(app_event_by_time(&fx->app, id, now_ms - 3600000, &at), CALM_OK);
	assert_int_equal(at, ev[4]); /* the backfill happened then */
	assert_int_equal(app_event_by_time(&fx->app, id, now_ms - 3600001, &at), CALM_OK);
	assert_int_equal(at, 0);
	assert_int_equal(app_event_by_time(&fx->app, id, now_ms - 60000, &at), CALM_OK);
	assert_int_equal(at, ev[2]);

	buf_reset(&b);
	assert_int_equal(app_replay_state(&fx->app, id, 0, ev[3], list_state, &b), CALM_OK);
	assert_string_equal(buf_cstr(&b), "declare check ");
	buf_reset(&b);
	assert_int_equal(app_replay_state(&fx->app, id, ev[0], ev[1], list_state, &b), CALM_OK);
	assert_string_equal(buf_cstr(&b), "");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(app_read__incidents_page_by_keyset, setup, teardown),
		cmocka_unit_test_setup_teardown(app_read__incidents_walk_limit_across_pages, setup,
						teardown),
		cmocka_unit_test_setup_teardown(app_read__events_after_in_written_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(app_read__last_event_is_the_newest_written, setup,
						teardown),
		cmocka_unit_test_setup_teardown(app_read__presence_through_app, setup, teardown),
		cmocka_unit_test_setup_teardown(app_read__snapshot_sees_one_moment, setup, teardown),
		cmocka_unit_test_setup_teardown(app_read__draft_text_of_a_revision, setup, teardown),
		cmocka_unit_test_setup_teardown(app_read__travel_steps_places_and_state, setup,
						teardown),
	};
	return tb_run("app-read", tests, sizeof tests / sizeof tests[0]);
}
