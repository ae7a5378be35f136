/*
 * backend.c - the store's tests on both engines (backend.h).
 */
#include "backend.h"

#include <errno.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calm/buf.h"
#include "calm/store.h"

static bool on_pg;
static char pg_dir[1024];
static char own_state[256]; /* a server this process started, to stop */
static int fresh_count;

bool tb_pg(void)
{
	return on_pg;
}

int tb_schema_version(void)
{
	return on_pg ? 5 : STORE_SCHEMA_VERSION; /* PG_SCHEMA_VERSION (pg-int.h) */
}

const char *tb_tmp_dir(void)
{
	const char *d = getenv("CALM_TEST_TMP");

	if (!d || !*d)
		d = "/tmp/calm-test";
	if (mkdir(d, 0700) != 0 && errno != EEXIST)
		fail_msg("cannot make %s: %s", d, strerror(errno));
	return d;
}

static void stop_own(void)
{
	char cmd[2048];

	if (!own_state[0])
		return;
	snprintf(cmd, sizeof cmd, "bash '%s/tests/pg/server.sh' stop '%s' >/dev/null 2>&1",
		 getenv("CALM_SOURCE_DIR"), own_state);
	if (system(cmd) != 0)
		fprintf(stderr, "backend: could not stop the test's PostgreSQL\n");
}

/* The socket directory from a state file; false when none. */
static bool read_state(const char *state)
{
	FILE *f = fopen(state, "r");
	bool ok;

	if (!f)
		return false;
	ok = fgets(pg_dir, sizeof pg_dir, f) != NULL;
	fclose(f);
	pg_dir[strcspn(pg_dir, "\n")] = '\0';
	return ok && pg_dir[0];
}

const char *tb_pg_dir(void)
{
	const char *state = getenv("CALM_TEST_PG_STATE"), *src = getenv("CALM_SOURCE_DIR");
	char cmd[2048];

	if (pg_dir[0])
		return pg_dir;
	if (state && read_state(state))
		return pg_dir;
	if (!src)
		fail_msg("no PostgreSQL: set CALM_TEST_PG_STATE, or CALM_SOURCE_DIR to start one");
	snprintf(own_state, sizeof own_state, "/tmp/calm-unit-pg-%ld.state", (long)getpid());
	snprintf(cmd, sizeof cmd, "bash '%s/tests/pg/server.sh' start '%s' >/dev/null", src, own_state);
	if (system(cmd) != 0 || !read_state(own_state))
		fail_msg("could not start PostgreSQL (tests/pg/server.sh)");
	atexit(stop_own);
	return pg_dir;
}

/* A connection to database db as user, or the test fails. */
static PGconn *pg_conn(const char *db, const char *user)
{
	const char *kw[] = { "host", "user", "dbname", NULL };
	const char *val[] = { tb_pg_dir(), user, db, NULL };
	PGconn *c = PQconnectdbParams(kw, val, 0);

	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("cannot connect to %s: %s", db, PQerrorMessage(c));
	PQclear(PQexec(c, "SET client_min_messages = warning"));
	return c;
}

/* The database name of a URI tb_fresh made. */
static char *db_name(const char *uri)
{
	const char *p = strstr(uri, ":///"), *q;

	if (!p)
		fail_msg("not a test URI: %s", uri);
	p += 4;
	q = strchr(p, '?');
	return xstrndup(p, q ? (size_t)(q - p) : strlen(p));
}

static void unlink_db(const char *path)
{
	char side[4096];

	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	unlink(path);
}

struct store *tb_open(const char *path, unsigned flags)
{
	struct calm_err err = { 0 };
	struct store *st = NULL;

	if (store_open(&st, path, flags, &err) != CALM_OK)
		fail_msg("store_open: %s", err.msg);
	return st;
}

char *tb_lite(const char *name)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s/lite-%ld-%s.db", tb_tmp_dir(), (long)getpid(), name);
	unlink_db(b.s);
	return buf_detach(&b);
}

void tb_lite_drop(char *path)
{
	unlink_db(path);
	free(path);
}

char *tb_fixture(const char *name)
{
	const char *src = getenv("CALM_SOURCE_DIR");
	char *path = tb_lite(name), from[4096], buf[8192];
	FILE *in, *out;
	size_t n;

	snprintf(from, sizeof from, "%s/tests/cli/data/%s.db", src ? src : ".", name);
	in = fopen(from, "rb");
	if (!in)
		fail_msg("cannot read %s: %s", from, strerror(errno));
	out = fopen(path, "wb");
	if (!out)
		fail_msg("cannot write %s: %s", path, strerror(errno));
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
	return path;
}

