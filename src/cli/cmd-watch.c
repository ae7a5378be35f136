/*
 * cmd-watch.c - opt the current shell in or out of being written down,
 * and flush what its hook handed over (calm hook).
 *
 * Each shell with the hook has a folder, $XDG_STATE_HOME/calm/shell-PID:
 *   watch   "ID\nDB\n" while the shell is watched (empty or absent: not)
 *   1, 2..  one record per command, written by the hook (NUL-separated
 *           fields, ending with "end"), removed once in the database
 *   lock    held by the flush that is writing, so records go in order
 *   error   what the last flush could not do; the hook prints it once
 * `calm watch on` runs as a child of the shell, so the shell is its
 * parent; the hook exports CALM_HOOK_PID so calm knows the parent has it.
 */
#include "calm/cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calm/buf.h"
#include "calm/text.h"

#define HOOK_FIELDS 12

/* The folder of shell pid. */
static enum calm_rc shell_dir(struct cli *cli, long pid, struct buf *dir)
{
	enum calm_rc rc = cli_state_dir(cli, dir);

	if (rc == CALM_OK)
		buf_addf(dir, "/shell-%ld", pid);
	return rc;
}

/* Write path (0600) atomically with text. */
static enum calm_rc write_file(struct cli *cli, const char *path, const char *text)
{
	struct buf tmp = BUF_INIT;
	enum calm_rc rc = CALM_OK;
	int fd;

	buf_addf(&tmp, "%s.new", path);
	fd = open(tmp.s, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) ||
	    close(fd) != 0 || rename(tmp.s, path) != 0)
		rc = calm_err_set(&cli->err, CALM_IO, "cannot write '%s': %s", path,
				  strerror(errno));
	buf_release(&tmp);
	return rc;
}

