/*
 * test-store-search.c - the full-text index (src/store/search.c):
 * written with each event in its transaction, what each kind puts in
 * it, typed queries never reaching FTS5 as syntax, advanced syntax
 * errors as usage errors, similar incidents, migration 2 filling the
 * index of an old database, and a read-only open that finds the same.
 * On both engines (backend.h), but for SQLite's migration.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "calm/buf.h"
#include "calm/store.h"
#include "backend.h"

static char *tmp_db(const char *name)
{
	return tb_fresh(name);
}

static void drop_db(char *path)
{
	tb_drop(path);
}

static void raw_exec(const char *path, const char *sql)
{
	tb_exec(path, sql);
}

static struct playbook *one_stage(void)
{
	struct playbook *pb = xcalloc(1, sizeof *pb);

	pb->name = xstrdup("test");
	pb->nstages = 1;
	pb->stages = xcalloc(1, sizeof *pb->stages);
	pb->stages[0].id = xstrdup("triage");
	pb->stages[0].title = xstrdup("Triage");
	pb->stages[0].audience = -1;
	return pb;
}

/* Append one event in its own transaction; returns its id. */
static long long event(struct store *st, long long inc, const char *kind,
		       const char *text, const char *const *kv)
{
	struct calm_err err = { 0 };
	struct event ev = { .incident = inc, .ts_ms = 1700000000000LL,
			    .author = "alice", .kind = kind, .text = text };
	long long id = 0;

	assert_int_equal(store_begin(st, &err), CALM_OK);
	if (store_append_event(st, &ev, kv, &id, &err) != CALM_OK)
		fail_msg("append: %s", err.msg);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	return id;
}

static long long declare(struct store *st, const char *title)
{
	struct playbook *pb = one_stage();
	struct calm_err err = { 0 };
	long long id = 0;

	assert_int_equal(store_begin(st, &err), CALM_OK);
	if (store_incident_create(st, title, 2, 1700000000000LL, "alice", pb, &id, &err))
		fail_msg("create: %s", err.msg);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	playbook_free(pb);
	const char *kv[] = { "title", title, "severity", "2", "stage", "triage", NULL };
	event(st, id, "declare", "declared", kv);
	return id;
}

/* Hits as "incident:event:kind:snippet" lines. */
static int collect(const struct search_hit *h, void *ctx)
{
	buf_addf(ctx, "%lld:%lld:%s:%s\n", h->incident, h->event, h->kind, h->snippet);
	return 0;
}

static char *search(struct store *st, const char *q, unsigned flags)
{
	struct calm_err err = { 0 };
	struct buf b = BUF_INIT;

	if (store_search(st, q, flags, 20, collect, &b, &err) != CALM_OK)
		fail_msg("search '%s': %s", q, err.msg);
	buf_adds(&b, "");
	return buf_detach(&b);
}

static void search__finds_each_kind(void **state)
{
	char *path = tmp_db(__func__);
	struct store *st = tb_open(path, 0);
	struct calm_err err = { 0 };
	char *got;
	long long inc, note, fix, act, ren, drf;

	(void)state;
	inc = declare(st, "Checkout returns 500");
	note = event(st, inc, "note", "the load balancer drops requests", NULL);
	const char *fkv[] = { "fix", "1", "what", "restart the pool", "why", "connections leak", NULL };
	fix = event(st, inc, "fix", "fix attempt 1", fkv);
	const char *akv[] = { "action", "1", "title", "alert on pool exhaustion", NULL };
	act = event(st, inc, "action", "action item 1", akv);
	const char *rkv[] = { "field", "title", "value", "Checkout down for everyone", NULL };
	ren = event(st, inc, "field", "title: ...", rkv);
	const char *ckv[] = { "item", "a", "checked", "1", NULL };
	event(st, inc, "check", "ticked: balancer", ckv); /* not indexed */
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_draft_save(st, inc, AUD_INTERNAL, "we see zebra errors",
					  1700000000000LL, "alice", NULL, NULL, &err), CALM_OK);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	const char *dkv[] = { "audience", "internal", "revision", "1", NULL };
	drf = event(st, inc, "draft", "draft saved", dkv);

	char want[256];
	got = search(st, "balancer", 0);
	snprintf(want, sizeof want, "%lld:%lld:note:the load \001balancer\002 drops requests\n", inc, note);
	assert_string_equal(got, want);
	free(got);
	got = search(st, "leak", 0);
	snprintf(want, sizeof want, "%lld:%lld:fix:restart the pool connections \001leak\002\n", inc, fix);
	assert_string_equal(got, want);
	free(got);
	got = search(st, "exhaust*", 0);
	snprintf(want, sizeof want, "%lld:%lld:action:alert on pool \001exhaustion\002\n", inc, act);
	assert_string_equal(got, want);
	free(got);
	got = search(st, "everyone", 0);
	snprintf(want, sizeof want, "%lld:%lld:field:Checkout down for \001everyone\002\n", inc, ren);
	assert_string_equal(got, want);
	free(got);
	got = search(st, "ZEBRA", 0);
	snprintf(want, sizeof want, "%lld:%lld:draft:we see \001zebra\002 errors\n", inc, drf);
	assert_string_equal(got, want);
	free(got);
	/* all words must match */
	got = search(st, "pool restart", 0);
	snprintf(want, sizeof want, "%lld:%lld:fix:", inc, fix);
	assert_true(strncmp(got, want, strlen(want)) == 0);
	assert_null(strchr(got, '\n') == got + strlen(got) - 1 ? NULL : "two hits");
	free(got);
	store_close(st);
	drop_db(path);
}

