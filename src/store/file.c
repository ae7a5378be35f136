/*
 * file.c - the file behind a store handle: is it still at its path, a
 * read-only open that leaves no trace, and restoring a deleted file.
 *
 * Identity.  SQLite keeps writing through its open descriptors after the
 * file was removed or replaced (`rm calm.db*`, a restore from backup, a
 * `mv`): every later commit "succeeds" into an inode nobody will ever
 * open again.  So the handle remembers the device and inode it opened,
 * and store_commit() compares them with the file at the path before and
 * after COMMIT.  (A file found by its path has a link, so an equal inode
 * also means the link count is above zero.)
 *
 * Read-only opens (calm review, an export from a 0444 file).  SQLite's
 * mode=ro still creates -wal and -shm beside a WAL database and leaves
 * them, and refuses in a directory it cannot write.  With no -wal, or an
 * empty one, everything is in the file: it is opened with immutable=1
 * (no lock, no side file).  With a -wal, its rows would be invisible to
 * immutable=1, so the file and its -wal are copied into a private 0700
 * directory and the copy is opened (SQLite recovers the -wal there);
 * the copy is removed on close.  A copy taken while another process
 * checkpoints could mix two moments: the sizes and times of both files
 * are compared before and after, and the copy is taken again when they
 * moved.
 */
#include "calm/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calm/buf.h"
#include "store-int.h"

#define COPY_TRIES 5

enum calm_rc store_file_record(struct store *st, struct calm_err *err)
{
	struct stat sb;

	if (stat(st->path, &sb) != 0)
		return calm_err_set(err, CALM_IO, "cannot open database '%s': %s", st->path,
				    strerror(errno));
	st->dev = sb.st_dev;
	st->ino = sb.st_ino;
	return CALM_OK;
}

enum calm_rc store_file_check(struct store *st, const char *then,
			      struct calm_err *err)
{
	struct stat sb;

	if (st->dev == 0 && st->ino == 0) /* :memory: */
		return CALM_OK;
	if (stat(st->path, &sb) == 0 && sb.st_dev == st->dev && sb.st_ino == st->ino)
		return CALM_OK;
	return calm_err_set(err, CALM_IO,
			    "database '%s' was deleted or replaced while calm had it open%s",
			    st->path, then ? then : "");
}

enum calm_rc store_same_file(struct store *st, struct calm_err *err)
{
	return store_file_check(st, NULL, err);
}

/* ---- read-only: an immutable snapshot or a private copy ---- */