/* mkdir -p, 0700. */
static int make_dirs(char *p)
{
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return mkdir(p, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

/* The incident a watch file names, 0 when the shell is not watched. */
static long long watched(const char *dir)
{
	struct buf p = BUF_INIT;
	long long id = 0;
	FILE *f;

	buf_addf(&p, "%s/watch", dir);
	f = fopen(p.s, "r");
	if (f) {
		if (fscanf(f, "%lld", &id) != 1)
			id = 0;
		fclose(f);
	}
	buf_release(&p);
	return id;
}

static enum calm_rc watch_on(struct cli *cli, const char *target, const char *dir,
			     long pid, const char *shell, const char *host)
{
	struct buf text = BUF_INIT, p = BUF_INIT;
	char real[PATH_MAX], *d = xstrdup(dir);
	long long id = 0, was = watched(dir);
	enum calm_rc rc = cli_setup(cli, CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK);

	if (rc == CALM_OK)
		rc = app_resolve(&cli->app, target, &id);
	if (rc == CALM_OK && make_dirs(d) != 0)
		rc = calm_err_set(&cli->err, CALM_IO, "cannot create '%s': %s", dir, strerror(errno));
	if (rc == CALM_OK) {
		buf_addf(&text, "%lld\n%s\n", id,
			 realpath(cli->db_path, real) ? real : cli->db_path);
		buf_addf(&p, "%s/watch", dir);
		rc = write_file(cli, p.s, text.s);
	}
	if (rc == CALM_OK && was != id)
		rc = app_watch(&cli->app, id, true, shell, host, pid);
	if (rc == CALM_OK)
		cli_printf("watching: this %s shell's commands go to incident %lld ('calm watch off' stops)\n",
		       shell, id);
	free(d);
	buf_release(&text);
	buf_release(&p);
	return rc;
}

static enum calm_rc watch_off(struct cli *cli, const char *dir, long pid,
			      const char *shell, const char *host)
{
	struct buf p = BUF_INIT;
	long long id = watched(dir);
	enum calm_rc rc = CALM_OK;

	if (!id) {
		cli_printf("this shell is not watched\n");
		return CALM_OK;
	}
	buf_addf(&p, "%s/watch", dir);
	if (unlink(p.s) != 0 && errno != ENOENT)
		rc = calm_err_set(&cli->err, CALM_IO, "cannot remove '%s': %s", p.s, strerror(errno));
	buf_release(&p);
	if (rc == CALM_OK)
		rc = cli_setup(cli, CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK);
	if (rc == CALM_OK)
		rc = app_watch(&cli->app, id, false, shell, host, pid);
	if (rc == CALM_OK)
		cli_printf("not watching: this shell's commands no longer go to incident %lld\n", id);
	return rc;
}

/* "1795910101.573228" (seconds) or "1795910101573228" (microseconds). */
static long long hook_ms(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	int frac = 0, n = 0;

	if (*end != '.')
		return v / 1000;
	for (end++; *end >= '0' && *end <= '9'; end++, n++)
		if (n < 3)
			frac = frac * 10 + (*end - '0');
	while (n++ < 3)
		frac *= 10;
	return v * 1000 + frac;
}

/* Split a record into its fields; false when it is not whole (being
 * written) or not one of ours. */
static bool parse_record(char *s, size_t len, char **f)
{
	size_t n = 0, at = 0;

	for (size_t i = 0; i < len && n < HOOK_FIELDS; i++) {
		if (s[i] == '\0') {
			f[n++] = s + at;
			at = i + 1;
		}
	}
	return n == HOOK_FIELDS && strcmp(f[0], "calm-hook-1") == 0 &&
	       strcmp(f[HOOK_FIELDS - 1], "end") == 0;
}

/* Say once, through the hook, why the shell's records stopped going in. */
static void leave_error(const char *dir, const char *why, bool stop)
{
	struct buf p = BUF_INIT, msg = BUF_INIT;
	char *safe = text_sanitize_dup(why, 0);

	buf_addf(&p, "%s/error", dir);
	buf_addf(&msg, "shell capture %s: %s\n", stop ? "stopped" : "failed", safe);
	app_write_file(p.s, msg.s, msg.len, NULL);
	if (stop) {
		buf_reset(&p);
		buf_addf(&p, "%s/watch", dir);
		unlink(p.s);
	}
	free(safe);
	buf_release(&msg);
	buf_release(&p);
}

/* Write one record; false to stop flushing (keep it for the next).
 * *db is the database open now (malloc'd), the record's own opened
 * when it names another. */
static bool flush_one(struct cli *cli, const char *dir, const char *path,
		      char *text, size_t len, char **db)
{
	char *f[HOOK_FIELDS], host[256] = "";
	bool recorded;
	enum calm_rc rc;

	if (!parse_record(text, len, f))
		return false; /* not whole yet: the hook is writing it */
	if (!app_is_open(&cli->app) || !*db || strcmp(*db, f[2]) != 0) {
		app_close(&cli->app);
		free(*db);
		*db = xstrdup(f[2]);
		cli->db_path = *db;
	}
	gethostname(host, sizeof host - 1);
	struct app_shell r = {
		.line = f[10], .shell = f[3], .cwd = f[9], .host = host, .src = f[4],
		.seq = strtoll(f[5], NULL, 10), .start_ms = hook_ms(f[6]),
		.duration_ms = hook_ms(f[7]) - hook_ms(f[6]), .status = atoi(f[8]),
	};
	rc = cli_setup(cli, CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK);
	if (rc == CALM_OK)
		rc = app_shell_record(&cli->app, strtoll(f[1], NULL, 10), &r, &recorded);
	if (rc == CALM_BUSY || rc == CALM_IO || rc == CALM_NOMEM) {
		leave_error(dir, cli->err.msg[0] ? cli->err.msg : cli->app.err.msg, false);
		return false; /* try again at the next prompt */
	}
	if (rc != CALM_OK) /* closed, gone: these records can never go in */
		leave_error(dir, cli->err.msg[0] ? cli->err.msg : cli->app.err.msg, true);
	calm_err_clear(&cli->err);
	unlink(path);
	return true;
}

static int by_number(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* Write every whole record of dir in order, under its lock. */
static enum calm_rc watch_flush(struct cli *cli, const char *dir)
{
	struct buf p = BUF_INIT;
	long long *seq = NULL;
	char *db = NULL;
	size_t n = 0;
	struct dirent *e;
	DIR *d;
	int lock;

	buf_addf(&p, "%s/lock", dir);
	lock = open(p.s, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	buf_release(&p);
	if (lock < 0 || flock(lock, LOCK_EX) != 0)
		return calm_err_set(&cli->err, CALM_IO, "cannot lock '%s/lock': %s", dir,
				    strerror(errno));
	d = opendir(dir);
	while (d && (e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9' ||
		    strspn(e->d_name, "0123456789") != strlen(e->d_name))
			continue;
		seq = xrealloc(seq, (n + 1) * sizeof *seq);
		seq[n++] = strtoll(e->d_name, NULL, 10);
	}
	if (d)
		closedir(d);
	if (n)
		qsort(seq, n, sizeof *seq, by_number);
	for (size_t i = 0; i < n; i++) {
		struct buf path = BUF_INIT;
		char *text = NULL;
		size_t len = 0;
		bool go_on;

		buf_addf(&path, "%s/%lld", dir, seq[i]);
		go_on = app_read_file(&cli->app, path.s, &text, &len) == CALM_OK &&
			flush_one(cli, dir, path.s, text, len, &db);
		free(text);
		buf_release(&path);
		if (!go_on)
			break;
	}
	free(seq);
	close(lock);
	app_close(&cli->app); /* before db, which names it, goes */
	free(db);
	return CALM_OK;
}

static enum calm_rc cmd_watch_exec(struct cli *cli, const struct cli_args *a)
{
	struct buf dir = BUF_INIT;
	char host[256] = "";
	const char *hook = getenv("CALM_HOOK_PID"), *shell = getenv("CALM_HOOK_SHELL");
	const char *what = cli_word(a, "WHAT"), *arg = cli_word(a, "ARG");
	long pid = (long)getppid();
	enum calm_rc rc;

	if (what && strcmp(what, "flush") == 0) /* the hook's, with its folder */
		return arg ? watch_flush(cli, arg)
			   : cli_usage(cli, &cmd_watch, "flush needs the shell's folder");
	gethostname(host, sizeof host - 1);
	if (!shell || (strcmp(shell, "bash") != 0 && strcmp(shell, "zsh") != 0))
		shell = "bash";
	if (!hook || strtol(hook, NULL, 10) != pid)
		return calm_err_set(&cli->err, CALM_USAGE,
				    "this shell has no calm hook: add eval \"$(calm hook bash)\" to ~/.bashrc (zsh: ~/.zshrc) and start a new shell");
	rc = shell_dir(cli, pid, &dir);
	if (rc == CALM_OK && what && strcmp(what, "on") == 0)
		rc = watch_on(cli, arg, dir.s, pid, shell, host);
	else if (rc == CALM_OK && what && !arg && strcmp(what, "off") == 0)
		rc = watch_off(cli, dir.s, pid, shell, host);
	else if (rc == CALM_OK && !what && watched(dir.s))
		cli_printf("watching: this shell's commands go to incident %lld\n", watched(dir.s));
	else if (rc == CALM_OK && !what)
		cli_printf("not watching ('calm watch on [ID]' starts)\n");
	else if (rc == CALM_OK)
		rc = cli_usage(cli, &cmd_watch, "on [ID] or off");
	buf_release(&dir);
	return rc;
}

const struct cli_cmd cmd_watch = {
	.name = "watch",
	.alias = NULL,
	.usage = "watch [on [ID] | off]",
	.summary = "record this shell's commands into an incident, or stop (needs calm hook)",
	.help = "'calm watch on' writes down every command this shell runs from now on\n"
		"in the incident (ID may be left out when exactly one is active; with\n"
		"none or several it says so and records nothing): the command line, its\n"
		"exit status and how long it took, in order, masked for secrets; a line\n"
		"starting with a space or holding 'calm-skip' is left out.  'calm watch\n"
		"off' stops; 'calm watch' says which incident this shell goes to.  The\n"
		"shell needs the hook (calm hook --help).  If a record cannot go in (the\n"
		"incident was closed), the next prompt says so once.\n",
	.flags = 0,
	.args = { .words = "[WHAT] [ARG]" },
	.exec = cmd_watch_exec,
};
