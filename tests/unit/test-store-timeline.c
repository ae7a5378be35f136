/*
 * test-store-timeline.c - the timeline as people read it (src/store
 * timeline.c, event.c, json.c): backfilled events in the order things
 * happened while the chain keeps the written order, exact bytes beside
 * valid text, corrections, the import and shell look-ups, and databases
 * made by earlier builds of calm (tests/cli/data/schema3.db,
 * schema4.db with a seal, schema5.db, schema6.db) opening, upgrading
 * and verifying; the counts kept as rows are written (schema 6) and the
 * state events read without the notes between them; an author's next
 * event (replay.c) found by name or by a long name's first 1024
 * characters, from the events_author index on SQLite.
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
#include <sqlite3.h>

#include "calm/buf.h"
#include "calm/replay.h"
#include "calm/store.h"
#include "calm/store-replay.h"
#include "backend.h"

#define T0 1700000000000LL

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

static long long raw_int(const char *path, const char *sql)
{
	return tb_int(path, sql);
}

static long long declare(struct store *st)
{
	struct playbook pb = { 0 };
	struct stage stage = { .id = "triage", .title = "Triage", .audience = -1 };
	struct calm_err err = { 0 };
	long long id = 0;

	pb.stages = &stage;
	pb.nstages = 1;
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_incident_create(st, "T", 2, T0, "alice", &pb, &id, &err), CALM_OK);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	return id;
}

/* Append text (len bytes) written at ts, happened at occurred (0: then). */
static long long add(struct store *st, long long inc, const char *kind, const char *text,
		     size_t len, long long ts, long long occurred, const char *const *kv)
{
	struct event ev = { .incident = inc, .ts_ms = ts, .author = "bob", .kind = kind,
			    .text = text, .text_len = len, .backfilled = occurred != 0,
			    .occurred_ms = occurred };
	struct calm_err err = { 0 };
	long long id = 0;

	assert_int_equal(store_begin(st, &err), CALM_OK);
	if (store_append_event(st, &ev, kv, &id, &err) != CALM_OK)
		fail_msg("append: %s", err.msg);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	return id;
}

/* The page as "id:flags:text " entries. */
static int walk(const struct event *ev, void *ctx)
{
	struct buf *b = ctx;

	buf_addf(b, "%lld:%s%s%s%s:%s ", ev->id, ev->backfilled ? "b" : "",
		 ev->raw ? "r" : "", ev->amendments ? "a" : "", ev->struck ? "s" : "",
		 ev->amendments ? ev->amended : ev->text);
	return 0;
}

static char *page(struct store *st, long long inc, long long after, bool fwd,
		  size_t limit, long long upto)
{
	struct buf b = BUF_INIT;
	struct calm_err err = { 0 };

	assert_int_equal(store_events_page(st, inc, after, fwd, limit, upto, walk, &b, NULL, &err),
			 CALM_OK);
	buf_adds(&b, ".");
	return buf_detach(&b);
}

/* The page is want. */
static void expect_page(struct store *st, long long inc, long long after, bool fwd,
			size_t limit, long long upto, const char *want)
{
	char *got = page(st, inc, after, fwd, limit, upto);

	assert_string_equal(got, want);
	free(got);
}

static void timeline__backfill_orders_by_when_it_happened(void **state)
{
	char *path = tmp_db("order");
	struct store *st = tb_open(path, 0);
	long long inc = declare(st), day = 86400000LL;
	struct verify_result vr;
	struct calm_err err = { 0 };

	(void)state;
	/* written in this order; happened: 1 at T0, 2 at T0+1 day 00:05
	 * (after midnight), 3 backfilled to T0+1 day - 10 min (before
	 * midnight), 4 backfilled to the day before, 5 at T0+1 day */
	add(st, inc, "note", "n1", 0, T0, 0, NULL);
	add(st, inc, "note", "n2", 0, T0 + day + 300000, 0, NULL);
	add(st, inc, "note", "n3", 0, T0 + day + 400000, T0 + day - 600000, NULL);
	add(st, inc, "note", "n4", 0, T0 + day + 500000, T0 - day, NULL);
	add(st, inc, "note", "n5", 0, T0 + day + 600000, T0 + day, NULL);
	expect_page(st, inc, 0, true, 10, 0, "4:b:n4 1::n1 3:b:n3 5:b:n5 2::n2 .");
	/* keyset pages in that order, both ways, from any cursor */
	expect_page(st, inc, 1, true, 2, 0, "3:b:n3 5:b:n5 .");
	expect_page(st, inc, 5, false, 10, 0, "3:b:n3 1::n1 4:b:n4 .");
	expect_page(st, inc, 0, false, 2, 0, "2::n2 5:b:n5 .");
	/* time travel: only what was written by event 3, in view order */
	expect_page(st, inc, 0, true, 10, 3, "1::n1 3:b:n3 2::n2 .");
	/* the chain is in written order and intact */
	assert_int_equal(store_verify(st, inc, &vr, &err), CALM_OK);
	assert_int_equal(vr.events, 5);
	store_close(st);
	drop_db(path);
}

