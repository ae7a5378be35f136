/*
 * test-store.c - unit tests for the incident database (src/store).
 *
 * Every test that is not about a SQLite file runs twice, on SQLite and
 * on the real PostgreSQL the suite starts (backend.h): files live under
 * $CALM_TEST_TMP with the pid in their names, PostgreSQL databases are
 * made fresh per test.  The tests speak raw SQL (sqlite3, or libpq as
 * the superuser) to set up what later writers will produce (comms,
 * fixes, actions, exports), to inspect the schema and to tamper with a
 * timeline the way someone with the engine's shell would.  Every error
 * is checked by code and exact text.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <sqlite3.h>

#include "calm/buf.h"
#include "calm/store.h"
#include "backend.h"

/* ---- helpers ---- */

/* A fresh database of the engine under test (backend.h). */
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

static char *raw_text(const char *path, const char *sql)
{
	return tb_text(path, sql);
}

static long long raw_int(const char *path, const char *sql)
{
	return tb_int(path, sql);
}

static bool json_valid(const char *json)
{
	sqlite3_stmt *stmt = NULL;
	sqlite3 *db = NULL;
	bool ok;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT json_valid(?1)", -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_text(stmt, 1, json, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	ok = sqlite3_column_int(stmt, 0) == 1;
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return ok;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;

	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

static void write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

/* Two stages: triage (a required, b optional), fix (c required). */
static struct playbook *test_playbook(void)
{
	struct playbook *pb = xcalloc(1, sizeof *pb);
	struct stage *s;

	pb->name = xstrdup("test");
	pb->source = xstrdup("test-store.c");
	pb->nstages = 2;
	pb->stages = xcalloc(2, sizeof *pb->stages);
	s = &pb->stages[0];
	s->id = xstrdup("triage");
	s->title = xstrdup("Triage");
	s->audience = -1;
	s->nitems = 2;
	s->items = xcalloc(2, sizeof *s->items);
	s->items[0] = (struct check_item){ xstrdup("a"), xstrdup("Item a"), true };
	s->items[1] = (struct check_item){ xstrdup("b"), xstrdup("Item b"), false };
	s = &pb->stages[1];
	s->id = xstrdup("fix");
	s->title = xstrdup("Fix");
	s->audience = -1;
	s->nitems = 1;
	s->items = xcalloc(1, sizeof *s->items);
	s->items[0] = (struct check_item){ xstrdup("c"), xstrdup("Item c"), true };
	return pb;
}

/* Declare an incident in its own transaction; returns its id. */
static long long declare(struct store *st, const char *title)
{
	struct playbook *pb = test_playbook();
	struct calm_err err = { 0 };
	long long id = 0;

	assert_int_equal(store_begin(st, &err), CALM_OK);
	if (store_incident_create(st, title, 2, 1700000000000LL, "alice", pb, &id, &err))
		fail_msg("create: %s", err.msg);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	playbook_free(pb);
	return id;
}

/* Append one event (own transaction); returns its id. */
static long long append(struct store *st, long long inc, const char *kind,
			const char *text, const char *const *kv)
{
	struct event ev = { .incident = inc, .ts_ms = 1700000000123LL,
			    .author = "bob", .kind = kind, .text = text };
	struct calm_err err = { 0 };
	long long id = 0;

	assert_int_equal(store_begin(st, &err), CALM_OK);
	if (store_append_event(st, &ev, kv, &id, &err) != CALM_OK)
		fail_msg("append: %s", err.msg);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	return id;
}

static void assert_integrity(const char *path)
{
	tb_integrity(path);
}

/* ---- open ---- */

static void store__open_creates_0600_wal(void **state)
{
	char *path = tmp_db("create");
	struct stat sb;
	struct store *st;
	mode_t old = umask(022);
	char *mode;

	(void)state;
	st = tb_open(path, 0);
	umask(old);
	assert_string_equal(store_path(st), path);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	mode = raw_text(path, "PRAGMA journal_mode");
	assert_string_equal(mode, "wal");
	free(mode);
	assert_int_equal(raw_int(path, "PRAGMA application_id"), 0x63616c6d);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	store_close(st);
	drop_db(path);
}

static void store__reopen_keeps_data(void **state)
{
	char *path = tmp_db("reopen");
	struct calm_err err = { 0 };
	struct incident inc;
	struct store *st;
	long long id;

	(void)state;
	st = tb_open(path, 0);
	id = declare(st, "disk full on db1");
	store_close(st);
	st = tb_open(path, 0);
	assert_int_equal(store_incident_get(st, id, &inc, &err), CALM_OK);
	assert_string_equal(inc.title, "disk full on db1");
	incident_release(&inc);
	store_close(st);
	drop_db(path);
}

static void store__refuses_newer_schema(void **state)
{
	char *path = tmp_db("newer");
	struct calm_err err = { 0 };
	struct store *st = NULL;
	char *before, *after, want[1200];
	size_t nb, na;

	(void)state;
	store_close(tb_open(path, 0));
	raw_exec(path, TB_SQL("PRAGMA user_version = 99",
			      "UPDATE meta SET value = '99' WHERE key = 'schema'"));
	/* PostgreSQL: its tables, indexes, meta rows and rows of events and
	 * incidents, before and after */
	const char *state_sql =
		"SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public') || ' '"
		" || (SELECT count(*) FROM pg_indexes WHERE schemaname = 'public') || ' '"
		" || (SELECT string_agg(key || '=' || value, ',' ORDER BY key) FROM meta) || ' '"
		" || (SELECT count(*) FROM events) || ' ' || (SELECT count(*) FROM incidents)";
	before = tb_pg() ? raw_text(path, state_sql) : read_file(path, &nb);
	assert_int_equal(store_open(&st, path, 0, &err), CALM_DATA);
	assert_null(st);
	snprintf(want, sizeof want,
		 "database '%s' has schema version 99; this calm knows up to %d: upgrade calm", path,
		 tb_schema_version());
	assert_string_equal(err.msg, want);
	if (tb_pg()) { /* nothing written */
		after = raw_text(path, state_sql);
		assert_string_equal(after, before);
		assert_non_null(strstr(after, "schema=99"));
	} else {
		after = read_file(path, &na);
		assert_int_equal(na, nb);
		assert_memory_equal(after, before, nb);
	}
	free(before);
	free(after);
	drop_db(path);
}

static void store__refuses_not_a_database(void **state)
{
	char *path = tmp_db("random");
	struct calm_err err = { 0 };
	struct store *st = NULL;
	unsigned char junk[8192];
	char want[1200], *after;
	size_t na;
	uint32_t x = 2463534242u;

	(void)state;
	for (size_t i = 0; i < sizeof junk; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		junk[i] = (unsigned char)x;
	}
	write_file(path, junk, sizeof junk);
	assert_int_equal(store_open(&st, path, 0, &err), CALM_DATA);
	snprintf(want, sizeof want, "'%s' is not a database", path);
	assert_string_equal(err.msg, want);
	after = read_file(path, &na);
	assert_int_equal(na, sizeof junk);
	assert_memory_equal(after, junk, sizeof junk);
	free(after);
	drop_db(path);
}

static void store__opens_empty_file_as_new(void **state)
{
	char *path = tmp_db("empty");
	struct store *st;

	(void)state;
	write_file(path, "", 0);
	st = tb_open(path, 0);
	store_close(st);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_integrity(path);
	drop_db(path);
}

static void store__refuses_other_sqlite_database(void **state)
{
	char *path = tmp_db("foreign");
	struct calm_err err = { 0 };
	struct store *st = NULL;
	char want[1200];

	(void)state;
	raw_exec(path, "CREATE TABLE t (x integer); INSERT INTO t VALUES (1)");
	assert_int_equal(store_open(&st, path, 0, &err), CALM_DATA);
	snprintf(want, sizeof want, "'%s' is not a calm database", path);
	assert_string_equal(err.msg, want);
	assert_int_equal(raw_int(path, TB_SQL("PRAGMA user_version",
					      "SELECT count(*) FROM pg_tables WHERE tablename = 'meta'")), 0);
	drop_db(path);
}

/* A file's schema is not trusted: a trigger someone added that writes
 * a virtual table is refused (trusted_schema=OFF), and foreign keys
 * hold (a field of no incident is refused). */
static void store__schema_is_untrusted(void **state)
{
	char *path = tmp_db("untrusted");
	struct event ev = { .ts_ms = 1700000000123LL, .author = "bob", .kind = "note",
			    .text = "hi" };
	struct calm_err err = { 0 };
	struct store *st;

	(void)state;
	st = tb_open(path, 0);
	ev.incident = declare(st, "x");
	store_close(st);
	raw_exec(path, "CREATE TRIGGER planted AFTER INSERT ON events BEGIN"
		       " INSERT INTO search (rowid, incident, kind, body)"
		       " VALUES (NEW.id + 1000, NEW.incident_id, 'note', 'planted'); END");
	st = tb_open(path, 0);
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_not_equal(store_append_event(st, &ev, NULL, NULL, &err), CALM_OK);
	assert_non_null(strstr(err.msg, "unsafe use of virtual table"));
	store_rollback(st);
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_field_set(st, ev.incident + 1, "cause", "x", &err), CALM_NOTFOUND);
	store_rollback(st);
	store_close(st);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM events"), 0);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM search WHERE body = 'planted'"), 0);
	drop_db(path);
}

