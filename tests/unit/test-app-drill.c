/*
 * test-app-drill.c - drills in app (app-drill.h) over real SQLite files:
 * the scenario read from a closed incident of a team's database opened
 * read-only, a drill database made and told apart from a team's, a
 * drill's ticks delivering observations at the drill time they were due
 * and answering matching fix attempts, the drill channel, nothing
 * similar, the score from the record, abandon and delete; and the
 * scenario a drill keeps in its rows masked like every other write.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calm/app-drill.h"
#include "calm/app-read.h"
#include "calm/config.h"
#include "fixture-app.h"

#define MIN 60000LL
#define T0 1769954700000LL /* 2026-02-01T14:05:00Z */

static long long now_ms = T0;

static long long test_now(void)
{
	return now_ms;
}

struct fixture {
	char team[512], drills[512], touched[512];
	struct playbook *pb;
	struct app app;
	long long orig; /* the closed incident in the team's database */
};

/* The past incident: notes at 5m and 20m, an internal update at 10m, a
 * failed attempt at 30m, one that worked at 60m, a note after it (70m),
 * then closed. */
static void make_original(struct fixture *fx)
{
	struct app *a = &fx->app;
	struct app_send s = { 0 };
	long long n;
	int rev;

	now_ms = T0;
	assert_int_equal(app_declare(a, "Checkout fails", 2, "Shop", &fx->orig), CALM_OK);
	now_ms = T0 + 5 * MIN;
	assert_int_equal(app_note(a, fx->orig, "error rate 5% on checkout", 25, NULL), CALM_OK);
	now_ms = T0 + 10 * MIN;
	assert_int_equal(app_draft_save(a, fx->orig, AUD_INTERNAL, "we are on it", 12, &rev), CALM_OK);
	assert_int_equal(app_send(a, fx->orig, AUD_INTERNAL, &s), CALM_OK);
	app_send_release(&s);
	now_ms = T0 + 20 * MIN;
	assert_int_equal(app_note(a, fx->orig, "pool exhausted on payment pods", 30, NULL), CALM_OK);
	now_ms = T0 + 30 * MIN;
	assert_int_equal(app_fix_add(a, fx->orig, "restart the checkout pods", NULL, &n), CALM_OK);
	assert_int_equal(app_fix_outcome(a, fx->orig, n, "failed", "back in minutes"), CALM_OK);
	now_ms = T0 + 60 * MIN;
	assert_int_equal(app_fix_add(a, fx->orig, "roll back release 42", NULL, &n), CALM_OK);
	assert_int_equal(app_fix_outcome(a, fx->orig, n, "worked", "errors gone"), CALM_OK);
	now_ms = T0 + 70 * MIN;
	assert_int_equal(app_note(a, fx->orig, "all quiet since", 15, NULL), CALM_OK);
	for (size_t i = 0; i < fx->pb->nstages; i++)
		assert_int_equal(app_advance(a, fx->orig, NULL, "closing", NULL, NULL), CALM_OK);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	const char *tmp = getenv("CALM_TEST_TMP");
	static int n;

	if (!tmp)
		tmp = "/tmp";
	mkdir(tmp, 0700);
	snprintf(fx->team, sizeof fx->team, "%s/drill-team-%d-%d.db", tmp, (int)getpid(), n);
	snprintf(fx->drills, sizeof fx->drills, "%s/drill-drills-%d-%d.db", tmp, (int)getpid(), n);
	snprintf(fx->touched, sizeof fx->touched, "%s/drill-ran-%d-%d", tmp, (int)getpid(), n++);
	app_fixture_unlink(fx->team);
	app_fixture_unlink(fx->drills);
	unlink(fx->touched);
	app_fixture_open(&fx->pb, &fx->app, fx->team, "alice", test_now);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	app_fixture_close(&fx->pb, &fx->app);
	app_fixture_unlink(fx->team);
	app_fixture_unlink(fx->drills);
	unlink(fx->touched);
	free(fx);
	return 0;
}

/* The original's scenario, read with the team's database read-only,
 * then the drill database open in its place. */
static struct scenario *to_drills(struct fixture *fx)
{
	struct scenario *sc = NULL;