/* "file:" URI for path with immutable=1 (every unsafe byte %-escaped). */
static char *immutable_uri(const char *path)
{
	static const char hex[] = "0123456789abcdef";
	struct buf b = BUF_INIT;

	buf_adds(&b, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-", *p))
			buf_addc(&b, (char)*p);
		else
			buf_addf(&b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
	buf_adds(&b, "?immutable=1");
	return buf_detach(&b);
}

/* Copy src to a new file dst (0600); false on any failure. */
static bool copy_file(const char *src, const char *dst)
{
	char chunk[65536];
	int in = open(src, O_RDONLY | O_CLOEXEC | O_NOCTTY), out = -1;
	bool ok = in >= 0;
	ssize_t n = 0;

	if (ok)
		out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	ok = ok && out >= 0;
	while (ok && (n = read(in, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		ok = n > 0 && write(out, chunk, (size_t)n) == n;
	}
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) != 0)
		ok = false;
	return ok;
}

/* Size and modification time of a file, to see it did not move. */
static void stamp(const char *path, struct stat *sb)
{
	if (stat(path, sb) != 0)
		memset(sb, 0, sizeof *sb);
}

static bool same_stamp(const struct stat *a, const struct stat *b)
{
	return a->st_size == b->st_size && a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec && a->st_ino == b->st_ino;
}

/* Copy the file and its -wal into st->copy_dir (made here). */
static enum calm_rc private_copy(struct store *st, const char *wal, char **target,
				 struct calm_err *err)
{
	const char *tmp = getenv("TMPDIR");
	struct buf dir = BUF_INIT, db = BUF_INIT, dwal = BUF_INIT;
	struct stat d0, w0, d1, w1;
	bool ok = false;

	buf_addf(&dir, "%s/calm-review-XXXXXX", tmp && tmp[0] == '/' ? tmp : "/tmp");
	if (!mkdtemp(dir.s)) {
		calm_err_set(err, CALM_IO, "cannot read database '%s': cannot make a private copy in '%s': %s",
			     st->path, dir.s, strerror(errno));
		buf_release(&dir);
		return CALM_IO;
	}
	st->copy_dir = buf_detach(&dir);
	buf_addf(&db, "%s/calm.db", st->copy_dir);
	buf_addf(&dwal, "%s/calm.db-wal", st->copy_dir);
	for (int i = 0; i < COPY_TRIES && !ok; i++) {
		stamp(st->path, &d0);
		stamp(wal, &w0);
		if (!copy_file(st->path, db.s) || !copy_file(wal, dwal.s)) {
			calm_err_set(err, CALM_IO, "cannot read database '%s' (to copy it with its -wal): %s",
				     st->path, strerror(errno));
			break;
		}
		stamp(st->path, &d1);
		stamp(wal, &w1);
		ok = same_stamp(&d0, &d1) && same_stamp(&w0, &w1);
	}
	buf_release(&dwal);
	if (!ok) {
		buf_release(&db);
		return calm_err_set(err, CALM_IO,
				    "cannot read database '%s': it kept changing while a private copy was made",
				    st->path);
	}
	*target = buf_detach(&db);
	return CALM_OK;
}

enum calm_rc store_snapshot(struct store *st, char **target, int *oflags,
			    struct calm_err *err)
{
	struct buf wal = BUF_INIT;
	struct stat sb;
	enum calm_rc rc = CALM_OK;

	*target = NULL;
	buf_addf(&wal, "%s-wal", st->path);
	if (stat(wal.s, &sb) != 0 || sb.st_size == 0) {
		*target = immutable_uri(st->path);
		*oflags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
	} else {
		rc = private_copy(st, wal.s, target, err);
		*oflags = SQLITE_OPEN_READWRITE; /* private: SQLite may recover it */
	}
	buf_release(&wal);
	return rc;
}

void store_snapshot_release(struct store *st)
{
	static const char *const names[] = { "calm.db-wal", "calm.db-shm", "calm.db" };
	struct buf p = BUF_INIT;

	if (!st->copy_dir)
		return;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		buf_reset(&p);
		buf_addf(&p, "%s/%s", st->copy_dir, names[i]);
		unlink(p.s);
	}
	buf_release(&p);
	rmdir(st->copy_dir);
	free(st->copy_dir);
	st->copy_dir = NULL;
}

/* ---- restoring a deleted file ---- */

/* What is at path now: its incidents (0 for an empty or new database,
 * -1 when it is not a calm database or cannot be read) and its id
 * ("" when it has none). */
static long long incidents_at(const char *path, char id[DB_ID_LEN + 1])
{
	struct store_peek pk;
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	long long n = -1;

	id[0] = '\0';
	if (store_peek(path, &pk, NULL) != CALM_OK)
		return -1;
	if (pk.empty_file || (pk.sqlite && pk.schema_empty && pk.app_id == 0))
		return 0;
	if (!pk.sqlite || pk.app_id != STORE_APP_ID)
		return -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT count(*), (SELECT value FROM meta WHERE key = 'id')"
				   " FROM incidents", -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW) {
		n = sqlite3_column_int64(stmt, 0);
		if (sqlite3_column_bytes(stmt, 1) == DB_ID_LEN)
			memcpy(id, sqlite3_column_text(stmt, 1), DB_ID_LEN + 1);
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return n;
}

enum calm_rc store_restore(struct store *st, struct calm_err *err)
{
	char ours[DB_ID_LEN + 1], there[DB_ID_LEN + 1];
	sqlite3 *dest = NULL;
	sqlite3_backup *bk;
	struct stat sb;
	long long n = 0;
	int fd, src;

	if (st->flags & STORE_READONLY)
		return calm_err_set(err, CALM_IO, "database '%s' is open read-only", st->path);
	if (st->eng != &lite_engine)
		return calm_err_set(err, CALM_USAGE, "database '%s' is a server, not a file: nothing to put back",
				    st->path);
	if (stat(st->path, &sb) == 0) {
		n = incidents_at(st->path, there);
		/* this very database, put back by someone else (a pairing
		 * partner restored it): open it again */
		if (n >= 0 && there[0] && store_db_id(st, ours, NULL) == CALM_OK &&
		    strcmp(ours, there) == 0)
			return store_reopen(st, err);
		if (n != 0)
			return calm_err_set(err, CALM_DATA,
					    "'%s' now holds another database%s: not overwritten",
					    st->path, n > 0 ? " with incidents" : "");
	} else {
		fd = open(st->path, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0)
			return calm_err_set(err, CALM_IO, "cannot create '%s': %s", st->path,
					    strerror(errno));
		close(fd);
	}
	src = sqlite3_open_v2(st->path, &dest, SQLITE_OPEN_READWRITE, NULL);
	if (src == SQLITE_OK) {
		sqlite3_busy_timeout(dest, st->busy_ms);
		bk = sqlite3_backup_init(dest, "main", st->db, "main");
		if (bk) {
			/* busy: the destination's lock, waited for up to the timeout */
			for (int waited = 0; waited <= st->busy_ms; waited += 10) {
				src = sqlite3_backup_step(bk, -1);
				if (src != SQLITE_BUSY && src != SQLITE_LOCKED)
					break;
				sqlite3_sleep(10);
			}
			if (sqlite3_backup_finish(bk) != SQLITE_OK || src != SQLITE_DONE)
				src = sqlite3_errcode(dest) != SQLITE_OK ? sqlite3_errcode(dest) : SQLITE_BUSY;
			else
				src = SQLITE_OK;
		} else {
			src = sqlite3_errcode(dest);
		}
	}
	if (src != SQLITE_OK) {
		calm_err_set(err, CALM_IO, "cannot write '%s': %s", st->path,
			     dest ? sqlite3_errmsg(dest) : "out of memory");
		sqlite3_close(dest);
		return CALM_IO;
	}
	sqlite3_close(dest);
	return store_reopen(st, err);
}