static int first_json(const struct event *ev, void *ctx)
{
	(void)ev;
	(void)ctx;
	return 1;
}

static void timeline__exact_bytes_and_corrections(void **state)
{
	char *path = tmp_db("bytes"), *json = NULL;
	struct store *st = tb_open(path, 0);
	long long inc = declare(st), n1, n2, count = 0;
	const char *const amend1[] = { "event", "1", NULL }, *const strike2[] = { "event", "2", NULL };
	const char *const shell[] = { "src", "h:1:2", "seq", "7", NULL };
	struct calm_err err = { 0 };
	struct verify_result vr;

	(void)state;
	n1 = add(st, inc, "note", "caf\xe9\0x", 6, T0, 0, NULL);
	n2 = add(st, inc, "run", "plain", 0, T0 + 1, 0, NULL);
	add(st, inc, "amend", "caf\xc3\xa9 x", 0, T0 + 2, 0, amend1);
	add(st, inc, "amend", "caf\xc3\xa9 y", 0, T0 + 3, 0, amend1);
	add(st, inc, "strike", "wrong host", 0, T0 + 4, 0, strike2);
	add(st, inc, "shell", "$ ls", 0, T0 + 5, 0, shell);
	expect_page(st, inc, 0, true, 2, 0, "1:ra:caf\xc3\xa9 y 2:s:plain .");
	/* the stored text is valid UTF-8; raw holds the bytes */
	assert_int_equal(raw_int(path, TB_SQL("SELECT text = 'caf' || char(65533, 65533) || 'x'"
					      " FROM events WHERE id = 1",
					      "SELECT (text = 'caf' || chr(65533) || chr(65533) || 'x')::int"
					      " FROM events WHERE id = 1")), 1);
	assert_int_equal(raw_int(path, TB_SQL("SELECT raw = x'636166e90078' FROM events WHERE id = 1",
					      "SELECT (raw = '\\x636166e90078'::bytea)::int"
					      " FROM events WHERE id = 1")), 1);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM events WHERE raw IS NOT NULL"), 1);
	assert_int_equal(store_event_get(st, inc, n2, first_json, NULL, &err), CALM_OK);
	assert_int_equal(store_event_get(st, inc, 99, first_json, NULL, &err), CALM_NOTFOUND);
	assert_string_equal(err.msg, "incident 1 has no event 99");
	/* JSON: text_b64 only where the bytes differ; who corrected what */
	assert_int_equal(store_incident_json(st, inc, &json, &err), CALM_OK);
	assert_non_null(strstr(json, "\"text\":\"caf\xef\xbf\xbd\xef\xbf\xbdx\",\"data\":null,"
				     "\"text_b64\":\"Y2Fm6QB4\",\"amended_by\":[3,4]}"));
	assert_non_null(strstr(json, "\"text\":\"plain\",\"data\":null,\"struck_by\":[5]}"));
	assert_null(strstr(json, "\"text_b64\":null"));
	assert_null(strstr(strstr(json, "text_b64") + 1, "text_b64")); /* the one event */
	free(json);
	/* what import and the shell hook look up */
	assert_int_equal(store_event_count_same(st, inc, T0, "bob", "caf\xe9\0x", 6, &count, &err), CALM_OK);
	assert_int_equal(count, 1);
	assert_int_equal(store_event_count_same(st, inc, T0, "bob", "caf\xe9", 4, &count, &err), CALM_OK);
	assert_int_equal(count, 0);
	assert_int_equal(store_event_count_same(st, inc, T0 + 1, "bob", "plain", 5, &count, &err), CALM_OK);
	assert_int_equal(count, 1);
	assert_int_equal(store_last_data(st, inc, "shell", "src", "h:1:2", "seq", &json, &err), CALM_OK);
	assert_string_equal(json, "7");
	free(json);
	assert_int_equal(store_last_data(st, inc, "shell", "src", "h:9:9", "seq", &json, &err), CALM_OK);
	assert_null(json);
	assert_int_equal(store_verify(st, inc, &vr, &err), CALM_OK);
	store_close(st);
	/* editing the stored bytes of a version 2 event breaks the chain */
	raw_exec(path, TB_SQL("DROP TRIGGER events_no_update;"
			      " UPDATE events SET raw = x'636166e90079' WHERE id = 1;",
			      "SET session_replication_role = replica;"
			      " UPDATE events SET raw = '\\x636166e90079'::bytea WHERE id = 1;"));
	st = tb_open(path, 0);
	assert_int_equal(store_verify(st, inc, &vr, &err), CALM_DATA);
	assert_int_equal(vr.bad_event, n1);
	store_close(st);
	drop_db(path);
}

