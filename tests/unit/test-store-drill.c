/*
 * test-store-drill.c - the drill tables (store-drill.h): made only by
 * store_drill_prepare, a scenario stored and read back whole (other
 * wordings, a fix without a note, no product, the original's figures),
 * the state saved, and a drill deleted whole with the timeline
 * append-only again after it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/playbook.h"
#include "calm/scenario.h"
#include "calm/store-drill.h"

static char *also_words[] = { "rollback release", "revert the release", NULL };
static struct scenario_obs obs[] = {
	{ 0, "alerting", "error rate up" },
	{ 90000, "dana", "pool full\nsecond line" },
};
static struct scenario_fix fixes[] = {
	{ "restart pods", NULL, SC_FAILED, NULL, 600000 },
	{ "roll back the release", also_words, SC_WORKED, "errors gone", -1 },
};

static void fill(struct scenario *sc)
{
	*sc = (struct scenario){ .title = "Checkout fails", .severity = 2, .product = NULL,
				 .source = "incident 3", .obs = obs, .nobs = 2,
				 .fixes = fixes, .nfixes = 2, .from_incident = true,
				 .orig_first_sent_ms = { 600000, -1, -1 }, .orig_fix_ms = 3600000,
				 .orig_attempts = 1 };
}

static int count_offer(const struct offer *o, void *ctx)
{
	(void)o;
	++*(long long *)ctx;
	return 0;
}

/* The offers kept for incident, open or ended. */
static long long offers(struct store *st, long long incident)
{
	struct calm_err err = { 0 };
	long long n = 0;

	assert_int_equal(store_offer_each(st, incident, false, count_offer, &n, &err), CALM_OK);
	return n;
}

static void store_drill__round_trip_and_delete(void **state)
{
	struct calm_err err = { 0 };
	struct playbook *pb = NULL;
	struct store *st = NULL;
	struct scenario sc, *back = NULL;
	struct store_drill d = { 0 }, got;
	long long id, other;
	bool yes = true;

	(void)state;
	pb = xcalloc(1, sizeof *pb); /* one stage, no checklist */
	pb->nstages = 1;
	pb->stages = xcalloc(1, sizeof *pb->stages);
	pb->stages[0].id = xstrdup("only");
	assert_int_equal(store_open(&st, ":memory:", 0, &err), CALM_OK);
	assert_int_equal(store_drill_is(st, &yes, &err), CALM_OK);
	assert_false(yes); /* an ordinary database has no drill tables */
	assert_int_equal(store_drill_prepare(st, &err), CALM_OK);
	assert_int_equal(store_drill_prepare(st, &err), CALM_OK); /* again: a no-op */
	assert_int_equal(store_drill_is(st, &yes, &err), CALM_OK);
	assert_true(yes);

	fill(&sc);
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_incident_create(st, "Checkout fails", 2, 1000, "t", pb, &id, &err),
			 CALM_OK);
	assert_int_equal(store_incident_create(st, "Other", 3, 1000, "t", pb, &other, &err), CALM_OK);
	d = (struct store_drill){ .incident = id, .source = "incident 3", .trainee = "t",
				  .speed = 60, .started_ms = 1000 };
	assert_int_equal(store_drill_add(st, &d, &sc, &err), CALM_OK);
	d.incident = 99;
	assert_int_equal(store_drill_add(st, &d, &sc, &err), CALM_NOTFOUND);
	assert_string_equal(err.msg, "no incident 99");
	assert_int_equal(store_commit(st, &err), CALM_OK);

	assert_int_equal(store_drill_get(st, id, &got, &back, &err), CALM_OK);
	assert_string_equal(got.status, "running");
	assert_int_equal(got.speed, 60);
	assert_string_equal(back->title, "Checkout fails");
	assert_null(back->product);
	assert_int_equal(back->nobs, 2);
	assert_string_equal(back->obs[1].text, "pool full\nsecond line");
	assert_int_equal(back->obs[1].at_ms, 90000);
	assert_null(back->fixes[0].note);
	assert_null(back->fixes[0].also);
	assert_int_equal(back->fixes[0].outcome, SC_FAILED);
	assert_string_equal(back->fixes[1].also[1], "revert the release");
	assert_null(back->fixes[1].also[2]);
	assert_int_equal(back->orig_first_sent_ms[0], 600000);
	assert_int_equal(back->orig_fix_ms, 3600000);
	assert_true(back->from_incident);
	assert_int_equal(scenario_match(back, "rollback release"), 1);
	scenario_free(back);

	free(got.status);
	got.status = "abandoned";
	got.drill_ms = 5000;
	got.ended_ms = 7000;
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_drill_set(st, &got, &err), CALM_OK);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	got.status = NULL;
	store_drill_release(&got);
	assert_int_equal(store_drill_get(st, id, &got, NULL, &err), CALM_OK);
	assert_string_equal(got.status, "abandoned");
	assert_int_equal(got.ended_ms, 7000);
	store_drill_release(&got);

	/* a role offered in the drill goes with it */
	long long offer = 0;
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_offer_add(st, id, "scribe", "bob", "alice", 6000, &offer, &err),
			 CALM_OK);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	assert_int_equal(offers(st, id), 1);
	assert_int_equal(offers(st, other), 0);

	/* not a drill: nothing deleted */
	assert_int_equal(store_begin(st, &err), CALM_OK);
	calm_err_clear(&err);
	assert_int_equal(store_drill_delete(st, other, &err), CALM_NOTFOUND);
	assert_string_equal(err.msg, "no drill 2");
	assert_int_equal(store_drill_delete(st, id, &err), CALM_OK);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	struct incident inc;
	assert_int_equal(store_incident_get(st, id, &inc, &err), CALM_NOTFOUND);
	assert_int_equal(store_incident_get(st, other, &inc, &err), CALM_OK);
	incident_release(&inc);
	calm_err_clear(&err);
	assert_int_equal(store_drill_get(st, id, &got, NULL, &err), CALM_NOTFOUND);
	assert_string_equal(err.msg, "no drill 1");
	assert_int_equal(offers(st, id), 0); /* the offer went with its drill */
	store_close(st);
	playbook_free(pb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(store_drill__round_trip_and_delete),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
