/*
 * test-store-file.c - the file behind a store handle (src/store/file.c,
 * peek.c): a file refused before SQLite touches it is left byte for byte
 * (its -wal and -shm too), no write is acknowledged into a file that was
 * deleted or replaced, a deleted file can be restored from the handle,
 * a read-only open leaves nothing beside the database (all on SQLite
 * files), and a read transaction sees one snapshot (on both engines).
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
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "calm/buf.h"
#include "calm/store.h"
#include "backend.h"

static char *side(const char *path, const char *suffix)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s%s", path, suffix);
	return buf_detach(&b);
}

static void unlink_all(const char *path)
{
	char *w = side(path, "-wal"), *s = side(path, "-shm");

	unlink(w);
	unlink(s);
	unlink(path);
	free(w);
	free(s);
}

static char *tmp_db(const char *name)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s/file-%ld-%s.db", tb_tmp_dir(), (long)getpid(), name);
	unlink_all(b.s);
	return buf_detach(&b);
}

static void drop_db(char *path)
{
	unlink_all(path);
	free(path);
}

static bool exists(const char *path, const char *suffix)
{
	char *p = side(path, suffix);
	struct stat sb;
	bool yes = stat(p, &sb) == 0;

	free(p);
	return yes;
}

/* The file's bytes (NULL and *len 0 when missing). */
static char *slurp(const char *path, const char *suffix, size_t *len)
{
	char *p = side(path, suffix), chunk[4096];
	struct buf b = BUF_INIT;
	FILE *f = fopen(p, "rb");
	size_t n;

	free(p);
	*len = 0;
	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return b.s ? buf_detach(&b) : xstrdup("");
}

static struct playbook *tiny_playbook(void)
{
	struct playbook *pb = xcalloc(1, sizeof *pb);

	pb->name = xstrdup("tiny");
	pb->nstages = 1;
	pb->stages = xcalloc(1, sizeof *pb->stages);
	pb->stages[0].id = xstrdup("only");
	pb->stages[0].title = xstrdup("Only");
	pb->stages[0].audience = -1;
	return pb;
}

static long long declare(struct store *st, const char *title)
{
	struct playbook *pb = tiny_playbook();
	struct calm_err err = { 0 };
	long long id = 0;

	assert_int_equal(store_begin(st, &err), CALM_OK);
	if (store_incident_create(st, title, 2, 1700000000000LL, "alice", pb, &id, &err))
		fail_msg("create: %s", err.msg);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	playbook_free(pb);
	return id;
}

/* Append a note in its own transaction; the commit's code. */
static enum calm_rc note(struct store *st, long long id, const char *text,
			 struct calm_err *err)
{
	struct event ev = { .incident = id, .ts_ms = 1700000000001LL,
			    .author = "bob", .kind = "note", .text = text };
	enum calm_rc rc = store_begin(st, err);

	if (rc == CALM_OK)
		rc = store_append_event(st, &ev, NULL, NULL, err);
	if (rc == CALM_OK)
		return store_commit(st, err);
	store_rollback(st);
	return rc;
}

static long long count(struct store *st, long long id)
{
	struct incident_counts c;
	struct calm_err err = { 0 };

	assert_int_equal(store_incident_counts(st, id, &c, &err), CALM_OK);
	return c.notes;
}

/* A raw connection that leaves its -wal behind on close (a newer calm
 * that still has the database open). */
