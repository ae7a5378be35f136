/*
 * file.c - writing a file so that it is either all there or not at all.
 *
 * A temporary file beside the target (mkstemp: 0600), every byte
 * written, fsync, rename over the target, then fsync of the directory
 * so the rename itself survives a power cut.  Used for exports and for
 * text the console keeps outside the database (drafts, recovered text);
 * app_file_open / _write / _commit write one a piece at a time (an
 * export of a long timeline).
 */
#include "calm/app.h"
#include "app-int.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calm/buf.h"

enum calm_rc app_file_open(struct app_file *f, const char *path, struct calm_err *err)
{
	memset(f, 0, sizeof *f);
	f->path = path;
	buf_addf(&f->tmp, "%s.tmp.XXXXXX", path);
	f->fd = mkstemp(f->tmp.s);
	if (f->fd < 0) {
		enum calm_rc rc = calm_err_set(err, CALM_IO, "cannot write '%s': %s", path,
					       strerror(errno));

		buf_release(&f->tmp);
		return rc;
	}
	return CALM_OK;
}

enum calm_rc app_file_write(struct app_file *f, const void *p, size_t len,
			    struct calm_err *err)
{
	const char *data = p;
	size_t off = 0;

	while (off < len) {
		ssize_t w = write(f->fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return calm_err_set(err, CALM_IO, "cannot write '%s': %s",
					    f->path, w < 0 ? strerror(errno) : "short write");
		off += (size_t)w;
	}
	return CALM_OK;
}

void app_file_abort(struct app_file *f)
{
	if (f->fd >= 0 && f->tmp.s) {
		close(f->fd);
		unlink(f->tmp.s);
	}
	f->fd = -1;
	buf_release(&f->tmp);
}

enum calm_rc app_file_commit(struct app_file *f, struct calm_err *err)
{
	char *dcopy = xstrdup(f->path);
	const char *dir = dirname(dcopy);
	enum calm_rc rc = CALM_OK;
	int dfd, fd = f->fd;

	f->fd = -1;
	if (fsync(fd) != 0)
		rc = calm_err_set(err, CALM_IO, "cannot sync '%s': %s", f->path,
				  strerror(errno));
	if (close(fd) != 0 && rc == CALM_OK)
		rc = calm_err_set(err, CALM_IO, "cannot write '%s': %s", f->path,
				  strerror(errno));
	if (rc == CALM_OK && rename(f->tmp.s, f->path) != 0)
		rc = calm_err_set(err, CALM_IO, "cannot write '%s': %s", f->path,
				  strerror(errno));
	if (rc != CALM_OK) {
		unlink(f->tmp.s);
		goto out;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd) != 0)
		rc = calm_err_set(err, CALM_IO, "cannot sync the directory of '%s': %s", f->path,
				  strerror(errno));
	if (dfd >= 0)
		close(dfd);
out:
	buf_release(&f->tmp);
	free(dcopy);
	return rc;
}

enum calm_rc app_write_file(const char *path, const char *data, size_t len,
			    struct calm_err *err)
{
	struct app_file f;
	enum calm_rc rc = app_file_open(&f, path, err);

	if (rc != CALM_OK)
		return rc;
	rc = app_file_write(&f, data, len, err);
	if (rc != CALM_OK) {
		app_file_abort(&f);
		return rc;
	}
	return app_file_commit(&f, err);
}