char *tb_fresh(const char *name)
{
	struct buf b = BUF_INIT;
	char sql[256];
	PGconn *c;
	PGresult *r;

	if (!on_pg) {
		buf_addf(&b, "%s/store-%ld-%s.db", tb_tmp_dir(), (long)getpid(), name);
		unlink_db(b.s);
		return buf_detach(&b);
	}
	snprintf(sql, sizeof sql, "CREATE DATABASE t%ld_%d OWNER calm", (long)getpid(), ++fresh_count);
	c = pg_conn("postgres", "postgres");
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	buf_addf(&b, "postgresql:///t%ld_%d?host=%s&user=calm", (long)getpid(), fresh_count,
		 tb_pg_dir());
	return buf_detach(&b);
}

void tb_drop(char *path)
{
	char sql[256], *db;
	PGconn *c;

	if (!on_pg) {
		tb_lite_drop(path);
		return;
	}
	db = db_name(path);
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", db);
	c = pg_conn("postgres", "postgres");
	PQclear(PQexec(c, sql));
	PQfinish(c);
	free(db);
	free(path);
}

char *tb_as(const char *path, const char *user)
{
	struct buf b = BUF_INIT;
	char *db = db_name(path);

	buf_addf(&b, "postgresql:///%s?host=%s&user=%s", db, tb_pg_dir(), user);
	free(db);
	return buf_detach(&b);
}

char *tb_try(const char *path, const char *sql)
{
	char *msg = NULL, *out = NULL;

	if (!on_pg) {
		sqlite3 *db = NULL;

		if (sqlite3_open(path, &db) != SQLITE_OK)
			fail_msg("cannot open %s", path);
		sqlite3_busy_timeout(db, 2000);
		if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
			out = xstrdup(msg ? msg : "failed");
		sqlite3_free(msg);
		sqlite3_close(db);
		return out;
	}
	char *name = db_name(path);
	PGconn *c = pg_conn(name, "postgres");
	PGresult *r = PQexec(c, sql);

	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		out = xstrdup(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
			      ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : "failed");
	PQclear(r);
	PQfinish(c);
	free(name);
	return out;
}

void *tb_hold(const char *path, const char *sql)
{
	if (!on_pg) {
		sqlite3 *db = NULL;

		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
			fail_msg("%s: %s", sql, sqlite3_errmsg(db));
		return db;
	}
	char *name = db_name(path);
	PGconn *c = pg_conn(name, "postgres");
	PGresult *r = PQexec(c, sql);

	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	free(name);
	return c;
}

void tb_let_go(void *hold)
{
	if (!on_pg) {
		sqlite3_exec(hold, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(hold);
		return;
	}
	PQfinish(hold);
}

void tb_exec(const char *path, const char *sql)
{
	char *msg = tb_try(path, sql);

	if (msg)
		fail_msg("raw sql failed: %s: %s", sql, msg);
}

char *tb_text(const char *path, const char *sql)
{
	char *s = NULL;

	if (!on_pg) {
		sqlite3_stmt *stmt = NULL;
		sqlite3 *db = NULL;

		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
			fail_msg("%s: %s", sql, sqlite3_errmsg(db));
		assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
		s = xstrdup(sqlite3_column_text(stmt, 0) ? (const char *)sqlite3_column_text(stmt, 0) : "");
		sqlite3_finalize(stmt);
		sqlite3_close(db);
		return s;
	}
	char *name = db_name(path);
	PGconn *c = pg_conn(name, "postgres");
	PGresult *r = PQexec(c, sql);

	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1)
		fail_msg("%s: %s", sql, PQerrorMessage(c));
	s = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	PQfinish(c);
	free(name);
	return s;
}

long long tb_int(const char *path, const char *sql)
{
	char *s = tb_text(path, sql);
	long long v = strtoll(s, NULL, 10);

	free(s);
	return v;
}

void tb_integrity(const char *path)
{
	char *s;

	if (!on_pg) {
		s = tb_text(path, "PRAGMA integrity_check");
		assert_string_equal(s, "ok");
		free(s);
		assert_int_equal(tb_int(path, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
		return;
	}
	assert_int_equal(tb_int(path,
		"SELECT (SELECT count(*) FROM events e WHERE NOT EXISTS"
		"  (SELECT 1 FROM incidents i WHERE i.id = e.incident_id))"
		" + (SELECT count(*) FROM incidents i WHERE i.last_event IS NOT NULL AND NOT EXISTS"
		"  (SELECT 1 FROM events e WHERE e.id = i.last_event AND e.incident_id = i.id))"
		" + (SELECT count(*) FROM search s WHERE NOT EXISTS"
		"  (SELECT 1 FROM events e WHERE e.id = s.event_id))"), 0);
}

int tb_run_on(bool pg, const char *name, const struct CMUnitTest *tests, size_t n)
{
	char full[256];

	on_pg = pg;
	if (pg)
		tb_pg_dir();
	snprintf(full, sizeof full, "%s on %s", name, pg ? "postgresql" : "sqlite");
	return _cmocka_run_group_tests(full, tests, n, NULL, NULL);
}

int tb_run(const char *name, const struct CMUnitTest *tests, size_t n)
{
	int failed = tb_run_on(false, name, tests, n);

	return failed + tb_run_on(true, name, tests, n);
}
