/*
 * queue.c - the local queue of a server's writes (store.h, "the local
 * queue"): a SQLite file of its own under XDG state, one row per write
 * made while the team's server could not be reached, in the order made.
 *
 * It is a separate file from any incident database: a person on a
 * server has no local database, and the queue must be on disk before
 * calm says "queued".  WAL with synchronous=FULL, as the incident store:
 * a put of a queued write that returned survives a power cut.
 *
 * The same file is the journal of acknowledged writes: a write the
 * server committed stays here, marked sent (the newest ones, however
 * old), so that when a standby that had not received it yet is
 * promoted, the write is found missing on the new primary and sent
 * again (app_journal_check).  A journal put is committed with
 * synchronous=NORMAL: in the WAL, in order, not yet synced (the next
 * FULL commit or checkpoint syncs it).  The write it keeps is already
 * committed on the server, and the journal only guards against an
 * asynchronous standby missing the last commits; losing the newest
 * journal rows needs the client machine to lose power and the primary
 * to fail over at the same moment, an accepted cost
 * (docs/RELIABILITY.md) for not paying a disk sync on every write.
 *
 * A close does not checkpoint as SQLite's last connection would
 * (SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE): that syncs the WAL and the file
 * and deletes the WAL and its index, which the next calm makes again,
 * on every close.  The WAL stays, and a reader (the next calm, sqlite3)
 * reads through it; since the first to open it rebuilds its index by
 * reading it whole, a close that wrote checkpoints and truncates it
 * once it is over QUEUE_WAL_MAX.  A current file's schema is not run
 * again on open: its version is read, once, and only an older or new
 * file gets the schema and migrations.  synchronous is set when a
 * statement first writes, and again only when a write needs the other
 * level: a command pays one setting (FULL for a queued write, NORMAL
 * for the journal), none when it only reads.
 */
#include "calm/queue.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calm/buf.h"
#include "store-int.h"

/* The WAL a writing close lets stay (a few puts); over it, checkpointed. */
#define QUEUE_WAL_MAX (64 * 1024)

struct store_queue {
	sqlite3 *db;
	char *path;
	bool wrote; /* a statement here changed the file */
	int sync;   /* the connection's PRAGMA synchronous, as set here; 0: not yet */
};

/* PRAGMA synchronous's levels (SQLite's numbers). */
#define SYNC_NORMAL 1
#define SYNC_FULL 2

static const char sql_schema[] =
	"PRAGMA journal_mode=WAL;"
	"CREATE TABLE IF NOT EXISTS queue ("
	" seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	" server TEXT NOT NULL,"
	" uid TEXT NOT NULL UNIQUE,"
	" ts_ms INTEGER NOT NULL,"
	" author TEXT NOT NULL,"
	" args BLOB NOT NULL,"
	" refused TEXT,"          /* why the server refused it; NULL: still queued */
	" seen INTEGER NOT NULL DEFAULT 0," /* its author was told */
	" sent INTEGER NOT NULL DEFAULT 0," /* acknowledged by the server: journal */
	" kept_ms INTEGER NOT NULL DEFAULT 0," /* when it went in (the real clock) */
	" instance TEXT);";       /* sent: the run of the server that acknowledged it */

/*
 * Migrations, by PRAGMA user_version, in one immediate transaction (two
 * calm processes opening an old file at once migrate it once).
 *   1: queue.stage, the stage a queued stage move was made from; the
 *      view table, the stage each incident was at as this person last
 *      saw it (or will see it once their queued moves are sent).
 *   2: queue_waiting, an index of the writes not sent (queued or
 *      refused), which every writing command counts: without it the
 *      count read the whole journal (1,000 rows a server) each time.
 *   3: queue.kind, incident, item, value: what the write changes, as
 *      its queuer knew it (a console shows it from them); NULL in the
 *      rows of an older file, read back from their words instead.
 */
#define QUEUE_VERSION 3
static const char sql_migrate_1[] =
	"ALTER TABLE queue ADD COLUMN stage TEXT;"
	"CREATE TABLE view ("
	" server TEXT NOT NULL,"
	" incident INTEGER NOT NULL,"
	" stage TEXT NOT NULL,"
	" PRIMARY KEY (server, incident));"
	"PRAGMA user_version = 1;";
static const char sql_migrate_2[] =
	"CREATE INDEX queue_waiting ON queue (server, seq) WHERE sent = 0;"
	"PRAGMA user_version = 2;";
