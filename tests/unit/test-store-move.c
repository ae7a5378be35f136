/*
 * test-store-move.c - an incident copied between stores (src/store
 * move.c), on both engines: a SQLite file's incident into the engine at
 * hand and back.  The copy gets the target's next number, keeps every
 * event byte for byte, verifies there (seals included), keeps what its
 * corrections name (by hash, and by the ids events written before
 * schema 8 had: tests/cli/data/schema7.db) and the number version 1
 * hashes cover (schema3.db); an incident is never copied twice, and a
 * copy that would not verify is not kept.  A server at PostgreSQL schema
 * 1 upgrades in place (SQLite's upgrade: test-store-timeline.c and
 * tests/cli/0022-backfill.sh).
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
#include "calm/store.h"
#include "calm/store-move.h"
#include "backend.h"

#define T0 1700000000000LL

static void lite_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;

	if (sqlite3_open(path, &db) != SQLITE_OK || sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : sqlite3_errmsg(db));
	sqlite3_close(db);
}

static long long declare(struct store *st, const char *title)
{
	struct playbook pb = { 0 };
	struct stage stage = { .id = "triage", .title = "Triage", .audience = -1 };
	struct calm_err err = { 0 };
	long long id = 0;

	pb.stages = &stage;
	pb.nstages = 1;
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_incident_create(st, title, 2, T0, "alice", &pb, &id, &err), CALM_OK);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	return id;
}

static long long add(struct store *st, long long inc, const char *kind, const char *text,
		     size_t len, const char *const *kv)
{
	struct event ev = { .incident = inc, .ts_ms = T0 + 1, .author = "bob", .kind = kind,
			    .text = text, .text_len = len };
	struct calm_err err = { 0 };
	long long id = 0;

	assert_int_equal(store_begin(st, &err), CALM_OK);
	if (store_append_event(st, &ev, kv, &id, &err) != CALM_OK)
		fail_msg("append: %s", err.msg);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	return id;
}

/* A correction of event as calm writes one: its id and its hash. */
static void correct(struct store *st, long long inc, const char *kind, long long event,
		    const char *text)
{
	struct chain_head at;
	struct calm_err err = { 0 };
	char id[24], hex[2 * STORE_HASH_LEN + 1];

	assert_int_equal(store_chain_at(st, inc, event, &at, &err), CALM_OK);
	for (size_t i = 0; i < STORE_HASH_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", at.head[i]);
	snprintf(id, sizeof id, "%lld", event);
	const char *kv[] = { "event", id, "hash", hex, NULL };
	add(st, inc, kind, text, strlen(text), kv);
}

/* The page as "flags:text" entries (a amended, s struck). */
static int walk(const struct event *ev, void *ctx)
{
	buf_addf(ctx, "%s%s:%s ", ev->amendments ? "a" : "", ev->struck ? "s" : "",
		 ev->amendments ? ev->amended : ev->text);
	return 0;
}

static char *notes(struct store *st, long long inc)
{
	struct buf b = BUF_INIT;
	struct calm_err err = { 0 };

	assert_int_equal(store_events_page(st, inc, 0, true, 100, 0, walk, &b, NULL, &err), CALM_OK);
	return buf_detach(&b);
}

static long long incidents(struct store *st)
{
	struct calm_err err = { 0 };
	long long n = 0;

	assert_int_equal(store_incident_count(st, 0, &n, &err), CALM_OK);
	return n;
}

static int keep_seal(const struct seal *s, void *ctx)
{
	struct seal *out = ctx;

	*out = *s;
	out->signed_db = s->signed_db ? strdup(s->signed_db) : NULL;
	out->author = out->key = out->signature = NULL;
	return 0;
}

/* A SQLite file's incident (corrections, a seal) into the engine at
 * hand, where another incident is already: the next number there, the
 * same chain, verified, corrections and seal kept. */
static void move__copy_gets_next_number_and_verifies(void **state)
{
	char *src_path = tb_lite("src"), *dst_path = tb_fresh("dst");
	struct store *src = tb_open(src_path, 0), *dst = tb_open(dst_path, 0);
	struct calm_err err = { 0 };
	struct chain_head h1, h2;
	struct verify_result vr;
	struct seal s = { 0 }, got = { 0 };
	char db_id[DB_ID_LEN + 1], *page;
	long long other, inc, n1, n2, id = 0;

	(void)state;
	other = declare(src, "other");
	inc = declare(src, "moving");
	add(src, other, "note", "interleaved", 11, NULL);
	n1 = add(src, inc, "note", "caf\xe9 bytes", 10, NULL);
	n2 = add(src, inc, "note", "a typo", 6, NULL);
	add(src, other, "note", "interleaved again", 17, NULL);
	correct(src, inc, "amend", n2, "a corrected note");
	correct(src, inc, "strike", n1, "wrong host");
	assert_int_equal(store_chain_head(src, inc, &s.head, &err), CALM_OK);
	s.incident = inc;
	s.signed_ms = T0 + 2;
	s.author = "alice";
	s.key = "ssh-ed25519 AAAA";
	s.signature = "-----BEGIN SSH SIGNATURE-----";
	assert_int_equal(store_begin(src, &err), CALM_OK);
	assert_int_equal(store_seal_add(src, inc, &s, &err), CALM_OK);
	assert_int_equal(store_commit(src, &err), CALM_OK);
	declare(dst, "the target's own");

	if (store_incident_copy(src, inc, dst, NULL, &id, &err) != CALM_OK)
		fail_msg("copy: %s", err.msg);
	assert_int_equal(id, 2);
	assert_int_equal(store_verify(dst, id, &vr, &err), CALM_OK);
	assert_int_equal(vr.events, 4);
	assert_int_equal(vr.seals, 1);
	assert_int_equal(store_chain_head(src, inc, &h1, &err), CALM_OK);
	assert_int_equal(store_chain_head(dst, id, &h2, &err), CALM_OK);
	assert_memory_equal(h1.head, h2.head, STORE_HASH_LEN);
	assert_int_equal(h2.events, 4);
	page = notes(dst, id);
	assert_string_equal(page, "s:caf\xef\xbf\xbd bytes a:a corrected note :a corrected note :wrong host ");
	free(page);
	/* the seal names what was signed: the source's database, number, event */
	assert_int_equal(store_db_id(src, db_id, &err), CALM_OK);
	assert_int_equal(store_seal_each(dst, id, keep_seal, &got, &err), CALM_OK);
	assert_non_null(got.signed_db);
	assert_string_equal(got.signed_db, db_id);
	assert_int_equal(got.signed_incident, inc);
	assert_int_equal(got.signed_event, s.head.event);
	assert_int_equal(got.head.event, h2.event);
	free((char *)got.signed_db);
	/* the copy is the incident's own there, and lives on */
	char *copy_of = (char *)"x";
	assert_int_equal(store_incident_copy_of(dst, id, &copy_of, &err), CALM_OK);
	assert_null(copy_of);
	add(dst, id, "note", "written there", 13, NULL);
	assert_int_equal(store_verify(dst, 0, &vr, &err), CALM_OK);
	store_close(src);
	store_close(dst);
	tb_lite_drop(src_path);
	tb_drop(dst_path);
}

/* Incidents written before schema 8 (schema 7: corrections by row id;
 * schema 3: version 1 hashes of the number it had) move and verify. */
static void move__old_chains_move_and_verify(void **state)
{
	char *old7 = tb_fixture("schema7"), *old3 = tb_fixture("schema3");
	char *dst_path = tb_fresh("old");
	struct store *s7 = tb_open(old7, 0), *s3 = tb_open(old3, 0), *dst = tb_open(dst_path, 0);
	struct verify_result vr;
	struct calm_err err = { 0 };
	long long a = 0, b = 0;
	char *page;

	(void)state;
	declare(dst, "the target's own");
	declare(dst, "and another");
	if (store_incident_copy(s7, 1, dst, NULL, &a, &err) != CALM_OK)
		fail_msg("copy of schema 7's: %s", err.msg);
	if (store_incident_copy(s3, 1, dst, NULL, &b, &err) != CALM_OK)
		fail_msg("copy of schema 3's: %s", err.msg);
	assert_int_equal(a, 3);
	assert_int_equal(b, 4);
	assert_int_equal(store_verify(dst, 0, &vr, &err), CALM_OK);
	page = notes(dst, a);
	assert_non_null(strstr(page, "a:second note, amended by schema 7 "));
	assert_non_null(strstr(page, "s:third note, to be struck "));
	free(page);
	assert_int_equal(tb_int(dst_path, "SELECT hash_id FROM incidents WHERE id = 4"), 1);
	store_close(s7);
	store_close(s3);
	store_close(dst);
	tb_lite_drop(old7);
	tb_lite_drop(old3);
	tb_drop(dst_path);
}

/* The same incident twice: nothing copied, its number there told. */
static void move__twice_copies_nothing(void **state)
{
	char *src_path = tb_lite("twice"), *dst_path = tb_fresh("twice");
	struct store *src = tb_open(src_path, 0), *dst = tb_open(dst_path, 0);
	struct calm_err err = { 0 };
	long long inc, first = 0, again = 0;

	(void)state;
	inc = declare(src, "once");
	add(src, inc, "note", "n", 1, NULL);
	assert_int_equal(store_incident_copy(src, inc, dst, NULL, &first, &err), CALM_OK);
	assert_int_equal(store_incident_copy(src, inc, dst, NULL, &again, &err), CALM_DATA);
	assert_int_equal(again, first);
	assert_non_null(strstr(err.msg, "already in"));
	assert_non_null(strstr(err.msg, "as incident 1 (the same uuid): not copied again"));
	assert_int_equal(incidents(dst), 1);
	assert_int_equal(tb_int(dst_path, "SELECT count(*) FROM events"), 1);
	store_close(src);
	store_close(dst);
	tb_lite_drop(src_path);
	tb_drop(dst_path);
}

/* A timeline edited behind calm's back is not copied: nothing is left. */
static void move__a_copy_that_does_not_verify_is_not_kept(void **state)
{
	char *src_path = tb_lite("edited"), *dst_path = tb_fresh("edited");
	struct store *src = tb_open(src_path, 0), *dst = tb_open(dst_path, 0);
	struct calm_err err = { 0 };
	long long inc, id = 0;

	(void)state;
	inc = declare(src, "edited");
	add(src, inc, "note", "the truth", 9, NULL);
	add(src, inc, "note", "more", 4, NULL);
	store_close(src);
	lite_exec(src_path, "DROP TRIGGER events_no_update;"
			    "UPDATE events SET text = 'a lie' WHERE text = 'the truth'");
	src = tb_open(src_path, 0);
	assert_int_equal(store_incident_copy(src, inc, dst, NULL, &id, &err), CALM_DATA);
	assert_non_null(strstr(err.msg, "the copy does not verify in '"));
	assert_non_null(strstr(err.msg, "nothing copied"));
	assert_int_equal(id, 0);
	assert_int_equal(incidents(dst), 0);
	assert_int_equal(tb_int(dst_path, "SELECT count(*) FROM events"), 0);
	store_close(src);
	store_close(dst);
	tb_lite_drop(src_path);
	tb_drop(dst_path);
}

/* From the engine at hand to a SQLite file, as a read-only copy. */
static void move__pulled_copy_says_where_it_came_from(void **state)
{
	char *src_path = tb_fresh("server"), *dst_path = tb_lite("plane");
	struct store *src = tb_open(src_path, 0), *dst = tb_open(dst_path, 0);
	struct verify_result vr;
	struct calm_err err = { 0 };
	long long inc, id = 0;
	char *copy_of = NULL;
	struct incident got;

	(void)state;
	declare(src, "first");
	inc = declare(src, "to review");
	add(src, inc, "note", "on the server", 13, NULL);
	assert_int_equal(store_incident_copy(src, inc, dst, "incident 2 of the server", &id, &err),
			 CALM_OK);
	assert_int_equal(id, 1);
	assert_int_equal(store_verify(dst, id, &vr, &err), CALM_OK);
	assert_int_equal(vr.events, 1);
	assert_int_equal(store_incident_copy_of(dst, id, &copy_of, &err), CALM_OK);
	assert_non_null(copy_of);
	assert_string_equal(copy_of, "incident 2 of the server");
	free(copy_of);
	assert_int_equal(store_incident_get(dst, id, &got, &err), CALM_OK);
	assert_true(got.copy);
	incident_release(&got);
	assert_int_equal(store_incident_get(src, inc, &got, &err), CALM_OK);
	assert_false(got.copy);
	incident_release(&got);
	assert_int_equal(store_incident_copy(src, 99, dst, "x", &id, &err), CALM_NOTFOUND);
	store_close(src);
	store_close(dst);
	tb_drop(src_path);
	tb_lite_drop(dst_path);
}

/* A server at PostgreSQL schema 1 (before schema 8's columns) upgrades
 * in place: each event keeps the id it was written under, a correction
 * written then still finds its note, the timeline stays append-only;
 * schema 1's row triggers that counted and announced each event are
 * gone (schema 4: the insert itself does it, no PL/pgSQL runs on an
 * insert of events), and the counts stay right through the upgrade. */
static void move__pg_schema_1_upgrades(void **state)
{
	char *path = tb_fresh("pg1"), *why, *page;
	struct store *st = tb_open(path, 0);
	const char *kv[] = { "event", NULL, NULL };
	struct verify_result vr;
	struct calm_err err = { 0 };
	long long inc, n1;
	char id[24];

	(void)state;
	declare(st, "other");
	inc = declare(st, "old");
	n1 = add(st, inc, "note", "a typo", 6, NULL);
	/* a correction as calm wrote them at schema 1: by row id alone */
	snprintf(id, sizeof id, "%lld", n1);
	kv[1] = id;
	add(st, inc, "amend", "a fixed note", 12, kv);
	store_close(st);
	tb_exec(path, "DROP INDEX events_author; DROP INDEX events_suspect;"
		      " ALTER TABLE events DROP COLUMN legacy_id;"
		      " ALTER TABLE incidents DROP COLUMN hash_id, DROP COLUMN copy_of;"
		      " ALTER TABLE seals DROP COLUMN signed_db, DROP COLUMN signed_incident,"
		      " DROP COLUMN signed_event;"
		      /* schema 1's row triggers, as it made them */
		      " CREATE FUNCTION calm_events_count() RETURNS trigger LANGUAGE plpgsql AS"
		      " $$BEGIN UPDATE incidents SET last_event = NEW.id, events = events + 1,"
		      "  notes = notes + (NEW.kind = 'note')::int WHERE id = NEW.incident_id;"
		      " RETURN NULL; END$$;"
		      " CREATE TRIGGER events_count AFTER INSERT ON events"
		      " FOR EACH ROW EXECUTE FUNCTION calm_events_count();"
		      " CREATE FUNCTION calm_notify() RETURNS trigger LANGUAGE plpgsql AS"
		      " $$BEGIN PERFORM pg_notify('calm', NEW.incident_id || ' ' || NEW.id);"
		      " RETURN NULL; END$$;"
		      " CREATE TRIGGER events_notify AFTER INSERT ON events"
		      " FOR EACH ROW EXECUTE FUNCTION calm_notify();"
		      " UPDATE meta SET value = '1' WHERE key = 'schema'");
	st = tb_open(path, 0);
	assert_int_equal(tb_int(path, "SELECT value::int FROM meta WHERE key = 'schema'"), 5);
	assert_int_equal(tb_int(path, "SELECT count(*) FROM events WHERE legacy_id IS DISTINCT FROM id"), 0);
	page = notes(st, inc);
	assert_non_null(strstr(page, "a:a fixed note "));
	free(page);
	why = tb_try(path, "UPDATE events SET text = 'edited'");
	assert_non_null(why);
	assert_non_null(strstr(why, "append-only"));
	free(why);
	add(st, inc, "note", "after the upgrade", 17, NULL);
	assert_int_equal(tb_int(path, "SELECT count(*) FROM events WHERE legacy_id IS NULL"), 1);
	assert_int_equal(tb_int(path, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'events'::regclass"
				      " AND NOT tgisinternal AND tgtype & 4 <> 0"), 0); /* INSERT */
	assert_int_equal(tb_int(path, "SELECT count(*) FROM incidents i WHERE"
				      " i.events <> (SELECT count(*) FROM events e WHERE e.incident_id = i.id)"
				      " OR i.notes <> (SELECT count(*) FROM events e"
				      "  WHERE e.incident_id = i.id AND e.kind = 'note')"
				      " OR i.last_event IS DISTINCT FROM"
				      "  (SELECT max(id) FROM events e WHERE e.incident_id = i.id)"), 0);
	assert_int_equal(store_verify(st, inc, &vr, &err), CALM_OK);
	assert_int_equal(vr.events, 3);
	store_close(st);
	tb_drop(path);
}

/* More events than one statement writes (MV_BATCH, 256): the pages in
 * order, the last short one too; the incident's counts and newest event
 * as the appends would have left them; every note indexed for search. */
static void move__many_events_in_pages(void **state)
{
	char *src_path = tb_lite("many"), *dst_path = tb_fresh("many-dst");
	struct store *src = tb_open(src_path, 0), *dst = tb_open(dst_path, 0);
	struct calm_err err = { 0 };
	struct chain_head h1, h2;
	struct verify_result vr;
	char text[64], sql[160];
	long long inc, id = 0;

	(void)state;
	inc = declare(src, "many");
	assert_int_equal(store_begin(src, &err), CALM_OK);
	for (int i = 0; i < 600; i++) {
		int len = snprintf(text, sizeof text, "note %d word%d", i, i);
		struct event ev = { .incident = inc, .ts_ms = T0 + i, .author = "bob",
				    .kind = "note", .text = text, .text_len = (size_t)len };

		assert_int_equal(store_append_event(src, &ev, NULL, NULL, &err), CALM_OK);
	}
	assert_int_equal(store_commit(src, &err), CALM_OK);
	declare(dst, "the target's own");

	if (store_incident_copy(src, inc, dst, NULL, &id, &err) != CALM_OK)
		fail_msg("copy: %s", err.msg);
	assert_int_equal(store_verify(dst, id, &vr, &err), CALM_OK);
	assert_int_equal(vr.events, 600);
	assert_int_equal(store_chain_head(src, inc, &h1, &err), CALM_OK);
	assert_int_equal(store_chain_head(dst, id, &h2, &err), CALM_OK);
	assert_memory_equal(h1.head, h2.head, STORE_HASH_LEN);
	snprintf(sql, sizeof sql, "SELECT events * 1000 + notes FROM incidents WHERE id = %lld", id);
	assert_int_equal(tb_int(dst_path, sql), 600 * 1000 + 600);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM incidents i WHERE id = %lld AND last_event ="
		 " (SELECT max(id) FROM events WHERE incident_id = i.id)", id);
	assert_int_equal(tb_int(dst_path, sql), 1);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM search WHERE incident = %lld", id);
	assert_int_equal(tb_int(dst_path, sql), 600);
	store_close(src);
	store_close(dst);
	tb_lite_drop(src_path);
	tb_drop(dst_path);
}