/* A page of an incident without corrections is read without looking
 * them up (SQLite); the first correction, and a page as of before it,
 * read as before. */
static void timeline__pages_with_and_without_corrections(void **state)
{
	char *path = tmp_db("plain");
	struct store *st = tb_open(path, 0);
	long long inc = declare(st), n2;
	const char *const amend1[] = { "event", "1", NULL }, *const strike1[] = { "event", "1", NULL };

	(void)state;
	add(st, inc, "note", "first", 0, T0, 0, NULL);
	n2 = add(st, inc, "note", "second", 0, T0 + 1, 0, NULL);
	expect_page(st, inc, 0, true, 10, 0, "1::first 2::second .");
	expect_page(st, inc, 0, false, 1, 0, "2::second .");
	add(st, inc, "amend", "first, better", 0, T0 + 2, 0, amend1);
	expect_page(st, inc, 0, true, 10, 0, "1:a:first, better 2::second 3::first, better .");
	expect_page(st, inc, 0, false, 10, 0, "3::first, better 2::second 1:a:first, better .");
	/* as of the second note: no correction yet */
	expect_page(st, inc, 0, true, 10, n2, "1::first 2::second .");
	add(st, inc, "strike", "wrong", 0, T0 + 3, 0, strike1);
	expect_page(st, inc, 2, true, 10, 0, "3::first, better 4::wrong .");
	expect_page(st, inc, 0, true, 1, 0, "1:as:first, better .");
	store_close(st);
	drop_db(path);
}

static void timeline__old_database_upgrades_and_verifies(void **state)
{
	char *path = tb_fixture("schema3");
	struct store *st;
	struct verify_result vr;
	struct calm_err err = { 0 };
	struct incident inc;

	(void)state;
	assert_int_equal(raw_int(path, "PRAGMA user_version"), 3);
	st = tb_open(path, 0);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	/* every incident has its own uuid; old events keep version 1 */
	assert_int_equal(raw_int(path, "SELECT count(DISTINCT uuid) = count(*) AND count(*) = 2"
				       " FROM incidents WHERE length(uuid) = 36"), 1);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM events WHERE hash_v = 1"), 13);
	assert_int_equal(store_verify(st, 0, &vr, &err), CALM_OK);
	assert_int_equal(vr.events, 13);
	assert_int_equal(store_incident_get(st, 1, &inc, &err), CALM_OK);
	assert_int_equal(strlen(inc.uuid), 36);
	incident_release(&inc);
	/* old and new events chain on; a note backfilled to before the
	 * declaration (the fixture was written on 2025-06-01) shows first */
	add(st, 1, "note", "after the upgrade", 0, T0 * 2, 1709280000000LL, NULL);
	assert_int_equal(store_verify(st, 0, &vr, &err), CALM_OK);
	assert_int_equal(vr.events, 14);
	expect_page(st, 1, 0, true, 2, 0, "14:b:after the upgrade 1::declared: Schema 3 incident (severity 2) .");
	store_close(st);
	/* a version 1 event cannot take raw bytes its hash does not cover */
	raw_exec(path, "DROP TRIGGER events_no_update;"
		       "UPDATE events SET raw = x'00' WHERE id = 2;");
	st = tb_open(path, 0);
	assert_int_equal(store_verify(st, 1, &vr, &err), CALM_DATA);
	assert_int_equal(vr.bad_event, 2);
	store_close(st);
	drop_db(path);
}

