/*
 * store.c - opening the incident database, transactions, and the
 * plumbing the rest of the store shares (statement cache, error text).
 * store_open() chooses the engine (store-int.h): a server's URI opens
 * PostgreSQL (pg-engine.c), anything else a SQLite file, whose engine
 * (lite_engine) is below.
 *
 * store_open() is on the path of every `calm log`, so it stays cheap:
 * create the file 0600 if missing, open it, set the options and pragmas
 * that make an untrusted file safe to read, read user_version and
 * application_id (two pragmas, the cheapest statements there are), and
 * only then write anything (journal_mode=WAL writes the header).  A database that is not ours or is newer than us is
 * refused before that point, so its bytes stay as they were.
 *
 * SQLite will not use file descriptors 0-2 for a database (a stray
 * write to stderr would corrupt it), so when calm is started with any
 * of them closed, store_open() opens /dev/null onto them first.
 */
#include "calm/store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "calm/buf.h"
#include "calm/when.h"
#include "calm/text.h"
#include "store-int.h"

#define STORE_BUSY_DEFAULT_MS 5000

static const char sql_begin[] = "BEGIN IMMEDIATE";
static const char sql_begin_read[] = "BEGIN DEFERRED";
static const char sql_commit[] = "COMMIT";
static const char sql_rollback[] = "ROLLBACK";
static const char sql_data_version[] = "PRAGMA data_version";
/* Read before anything writes: version, owner, and (asked only of a
 * file with neither) whether it is empty.  Each pragma is a statement
 * of its own: the same values read through pragma_user_version() and
 * pragma_application_id() in one SELECT cost ten times as much to
 * prepare (table-valued functions, each preparing its pragma again). */
static const char sql_user_version[] = "PRAGMA user_version";
static const char sql_app_id[] = "PRAGMA application_id";
static const char sql_objects[] = "SELECT count(*) FROM sqlite_schema";

/*
 * Pragmas that protect us from a hostile file; none of them writes.
 * Constant text, no values: run with sqlite3_exec.  trusted_schema=OFF
 * and foreign_keys=ON are set as the connection's options instead
 * (lite_connect: sqlite3_db_config, no statement to prepare).
 */
static const char sql_safety[] =
	"PRAGMA cell_size_check=ON;"
	"PRAGMA mmap_size=0;";
static const char sql_durable[] =
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=FULL;";

/* ---- helpers shared by the module (store-int.h) ---- */

enum calm_rc store_prep(struct store *st, enum store_stmt id, const char *sql,
			sqlite3_stmt **out, struct calm_err *err)
{
	sqlite3_stmt *stmt = st->stmts[id];
	int src;

	*out = NULL;
	if (stmt && !sqlite3_stmt_busy(stmt)) {
		*out = stmt;
		return CALM_OK;
	}
	/* persistent: kept for the connection's life, reset after each use */
	src = sqlite3_prepare_v3(st->db, sql, -1, st->stmts[id] ? 0 : SQLITE_PREPARE_PERSISTENT,
				 &stmt, NULL);
	if (src != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return store_fail(st, src, false, err);
	}
	if (!st->stmts[id])
		st->stmts[id] = stmt; /* else a private copy: re-entered */
	*out = stmt;
	return CALM_OK;
}

void store_done(struct store *st, enum store_stmt id, sqlite3_stmt *stmt)
{
	if (!stmt)
		return;
	if (stmt == st->stmts[id]) {
		sqlite3_reset(stmt);
		sqlite3_clear_bindings(stmt);
	} else {
		sqlite3_finalize(stmt);
	}
}

/* A file size limit (ulimit -f) is in force. */
static bool store_fsize_limited(void)
{
	struct rlimit rl;

	return getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY;
}

/*
 * Did a write fail for want of room?  SQLite turns ENOSPC into
 * SQLITE_FULL, but EFBIG (past RLIMIT_FSIZE, SIGXFSZ ignored) and EDQUOT
 * come as SQLITE_IOERR_WRITE, and by then errno (sqlite3_system_errno)
 * has often been overwritten: look at the limit and the free space.
 */
