/*
 * test-app-mask.c - secrets are masked before anything is stored, on
 * both engines (backend.h): an event handed to the store through
 * app_append() has its text and every free-text data value masked,
 * while the values that are not free text (a hash, an id) stay as they
 * are and a place in the text (output_offset) moves with the masking;
 * and the writes that keep text in rows of their own (a title, a
 * field, a draft, a fix, an action item) keep it masked in the row as
 * in the event, so no column of the database holds the secret; and a
 * command queued while the server is away (app_queue_words) is kept
 * masked word by word, or not at all when a secret spans its words.
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

#include "backend.h"
#include "calm/app.h"
#include "calm/app-read.h"
#include "calm/buf.h"
#include "calm/config.h"
#include "fixture-app.h"
#include "../../src/app/app-int.h"

static long long fixed_now(void)
{
	return 1769954700000LL; /* 2026-02-01T14:05:00Z */
}

struct fixture {
	char *path;
	struct playbook *pb;
	struct app app;
	long long id;
};

/* A fresh database, the default playbook with the pattern zork[0-9]+ of
 * its own, and an incident declared with no secret in it. */
static struct fixture *setup_on(const char *name)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	fx->path = tb_fresh(name);
	app_fixture_open(&fx->pb, &fx->app, fx->path, "alice", fixed_now);
	/* the filter is built at the first write: the pattern counts */
	fx->pb->secrets = calloc(2, sizeof *fx->pb->secrets);
	fx->pb->secrets[0] = strdup("zork[0-9]+");
	assert_int_equal(app_declare(&fx->app, "Checkout down", 2, NULL, &fx->id), CALM_OK);
	return fx;
}

static void teardown_fx(struct fixture *fx)
{
	app_fixture_close(&fx->pb, &fx->app);
	tb_drop(fx->path);
	free(fx);
}

/* The probe event's text (key NULL) or the value of key in its data is
 * want. */
static void expect_stored(struct fixture *fx, const char *key, const char *want)
{
	char sql[256], *got;

	if (!key)
		snprintf(sql, sizeof sql, "SELECT text FROM events WHERE kind = 'probe'");
	else
		snprintf(sql, sizeof sql,
			 TB_SQL("SELECT json_extract(data, '$.%s') FROM events WHERE kind = 'probe'",
				"SELECT data::json->>'%s' FROM events WHERE kind = 'probe'"),
			 key);
	got = tb_text(fx->path, sql);
	if (!got || strcmp(got, want) != 0)
		fail_msg("%s: stored '%s', want '%s'", key ? key : "text", got ? got : "(null)",
			 want);
	free(got);
}

static void mask__append_masks_text_and_data(void **state)
{
	struct fixture *fx = setup_on("mask-append");
	const char *text = "$ login password=hunter2 zork42  [exit 0]\nout zork7\n";
	char offset[24];
	struct event ev = { .incident = fx->id, .kind = "probe", .text = text };
	/* "out" starts the output, after the first line */
	snprintf(offset, sizeof offset, "%zu", (size_t)(strchr(text, '\n') + 1 - text));
	const char *kv[] = { "cmd", "login password=hunter2 zork42", "why", "zork9 leaked",
			     "hash", "zork1234", "event", "zork5", "output_offset", offset, NULL };

	(void)state;
	assert_string_equal(offset, "42");
	assert_int_equal(app_begin(&fx->app), CALM_OK);
	assert_int_equal(app_finish(&fx->app, app_append(&fx->app, &ev, kv, NULL)), CALM_OK);
	expect_stored(fx, NULL, "$ login password=**** ****  [exit 0]\nout ****\n");
	expect_stored(fx, "cmd", "login password=**** ****");
	expect_stored(fx, "why", "**** leaked");
	/* not free text: kept as given */
	expect_stored(fx, "hash", "zork1234");
	expect_stored(fx, "event", "zork5");
	/* the output still starts where output_offset says: "out" */
	expect_stored(fx, "output_offset", "37");
	teardown_fx(fx);
}

/* Every text column of the tables that keep what people write, and
 * every event's text and data, as one string. */
static char *everything(struct fixture *fx)
{
	static const char *const sql[] = {
		"SELECT title AS t FROM incidents",
		"SELECT name || '=' || value AS t FROM fields",
		"SELECT text AS t FROM comms",
		"SELECT what || ' ' || coalesce(why, '') || ' ' || coalesce(outcome_note, '') AS t FROM fixes",
		"SELECT title || ' ' || coalesce(owner, '') AS t FROM actions",
		"SELECT text || ' ' || coalesce(CAST(data AS TEXT), '') AS t FROM events",
	};
	struct buf all = BUF_INIT;
	char q[256];

	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		snprintf(q, sizeof q, TB_SQL("SELECT group_concat(t, ' | ') FROM (%s)",
					     "SELECT string_agg(t, ' | ') FROM (%s) AS r"), sql[i]);
		char *s = tb_text(fx->path, q);
		buf_addf(&all, "%s\n", s ? s : "");
		free(s);
	}
	return buf_detach(&all);
}