static void store__refuses_bad_paths(void **state)
{
	struct calm_err err = { 0 };
	struct store *st = NULL;
	char path[1200], want[1300];

	(void)state;
	snprintf(path, sizeof path, "%s/no-such-dir-%ld/x.db", tb_tmp_dir(), (long)getpid());
	assert_int_equal(store_open(&st, path, 0, &err), CALM_IO);
	snprintf(want, sizeof want, "cannot open database '%s': no such directory", path);
	assert_string_equal(err.msg, want);

	calm_err_clear(&err);
	assert_int_equal(store_open(&st, tb_tmp_dir(), 0, &err), CALM_IO);
	snprintf(want, sizeof want, "cannot open database '%s': is a directory", tb_tmp_dir());
	assert_string_equal(err.msg, want);

	calm_err_clear(&err);
	snprintf(path, sizeof path, "%s/missing-%ld.db", tb_tmp_dir(), (long)getpid());
	assert_int_equal(store_open(&st, path, STORE_READONLY, &err), CALM_IO);
	assert_int_equal(access(path, F_OK), -1);
}

/* Started with stdin closed, the database must not become fd 0. */
static void store__survives_closed_stdin(void **state)
{
	char *path = tmp_db("fd0");
	struct store *st;
	struct stat sb, null;
	int saved = dup(0);

	(void)state;
	assert_true(saved > 2);
	close(0);
	st = tb_open(path, 0);
	declare(st, "t");
	assert_int_equal(fstat(0, &sb), 0);
	assert_int_equal(stat("/dev/null", &null), 0);
	assert_int_equal(sb.st_rdev, null.st_rdev);
	store_close(st);
	assert_int_equal(dup2(saved, 0), 0);
	close(saved);
	assert_integrity(path);
	drop_db(path);
}

static void store__migrates_from_empty(void **state)
{
	char *path = tmp_db("migrate");
	const char *tables[] = { "incidents", "checklist", "fields", "events",
				 "comms", "fixes", "actions", "exports" };
	char sql[200];

	(void)state;
	store_close(tb_open(path, 0));
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		snprintf(sql, sizeof sql,
			 TB_SQL("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '%s'",
				"SELECT count(*) FROM pg_tables WHERE tablename = '%s'"),
			 tables[i]);
		assert_int_equal(raw_int(path, sql), 1);
	}
	assert_int_equal(raw_int(path, TB_SQL("SELECT count(*) FROM sqlite_schema"
					      " WHERE name = 'events_incident'",
					      "SELECT count(*) FROM pg_indexes"
					      " WHERE indexname = 'events_incident'")), 1);
	/* a second open migrates nothing and keeps the version */
	store_close(tb_open(path, 0));
	assert_int_equal(raw_int(path, TB_SQL("PRAGMA user_version",
					      "SELECT value FROM meta WHERE key = 'schema'")),
			 tb_schema_version());
	assert_integrity(path);
	drop_db(path);
}

/* ---- incidents and checklist ---- */

struct collect {
	struct buf b;
	int stop_after; /* 0: never */
	int n;
	struct store *st;
};

static int collect_check(const struct check_row *row, void *ctx)
{
	struct collect *c = ctx;

	buf_addf(&c->b, "%s/%s/%s/%d%d ", row->id, row->stage_id, row->text,
		 row->required, row->checked);
	return ++c->n == c->stop_after;
}

static void store__incident_create_copies_checklist(void **state)
{
	char *path = tmp_db(__func__);
	struct store *st = tb_open(path, 0);
	struct collect c = { BUF_INIT, 0, 0, NULL };
	struct calm_err err = { 0 };
	struct incident inc;
	long long id, count = 0, active = 0;

	(void)state;
	id = declare(st, "api 500s");
	assert_int_equal(id, 1);
	assert_int_equal(store_incident_get(st, id, &inc, &err), CALM_OK);
	assert_string_equal(inc.title, "api 500s");
	assert_int_equal(inc.severity, 2);
	assert_false(inc.closed);
	assert_string_equal(inc.stage_id, "triage");
	assert_int_equal(inc.stage_index, 0);
	assert_int_equal(inc.declared_ms, 1700000000000LL);
	assert_int_equal(inc.closed_ms, 0);
	assert_string_equal(inc.declared_by, "alice");
	incident_release(&inc);
	assert_null(inc.title);

	assert_int_equal(store_checklist_each(st, id, NULL, collect_check, &c, &err), CALM_OK);
	assert_string_equal(buf_cstr(&c.b), "a/triage/Item a/10 b/triage/Item b/00 c/fix/Item c/10 ");
	buf_reset(&c.b);
	assert_int_equal(store_checklist_each(st, id, "fix", collect_check, &c, &err), CALM_OK);
	assert_string_equal(buf_cstr(&c.b), "c/fix/Item c/10 ");
	buf_release(&c.b);

	assert_int_equal(store_active_count(st, &count, &active, &err), CALM_OK);
	assert_int_equal(count, 1);
	assert_int_equal(active, 1);

	assert_int_equal(store_incident_get(st, 42, &inc, &err), CALM_NOTFOUND);
	assert_string_equal(err.msg, "no incident 42");
	store_close(st);
	drop_db(path);
}

