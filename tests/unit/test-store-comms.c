/*
 * test-store-comms.c - drafts with every revision kept, fix attempts and
 * outcomes, "no fix possible", action items, exports, the counts the
 * gates read, and the postmortem JSON.  On both engines (backend.h).
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
#include "calm/store.h"
#include "calm/store-replay.h"
#include "backend.h"

struct fixture {
	char *path;
	struct store *st;
	struct playbook *pb;
	long long id;
};

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof *fx);
	struct calm_err err = { 0 };

	fx->pb = xcalloc(1, sizeof *fx->pb);
	fx->pb->nstages = 1;
	fx->pb->stages = xcalloc(1, sizeof *fx->pb->stages);
	fx->pb->stages[0].id = xstrdup("only");
	fx->path = tb_fresh("comms");
	assert_int_equal(store_open(&fx->st, fx->path, 0, &err), CALM_OK);
	assert_int_equal(store_begin(fx->st, &err), CALM_OK);
	assert_int_equal(store_incident_create(fx->st, "T", 2, 1000, "alice", fx->pb,
					       &fx->id, &err), CALM_OK);
	assert_int_equal(store_commit(fx->st, &err), CALM_OK);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	store_close(fx->st);
	tb_drop(fx->path);
	playbook_free(fx->pb);
	free(fx);
	return 0;
}

static void integrity(struct store *st)
{
	char *json = NULL;
	/* a read through the store proves the file is sound enough; the
	 * schema's CHECKs ran on every write */
	assert_int_equal(store_incidents_json(st, 0, &json, NULL), CALM_OK);
	free(json);
}

static int count_drafts(const struct draft *d, void *ctx)
{
	struct buf *b = ctx;
	buf_addf(b, "%s/%d/%s/%s;", audience_name(d->audience), d->revision, d->text,
		 d->channel ? d->channel : "-");
	return 0;
}

static void store__drafts_keep_every_revision(void **state)
{
	struct fixture *fx = *state;
	struct calm_err err = { 0 };
	struct incident_counts c;
	struct draft d;
	struct buf b = BUF_INIT;
	bool found;
	int rev = 0;
	long long id1, id2, revs, sent;

	assert_int_equal(store_draft_latest(fx->st, fx->id, AUD_INTERNAL, &d, &found, &err), CALM_OK);
	assert_false(found);
	/* outside a transaction: refused */
	assert_int_equal(store_draft_save(fx->st, fx->id, AUD_INTERNAL, "x", 1, "a", NULL, NULL, &err),
			 CALM_IO);
	calm_err_clear(&err);
	assert_int_equal(store_begin(fx->st, &err), CALM_OK);
	assert_int_equal(store_draft_save(fx->st, fx->id, AUD_INTERNAL, "one", 2000, "alice", &rev, &id1, &err), CALM_OK);
	assert_int_equal(rev, 1);
	assert_int_equal(store_draft_save(fx->st, fx->id, AUD_EXTERNAL, "ext", 2100, "bob", &rev, NULL, &err), CALM_OK);
	assert_int_equal(rev, 1);
	assert_int_equal(store_draft_save(fx->st, fx->id, AUD_INTERNAL, "two", 2200, "bob", &rev, &id2, &err), CALM_OK);
	assert_int_equal(rev, 2);
	assert_int_equal(store_draft_mark_sent(fx->st, id2, 3000, "carol", "file:/tmp/x", &err), CALM_OK);
	assert_int_equal(store_draft_mark_sent(fx->st, id2, 3001, "carol", "file:/tmp/x", &err), CALM_NOTFOUND);
	calm_err_clear(&err);
	assert_int_equal(store_commit(fx->st, &err), CALM_OK);
	/* a statement that fails: the caller rolls back (store.h) */
	assert_int_equal(store_begin(fx->st, &err), CALM_OK);
	assert_int_equal(store_draft_save(fx->st, 999, AUD_INTERNAL, "x", 1, "a", NULL, NULL, &err), CALM_NOTFOUND);
	assert_string_equal(err.msg, "no incident 999");
	calm_err_clear(&err);
	store_rollback(fx->st);

	assert_int_equal(store_draft_latest(fx->st, fx->id, AUD_INTERNAL, &d, &found, &err), CALM_OK);
	assert_true(found);
	assert_int_equal(d.revision, 2);
	assert_string_equal(d.text, "two");
	assert_string_equal(d.author, "bob");
	assert_int_equal(d.sent_ms, 3000);
	assert_string_equal(d.sent_by, "carol");
	assert_string_equal(d.channel, "file:/tmp/x");
	draft_release(&d);
	assert_int_equal(store_draft_count(fx->st, fx->id, AUD_INTERNAL, &revs, &sent, &err), CALM_OK);
	assert_int_equal(revs, 2);
	assert_int_equal(sent, 1);
	assert_int_equal(store_draft_each(fx->st, fx->id, -1, count_drafts, &b, &err), CALM_OK);
	assert_string_equal(buf_cstr(&b), "internal/1/one/-;external/1/ext/-;internal/2/two/file:/tmp/x;");
	buf_reset(&b);
	assert_int_equal(store_draft_each(fx->st, fx->id, AUD_EXTERNAL, count_drafts, &b, &err), CALM_OK);
	assert_string_equal(buf_cstr(&b), "external/1/ext/-;");
	buf_release(&b);
	assert_int_equal(store_incident_counts(fx->st, fx->id, &c, &err), CALM_OK);
	assert_true(c.comms_sent[AUD_INTERNAL]);
	assert_false(c.comms_sent[AUD_EXTERNAL]);
	integrity(fx->st);
}