static void raw_keep_wal(const char *path, const char *sql)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void store__newer_schema_in_wal_left_as_is(void **state)
{
	static const char *const sides[] = { "", "-wal", "-shm" };
	char *path = tmp_db("newer-wal"), *before[3], *after[3];
	struct calm_err err = { 0 };
	struct store *st = NULL;
	size_t nb[3], na[3];
	char want[1200];

	(void)state;
	st = tb_open(path, 0);
	declare(st, "x");
	store_close(st);
	raw_keep_wal(path, "PRAGMA user_version = 99");
	assert_true(exists(path, "-wal") && exists(path, "-shm"));
	for (int i = 0; i < 3; i++)
		before[i] = slurp(path, sides[i], &nb[i]);
	for (unsigned flags = 0; flags <= STORE_READONLY; flags += STORE_READONLY) {
		calm_err_clear(&err);
		assert_int_equal(store_open(&st, path, flags, &err), CALM_DATA);
		snprintf(want, sizeof want,
			 "database '%s' has schema version 99; this calm knows up to %d: upgrade calm",
			 path, STORE_SCHEMA_VERSION);
		assert_string_equal(err.msg, want);
		for (int i = 0; i < 3; i++) {
			after[i] = slurp(path, sides[i], &na[i]);
			assert_non_null(after[i]);
			assert_int_equal(na[i], nb[i]);
			assert_memory_equal(after[i], before[i], nb[i]);
			free(after[i]);
		}
	}
	for (int i = 0; i < 3; i++)
		free(before[i]);
	drop_db(path);
}

static void store__foreign_database_in_wal_left_as_is(void **state)
{
	char *path = tmp_db("foreign-wal"), *before, *after;
	struct calm_err err = { 0 };
	struct store *st = NULL;
	size_t nb, na;

	(void)state;
	raw_keep_wal(path, "PRAGMA journal_mode=WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1)");
	before = slurp(path, "-wal", &nb);
	assert_true(nb > 0);
	assert_int_equal(store_open(&st, path, 0, &err), CALM_DATA);
	assert_non_null(strstr(err.msg, "is not a calm database"));
	after = slurp(path, "-wal", &na);
	assert_int_equal(na, nb);
	assert_memory_equal(after, before, nb);
	free(before);
	free(after);
	drop_db(path);
}

static void store__no_write_acknowledged_into_deleted_file(void **state)
{
	char *path = tmp_db("deleted"), want[1300];
	struct calm_err err = { 0 };
	struct store *st;
	long long id;

	(void)state;
	st = tb_open(path, 0);
	id = declare(st, "about to vanish");
	assert_int_equal(note(st, id, "before", &err), CALM_OK);
	assert_int_equal(store_same_file(st, &err), CALM_OK);
	unlink_all(path);
	assert_int_equal(store_same_file(st, &err), CALM_IO);
	snprintf(want, sizeof want,
		 "database '%s' was deleted or replaced while calm had it open", path);
	assert_string_equal(err.msg, want);
	calm_err_clear(&err);
	assert_int_equal(note(st, id, "after", &err), CALM_IO);
	snprintf(want, sizeof want,
		 "database '%s' was deleted or replaced while calm had it open: nothing was saved",
		 path);
	assert_string_equal(err.msg, want);
	assert_int_equal(count(st, id), 1); /* rolled back, even in the old file */
	store_close(st);
	drop_db(path);
}

static void store__no_write_acknowledged_into_replaced_file(void **state)
{
	char *path = tmp_db("replaced"), *other = tmp_db("replacement");
	struct calm_err err = { 0 };
	struct store *st, *st2;
	long long id;

	(void)state;
	st = tb_open(path, 0);
	id = declare(st, "to be replaced");
	st2 = tb_open(other, 0);
	declare(st2, "the replacement");
	store_close(st2);
	assert_int_equal(rename(other, path), 0);
	assert_int_equal(note(st, id, "after", &err), CALM_IO);
	assert_non_null(strstr(err.msg, "was deleted or replaced while calm had it open"));
	store_close(st);
	drop_db(path);
	drop_db(other);
}