/* A database made by calm at schema 4 (digests and a seal, written on
 * 2026-03-01): it upgrades, the seal still matches the chain, and new
 * version 2 events chain on after the old ones and after the seal. */
static void timeline__schema4_database_upgrades_with_its_seal(void **state)
{
	char *path = tb_fixture("schema4");
	struct store *st;
	struct verify_result vr;
	struct calm_err err = { 0 };

	(void)state;
	assert_int_equal(raw_int(path, "PRAGMA user_version"), 4);
	st = tb_open(path, 0);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(raw_int(path, "SELECT count(DISTINCT uuid) = count(*) AND count(*) = 2"
				       " FROM incidents WHERE length(uuid) = 36"), 1);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM events WHERE hash_v = 1"), 6);
	assert_int_equal(store_verify(st, 0, &vr, &err), CALM_OK);
	assert_int_equal(vr.events, 6);
	assert_int_equal(vr.seals, 1);
	add(st, 1, "note", "after the upgrade", 0, T0 * 2, 0, NULL);
	assert_int_equal(store_verify(st, 0, &vr, &err), CALM_OK);
	assert_int_equal(vr.events, 7);
	assert_int_equal(vr.seals, 1);
	expect_page(st, 1, 0, false, 2, 0, "7::after the upgrade 6::after the seal .");
	store_close(st);
	/* the sealed part cannot be rewritten unseen */
	raw_exec(path, "DROP TRIGGER events_no_update;"
		       "UPDATE events SET text = 'rewritten' WHERE id = 2;");
	st = tb_open(path, 0);
	assert_int_equal(store_verify(st, 1, &vr, &err), CALM_DATA);
	assert_int_equal(vr.bad_event, 2);
	store_close(st);
	drop_db(path);
}

/* "id:kind " for each state event handed over. */
static int walk_kv(const struct replay_event *ev, void *ctx)
{
	buf_addf(ctx, "%lld:%s ", ev->id, ev->kind);
	return 0;
}

static long long count_of(struct store *st, unsigned filter)
{
	struct calm_err err = { 0 };
	long long n = -1;

	assert_int_equal(store_incident_count(st, filter, &n, &err), CALM_OK);
	return n;
}

/* The counts kept by the write transaction agree with the rows, after
 * notes, other events, a severity change and a close, without a walk;
 * the state events come without the notes between them. */
static void timeline__counts_kept_as_rows_are_written(void **state)
{
	char *path = tmp_db("counts");
	struct store *st = tb_open(path, 0);
	struct incident_counts c;
	struct calm_err err = { 0 };
	struct buf b = BUF_INIT;
	long long inc = declare(st), other = declare(st), n = 0, id = 0;
	const char *kv[] = { "item", "x", "checked", "1", NULL };

	(void)state;
	for (int i = 0; i < 5; i++)
		add(st, inc, "note", "a note", 0, T0 + i, 0, NULL);
	long long check = add(st, inc, "check", "ticked x", 0, T0 + 9, 0, kv);
	add(st, inc, "note", "after the tick", 0, T0 + 10, 0, NULL);
	assert_int_equal(store_incident_counts(st, inc, &c, &err), CALM_OK);
	assert_int_equal(c.events, 7);
	assert_int_equal(c.notes, 6);
	assert_int_equal(raw_int(path, "SELECT last_event FROM incidents WHERE id = 1"),
			 check + 1);
	assert_int_equal(count_of(st, 0), 2);
	assert_int_equal(count_of(st, INCIDENT_ACTIVE), 2);
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_incident_set_severity(st, other, 1, &err), CALM_OK);
	assert_int_equal(store_incident_set_stage(st, other, "triage", 0, true, T0 + 20, &err),
			 CALM_OK);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	assert_int_equal(count_of(st, INCIDENT_ACTIVE), 1);
	assert_int_equal(count_of(st, INCIDENT_CLOSED), 1);
	assert_int_equal(store_active_count(st, &n, &id, &err), CALM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(id, inc);
	assert_int_equal(raw_int(path, "SELECT n FROM tally WHERE status = 'closed'"
				       " AND severity = 1"), 1);
	assert_int_equal(raw_int(path, "SELECT n FROM tally WHERE status = 'active'"
				       " AND severity = 2"), 1);
	assert_int_equal(raw_int(path, "SELECT sum(n) FROM tally"), 2);
	assert_int_equal(store_events_kv(st, inc, 0, 0, 0, STORE_KV_STATE, walk_kv, &b, NULL, &err),
			 CALM_OK);
	buf_addf(&b, "|%lld", check);
	{
		char want[64];

		snprintf(want, sizeof want, "%lld:check |%lld", check, check);
		assert_string_equal(buf_cstr(&b), want);
	}
	buf_release(&b);
	store_close(st);
	drop_db(path);
}

