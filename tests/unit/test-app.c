/*
 * test-app.c - the actions: each one transaction that writes its state
 * change and its timeline event together, or nothing at all.
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

#include "calm/app.h"
#include "calm/config.h"
#include "calm/store.h"

struct fixture {
	char path[512];
	struct store *st;
	struct playbook *pb;
	struct app app;
};

static long long fixed_now(void)
{
	return 1769954700000LL; /* 2026-02-01T14:05:00Z */
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	const char *tmp = getenv("CALM_TEST_TMP");
	static int n;
	struct calm_err err = { 0 };

	if (!tmp)
		tmp = "/tmp";
	mkdir(tmp, 0700); /* may exist */
	snprintf(fx->path, sizeof fx->path, "%s/app-%d-%d.db", tmp, (int)getpid(), n++);
	unlink(fx->path);
	if (config_default(&fx->pb, &err) != CALM_OK ||
	    store_open(&fx->st, fx->path, 0, &err) != CALM_OK) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	fx->app = (struct app){ .st = fx->st, .pb = fx->pb, .author = "alice",
				.now_ms = fixed_now };
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char p[600];

	app_release(&fx->app);
	store_close(fx->st);
	playbook_free(fx->pb);
	unlink(fx->path);
	snprintf(p, sizeof p, "%s-wal", fx->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", fx->path);
	unlink(p);
	free(fx);
	return 0;
}

static long long events(struct fixture *fx, long long id)
{
	struct incident_counts c;
	assert_int_equal(store_incident_counts(fx->st, id, &c, NULL), CALM_OK);
	return c.events;
}

/* Collects the ids of the required items, at most 16. */
struct required {
	char ids[16][64];
	int n;
};

static int collect_required(const struct check_row *row, void *ctx)
{
	struct required *r = ctx;
	if (row->required && r->n < 16)
		snprintf(r->ids[r->n++], 64, "%s", row->id);
	return 0;
}

static void app__declare_records_one_event(void **state)
{
	struct fixture *fx = *state;
	struct incident inc;
	long long id;

	assert_int_equal(app_declare(&fx->app, "Checkout returns 500", 2, "Checkout", &id), CALM_OK);
	assert_int_equal(store_incident_get(fx->st, id, &inc, NULL), CALM_OK);
	assert_string_equal(inc.stage_id, fx->pb->stages[0].id);
	assert_int_equal(inc.severity, 2);
	assert_int_equal(inc.declared_ms, fixed_now());
	assert_string_equal(inc.declared_by, "alice");
	incident_release(&inc);
	assert_int_equal(events(fx, id), 1);
}

static void app__refused_actions_write_nothing(void **state)
{
	struct fixture *fx = *state;
	struct gate_report gate;
	long long id;

	assert_int_equal(app_declare(&fx->app, "Search is slow", 3, NULL, &id), CALM_OK);
	assert_int_equal(app_advance(&fx->app, id, NULL, NULL, &gate, NULL), CALM_GATE);
	assert_true(gate.nunmet > 0);
	gate_report_release(&gate);
	assert_int_equal(app_back(&fx->app, id, NULL, NULL), CALM_GATE);
	assert_string_equal(fx->app.err.msg, "already at the first stage");
	assert_int_equal(app_note(&fx->app, id, " \n\t", 3, NULL), CALM_USAGE);
	char *big = xcalloc(APP_MAX_TEXT + 1, 1);
	memset(big, 'x', APP_MAX_TEXT + 1);
	assert_int_equal(app_note(&fx->app, id, big, APP_MAX_TEXT + 1, NULL), CALM_DATA);
	assert_string_equal(fx->app.err.msg, "note is 1048577 bytes: the limit is 1048576 (1 MiB)");
	free(big);
	assert_int_equal(app_check(&fx->app, id, "nope", true), CALM_NOTFOUND);
	assert_int_equal(app_set_field(&fx->app, id, "blame", "bob", NULL), CALM_USAGE);
	assert_int_equal(app_set_field(&fx->app, id, "severity", "0", NULL), CALM_DATA);
	assert_int_equal(app_note(&fx->app, 999, "x", 1, NULL), CALM_NOTFOUND);
	assert_int_equal(events(fx, id), 1);
}

