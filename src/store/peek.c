/*
 * peek.c - what a database file says about itself, read without SQLite.
 *
 * Opening a file with SQLite read-write is already a write: reading a
 * WAL database creates its -wal and -shm when missing, and the last
 * connection to close checkpoints the -wal into the file and deletes
 * both.  So before store_open() lets SQLite near a file it reads page 1
 * itself, with plain read(2): the schema version (user_version, offset
 * 60), the owner (application_id, offset 68) and whether the schema is
 * empty (page 1 is the schema's b-tree: a leaf with no cell).  A
 * database that is newer than us or not ours is refused before any byte
 * of it, its -wal or its -shm can change.
 *
 * The newest page 1 may be in the -wal, not yet copied back (a newer
 * calm has the database open).  The -wal is read the way SQLite's
 * recovery reads it (https://sqlite.org/fileformat2.html#walformat):
 * frames whose salts match the header and whose running checksum holds,
 * up to the last commit frame; the last page-1 frame among those wins.
 * Nothing is locked either: a writer racing us is caught again by the
 * check SQLite makes inside the migration transaction.
 */
#include "calm/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calm/buf.h"
#include "store-int.h"

#define HDR_LEN 108              /* the file header and page 1's b-tree header */
#define WAL_HDR 32
#define WAL_FRAME_HDR 24
#define WAL_MAGIC 0x377f0682u

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Read exactly len bytes at off; false on a short read or an error. */
static bool read_at(int fd, off_t off, unsigned char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(fd, buf + got, len - got, off + (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		got += (size_t)n;
	}
	return true;
}

/* SQLite's WAL checksum over len bytes (a multiple of 8), continuing s. */
static void wal_sum(const unsigned char *p, size_t len, bool big, uint32_t s[2])
{
	for (size_t i = 0; i + 8 <= len; i += 8) {
		uint32_t x0, x1;

		if (big) {
			x0 = be32(p + i);
			x1 = be32(p + i + 4);
		} else {
			x0 = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8 |
			     (uint32_t)p[i + 2] << 16 | (uint32_t)p[i + 3] << 24;
			x1 = (uint32_t)p[i + 4] | (uint32_t)p[i + 5] << 8 |
			     (uint32_t)p[i + 6] << 16 | (uint32_t)p[i + 7] << 24;
		}
		s[0] += x0 + s[1];
		s[1] += x1 + s[0];
	}
}

/*
 * The first HDR_LEN bytes of the newest committed page 1 in the -wal
 * at wal_path into hdr; false when the -wal is missing, empty, not
 * valid, or holds no committed page 1.
 */
static bool wal_page1(const char *wal_path, unsigned char hdr[HDR_LEN])
{
	unsigned char wh[WAL_HDR], fh[WAL_FRAME_HDR], *page = NULL;
	uint32_t s[2] = { 0, 0 }, psize;
	bool big, found = false, pending = false;
	unsigned char cand[HDR_LEN];
	off_t off = WAL_HDR;
	int fd = open(wal_path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return false;
	if (!read_at(fd, 0, wh, sizeof wh) || (be32(wh) & ~1u) != WAL_MAGIC)
		goto out;
	big = be32(wh) & 1;
	psize = be32(wh + 8);
	if (psize < 512 || psize > 65536 || (psize & (psize - 1)) != 0)
		goto out;
	wal_sum(wh, 24, big, s);
	if (s[0] != be32(wh + 24) || s[1] != be32(wh + 28))
		goto out;
	page = xmalloc(psize);
	while (read_at(fd, off, fh, sizeof fh) && read_at(fd, off + WAL_FRAME_HDR, page, psize)) {
		if (memcmp(fh + 8, wh + 16, 8) != 0)
			break; /* salts of an older generation: the log ends here */
		wal_sum(fh, 8, big, s);
		wal_sum(page, psize, big, s);
		if (s[0] != be32(fh + 16) || s[1] != be32(fh + 20))
			break; /* torn or never completed */
		if (be32(fh) == 1) {
			memcpy(cand, page, HDR_LEN);
			pending = true;
		}
		if (be32(fh + 4) != 0 && pending) { /* a commit frame */
			memcpy(hdr, cand, HDR_LEN);
			found = true;
			pending = false;
		}
		off += WAL_FRAME_HDR + (off_t)psize;
	}
out:
	free(page);
	close(fd);
	return found;
}

enum calm_rc store_peek(const char *path, struct store_peek *out,
			struct calm_err *err)
{
	static const char magic[16] = "SQLite format 3";
	unsigned char hdr[HDR_LEN];
	struct buf wal = BUF_INIT;
	ssize_t n = 0;
	int fd;

	memset(out, 0, sizeof *out);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return calm_err_set(err, CALM_IO, "cannot open database '%s': %s", path,
				    strerror(errno));
	do
		n = pread(fd, hdr, sizeof hdr, 0);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n < 0)
		return calm_err_set(err, CALM_IO, "cannot read '%s': %s", path, strerror(errno));
	if (n == 0) {
		out->empty_file = true;
		return CALM_OK;
	}
	if ((size_t)n < sizeof hdr || memcmp(hdr, magic, sizeof magic) != 0)
		return CALM_OK; /* not SQLite's: SQLite says so without writing */
	buf_addf(&wal, "%s-wal", path);
	wal_page1(buf_cstr(&wal), hdr);
	buf_release(&wal);
	out->sqlite = true;
	out->version = (int)be32(hdr + 60);
	out->app_id = (int)be32(hdr + 68);
	/* page 1 is the schema's root: a leaf (13) with no cell is empty */
	out->schema_empty = hdr[100] == 13 && hdr[103] == 0 && hdr[104] == 0;
	return CALM_OK;
}