/* A database made by calm at schema 5 (two incidents, one closed, on
 * 2026-11-29): the counts are filled from its rows and kept from then
 * on; its chain still verifies. */
static void timeline__schema5_database_gets_its_counts(void **state)
{
	char *path = tb_fixture("schema5");
	struct store *st;
	struct verify_result vr;
	struct calm_err err = { 0 };
	struct incident_counts c;
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(raw_int(path, "PRAGMA user_version"), 5);
	st = tb_open(path, 0);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM incidents i WHERE i.events <>"
				       " (SELECT count(*) FROM events e WHERE e.incident_id = i.id)"
				       " OR i.notes <> (SELECT count(*) FROM events e"
				       "  WHERE e.incident_id = i.id AND e.kind = 'note')"), 0);
	assert_int_equal(store_incident_counts(st, 1, &c, &err), CALM_OK);
	assert_int_equal(c.events, 7);
	assert_int_equal(c.notes, 3);
	assert_int_equal(count_of(st, INCIDENT_ACTIVE), 1);
	assert_int_equal(count_of(st, INCIDENT_CLOSED), 1);
	assert_int_equal(store_verify(st, 0, &vr, &err), CALM_OK);
	assert_int_equal(vr.events, 17);
	add(st, 1, "note", "after the upgrade", 0, T0 * 2, 0, NULL);
	assert_int_equal(store_incident_counts(st, 1, &c, &err), CALM_OK);
	assert_int_equal(c.events, 8);
	assert_int_equal(c.notes, 4);
	assert_int_equal(store_verify(st, 0, &vr, &err), CALM_OK);
	assert_int_equal(vr.events, 18);
	assert_int_equal(store_events_kv(st, 1, 0, 0, 0, STORE_KV_STATE, walk_kv, &b, NULL, &err),
			 CALM_OK);
	assert_null(strstr(buf_cstr(&b), "note"));
	assert_non_null(strstr(buf_cstr(&b), ":declare "));
	assert_non_null(strstr(buf_cstr(&b), ":check "));
	assert_non_null(strstr(buf_cstr(&b), ":field "));
	assert_non_null(strstr(buf_cstr(&b), ":fix "));
	buf_release(&b);
	store_close(st);
	drop_db(path);
}

/* A database made by calm at schema 6 (two incidents, one closed, on
 * 2026-11-29, before events had action ids and roles were offered): it
 * upgrades in place, keeps its counts, its chain verifies, and a new
 * event carries its action id. */
static void timeline__schema6_database_gets_action_ids(void **state)
{
	char *path = tb_fixture("schema6");
	struct store *st;
	struct verify_result vr;
	struct calm_err err = { 0 };
	struct incident_counts c;
	struct event ev = { .incident = 1, .ts_ms = T0 * 2, .author = "bob", .kind = "note",
			    .text = "after the upgrade", .text_len = 17, .uid = "6a.1" };
	long long id = 0, found = 0, inc = 0;

	(void)state;
	assert_int_equal(raw_int(path, "PRAGMA user_version"), 6);
	st = tb_open(path, 0);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM events WHERE uid IS NOT NULL"), 0);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM offers"), 0);
	assert_int_equal(store_incident_counts(st, 1, &c, &err), CALM_OK);
	assert_int_equal(c.events, 9);
	assert_int_equal(c.notes, 3);
	assert_int_equal(count_of(st, INCIDENT_ACTIVE), 1);
	assert_int_equal(count_of(st, INCIDENT_CLOSED), 1);
	assert_int_equal(store_verify(st, 0, &vr, &err), CALM_OK);
	assert_int_equal(vr.events, 21);
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_append_event(st, &ev, NULL, &id, &err), CALM_OK);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	assert_int_equal(store_uid_find(st, "6a.1", &found, &inc, &err), CALM_OK);
	assert_int_equal(found, id);
	assert_int_equal(inc, 1);
	assert_int_equal(store_incident_counts(st, 1, &c, &err), CALM_OK);
	assert_int_equal(c.events, 10);
	assert_int_equal(c.notes, 4);
	assert_int_equal(store_verify(st, 0, &vr, &err), CALM_OK);
	assert_int_equal(vr.events, 22);
	store_close(st);
	drop_db(path);
}