static bool store_out_of_room(struct store *st, int src)
{
	struct statvfs vfs;
	int e = sqlite3_system_errno(st->db);

	if (e == ENOSPC || e == EFBIG || e == EDQUOT)
		return true;
	if (src != SQLITE_IOERR_WRITE && src != SQLITE_IOERR_TRUNCATE)
		return false;
	if (store_fsize_limited())
		return true;
	return statvfs(st->path, &vfs) == 0 &&
	       (unsigned long long)vfs.f_bavail * vfs.f_frsize < 1024 * 1024;
}

enum calm_rc store_fail(struct store *st, int src, bool writing,
			struct calm_err *err)
{
	const char *path = st->path;

	if (src == SQLITE_READONLY_DIRECTORY)
		return calm_err_set(err, CALM_IO,
				    "cannot open database '%s' read-only: its -wal and -shm files are missing and its directory is not writable",
				    path);
	switch (src & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return calm_err_set(err, CALM_BUSY,
				    "database '%s' is busy: another process held the lock longer than %d ms",
				    path, st->busy_ms);
	case SQLITE_FULL:
		return calm_err_set(err, CALM_IO, "cannot write '%s': disk full", path);
	case SQLITE_IOERR:
		if (store_out_of_room(st, src))
			return calm_err_set(err, CALM_IO, "cannot write '%s': disk full%s",
					    path, store_fsize_limited() ? " (file size limit reached)" : "");
		return calm_err_set(err, CALM_IO, "cannot %s '%s': %s",
				    writing ? "write" : "read", path,
				    sqlite3_errmsg(st->db));
	case SQLITE_NOMEM:
		return calm_err_set(err, CALM_NOMEM, "out of memory");
	case SQLITE_NOTADB:
		return calm_err_set(err, CALM_DATA, "'%s' is not a database", path);
	case SQLITE_CORRUPT:
		return calm_err_set(err, CALM_DATA, "database '%s' is corrupt: %s",
				    path, sqlite3_errmsg(st->db));
	case SQLITE_READONLY:
		if (st->flags & STORE_READONLY)
			return calm_err_set(err, CALM_IO, "database '%s' is open read-only", path);
		return calm_err_set(err, CALM_IO, "cannot write '%s': %s", path,
				    sqlite3_errmsg(st->db));
	case SQLITE_CONSTRAINT:
		return calm_err_set(err, CALM_DATA, "cannot write '%s': %s", path,
				    sqlite3_errmsg(st->db));
	default:
		return calm_err_set(err, CALM_IO, "cannot %s '%s': %s",
				    writing ? "write" : "read", path,
				    sqlite3_errmsg(st->db));
	}
}

enum calm_rc store_read_only(struct store *st, struct calm_err *err)
{
	if (st->flags & STORE_READER)
		return calm_err_set(err, CALM_IO,
				    "cannot write '%s': permission denied: this role may only read",
				    st->path);
	return calm_err_set(err, CALM_IO, "database '%s' is open read-only", st->path);
}

enum calm_rc store_writable(struct store *st, struct calm_err *err)
{
	if (st->flags & STORE_READONLY)
		return store_read_only(st, err);
	if (!st->eng->in_tx(st))
		return calm_err_set(err, CALM_IO, "cannot write '%s': no transaction", st->path);
	return CALM_OK;
}

enum calm_rc store_exec_stmt(struct store *st, sqlite3_stmt *stmt,
			     bool writing, struct calm_err *err)
{
	int src = sqlite3_step(stmt);

	if (src == SQLITE_DONE || src == SQLITE_ROW)
		return CALM_OK;
	return store_fail(st, src, writing, err);
}

int store_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(stmt, i);
	return sqlite3_bind_text(stmt, i, s, (int)strlen(s), SQLITE_STATIC);
}

bool store_ms_ok(long long ms)
{
	return ms >= 0 && ms <= WHEN_MAX_MS;
}

bool store_kind_ok(const char *kind)
{
	size_t n = kind ? strlen(kind) : 0;

	if (n == 0 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((kind[i] >= 'a' && kind[i] <= 'z') || kind[i] == '-'))
			return false;
	return true;
}