static void search__typed_text_is_never_syntax(void **state)
{
	static const char *const hostile[] = {
		"AND", "OR NOT", "\"", "a\"b", "col:x", "-x", "NEAR(a b", "(", "*", "^x",
		"{body}: x", "x AND", "\x01", NULL,
	};
	char *path = tmp_db(__func__);
	struct store *st = tb_open(path, 0);
	struct calm_err err = { 0 };
	long long inc = declare(st, "t");
	char *got;

	(void)state;
	event(st, inc, "note", "weird \"quote\" AND -x col: NOT", NULL);
	for (int i = 0; hostile[i]; i++) {
		struct buf b = BUF_INIT;
		calm_err_clear(&err);
		if (store_search(st, hostile[i], 0, 5, collect, &b, &err) != CALM_OK)
			fail_msg("'%s' failed: %s", hostile[i], err.msg);
		buf_release(&b);
	}
	got = search(st, "\"quote\" AND", 0);
	assert_non_null(strstr(got, "\001quote\002"));
	free(got);
	/* blank is a usage error */
	assert_int_equal(store_search(st, " \t ", 0, 5, collect, NULL, &err), CALM_USAGE);
	assert_string_equal(err.msg, "empty search");
	/* advanced: the engine's syntax (FTS5's errors are the user's;
	 * PostgreSQL's websearch syntax has none: a bare AND is a word) */
	calm_err_clear(&err);
	if (tb_pg()) {
		got = search(st, "AND", SEARCH_ADVANCED);
		assert_non_null(strstr(got, "\001AND\002"));
		free(got);
		got = search(st, "\"weird quote\" -nothing", SEARCH_ADVANCED);
		assert_non_null(strstr(got, "\001weird\002"));
		free(got);
	} else {
		assert_int_equal(store_search(st, "AND", SEARCH_ADVANCED, 5, collect, NULL, &err),
				 CALM_USAGE);
		assert_string_equal(err.msg, "bad search query: syntax error near \"AND\"");
	}
	got = search(st, "quote OR nothing", SEARCH_ADVANCED);
	assert_non_null(strstr(got, "\001quote\002"));
	free(got);
	store_close(st);
	drop_db(path);
}

static void search__rolled_back_is_not_indexed(void **state)
{
	char *path = tmp_db(__func__);
	struct store *st = tb_open(path, 0);
	struct calm_err err = { 0 };
	long long inc = declare(st, "t");
	struct event ev = { .incident = inc, .ts_ms = 1, .author = "a", .kind = "note",
			    .text = "phantom words" };
	char *got;

	(void)state;
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_append_event(st, &ev, NULL, NULL, &err), CALM_OK);
	store_rollback(st);
	got = search(st, "phantom", 0);
	assert_string_equal(got, "");
	free(got);
	store_close(st);
	drop_db(path);
}

static int collect_similar(const struct similar_hit *h, void *ctx)
{
	buf_addf(ctx, "%lld:%s\n", h->incident, h->title);
	return 0;
}