/* A plan the server runs in parallel (a large incident, as a pushed one
 * is; forced here) reads events through calm_json: the function runs
 * in the leader, never failing with "cannot start subtransactions". */
static void move__pg_parallel_plan_reads(void **state)
{
	char *path = tb_fresh("parallel");
	struct store *st = tb_open(path, 0);
	struct calm_err err = { 0 };
	struct verify_result vr;
	long long inc, n1;
	char *page;

	(void)state;
	inc = declare(st, "parallel");
	n1 = add(st, inc, "note", "a typo", 6, NULL);
	correct(st, inc, "amend", n1, "a fixed note");
	store_close(st);
	tb_exec(path, "DO $$BEGIN EXECUTE format('ALTER DATABASE %I SET force_parallel_mode = on',"
		      " current_database()); END$$");
	st = tb_open(path, 0);
	if (store_verify(st, inc, &vr, &err) != CALM_OK)
		fail_msg("verify: %s", err.msg);
	assert_int_equal(vr.events, 2);
	page = notes(st, inc);
	assert_non_null(strstr(page, "a:a fixed note "));
	free(page);
	store_close(st);
	tb_drop(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(move__copy_gets_next_number_and_verifies),
		cmocka_unit_test(move__old_chains_move_and_verify),
		cmocka_unit_test(move__twice_copies_nothing),
		cmocka_unit_test(move__a_copy_that_does_not_verify_is_not_kept),
		cmocka_unit_test(move__pulled_copy_says_where_it_came_from),
		cmocka_unit_test(move__many_events_in_pages),
	};

	const struct CMUnitTest pg_only[] = {
		cmocka_unit_test(move__pg_schema_1_upgrades),
		cmocka_unit_test(move__pg_parallel_plan_reads),
	};
	int failed = tb_run_on(true, "move (PostgreSQL only)", pg_only, 2);

	return failed + tb_run("move", tests, sizeof tests / sizeof tests[0]);
}