char *store_column_dup(sqlite3_stmt *stmt, int i)
{
	const unsigned char *s = sqlite3_column_text(stmt, i);

	if (!s)
		return xstrdup("");
	return xstrndup((const char *)s, (size_t)sqlite3_column_bytes(stmt, i));
}

/* calm_base64(blob): its base64, for text_b64 in JSON (json.c). */
static void sql_base64(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct buf b = BUF_INIT;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	text_base64(&b, sqlite3_value_blob(argv[0]),
		    (size_t)sqlite3_value_bytes(argv[0]));
	sqlite3_result_text(ctx, buf_cstr(&b), (int)b.len, SQLITE_TRANSIENT);
	buf_release(&b);
}

/* ---- opening ---- */

/* Make sure fds 0-2 are open so SQLite never gets one for the database. */
static void store_guard_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
			int nfd = open("/dev/null", O_RDWR | O_CLOEXEC);

			if (nfd > 2) /* cannot happen: lowest free fd is fd */
				close(nfd);
		}
	}
}

static int store_env_busy_ms(void)
{
	const char *s = getenv("CALM_BUSY_TIMEOUT_MS");
	char *end;
	long v;

	if (!s || !*s)
		return STORE_BUSY_DEFAULT_MS;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 0 || v > INT_MAX)
		return STORE_BUSY_DEFAULT_MS;
	return (int)v;
}

/*
 * The busy handler: sqlite3_busy_timeout()'s schedule (short sleeps
 * first, then 100 ms), plus the notice of store_on_wait().  count is 0
 * at the start of each wait.
 */
static int store_busy(void *arg, int count)
{
	static const int delays[] = { 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 };
	struct store *st = arg;
	int d = count < (int)(sizeof delays / sizeof delays[0]) ? delays[count] : 100;

	if (count == 0) {
		st->waited_ms = 0;
		st->wait_told = false;
	}
	if (st->waited_ms >= st->busy_ms)
		return 0;
	if (d > st->busy_ms - st->waited_ms)
		d = st->busy_ms - st->waited_ms;
	if (st->on_wait && !st->wait_told && st->waited_ms >= STORE_WAIT_NOTICE_MS) {
		st->wait_told = true;
		st->on_wait(st->wait_ctx);
	}
	sqlite3_sleep(d);
	st->waited_ms += d;
	return 1;
}

void store_on_wait(struct store *st, void (*fn)(void *ctx), void *ctx)
{
	st->on_wait = fn;
	st->wait_ctx = ctx;
}

static bool store_is_memory(const char *path)
{
	return strcmp(path, ":memory:") == 0 || path[0] == '\0';
}

/* Check path is usable and, unless read-only, create it 0600 if missing. */
static enum calm_rc store_prepare_file(const char *path, unsigned flags,
				       struct calm_err *err)
{
	struct stat sb;
	int fd;

	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return calm_err_set(err, CALM_IO,
					    "cannot open database '%s': is a directory", path);
		return CALM_OK;
	}
	if (errno != ENOENT)
		return calm_err_set(err, CALM_IO, "cannot open database '%s': %s",
				    path, strerror(errno));
	if (flags & STORE_READONLY)
		return calm_err_set(err, CALM_IO,
				    "cannot open database '%s': no such file", path);
	fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return CALM_OK; /* another process just made it */
		if (errno == ENOENT || errno == ENOTDIR)
			return calm_err_set(err, CALM_IO,
					    "cannot open database '%s': no such directory", path);
		return calm_err_set(err, CALM_IO, "cannot create '%s': %s", path,
				    strerror(errno));
	}
	close(fd);
	return CALM_OK;
}

/* The one integer that constant statement sql returns, into *out. */
static enum calm_rc lite_read_int(struct store *st, const char *sql, int *out,
				  struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);

	if (src == SQLITE_OK)
		src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		*out = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	if (src != SQLITE_ROW)
		return store_fail(st, src, false, err);
	return CALM_OK;
}

/*
 * Read user_version and application_id, and the number of schema
 * objects where it matters: a file with neither is ours to make only
 * when it is empty (store_refuse); for any other, *objects is -1.
 */