static void store__incident_updates(void **state)
{
	char *path = tmp_db(__func__);
	struct store *st = tb_open(path, 0);
	struct calm_err err = { 0 };
	struct incident inc;
	long long id, count = 0, active = 0;

	(void)state;
	id = declare(st, "old title");
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_incident_set_title(st, id, "new title", &err), CALM_OK);
	assert_int_equal(store_incident_set_severity(st, id, 1, &err), CALM_OK);
	assert_int_equal(store_incident_set_stage(st, id, "fix", 1, false, 0, &err), CALM_OK);
	assert_int_equal(store_incident_set_title(st, 9, "x", &err), CALM_NOTFOUND);
	assert_string_equal(err.msg, "no incident 9");
	calm_err_clear(&err);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	/* a failed statement: the caller rolls back (store.h) */
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_incident_set_severity(st, id, 7, &err), CALM_DATA);
	calm_err_clear(&err);
	store_rollback(st);
	assert_int_equal(store_incident_get(st, id, &inc, &err), CALM_OK);
	assert_string_equal(inc.title, "new title");
	assert_int_equal(inc.severity, 1);
	assert_string_equal(inc.stage_id, "fix");
	assert_int_equal(inc.stage_index, 1);
	assert_false(inc.closed);
	incident_release(&inc);

	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_incident_set_stage(st, id, "closed", 2, true, 1700000999000LL, &err), CALM_OK);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	assert_int_equal(store_incident_get(st, id, &inc, &err), CALM_OK);
	assert_true(inc.closed);
	assert_int_equal(inc.closed_ms, 1700000999000LL);
	incident_release(&inc);
	assert_int_equal(store_active_count(st, &count, &active, &err), CALM_OK);
	assert_int_equal(count, 0);
	store_close(st);
	drop_db(path);
}

static void store__rollback_discards(void **state)
{
	char *path = tmp_db(__func__);
	struct store *st = tb_open(path, 0);
	struct playbook *pb = test_playbook();
	struct calm_err err = { 0 };
	struct incident inc;
	long long id = 0;

	(void)state;
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_incident_create(st, "t", 3, 1, "a", pb, &id, &err), CALM_OK);
	store_rollback(st);
	store_rollback(st); /* harmless without a transaction */
	assert_int_equal(store_incident_get(st, id, &inc, &err), CALM_NOTFOUND);
	playbook_free(pb);
	store_close(st);
	drop_db(path);
}

static int collect_incident(const struct incident *inc, void *ctx)
{
	struct collect *c = ctx;

	if (c->n > 0 && inc->id >= c->stop_after)
		fail_msg("not newest first: %lld after %d", inc->id, c->stop_after);
	c->stop_after = (int)inc->id;
	return ++c->n == 230; /* stop inside the third page */
}

static void store__incident_each_pages(void **state)
{
	char *path = tmp_db(__func__);
	struct store *st = tb_open(path, 0);
	struct playbook *pb = test_playbook();
	struct collect c = { BUF_INIT, 0, 0, NULL };
	struct calm_err err = { 0 };
	long long id = 0;

	(void)state;
	assert_int_equal(store_begin(st, &err), CALM_OK);
	for (int i = 0; i < 250; i++)
		assert_int_equal(store_incident_create(st, "t", 3, i, "a", pb, &id, &err), CALM_OK);
	/* every third closed */
	for (long long i = 3; i <= 250; i += 3)
		assert_int_equal(store_incident_set_stage(st, i, "fix", 1, true, 5, &err), CALM_OK);
	assert_int_equal(store_commit(st, &err), CALM_OK);

	assert_int_equal(store_incident_each(st, INCIDENT_ACTIVE | INCIDENT_CLOSED, collect_incident, &c, &err), CALM_OK);
	assert_int_equal(c.n, 230);
	assert_int_equal(c.stop_after, 250 - 229);
	c.n = 0;
	assert_int_equal(store_incident_each(st, INCIDENT_CLOSED, collect_incident, &c, &err), CALM_OK);
	assert_int_equal(c.n, 83);
	assert_int_equal(c.stop_after, 3);
	c.n = 0;
	assert_int_equal(store_incident_each(st, INCIDENT_ACTIVE, collect_incident, &c, &err), CALM_OK);
	assert_int_equal(c.n, 167);
	assert_int_equal(c.stop_after, 1);
	long long n = -1;
	assert_int_equal(store_incident_count(st, INCIDENT_ACTIVE, &n, &err), CALM_OK);
	assert_int_equal(n, 167);
	assert_int_equal(store_incident_count(st, INCIDENT_CLOSED, &n, &err), CALM_OK);
	assert_int_equal(n, 83);
	assert_int_equal(store_incident_count(st, 0, &n, &err), CALM_OK);
	assert_int_equal(n, 250);
	playbook_free(pb);
	store_close(st);
	drop_db(path);
}

static void store__check_set(void **state)
{
	char *path = tmp_db(__func__);
	struct store *st = tb_open(path, 0);
	struct collect c = { BUF_INIT, 0, 0, NULL };
	struct calm_err err = { 0 };
	bool changed = false;
	long long id;

	(void)state;
	id = declare(st, "t");
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_check_set(st, id, "a", true, &changed, &err), CALM_OK);
	assert_true(changed);
	assert_int_equal(store_check_set(st, id, "a", true, &changed, &err), CALM_OK);
	assert_false(changed);
	assert_int_equal(store_check_set(st, id, "b", false, &changed, &err), CALM_OK);
	assert_false(changed);
	assert_int_equal(store_check_set(st, id, "c", true, NULL, &err), CALM_OK);
	assert_int_equal(store_check_set(st, id, "c", false, &changed, &err), CALM_OK);
	assert_true(changed);
	assert_int_equal(store_check_set(st, id, "zz", true, &changed, &err), CALM_NOTFOUND);
	assert_string_equal(err.msg, "incident 1 has no checklist item 'zz'");
	assert_int_equal(store_commit(st, &err), CALM_OK);
	calm_err_clear(&err);
	assert_int_equal(store_checklist_each(st, id, NULL, collect_check, &c, &err), CALM_OK);
	assert_string_equal(buf_cstr(&c.b), "a/triage/Item a/11 b/triage/Item b/00 c/fix/Item c/10 ");
	buf_release(&c.b);
	store_close(st);
	drop_db(path);
}

/* A callback that re-enters the same listing: the cache must cope. */
static int nested_check(const struct check_row *row, void *ctx)
{
	struct collect *c = ctx;
	struct collect inner = { BUF_INIT, 0, 0, NULL };
	struct calm_err err = { 0 };

	assert_int_equal(store_checklist_each(c->st, 1, row->stage_id, collect_check,
					      &inner, &err), CALM_OK);
	buf_addf(&c->b, "%s:%d ", row->id, inner.n);
	buf_release(&inner.b);
	return 0;
}

