/*
 * test-store-queue.c - the journal's bound in the local queue file
 * (src/store/queue.c): store_queue_trim keeps the newest acknowledged
 * writes of one server by count and by bytes of words, whatever their
 * age, and never touches a write still queued, one refused, or another
 * server's.  A queued stage move keeps the stage it was made from, and
 * the view keeps one stage per server and incident.  The journal is
 * read back only where another run of the server acknowledged it; a
 * write put is there for the next process even when its own died
 * before closing the file (the WAL is not checkpointed on close), and
 * the WAL a close leaves stays small.  A write keeps what it changes
 * (kind, incident, item, value), and a file of the version before is
 * migrated in place, its rows kept with none.  Opening a current file
 * reads its version once; a command's writes set synchronous once (FULL
 * for a queued write, NORMAL for the journal); a deferred checkpoint is
 * made on the handle kept from the close, never a reopened one.
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
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "calm/buf.h"
#include "calm/queue.h"

static char *tmp_queue(const char *name)
{
	const char *d = getenv("CALM_TEST_TMP");
	struct buf b = BUF_INIT;

	if (!d || !*d)
		d = "/tmp/calm-test";
	if (mkdir(d, 0700) != 0 && errno != EEXIST)
		fail_msg("cannot make %s: %s", d, strerror(errno));
	buf_addf(&b, "%s/%s-%ld.db", d, name, (long)getpid());
	unlink(buf_cstr(&b));
	return buf_detach(&b);
}

/* Remove the queue file at path and the WAL and index SQLite keeps
 * beside it. */
static void remove_queue(char *path)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s-wal", path);
	unlink(buf_cstr(&b));
	buf_reset(&b);
	buf_addf(&b, "%s-shm", path);
	unlink(buf_cstr(&b));
	buf_release(&b);
	unlink(path);
	free(path);
}

/* Put one write: sent or queued, its words n bytes, put at kept_ms. */
static void put(struct store_queue *q, const char *server, const char *uid, bool sent,
		size_t n, long long kept_ms)
{
	struct calm_err err = { 0 };
	char *words = malloc(n);
	struct queued w = { .server = server, .uid = uid, .ts_ms = kept_ms, .author = "alice",
			    .args = words, .args_len = n, .sent = sent, .kept_ms = kept_ms,
			    .instance = sent ? "run 1" : NULL };

	memset(words, 'x', n);
	words[n - 1] = '\0';
	assert_int_equal(store_queue_put(q, &w, &err), CALM_OK);
	free(words);
}

struct uids {
	struct buf b;
};

static int take_uid(const struct queued *w, void *ctx)
{
	struct uids *u = ctx;

	buf_addf(&u->b, "%s%s", u->b.len ? " " : "", w->uid);
	return 0;
}

/* The uids of server's journal, oldest first. */
static char *journal(struct store_queue *q, const char *server)
{
	struct uids u = { BUF_INIT };
	struct calm_err err = { 0 };

	assert_int_equal(store_queue_sent(q, server, NULL, take_uid, &u, &err), CALM_OK);
	buf_addc(&u.b, '\0');
	return buf_detach(&u.b);
}

static void store_queue__trim_keeps_the_newest_however_old(void **state)
{
	char *path = tmp_queue("trim"), *j;
	struct store_queue *q = NULL;
	struct calm_err err = { 0 };
	long long queued = 0, refused = 0;

	(void)state;
	assert_int_equal(store_queue_open(&q, path, &err), CALM_OK);
	put(q, "db1", "a", true, 10, 1);          /* a day older than the rest */
	put(q, "db1", "b", true, 10, 86400001);
	put(q, "db1", "wait", false, 10, 86400002); /* still queued */
	put(q, "db2", "other", true, 10, 1);
	put(q, "db1", "c", true, 10, 86400003);
	put(q, "db1", "d", true, 10, 86400004);
	/* a bound above what is kept: nothing leaves, the oldest included */
	assert_int_equal(store_queue_trim(q, "db1", 4, 1 << 20, &err), CALM_OK);
	j = journal(q, "db1");
	assert_string_equal(j, "a b c d");
	free(j);
	/* by count: the newest three */
	assert_int_equal(store_queue_trim(q, "db1", 3, 1 << 20, &err), CALM_OK);
	j = journal(q, "db1");
	assert_string_equal(j, "b c d");
	free(j);
	/* by bytes: 25 holds the newest two of 10 each */
	assert_int_equal(store_queue_trim(q, "db1", 3, 25, &err), CALM_OK);
	j = journal(q, "db1");
	assert_string_equal(j, "c d");
	free(j);
	/* the queued write and another server's journal are untouched */
	j = journal(q, "db2");
	assert_string_equal(j, "other");
	free(j);
	assert_int_equal(store_queue_count(q, "db1", &queued, &refused, NULL, &err), CALM_OK);
	assert_int_equal(queued, 1);
	store_queue_close(q);
	remove_queue(path);
}