static enum calm_rc store_read_versions(struct store *st, int *version,
					int *app_id, int *objects,
					struct calm_err *err)
{
	enum calm_rc rc;

	*version = *app_id = 0;
	*objects = -1;
	rc = lite_read_int(st, sql_user_version, version, err);
	if (rc == CALM_OK)
		rc = lite_read_int(st, sql_app_id, app_id, err);
	if (rc == CALM_OK && *version == 0 && *app_id == 0)
		rc = lite_read_int(st, sql_objects, objects, err);
	return rc;
}

/* Refuse a database that is not ours or too new (facts from page 1). */
static enum calm_rc store_refuse(const char *path, int version, int app_id,
				 bool empty, struct calm_err *err)
{
	if (app_id != STORE_APP_ID && (app_id != 0 || !empty || version != 0))
		return calm_err_set(err, CALM_DATA, "'%s' is not a calm database", path);
	if (version > STORE_SCHEMA_VERSION)
		return calm_err_set(err, CALM_DATA,
				    "database '%s' has schema version %d; this calm knows up to %d: upgrade calm",
				    path, version, STORE_SCHEMA_VERSION);
	return CALM_OK;
}

/*
 * Before SQLite opens the file: read its page 1 ourselves and refuse it
 * if it is not ours or too new, so that not one byte of it, its -wal or
 * its -shm changes (peek.c).
 */
static enum calm_rc store_check_file(const char *path, struct calm_err *err)
{
	struct store_peek pk;
	enum calm_rc rc = store_peek(path, &pk, err);

	if (rc != CALM_OK || !pk.sqlite)
		return rc;
	return store_refuse(path, pk.version, pk.app_id, pk.schema_empty, err);
}

/* The same, asked of SQLite once the file is open; write nothing. */
static enum calm_rc store_check_owner(struct store *st, int *version,
				      struct calm_err *err)
{
	int app_id, objects;
	enum calm_rc rc;

	rc = store_read_versions(st, version, &app_id, &objects, err);
	if (rc == CALM_OK)
		rc = store_refuse(st->path, *version, app_id, objects == 0, err);
	if (rc != CALM_OK)
		return rc;
	if (*version < STORE_SCHEMA_VERSION && (st->flags & STORE_READONLY))
		return calm_err_set(err, CALM_DATA,
				    "database '%s' has schema version %d and needs upgrading to %d: open it once without read-only",
				    st->path, *version, STORE_SCHEMA_VERSION);
	return CALM_OK;
}

static enum calm_rc store_exec_const(struct store *st, const char *sql,
				     bool writing, struct calm_err *err)
{
	int src = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	if (src != SQLITE_OK)
		return store_fail(st, src, writing, err);
	return CALM_OK;
}

/*
 * The connection's safety settings, before its first statement: the
 * schema untrusted and foreign keys enforced as options of the
 * connection (their pragmas, only where the library will not take the
 * options), then sql_safety.
 */
static enum calm_rc lite_safety(struct store *st, struct calm_err *err)
{
	int trusted = 1, fkeys = 0;
	enum calm_rc rc = CALM_OK;

	sqlite3_db_config(st->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &trusted);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_ENABLE_FKEY, 1, &fkeys);
	if (trusted != 0)
		rc = store_exec_const(st, "PRAGMA trusted_schema=OFF", false, err);
	if (rc == CALM_OK && fkeys != 1)
		rc = store_exec_const(st, "PRAGMA foreign_keys=ON", false, err);
	if (rc == CALM_OK)
		rc = store_exec_const(st, sql_safety, false, err);
	return rc;
}

/*
 * SQLite's process-wide settings, once, before its first connection:
 * no memory statistics (calm never reads them; kept, every allocation
 * SQLite makes takes a mutex and updates them).
 */
static void lite_init(void)
{
	static bool done;

	if (!done) {
		done = true;
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	}
}

/*
 * Open st->path into st->db and check it: the file prepared, its page 1
 * read without SQLite (refused before any byte can change), SQLite's
 * safety pragmas, the owner and version again, WAL and synchronous=FULL,
 * migrations.  A read-only open reads an immutable snapshot or a
 * private copy (file.c).  The file's identity is recorded for
 * store_same_file().
 */