static const char sql_migrate_3[] =
	"ALTER TABLE queue ADD COLUMN kind TEXT;"
	"ALTER TABLE queue ADD COLUMN incident INTEGER;"
	"ALTER TABLE queue ADD COLUMN item TEXT;"
	"ALTER TABLE queue ADD COLUMN value TEXT;"
	"PRAGMA user_version = 3;";

static const char sql_put[] =
	"INSERT INTO queue (server, uid, ts_ms, author, args, sent, kept_ms, instance, stage,"
	" kind, incident, item, value)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
#define COLS "SELECT seq, server, uid, ts_ms, author, args, refused, sent, kept_ms, instance," \
	" stage, kind, coalesce(incident, 0), item, value FROM queue"
static const char sql_first[] =
	COLS " WHERE server = ?1 AND refused IS NULL AND sent = 0 ORDER BY seq LIMIT 1";
static const char sql_waiting[] =
	COLS " WHERE server = ?1 AND refused IS NULL AND sent = 0 ORDER BY seq";
static const char sql_refused[] =
	COLS " WHERE server = ?1 AND refused IS NOT NULL AND (?2 OR seen = 0) ORDER BY seq";
static const char sql_sent[] =
	COLS " WHERE server = ?1 AND sent = 1 AND (?2 IS NULL OR instance IS NOT ?2) ORDER BY seq";
static const char sql_resend[] = "UPDATE queue SET sent = 0 WHERE seq = ?1";
static const char sql_delete[] = "DELETE FROM queue WHERE seq = ?1";
static const char sql_refuse[] = "UPDATE queue SET refused = ?2 WHERE seq = ?1";
static const char sql_restamp[] = "UPDATE queue SET instance = ?2 WHERE seq = ?1";
static const char sql_trim[] =
	"DELETE FROM queue WHERE seq IN (SELECT seq FROM"
	" (SELECT seq, count(*) OVER w AS n, sum(length(args)) OVER w AS b"
	"  FROM queue WHERE server = ?1 AND sent = 1 WINDOW w AS (ORDER BY seq DESC))"
	" WHERE n > ?2 OR b > ?3)";
static const char sql_seen[] = "UPDATE queue SET seen = 1 WHERE server = ?1 AND refused IS NOT NULL";
/* a refused write is one that was queued (sent = 0): queue_waiting holds both */
static const char sql_count[] =
	"SELECT count(*) FILTER (WHERE refused IS NULL),"
	" count(*) FILTER (WHERE refused IS NOT NULL AND seen = 0),"
	" count(*) FILTER (WHERE refused IS NOT NULL) FROM queue WHERE server = ?1 AND sent = 0";
static const char sql_view_set[] =
	"INSERT INTO view (server, incident, stage) VALUES (?1, ?2, ?3)"
	" ON CONFLICT (server, incident) DO UPDATE SET stage = excluded.stage"
	" WHERE stage IS NOT excluded.stage";
static const char sql_view_get[] = "SELECT stage FROM view WHERE server = ?1 AND incident = ?2";

static enum calm_rc q_fail(struct store_queue *q, const char *what, struct calm_err *err)
{
	int code = sqlite3_errcode(q->db);

	return calm_err_set(err, code == SQLITE_BUSY ? CALM_BUSY : CALM_IO,
			    "queue '%s': %s: %s", q->path, what, sqlite3_errmsg(q->db));
}

