/*
 * backend.h - the store's tests run against both engines (a helper of
 * the unit tests, not a test itself).
 *
 * tb_run() runs a group of cmocka tests once on SQLite and once on the
 * real PostgreSQL 15 the suite started (tests/pg/server.sh, found
 * through CALM_TEST_PG_STATE; run alone, the test starts one of its own
 * and stops it at exit).  Inside a test, tb_pg() says which; tb_fresh()
 * gives a new empty database of that engine (a file under
 * $CALM_TEST_TMP, or a fresh PostgreSQL database) and tb_drop() removes
 * it; tb_exec(), tb_text() and tb_int() speak raw SQL to it as someone
 * with the engine's own shell would (sqlite3; psql as the superuser,
 * which may switch the append-only triggers off with
 * "SET session_replication_role = replica"), and TB_SQL(lite, pg)
 * picks the statement for the engine at hand.
 */
#ifndef CALM_TEST_BACKEND_H
#define CALM_TEST_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

/* Run tests on SQLite, then on PostgreSQL; the number failed. */
int tb_run(const char *name, const struct CMUnitTest *tests, size_t n);

/* Run tests on one engine only (pg true: PostgreSQL). */
int tb_run_on(bool pg, const char *name, const struct CMUnitTest *tests, size_t n);

/* Whether the test runs on PostgreSQL. */
bool tb_pg(void);

/* The statement for the engine at hand. */
#define TB_SQL(lite, pg) (tb_pg() ? (pg) : (lite))

struct store;

/* store_open(path, flags), or the test fails with the store's words. */
struct store *tb_open(const char *path, unsigned flags);

/* A new empty database (malloc'd path or URI); tb_drop() removes it
 * and frees the path. */
char *tb_fresh(const char *name);
void tb_drop(char *path);

/* Raw SQL as the engine's shell would run it; tb_exec fails the test on
 * an error, tb_try returns the error text (malloc'd) or NULL. */
void tb_exec(const char *path, const char *sql);
char *tb_try(const char *path, const char *sql);
char *tb_text(const char *path, const char *sql);
long long tb_int(const char *path, const char *sql);

/* Another connection running sql (SQLite: "BEGIN IMMEDIATE" and the
 * like) and holding what it took until tb_let_go(). */
void *tb_hold(const char *path, const char *sql);
void tb_let_go(void *hold);

/* The schema version the engine's store writes. */
int tb_schema_version(void);

/* A URI of the same database as path, connecting as user (PostgreSQL). */
char *tb_as(const char *path, const char *user);

/* Rows consistent: SQLite's integrity and foreign key checks; on
 * PostgreSQL, no row points at an incident or event not there. */
void tb_integrity(const char *path);

/* The tests' scratch directory ($CALM_TEST_TMP, else /tmp/calm-test),
 * made if missing. */
const char *tb_tmp_dir(void);

/* A fresh SQLite file whatever the engine at hand (malloc'd path, no
 * file, -wal or -shm there); tb_lite_drop() removes them and frees it. */
char *tb_lite(const char *name);
void tb_lite_drop(char *path);

/* A copy of tests/cli/data/NAME.db (a database an earlier calm made) in
 * a fresh SQLite file, as tb_lite(). */
char *tb_fixture(const char *name);

/* The directory of the suite's PostgreSQL (its socket). */
const char *tb_pg_dir(void);

#endif
