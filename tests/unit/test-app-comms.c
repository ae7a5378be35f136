/*
 * test-app-comms.c - the issue-4 actions: drafts keep revisions and an
 * unchanged autosave writes nothing; a send refused for blame reports
 * the hits and writes nothing; a manual send marks the revision sent;
 * "no fix possible" sets data-lost and meets the fix gate; markers show
 * unset facts in a rendered draft.
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
#include "calm/config.h"
#include "calm/store.h"

struct fixture {
	struct store *st;
	struct playbook *pb;
	struct app app;
	long long id;
};

static long long fixed_now(void)
{
	return 1675260300000LL; /* 2023-02-01T14:05:00Z */
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct calm_err err = { 0 };

	assert_int_equal(config_default(&fx->pb, &err), CALM_OK);
	assert_int_equal(store_open(&fx->st, ":memory:", 0, &err), CALM_OK);
	fx->app = (struct app){ .st = fx->st, .pb = fx->pb, .author = "alice",
				.now_ms = fixed_now };
	assert_int_equal(app_declare(&fx->app, "Checkout down", 2, "Checkout", &fx->id), CALM_OK);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	app_release(&fx->app);
	store_close(fx->st);
	playbook_free(fx->pb);
	free(fx);
	return 0;
}

static long long events(struct fixture *fx)
{
	struct incident_counts c;
	assert_int_equal(store_incident_counts(fx->st, fx->id, &c, NULL), CALM_OK);
	return c.events;
}

static void app__drafts_and_revisions(void **state)
{
	struct fixture *fx = *state;
	char *text = NULL;
	int rev = -1;

	assert_int_equal(app_draft_current(&fx->app, fx->id, AUD_RESOLUTION, &text, &rev), CALM_OK);
	assert_int_equal(rev, 0);
	assert_non_null(strstr(text, "Data lost: [data lost: not stated yet - say 'none' if none]"));
	assert_non_null(strstr(text, "Checkout is back: Checkout down"));
	free(text);
	assert_int_equal(app_draft_save(&fx->app, fx->id, AUD_INTERNAL, "v1", 2, &rev), CALM_OK);
	assert_int_equal(rev, 1);
	long long before = events(fx);
	assert_int_equal(app_draft_save(&fx->app, fx->id, AUD_INTERNAL, "v1", 2, &rev), CALM_OK);
	assert_int_equal(rev, 1);
	assert_int_equal(events(fx), before);
	assert_int_equal(app_draft_save(&fx->app, fx->id, AUD_INTERNAL, "v2", 2, &rev), CALM_OK);
	assert_int_equal(rev, 2);
	assert_int_equal(app_draft_save(&fx->app, fx->id, AUD_INTERNAL, " \n", 2, &rev), CALM_USAGE);
	assert_int_equal(app_draft_save(&fx->app, fx->id, 7, "x", 1, &rev), CALM_USAGE);
	assert_int_equal(app_draft_current(&fx->app, fx->id, AUD_INTERNAL, &text, &rev), CALM_OK);
	assert_string_equal(text, "v2");
	assert_int_equal(rev, 2);
	free(text);
}

static void app__send_blame_then_manual(void **state)
{
	struct fixture *fx = *state;
	const char *const names[] = { "bob", NULL };
	struct app_send s = { .names = names };
	struct incident_counts c;
	const char *t = "Bob broke it; it is bob's fault";
	long long before;

	assert_int_equal(app_draft_save(&fx->app, fx->id, AUD_INTERNAL, t, strlen(t), NULL), CALM_OK);
	before = events(fx);
	assert_int_equal(app_send(&fx->app, fx->id, AUD_INTERNAL, &s), CALM_GATE);
	assert_int_equal(s.blame.n, 2);
	assert_int_equal(s.blame.m[0].off, 0);
	assert_int_equal(s.blame.m[1].off, 20);
	assert_string_equal(fx->app.err.msg,
			    "blame words in the internal update: 'Bob', 'bob's fault' (blame the system, not people; send anyway with --yes)");
	assert_int_equal(events(fx), before);
	app_send_release(&s);

	s = (struct app_send){ .names = names, .confirmed = true };
	assert_int_equal(app_send(&fx->app, fx->id, AUD_INTERNAL, &s), CALM_OK);
	assert_int_equal(s.revision, 1);
	app_send_release(&s);
	assert_int_equal(store_incident_counts(fx->st, fx->id, &c, NULL), CALM_OK);
	assert_true(c.comms_sent[AUD_INTERNAL]);
	assert_int_equal(c.events, before + 1);
	/* nothing unsent is left */
	s = (struct app_send){ .confirmed = true };
	assert_int_equal(app_send(&fx->app, fx->id, AUD_INTERNAL, &s), CALM_GATE);
	app_send_release(&s);
}

static void app__no_fix_sets_data_lost(void **state)
{
	struct fixture *fx = *state;
	struct incident_counts c;
	char *v = NULL;
	long long n = 0;
	int rev = 0;

	assert_int_equal(app_fix_add(&fx->app, fx->id, "restore backup", "rows gone", &n), CALM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(app_fix_outcome(&fx->app, fx->id, 1, "nope", NULL), CALM_USAGE);
	assert_int_equal(app_fix_post_draft(&fx->app, fx->id, &rev), CALM_OK);
	assert_int_equal(rev, 1);
	assert_int_equal(app_no_fix(&fx->app, fx->id, "orders from 10:00 to 10:05"), CALM_OK);
	assert_int_equal(store_field_get(fx->st, fx->id, "data-lost", &v, NULL), CALM_OK);
	assert_string_equal(v, "orders from 10:00 to 10:05");
	free(v);
	assert_int_equal(store_incident_counts(fx->st, fx->id, &c, NULL), CALM_OK);
	assert_true(c.no_fix);
	assert_int_equal(app_action_add(&fx->app, fx->id, "Backups", NULL, "policy", "2023-02-29", &n),
			 CALM_DATA);
	assert_int_equal(app_action_add(&fx->app, fx->id, "Backups", NULL, "policy", "2024-02-29", &n),
			 CALM_OK);
	assert_int_equal(app_action_edit(&fx->app, fx->id, n, "owner", "carol"), CALM_OK);
	assert_int_equal(app_action_status(&fx->app, fx->id, n, "done"), CALM_OK);
	assert_int_equal(app_action_status(&fx->app, fx->id, 5, "done"), CALM_NOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(app__drafts_and_revisions, setup, teardown),
		cmocka_unit_test_setup_teardown(app__send_blame_then_manual, setup, teardown),
		cmocka_unit_test_setup_teardown(app__no_fix_sets_data_lost, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