static int list_fixes(const struct fix_row *f, void *ctx)
{
	struct buf *b = ctx;
	buf_addf(b, "%lld:%s:%s:%s:%s;", f->n, f->what, f->why ? f->why : "-",
		 f->outcome ? f->outcome : "-", f->note ? f->note : "-");
	return 0;
}

static void store__fixes_and_no_fix(void **state)
{
	struct fixture *fx = *state;
	struct calm_err err = { 0 };
	struct incident_counts c;
	struct buf b = BUF_INIT;
	long long n = 0;

	assert_int_equal(store_begin(fx->st, &err), CALM_OK);
	assert_int_equal(store_fix_add(fx->st, fx->id, "restart", "leak", 10, "a", &n, &err), CALM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_fix_add(fx->st, fx->id, "rollback", NULL, 20, "a", &n, &err), CALM_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_incident_counts(fx->st, fx->id, &c, &err), CALM_OK);
	assert_int_equal(c.fixes_worked, 0);
	assert_int_equal(store_fix_outcome(fx->st, fx->id, 2, "worked", "back", 30, &err), CALM_OK);
	assert_int_equal(store_fix_outcome(fx->st, fx->id, 1, "failed", NULL, 31, &err), CALM_OK);
	assert_int_equal(store_fix_outcome(fx->st, fx->id, 3, "failed", NULL, 31, &err), CALM_NOTFOUND);
	assert_string_equal(err.msg, "incident 1 has no fix attempt 3");
	calm_err_clear(&err);
	assert_int_equal(store_no_fix(fx->st, fx->id, "orders after 13:00", 40, "a", &n, &err), CALM_OK);
	assert_int_equal(n, 3);
	/* a no-fix row takes no outcome */
	assert_int_equal(store_fix_outcome(fx->st, fx->id, 3, "worked", NULL, 41, &err), CALM_NOTFOUND);
	calm_err_clear(&err);
	assert_int_equal(store_commit(fx->st, &err), CALM_OK);
	assert_int_equal(store_begin(fx->st, &err), CALM_OK);
	assert_int_equal(store_fix_outcome(fx->st, fx->id, 1, "bogus", NULL, 31, &err), CALM_DATA);
	calm_err_clear(&err);
	store_rollback(fx->st);
	assert_int_equal(store_fix_each(fx->st, fx->id, list_fixes, &b, &err), CALM_OK);
	assert_string_equal(buf_cstr(&b), "1:restart:leak:failed:-;2:rollback:-:worked:back;"
			    "3:no fix possible:-:no-fix:orders after 13:00;");
	buf_release(&b);
	assert_int_equal(store_incident_counts(fx->st, fx->id, &c, &err), CALM_OK);
	assert_int_equal(c.fixes_worked, 1); /* rollback worked, restart failed */
	assert_int_equal(c.fixes_failed, 1);
	assert_true(c.no_fix);
}

static int list_actions(const struct action_row *a, void *ctx)
{
	struct buf *b = ctx;
	buf_addf(b, "%lld:%s:%s:%s:%s:%s;", a->n, a->title, a->owner ? a->owner : "-",
		 a->category ? a->category : "-", a->due ? a->due : "-", a->status);
	return 0;
}

