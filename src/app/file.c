/*
 * file.c - writing a file so that it is either all there or not at all.
 *
 * A temporary file beside the target (mkstemp: 0600), every byte
 * written, fsync, rename over the target, then fsync of the directory
 * so the rename itself survives a power cut.  Used for exports and for
 * text the console keeps outside the database (drafts, recovered text).
 */
#include "calm/app.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calm/buf.h"

enum calm_rc app_write_file(const char *path, const char *data, size_t len,
			    struct calm_err *err)
{
	struct buf tmp = BUF_INIT;
	char *dcopy = xstrdup(path);
	const char *dir = dirname(dcopy);
	size_t off = 0;
	enum calm_rc rc = CALM_OK;
	int fd, dfd;

	buf_addf(&tmp, "%s.tmp.XXXXXX", path);
	fd = mkstemp(tmp.s);
	if (fd < 0) {
		rc = calm_err_set(err, CALM_IO, "cannot write '%s': %s", path,
				  strerror(errno));
		goto out;
	}
	while (rc == CALM_OK && off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			rc = calm_err_set(err, CALM_IO, "cannot write '%s': %s",
					  path, w < 0 ? strerror(errno) : "short write");
		else
			off += (size_t)w;
	}
	if (rc == CALM_OK && fsync(fd) != 0)
		rc = calm_err_set(err, CALM_IO, "cannot sync '%s': %s", path,
				  strerror(errno));
	if (close(fd) != 0 && rc == CALM_OK)
		rc = calm_err_set(err, CALM_IO, "cannot write '%s': %s", path,
				  strerror(errno));
	if (rc == CALM_OK && rename(tmp.s, path) != 0)
		rc = calm_err_set(err, CALM_IO, "cannot write '%s': %s", path,
				  strerror(errno));
	if (rc != CALM_OK) {
		unlink(tmp.s);
		goto out;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd) != 0)
		rc = calm_err_set(err, CALM_IO, "cannot sync the directory of '%s': %s", path,
				  strerror(errno));
	if (dfd >= 0)
		close(dfd);
out:
	buf_release(&tmp);
	free(dcopy);
	return rc;
}