static void store__callbacks_may_reenter(void **state)
{
	char *path = tmp_db(__func__);
	struct store *st = tb_open(path, 0);
	struct collect c = { BUF_INIT, 0, 0, NULL };
	struct calm_err err = { 0 };

	(void)state;
	c.st = st;
	declare(st, "t");
	assert_int_equal(store_checklist_each(st, 1, NULL, nested_check, &c, &err), CALM_OK);
	assert_string_equal(buf_cstr(&c.b), "a:2 b:2 c:1 ");
	buf_release(&c.b);
	store_close(st);
	drop_db(path);
}

/* ---- fields ---- */

static int collect_field(const char *name, const char *value, void *ctx)
{
	struct collect *c = ctx;

	buf_addf(&c->b, "%s=%s;", name, value);
	return 0;
}

static void store__fields(void **state)
{
	char *path = tmp_db(__func__);
	struct store *st = tb_open(path, 0);
	struct collect c = { BUF_INIT, 0, 0, NULL };
	struct calm_err err = { 0 };
	char *value = NULL;
	long long id;

	(void)state;
	id = declare(st, "t");
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_field_set(st, id, "product", "checkout", &err), CALM_OK);
	assert_int_equal(store_field_set(st, id, "impact", "slow pages", &err), CALM_OK);
	assert_int_equal(store_field_set(st, id, "impact", "all pages down", &err), CALM_OK);
	assert_int_equal(store_field_set(st, id, "cause", "x", &err), CALM_OK);
	assert_int_equal(store_field_set(st, id, "cause", "", &err), CALM_OK);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_field_set(st, 77, "cause", "x", &err), CALM_NOTFOUND);
	assert_string_equal(err.msg, "no incident 77");
	calm_err_clear(&err);
	store_rollback(st);

	assert_int_equal(store_field_get(st, id, "impact", &value, &err), CALM_OK);
	assert_string_equal(value, "all pages down");
	free(value);
	assert_int_equal(store_field_get(st, id, "cause", &value, &err), CALM_OK);
	assert_null(value);
	assert_int_equal(store_fields_each(st, id, collect_field, &c, &err), CALM_OK);
	assert_string_equal(buf_cstr(&c.b), "impact=all pages down;product=checkout;");
	buf_release(&c.b);
	store_close(st);
	drop_db(path);
}

/* ---- timeline ---- */

static int collect_event(const struct event *ev, void *ctx)
{
	struct collect *c = ctx;

	buf_addf(&c->b, "%lld ", ev->id);
	return ++c->n == c->stop_after;
}

/* Page and return the ids seen as text; *last receives the cursor. */
static char *page(struct store *st, long long inc, long long after, bool fwd,
		  size_t limit, long long *last)
{
	struct collect c = { BUF_INIT, 0, 0, NULL };
	struct calm_err err = { 0 };

	assert_int_equal(store_events_page(st, inc, after, fwd, limit, 0, collect_event,
					   &c, last, &err), CALM_OK);
	buf_adds(&c.b, ".");
	return buf_detach(&c.b);
}

#define ASSERT_PAGE(st, inc, after, fwd, limit, want, want_last)               \
	do {                                                                   \
		long long last_ = -1;                                          \
		char *got_ = page(st, inc, after, fwd, limit, &last_);         \
		assert_string_equal(got_, want);                               \
		assert_int_equal(last_, want_last);                            \
		free(got_);                                                    \
	} while (0)

static int first_event(const struct event *ev, void *ctx)
{
	struct buf *b = ctx;

	buf_addf(b, "%lld|%lld|%lld|%s|%s|%s|%s", ev->id, ev->incident, ev->ts_ms,
		 ev->author, ev->kind, ev->text, ev->data ? ev->data : "NULL");
	return 1;
}

static void store__events_page_keyset(void **state)
{
	char *path = tmp_db(__func__);
	struct store *st = tb_open(path, 0);
	const char *const kv[] = { "item", "a", "checked", "true", "item", "b", NULL };
	struct calm_err err = { 0 };
	struct buf b = BUF_INIT;
	long long one, two, ids[10];

	(void)state;
	one = declare(st, "one");
	two = declare(st, "two");
	for (int i = 0; i < 10; i++) {
		ids[i] = append(st, one, "note", "n", NULL);
		append(st, two, "note", "other", NULL); /* interleaved */
	}
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[9], 19);
	ASSERT_PAGE(st, one, 0, true, 4, "1 3 5 7 .", 7);
	ASSERT_PAGE(st, one, 7, true, 4, "9 11 13 15 .", 15);
	ASSERT_PAGE(st, one, 15, true, 4, "17 19 .", 19);
	ASSERT_PAGE(st, one, 19, true, 4, ".", 0);
	ASSERT_PAGE(st, one, 0, false, 3, "19 17 15 .", 15);
	ASSERT_PAGE(st, one, 15, false, 3, "13 11 9 .", 9);
	ASSERT_PAGE(st, one, 3, false, 3, "1 .", 1);
	ASSERT_PAGE(st, one, 1, false, 3, ".", 0);
	ASSERT_PAGE(st, two, 0, true, 2, "2 4 .", 4);
	ASSERT_PAGE(st, one, 0, true, 0, ".", 0);
	ASSERT_PAGE(st, 99, 0, true, 5, ".", 0);

	/* exact bytes of text; data from kv, later keys winning */
	append(st, one, "check", "FAILED\r\x1b[31mOK\x1b[0m \"q\" \xe2\x80\xae", kv);
	assert_int_equal(store_events_page(st, one, 0, false, 1, 0, first_event, &b, NULL, &err), CALM_OK);
	assert_string_equal(b.s, "21|1|1700000000123|bob|check|FAILED\r\x1b[31mOK\x1b[0m \"q\" \xe2\x80\xae"
				 "|{\"item\":\"b\",\"checked\":\"true\"}");
	buf_release(&b);

	/* appending to no incident */
	{
		struct event ev = { .incident = 5, .ts_ms = 1, .author = "a", .kind = "note", .text = "x" };

		assert_int_equal(store_begin(st, &err), CALM_OK);
		assert_int_equal(store_append_event(st, &ev, NULL, NULL, &err), CALM_NOTFOUND);
		assert_string_equal(err.msg, "no incident 5");
		store_rollback(st);
	}
	store_close(st);
	drop_db(path);
}