static void store__actions_and_exports(void **state)
{
	struct fixture *fx = *state;
	struct calm_err err = { 0 };
	struct incident_counts c;
	struct buf b = BUF_INIT;
	long long n = 0;
	char *json = NULL;

	assert_int_equal(store_begin(fx->st, &err), CALM_OK);
	assert_int_equal(store_action_add(fx->st, fx->id, "load test", "bob", "technical",
					  "2026-03-01", 10, "a", &n, &err), CALM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_action_add(fx->st, fx->id, "train", NULL, NULL, NULL, 11, "a", &n, &err), CALM_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_action_set(fx->st, fx->id, 2, "owner", "carol", &err), CALM_OK);
	assert_int_equal(store_action_set(fx->st, fx->id, 1, "due", "", &err), CALM_OK);
	assert_int_equal(store_action_set(fx->st, fx->id, 1, "status", "done", &err), CALM_OK);
	assert_int_equal(store_action_set(fx->st, fx->id, 2, "status", "dropped", &err), CALM_OK);
	assert_int_equal(store_action_set(fx->st, fx->id, 9, "title", "x", &err), CALM_NOTFOUND);
	assert_string_equal(err.msg, "incident 1 has no action item 9");
	calm_err_clear(&err);
	assert_int_equal(store_action_set(fx->st, fx->id, 1, "id", "x", &err), CALM_USAGE);
	calm_err_clear(&err);
	assert_int_equal(store_export_record(fx->st, fx->id, 50, "md", "/tmp/pm.md", "a", &err), CALM_OK);
	assert_int_equal(store_commit(fx->st, &err), CALM_OK);
	/* statements that fail: the caller rolls back (store.h) */
	assert_int_equal(store_begin(fx->st, &err), CALM_OK);
	assert_int_equal(store_action_set(fx->st, fx->id, 2, "status", "maybe", &err), CALM_DATA);
	calm_err_clear(&err);
	store_rollback(fx->st);
	assert_int_equal(store_begin(fx->st, &err), CALM_OK);
	assert_int_equal(store_export_record(fx->st, 77, 50, "md", NULL, "a", &err), CALM_NOTFOUND);
	calm_err_clear(&err);
	store_rollback(fx->st);
	assert_int_equal(store_action_each(fx->st, fx->id, list_actions, &b, &err), CALM_OK);
	assert_string_equal(buf_cstr(&b), "1:load test:bob:technical:-:done;2:train:carol:-:-:dropped;");
	buf_release(&b);
	assert_int_equal(store_incident_counts(fx->st, fx->id, &c, &err), CALM_OK);
	assert_int_equal(c.actions, 1);
	assert_true(c.exported);

	/* the JSON holds it all, with U+2028 escaped */
	assert_int_equal(store_begin(fx->st, &err), CALM_OK);
	assert_int_equal(store_draft_save(fx->st, fx->id, AUD_RESOLUTION, "a\xe2\x80\xa8" "b\"",
					  60, "a", NULL, NULL, &err), CALM_OK);
	assert_int_equal(store_commit(fx->st, &err), CALM_OK);
	assert_int_equal(store_postmortem_json(fx->st, fx->id, &json, &err), CALM_OK);
	assert_non_null(strstr(json, "\"incident\":{\"id\":1,\"uuid\":\""));
	assert_non_null(strstr(json, "\",\"title\":\"T\""));
	assert_non_null(strstr(json, "\"text\":\"a\\u2028b\\\"\""));
	assert_non_null(strstr(json, "\"actions\":[{\"n\":1,\"title\":\"load test\",\"owner\":\"bob\""));
	assert_non_null(strstr(json, "\"exports\":[{\"ts\":\"1970-01-01T00:00:00.050Z\",\"format\":\"md\",\"path\":\"/tmp/pm.md\""));
	assert_null(strstr(json, "\xe2\x80\xa8"));
	free(json);
	assert_int_equal(store_postmortem_json(fx->st, 42, &json, &err), CALM_NOTFOUND);
	integrity(fx->st);
}

/* The overdue rule is said once in C (action_overdue, model.h) and once
 * in SQL (store_stats, store_overdue_each): over the same cases, both
 * name the same items. */
static int mark_overdue(const struct overdue_row *r, void *ctx)
{
	bool *in = ctx;

	assert_true(r->n >= 1 && r->n <= 64);
	in[r->n] = true;
	return 0;
}

static void store__overdue_rule_agrees(void **state)
{
	struct fixture *fx = *state;
	struct calm_err err = { 0 };
	static const char *const statuses[] = { "open", "done", "dropped" };
	static const char *const dues[] = { NULL, "1999-12-31", "2026-03-09", "2026-03-10",
					    "2026-03-11", "2026-3-9", "2026-03-09T23:59" };
	const char *today = "2026-03-10";
	bool want[64] = { false }, got[64] = { false };
	struct incident_stats stats;
	long long n = 0, expected = 0;

	assert_int_equal(store_begin(fx->st, &err), CALM_OK);
	for (size_t s = 0; s < 3; s++) {
		for (size_t d = 0; d < sizeof dues / sizeof dues[0]; d++) {
			assert_int_equal(store_action_add(fx->st, fx->id, "item", NULL, NULL,
							  dues[d], 10, "a", &n, &err), CALM_OK);
			assert_int_equal(store_action_set(fx->st, fx->id, n, "status",
							  statuses[s], &err), CALM_OK);
			want[n] = action_overdue(statuses[s], dues[d], today);
			expected += want[n];
		}
	}
	assert_int_equal(store_commit(fx->st, &err), CALM_OK);
	/* open and sorting before today: 1999-12-31, 2026-03-09 and
	 * 2026-03-09T23:59 (2026-3-9 sorts after: bytes, not dates) */
	assert_int_equal(expected, 3);
	assert_int_equal(store_stats(fx->st, today, &stats, &err), CALM_OK);
	assert_int_equal(stats.overdue_actions, expected);
	assert_int_equal(store_overdue_each(fx->st, today, mark_overdue, got, &err), CALM_OK);
	for (long long i = 1; i <= n; i++)
		assert_int_equal(got[i], want[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(store__drafts_keep_every_revision, setup, teardown),
		cmocka_unit_test_setup_teardown(store__fixes_and_no_fix, setup, teardown),
		cmocka_unit_test_setup_teardown(store__actions_and_exports, setup, teardown),
		cmocka_unit_test_setup_teardown(store__overdue_rule_agrees, setup, teardown),
	};
	return tb_run("store comms", tests, sizeof tests / sizeof tests[0]);
}