static enum calm_rc lite_connect(struct store *st, struct calm_err *err)
{
	const char *path = st->path;
	unsigned flags = st->flags;
	bool memory = store_is_memory(path);
	char *target = NULL;
	enum calm_rc rc = CALM_OK;
	int version = 0, oflags = 0, src;

	if (!memory)
		rc = store_prepare_file(path, flags, err);
	if (rc == CALM_OK && !memory)
		rc = store_check_file(path, err);
	if (rc == CALM_OK && !memory)
		rc = store_file_record(st, err);
	if (rc == CALM_OK && !memory && (flags & STORE_READONLY))
		rc = store_snapshot(st, &target, &oflags, err);
	if (rc != CALM_OK)
		return rc;
	if (!target) {
		/* The file exists now: never let SQLite create one (no O_CREAT race). */
		oflags = (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
		if (memory)
			oflags |= SQLITE_OPEN_CREATE;
	}
	lite_init();
	src = sqlite3_open_v2(target ? target : path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	free(target);
	if (src != SQLITE_OK) {
		if (!st->db)
			return calm_err_set(err, CALM_NOMEM, "out of memory");
		return calm_err_set(err, CALM_IO, "cannot open database '%s': %s", path,
				    sqlite3_errmsg(st->db));
	}
	sqlite3_extended_result_codes(st->db, 1);
	if (st->busy_ms > 0)
		sqlite3_busy_handler(st->db, store_busy, st);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_create_function(st->db, "calm_base64", 1,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
				NULL, sql_base64, NULL, NULL);
	rc = lite_safety(st, err);
	if (rc == CALM_OK)
		rc = store_check_owner(st, &version, err);
	if (rc == CALM_OK && !(flags & STORE_READONLY))
		rc = store_exec_const(st, sql_durable, true, err);
	if (rc == CALM_OK && version < STORE_SCHEMA_VERSION)
		rc = store_migrate(st, version, err);
	if (rc == CALM_OK && !(flags & STORE_READONLY) &&
	    sqlite3_db_readonly(st->db, "main") == 1)
		rc = calm_err_set(err, CALM_IO,
				  "cannot write database '%s': the file is read-only (calm review ID reads it)",
				  path);
	return rc;
}

/* Close the connection and forget its statements; st stays usable for
 * lite_connect(). */
static void lite_disconnect(struct store *st)
{
	for (int i = 0; i < SQ_COUNT; i++) {
		sqlite3_finalize(st->stmts[i]);
		st->stmts[i] = NULL;
	}
	if (st->db) {
		if (!sqlite3_get_autocommit(st->db))
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(st->db);
		st->db = NULL;
	}
	store_snapshot_release(st);
}

enum calm_rc store_open(struct store **out, const char *path, unsigned flags,
			struct calm_err *err)
{
	struct store *st;
	enum calm_rc rc;

	*out = NULL;
	store_guard_std_fds();
	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	st->flags = flags;
	st->busy_ms = store_env_busy_ms();
	st->eng = db_is_server(path) ? &pg_engine : &lite_engine;
	rc = st->eng->connect(st, err);
	if (rc != CALM_OK) {
		store_close(st);
		return rc;
	}
	*out = st;
	return CALM_OK;
}

enum calm_rc store_reopen(struct store *st, struct calm_err *err)
{
	st->eng->disconnect(st);
	return st->eng->connect(st, err);
}

void store_close(struct store *st)
{
	if (!st)
		return;
	st->eng->disconnect(st);
	free(st->path);
	free(st);
}

const char *store_path(const struct store *st)
{
	return st->path;
}

bool store_readonly(const struct store *st)
{
	return (st->flags & STORE_READONLY) != 0;
}

const char *store_engine_name(const struct store *st)
{
	return st->eng->name;
}

/* ---- transactions ---- */

enum calm_rc store_begin(struct store *st, struct calm_err *err)
{
	if (st->flags & STORE_READONLY)
		return store_read_only(st, err);
	return st->eng->tx(st, TX_BEGIN, err);
}

enum calm_rc store_commit(struct store *st, struct calm_err *err)
{
	if (!st->eng->in_tx(st))
		return calm_err_set(err, CALM_IO, "cannot write '%s': no transaction", st->path);
	return st->eng->tx(st, TX_COMMIT, err);
}

enum calm_rc store_read_begin(struct store *st, struct calm_err *err)
{
	if (st->eng->in_tx(st))
		return calm_err_set(err, CALM_IO, "cannot read '%s': a transaction is already open",
				    st->path);
	return st->eng->tx(st, TX_BEGIN_READ, err);
}

void store_read_end(struct store *st)
{
	store_rollback(st); /* nothing was written: ending it is all */
}

bool store_in_tx(const struct store *st)
{
	return st->eng->in_tx(st);
}

void store_rollback(struct store *st)
{
	if (st && st->eng->in_tx(st))
		st->eng->tx(st, TX_ROLLBACK, NULL);
}

enum calm_rc store_data_version(struct store *st, long long *version,
				struct calm_err *err)
{
	return st->eng->data_version(st, version, err);
}

/* ---- SQLite's engine ---- */

static bool lite_in_tx(const struct store *st)
{
	return st->db && !sqlite3_get_autocommit(st->db);
}

/* Run one of the constant transaction statements. */
static enum calm_rc lite_exec_tx(struct store *st, enum store_stmt id, const char *sql,
				 bool writing, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc = store_prep(st, id, sql, &stmt, err);

	if (rc == CALM_OK)
		rc = store_exec_stmt(st, stmt, writing, err);
	store_done(st, id, stmt);
	return rc;
}

static enum calm_rc lite_commit(struct store *st, struct calm_err *err)
{
	enum calm_rc rc;

	/* the file written must be the file at the path, or nothing is
	 * acknowledged: before COMMIT (then nothing lands) and after (the
	 * file went while committing: the change is in the old one) */
	rc = store_file_check(st, ": nothing was saved", err);
	if (rc == CALM_OK) {
		rc = lite_exec_tx(st, SQ_COMMIT, sql_commit, true, err);
		if (rc == CALM_OK)
			rc = store_file_check(st, ": the change went to the old file, which is no longer there", err);
	}
	if (rc != CALM_OK)
		store_rollback(st);
	return rc;
}

static enum calm_rc lite_tx(struct store *st, enum store_tx step, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;

	switch (step) {
	case TX_BEGIN:
		return lite_exec_tx(st, SQ_BEGIN, sql_begin, true, err);
	case TX_BEGIN_READ:
		return lite_exec_tx(st, SQ_BEGIN_READ, sql_begin_read, false, err);
	case TX_COMMIT:
		return lite_commit(st, err);
	case TX_ROLLBACK:
		if (store_prep(st, SQ_ROLLBACK, sql_rollback, &stmt, NULL) == CALM_OK)
			sqlite3_step(stmt);
		store_done(st, SQ_ROLLBACK, stmt);
		return CALM_OK;
	}
	return CALM_OK;
}

static enum calm_rc lite_data_version(struct store *st, long long *version,
				      struct calm_err *err)
{
	static const struct store_col col[] = { COL_AT(COL_INT64, 0), COL_LAST };
	struct store_q q;

	store_q_open(&q, st, SQ_DATA_VERSION, sql_data_version, NULL, err);
	store_q_row(&q, col, version);
	return store_q_close(&q);
}

static long long lite_changes(struct store *st)
{
	return sqlite3_changes(st->db);
}

static bool lite_fk_failed(struct store *st)
{
	return sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_FOREIGNKEY;
}

const struct store_engine lite_engine = {
	.name = "sqlite",
	.connect = lite_connect,
	.disconnect = lite_disconnect,
	.tx = lite_tx,
	.in_tx = lite_in_tx,
	.q_open = lite_q_open,
	.q_row = lite_q_row,
	.q_close = lite_q_close,
	.changes = lite_changes,
	.fk_failed = lite_fk_failed,
	.data_version = lite_data_version,
	.event_data = lite_event_data,
	.search_query = lite_search_query,
	.similar_head = "",
	.similar_and = " AND ",
	.similar_or = " OR ",
	.similar_term = lite_similar_term,
	.page_plain = true,
};
