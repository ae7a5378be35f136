/*
 * cmd-keeper.c - the connection keepers running for this user
 * (keeper.h): list them, or stop them.
 *
 * A keeper is alive while it holds the lock of its place; the lock file
 * says its pid, when it started (seconds since 1970) and its server.
 * What a dead one left is removed on the way.
 */
#include "keeper.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "calm/buf.h"
#include "calm/text.h"

/* Whether the lock at path is held (a keeper lives), its pid and db. */
static bool alive(const char *path, long *pid, long long *started, struct buf *db)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	char text[4096];
	ssize_t n;
	bool held;

	if (fd < 0)
		return false;
	held = flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
	n = held ? pread(fd, text, sizeof text - 1, 0) : -1;
	close(fd);
	if (n <= 0)
		return false;
	text[n] = '\0';
	char *a = strchr(text, '\n'), *b = a ? strchr(a + 1, '\n') : NULL;
	if (!b)
		return false;
	*pid = strtol(text, NULL, 10);
	*started = strtoll(a + 1, NULL, 10);
	buf_reset(db);
	buf_adds(db, b + 1);
	return *pid > 0;
}

/* A keeper killed (SIGKILL) leaves its lock and socket: once the lock
 * is free and a minute old (not one a keeper is starting with), they
 * go. */
static void remove_stale(const char *lock)
{
	struct stat sb;
	size_t n = strlen(lock);
	char sock[128];

	int fd = open(lock, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return;
	/* held while they go: no keeper takes it meanwhile */
	if (flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &sb) == 0 &&
	    time(NULL) - sb.st_mtime >= 60 && n > 5 && n < sizeof sock) {
		snprintf(sock, sizeof sock, "%.*s.sock", (int)(n - 5), lock);
		unlink(sock);
		unlink(lock);
	}
	close(fd);
}

/* Stop the keeper pid and wait (3 s at most) until its lock is free. */
static bool stop_one(const char *path, long pid)
{
	long p2;
	long long s2;
	struct buf db = BUF_INIT;
	bool gone = false;

	if (kill((pid_t)pid, SIGTERM) != 0 && errno != ESRCH) {
		buf_release(&db);
		return false;
	}
	for (int i = 0; i < 300 && !gone; i++) {
		gone = !alive(path, &p2, &s2, &db) || p2 != pid;
		if (!gone)
			usleep(10000);
	}
	buf_release(&db);
	return gone;
}

static enum calm_rc cmd_keeper_exec(struct cli *cli, const struct cli_args *a)
{
	bool stop = cli_flag(a, "stop");
	struct buf path = BUF_INIT, db = BUF_INIT;
	enum calm_rc rc = CALM_OK;
	char dir[96];
	struct dirent *e;
	DIR *d;

	if (!keeper_dir(dir, sizeof dir) || !(d = opendir(dir)))
		return CALM_OK; /* no place for keepers: none runs */
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		long pid;
		long long started;

		if (strncmp(e->d_name, "k-", 2) != 0 || n < 5 || strcmp(e->d_name + n - 5, ".lock") != 0)
			continue;
		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, e->d_name);
		if (!alive(buf_cstr(&path), &pid, &started, &db)) {
			remove_stale(buf_cstr(&path));
			continue;
		}
		char *safe = text_sanitize_dup(buf_cstr(&db), 0), when[32] = "?";
		if (!stop) {
			time_t t = (time_t)started;
			struct tm tm;
			if (gmtime_r(&t, &tm))
				strftime(when, sizeof when, "%Y-%m-%d %H:%M:%SZ", &tm);
			cli_printf("%ld  since %s  %s\n", pid, when, safe);
		} else if (stop_one(buf_cstr(&path), pid))
			cli_printf("stopped %ld  %s\n", pid, safe);
		else
			rc = calm_err_set(&cli->err, CALM_IO, "keeper %ld did not stop", pid);
		free(safe);
	}
	closedir(d);
	buf_release(&path);
	buf_release(&db);
	return rc;
}

const struct cli_cmd cmd_keeper = {
	.name = "keeper",
	.alias = NULL,
	.usage = "keeper [--stop]",
	.summary = "list (or stop) the connection keepers of team servers",
	.help = "A command on a team server (PostgreSQL) is run by a connection keeper:\n"
		"a background process of yours, one per server, started by the first\n"
		"such command, that keeps the server's library loaded and a connection\n"
		"open, so each command skips connecting.  It leaves after 10 minutes\n"
		"unused or when it cannot reach the server.  'calm keeper' lists the\n"
		"running ones: pid, since when (UTC), server.  --stop stops them (a\n"
		"command in progress finishes).  CALM_KEEPER=off runs every command\n"
		"by itself.  The console never uses a keeper.\n",
	.flags = 0,
	.args = { .opts = "stop" },
	.exec = cmd_keeper_exec,
};