	make_original(fx);
	assert_int_equal(app_open(&fx->app, fx->team, true), CALM_OK);
	assert_false(fx->app.drill);
	assert_int_equal(app_drill_scenario(&fx->app, fx->orig, &sc), CALM_OK);
	assert_int_equal(app_drill_open(&fx->app, fx->drills, APP_DRILL_CREATE), CALM_OK);
	assert_true(fx->app.drill);
	return sc;
}

/* A drill from an incident pushed to another database, where its
 * events have other ids: a note amended before the move is shown as
 * amended (the amend names its note by hash as well as by id). */
static void drill__scenario_of_a_moved_incident(void **state)
{
	struct fixture *fx = *state;
	struct app *a = &fx->app;
	struct app there;
	struct scenario *sc = NULL;
	char path[540];
	long long id, note, moved = 0, own;

	snprintf(path, sizeof path, "%s.moved.db", fx->team);
	app_fixture_unlink(path);
	app_fixture_join(&there, fx->pb, path, "bob", test_now);
	now_ms = T0;
	assert_int_equal(app_declare(&there, "Already there", 3, NULL, &own), CALM_OK);
	for (int i = 0; i < 4; i++)
		assert_int_equal(app_note(&there, own, "its own note", 12, NULL), CALM_OK);
	assert_int_equal(app_declare(a, "Checkout fails", 2, NULL, &id), CALM_OK);
	now_ms = T0 + 5 * MIN;
	assert_int_equal(app_note(a, id, "error rate 5%", 13, &note), CALM_OK);
	assert_int_equal(app_amend(a, note, "error rate 50% on checkout", 26), CALM_OK);
	for (size_t i = 0; i < fx->pb->nstages; i++)
		assert_int_equal(app_advance(a, id, NULL, "closing", NULL, NULL), CALM_OK);
	assert_int_equal(app_push(a, id, path, &moved), CALM_OK);
	assert_int_equal(moved, 2);
	assert_int_equal(app_drill_scenario(&there, moved, &sc), CALM_OK);
	assert_int_equal(sc->nobs, 1);
	assert_string_equal(sc->obs[0].text, "error rate 50% on checkout");
	scenario_free(sc);
	app_fixture_leave(&there);
	app_fixture_unlink(path);
}

static int count_kind(const struct event *ev, void *ctx)
{
	long long *c = ctx;

	if (strcmp(ev->kind, "scenario") == 0)
		c[0]++;
	return 0;
}

static void drill__scenario_from_closed_incident(void **state)
{
	struct fixture *fx = *state;
	struct scenario *sc = to_drills(fx);

	assert_string_equal(sc->title, "Checkout fails");
	assert_string_equal(sc->source, "incident 1");
	assert_int_equal(sc->nobs, 2); /* the note after the fix is left out */
	assert_int_equal(sc->obs[0].at_ms, 5 * MIN);
	assert_string_equal(sc->obs[0].text, "error rate 5% on checkout");
	assert_int_equal(sc->obs[1].at_ms, 20 * MIN);
	assert_int_equal(sc->nfixes, 2);
	assert_int_equal(sc->orig_first_sent_ms[AUD_INTERNAL], 10 * MIN);
	assert_int_equal(sc->orig_fix_ms, 60 * MIN);
	scenario_free(sc);

	/* an active incident is refused */
	struct app team;
	long long id;
	app_fixture_join(&team, fx->pb, fx->team, "bob", test_now);
	assert_int_equal(app_declare(&team, "Still burning", 1, NULL, &id), CALM_OK);
	assert_int_equal(app_drill_scenario(&team, id, &sc), CALM_USAGE);
	assert_null(sc);
	assert_string_equal(team.err.msg,
			    "incident 2 is still active: a drill replays a closed incident");
	app_fixture_leave(&team); /* its secret filter too, built by the declare */
}