/* The file's PRAGMA user_version, or -1. */
static int version_of(struct store_queue *q)
{
	sqlite3_stmt *s = NULL;
	int version = -1;

	if (sqlite3_prepare_v2(q->db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return version;
}

/* Set the connection's synchronous to level (SYNC_*), unless it is. */
static enum calm_rc set_sync(struct store_queue *q, int level, struct calm_err *err)
{
	if (q->sync == level)
		return CALM_OK;
	if (sqlite3_exec(q->db, level == SYNC_FULL ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL",
			 NULL, NULL, NULL) != SQLITE_OK)
		return q_fail(q, "sync", err);
	q->sync = level;
	return CALM_OK;
}

/* Bring a queue file of version (as read on open) up to QUEUE_VERSION:
 * a current one as it is; an older one under the lock, its version
 * read again there (another calm may have migrated it meanwhile). */
static enum calm_rc migrate(struct store_queue *q, int version, struct calm_err *err)
{
	if (version > QUEUE_VERSION)
		return calm_err_set(err, CALM_DATA, "queue '%s': made by a newer calm (version %d)",
				    q->path, version);
	if (version == QUEUE_VERSION)
		return CALM_OK;
	enum calm_rc rc = set_sync(q, SYNC_FULL, err);
	if (rc != CALM_OK)
		return rc;
	if (sqlite3_exec(q->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return q_fail(q, "migrate", err);
	version = version_of(q);
	if (version < 0 || (version < 1 && sqlite3_exec(q->db, sql_migrate_1, NULL, NULL, NULL) != SQLITE_OK) ||
	    (version < 2 && sqlite3_exec(q->db, sql_migrate_2, NULL, NULL, NULL) != SQLITE_OK) ||
	    (version < 3 && sqlite3_exec(q->db, sql_migrate_3, NULL, NULL, NULL) != SQLITE_OK) ||
	    sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = q_fail(q, "migrate", err);
		sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return CALM_OK;
}

enum calm_rc store_queue_open(struct store_queue **out, const char *path, struct calm_err *err)
{
	struct store_queue *q = xcalloc(1, sizeof *q);
	int fd = open(path, O_CREAT | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);

	*out = NULL;
	q->path = xstrdup(path);
	if (fd < 0) {
		calm_err_set(err, CALM_IO, "cannot create the queue '%s': %s", path, strerror(errno));
		free(q->path);
		free(q);
		return CALM_IO;
	}
	close(fd);
	int version = -1;
	if (sqlite3_open_v2(path, &q->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK ||
	    sqlite3_busy_timeout(q->db, 5000) != SQLITE_OK ||
	    sqlite3_db_config(q->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL) != SQLITE_OK ||
	    ((version = version_of(q)) != QUEUE_VERSION &&
	     (set_sync(q, SYNC_FULL, err) != CALM_OK ||
	      sqlite3_exec(q->db, sql_schema, NULL, NULL, NULL) != SQLITE_OK))) {
		enum calm_rc rc = q->db ? q_fail(q, "open", err)
					: calm_err_set(err, CALM_NOMEM, "out of memory");

		store_queue_close(q);
		return rc;
	}
	enum calm_rc rc = migrate(q, version, err);

	if (rc != CALM_OK) {
		store_queue_close(q);
		return rc;
	}
	*out = q;
	return CALM_OK;
}

/* Whether the WAL of the queue at path is over QUEUE_WAL_MAX. */
static bool wal_over(const char *path)
{
	struct buf wal = BUF_INIT;
	struct stat sb;
	bool over;

	buf_addf(&wal, "%s-wal", path);
	over = stat(buf_cstr(&wal), &sb) == 0 && sb.st_size > QUEUE_WAL_MAX;
	buf_release(&wal);
	return over;
}

/* Checkpoint and truncate the WAL when it is over QUEUE_WAL_MAX (busy:
 * another calm reads it; a later close does it). */
static void wal_bound(struct store_queue *q)
{
	if (wal_over(q->path))
		sqlite3_wal_checkpoint_v2(q->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
}

/* store_queue_defer_bound: the queue whose WAL is to be checkpointed,
 * kept open from its close (one: calm has one queue file), NULL: none;
 * deferring: whether to wait. */
static struct {
	bool deferring;
	struct store_queue *q;
} later;

void store_queue_defer_bound(void)
{
	later.deferring = true;
}

void store_queue_bound_deferred(void)
{
	struct store_queue *q = later.q;

	later.deferring = false;
	later.q = NULL;
	store_queue_close(q); /* not deferring: it checkpoints */
}

void store_queue_close(struct store_queue *q)
{
	if (!q)
		return;
	if (q->db && q->wrote && later.deferring && !later.q && wal_over(q->path)) {
		later.q = q; /* closed, and checkpointed, by store_queue_bound_deferred */
		return;
	}
	if (q->db && q->wrote && !later.deferring)
		wal_bound(q);
	sqlite3_close(q->db);
	free(q->path);
	free(q);
}

/* Prepare sql and bind args (may be NULL); the statement in *s (NULL
 * on a failure, which finalize takes), or CALM_IO. */
static enum calm_rc prep(struct store_queue *q, const char *sql, const struct store_arg *args,
			 sqlite3_stmt **s, struct calm_err *err)
{
	if (sqlite3_prepare_v2(q->db, sql, -1, s, NULL) != SQLITE_OK)
		return q_fail(q, "prepare", err);
	store_bind_args(*s, args);
	return CALM_OK;
}

/*
 * Run sql, a statement that returns no row, with args: synced (durable,
 * synchronous=FULL) or, for the journal alone, not: committed in the
 * WAL with synchronous=NORMAL, synced by the next FULL commit or
 * checkpoint (the file's header comment says why).
 */
static enum calm_rc run_synced(struct store_queue *q, bool synced, const char *sql,
			       const struct store_arg *args, const char *what,
			       struct calm_err *err)
{
	sqlite3_stmt *s = NULL;
	enum calm_rc rc = set_sync(q, synced ? SYNC_FULL : SYNC_NORMAL, err);

	if (rc != CALM_OK)
		return rc;
	rc = prep(q, sql, args, &s, err);
	if (rc == CALM_OK && sqlite3_step(s) != SQLITE_DONE)
		rc = q_fail(q, what, err);
	q->wrote |= sqlite3_changes(q->db) > 0;
	sqlite3_finalize(s);
	return rc;
}

/* Run sql, synced. */
static enum calm_rc run(struct store_queue *q, const char *sql, const struct store_arg *args,
			const char *what, struct calm_err *err)
{
	return run_synced(q, true, sql, args, what, err);
}

enum calm_rc store_queue_put(struct store_queue *q, const struct queued *w,
			     struct calm_err *err)
{
	return run_synced(q, !w->sent, sql_put,
			  ARGS(A_TEXT(w->server), A_TEXT(w->uid), A_INT(w->ts_ms), A_TEXT(w->author),
			       A_BLOB(w->args, w->args_len), A_INT(w->sent), A_INT(w->kept_ms),
			       A_TEXT(w->instance), A_TEXT(w->stage), A_TEXT(w->kind),
			       A_INT_OR_NULL(w->incident, w->incident > 0), A_TEXT(w->item), A_TEXT(w->value)),
			  "put", err);
}

/* The columns of COLS into a struct queued. */
static const struct store_col queued_cols[] = {
	COL(struct queued, COL_INT64, seq),
	COL(struct queued, COL_TEXT, server),
	COL(struct queued, COL_TEXT, uid),
	COL(struct queued, COL_INT64, ts_ms),
	COL(struct queued, COL_TEXT, author),
	COL_BYTES_OF(struct queued, args, args_len),
	COL(struct queued, COL_TEXT, refused),
	COL(struct queued, COL_BOOL, sent),
	COL(struct queued, COL_INT64, kept_ms),
	COL(struct queued, COL_TEXT, instance),
	COL(struct queued, COL_TEXT, stage),
	COL(struct queued, COL_TEXT, kind),
	COL(struct queued, COL_INT64, incident),
	COL(struct queued, COL_TEXT, item),
	COL(struct queued, COL_TEXT, value),
	COL_LAST,
};

/* Each row of sql (COLS) with args into cb until it returns nonzero;
 * *found (may be NULL) whether there was any. */
static enum calm_rc each_row(struct store_queue *q, const char *sql, const struct store_arg *args,
			     int (*cb)(const struct queued *, void *), void *ctx,
			     bool *found, struct calm_err *err)
{
	sqlite3_stmt *s = NULL;
	enum calm_rc rc = prep(q, sql, args, &s, err);
	int step = SQLITE_DONE;

	while (rc == CALM_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct queued w;

		store_read_row(s, queued_cols, &w);
		if (found)
			*found = true;
		if (!w.server || !w.uid || !w.author || !w.args)
			continue; /* a damaged row: never replayed */
		if (cb(&w, ctx))
			break;
	}
	if (rc == CALM_OK && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = q_fail(q, "read", err);
	sqlite3_finalize(s);
	return rc;
}

enum calm_rc store_queue_first(struct store_queue *q, const char *server,
			       int (*cb)(const struct queued *, void *), void *ctx,
			       bool *found, struct calm_err *err)
{
	*found = false;
	return each_row(q, sql_first, ARGS(A_TEXT(server)), cb, ctx, found, err);
}

enum calm_rc store_queue_waiting(struct store_queue *q, const char *server,
				 int (*cb)(const struct queued *, void *), void *ctx,
				 struct calm_err *err)
{
	return each_row(q, sql_waiting, ARGS(A_TEXT(server)), cb, ctx, NULL, err);
}

enum calm_rc store_queue_refused(struct store_queue *q, const char *server, bool all,
				 int (*cb)(const struct queued *, void *), void *ctx,
				 struct calm_err *err)
{
	return each_row(q, sql_refused, ARGS(A_TEXT(server), A_INT(all)), cb, ctx, NULL, err);
}

enum calm_rc store_queue_done(struct store_queue *q, long long seq, const char *refused,
			      struct calm_err *err)
{
	if (refused)
		return run(q, sql_refuse, ARGS(A_INT(seq), A_TEXT(refused)), "update", err);
	return run(q, sql_delete, ARGS(A_INT(seq)), "update", err);
}

enum calm_rc store_queue_sent(struct store_queue *q, const char *server, const char *not_instance,
			      int (*cb)(const struct queued *, void *), void *ctx,
			      struct calm_err *err)
{
	return each_row(q, sql_sent, ARGS(A_TEXT(server), A_TEXT(not_instance)), cb, ctx, NULL, err);
}

enum calm_rc store_queue_resend(struct store_queue *q, long long seq, struct calm_err *err)
{
	return run(q, sql_resend, ARGS(A_INT(seq)), "update", err);
}

enum calm_rc store_queue_restamp(struct store_queue *q, long long seq, const char *instance,
				 struct calm_err *err)
{
	return run(q, sql_restamp, ARGS(A_INT(seq), A_TEXT(instance)), "update", err);
}

/*
 * Whether the file may hold more than keep rows or bytes of words, by
 * what costs one look each, not a read of every row as the trim's:
 * seq is unique, so there are at most max - min + 1 rows, and no more
 * bytes of words than the file's pages.  False: nothing to trim.
 */
static bool may_be_over(struct store_queue *q, long long keep, long long bytes)
{
	static const char sql[] =
		"SELECT (SELECT coalesce(max(seq) - min(seq) + 1, 0) FROM queue),"
		" (SELECT page_count FROM pragma_page_count()) * (SELECT page_size FROM pragma_page_size())";
	sqlite3_stmt *s = NULL;
	bool over = true; /* when in doubt, the trim decides */

	if (sqlite3_prepare_v2(q->db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		over = sqlite3_column_int64(s, 0) > keep || sqlite3_column_int64(s, 1) > bytes;
	sqlite3_finalize(s);
	return over;
}

enum calm_rc store_queue_trim(struct store_queue *q, const char *server, long long keep,
			      long long bytes, struct calm_err *err)
{
	if (!may_be_over(q, keep, bytes))
		return CALM_OK;
	/* journal rows only: a trim lost in a power cut leaves more kept */
	return run_synced(q, false, sql_trim, ARGS(A_TEXT(server), A_INT(keep), A_INT(bytes)), "delete",
			  err);
}

enum calm_rc store_queue_seen(struct store_queue *q, const char *server, struct calm_err *err)
{
	return run(q, sql_seen, ARGS(A_TEXT(server)), "update", err);
}

enum calm_rc store_queue_count(struct store_queue *q, const char *server, long long *queued,
			       long long *refused, long long *kept, struct calm_err *err)
{
	sqlite3_stmt *s = NULL;
	enum calm_rc rc = prep(q, sql_count, ARGS(A_TEXT(server)), &s, err);

	*queued = *refused = 0;
	if (rc != CALM_OK)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*queued = sqlite3_column_int64(s, 0);
		*refused = sqlite3_column_int64(s, 1);
		if (kept)
			*kept = sqlite3_column_int64(s, 2);
	} else {
		rc = q_fail(q, "count", err);
	}
	sqlite3_finalize(s);
	return rc;
}

enum calm_rc store_queue_view_set(struct store_queue *q, const char *server, long long incident,
				  const char *stage, struct calm_err *err)
{
	return run(q, sql_view_set, ARGS(A_TEXT(server), A_INT(incident), A_TEXT(stage)), "view",
		   err);
}

enum calm_rc store_queue_view_get(struct store_queue *q, const char *server, long long incident,
				  char **stage, struct calm_err *err)
{
	sqlite3_stmt *s = NULL;
	enum calm_rc rc = prep(q, sql_view_get, ARGS(A_TEXT(server), A_INT(incident)), &s, err);
	int step;

	*stage = NULL;
	if (rc != CALM_OK)
		return rc;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW && sqlite3_column_text(s, 0))
		*stage = xstrdup((const char *)sqlite3_column_text(s, 0));
	else if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = q_fail(q, "view", err);
	sqlite3_finalize(s);
	return rc;
}
