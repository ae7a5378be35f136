/*
 * test-core-fdio.c - whole writes and reads (fdio.h): every byte arrives
 * through a pipe smaller than the write, a signal in the middle loses
 * none, and a reader gone is a false return (EPIPE), on a socket without
 * SIGPIPE; a read gathers a writer's pieces, through signals, up to the
 * count asked or the end of the stream, and a failure is -1 with errno.
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

/* A child writes n bytes of the pattern to fd in pieces of piece bytes,
 * a pause after each (the reader sees short reads), then exits: the
 * stream ends when every other writer is closed. */
static pid_t writer(int fd, int other, size_t n, size_t piece)
{
	pid_t pid = fork();

	if (pid == 0) {
		char buf[4096];

		close(other);
		for (size_t off = 0; off < n; off += piece) {
			size_t k = n - off < piece ? n - off : piece;

			for (size_t i = 0; i < k; i++)
				buf[i] = (char)((off + i) % 251);
			if (write(fd, buf, k) != (ssize_t)k)
				_exit(1);
			usleep(5000);
		}
		_exit(0);
	}
	return pid;
}

static void assert_pattern(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_int_equal((unsigned char)p[i], i % 251);
}

static void reap(pid_t pid)
{
	int status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void fdio__read_all_gathers_short_reads(void **state)
{
	char p[1000];
	int fds[2];
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	pid = writer(fds[1], fds[0], 1500, 97); /* more than asked, in 16 pieces */
	close(fds[1]);
	assert_int_equal(fd_read_all(fds[0], p, sizeof p), sizeof p);
	assert_pattern(p, sizeof p);
	close(fds[0]); /* the writer may still be writing: it gets EPIPE */
	waitpid(pid, NULL, 0);
}

static void fdio__read_all_stops_at_the_end_of_the_stream(void **state)
{
	char p[1000];
	int fds[2];
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	pid = writer(fds[1], fds[0], 300, 64);
	close(fds[1]);
	assert_int_equal(fd_read_all(fds[0], p, sizeof p), 300);
	assert_pattern(p, 300);
	assert_int_equal(fd_read_all(fds[0], p, sizeof p), 0); /* ended: nothing more */
	close(fds[0]);
	reap(pid);
}

static void fdio__read_all_goes_on_after_a_signal(void **state)
{
	char p[2000];
	struct sigaction sa = { .sa_handler = on_alarm }, old;
	struct itimerval it = { .it_interval = { 0, 1000 }, .it_value = { 0, 1000 } };
	int fds[2];
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	pid = writer(fds[1], fds[0], sizeof p, 100); /* 20 pieces, 100 ms: many signals */
	close(fds[1]);
	sigaction(SIGALRM, &sa, &old); /* no SA_RESTART: reads see EINTR */
	setitimer(ITIMER_REAL, &it, NULL);
	ssize_t n = fd_read_all(fds[0], p, sizeof p);
	memset(&it, 0, sizeof it);
	setitimer(ITIMER_REAL, &it, NULL);
	sigaction(SIGALRM, &old, NULL);
	assert_int_equal(n, sizeof p);
	assert_pattern(p, sizeof p);
	close(fds[0]);
	reap(pid);
}

static void fdio__read_all_failing_is_minus_one_with_errno(void **state)
{
	char p[16];
	int fds[2];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
	assert_int_equal(write(fds[1], "abc", 3), 3);
	errno = 0;
	assert_int_equal(fd_read_all(fds[0], p, sizeof p), -1); /* 3 in, then nothing yet */
	assert_int_equal(errno, EAGAIN);
	close(fds[0]);
	close(fds[1]);
	errno = 0;
	assert_int_equal(fd_read_all(fds[0], p, sizeof p), -1);
	assert_int_equal(errno, EBADF);
}

static void fdio__nothing_to_read_is_done(void **state)
{
	(void)state;
	assert_int_equal(fd_read_all(-1, NULL, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fdio__every_byte_through_a_pipe_despite_signals),
		cmocka_unit_test(fdio__a_socket_whose_peer_is_gone_is_epipe_not_a_signal),
		cmocka_unit_test(fdio__nothing_to_write_is_done),
		cmocka_unit_test(fdio__read_all_gathers_short_reads),
		cmocka_unit_test(fdio__read_all_stops_at_the_end_of_the_stream),
		cmocka_unit_test(fdio__read_all_goes_on_after_a_signal),
		cmocka_unit_test(fdio__read_all_failing_is_minus_one_with_errno),
		cmocka_unit_test(fdio__nothing_to_read_is_done),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
