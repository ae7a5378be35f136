/*
 * keeper-serve.c - the connection keeper and its workers (keeper.h).
 *
 * The keeper loads libpq once and keeps one idle worker: a child that
 * connected to the server, ran on no incident the statements a command
 * runs first (so the backend's caches are warm; the schema is the
 * command's to check) and waits in accept() on the keeper's socket.  A
 * worker that takes a client says so to the keeper, which forks the
 * next one at once; it reads the request, answers "taken", and runs the
 * command in a child of its own, as `calm` would run it (the client's
 * arguments, environment, directory and descriptors) on the warm
 * connection, then sends the command's exit status (or the signal it
 * died of) and exits.  The keeper never holds a connection, so no
 * connection is ever shared between processes.
 *
 * A worker whose connection fails while idle (the server stopped, a
 * failover) exits; the next is started after 0.5, 1, then 2 s, and the
 * keeper leaves after three in a row could not connect.  A client that
 * comes while a worker warms waits for it a little (warm_wait_ms);
 * after that, or with no worker coming, it is answered "no worker
 * ready" and runs the command itself (which queues it when the server
 * is down, as always).  The keeper also leaves after KEEPER_IDLE_S
 * without a request, when its socket is removed or replaced, when the
 * HOME it was started with is gone (a test's), and on SIGTERM (`calm
 * keeper --stop`).
 */
/* accept4, pipe2, struct ucred, clearenv: Linux's */
#define _GNU_SOURCE
#include "keeper.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "calm/app-keep.h"
#include "calm/buf.h"
#include "calm/clock.h"
#include "calm/fdio.h"
#include "sigpass.h"

extern char **environ;

static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

static bool peer_is_us(int fd)
{
	struct ucred cr;
	socklen_t n = sizeof cr;

	return getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &n) == 0 && cr.uid == getuid();
}

struct request {
	int fd[3];      /* the client's 0, 1, 2; -1: it had none open */
	char **argv;    /* argc strings, then NULL */
	int argc;
	char **env;     /* NULL-terminated */
	mode_t umask;
	const char *cwd;
	char *bytes;
};

/* The hello and its descriptors, then the strings; false: not a
 * request (nothing is taken).  Each read waits 5 s at most: a client
 * that stalls is dropped before anything is taken. */
static bool read_request(int cfd, struct request *rq)
{
	struct keeper_hello h;
	char ctl[CMSG_SPACE(3 * sizeof(int))];
	struct iovec iov = { &h, sizeof h };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			    .msg_controllen = sizeof ctl };
	struct timeval stall = { .tv_sec = 5 };
	int got[3], ngot = 0, k = 0;

	rq->fd[0] = rq->fd[1] = rq->fd[2] = -1;
	if (setsockopt(cfd, SOL_SOCKET, SO_RCVTIMEO, &stall, sizeof stall) != 0 ||
	    recvmsg(cfd, &m, MSG_CMSG_CLOEXEC) != (ssize_t)sizeof h)
		return false;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && ngot == 0) {
			ngot = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			if (ngot > 3)
				return false;
			memcpy(got, CMSG_DATA(c), (size_t)ngot * sizeof(int));
		}
	for (int i = 0; i < 3; i++)
		if (h.fds & (1u << i))
			rq->fd[i] = k < ngot ? got[k++] : -1;
	if (memcmp(h.magic, KEEPER_MAGIC, 8) != 0 || k != ngot || h.len >= KEEPER_MAX_REQUEST ||
	    h.argc < 1 || h.argc > 4096 || h.envc > 65536)
		return false;
	rq->bytes = xcalloc(1, (size_t)h.len + 1);
	if (fd_read_all(cfd, rq->bytes, h.len) != (ssize_t)h.len)
		return false;
	rq->umask = (mode_t)(h.umask & 0777);
	rq->argc = (int)h.argc;
	rq->argv = xcalloc(h.argc + 1, sizeof *rq->argv);
	rq->env = xcalloc(h.envc + 1, sizeof *rq->env);
	char *p = rq->bytes, *end = rq->bytes + h.len;
	for (uint32_t i = 0; i < h.argc + h.envc + 1; i++) {
		char *z = memchr(p, '\0', (size_t)(end - p));
		if (!z)
			return false;
		if (i < h.argc)
			rq->argv[i] = p;
		else if (i < h.argc + h.envc)
			rq->env[i - h.argc] = p;
		else
			rq->cwd = p;
		p = z + 1;
	}
	return p == end;
}