static void drill__open_tells_drill_databases_apart(void **state)
{
	struct fixture *fx = *state;
	struct app a = { .pb = fx->pb, .author = "t", .now_ms = test_now };

	make_original(fx);
	assert_int_equal(app_drill_open(&a, fx->drills, 0), CALM_NOTFOUND);
	assert_false(app_is_open(&a));
	assert_int_equal(app_drill_open(&a, fx->team, APP_DRILL_CREATE), CALM_USAGE);
	assert_non_null(strstr(a.err.msg, "is not a drill database"));
	assert_false(app_is_open(&a));
	assert_int_equal(app_drill_open(&a, fx->drills, APP_DRILL_CREATE), CALM_OK);
	app_close(&a);
	assert_int_equal(app_drill_open(&a, fx->drills, APP_DRILL_READONLY), CALM_OK);
	assert_true(a.drill);
	app_close(&a);
	app_release(&a);
}

static void drill__tick_delivers_at_due_time_and_answers(void **state)
{
	struct fixture *fx = *state;
	struct scenario *sc = to_drills(fx);
	struct app_drill_tick tk;
	struct app_drill d;
	struct incident inc;
	long long id, n, c[1] = { 0 };
	const long long start = T0 + 1000 * MIN;

	now_ms = start;
	assert_int_equal(app_drill_start(&fx->app, sc, 10, &id), CALM_OK);
	scenario_free(sc);
	assert_int_equal(app_incident(&fx->app, id, &inc), CALM_OK);
	assert_int_equal(inc.declared_ms, start);
	incident_release(&inc);

	now_ms = start + 4 * MIN;
	assert_int_equal(app_drill_tick(&fx->app, id, 4 * MIN, 0, &tk), CALM_OK);
	assert_int_equal(tk.delivered, 0);
	assert_int_equal(tk.next_due_ms, 5 * MIN);
	assert_int_equal(app_drill_get(&fx->app, id, &d, NULL), CALM_OK);
	assert_int_equal(d.drill_ms, 0); /* nothing due: nothing written */
	app_drill_release(&d);
	/* woken late: both come, each at the moment it was due */
	now_ms = start + 21 * MIN;
	assert_int_equal(app_drill_tick(&fx->app, id, 21 * MIN, 0, &tk), CALM_OK);
	assert_int_equal(tk.delivered, 2);
	assert_int_equal(tk.next_due_ms, -1);
	assert_int_equal(app_events_after(&fx->app, id, 0, 0, count_kind, c, NULL), CALM_OK);
	assert_int_equal(c[0], 2);

	/* the trainee's attempts: one in other words of the original's fix,
	 * one that matches nothing */
	assert_int_equal(app_fix_add(&fx->app, id, "rollback release #42", NULL, &n), CALM_OK);
	assert_int_equal(app_fix_add(&fx->app, id, "scale up the database", NULL, &n), CALM_OK);
	now_ms = start + 25 * MIN;
	assert_int_equal(app_drill_tick(&fx->app, id, 25 * MIN,
						APP_DRILL_PAUSED | APP_DRILL_SAVE, &tk), CALM_OK);
	assert_int_equal(tk.answered, 1);
	assert_int_equal(app_drill_tick(&fx->app, id, 25 * MIN,
						APP_DRILL_PAUSED | APP_DRILL_SAVE, &tk), CALM_OK);
	assert_int_equal(tk.answered, 0); /* looked at once */

	assert_int_equal(app_drill_get(&fx->app, id, &d, NULL), CALM_OK);
	assert_string_equal(d.status, "running");
	assert_int_equal(d.drill_ms, 25 * MIN);
	assert_true(d.paused);
	assert_int_equal(d.delivered, 2);
	app_drill_release(&d);

	/* what the store holds: times, authors, the answer */
	char *json = NULL;
	assert_int_equal(app_incident_json(&fx->app, id, &json), CALM_OK);
	assert_non_null(strstr(json, "\"kind\":\"scenario\""));
	assert_non_null(strstr(json, "\"ts\":\"2026-02-02T06:50:00.000Z\"")); /* start + 5m */
	assert_non_null(strstr(json, "\"ts\":\"2026-02-02T07:05:00.000Z\"")); /* start + 20m */
	assert_non_null(strstr(json, "fix attempt 1 worked: what the system does: errors gone"));
	assert_null(strstr(json, "fix attempt 2 "));
	assert_null(strstr(json, "all quiet since"));
	free(json);
}

static int count_similar(const struct similar_hit *h, void *ctx)
{
	(void)h;
	++*(int *)ctx;
	return 0;
}