static void search__similar_incidents(void **state)
{
	char *path = tmp_db(__func__);
	struct store *st = tb_open(path, 0);
	struct calm_err err = { 0 };
	struct buf b = BUF_INIT;
	long long a, c, n;

	(void)state;
	a = declare(st, "Checkout returns 500");
	declare(st, "Mail queue stuck");
	c = declare(st, "Login slow");
	event(st, c, "note", "checkout pages time out too", NULL);
	long long d = declare(st, "Search slow for EU users");
	long long e = declare(st, "Card payments declined at checkout");
	event(st, e, "note", "EU cards only, payments provider timeouts", NULL);
	n = declare(st, "Checkout returns 502 on pay");
	if (store_similar(st, "Checkout returns 502 on pay", n, 3, collect_similar, &b, &err) != CALM_OK)
		fail_msg("similar: %s", err.msg);
	char want[160];
	/* two meaningful words in common (checkout, returns); Login slow's note
	 * shares only "checkout": one word never makes two incidents alike */
	snprintf(want, sizeof want, "%lld:Checkout returns 500\n", a);
	assert_string_equal(buf_cstr(&b), want);
	/* common words do not count ("for", "users", "EU" too short): Search
	 * slow for EU users is nothing like Mail delays for EU users, and
	 * Mail queue stuck shares one word only */
	buf_reset(&b);
	assert_int_equal(store_similar(st, "Mail delays for EU users", n, 3, collect_similar,
				       &b, &err), CALM_OK);
	snprintf(want, sizeof want, "%lld:Card payments declined at checkout\n", e);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(store_similar(st, "EU card payments fail", n, 3, collect_similar,
				       &b, &err), CALM_OK);
	assert_string_equal(buf_cstr(&b), want);
	(void)d;
	/* a title of short words only finds nothing */
	buf_reset(&b);
	assert_int_equal(store_similar(st, "a b", n, 3, collect_similar, &b, &err), CALM_OK);
	assert_string_equal(buf_cstr(&b), "");
	buf_release(&b);
	store_close(st);
	drop_db(path);
}

static void search__migration_fills_index(void **state)
{
	char *path = tmp_db("migrate");
	struct store *st = tb_open(path, 0);
	long long inc = declare(st, "Old incident");
	char *got;

	(void)state;
	event(st, inc, "note", "written before search existed", NULL);
	store_close(st);
	/* make it a schema-1 database again */
	raw_exec(path, "DROP INDEX events_author; DROP INDEX events_suspect;"
		       " ALTER TABLE events DROP COLUMN legacy_id;"
		       " ALTER TABLE incidents DROP COLUMN hash_id; ALTER TABLE incidents DROP COLUMN copy_of;"
		       " DROP INDEX events_uid; DROP TABLE offers; ALTER TABLE events DROP COLUMN uid;"
		       " DROP TRIGGER events_count; DROP TRIGGER tally_insert;"
		       " DROP TRIGGER tally_update; DROP TABLE tally; DROP INDEX events_state;"
		       " ALTER TABLE incidents DROP COLUMN events;"
		       " ALTER TABLE incidents DROP COLUMN notes;"
		       " DROP TABLE search; DROP TABLE roles; DROP TABLE presence;"
		       " DROP INDEX events_kind; DROP TABLE meta; DROP TABLE seals;"
		       " DROP INDEX events_at; DROP INDEX incidents_uuid;"
		       " ALTER TABLE events DROP COLUMN at_ms; ALTER TABLE events DROP COLUMN hash_v;"
		       " ALTER TABLE events DROP COLUMN raw; ALTER TABLE events DROP COLUMN occurred_ms;"
		       " ALTER TABLE incidents DROP COLUMN uuid; PRAGMA user_version = 1;");
	/* read-only refuses to migrate */
	struct calm_err err = { 0 };
	assert_int_equal(store_open(&st, path, STORE_READONLY, &err), CALM_DATA);
	st = tb_open(path, 0);
	got = search(st, "existed", 0);
	assert_non_null(strstr(got, ":note:written before search \001existed\002"));
	free(got);
	got = search(st, "old", 0);
	assert_non_null(strstr(got, ":declare:\001Old\002 incident"));
	free(got);
	store_close(st);
	/* read-only finds the same */
	st = tb_open(path, STORE_READONLY);
	got = search(st, "existed", 0);
	assert_non_null(strstr(got, "\001existed\002"));
	free(got);
	store_close(st);
	drop_db(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(search__finds_each_kind),
		cmocka_unit_test(search__typed_text_is_never_syntax),
		cmocka_unit_test(search__rolled_back_is_not_indexed),
		cmocka_unit_test(search__similar_incidents),
	};
	const struct CMUnitTest sqlite_tests[] = {
		cmocka_unit_test(search__migration_fills_index),
	};
	int failed = tb_run_on(false, "search (SQLite's schema 1)", sqlite_tests, 1);

	return failed + tb_run("search", tests, sizeof tests / sizeof tests[0]);
}