static void mask__rows_and_events_alike(void **state)
{
	struct fixture *fx = setup_on("mask-rows");
	struct app *a = &fx->app;
	const char *draft = "Update: the zork300 key leaked";
	long long n = 0;
	char *stored = NULL, *all;

	(void)state;
	assert_int_equal(app_set_field(a, fx->id, "title", "Checkout down zork100", &stored), CALM_OK);
	assert_string_equal(stored, "Checkout down ****");
	free(stored);
	assert_int_equal(app_set_field(a, fx->id, "impact", "token=zork200x", NULL), CALM_OK);
	assert_int_equal(app_draft_save(a, fx->id, AUD_INTERNAL, draft, strlen(draft), NULL), CALM_OK);
	assert_int_equal(app_fix_add(a, fx->id, "rotate zork400", "api_key=zork500", &n), CALM_OK);
	assert_int_equal(app_fix_outcome(a, fx->id, n, "failed", "zork600 again"), CALM_OK);
	assert_int_equal(app_action_add(a, fx->id, "revoke zork700", "ops zork800", NULL, NULL, &n),
			 CALM_OK);
	assert_int_equal(app_action_edit(a, fx->id, n, "owner", "sre zork900"), CALM_OK);
	assert_int_equal(app_no_fix(a, fx->id, "rows zork1000"), CALM_OK);
	all = everything(fx);
	assert_null(strstr(all, "zork"));
	/* what was written is there, masked (a read of nothing finds no secret) */
	static const char *const want[] = {
		"Checkout down ****", "impact=token=****", "the **** key leaked", "rotate ****",
		"api_key=****", "**** again", "revoke ****", "sre ****", "rows ****",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(all, want[i]))
			fail_msg("'%s' not stored: %s", want[i], all);
	free(all);
	teardown_fx(fx);
}

/* The words of the one write queued at qpath and the text it shows
 * as "WORDS|TEXT" (malloc'd, "" if none). */
static char *queued_words(const char *qpath)
{
	struct app_pending p = { 0 };
	struct calm_err err = { 0 };
	struct buf b = BUF_INIT;
	char *words;

	if (app_pending_load(qpath, "postgresql:///team", 7, &p, &err) != CALM_OK)
		fail_msg("pending: %s", err.msg);
	if (p.n == 1)
		buf_addf(&b, "%s|%s", p.v[0].words, p.v[0].what ? p.v[0].what : "");
	words = strdup(buf_cstr(&b));
	buf_release(&b);
	app_pending_release(&p);
	return words;
}

static void mask__queue_words_masked_or_not_at_all(void **state)
{
	struct fixture *fx = setup_on("queue-words");
	char *qpath = tb_lite("queue-words");
	const char *plain[] = { "log", "7", "--", "rotate zork42 now" };
	const char *split[] = { "log", "7", "--", "Authorization:", "Bearer", "abcdefghijklmnop" };
	const struct app_queued_what note = { .kind = PENDING_NOTE, .incident = 7,
					      .what = "the key zork43 leaked" };
	struct calm_err err = { 0 };
	sqlite3 *db = NULL;
	char *words;

	(void)state;
	assert_int_equal(app_queue_words(&fx->app, qpath, "postgresql:///team", "0001", 6, split,
					 NULL, NULL, false, &err),
			 CALM_SPLIT_SECRET);
	assert_non_null(strstr(err.msg, "secret spans"));
	words = queued_words(qpath);
	assert_string_equal(words, ""); /* nothing queued */
	free(words);
	calm_err_clear(&err);
	assert_int_equal(app_queue_words(&fx->app, qpath, "postgresql:///team", "0002", 4, plain,
					 &note, NULL, false, &err),
			 CALM_OK);
	words = queued_words(qpath);
	assert_string_equal(words, "log 7 -- rotate **** now|the key **** leaked");
	free(words);
	/* a queue file a newer calm made is bad data, not a split secret */
	assert_int_equal(sqlite3_open(qpath, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(app_queue_words(&fx->app, qpath, "postgresql:///team", "0003", 4, plain,
					 NULL, NULL, false, &err),
			 CALM_DATA);
	tb_lite_drop(qpath);
	teardown_fx(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mask__append_masks_text_and_data),
		cmocka_unit_test(mask__rows_and_events_alike),
		cmocka_unit_test(mask__queue_words_masked_or_not_at_all),
	};
	return tb_run("mask", tests, sizeof tests / sizeof tests[0]);
}