static void store__counts(void **state)
{
	char *path = tmp_db("counts");
	struct store *st = tb_open(path, 0);
	struct calm_err err = { 0 };
	struct incident_counts n;
	long long id, other;

	(void)state;
	id = declare(st, "t");
	other = declare(st, "u");
	append(st, id, "declare", "declared", NULL);
	append(st, id, "note", "a", NULL);
	append(st, id, "note", "b", NULL);
	append(st, other, "note", "c", NULL);
	assert_int_equal(store_incident_counts(st, id, &n, &err), CALM_OK);
	assert_int_equal(n.events, 3);
	assert_int_equal(n.notes, 2);
	assert_int_equal(n.fixes_worked, 0);
	assert_int_equal(n.fixes_failed, 0);
	assert_false(n.no_fix);
	assert_int_equal(n.actions, 0);
	assert_false(n.exported);
	for (int a = 0; a < AUD_COUNT; a++)
		assert_false(n.comms_sent[a]);

	raw_exec(path,
		 "INSERT INTO comms (incident_id, audience, text, created_ms, author, sent_ms)"
		 " VALUES (1, 'internal', 'x', 1, 'a', 2), (1, 'external', 'y', 1, 'a', NULL),"
		 " (2, 'resolution', 'z', 1, 'a', 3);"
		 "INSERT INTO fixes (incident_id, what, started_ms, author, outcome)"
		 " VALUES (1, 'restart', 1, 'a', 'failed'), (1, 'rollback', 1, 'a', 'worked'),"
		 " (1, 'scale', 1, 'a', NULL), (1, 'none', 1, 'a', 'no-fix');"
		 "INSERT INTO actions (incident_id, title, status, created_ms, author)"
		 " VALUES (1, 'a', 'open', 1, 'a'), (1, 'b', 'done', 1, 'a'), (1, 'c', 'dropped', 1, 'a');"
		 "INSERT INTO exports (incident_id, ts_ms, format, path, author)"
		 " VALUES (1, 1, 'markdown', 'pm.md', 'a');");
	assert_int_equal(store_incident_counts(st, id, &n, &err), CALM_OK);
	assert_int_equal(n.fixes_worked, 1); /* failed, NULL and no-fix do not count */
	assert_int_equal(n.fixes_failed, 1);
	assert_true(n.no_fix);
	assert_int_equal(n.actions, 2);
	assert_true(n.exported);
	assert_true(n.comms_sent[AUD_INTERNAL]);
	assert_false(n.comms_sent[AUD_EXTERNAL]);
	assert_false(n.comms_sent[AUD_RESOLUTION]);
	assert_int_equal(store_incident_counts(st, other, &n, &err), CALM_OK);
	assert_int_equal(n.events, 1);
	assert_true(n.comms_sent[AUD_RESOLUTION]);
	assert_false(n.exported);
	assert_int_equal(store_incident_counts(st, 3, &n, &err), CALM_NOTFOUND);
	assert_string_equal(err.msg, "no incident 3");
	store_close(st);
	drop_db(path);
}

/* ---- verify ---- */

/* Four events in incident 1, two in incident 2, ids 1..6. */
static struct store *chain_db(const char *path)
{
	const char *const kv[] = { "k", "v", NULL };
	struct store *st = tb_open(path, 0);

	declare(st, "one");
	declare(st, "two");
	append(st, 1, "declare", "declared", kv);
	append(st, 1, "note", "first", NULL);
	append(st, 2, "note", "elsewhere", NULL);
	append(st, 1, "note", "second", NULL);
	append(st, 1, "note", "third", NULL);
	append(st, 2, "note", "elsewhere too", NULL);
	return st;
}

static void expect_broken(struct store *st, long long inc, long long want_inc,
			  long long want_event)
{
	struct calm_err err = { 0 };
	struct verify_result vr;
	char want[200];

	assert_int_equal(store_verify(st, inc, &vr, &err), CALM_DATA);
	assert_int_equal(vr.bad_event, want_event);
	assert_int_equal(vr.bad_incident, want_inc);
	snprintf(want, sizeof want,
		 "incident %lld: event %lld: hash does not match (edited or removed after it was written)",
		 want_inc, want_event);
	assert_string_equal(err.msg, want);
}

static void put_u64(struct buf *b, uint64_t v)
{
	for (int i = 7; i >= 0; i--)
		buf_addc(b, (char)(v >> (i * 8)));
}

static void put_str(struct buf *b, const char *s)
{
	put_u64(b, strlen(s));
	buf_adds(b, s);
}

/* The chain's byte format is a promise to old databases: pin it.
 * Version 2 (every event written since schema 4) is pinned here, with a
 * backfilled event whose bytes are not UTF-8; version 1 by the fixture
 * database made before schema 4 (test-store-timeline.c), whose events
 * must still verify. */
static void store__hash_format_is_pinned(void **state)
{
	char *path = tmp_db("hash-format");
	struct store *st = tb_open(path, 0);
	const char *const kv[] = { "k", "v", NULL };
	struct event ev = { .incident = 1, .ts_ms = 1700000000500LL, .author = "carol",
			    .kind = "note", .text = "caf\xe9\0x", .text_len = 6,
			    .backfilled = true, .occurred_ms = 1699990000000LL };
	unsigned char first[32], second[32], third[32];
	struct calm_err err = { 0 };
	struct buf b = BUF_INIT;
	unsigned int n = 0;
	char *hex, *uuid;

	(void)state;
	declare(st, "t");
	append(st, 1, "note", "hello", kv);
	append(st, 1, "note", "again", NULL);
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_append_event(st, &ev, NULL, NULL, &err), CALM_OK);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	store_close(st);
	uuid = raw_text(path, "SELECT uuid FROM incidents WHERE id = 1");
	assert_int_equal(strlen(uuid), 36);
	assert_int_equal(uuid[14], '4');

	for (int i = 0; i < 32; i++)
		buf_addc(&b, 0);
	put_str(&b, "calm-event-v2");
	put_str(&b, uuid);
	put_u64(&b, 1700000000123ULL);
	put_u64(&b, 0); /* not backfilled */
	put_str(&b, "bob");
	put_str(&b, "note");
	put_str(&b, "hello");
	put_u64(&b, UINT64_MAX); /* no raw bytes */
	put_str(&b, "{\"k\":\"v\"}");
	assert_int_equal(EVP_Digest(b.s, b.len, first, &n, EVP_sha256(), NULL), 1);
	buf_reset(&b);
	buf_add(&b, first, 32);
	put_str(&b, "calm-event-v2");
	put_str(&b, uuid);
	put_u64(&b, 1700000000123ULL);
	put_u64(&b, 0);
	put_str(&b, "bob");
	put_str(&b, "note");
	put_str(&b, "again");
	put_u64(&b, UINT64_MAX); /* no raw bytes */
	put_u64(&b, UINT64_MAX); /* NULL data */
	assert_int_equal(EVP_Digest(b.s, b.len, second, &n, EVP_sha256(), NULL), 1);
	buf_reset(&b);
	buf_add(&b, second, 32);
	put_str(&b, "calm-event-v2");
	put_str(&b, uuid);
	put_u64(&b, 1700000000500ULL);
	put_u64(&b, 1); /* backfilled, to: */
	put_u64(&b, 1699990000000ULL);
	put_str(&b, "carol");
	put_str(&b, "note");
	put_str(&b, "caf\xef\xbf\xbd\xef\xbf\xbdx"); /* the text: U+FFFD for each bad byte */
	put_u64(&b, 6);
	buf_add(&b, "caf\xe9\0x", 6);          /* the exact bytes */
	put_u64(&b, UINT64_MAX);
	assert_int_equal(EVP_Digest(b.s, b.len, third, &n, EVP_sha256(), NULL), 1);
	buf_release(&b);

	unsigned char *want[] = { first, second, third };
	for (int e = 0; e < 3; e++) {
		char sql[80];

		snprintf(sql, sizeof sql, TB_SQL("SELECT hex(hash) || hash_v FROM events WHERE id = %d",
					       "SELECT upper(encode(hash, 'hex')) || hash_v FROM events"
					       " WHERE id = %d"), e + 1);
		hex = raw_text(path, sql);
		for (int i = 0; i < 32; i++)
			buf_addf(&b, "%02X", want[e][i]);
		buf_adds(&b, "2");
		assert_string_equal(hex, b.s);
		free(hex);
		buf_reset(&b);
	}
	buf_release(&b);
	free(uuid);
	drop_db(path);
}