static int count_page(const struct event *ev, void *ctx)
{
	size_t *longest = ctx;

	if (ev->text_len > *longest)
		*longest = ev->text_len;
	assert_true(strlen(ev->text) <= EVENT_TEXT_PREFIX);
	return 0;
}

/* A crafted 20 MiB note (calm itself refuses notes over 1 MiB) is read
 * by a timeline page as its prefix, its whole size told; on SQLite its
 * own memory stays far below the note's size (a page that selected
 * every column of the events in a subquery once carried the whole text
 * through it). */
static void timeline__page_reads_a_huge_text_by_its_prefix(void **state)
{
	char *path = tmp_db("huge");
	struct store *st = tb_open(path, 0);
	struct calm_err err = { 0 };
	long long inc = declare(st);
	size_t longest = 0;
	sqlite3_int64 peak;
	char sql[512];

	(void)state;
	add(st, inc, "note", "before the big one", 0, T0 + 1, 0, NULL);
	store_close(st);
	snprintf(sql, sizeof sql,
		 "INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)"
		 " VALUES (%lld, %lld, 'bob', 'note', %s, NULL, %s)", inc, T0 + 2,
		 TB_SQL("replace(hex(zeroblob(20 * 524288)), '00', 'ab')", "repeat('ab', 20 * 524288)"),
		 TB_SQL("zeroblob(32)", "decode(repeat('00', 32), 'hex')"));
	raw_exec(path, sql);
	st = tb_open(path, 0);
	sqlite3_memory_highwater(1);
	assert_int_equal(store_events_page(st, inc, 0, true, 50, 0, count_page, &longest,
					   NULL, &err), CALM_OK);
	peak = sqlite3_memory_highwater(0);
	assert_int_equal(longest, 20 * 1024 * 1024); /* the whole size, told */
	if (!tb_pg() && peak <= 0)
		fail_msg("SQLite's memory statistics are off: the peak cannot be read");
	if (!tb_pg() && peak > 4 * 1024 * 1024)
		fail_msg("a page of a 20 MiB note took %lld bytes of SQLite's memory",
			 (long long)peak);
	store_close(st);
	drop_db(path);
}

/* Append a note by author. */
static long long add_as(struct store *st, long long inc, const char *author)
{
	struct event ev = { .incident = inc, .ts_ms = T0, .author = author, .kind = "note",
			    .text = "n" };
	struct calm_err err = { 0 };
	long long id = 0;

	assert_int_equal(store_begin(st, &err), CALM_OK);
	if (store_append_event(st, &ev, NULL, &id, &err) != CALM_OK)
		fail_msg("append: %s", err.msg);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	return id;
}

static long long author_next(struct store *st, long long inc, const char *author, long long after)
{
	struct calm_err err = { 0 };
	long long id = -1;

	assert_int_equal(store_author_next(st, inc, author, after, &id, &err), CALM_OK);
	return id;
}

/* The statements the store's SQLite connections run (auto-extension). */
static struct buf traced;

static int on_statement(unsigned what, void *ctx, void *stmt, void *x)
{
	(void)what;
	(void)ctx;
	(void)x;
	buf_reset(&traced);
	buf_adds(&traced, sqlite3_sql(stmt) ? sqlite3_sql(stmt) : "");
	return 0;
}

static int trace_connection(sqlite3 *db, char **msg, const void *api)
{
	(void)msg;
	(void)api;
	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, on_statement, NULL);
	return SQLITE_OK;
}

/* EXPLAIN QUERY PLAN of sql on the file at path, its details a line each. */
static char *plan_of(const char *path, const char *sql)
{
	struct buf q = BUF_INIT, out = BUF_INIT;
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;

	buf_addf(&q, "EXPLAIN QUERY PLAN %s", sql);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, buf_cstr(&q), -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW)
		buf_addf(&out, "%s\n", (const char *)sqlite3_column_text(s, 3));
	sqlite3_finalize(s);
	sqlite3_close(db);
	buf_release(&q);
	return buf_detach(&out);
}