static int take_stage(const struct queued *w, void *ctx)
{
	snprintf(ctx, 32, "%s", w->stage ? w->stage : "(none)");
	return 1;
}

static void store_queue__keeps_a_moves_stage_and_the_view(void **state)
{
	struct calm_err err = { 0 };
	struct store_queue *q = NULL;
	char *path = tmp_queue("view"), got[32] = "", *stage = NULL;
	bool found = false;
	struct queued w = { .server = "db1", .uid = "u1", .author = "alice", .args = "advance",
			    .args_len = 8, .stage = "triage" };

	(void)state;
	assert_int_equal(store_queue_open(&q, path, &err), CALM_OK);
	assert_int_equal(store_queue_put(q, &w, &err), CALM_OK);
	assert_int_equal(store_queue_first(q, "db1", take_stage, got, &found, &err), CALM_OK);
	assert_true(found);
	assert_string_equal(got, "triage");

	assert_int_equal(store_queue_view_get(q, "db1", 7, &stage, &err), CALM_OK);
	assert_null(stage);
	assert_int_equal(store_queue_view_set(q, "db1", 7, "triage", &err), CALM_OK);
	assert_int_equal(store_queue_view_set(q, "db1", 7, "fix", &err), CALM_OK);
	assert_int_equal(store_queue_view_set(q, "db2", 7, "close", &err), CALM_OK);
	assert_int_equal(store_queue_view_get(q, "db1", 7, &stage, &err), CALM_OK);
	assert_string_equal(stage, "fix");
	free(stage);
	store_queue_close(q);

	/* opened again: the migrated file is opened as it is */
	assert_int_equal(store_queue_open(&q, path, &err), CALM_OK);
	assert_int_equal(store_queue_view_get(q, "db2", 7, &stage, &err), CALM_OK);
	assert_string_equal(stage, "close");
	free(stage);
	store_queue_close(q);
	remove_queue(path);
}

/* Put a journal row stamped with instance (NULL: none). */
static void put_stamped(struct store_queue *q, const char *uid, const char *instance)
{
	struct calm_err err = { 0 };
	struct queued w = { .server = "db1", .uid = uid, .author = "alice", .args = "log",
			    .args_len = 4, .sent = true, .instance = instance };

	assert_int_equal(store_queue_put(q, &w, &err), CALM_OK);
}

static void store_queue__reads_back_what_another_run_acknowledged(void **state)
{
	char *path = tmp_queue("runs");
	struct store_queue *q = NULL;
	struct uids u = { BUF_INIT };
	struct calm_err err = { 0 };

	(void)state;
	assert_int_equal(store_queue_open(&q, path, &err), CALM_OK);
	put_stamped(q, "a", "run 1");
	put_stamped(q, "b", "run 2");
	put_stamped(q, "c", NULL);
	put_stamped(q, "d", "");
	put_stamped(q, "e", "run 2");
	assert_int_equal(store_queue_sent(q, "db1", "run 2", take_uid, &u, &err), CALM_OK);
	buf_addc(&u.b, '\0');
	assert_string_equal(u.b.s, "a c d");
	buf_release(&u.b);
	store_queue_close(q);
	remove_queue(path);
}

/* The -wal beside path: its size, -1 when there is none. */
static long long wal_size(const char *path)
{
	struct buf b = BUF_INIT;
	struct stat sb;
	long long size;

	buf_addf(&b, "%s-wal", path);
	size = stat(buf_cstr(&b), &sb) == 0 ? (long long)sb.st_size : -1;
	buf_release(&b);
	return size;
}

