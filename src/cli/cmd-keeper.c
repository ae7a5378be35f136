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

/* Stop (or list) the keeper whose lock is at path, when it lives and
 * is one asked for; *found whether it was. */
static enum calm_rc one_keeper(struct cli *cli, const char *path, const char *only, bool stop,
			       bool *found)
{
	struct buf db = BUF_INIT;
	enum calm_rc rc = CALM_OK;
	long pid;
	long long started;

	if (!alive(path, &pid, &started, &db)) {
		remove_stale(path);
	} else if (!only || strcmp(buf_cstr(&db), only) == 0) {
		char *safe = text_sanitize_dup(buf_cstr(&db), 0), when[32] = "?";
		*found = true;
		if (!stop) {
			time_t t = (time_t)started;
			struct tm tm;
			if (gmtime_r(&t, &tm))
				strftime(when, sizeof when, "%Y-%m-%d %H:%M:%SZ", &tm);
			cli_printf("%ld  since %s  %s\n", pid, when, safe);
		} else if (stop_one(path, pid)) {
			cli_printf("stopped %ld  %s\n", pid, safe);
		} else {
			rc = calm_err_set(&cli->err, CALM_IO, "keeper %ld did not stop", pid);
		}
		free(safe);
	}
	buf_release(&db);
	return rc;
}

static enum calm_rc cmd_keeper_exec(struct cli *cli, const struct cli_args *a)
{
	bool stop = cli_flag(a, "stop"), all = cli_flag(a, "all"), found = false;
	/* --stop alone: the keepers of the database in use (--db, CALM_DB,
	 * the config), as it is named there, whichever calm started them */
	const char *only = stop && !all ? cli->db_path : NULL;
	struct buf path = BUF_INIT;
	enum calm_rc rc = CALM_OK;
	char dir[96];
	struct dirent *e;
	DIR *d = NULL;

	if (all && !stop)
		return calm_err_set(&cli->err, CALM_USAGE,
				    "--all goes with --stop ('calm keeper' lists them all)");
	/* never made here: no directory, no keeper */
	if (keeper_dir(dir, sizeof dir, false))
		d = opendir(dir);
	while (d && (e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if (strncmp(e->d_name, "k-", 2) != 0 || n < 5 || strcmp(e->d_name + n - 5, ".lock") != 0)
			continue;
		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, e->d_name);
		enum calm_rc one = one_keeper(cli, buf_cstr(&path), only, stop, &found);
		if (rc == CALM_OK)
			rc = one;
	}
	if (d)
		closedir(d);
	buf_release(&path);
	if (only && !found && rc == CALM_OK) {
		char *safe = text_sanitize_dup(only, 0);
		cli_fprintf(stderr, "calm: no keeper runs for '%s'\n", safe);
		free(safe);
	}
	return rc;
}

const struct cli_cmd cmd_keeper = {
	.name = "keeper",
	.alias = NULL,
	.usage = "keeper [--stop [--all]]",
	.summary = "list (or stop) the connection keepers of team servers",
	.help = "A command on a team server (PostgreSQL) is run by a connection keeper:\n"
		"a background process of yours, one per server, started by the first\n"
		"such command, that keeps the server's library loaded and a connection\n"
		"open, so each command skips connecting.  It leaves after 10 minutes\n"
		"unused or when it cannot reach the server.  'calm keeper' lists the\n"
		"running ones: pid, since when (UTC), server.  --stop stops the keeper\n"
		"of the database in use (--db, CALM_DB or the config's db, as named\n"
		"there); --stop --all stops every one of yours (a command in progress\n"
		"finishes).  CALM_KEEPER=off runs every command by itself.  The\n"
		"console never uses a keeper.\n",
	.flags = 0,
	.args = { .opts = "stop all" },
	.exec = cmd_keeper_exec,
};