/* In the command's process: the client's descriptors, environment,
 * and calm's own entry, as `calm` would run; its exit status sent as
 * soon as it returns (the worker sends it, or the signal, when the
 * process ends otherwise: the client takes the first). */
static void __attribute__((noreturn)) run_command(struct request *rq, int cfd)
{
	char line[32];

	for (int i = 0; i < 3; i++) {
		if (rq->fd[i] < 0) {
			close(i);
		} else if (rq->fd[i] != i) {
			dup2(rq->fd[i], i);
			close(rq->fd[i]);
		}
	}
	clearenv();
	for (char **e = rq->env; *e; e++)
		putenv(*e);
	umask(rq->umask);
	keeper_in_worker = true;
	app_keep_defer_checkpoint();
	int status = cli_main(rq->argc, rq->argv);
	/* the client has its answer and its descriptors back (a shell
	 * reading our output sees its end) before the queue's checkpoint */
	fflush(NULL);
	snprintf(line, sizeof line, "X%d\n", status);
	(void)!send(cfd, line, strlen(line), MSG_NOSIGNAL);
	for (int fd = open("/dev/null", O_RDWR), i = 0; fd >= 0 && i < 3; i++)
		if (fd != i)
			dup2(fd, i);
	app_keep_checkpoint();
	exit(status);
}

/* Take the client on cfd: read its request, answer "taken", run it and
 * send its end.  Never returns. */
static void __attribute__((noreturn)) serve_client(int cfd)
{
	struct request rq = { 0 };
	char line[64];
	int status = 0;
	pid_t pid;

	/* nothing is taken until "T" is sent: a failure before it lets the
	 * client run the command itself */
	if (!read_request(cfd, &rq) || chdir(rq.cwd) != 0)
		_exit(0);
	snprintf(line, sizeof line, "T%ld\n", (long)getpid());
	if (send(cfd, line, strlen(line), MSG_NOSIGNAL) != (ssize_t)strlen(line))
		_exit(0);
	sigpass_begin();
	signal(SIGPIPE, SIG_DFL);
	pid = fork();
	if (pid == 0) {
		sigpass_default();
		run_command(&rq, cfd);
	}
	sigpass_to(pid);
	for (int i = 0; i < 3; i++)
		if (rq.fd[i] >= 0)
			close(rq.fd[i]);
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (pid < 0)
		snprintf(line, sizeof line, "X%d\n", 71);
	else if (WIFSIGNALED(status))
		snprintf(line, sizeof line, "S%d\n", WTERMSIG(status));
	else
		snprintf(line, sizeof line, "X%d\n", WEXITSTATUS(status));
	(void)!send(cfd, line, strlen(line), MSG_NOSIGNAL);
	_exit(0);
}

/* A worker: connect and warm up, say 'R' on ctl, wait for a client (or
 * the connection's failure: 'D'; the keeper's end: quit), say 'B'. */
static void __attribute__((noreturn)) worker(const char *db, int lfd, int ctl)
{
	int cfd = -1;

	signal(SIGTERM, SIG_DFL);
	if (!app_keep_connect(db)) {
		(void)!write(ctl, "F", 1);
		_exit(0);
	}
	(void)!write(ctl, "R", 1);
	while (cfd < 0) {
		struct pollfd pf[3] = { { lfd, POLLIN, 0 }, { app_keep_fd(), POLLIN, 0 },
					{ ctl, POLLIN, 0 } };
		if (poll(pf, 3, -1) < 0)
			continue;
		if (pf[2].revents)
			_exit(0); /* the keeper is gone */
		if (pf[1].revents && !app_keep_alive()) {
			(void)!write(ctl, "D", 1);
			_exit(0);
		}
		if (pf[0].revents && (cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) >= 0 &&
		    !peer_is_us(cfd)) {
			close(cfd);
			cfd = -1;
		}
	}
	(void)!write(ctl, "B", 1);
	close(ctl);
	close(lfd);
	serve_client(cfd);
}

struct keeper {
	const struct keeper_place *kp;
	const char *db;
	int lfd, lockfd;
	pid_t pid;       /* the idle worker (warming or ready), 0: none */
	int ctl;         /* its end of our socket pair */
	bool ready;
	int failures;    /* warm-ups failed in a row */
	long long since, retry_at, used_at;
	long long warm_ms; /* how long the last warm-up took, 0: none yet */
	ino_t ino;
	char *home;
};

static void __attribute__((noreturn)) leave(struct keeper *k)
{
	struct stat sb;

	if (k->pid > 0)
		kill(k->pid, SIGTERM);
	if (stat(k->kp->sock, &sb) == 0 && sb.st_ino == k->ino)
		unlink(k->kp->sock);
	unlink(k->kp->lock); /* held until _exit: no other keeper uses it meanwhile */
	_exit(0);
}

