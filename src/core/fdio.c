/* fdio.c - whole writes to a descriptor and whole reads from one (fdio.h). */
#include "calm/fdio.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

bool fd_write_all(int fd, const void *p, size_t n, int flags)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = (flags & FDIO_SOCKET) ? send(fd, c, n, MSG_NOSIGNAL)
						  : write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		c += w;
		n -= (size_t)w;
	}
	return true;
}

ssize_t fd_read_all(int fd, void *p, size_t n)
{
	char *c = p;
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, c + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}