static void store_queue__a_put_outlives_its_process_and_the_wal_stays_small(void **state)
{
	char *path = tmp_queue("died");
	struct store_queue *q = NULL;
	struct calm_err err = { 0 };
	long long queued = 0, refused = 0, biggest = 0;
	struct buf want = BUF_INIT;
	int status = 0;
	pid_t pid;
	char *j;

	(void)state;
	/* a process that puts one write of each kind and dies without
	 * closing the file (as kill -9 would leave it) */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (store_queue_open(&q, path, &err) != CALM_OK)
			_exit(1);
		put(q, "db1", "acked", true, 10, 1);
		put(q, "db1", "waiting", false, 10, 2);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(store_queue_open(&q, path, &err), CALM_OK);
	j = journal(q, "db1");
	assert_string_equal(j, "acked");
	free(j);
	assert_int_equal(store_queue_count(q, "db1", &queued, &refused, NULL, &err), CALM_OK);
	assert_int_equal(queued, 1);
	store_queue_close(q);

	/* 300 calm processes each journal a write of 1 KiB: the WAL each
	 * close leaves stays under 64 KiB (QUEUE_WAL_MAX), and every write
	 * is in the file */
	for (int i = 0; i < 300; i++) {
		char uid[16];

		snprintf(uid, sizeof uid, "w%d", i);
		assert_int_equal(store_queue_open(&q, path, &err), CALM_OK);
		put(q, "db2", uid, true, 1024, i);
		store_queue_close(q);
		if (wal_size(path) > biggest)
			biggest = wal_size(path);
	}
	assert_true(biggest > 0);
	assert_true(biggest <= 64 * 1024);
	assert_int_equal(store_queue_open(&q, path, &err), CALM_OK);
	assert_int_equal(store_queue_trim(q, "db2", 1000, 1 << 30, &err), CALM_OK);
	j = journal(q, "db2");
	for (int i = 0; i < 300; i++)
		buf_addf(&want, "%sw%d", i ? " " : "", i);
	assert_string_equal(j, buf_cstr(&want));
	buf_release(&want);
	free(j);
	store_queue_close(q);
	remove_queue(path);
}

/* A queue file as version 2 made it, with one write queued. */
static void make_version_2(const char *path)
{
	static const char sql[] =
		"PRAGMA journal_mode=WAL;"
		"CREATE TABLE queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, server TEXT NOT NULL,"
		" uid TEXT NOT NULL UNIQUE, ts_ms INTEGER NOT NULL, author TEXT NOT NULL,"
		" args BLOB NOT NULL, refused TEXT, seen INTEGER NOT NULL DEFAULT 0,"
		" sent INTEGER NOT NULL DEFAULT 0, kept_ms INTEGER NOT NULL DEFAULT 0,"
		" instance TEXT, stage TEXT);"
		"CREATE TABLE view (server TEXT NOT NULL, incident INTEGER NOT NULL,"
		" stage TEXT NOT NULL, PRIMARY KEY (server, incident));"
		"CREATE INDEX queue_waiting ON queue (server, seq) WHERE sent = 0;"
		"INSERT INTO queue (server, uid, ts_ms, author, args)"
		" VALUES ('db1', 'old', 1, 'alice', CAST('check' || char(0) || '1' || char(0) || 'x' AS BLOB));"
		"PRAGMA user_version = 2;";
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* Each waiting write as "uid kind incident item value" lines. */
static int take_what(const struct queued *w, void *ctx)
{
	buf_addf(ctx, "%s %s %lld %s %s\n", w->uid, w->kind ? w->kind : "-", w->incident,
		 w->item ? w->item : "-", w->value ? w->value : "-");
	return 0;
}

static void store_queue__keeps_what_a_write_changes_and_migrates_version_2(void **state)
{
	char *path = tmp_queue("what");
	struct store_queue *q = NULL;
	struct calm_err err = { 0 };
	struct buf got = BUF_INIT;
	struct queued w = { .server = "db1", .uid = "new", .author = "alice", .args = "set",
			    .args_len = 4, .kind = "field", .incident = 7, .item = "impact",
			    .value = "EU cards" };

	(void)state;
	make_version_2(path);
	assert_int_equal(store_queue_open(&q, path, &err), CALM_OK);
	assert_int_equal(store_queue_put(q, &w, &err), CALM_OK);
	assert_int_equal(store_queue_waiting(q, "db1", take_what, &got, &err), CALM_OK);
	assert_string_equal(buf_cstr(&got), "old - 0 - -\nnew field 7 impact EU cards\n");
	store_queue_close(q);
	buf_release(&got);
	remove_queue(path);
}

/* A deferred checkpoint (a keeper's worker answers first): closes that
 * take the WAL over its bound leave it there, and the checkpoint done
 * after truncates it, every write kept. */
static void store_queue__a_deferred_checkpoint_comes_after(void **state)
{
	char *path = tmp_queue("deferred");
	struct store_queue *q = NULL;
	struct calm_err err = { 0 };
	char *j;

	(void)state;
	store_queue_defer_bound();
	for (int i = 0; i < 40; i++) {
		char uid[16];

		snprintf(uid, sizeof uid, "d%d", i);
		assert_int_equal(store_queue_open(&q, path, &err), CALM_OK);
		put(q, "db3", uid, true, 4096, i);
		store_queue_close(q);
	}
	assert_true(wal_size(path) > 64 * 1024);
	store_queue_bound_deferred();
	assert_int_equal(wal_size(path), 0);
	/* and closes checkpoint again as they did */
	for (int i = 40; i < 80; i++) {
		char uid[16];

		snprintf(uid, sizeof uid, "d%d", i);
		assert_int_equal(store_queue_open(&q, path, &err), CALM_OK);
		put(q, "db3", uid, true, 4096, i);
		store_queue_close(q);
		assert_true(wal_size(path) <= 64 * 1024);
	}
	assert_int_equal(store_queue_open(&q, path, &err), CALM_OK);
	j = journal(q, "db3");
	assert_non_null(strstr(j, "d0 d1 d2"));
	assert_non_null(strstr(j, "d78 d79"));
	free(j);
	store_queue_close(q);
	remove_queue(path);
}

/* The statements the queue's connections run and how many were opened,
 * traced through SQLite's auto-extension (the store's own SQLite). */
static struct buf traced;
static int opened;
static sqlite3 *last_db;

static int on_statement(unsigned what, void *ctx, void *stmt, void *x)
{
	const char *sql = sqlite3_sql(stmt);

	(void)what;
	(void)ctx;
	(void)x;
	buf_addf(&traced, "%s\n", sql ? sql : "");
	return 0;
}

static int trace_connection(sqlite3 *db, char **msg, const void *api)
{
	(void)msg;
	(void)api;
	opened++;
	last_db = db;
	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, on_statement, NULL);
	return SQLITE_OK;
}