static void drill__sends_only_to_the_drill_channel(void **state)
{
	struct fixture *fx = *state;
	struct scenario *sc = to_drills(fx);
	char *argv[] = { "touch", fx->touched, NULL };
	struct config_channel cmd = { .name = "internal", .kind = CHANNEL_COMMAND, .argv = argv,
				      .timeout_s = 5 };
	struct app_send s = { .channel = &cmd };
	long long id;
	int rev, hits = 0;

	assert_int_equal(app_drill_start(&fx->app, sc, 10, &id), CALM_OK);
	assert_int_equal(app_draft_save(&fx->app, id, AUD_INTERNAL, "on it", 5, &rev), CALM_OK);
	assert_int_equal(app_send(&fx->app, id, AUD_INTERNAL, &s), CALM_OK);
	assert_string_equal(s.res.where, "drill");
	app_send_release(&s);
	assert_int_equal(access(fx->touched, F_OK), -1);
	/* nothing is similar in a drill database, not even the drill itself,
	 * though the same title finds the original in the team's */
	assert_int_equal(app_similar(&fx->app, "checkout fails again", 0, 5, count_similar, &hits),
			 CALM_OK);
	assert_int_equal(hits, 0);
	assert_int_equal(app_open(&fx->app, fx->team, true), CALM_OK);
	assert_int_equal(app_similar(&fx->app, "checkout fails again", 0, 5, count_similar, &hits),
			 CALM_OK);
	assert_int_equal(hits, 1);
	scenario_free(sc);
}

static void drill__score_from_the_record(void **state)
{
	struct fixture *fx = *state;
	struct scenario *sc = to_drills(fx);
	struct app_drill_cfg cfg = { .cadence = { 15, 30, 0 } };
	struct app_send s = { 0 };
	struct drill_report r;
	long long id, n;
	int rev;

	now_ms = T0 + 2000 * MIN;
	assert_int_equal(app_drill_start(&fx->app, sc, 10, &id), CALM_OK);
	scenario_free(sc);
	now_ms += 12 * MIN;
	assert_int_equal(app_draft_save(&fx->app, id, AUD_INTERNAL, "on it", 5, &rev), CALM_OK);
	assert_int_equal(app_send(&fx->app, id, AUD_INTERNAL, &s), CALM_OK);
	app_send_release(&s);
	assert_int_equal(app_advance(&fx->app, id, NULL, "drill: by hand", NULL, NULL), CALM_OK);
	assert_int_equal(app_fix_add(&fx->app, id, "roll back release 42", NULL, &n), CALM_OK);
	assert_int_equal(app_drill_score(&fx->app, id, &cfg, &r), CALM_OK);
	assert_int_equal(r.line[SCORE_FIRST_INTERNAL].drill_ms, 12 * MIN);
	assert_int_equal(r.line[SCORE_FIRST_INTERNAL].original_ms, 10 * MIN);
	assert_int_equal(r.line[SCORE_FIRST_INTERNAL].target_ms, 15 * MIN);
	assert_int_equal(r.line[SCORE_FIRST_INTERNAL].verdict, DRILL_MET);
	assert_int_equal(r.line[SCORE_GATES].total, 1);
	assert_int_equal(r.line[SCORE_GATES].count, 0); /* overridden */
	assert_int_equal(r.line[SCORE_FIRST_EXTERNAL].verdict, DRILL_MISSED);
}