static void app__gate_opens_with_ticks_and_notes(void **state)
{
	struct fixture *fx = *state;
	struct required req = { .n = 0 };
	struct gate_report g;
	struct stage_move mv;
	long long id, before;

	assert_int_equal(app_declare(&fx->app, "Mail bounces", 3, NULL, &id), CALM_OK);
	assert_int_equal(store_checklist_each(fx->st, id, fx->pb->stages[0].id,
					      collect_required, &req, NULL), CALM_OK);
	assert_true(req.n > 0);
	for (int i = 0; i < req.n; i++) {
		assert_int_equal(app_gate(&fx->app, id, &g), CALM_OK);
		assert_int_equal(g.nunmet, 1); /* still closed until the last tick */
		gate_report_release(&g);
		assert_int_equal(app_check(&fx->app, id, req.ids[i], true), CALM_OK);
	}
	/* ticking twice changes nothing and records nothing */
	before = events(fx, id);
	assert_int_equal(app_check(&fx->app, id, req.ids[0], true), CALM_OK);
	assert_int_equal(events(fx, id), before);
	assert_int_equal(app_gate(&fx->app, id, &g), CALM_OK);
	assert_int_equal(g.nunmet, 0);
	gate_report_release(&g);
	assert_int_equal(app_advance(&fx->app, id, NULL, NULL, NULL, &mv), CALM_OK);
	assert_false(mv.overridden);
	assert_int_equal(mv.to, 1);
	/* stage 2: one note opens it */
	assert_int_equal(app_advance(&fx->app, id, NULL, NULL, NULL, NULL), CALM_GATE);
	assert_int_equal(app_note(&fx->app, id, "p99 at 4 s", 10, NULL), CALM_OK);
	/* ... and the facts the internal update uses, named */
	assert_int_equal(app_advance(&fx->app, id, NULL, NULL, &g, NULL), CALM_GATE);
	assert_int_equal(g.nunmet, 1);
	assert_string_equal(g.status[1].text,
			    "the facts the internal update uses filled in (not yet: impact, impact-start)");
	gate_report_release(&g);
	assert_int_equal(app_set_field(&fx->app, id, "impact", "mail to outside domains", NULL), CALM_OK);
	assert_int_equal(app_set_field(&fx->app, id, "impact-start", "2026-02-01 10:00", NULL), CALM_OK);
	assert_int_equal(app_advance(&fx->app, id, NULL, NULL, NULL, &mv), CALM_OK);
	assert_false(mv.overridden);
	assert_int_equal(mv.to, 2);
	before = events(fx, id);
	assert_int_equal(app_stage_begun(&fx->app, id), CALM_OK);
	assert_int_equal(events(fx, id), before + 1);
	/* begun again (a console reopened): recorded once only */
	assert_int_equal(app_stage_begun(&fx->app, id), CALM_OK);
	assert_int_equal(events(fx, id), before + 1);
	/* after going back and forth, the stage begins anew */
	assert_int_equal(app_back(&fx->app, id, NULL, NULL), CALM_OK);
	assert_int_equal(app_advance(&fx->app, id, NULL, NULL, NULL, NULL), CALM_OK);
	assert_int_equal(app_stage_begun(&fx->app, id), CALM_OK);
	assert_int_equal(events(fx, id), before + 4);
}

static void app__last_stage_closes_and_locks(void **state)
{
	struct fixture *fx = *state;
	struct stage_move mv;
	struct verify_result vr;
	long long id;

	assert_int_equal(app_declare(&fx->app, "Disk full", 1, NULL, &id), CALM_OK);
	for (size_t i = 0; i < fx->pb->nstages; i++)
		assert_int_equal(app_advance(&fx->app, id, NULL, "drill", NULL, &mv), CALM_OK);
	assert_true(mv.closes);
	assert_int_equal(app_note(&fx->app, id, "late", 4, NULL), CALM_CLOSED);
	assert_int_equal(app_set_field(&fx->app, id, "cause", "x", NULL), CALM_CLOSED);
	assert_int_equal(app_advance(&fx->app, id, NULL, "again", NULL, NULL), CALM_CLOSED);
	assert_int_equal(events(fx, id), 1 + (long long)fx->pb->nstages);
	assert_int_equal(store_verify(fx->st, id, &vr, NULL), CALM_OK);
	assert_int_equal(vr.events, 1 + (long long)fx->pb->nstages);
}

