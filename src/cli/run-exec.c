/*
 * run-exec.c - run one command, pass its output through live and keep
 * its tail (see run-exec.h).
 *
 * The child is forked and exec'd directly; an exec failure comes back
 * over a close-on-exec pipe, so "no such command" is known for sure.
 * While it runs calm ignores SIGINT and SIGQUIT (the terminal sends them
 * to the command too, which decides), and forwards SIGTERM and SIGHUP
 * to it, then still records how it ended.  On a pseudo-terminal calm's
 * own terminal is raw and is restored however the command ends.
 */
#include "run-exec.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "calm/fdio.h"

static volatile sig_atomic_t got_winch, got_term;

static void on_winch(int sig)
{
	(void)sig;
	got_winch = 1;
}

static void on_term(int sig)
{
	got_term = sig;
}

/* A pipe whose ends close on exec. */
static int cloexec_pipe(int fd[2])
{
	if (pipe(fd) != 0)
		return -1;
	fcntl(fd[0], F_SETFD, FD_CLOEXEC);
	fcntl(fd[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

static long long now_ms(int clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Keep the newest bytes: at most twice RUN_TAIL_MAX held at once. */
static void tail_add(struct run_result *r, const char *p, size_t n)
{
	r->out_bytes += (long long)n;
	buf_add(&r->tail, p, n);
	if (r->tail.len > 2 * RUN_TAIL_MAX) {
		size_t drop = r->tail.len - RUN_TAIL_MAX;

		memmove(r->tail.s, r->tail.s + drop, r->tail.len - drop + 1);
		r->tail.len -= drop;
		r->cut = true;
	}
}

/* Cut the tail to its last max_lines lines (a final newline ends the
 * last line, it does not start another). */
static void tail_finish(struct run_result *r, int max_lines)
{
	size_t len = r->tail.len, start = 0;
	int lines = 0;

	if (len && r->tail.s[len - 1] == '\n')
		len--;
	for (size_t i = len; i > 0; i--) {
		if (r->tail.s[i - 1] == '\n' && ++lines == max_lines) {
			start = i;
			break;
		}
	}
	if (r->tail.len > 0 && (start > 0 || r->tail.len > RUN_TAIL_MAX)) {
		if (start == 0)
			start = r->tail.len - RUN_TAIL_MAX;
		memmove(r->tail.s, r->tail.s + start, r->tail.len - start + 1);
		r->tail.len -= start;
		r->cut = true;
	}
	r->lines = 0;
	for (size_t i = 0; i < r->tail.len; i++)
		r->lines += r->tail.s[i] == '\n';
	if (r->tail.len && r->tail.s[r->tail.len - 1] != '\n')
		r->lines++;
}

/*
 * In the child: signals back to their defaults, then exec; on failure
 * send errno over report and exit 127.
 */
static void child_exec(char *const *argv, int report)
{
	int e;

	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGWINCH, SIG_DFL);
	execvp(argv[0], argv);
	e = errno;
	if (write(report, &e, sizeof e) < 0)
		_exit(127);
	_exit(127);
}

/* Wait for the exec report: 0 when the command started, else errno. */
static int exec_report(int fd)
{
	int e = 0;
	ssize_t n = fd_read_all(fd, &e, sizeof e);

	close(fd);
	return n == (ssize_t)sizeof e ? e : 0;
}

/* The pty side: master to stdout and the tail, stdin to master. */
static void relay_pty(pid_t pid, int master, struct run_result *r, int *wstatus)
{
	char buf[16384];
	bool in_open = true, out_ok = true, done = false;
	struct winsize ws;

	while (!done) {
		struct pollfd p[2] = { { master, POLLIN, 0 }, { STDIN_FILENO, POLLIN, 0 } };
		int n = poll(p, in_open ? 2 : 1, 200);

		if (got_winch) {
			got_winch = 0;
			if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
				ioctl(master, TIOCSWINSZ, &ws);
		}
		if (got_term) {
			kill(pid, got_term);
			got_term = 0;
		}
		if (n > 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR))) {
			ssize_t k = read(master, buf, sizeof buf);

			if (k > 0) {
				tail_add(r, buf, (size_t)k);
				if (out_ok)
					out_ok = fd_write_all(STDOUT_FILENO, buf, (size_t)k, 0);
			} else if (k == 0 || errno != EINTR) {
				done = true; /* EIO: no process has the terminal open */
			}
		}
		if (n > 0 && in_open && (p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
			ssize_t k = read(STDIN_FILENO, buf, sizeof buf);

			if (k > 0) {
				fd_write_all(master, buf, (size_t)k, 0);
			} else if (k == 0 || errno != EINTR) {
				in_open = false;
				if (!isatty(STDIN_FILENO))
					fd_write_all(master, "\004", 1, 0); /* end of input */
			}
		}
		/* the command is gone but something keeps the terminal: stop */
		if (!done && *wstatus == -1 && waitpid(pid, wstatus, WNOHANG) == pid && n == 0)
			done = true;
	}
	if (*wstatus == -1)
		while (waitpid(pid, wstatus, 0) < 0 && errno == EINTR)
			;
}

/* The pipe side: each pipe to calm's own stdout / stderr and the tail. */
static void relay_pipes(pid_t pid, int out, int err, struct run_result *r, int *wstatus)
{
	char buf[16384];
	int fds[2] = { out, err }, to[2] = { STDOUT_FILENO, STDERR_FILENO };
	bool open[2] = { true, true }, ok[2] = { true, true };

	while (open[0] || open[1]) {
		struct pollfd p[2] = { { open[0] ? fds[0] : -1, POLLIN, 0 },
				       { open[1] ? fds[1] : -1, POLLIN, 0 } };

		if (got_term) {
			kill(pid, got_term);
			got_term = 0;
		}
		if (poll(p, 2, 200) <= 0)
			continue;
		for (int i = 0; i < 2; i++) {
			if (!open[i] || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t k = read(fds[i], buf, sizeof buf);

			if (k > 0) {
				tail_add(r, buf, (size_t)k);
				if (ok[i])
					ok[i] = fd_write_all(to[i], buf, (size_t)k, 0);
			} else if (k == 0 || errno != EINTR) {
				open[i] = false;
			}
		}
	}
	while (waitpid(pid, wstatus, 0) < 0 && errno == EINTR)
		;
}

/* Open a pty whose size and modes are calm's terminal's. */
static int open_pty(char **slave)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	char *name;

	if (master < 0)
		return -1;
	fcntl(master, F_SETFD, FD_CLOEXEC);
	if (grantpt(master) != 0 || unlockpt(master) != 0 || !(name = ptsname(master))) {
		close(master);
		return -1;
	}
	*slave = strdup(name);
	return *slave ? master : (close(master), -1);
}

static void child_pty(const char *slave, int master, int report,
		      const struct termios *tio, const struct winsize *ws,
		      char *const *argv)
{
	int fd;

	close(master);
	setsid();
	fd = open(slave, O_RDWR);
	if (fd < 0)
		child_exec((char *const[]){ "/nonexistent-pty", NULL }, report);
	ioctl(fd, TIOCSCTTY, 0);
	if (tio)
		tcsetattr(fd, TCSANOW, tio);
	if (ws)
		ioctl(fd, TIOCSWINSZ, ws);
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
	child_exec(argv, report);
}

void run_exec(char *const *argv, bool pty, int max_lines, struct run_result *r)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, term = { .sa_handler = on_term },
			 winch = { .sa_handler = on_winch }, old[6];
	struct termios tio, raw;
	struct winsize ws;
	bool have_tio = tcgetattr(STDIN_FILENO, &tio) == 0;
	bool have_ws = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0;
	int rep[2], out[2] = { -1, -1 }, err[2] = { -1, -1 }, master = -1, wstatus = -1;
	char *slave = NULL;
	long long t0;
	pid_t pid;

	memset(r, 0, sizeof *r);
	r->start_ms = now_ms(CLOCK_REALTIME);
	t0 = now_ms(CLOCK_MONOTONIC);
	if (pty && (master = open_pty(&slave)) < 0) {
		r->fail = "cannot open a pseudo-terminal (the command runs on pipes)";
		r->fail_errno = errno;
		pty = false; /* run it all the same, on pipes */
	}
	if (cloexec_pipe(rep) != 0 ||
	    (!pty && (cloexec_pipe(out) != 0 || cloexec_pipe(err) != 0))) {
		r->fail = "cannot make a pipe";
		r->fail_errno = errno;
		r->status = 126;
		return;
	}
	sigaction(SIGINT, &ign, &old[0]);
	sigaction(SIGQUIT, &ign, &old[1]);
	sigaction(SIGPIPE, &ign, &old[2]);
	sigaction(SIGTERM, &term, &old[3]);
	sigaction(SIGHUP, &term, &old[4]);
	sigaction(SIGWINCH, &winch, &old[5]);
	pid = fork();
	if (pid == 0) {
		close(rep[0]);
		if (pty)
			child_pty(slave, master, rep[1], have_tio ? &tio : NULL,
				  have_ws ? &ws : NULL, argv);
		dup2(out[1], 1);
		dup2(err[1], 2);
		child_exec(argv, rep[1]);
	}
	close(rep[1]);
	if (!pty) {
		close(out[1]);
		close(err[1]);
	}
	if (pid < 0) {
		r->fail = "cannot start a process";
		r->fail_errno = errno;
		r->status = 126;
	} else if ((r->start_errno = exec_report(rep[0])) != 0) {
		r->status = r->start_errno == ENOENT ? 127 : 126;
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	} else if (pty) {
		if (have_tio && isatty(STDIN_FILENO)) {
			raw = tio;
			cfmakeraw(&raw);
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
		}
		relay_pty(pid, master, r, &wstatus);
		if (have_tio && isatty(STDIN_FILENO))
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &tio);
	} else {
		relay_pipes(pid, out[0], err[0], r, &wstatus);
	}
	if (wstatus != -1 && WIFEXITED(wstatus)) {
		r->status = WEXITSTATUS(wstatus);
	} else if (wstatus != -1 && WIFSIGNALED(wstatus)) {
		r->status = -1;
		r->signal = WTERMSIG(wstatus);
	}
	r->duration_ms = now_ms(CLOCK_MONOTONIC) - t0;
	tail_finish(r, max_lines > 0 ? max_lines : 1);
	sigaction(SIGINT, &old[0], NULL);
	sigaction(SIGQUIT, &old[1], NULL);
	sigaction(SIGPIPE, &old[2], NULL);
	sigaction(SIGTERM, &old[3], NULL);
	sigaction(SIGHUP, &old[4], NULL);
	sigaction(SIGWINCH, &old[5], NULL);
	if (master >= 0)
		close(master);
	if (!pty) {
		close(out[0]);
		close(err[0]);
	}
	free(slave);
}
