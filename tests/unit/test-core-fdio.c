/*
 * test-core-fdio.c - whole writes (fdio.h): every byte arrives through a
 * pipe smaller than the write, a signal in the middle loses none, and a
 * reader gone is a false return (EPIPE), on a socket without SIGPIPE.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "calm/fdio.h"

#define BIG (1 << 20) /* over a pipe's 64 KiB: the writer waits, short writes */

static void on_alarm(int sig)
{
	(void)sig;
}

/* A child reads all of fd (the pipe's write end, other, closed in it)
 * and exits with 0 only when it read n bytes equal to the pattern. */
static pid_t reader(int fd, int other, size_t n)
{
	pid_t pid = fork();

	if (pid == 0) {
		char buf[4096];
		size_t got = 0;
		ssize_t r;

		close(other);
		usleep(50000); /* the writer waits on a full pipe: a signal there is EINTR */
		while ((r = read(fd, buf, sizeof buf)) > 0) {
			for (ssize_t i = 0; i < r; i++)
				if (buf[i] != (char)((got + (size_t)i) % 251))
					_exit(2);
			got += (size_t)r;
		}
		_exit(got == n ? 0 : 1);
	}
	return pid;
}

static void fdio__every_byte_through_a_pipe_despite_signals(void **state)
{
	char *p = malloc(BIG);
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_interval = { 0, 1000 }, .it_value = { 0, 1000 } };
	int fds[2], status;
	pid_t pid;

	(void)state;
	for (size_t i = 0; i < BIG; i++)
		p[i] = (char)(i % 251);
	assert_int_equal(pipe(fds), 0);
	pid = reader(fds[0], fds[1], BIG);
	close(fds[0]);
	sigaction(SIGALRM, &sa, NULL); /* no SA_RESTART: writes see EINTR */
	setitimer(ITIMER_REAL, &it, NULL);
	assert_true(fd_write_all(fds[1], p, BIG, 0));
	memset(&it, 0, sizeof it);
	setitimer(ITIMER_REAL, &it, NULL);
	close(fds[1]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	free(p);
}

static void fdio__a_socket_whose_peer_is_gone_is_epipe_not_a_signal(void **state)
{
	int sv[2];

	(void)state;
	signal(SIGPIPE, SIG_DFL); /* a SIGPIPE would end this test */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	close(sv[1]);
	errno = 0;
	assert_false(fd_write_all(sv[0], "x", 1, FDIO_SOCKET));
	assert_int_equal(errno, EPIPE);
	close(sv[0]);
}

static void fdio__nothing_to_write_is_done(void **state)
{
	(void)state;
	assert_true(fd_write_all(-1, "", 0, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fdio__every_byte_through_a_pipe_despite_signals),
		cmocka_unit_test(fdio__a_socket_whose_peer_is_gone_is_epipe_not_a_signal),
		cmocka_unit_test(fdio__nothing_to_write_is_done),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
