/*
 * test-app-comms.c - the issue-4 actions: drafts keep revisions and an
 * unchanged autosave writes nothing; a send refused for blame reports
 * the hits and writes nothing; a manual send marks the revision sent;
 * "no fix possible" sets data-lost and meets the fix gate; markers show
 * unset facts in a rendered draft; {timeline} and {narrative} render
 * each event a line, and a draft that names neither reads a few rows of
 * a 100,000-event incident, never its notes.
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
#include "calm/store-replay.h"

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

/* n notes into the incident, 20,000 a transaction, one ms apart. */
static void add_notes(struct fixture *fx, long long n)
{
	struct calm_err err = { 0 };
	long long ts = fixed_now() + 1000;
	char text[64];

	for (long long done = 0; done < n;) {
		assert_int_equal(store_begin(fx->st, &err), CALM_OK);
		for (long long i = 0; i < 20000 && done < n; i++, done++) {
			snprintf(text, sizeof text, "note %lld: p99 at %lld ms", done, 100 + done % 900);
			struct event ev = { .incident = fx->id, .ts_ms = ts++, .author = "bob",
					    .kind = "note", .text = text };
			assert_int_equal(store_append_event(fx->st, &ev, NULL, NULL, &err), CALM_OK);
		}
		assert_int_equal(store_commit(fx->st, &err), CALM_OK);
	}
}

static void use_template(struct fixture *fx, int audience, const char *text)
{
	free(fx->pb->comms[audience]);
	fx->pb->comms[audience] = strdup(text);
}

static size_t count_lines(const char *s)
{
	size_t n = 1;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* {timeline} and {narrative} in a draft render as they always did: one
 * "- " item a line, oldest first, after the text before them. */
static void app__draft_timeline_renders_each_event(void **state)
{
	struct fixture *fx = *state;
	char *text = NULL;

	add_notes(fx, 2);
	use_template(fx, AUD_INTERNAL, "{title}\n{timeline}\n--\n{narrative}\nend");
	assert_int_equal(app_draft_render(&fx->app, fx->id, AUD_INTERNAL, &text), CALM_OK);
	assert_string_equal(text,
			    "Checkout down\n"
			    "- 2023-02-01 14:05:00 UTC alice: declared: Checkout down (severity 2)\n"
			    "- 2023-02-01 14:05:01 UTC bob: note 0: p99 at 100 ms\n"
			    "- 2023-02-01 14:05:01 UTC bob: note 1: p99 at 101 ms\n"
			    "--\n"
			    "- 2023-02-01 14:05 bob: note 0: p99 at 100 ms\n"
			    "- 2023-02-01 14:05 bob: note 1: p99 at 101 ms\n"
			    "end");
	free(text);
}

/* A draft whose template does not name {timeline} reads a few rows
 * however long the timeline: 100,000 notes are never walked.  One that
 * names it walks them all, into the same text. */
static void app__draft_without_timeline_reads_no_events(void **state)
{
	struct fixture *fx = *state;
	struct calm_err err = { 0 };
	long long rows = 0;
	char *text = NULL;

	add_notes(fx, 100000);
	assert_int_equal(store_count_rows(fx->st, &rows, &err), CALM_OK);
	assert_int_equal(app_draft_render(&fx->app, fx->id, AUD_INTERNAL, &text), CALM_OK);
	assert_non_null(strstr(text, "Checkout down"));
	free(text);
	assert_true(rows > 0);     /* counted: the incident, its facts... */
	assert_true(rows < 1000);  /* ...and never the notes */
	use_template(fx, AUD_INTERNAL, "{title}\n{timeline}");
	rows = 0;
	assert_int_equal(app_draft_render(&fx->app, fx->id, AUD_INTERNAL, &text), CALM_OK);
	assert_true(rows >= 100001);
	assert_int_equal(count_lines(text), 1 + 100001);
	assert_non_null(strstr(text, "\n- 2023-02-01 14:05:00 UTC alice: declared: Checkout down (severity 2)\n"
				     "- 2023-02-01 14:05:01 UTC bob: note 0: p99 at 100 ms\n"));
	assert_non_null(strstr(text, "bob: note 99999: p99 at 199 ms"));
	free(text);
	assert_int_equal(store_count_rows(fx->st, NULL, &err), CALM_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(app__drafts_and_revisions, setup, teardown),
		cmocka_unit_test_setup_teardown(app__send_blame_then_manual, setup, teardown),
		cmocka_unit_test_setup_teardown(app__no_fix_sets_data_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(app__draft_timeline_renders_each_event, setup, teardown),
		cmocka_unit_test_setup_teardown(app__draft_without_timeline_reads_no_events, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
