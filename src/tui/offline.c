/*
 * offline.c - the console on a team's server that cannot be reached.
 *
 * On the clock tick: when the server goes, the title says OFFLINE (with
 * how many writes wait in this person's queue, console_opts.queue_path)
 * and it is tried again every OFFLINE_RETRY_MS; once back, the queue is
 * sent (by `calm sync`, run as a child: the same replay the command line
 * does) and everything is read again, since what others committed
 * meanwhile was not announced.  A write made while offline queues
 * itself (the app's outbox, outbox.c) as the words of the calm command
 * that makes it (`calm log ID -- TEXT`, `check ID ITEM`, `set ID FIELD
 * -- VALUE`, `advance ID` with the stage it was made from...): the
 * command line's form, so `calm sync` replays both the same way.  The console then keeps showing what it
 * last read with the queue over it (t->ob.pending: a queued tick, field or
 * move marked as queued, and the rail's outbox), never as saved.  A
 * write that has no such command here (closing, which seals; a send; a
 * declaration) fails and its text stays in the editor.
 *
 * Opening the console on the server sends what waits in the queue too
 * (offline_start): opening is this person's reconnect.  A queued write
 * the server refused, when sent at either moment or earlier and never
 * shown, is named on the status line with the server's reason (the
 * first one's words, and how many): it stays in the queue, kept aside,
 * and `calm sync` lists it.
 */
#include "tui.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define OFFLINE_RETRY_MS 2000

long long queued_refused(struct tui *t, long long *refused)
{
	long long n = 0, unseen = 0, r = 0;
	struct calm_err err = { 0 };

	if (t->opts->queue_path)
		app_queue_count(t->opts->queue_path, app_db_path(t->app), &n, &unseen, &r, &err);
	if (refused)
		*refused = r;
	return n;
}

/* What the status line says of writes the server refused: how many,
 * and the first one's words and reason. */
struct refusals {
	long long skip; /* the oldest rows, told before: passed over */
	long long n;
	struct buf first;
};

static int take_refused(const struct app_queued *w, void *ctx)
{
	struct refusals *r = ctx;

	if (r->skip > 0) {
		r->skip--;
		return 0;
	}
	if (r->n++ == 0) {
		/* the reason first: a narrow terminal cuts the end */
		buf_addf(&r->first, "%s: `calm ", w->refused ? w->refused : "refused");
		app_queued_words(w, &r->first);
		buf_adds(&r->first, "`");
	}
	return 0;
}

/* The refused writes not shown yet (all false), or all of them but the
 * oldest skip, into r; then they count as shown. */
static void gather_refused(struct tui *t, bool all, long long skip, struct refusals *r)
{
	struct calm_err err = { 0 };

	r->skip = skip;
	app_queue_refused(t->opts->queue_path, app_db_path(t->app), all, take_refused, r, &err);
}

/* Say what r holds; false when nothing was refused. */
static bool tell_refused(struct tui *t, struct refusals *r)
{
	bool told = r->n > 0;

	if (r->n == 1)
		tui_status(t, true, "refused by the server: %s (kept aside: calm sync lists it)",
			   buf_cstr(&r->first));
	else if (r->n > 1)
		tui_status(t, true, "%lld queued writes refused by the server, the first: %s (kept aside: calm sync lists them)",
			   r->n, buf_cstr(&r->first));
	buf_release(&r->first);
	return told;
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

/*
 * Send what waits, and gather into r the writes it refused: the replay
 * goes in the order queued and stops at the first that cannot go, so
 * every write refused before has a place in the queue ahead of those
 * sent now, and the ones refused now are the newest kept aside.  (The
 * child, `calm sync`, counts them as shown: its words went nowhere.)
 * Returns how many waited.
 */
static long long send_gather(struct tui *t, struct refusals *r, long long *after)
{
	long long kept0 = 0, kept = 0, before = queued_refused(t, &kept0);

	*after = before;
	if (before == 0)
		return 0;
	send_queue(t);
	*after = t->ob.queued = queued_refused(t, &kept);
	if (kept > kept0)
		gather_refused(t, true, kept0, r);
	return before;
}

/* How many of the writes that waited went (after: still waiting). */
static void say_sent(struct tui *t, const char *prefix, long long before, long long after)
{
	tui_status(t, after > 0, "%s%lld queued write%s sent%s", prefix, before - after,
		   before - after == 1 ? "" : "s", after > 0 ? ", some still wait (calm sync)" : "");
}

/* The server answers again: send what waits, read everything again. */
static void back_online(struct tui *t)
{
	struct refusals r = { 0 };
	long long after, before;

	t->offline = false;
	before = send_gather(t, &r, &after);
	if (tell_refused(t, &r)) /* kept aside, never dropped: calm sync lists them */
		;
	else if (before > 0)
		say_sent(t, "back online: ", before, after);
	else
		tui_status(t, false, "back online: the server answers again");
	tui_reload(t);
	if (before > 0 && t->stage_news) {
		/* the stage moved by our queue, or by someone else first (the
		 * refusal says who): what was sent is the news; follow it */
		t->stage_news = false;
		t->view = tui_stage_view(t);
		if (t->view != V_TIMELINE)
			t->main = t->view;
		tui_reload(t);
	}
}

void offline_start(struct tui *t)
{
	struct refusals r = { 0 };
	long long after, before;

	if (!t->opts->queue_path || app_offline(t->app))
		return; /* offline: the clock tick says so */
	gather_refused(t, false, 0, &r); /* refused before, never shown */
	before = send_gather(t, &r, &after);
	if (tell_refused(t, &r))
		;
	else if (before > 0)
		say_sent(t, "", before, after);
	if (before > 0)
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
		t->ob.queued = queued_refused(t, NULL);
		tui_status(t, true, "offline: the server cannot be reached; writes are queued and sent when it is back");
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
	if (t->ob.queued > 0)
		snprintf(buf, n, " OFFLINE \u2014 %lld queued ", t->ob.queued);
	else
		snprintf(buf, n, " OFFLINE ");
}