static void spawn(struct keeper *k)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		leave(k);
	k->pid = fork();
	if (k->pid == 0) {
		close(sv[0]);
		close(k->lockfd);
		worker(k->db, k->lfd, sv[1]);
	}
	close(sv[1]);
	if (k->pid < 0)
		leave(k);
	k->ctl = sv[0];
	k->ready = false;
	k->since = mono_ms();
}

/* What the idle worker said: ready, busy (a client taken), or failed. */
static void heard(struct keeper *k)
{
	char c = 0;
	ssize_t r = read(k->ctl, &c, 1);

	if (r < 0 && errno == EINTR)
		return;
	if (r == 1 && c == 'R') {
		k->ready = true;
		k->failures = 0;
		k->warm_ms = mono_ms() - k->since;
		return;
	}
	close(k->ctl);
	k->ctl = -1;
	k->pid = 0;
	k->ready = false;
	if (r == 1 && c == 'B') {
		k->used_at = k->retry_at = mono_ms();
		return;
	}
	if (++k->failures >= 3)
		leave(k); /* the server cannot be reached */
	k->retry_at = mono_ms() + (250LL << k->failures);
}

/*
 * How long a client may wait for a worker warming: less than the
 * command would take run by itself, which loads the library and
 * connects (a worker only connects).  Twice the last warm-up and a
 * margin for a busy machine; before any, the first warm-up's bound.
 */
static long long warm_wait_ms(const struct keeper *k)
{
	long long ms = k->warm_ms ? 2 * k->warm_ms + KEEPER_WARM_MARGIN_MS : KEEPER_WARM_FIRST_MS;

	return ms < KEEPER_WARM_FIRST_MS ? ms : KEEPER_WARM_FIRST_MS;
}

/* Whether the keeper should go: its socket gone or replaced, its HOME
 * gone, unused too long. */
static bool should_leave(const struct keeper *k)
{
	struct stat sb;

	return stopping || stat(k->kp->sock, &sb) != 0 || sb.st_ino != k->ino ||
	       (k->home && stat(k->home, &sb) != 0) ||
	       mono_ms() - k->used_at > KEEPER_IDLE_S * 1000LL;
}

static void write_info(int lockfd, const char *db)
{
	char head[64];

	snprintf(head, sizeof head, "%ld\n%lld\n", (long)getpid(), (long long)time(NULL));
	if (ftruncate(lockfd, 0) == 0 && pwrite(lockfd, head, strlen(head), 0) > 0)
		(void)!pwrite(lockfd, db, strlen(db), (off_t)strlen(head));
}

void keeper_serve(const struct keeper_place *kp, const char *db, int lfd, int lockfd)
{
	struct keeper k = { .kp = kp, .db = db, .lfd = lfd, .lockfd = lockfd, .ctl = -1 };
	struct sigaction sa = { .sa_handler = on_stop };
	struct calm_err err = { 0 };
	struct stat sb;
	const char *home = getenv("HOME");

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (stat(kp->sock, &sb) != 0) /* its inode: the socket still ours */
		_exit(0);
	k.ino = sb.st_ino;
	k.home = home && home[0] == '/' ? xstrdup(home) : NULL;
	k.used_at = mono_ms();
	write_info(lockfd, db);
	/* libpq once, here: each worker forked has it */
	if (app_keep_load(&err) != CALM_OK)
		leave(&k);
	for (;;) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (should_leave(&k))
			leave(&k);
		long long now = mono_ms();
		if (k.pid == 0 && now >= k.retry_at)
			spawn(&k);
		/* a client that comes while a worker warms waits for it (in the
		 * socket's queue) while that costs less than running the
		 * command itself; after that, or with no worker coming, it is
		 * answered "run it yourself" */
		long long wait_end = k.since + warm_wait_ms(&k);
		bool answer = k.pid == 0 || (!k.ready && now >= wait_end);
		int timeout = answer || k.ready ? 1000 : (int)(wait_end - now);
		struct pollfd pf[2] = { { k.ctl, POLLIN, 0 }, { answer ? lfd : -1, POLLIN, 0 } };
		if (poll(pf, 2, timeout) <= 0)
			continue;
		if (pf[0].revents)
			heard(&k);
		if (pf[1].revents) {
			int cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
			if (cfd >= 0) {
				(void)!send(cfd, "N\n", 2, MSG_NOSIGNAL);
				close(cfd);
			}
		}
	}
}