static void store__verify_intact(void **state)
{
	char *path = tmp_db("verify-ok");
	struct store *st = chain_db(path);
	struct calm_err err = { 0 };
	struct verify_result vr;

	(void)state;
	assert_int_equal(store_verify(st, 0, &vr, &err), CALM_OK);
	assert_int_equal(vr.events, 6);
	assert_int_equal(vr.bad_event, 0);
	assert_int_equal(store_verify(st, 2, &vr, &err), CALM_OK);
	assert_int_equal(vr.events, 2);
	assert_int_equal(store_verify(st, 9, &vr, &err), CALM_NOTFOUND);
	assert_string_equal(err.msg, "no incident 9");
	store_close(st);
	assert_integrity(path);
	drop_db(path);
}

static void store__verify_detects_edits(void **state)
{
	static const char *const edits[] = {
		"UPDATE events SET text = 'firsT' WHERE id = 2",
		"UPDATE events SET author = 'mallory' WHERE id = 2",
		"UPDATE events SET ts_ms = ts_ms + 1 WHERE id = 2",
		"UPDATE events SET kind = 'declare' WHERE id = 2",
		"UPDATE events SET data = '{\"k\":\"w\"}' WHERE id = 1",
		"UPDATE events SET data = NULL WHERE id = 1",
	};
	struct calm_err err = { 0 };
	struct verify_result vr;

	(void)state;
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		char *path = tmp_db("verify-edit");
		struct store *st = chain_db(path);
		char sql[300];

		snprintf(sql, sizeof sql, TB_SQL("DROP TRIGGER events_no_update; %s",
					       "SET session_replication_role = replica; %s"), edits[i]);
		raw_exec(path, sql);
		expect_broken(st, 0, 1, i >= 4 ? 1 : 2);
		expect_broken(st, 1, 1, i >= 4 ? 1 : 2);
		calm_err_clear(&err);
		assert_int_equal(store_verify(st, 2, &vr, &err), CALM_OK);
		store_close(st);
		drop_db(path);
	}
}

#define MOVE_EVENT \
	"UPDATE events SET incident_id = 2 WHERE id = 5;" \
	" UPDATE incidents SET last_event = 4 WHERE id = 1;" \
	" UPDATE incidents SET last_event = 6 WHERE id = 2"

static void store__verify_detects_removal_and_moves(void **state)
{
	char *path = tmp_db("verify-del");
	struct store *st = chain_db(path);

	(void)state;
	raw_exec(path, TB_SQL("DROP TRIGGER events_no_delete; DELETE FROM events WHERE id = 2",
			      "SET session_replication_role = replica;"
			      " DELETE FROM search WHERE event_id = 2; DELETE FROM events WHERE id = 2"));
	expect_broken(st, 0, 1, 4);
	store_close(st);
	drop_db(path);

	/* the newest event removed: the incident's last_event notices */
	path = tmp_db("verify-tail");
	st = chain_db(path);
	raw_exec(path, TB_SQL("DROP TRIGGER events_no_delete; DELETE FROM events WHERE id = 6",
			      "SET session_replication_role = replica;"
			      " DELETE FROM search WHERE event_id = 6; DELETE FROM events WHERE id = 6"));
	expect_broken(st, 0, 2, 6);
	store_close(st);
	drop_db(path);

	/* an event moved to another incident */
	path = tmp_db("verify-move");
	st = chain_db(path);
	raw_exec(path, TB_SQL("DROP TRIGGER events_no_update; " MOVE_EVENT,
			      "SET session_replication_role = replica; " MOVE_EVENT));
	expect_broken(st, 0, 2, 5);
	store_close(st);
	drop_db(path);
}

static void store__timeline_is_append_only(void **state)
{
	char *path = tmp_db("append-only");
	struct store *st = chain_db(path);
	const char *const writes[] = {
		"UPDATE events SET text = 'x'", "DELETE FROM events",
		TB_SQL("DELETE FROM events WHERE id = 1", "TRUNCATE events CASCADE"),
	};
	char *msg;

	(void)state;
	/* even the database's superuser, without switching triggers off */
	for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++) {
		msg = tb_try(path, writes[i]);
		assert_non_null(msg);
		assert_string_equal(msg, "the timeline is append-only");
		free(msg);
	}
	assert_int_equal(raw_int(path, "SELECT count(*) FROM events"), 6);
	store_close(st);
	drop_db(path);
}

/* ---- JSON ---- */