/* How many traced statements since the last reset hold needle. */
static int traced_count(const char *needle)
{
	int n = 0;

	for (const char *p = buf_cstr(&traced); (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* The synchronous level of the last connection opened. */
static int sync_level(void)
{
	sqlite3_stmt *s = NULL;
	int level = -1;

	if (sqlite3_prepare_v2(last_db, "PRAGMA synchronous", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		level = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return level;
}

static void store_queue__opens_reads_and_syncs_once(void **state)
{
	char *path = tmp_queue("once");
	struct store_queue *q = NULL;
	struct calm_err err = { 0 };

	(void)state;
	assert_int_equal(store_queue_open(&q, path, &err), CALM_OK); /* made and migrated */
	store_queue_close(q);
	assert_int_equal(sqlite3_auto_extension((void (*)(void))trace_connection), SQLITE_OK);
	/* a command that writes while the server is up: the journal */
	buf_reset(&traced);
	assert_int_equal(store_queue_open(&q, path, &err), CALM_OK);
	assert_int_equal(traced_count("PRAGMA user_version"), 1);
	assert_int_equal(traced_count("PRAGMA synchronous"), 0);
	put(q, "db4", "j1", true, 100, 1);
	assert_int_equal(store_queue_trim(q, "db4", 1, 1 << 20, &err), CALM_OK);
	put(q, "db4", "j2", true, 100, 2);
	assert_int_equal(store_queue_trim(q, "db4", 1, 1 << 20, &err), CALM_OK);
	assert_int_equal(traced_count("PRAGMA synchronous"), 1);
	assert_int_equal(sync_level(), 1); /* NORMAL */
	store_queue_close(q);
	/* one that queues: FULL, set once */
	buf_reset(&traced);
	assert_int_equal(store_queue_open(&q, path, &err), CALM_OK);
	put(q, "db4", "q1", false, 100, 3);
	assert_int_equal(traced_count("PRAGMA synchronous"), 1);
	assert_int_equal(sync_level(), 2); /* FULL: a queued word is never lost */
	store_queue_close(q);
	/* a deferred checkpoint: on the handle kept from the close */
	store_queue_defer_bound();
	assert_int_equal(store_queue_open(&q, path, &err), CALM_OK);
	for (int i = 0; i < 20; i++) {
		char uid[16];

		snprintf(uid, sizeof uid, "b%d", i);
		put(q, "db4", uid, true, 4096, 10 + i);
	}
	assert_true(wal_size(path) > 64 * 1024);
	store_queue_close(q);
	int before = opened;
	store_queue_bound_deferred();
	assert_int_equal(opened, before);
	assert_int_equal(wal_size(path), 0);
	sqlite3_reset_auto_extension();
	buf_release(&traced);
	remove_queue(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(store_queue__trim_keeps_the_newest_however_old),
		cmocka_unit_test(store_queue__keeps_a_moves_stage_and_the_view),
		cmocka_unit_test(store_queue__reads_back_what_another_run_acknowledged),
		cmocka_unit_test(store_queue__a_put_outlives_its_process_and_the_wal_stays_small),
		cmocka_unit_test(store_queue__keeps_what_a_write_changes_and_migrates_version_2),
		cmocka_unit_test(store_queue__a_deferred_checkpoint_comes_after),
		cmocka_unit_test(store_queue__opens_reads_and_syncs_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