static void store__restore_writes_the_held_database_back(void **state)
{
	char *path = tmp_db("restore");
	struct calm_err err = { 0 };
	struct incident inc;
	struct store *st, *st2;
	long long id;

	(void)state;
	st = tb_open(path, 0);
	id = declare(st, "rescued");
	assert_int_equal(note(st, id, "one", &err), CALM_OK);
	unlink_all(path);
	assert_int_equal(note(st, id, "two", &err), CALM_IO);
	calm_err_clear(&err);
	/* nothing at the path: restored there, and writes work again */
	assert_int_equal(store_restore(st, &err), CALM_OK);
	assert_int_equal(store_same_file(st, &err), CALM_OK);
	assert_int_equal(note(st, id, "two", &err), CALM_OK);
	store_close(st);
	st = tb_open(path, 0);
	assert_int_equal(store_incident_get(st, id, &inc, &err), CALM_OK);
	assert_string_equal(inc.title, "rescued");
	incident_release(&inc);
	assert_int_equal(count(st, id), 2);
	/* a fresh, empty calm database at the path: restored into it */
	unlink_all(path);
	st2 = tb_open(path, 0);
	store_close(st2);
	assert_int_equal(store_restore(st, &err), CALM_OK);
	assert_int_equal(count(st, id), 2);
	/* this database, put back by someone else: reopened, nothing written */
	st2 = tb_open(path, 0);
	assert_int_equal(note(st2, id, "three", &err), CALM_OK);
	store_close(st2);
	assert_int_equal(store_restore(st, &err), CALM_OK);
	assert_int_equal(count(st, id), 3);
	/* another database with incidents: never overwritten */
	unlink_all(path);
	st2 = tb_open(path, 0);
	declare(st2, "someone else's");
	store_close(st2);
	assert_int_equal(store_restore(st, &err), CALM_DATA);
	assert_non_null(strstr(err.msg, "now holds another database with incidents: not overwritten"));
	st2 = tb_open(path, 0);
	assert_int_equal(store_incident_get(st2, 1, &inc, &err), CALM_OK);
	assert_string_equal(inc.title, "someone else's");
	incident_release(&inc);
	store_close(st2);
	store_close(st);
	drop_db(path);
}

static void store__readonly_leaves_nothing_beside(void **state)
{
	char *path = tmp_db("ro-clean");
	struct calm_err err = { 0 };
	struct store *st;
	long long id;

	(void)state;
	st = tb_open(path, 0);
	id = declare(st, "closed cleanly");
	store_close(st);
	assert_false(exists(path, "-wal"));
	st = tb_open(path, STORE_READONLY);
	assert_int_equal(count(st, id), 0);
	assert_int_equal(note(st, id, "no", &err), CALM_IO);
	store_close(st);
	assert_false(exists(path, "-wal"));
	assert_false(exists(path, "-shm"));
	/* with a -wal: the rows in it are seen, from a private copy */
	raw_keep_wal(path, "INSERT INTO events (incident_id, ts_ms, author, kind, text, hash)"
			   " VALUES (1, 1, 'x', 'note', 'in the wal', zeroblob(32))");
	{
		char *shm = side(path, "-shm");

		unlink(shm);
		free(shm);
	}
	st = tb_open(path, STORE_READONLY);
	assert_int_equal(count(st, id), 1);
	store_close(st);
	assert_false(exists(path, "-shm"));
	drop_db(path);
}

static void store__read_transaction_is_one_snapshot(void **state)
{
	char *path = tb_fresh("snapshot");
	struct calm_err err = { 0 };
	struct store *reader, *writer;
	long long id;

	(void)state;
	writer = tb_open(path, 0);
	id = declare(writer, "busy");
	reader = tb_open(path, 0);
	assert_int_equal(store_read_begin(reader, &err), CALM_OK);
	assert_int_equal(count(reader, id), 0);
	assert_int_equal(note(writer, id, "meanwhile", &err), CALM_OK);
	assert_int_equal(count(reader, id), 0);
	store_read_end(reader);
	assert_int_equal(count(reader, id), 1);
	store_close(reader);
	store_close(writer);
	tb_drop(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(store__newer_schema_in_wal_left_as_is),
		cmocka_unit_test(store__foreign_database_in_wal_left_as_is),
		cmocka_unit_test(store__no_write_acknowledged_into_deleted_file),
		cmocka_unit_test(store__no_write_acknowledged_into_replaced_file),
		cmocka_unit_test(store__restore_writes_the_held_database_back),
		cmocka_unit_test(store__readonly_leaves_nothing_beside),
	};
	const struct CMUnitTest both[] = {
		cmocka_unit_test(store__read_transaction_is_one_snapshot),
	};
	int failed = tb_run_on(false, "store files", tests, sizeof tests / sizeof tests[0]);

	return failed + tb_run("store snapshot", both, 1);
}