static void drill__abandon_and_delete(void **state)
{
	struct fixture *fx = *state;
	struct scenario *sc = to_drills(fx);
	struct app_drill d;
	struct incident inc;
	long long id, keep, c[1] = { 0 };

	assert_int_equal(app_drill_start(&fx->app, sc, 10, &id), CALM_OK);
	assert_int_equal(app_drill_start(&fx->app, sc, 20, &keep), CALM_OK);
	scenario_free(sc);
	assert_int_equal(app_drill_abandon(&fx->app, id, 3 * MIN), CALM_OK);
	assert_int_equal(app_drill_abandon(&fx->app, id, 4 * MIN), CALM_USAGE);
	assert_string_equal(fx->app.err.msg, "drill 1 is already abandoned");
	assert_int_equal(app_drill_get(&fx->app, id, &d, NULL), CALM_OK);
	assert_string_equal(d.status, "abandoned");
	assert_int_equal(d.drill_ms, 3 * MIN);
	app_drill_release(&d);

	assert_int_equal(app_drill_delete(&fx->app, id), CALM_OK);
	assert_int_equal(app_incident(&fx->app, id, &inc), CALM_NOTFOUND);
	assert_int_equal(app_events_after(&fx->app, id, 0, 0, count_kind, c, NULL), CALM_OK);
	assert_int_equal(app_drill_get(&fx->app, id, &d, NULL), CALM_NOTFOUND);
	assert_int_equal(app_drill_delete(&fx->app, id), CALM_NOTFOUND);
	assert_string_equal(fx->app.err.msg, "no drill 1");
	/* the other drill is whole, and the chain of what is left verifies */
	assert_int_equal(app_drill_get(&fx->app, keep, &d, NULL), CALM_OK);
	assert_int_equal(d.speed, 20);
	app_drill_release(&d);
	struct app_verify v;
	assert_int_equal(app_verify(&fx->app, 0, NULL, &v), CALM_OK);
	assert_int_equal(v.incidents, 1);
	app_verify_release(&v);
	/* the team's database is not a drill database: nothing to delete */
	assert_int_equal(app_open(&fx->app, fx->team, false), CALM_OK);
	assert_int_equal(app_drill_delete(&fx->app, fx->orig), CALM_NOTFOUND);
	assert_int_equal(app_incident(&fx->app, fx->orig, &inc), CALM_OK);
	incident_release(&inc);
}

/* Every text column of the drill tables, joined (malloc'd). */
static char *drill_rows(const char *path)
{
	static const char sql[] =
		"SELECT group_concat(t, '|') FROM ("
		" SELECT title || coalesce(product, '') AS t FROM drill"
		" UNION ALL SELECT author || text FROM drill_obs"
		" UNION ALL SELECT what || coalesce(note, '') FROM drill_fix"
		" UNION ALL SELECT text FROM drill_also)";
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char *all;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	all = strdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return all;
}

/* s replaced by a new copy of text (scenario_free frees it). */
static void put(char **s, const char *text)
{
	free(*s);
	*s = strdup(text);
}

static void drill__scenario_rows_are_masked(void **state)
{
	struct fixture *fx = *state;
	struct scenario *sc;
	long long id;
	char *all;

	fx->pb->secrets = calloc(2, sizeof *fx->pb->secrets);
	fx->pb->secrets[0] = strdup("zork[0-9]+");
	sc = to_drills(fx);
	assert_true(sc->nobs > 0 && sc->nfixes > 0);
	put(&sc->title, "Checkout fails zork11");
	put(&sc->product, "Shop zork12");
	put(&sc->obs[0].text, "password=hunter2 seen in the logs");
	put(&sc->fixes[0].what, "rotate zork13");
	put(&sc->fixes[0].note, "the key zork14 is revoked");
	sc->fixes[0].also = calloc(2, sizeof *sc->fixes[0].also);
	sc->fixes[0].also[0] = strdup("rotate the zork15 key");
	assert_int_equal(app_drill_start(&fx->app, sc, 10, &id), CALM_OK);
	scenario_free(sc);
	all = drill_rows(fx->drills);
	assert_non_null(strstr(all, "password=****"));
	assert_non_null(strstr(all, "rotate ****"));
	if (strstr(all, "zork") || strstr(all, "hunter2"))
		fail_msg("a secret is kept in the drill's rows: %s", all);
	free(all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(drill__scenario_from_closed_incident, setup, teardown),
		cmocka_unit_test_setup_teardown(drill__scenario_of_a_moved_incident, setup, teardown),
		cmocka_unit_test_setup_teardown(drill__open_tells_drill_databases_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(drill__tick_delivers_at_due_time_and_answers, setup,
						teardown),
		cmocka_unit_test_setup_teardown(drill__sends_only_to_the_drill_channel, setup, teardown),
		cmocka_unit_test_setup_teardown(drill__score_from_the_record, setup, teardown),
		cmocka_unit_test_setup_teardown(drill__abandon_and_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(drill__scenario_rows_are_masked, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