static void app__resolve_the_only_active_incident(void **state)
{
	struct fixture *fx = *state;
	long long a, b, got = 0;

	assert_int_equal(app_resolve(&fx->app, NULL, &got), CALM_USAGE);
	assert_int_equal(app_declare(&fx->app, "One", 3, NULL, &a), CALM_OK);
	assert_int_equal(app_resolve(&fx->app, NULL, &got), CALM_OK);
	assert_int_equal(got, a);
	assert_int_equal(app_declare(&fx->app, "Two", 3, NULL, &b), CALM_OK);
	assert_int_equal(app_resolve(&fx->app, NULL, &got), CALM_USAGE);
	assert_string_equal(fx->app.err.msg,
			    "2 incidents are active: name one by id (see 'calm list')");
	assert_int_equal(app_resolve(&fx->app, "2", &got), CALM_OK);
	assert_int_equal(got, b);
	assert_int_equal(app_resolve(&fx->app, "2x", &got), CALM_USAGE);
	assert_int_equal(app_resolve(&fx->app, "7", &got), CALM_NOTFOUND);
}

static void app__fields_and_severity(void **state)
{
	struct fixture *fx = *state;
	struct incident inc;
	char *v = NULL;
	long long id;

	assert_int_equal(app_declare(&fx->app, "API errors", 3, NULL, &id), CALM_OK);
	assert_int_equal(app_set_field(&fx->app, id, "impact-start", "now", NULL), CALM_OK);
	assert_int_equal(store_field_get(fx->st, id, "impact-start", &v, NULL), CALM_OK);
	assert_string_equal(v, "2026-02-01T14:05:00Z");
	free(v);
	assert_int_equal(app_set_field(&fx->app, id, "severity", "1", NULL), CALM_OK);
	assert_int_equal(app_set_field(&fx->app, id, "title", "API 5xx", NULL), CALM_OK);
	assert_int_equal(store_incident_get(fx->st, id, &inc, NULL), CALM_OK);
	assert_int_equal(inc.severity, 1);
	assert_string_equal(inc.title, "API 5xx");
	incident_release(&inc);
	assert_int_equal(app_set_field(&fx->app, id, "cause", "", NULL), CALM_OK);
	assert_int_equal(store_field_get(fx->st, id, "cause", &v, NULL), CALM_OK);
	assert_null(v);
	assert_int_equal(events(fx, id), 5);
}

static void app__mask_words_masks_each_word_with_the_playbooks_secrets(void **state)
{
	struct fixture *fx = *state;
	const char *argv[] = { "log", "7", "hello zork123", "password=hunter2", NULL };
	char **out = (char **)1;

	fx->pb->secrets = xcalloc(2, sizeof *fx->pb->secrets);
	fx->pb->secrets[0] = xstrdup("zork[0-9]+");
	assert_int_equal(app_mask_words(&fx->app, 4, argv, &out), CALM_OK);
	assert_string_equal(out[0], "log");
	assert_string_equal(out[1], "7");
	assert_string_equal(out[2], "hello ****");
	assert_string_equal(out[3], "password=****");
	assert_null(out[4]);
	app_words_free(out);
	app_release(&fx->app);
}

static void app__mask_words_refuses_a_secret_across_words(void **state)
{
	struct fixture *fx = *state;
	const char *bearer[] = { "log", "Authorization:", "Bearer", "abcdefghijklmnop" };
	const char *flag[] = { "log", "--password", "hunter2" };
	const char *plain[] = { "log", "all", "quiet" };
	char **out = (char **)1;

	assert_int_equal(app_mask_words(&fx->app, 4, bearer, &out), CALM_SPLIT_SECRET);
	assert_null(out);
	assert_int_equal(app_mask_words(&fx->app, 3, flag, &out), CALM_SPLIT_SECRET);
	assert_null(out);
	assert_int_equal(app_mask_words(&fx->app, 3, plain, &out), CALM_OK);
	assert_string_equal(out[2], "quiet");
	app_words_free(out);
	app_release(&fx->app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(app__declare_records_one_event, setup, teardown),
		cmocka_unit_test_setup_teardown(app__refused_actions_write_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(app__gate_opens_with_ticks_and_notes, setup, teardown),
		cmocka_unit_test_setup_teardown(app__last_stage_closes_and_locks, setup, teardown),
		cmocka_unit_test_setup_teardown(app__resolve_the_only_active_incident, setup, teardown),
		cmocka_unit_test_setup_teardown(app__fields_and_severity, setup, teardown),
		cmocka_unit_test_setup_teardown(app__mask_words_masks_each_word_with_the_playbooks_secrets,
						setup, teardown),
		cmocka_unit_test_setup_teardown(app__mask_words_refuses_a_secret_across_words, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
