/*
 * powercut-vfs.c - see powercut-vfs.h.
 *
 * Each file path the shim has seen has a record: its durable bytes (what
 * it held at the last sync, or when first opened) and the writes and
 * truncates made since.  A sync folds those into the durable bytes.  The
 * real file always gets every write, so SQLite reads what it wrote;
 * only pc_restore() turns the files back into their durable state.
 */
#include "powercut-vfs.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "calm/buf.h"

struct op {
	bool truncate;          /* else a write */
	sqlite3_int64 off;      /* write: offset; truncate: new size */
	unsigned char *data;
	size_t len;
};

struct rec {
	char *path;
	unsigned char *durable; /* bytes as of the last sync */
	size_t dlen;
	bool exists;            /* durable: the file exists */
	struct op *ops;         /* since the last sync, in order */
	size_t nops;
};

struct pc_file {
	sqlite3_file base;
	struct rec *rec;        /* NULL: not recorded (temp files) */
	sqlite3_file *real;     /* the default VFS's file, just after this */
};

static sqlite3_vfs shim, *parent;
static struct rec *recs;
static size_t nrecs;
static long ops_done, cut_at;
static bool cut, tracking;
static unsigned rng;

static unsigned next_rand(void)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 16) & 0x7fff;
}

/* Count one operation; true when it is past the cut. */
static bool step(void)
{
	if (cut)
		return true;
	ops_done++;
	if (cut_at > 0 && ops_done >= cut_at)
		cut = true;
	return cut;
}

static void apply(unsigned char **b, size_t *len, const struct op *o)
{
	if (o->truncate) {
		if ((size_t)o->off < *len)
			*len = (size_t)o->off;
		return;
	}
	size_t end = (size_t)o->off + o->len;
	if (end > *len) {
		*b = xrealloc(*b, end ? end : 1);
		memset(*b + *len, 0, end - *len);
		*len = end;
	}
	memcpy(*b + o->off, o->data, o->len);
}

static void drop_ops(struct rec *r)
{
	for (size_t i = 0; i < r->nops; i++)
		free(r->ops[i].data);
	free(r->ops);
	r->ops = NULL;
	r->nops = 0;
}

static struct rec *find_rec(const char *path, bool create)
{
	for (size_t i = 0; i < nrecs; i++)
		if (strcmp(recs[i].path, path) == 0)
			return &recs[i];
	if (!create)
		return NULL;
	recs = xrealloc(recs, (nrecs + 1) * sizeof *recs);
	memset(&recs[nrecs], 0, sizeof recs[nrecs]);
	recs[nrecs].path = xstrdup(path);
	return &recs[nrecs++];
}

/* The file's bytes now, as its durable state when first seen. */
static void load(struct rec *r)
{
	int fd = open(r->path, O_RDONLY);
	unsigned char chunk[65536];
	ssize_t n;

	r->exists = fd >= 0;
	while (fd >= 0 && (n = read(fd, chunk, sizeof chunk)) > 0) {
		r->durable = xrealloc(r->durable, r->dlen + (size_t)n);
		memcpy(r->durable + r->dlen, chunk, (size_t)n);
		r->dlen += (size_t)n;
	}
	if (fd >= 0)
		close(fd);
}

static void record(struct rec *r, bool truncate, sqlite3_int64 off, const void *p, size_t len)
{
	struct op *o;

	r->ops = xrealloc(r->ops, (r->nops + 1) * sizeof *r->ops);
	o = &r->ops[r->nops++];
	o->truncate = truncate;
	o->off = off;
	o->len = len;
	o->data = NULL;
	if (!truncate) {
		o->data = xmalloc(len ? len : 1);
		memcpy(o->data, p, len);
	}
}

/* ---- io methods ---- */

#define REAL(f) (((struct pc_file *)(f))->real)

static int pc_close(sqlite3_file *f)
{
	int rc = REAL(f)->pMethods ? REAL(f)->pMethods->xClose(REAL(f)) : SQLITE_OK;

	return rc;
}

static int pc_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), p, n, off);
}

static int pc_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
	struct rec *r = ((struct pc_file *)f)->rec;

	if (r && step())
		return SQLITE_IOERR_WRITE;
	if (r)
		record(r, false, off, p, (size_t)n);
	return REAL(f)->pMethods->xWrite(REAL(f), p, n, off);
}

static int pc_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct rec *r = ((struct pc_file *)f)->rec;

	if (r && step())
		return SQLITE_IOERR_TRUNCATE;
	if (r)
		record(r, true, size, NULL, 0);
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int pc_sync(sqlite3_file *f, int flags)
{
	struct rec *r = ((struct pc_file *)f)->rec;

	if (r && step())
		return SQLITE_IOERR_FSYNC;
	if (r) {
		for (size_t i = 0; i < r->nops; i++)
			apply(&r->durable, &r->dlen, &r->ops[i]);
		r->exists = true;
		drop_ops(r);
	}
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int pc_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int pc_lock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xLock(REAL(f), l);
}

static int pc_unlock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), l);
}

static int pc_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int pc_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int pc_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int pc_device(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int pc_shm_map(sqlite3_file *f, int pg, int sz, int extend, void volatile **pp)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, extend, pp);
}

static int pc_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}