static void store__json_output(void **state)
{
	const char *const kv[] = { "k", "v", NULL };
	char *path = tmp_db(__func__);
	struct store *st = tb_open(path, 0);
	struct calm_err err = { 0 };
	char *json = NULL;

	(void)state;
	declare(st, "db \"down\"\n");
	declare(st, "second");
	append(st, 1, "declare", "declared", kv);
	append(st, 1, "note", "esc \x1b[31m and \x01", NULL);
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_field_set(st, 1, "product", "checkout", &err), CALM_OK);
	assert_int_equal(store_check_set(st, 1, "b", true, NULL, &err), CALM_OK);
	assert_int_equal(store_incident_set_stage(st, 2, "fix", 1, true, 1700000001005LL, &err), CALM_OK);
	assert_int_equal(store_commit(st, &err), CALM_OK);

	assert_int_equal(store_incident_json(st, 1, &json, &err), CALM_OK);
	assert_true(json_valid(json));
	assert_non_null(strstr(json, "\",\"title\":\"db \\\"down\\\"\\n\",\"severity\":2,"
				     "\"product\":\"checkout\",\"status\":\"active\",\"stage\":\"triage\","
				     "\"stage_index\":0,\"declared\":\"2023-11-14T22:13:20.000Z\",\"closed\":null,"));
	assert_non_null(strstr(json, "\"checklist\":[{\"id\":\"a\",\"stage\":\"triage\",\"text\":\"Item a\","
				     "\"required\":true,\"checked\":false},{\"id\":\"b\",\"stage\":\"triage\","
				     "\"text\":\"Item b\",\"required\":false,\"checked\":true},{\"id\":\"c\""));
	assert_non_null(strstr(json, "\"fields\":{\"product\":\"checkout\"}"));
	assert_non_null(strstr(json, "\"events\":[{\"id\":1,\"ts\":\"2023-11-14T22:13:20.123Z\","
				     "\"occurred\":\"2023-11-14T22:13:20.123Z\",\"backfilled\":false,"
				     "\"author\":\"bob\",\"kind\":\"declare\",\"text\":\"declared\","
				     "\"data\":{\"k\":\"v\"}},{\"id\":2,"));
	assert_non_null(strstr(json, "\"text\":\"esc \\u001b[31m and \\u0001\",\"data\":null}]}"));
	assert_non_null(strstr(json, "{\"id\":1,\"uuid\":\""));
	free(json);

	assert_int_equal(store_incident_json(st, 2, &json, &err), CALM_OK);
	assert_true(json_valid(json));
	assert_non_null(strstr(json, "\"product\":null,\"status\":\"closed\""));
	assert_non_null(strstr(json, "\"closed\":\"2023-11-14T22:13:21.005Z\""));
	assert_non_null(strstr(json, "\"fields\":{},\"roles\":{},\"events\":[]}"));
	free(json);

	assert_int_equal(store_incident_json(st, 3, &json, &err), CALM_NOTFOUND);
	assert_string_equal(err.msg, "no incident 3");
	assert_null(json);

	assert_int_equal(store_incidents_json(st, INCIDENT_ACTIVE | INCIDENT_CLOSED, &json, &err), CALM_OK);
	assert_true(json_valid(json));
	assert_non_null(strstr(json, "[{\"id\":2,"));
	assert_non_null(strstr(json, "\"events\":0},{\"id\":1,"));
	assert_non_null(strstr(json, "\"events\":2}]"));
	free(json);
	assert_int_equal(store_incidents_json(st, INCIDENT_CLOSED, &json, &err), CALM_OK);
	assert_true(json_valid(json));
	assert_non_null(strstr(json, "[{\"id\":2,"));
	assert_null(strstr(json, "\"id\":1"));
	free(json);
	store_close(st);
	drop_db(path);
	{
		/* an empty list is an empty array */
		path = tmp_db("json-empty");
		st = tb_open(path, 0);
		assert_int_equal(store_incidents_json(st, INCIDENT_ACTIVE, &json, &err), CALM_OK);
		assert_string_equal(json, "[]");
		free(json);
		store_close(st);
		drop_db(path);
	}
}

/* ---- locking, modes ---- */

/* Another writer holds the lock (SQLite: the file's; PostgreSQL: the
 * incident's row) past the busy timeout. */
static void store__busy_after_timeout(void **state)
{
	char *path = tmp_db("busy");
	struct calm_err err = { 0 };
	struct store *st;
	void *hold;
	char want[1200];
	enum calm_rc rc;

	(void)state;
	setenv("CALM_BUSY_TIMEOUT_MS", "200", 1);
	st = tb_open(path, 0);
	unsetenv("CALM_BUSY_TIMEOUT_MS");
	declare(st, "t");
	hold = tb_hold(path, TB_SQL("BEGIN IMMEDIATE",
				    "BEGIN; SELECT id FROM incidents WHERE id = 1 FOR UPDATE"));
	rc = store_begin(st, &err);
	if (tb_pg()) { /* a transaction begins; the incident waits */
		assert_int_equal(rc, CALM_OK);
		rc = store_incident_lock(st, 1, &err);
		snprintf(want, sizeof want,
			 "database '%s' is busy: another writer held the incident longer than 200 ms", path);
		store_rollback(st);
	} else {
		snprintf(want, sizeof want,
			 "database '%s' is busy: another process held the lock longer than 200 ms", path);
	}
	assert_int_equal(rc, CALM_BUSY);
	assert_string_equal(err.msg, want);
	tb_let_go(hold);
	calm_err_clear(&err);
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_incident_lock(st, 1, &err), CALM_OK);
	store_rollback(st);
	store_close(st);
	drop_db(path);
}

static void store__readonly_refuses_writes(void **state)
{
	char *path = tmp_db("readonly");
	struct calm_err err = { 0 };
	struct incident inc;
	struct store *st;
	char want[1200], *before, *after;
	size_t nb, na;

	(void)state;
	st = tb_open(path, 0);
	declare(st, "t");
	store_close(st);
	before = tb_pg() ? raw_text(path, "SELECT count(*) || ' ' || max(ts_ms) FROM events")
			 : read_file(path, &nb);

	st = tb_open(path, STORE_READONLY);
	assert_int_equal(store_incident_get(st, 1, &inc, &err), CALM_OK);
	incident_release(&inc);
	snprintf(want, sizeof want, "database '%s' is open read-only", path);
	assert_int_equal(store_begin(st, &err), CALM_IO);
	assert_string_equal(err.msg, want);
	calm_err_clear(&err);
	assert_int_equal(store_field_set(st, 1, "impact", "x", &err), CALM_IO);
	assert_string_equal(err.msg, want);
	calm_err_clear(&err);
	assert_int_equal(store_check_set(st, 1, "a", true, NULL, &err), CALM_IO);
	assert_string_equal(err.msg, want);
	store_close(st);
	if (tb_pg()) {
		after = raw_text(path, "SELECT count(*) || ' ' || max(ts_ms) FROM events");
		assert_string_equal(after, before);
	} else {
		after = read_file(path, &na);
		assert_int_equal(na, nb);
		assert_memory_equal(after, before, nb);
	}
	free(before);
	free(after);

	/* a database that would need migrating cannot be opened read-only */
	drop_db(path);
	path = tmp_db("readonly-new");
	if (!tb_pg())
		write_file(path, "", 0);
	calm_err_clear(&err);
	st = NULL;
	assert_int_equal(store_open(&st, path, STORE_READONLY, &err), CALM_DATA);
	snprintf(want, sizeof want,
		 "database '%s' has schema version 0 and needs upgrading to %d: open it once without read-only",
		 path, tb_schema_version());
	assert_string_equal(err.msg, want);
	drop_db(path);
}

static void store__mutating_needs_transaction(void **state)
{
	char *path = tmp_db(__func__);
	struct store *st = tb_open(path, 0);
	struct playbook *pb = test_playbook();
	struct event ev = { .incident = 1, .ts_ms = 1, .author = "a", .kind = "note", .text = "x" };
	struct calm_err err = { 0 };
	char want[1200];
	long long id;

	(void)state;
	snprintf(want, sizeof want, "cannot write '%s': no transaction", path);
	assert_int_equal(store_incident_create(st, "t", 1, 1, "a", pb, &id, &err), CALM_IO);
	assert_string_equal(err.msg, want);
	declare(st, "t");
	calm_err_clear(&err);
	assert_int_equal(store_append_event(st, &ev, NULL, NULL, &err), CALM_IO);
	assert_string_equal(err.msg, want);
	calm_err_clear(&err);
	assert_int_equal(store_field_set(st, 1, "impact", "x", &err), CALM_IO);
	assert_string_equal(err.msg, want);
	calm_err_clear(&err);
	assert_int_equal(store_incident_set_stage(st, 1, "fix", 1, false, 0, &err), CALM_IO);
	assert_string_equal(err.msg, want);
	calm_err_clear(&err);
	assert_int_equal(store_commit(st, &err), CALM_IO);
	assert_string_equal(err.msg, want);
	playbook_free(pb);
	store_close(st);
	drop_db(path);
}

