/*
 * fdio.h - whole writes to a descriptor and whole reads from one: the
 * loops calm uses where a short write or read, or an interrupted one,
 * must not lose bytes (a channel's file, a command's pty and pipes, the
 * keeper's socket).
 *
 * Pure: libc alone.
 */
#ifndef CALM_FDIO_H
#define CALM_FDIO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * Write all of p[0..n) to fd, again after EINTR and after a short
 * write; false once a write fails (errno says why: EPIPE when the
 * reader is gone) or writes nothing.  FDIO_SOCKET sends with
 * MSG_NOSIGNAL, so a peer gone is EPIPE, never SIGPIPE, whatever the
 * caller's signal dispositions; 0 uses write(2).
 */
#define FDIO_SOCKET 1
bool fd_write_all(int fd, const void *p, size_t n, int flags);

/*
 * Read from fd into p[0..n) until n bytes are in or the stream ends,
 * again after EINTR and after a short read.  Returns the count read:
 * n, or less only when the stream ended (0: it had ended); -1 once a
 * read fails (errno says why: EAGAIN when fd is non-blocking, or has a
 * receive timeout, SO_RCVTIMEO, and nothing came in time), the bytes
 * read before it then in p but not counted.
 */
ssize_t fd_read_all(int fd, void *p, size_t n);

#endif