static void pc_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int pc_shm_unmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static int pc_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	*pp = NULL; /* no memory-mapped reads: every byte through xRead */
	(void)f;
	(void)off;
	(void)n;
	return SQLITE_OK;
}

static int pc_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	(void)f;
	(void)off;
	(void)p;
	return SQLITE_OK;
}

static const sqlite3_io_methods pc_methods = {
	3, pc_close, pc_read, pc_write, pc_truncate, pc_sync, pc_size, pc_lock,
	pc_unlock, pc_reserved, pc_control, pc_sector, pc_device, pc_shm_map,
	pc_shm_lock, pc_shm_barrier, pc_shm_unmap, pc_fetch, pc_unfetch,
};

/* ---- the vfs ---- */

static int pc_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
	struct pc_file *p = (struct pc_file *)f;
	int rc;

	(void)vfs;
	memset(p, 0, sizeof *p);
	p->real = (sqlite3_file *)(p + 1);
	rc = parent->xOpen(parent, name, p->real, flags, out);
	if (rc != SQLITE_OK)
		return rc;
	if (tracking && name && (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL))) {
		p->rec = find_rec(name, false);
		if (!p->rec) {
			p->rec = find_rec(name, true);
			load(p->rec);
		}
	}
	p->base.pMethods = &pc_methods;
	return SQLITE_OK;
}

static int pc_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
	struct rec *r = tracking ? find_rec(name, false) : NULL;

	(void)vfs;
	if (r && step())
		return SQLITE_IOERR_DELETE;
	if (r) { /* a removal is taken as durable at once */
		drop_ops(r);
		r->dlen = 0;
		r->exists = false;
	}
	return parent->xDelete(parent, name, sync);
}

static int pc_access(sqlite3_vfs *v, const char *n, int flags, int *out)
{
	(void)v;
	return parent->xAccess(parent, n, flags, out);
}

static int pc_fullpath(sqlite3_vfs *v, const char *n, int len, char *out)
{
	(void)v;
	return parent->xFullPathname(parent, n, len, out);
}

static int pc_random(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return parent->xRandomness(parent, n, out);
}

static int pc_sleep(sqlite3_vfs *v, int us)
{
	(void)v;
	return parent->xSleep(parent, us);
}

static int pc_time(sqlite3_vfs *v, double *out)
{
	(void)v;
	return parent->xCurrentTime(parent, out);
}

static int pc_error(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return parent->xGetLastError(parent, n, out);
}

static int pc_time64(sqlite3_vfs *v, sqlite3_int64 *out)
{
	(void)v;
	return parent->xCurrentTimeInt64(parent, out);
}

void pc_install(void)
{
	if (parent)
		return;
	parent = sqlite3_vfs_find(NULL);
	shim.iVersion = 2;
	shim.szOsFile = (int)sizeof(struct pc_file) + parent->szOsFile;
	shim.mxPathname = parent->mxPathname;
	shim.zName = "calm-powercut";
	shim.xOpen = pc_open;
	shim.xDelete = pc_delete;
	shim.xAccess = pc_access;
	shim.xFullPathname = pc_fullpath;
	shim.xRandomness = pc_random;
	shim.xSleep = pc_sleep;
	shim.xCurrentTime = pc_time;
	shim.xGetLastError = pc_error;
	shim.xCurrentTimeInt64 = pc_time64;
	sqlite3_vfs_register(&shim, 1);
}

static void forget(void)
{
	for (size_t i = 0; i < nrecs; i++) {
		drop_ops(&recs[i]);
		free(recs[i].durable);
		free(recs[i].path);
	}
	free(recs);
	recs = NULL;
	nrecs = 0;
}

void pc_arm(long at, unsigned seed)
{
	forget();
	cut_at = at;
	ops_done = 0;
	cut = false;
	tracking = true;
	rng = seed;
}

bool pc_cut(void)
{
	return cut;
}

long pc_ops(void)
{
	return ops_done;
}

void pc_cut_now(void)
{
	cut = true;
}

int pc_restore(enum pc_mode mode)
{
	struct buf shm = BUF_INIT;
	int n = 0;

	for (size_t i = 0; i < nrecs; i++) {
		struct rec *r = &recs[i];
		unsigned char *b = NULL;
		size_t len = r->dlen;
		int fd;

		if (r->dlen) {
			b = xmalloc(r->dlen);
			memcpy(b, r->durable, r->dlen);
		}
		/* a disk may have persisted any of the unsynced writes */
		for (size_t k = 0; mode != PC_SYNCED_ONLY && k < r->nops; k++)
			if (mode == PC_ALL_WRITTEN || (next_rand() & 1))
				apply(&b, &len, &r->ops[k]);
		if (!r->exists && len == 0) {
			unlink(r->path);
		} else if ((fd = open(r->path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) >= 0) {
			if (len && write(fd, b, len) != (ssize_t)len)
				len = 0;
			close(fd);
		}
		free(b);
		len = strlen(r->path);
		if (len < 4 || strcmp(r->path + len - 4, "-wal") != 0) {
			buf_reset(&shm); /* shared memory, rebuilt from the -wal */
			buf_addf(&shm, "%s-shm", r->path);
			unlink(shm.s);
		}
		n++;
	}
	buf_release(&shm);
	tracking = false;
	forget();
	return n;
}