static void store__data_version_sees_other_writers(void **state)
{
	char *path = tmp_db("data-version");
	struct store *st = tb_open(path, 0);
	struct calm_err err = { 0 };
	long long v1 = 0, v2 = 0, v3 = 0;

	(void)state;
	assert_int_equal(store_data_version(st, &v1, &err), CALM_OK);
	assert_int_equal(store_data_version(st, &v2, &err), CALM_OK);
	assert_int_equal(v1, v2);
	/* another process writes a note (on PostgreSQL its commit notifies,
	 * which arrives a moment later: wait on the live descriptor, 5 s at
	 * most) */
	struct store *other = tb_open(path, 0);
	append(other, declare(other, "x"), "note", "elsewhere", NULL);
	store_close(other);
	for (int waited = 0; waited < 5000; waited += 10) {
		assert_int_equal(store_data_version(st, &v3, &err), CALM_OK);
		if (v3 != v2)
			break;
		assert_true(tb_pg());
		struct pollfd pfd = { .fd = store_live_fd(st, &err), .events = POLLIN };
		assert_true(pfd.fd >= 0);
		poll(&pfd, 1, 10);
	}
	assert_true(v3 != v2);
	assert_int_equal(store_live_fd(st, &err) >= 0, tb_pg());
	store_close(st);
	drop_db(path);
}

static void store__integrity_after_writes(void **state)
{
	char *path = tmp_db("integrity");
	struct store *st = chain_db(path);
	struct calm_err err = { 0 };
	struct stat sb;
	char wal[1200];

	(void)state;
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_field_set(st, 1, "impact", "x", &err), CALM_OK);
	assert_int_equal(store_check_set(st, 1, "a", true, NULL, &err), CALM_OK);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	/* the -wal file copies the database's 0600 */
	snprintf(wal, sizeof wal, "%s-wal", path);
	if (!tb_pg()) {
		assert_int_equal(stat(wal, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0600);
	}
	assert_integrity(path);
	store_close(st);
	assert_integrity(path);
	drop_db(path);
}

/* A server's path: a password in it is refused before anything
 * connects; a server that does not answer opens offline and every call
 * says so at once; one that answers without the database refuses. */
static void store__server_paths(void **state)
{
	struct calm_err err = { 0 };
	struct store *st = NULL;
	struct incident inc;
	const char *why = NULL;
	char path[1200], want[4096];

	(void)state;
	snprintf(path, sizeof path, "postgresql://calm:secret@%%2Fnowhere/calm");
	assert_int_equal(store_open(&st, path, 0, &err), CALM_USAGE);
	assert_string_equal(err.msg, "the database URI holds a password: calm never keeps one; put it"
				     " in ~/.pgpass, a service file (service=NAME) or PGPASSWORD");
	calm_err_clear(&err);
	assert_int_equal(store_open(&st, "postgresql:///calm?password=x&host=/nowhere", 0, &err),
			 CALM_USAGE);

	calm_err_clear(&err);
	snprintf(path, sizeof path, "postgresql:///calm?host=%s/no-server-%ld", tb_tmp_dir(),
		 (long)getpid());
	assert_int_equal(store_open(&st, path, 0, &err), CALM_OK);
	assert_true(store_offline(st, &why));
	assert_non_null(strstr(why, "No such file or directory"));
	assert_int_equal(store_incident_get(st, 1, &inc, &err), CALM_OFFLINE);
	snprintf(want, sizeof want, "server unreachable: %s", why);
	assert_string_equal(err.msg, want);
	calm_err_clear(&err);
	assert_int_equal(store_begin(st, &err), CALM_OFFLINE);
	assert_int_equal(store_reconnect(st, &err), CALM_OK); /* tried; still not there */
	assert_true(store_offline(st, NULL));
	assert_int_equal(store_live_fd(st, &err), -1);
	store_close(st);

	calm_err_clear(&err);
	snprintf(path, sizeof path, "postgresql:///no_such_db?host=%s&user=calm", tb_pg_dir());
	assert_int_equal(store_open(&st, path, 0, &err), CALM_IO);
	snprintf(want, sizeof want,
		 "cannot open database '%s': connection to server on socket \"%s/.s.PGSQL.5432\" failed:"
		 " FATAL:  database \"no_such_db\" does not exist", path, tb_pg_dir());
	assert_string_equal(err.msg, want);
}

/* Tests of a SQLite file as a file. */
static const struct CMUnitTest file_tests[] = {
	cmocka_unit_test(store__open_creates_0600_wal),
	cmocka_unit_test(store__refuses_not_a_database),
	cmocka_unit_test(store__opens_empty_file_as_new),
	cmocka_unit_test(store__refuses_bad_paths),
	cmocka_unit_test(store__schema_is_untrusted),
};

/* Tests of either engine. */
static const struct CMUnitTest tests[] = {
	cmocka_unit_test(store__reopen_keeps_data),
	cmocka_unit_test(store__refuses_newer_schema),
	cmocka_unit_test(store__refuses_other_sqlite_database),
	cmocka_unit_test(store__survives_closed_stdin),
	cmocka_unit_test(store__migrates_from_empty),
	cmocka_unit_test(store__incident_create_copies_checklist),
	cmocka_unit_test(store__incident_updates),
	cmocka_unit_test(store__rollback_discards),
	cmocka_unit_test(store__incident_each_pages),
	cmocka_unit_test(store__check_set),
	cmocka_unit_test(store__callbacks_may_reenter),
	cmocka_unit_test(store__fields),
	cmocka_unit_test(store__events_page_keyset),
	cmocka_unit_test(store__counts),
	cmocka_unit_test(store__hash_format_is_pinned),
	cmocka_unit_test(store__verify_intact),
	cmocka_unit_test(store__verify_detects_edits),
	cmocka_unit_test(store__verify_detects_removal_and_moves),
	cmocka_unit_test(store__timeline_is_append_only),
	cmocka_unit_test(store__json_output),
	cmocka_unit_test(store__busy_after_timeout),
	cmocka_unit_test(store__readonly_refuses_writes),
	cmocka_unit_test(store__mutating_needs_transaction),
	cmocka_unit_test(store__data_version_sees_other_writers),
	cmocka_unit_test(store__integrity_after_writes),
};

/* Tests of a server only. */
static const struct CMUnitTest server_tests[] = {
	cmocka_unit_test(store__server_paths),
};

int main(void)
{
	int failed = tb_run_on(false, "store (files)", file_tests,
			       sizeof file_tests / sizeof file_tests[0]);

	failed += tb_run_on(true, "store (servers)", server_tests,
			    sizeof server_tests / sizeof server_tests[0]);
	return failed + tb_run("store", tests, sizeof tests / sizeof tests[0]);
}
