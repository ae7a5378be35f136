/*
 * offline.c - the console on a team's server that cannot be reached.
 *
 * On the clock tick: when the server goes, the title says OFFLINE (with
 * how many writes wait in this person's queue, console_opts.queue_path)
 * and it is tried again every OFFLINE_RETRY_MS; once back, the queue is
 * sent (by `calm sync`, run as a child: the same replay the command line
 * does) and everything is read again, since what others committed
 * meanwhile was not announced.  A note typed while offline goes into the
 * queue (as `calm log ID -- TEXT`) and the console says so; any other
 * write fails and its text stays in the editor.  A queued write the
 * server refused when it came back is named on the status line.
 */
#include "tui.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define OFFLINE_RETRY_MS 2000

/* How many writes wait in the queue for this server (and, refused, how
 * many the server refused are kept aside). */
static long long queued_refused(struct tui *t, long long *refused)
{
	long long n = 0, unseen = 0, r = 0;
	struct calm_err err = { 0 };

	if (t->opts->queue_path)
		app_queue_count(t->opts->queue_path, app_db_path(t->app), &n, &unseen, &r, &err);
	if (refused)
		*refused = r;
	return n;
}

static long long queued(struct tui *t)
{
	return queued_refused(t, NULL);
}

/* `calm --db SERVER sync` as a child, its output to /dev/null. */
static void send_queue(struct tui *t)
{
	char *const argv[] = { "calm", "--db", (char *)app_db_path(t->app), "sync", NULL };
	int status;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &status, 0) < 0)
		;
}

/* The server answers again: send what waits, read everything again. */
static void back_online(struct tui *t)
{
	long long refused0 = 0, refused = 0, before = queued_refused(t, &refused0), after;

	t->offline = false;
	if (before > 0)
		send_queue(t);
	after = t->queued = queued_refused(t, &refused);
	if (refused > refused0) /* kept aside, never dropped: calm sync lists them */
		tui_status(t, true, "back online: %lld queued write%s refused by the server (calm sync lists %s)",
			   refused - refused0, refused - refused0 == 1 ? " was" : "s were",
			   refused - refused0 == 1 ? "it" : "them");
	else if (before > 0)
		tui_status(t, after > 0, "back online: %lld queued write%s sent%s", before - after,
			   before - after == 1 ? "" : "s", after > 0 ? ", some still wait (calm sync)" : "");
	else
		tui_status(t, false, "back online: the server answers again");
	tui_reload(t);
}

void offline_tick(struct tui *t)
{
	long long now = app_now(t->app);

	if (!app_offline(t->app)) {
		if (t->offline)
			back_online(t);
		return;
	}
	if (!t->offline) {
		t->offline = true;
		t->retry_ms = now;
		t->queued = queued(t);
		tui_status(t, true, "offline: the server cannot be reached; notes are queued");
		return;
	}
	if (now - t->retry_ms >= OFFLINE_RETRY_MS) {
		t->retry_ms = now;
		app_reconnect(t->app);
		if (!app_offline(t->app))
			back_online(t);
	}
}

void offline_badge(const struct tui *t, char *buf, size_t n)
{
	if (t->queued > 0)
		snprintf(buf, n, " OFFLINE \u2014 %lld queued ", t->queued);
	else
		snprintf(buf, n, " OFFLINE ");
}

enum calm_rc offline_note(struct tui *t, const char *text)
{
	char uid[EVENT_UID_LEN + 1], id[32];
	char *argv[] = { "log", id, "--", (char *)text };
	enum calm_rc rc;

	if (!app_offline(t->app) || !t->opts->queue_path || strcmp(text, "-") == 0)
		return CALM_OFFLINE;
	snprintf(id, sizeof id, "%lld", t->id);
	app_new_uid(uid);
	rc = app_queue_put(t->app, t->opts->queue_path, app_db_path(t->app), uid, app_now(t->app),
			   t->app->author, 4, argv, false, &t->app->err);
	if (rc == CALM_OK) {
		t->offline = true;
		t->queued = queued(t);
	}
	return rc;
}
