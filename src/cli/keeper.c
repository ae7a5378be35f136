/*
 * keeper.c - the client's side of the connection keeper (keeper.h):
 * where a server's keeper listens, handing a command to it, and
 * starting one when there is none.
 *
 * The one rule: a command runs here only when no worker took it (no
 * keeper, the socket refused, "no worker ready", or the connection
 * closed before "taken"); once a worker said "taken" the command is its
 * own, and this process only waits for its exit status, so a write can
 * never be made twice.
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
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "calm/buf.h"
#include "calm/fdio.h"
#include "sigpass.h"

extern char **environ;

bool keeper_in_worker;

/* The commands never handed over: the console and what needs the
 * terminal as its own (a child in the foreground, /dev/tty), or no
 * database at all. */
static const char *const kept_out[] = { "open", "run", "watch", "send", "drill", "hook",
					"keeper", NULL };
/* ... and those that take it when stdin is one: the console after a
 * declaration or for a review, the passphrase of a seal's key. */
static const char *const tty_own[] = { "new", "review", "seal", NULL };

bool keeper_dir(char *dir, size_t size, bool create)
{
	const char *run = getenv("XDG_RUNTIME_DIR");
	struct stat sb;
	int n;

	if (run && run[0] == '/')
		n = snprintf(dir, size, "%s/calm", run);
	else
		n = snprintf(dir, size, "/tmp/calm-%u", (unsigned)getuid());
	if (n < 0 || (size_t)n >= size)
		return false;
	if (lstat(dir, &sb) != 0) {
		if (errno != ENOENT || !create || (mkdir(dir, 0700) != 0 && errno != EEXIST) ||
		    lstat(dir, &sb) != 0)
			return false;
	}
	return S_ISDIR(sb.st_mode) && sb.st_uid == getuid() && (sb.st_mode & 077) == 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

bool keeper_place(const char *db, bool create, struct keeper_place *kp)
{
	const char *home = getenv("HOME");
	uint64_t h = 14695981039346656037ULL;
	size_t n = 0, cap = 0;
	char **pg = NULL;

	struct stat xs;

	/* The running calm's own file is part of the key: a calm installed
	 * or built anew (another file, or the same path rewritten) never
	 * hands its command to a keeper that runs older code; it starts its
	 * own, and the old one leaves once unused.  No /proc: no keeper. */
	if (!keeper_dir(kp->dir, sizeof kp->dir, create) || stat("/proc/self/exe", &xs) != 0)
		return false;
	unsigned long long exe[4] = { (unsigned long long)xs.st_dev, (unsigned long long)xs.st_ino,
				      (unsigned long long)xs.st_size,
				      (unsigned long long)xs.st_mtim.tv_sec * 1000000000ULL +
					      (unsigned long long)xs.st_mtim.tv_nsec };
	h = fnv(h, (const char *)exe, sizeof exe);
	h = fnv(h, db, strlen(db) + 1);
	h = fnv(h, home ? home : "", home ? strlen(home) + 1 : 1);
	for (char **e = environ; e && *e; e++) {
		if (strncmp(*e, "PG", 2) != 0 || strncmp(*e, "PGCONNECT_TIMEOUT=", 18) == 0)
			continue;
		if (n == cap)
			pg = xrealloc(pg, (cap = cap ? cap * 2 : 8) * sizeof *pg);
		pg[n++] = *e;
	}
	if (n)
		qsort(pg, n, sizeof *pg, cmp_str); /* the same settings in any order */
	for (size_t i = 0; i < n; i++)
		h = fnv(h, pg[i], strlen(pg[i]) + 1);
	free(pg);
	int a = snprintf(kp->sock, sizeof kp->sock, "%s/k-%016llx.sock", kp->dir,
			 (unsigned long long)h);
	int b = snprintf(kp->lock, sizeof kp->lock, "%s/k-%016llx.lock", kp->dir,
			 (unsigned long long)h);
	return a > 0 && (size_t)a < sizeof kp->sock && b > 0 && (size_t)b < sizeof kp->lock;
}

static bool wanted(const struct cli *cli, const struct cli_cmd *cmd)
{
	const char *env = getenv("CALM_KEEPER");

	if (keeper_in_worker || (env && strcmp(env, "off") == 0) || cli->out_closed ||
	    !(cmd->flags & CLI_NEEDS_DB) || !cli->db_path || !db_is_server(cli->db_path))
		return false;
	for (int i = 0; kept_out[i]; i++)
		if (strcmp(cmd->name, kept_out[i]) == 0)
			return false;
	for (int i = 0; cli->in_tty && tty_own[i]; i++)
		if (strcmp(cmd->name, tty_own[i]) == 0)
			return false;
	return true;
}

/* A connection to the socket at path, or -1 (none listening, refused,
 * its queue full: never waited on). */
static int dial(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -1;
	snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The request: the hello with the standard descriptors, then argv,
 * environ and the directory. */
static bool send_request(int fd, const struct cli *cli)
{
	struct keeper_hello h = { .magic = KEEPER_MAGIC };
	struct buf s = BUF_INIT;
	char cwd[4096], ctl[CMSG_SPACE(3 * sizeof(int))] = { 0 };
	int fds[3], nfd = 0;
	bool ok;

	if (!getcwd(cwd, sizeof cwd))
		return false;
	for (int i = 0; i < cli->argc; i++)
		buf_add(&s, cli->argv[i], strlen(cli->argv[i]) + 1);
	for (char **e = environ; e && *e; e++, h.envc++)
		buf_add(&s, *e, strlen(*e) + 1);
	buf_add(&s, cwd, strlen(cwd) + 1);
	for (int k = 0; k < 3; k++) {
		if (fcntl(k, F_GETFD) != -1) {
			h.fds |= 1u << k;
			fds[nfd++] = k;
		}
	}
	mode_t mask = umask(077);
	umask(mask);
	h.umask = (uint32_t)mask;
	h.argc = (uint32_t)cli->argc;
	h.len = (uint32_t)s.len;
	struct iovec iov = { &h, sizeof h };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	if (nfd) {
		m.msg_control = ctl;
		m.msg_controllen = CMSG_SPACE(nfd * sizeof(int));
		struct cmsghdr *c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(nfd * sizeof(int));
		memcpy(CMSG_DATA(c), fds, nfd * sizeof(int));
	}
	ok = s.len < KEEPER_MAX_REQUEST && sendmsg(fd, &m, MSG_NOSIGNAL) == (ssize_t)sizeof h &&
	     fd_write_all(fd, s.s, s.len, FDIO_SOCKET);
	buf_release(&s);
	return ok;
}

/* One line from fd into line (without its newline); false at the end
 * of the stream or on an error. */
static bool read_line(int fd, char *line, size_t size)
{
	size_t n = 0;

	while (n + 1 < size) {
		ssize_t r = read(fd, line + n, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		if (line[n] == '\n') {
			line[n] = '\0';
			return true;
		}
		n++;
	}
	return false;
}

/* Wait for the end of the command the worker pid took (the signals
 * this process gets passed on to it); its exit status. */
static int wait_end(int fd, pid_t worker)
{
	char line[64];
	int status = 74;

	sigpass_begin();
	sigpass_to(worker);
	bool got = read_line(fd, line, sizeof line);
	sigpass_end();
	if (got && line[0] == 'X')
		return atoi(line + 1);
	if (got && line[0] == 'S') { /* die of it as the command did */
		int sig = atoi(line + 1);
		signal(sig, SIG_DFL);
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, sig);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(sig);
		return 128 + sig;
	}
	cli_fprintf(stderr, "calm: the keeper's worker ended before the command did: "
			    "whether it wrote is unknown (see 'calm show')\n");
	return status;
}

/* Hand the command over on fd: true (and *status) once taken. */
static bool hand_over(int fd, const struct cli *cli, int *status)
{
	char line[64];

	if (!send_request(fd, cli) || !read_line(fd, line, sizeof line) || line[0] != 'T')
		return false; /* "N", or closed before taking it: nothing ran */
	fflush(stderr);
	*status = wait_end(fd, (pid_t)atoi(line + 1));
	return true;
}

/* What ps shows for the keeper: "calm keeper", not the command that
 * started it (written over calm's own arguments, which are contiguous). */
static void set_title(const struct cli *cli)
{
	char *start = cli->argv[0], *end = start;

	for (int i = 0; i < cli->argc; i++)
		if (cli->argv[i] == end || cli->argv[i] == end + 1)
			end = cli->argv[i] + strlen(cli->argv[i]);
	memset(start, 0, (size_t)(end - start));
	snprintf(start, (size_t)(end - start) + 1, "calm keeper");
	prctl(PR_SET_NAME, "calm-keeper", 0, 0, 0);
}

/* Lock, bind and listen at kp, tell notify, and serve (in the detached
 * grandchild); _exit when another keeper holds the lock. */
static void become_keeper(const struct keeper_place *kp, const char *db, int notify)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int lockfd = open(kp->lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	int lfd = -1;

	if (lockfd < 0 || flock(lockfd, LOCK_EX | LOCK_NB) != 0)
		_exit(0); /* another keeper is starting or running */
	snprintf(a.sun_path, sizeof a.sun_path, "%s", kp->sock);
	unlink(kp->sock); /* a dead keeper's: the lock says none runs */
	lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(lfd, 64) != 0)
		_exit(0);
	(void)!write(notify, "R", 1);
	close(notify);
	keeper_serve(kp, db, lfd, lockfd);
}

/* Start db's keeper, detached (its own session, no descriptor of ours
 * but /dev/null), and wait until it listens (or gave up), at most 1 s. */
static void start_keeper(const struct cli *cli, const struct keeper_place *kp, const char *db)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) != 0)
		return;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		if (setsid() < 0 || fork() != 0)
			_exit(0);
		for (int fd = 0; fd < 1024; fd++)
			if (fd != p[1])
				close(fd);
		int null = open("/dev/null", O_RDWR); /* takes 0 */
		if (null == 0) {
			dup2(0, 1);
			dup2(0, 2);
		}
		signal(SIGHUP, SIG_IGN);
		char *own_db = xstrdup(db); /* db may lie in the arguments */
		set_title(cli);
		become_keeper(kp, own_db, p[1]);
	}
	close(p[1]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	struct pollfd pf = { p[0], POLLIN, 0 };
	char c;
	if (pid > 0 && poll(&pf, 1, 1000) > 0)
		(void)!read(p[0], &c, 1);
	close(p[0]);
}

bool keeper_handoff(struct cli *cli, const struct cli_cmd *cmd, int *status)
{
	struct keeper_place kp;
	int fd = -1;

	if (!wanted(cli, cmd))
		return false;
	/* the directory is made only when a keeper must be started */
	if (keeper_place(cli->db_path, false, &kp))
		fd = dial(kp.sock);
	else if (!keeper_place(cli->db_path, true, &kp))
		return false;
	if (fd < 0) {
		start_keeper(cli, &kp, cli->db_path);
		fd = dial(kp.sock);
	}
	if (fd < 0)
		return false;
	bool taken = hand_over(fd, cli, status);
	close(fd);
	return taken;
}