/* An author's next event: by the whole name, or by the first 1024
 * characters the replay names a longer one by (each author it begins);
 * on SQLite read from the events_author index, never by scanning the
 * incident's events. */
static void timeline__author_next_reads_the_author_index(void **state)
{
	char *path = tmp_db("authors"), p[1026], longer[1100];
	struct store *st;

	(void)state;
	if (!tb_pg())
		assert_int_equal(sqlite3_auto_extension((void (*)(void))trace_connection), SQLITE_OK);
	st = tb_open(path, 0);
	long long inc = declare(st);
	memset(p, 'x', 1024);
	p[1024] = '\0';
	long long c1 = add_as(st, inc, "carol");
	snprintf(longer, sizeof longer, "%sA", p);
	long long l1 = add_as(st, inc, longer);
	long long ca = add_as(st, inc, "carola");
	long long c2 = add_as(st, inc, "carol");
	long long l2 = add_as(st, inc, p);
	snprintf(longer, sizeof longer, "%sBB", p);
	long long l3 = add_as(st, inc, longer);
	assert_int_equal(author_next(st, inc, "carol", 0), c1);
	assert_int_equal(author_next(st, inc, "carol", c1), c2);
	assert_int_equal(author_next(st, inc, "carol", c2), 0);
	assert_int_equal(author_next(st, inc, "carola", 0), ca);
	assert_int_equal(author_next(st, inc, "carola", ca), 0);
	assert_int_equal(author_next(st, inc, "car", 0), 0);
	assert_int_equal(author_next(st, inc, p, 0), l1);
	assert_int_equal(author_next(st, inc, p, l1), l2);
	assert_int_equal(author_next(st, inc, p, l2), l3);
	assert_int_equal(author_next(st, inc, p, l3), 0);
	snprintf(longer, sizeof longer, "%sA", p); /* never a name the replay gives */
	assert_int_equal(author_next(st, inc, longer, 0), 0);
	assert_int_equal(author_next(st, inc + 1, "carol", 0), 0);
	if (!tb_pg()) {
		char *plan;

		author_next(st, inc, "carol", 0);
		plan = plan_of(path, buf_cstr(&traced));
		sqlite3_reset_auto_extension();
		if (!strstr(plan, "events_author"))
			fail_msg("%s\n%s", buf_cstr(&traced), plan);
		for (const char *l = plan; *l; l = strchr(l, '\n') + 1)
			if (strncmp(l, "SEARCH events", 13) == 0 || strncmp(l, "SCAN events", 11) == 0)
				if (!strstr(l, "INDEX events_author (incident_id=? AND author"))
					fail_msg("not read from events_author: %s", plan);
		free(plan);
	}
	store_close(st);
	buf_release(&traced);
	drop_db(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(timeline__backfill_orders_by_when_it_happened),
		cmocka_unit_test(timeline__exact_bytes_and_corrections),
		cmocka_unit_test(timeline__pages_with_and_without_corrections),
		cmocka_unit_test(timeline__counts_kept_as_rows_are_written),
		cmocka_unit_test(timeline__page_reads_a_huge_text_by_its_prefix),
		cmocka_unit_test(timeline__author_next_reads_the_author_index),
	};
	/* databases an earlier calm wrote: SQLite files */
	const struct CMUnitTest old_files[] = {
		cmocka_unit_test(timeline__old_database_upgrades_and_verifies),
		cmocka_unit_test(timeline__schema4_database_upgrades_with_its_seal),
		cmocka_unit_test(timeline__schema5_database_gets_its_counts),
		cmocka_unit_test(timeline__schema6_database_gets_action_ids),
	};
	int failed;

	/*
	 * The huge-text case reads SQLite's memory high-water mark: keep
	 * the statistics on, which the store turns off for speed only when
	 * it is the first to start SQLite.
	 */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 1);
	sqlite3_initialize();
	failed = tb_run_on(false, "timeline (old files)", old_files,
			   sizeof old_files / sizeof old_files[0]);

	return failed + tb_run("timeline", tests, sizeof tests / sizeof tests[0]);
}
