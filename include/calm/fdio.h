/*
 * fdio.h - whole writes to a descriptor: the one loop calm uses where a
 * short write or an interrupted one must not lose bytes (a channel's
 * file, a command's pty and pipes, the keeper's socket).
 *
 * Pure: libc alone.
 */
#ifndef CALM_FDIO_H
#define CALM_FDIO_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Write all of p[0..n) to fd, again after EINTR and after a short
 * write; false once a write fails (errno says why: EPIPE when the
 * reader is gone) or writes nothing.  FDIO_SOCKET sends with
 * MSG_NOSIGNAL, so a peer gone is EPIPE, never SIGPIPE, whatever the
 * caller's signal dispositions; 0 uses write(2).
 */
#define FDIO_SOCKET 1
bool fd_write_all(int fd, const void *p, size_t n, int flags);

#endif
