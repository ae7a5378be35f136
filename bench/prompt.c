/*
 * prompt.c - how long an interactive shell takes from Enter to its next
 * prompt, for bench/hook.sh.
 *
 * Usage: calm-prompt RUNS SETUP -- SHELL [ARGS...]
 * Starts the shell on a pseudo-terminal, waits for its first prompt
 * (the string "BENCH> "), types SETUP (a line, may be ""), then RUNS
 * times types "true" and Enter and times until the next prompt has
 * been printed.  Prints the median and the 90th percentile in ms.
 * Nothing but the shell and what it starts runs on the terminal.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MARK "BENCH> "

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Where MARK starts in buf[0..len), or NULL. */
static char *find_mark(char *buf, size_t len)
{
	size_t m = strlen(MARK);

	for (size_t i = 0; i + m <= len; i++)
		if (memcmp(buf + i, MARK, m) == 0)
			return buf + i;
	return NULL;
}

/* Read from fd until MARK has come n more times; false on timeout. */
static bool wait_prompt(int fd, int n, int timeout_ms)
{
	static char buf[65536];
	static size_t len;
	double end = now_ms() + timeout_ms;

	while (n > 0) {
		char *p;
		struct pollfd pf = { fd, POLLIN, 0 };
		int left = (int)(end - now_ms());
		ssize_t k;

		while (n > 0 && (p = find_mark(buf, len))) {
			size_t skip = (size_t)(p - buf) + strlen(MARK);

			memmove(buf, buf + skip, len - skip);
			len -= skip;
			n--;
		}
		if (n == 0)
			break;
		if (left <= 0 || poll(&pf, 1, left) <= 0)
			return false;
		k = read(fd, buf + len, sizeof buf - len - 1);
		if (k <= 0)
			return false;
		len += (size_t)k;
		if (len > sizeof buf / 2) { /* keep only a tail that may hold a split mark */
			memmove(buf, buf + len - 16, 16);
			len = 16;
		}
	}
	return true;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	struct winsize ws = { .ws_row = 40, .ws_col = 120 };
	int runs, master, i;
	double *t;
	char *slave;
	pid_t pid;

	if (argc < 5 || strcmp(argv[3], "--") != 0) {
		fprintf(stderr, "usage: calm-prompt RUNS SETUP -- SHELL [ARGS...]\n");
		return 64;
	}
	runs = atoi(argv[1]);
	t = calloc((size_t)runs, sizeof *t);
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master) || !(slave = ptsname(master)) || !t)
		return 71;
	ioctl(master, TIOCSWINSZ, &ws);
	pid = fork();
	if (pid == 0) {
		int fd;

		setsid();
		fd = open(slave, O_RDWR);
		ioctl(fd, TIOCSCTTY, 0);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		close(master);
		execvp(argv[4], argv + 4);
		_exit(127);
	}
	if (!wait_prompt(master, 1, 10000)) {
		fprintf(stderr, "calm-prompt: no first prompt from %s\n", argv[4]);
		return 1;
	}
	if (argv[2][0]) {
		dprintf(master, "%s\r", argv[2]);
		if (!wait_prompt(master, 1, 10000))
			return 1;
	}
	for (i = 0; i < runs; i++) {
		double t0 = now_ms();

		if (write(master, "true\r", 5) != 5 || !wait_prompt(master, 1, 10000)) {
			fprintf(stderr, "calm-prompt: the shell stopped answering at run %d\n", i);
			return 1;
		}
		t[i] = now_ms() - t0;
	}
	if (write(master, "exit\r", 5) < 0)
		kill(pid, SIGHUP);
	waitpid(pid, NULL, 0);
	qsort(t, (size_t)runs, sizeof *t, by_value);
	printf("%.3f %.3f\n", t[runs / 2], t[runs * 9 / 10]);
	return 0;
}
