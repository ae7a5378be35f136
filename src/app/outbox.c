/*
 * outbox.c - a console's writes while the team's server cannot be
 * reached (app->outbox, app-read.h): each write of the list there
 * queues itself, so no face decides it write by write.
 *
 * A write is wrapped in app_write_begin() and app_write_end() (or
 * app_move_end() for a stage move).  begin gives the attempt a unique
 * id of its own (app->replay_uid) when a console's outbox is set: the
 * queued row keeps that id, so a write that reached the server before
 * the connection went is found by it when the queue is sent, and not
 * written twice.  end, when the attempt failed CALM_OFFLINE, puts the
 * write's words into the queue and reads the outbox again, all with one
 * open of the queue file (app_queue_hold), and says CALM_QUEUED.
 */
#include "app-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "calm/app-read.h"

void app_write_begin(struct app *app, struct app_write *w)
{
	if (!w->words[1]) { /* the incident's number */
		snprintf(w->idw, sizeof w->idw, "%lld", w->id);
		w->words[1] = w->idw;
	}
	w->own_uid = app->outbox && !app->replay_uid;
	if (w->own_uid) {
		app_new_uid(w->uid);
		app->replay_uid = w->uid;
		app->uid_tx = 0;
	}
}

/* The write could not reach the server, and a console's outbox is set. */
static bool to_queue(struct app *app, const struct app_write *w, enum calm_rc rc)
{
	if (w->own_uid) {
		app->replay_uid = NULL;
		app->uid_tx = 0;
	}
	return rc == CALM_OFFLINE && app->outbox && app->outbox->qpath && app_offline(app);
}

/* The queue file's size and times (a change says someone wrote it). */
static void stamp(const char *qpath, long long out[4])
{
	struct buf wal = BUF_INIT;
	struct stat sb;

	memset(out, 0, 4 * sizeof *out);
	if (stat(qpath, &sb) == 0) {
		out[0] = (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec;
		out[1] = (long long)sb.st_size;
	}
	buf_addf(&wal, "%s-wal", qpath);
	if (stat(buf_cstr(&wal), &sb) == 0) {
		out[2] = (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec;
		out[3] = (long long)sb.st_size;
	}
	buf_release(&wal);
}

/* queued and pending again, on the file held (or opened) now. */
static enum calm_rc outbox_read(struct app *app)
{
	struct app_outbox *ob = app->outbox;
	long long refused = 0;
	enum calm_rc rc;

	app_pending_release(&ob->pending);
	rc = app_queue_count(ob->qpath, app_db_path(app), &ob->queued, &refused, NULL, &app->err);
	if (rc == CALM_OK && ob->id > 0)
		rc = app_pending_load(ob->qpath, app_db_path(app), ob->id, &ob->pending, &app->err);
	return rc;
}

enum calm_rc app_outbox_load(struct app *app)
{
	enum calm_rc rc;

	if (!app->outbox || !app->outbox->qpath)
		return CALM_OK;
	app_queue_hold();
	rc = outbox_read(app);
	app_queue_release();
	stamp(app->outbox->qpath, app->outbox->stamp);
	return rc;
}

bool app_outbox_changed(const struct app *app)
{
	long long now[4];

	if (!app->outbox || !app->outbox->qpath)
		return false;
	stamp(app->outbox->qpath, now);
	return memcmp(now, app->outbox->stamp, sizeof now) != 0;
}

void app_outbox_release(struct app_outbox *ob)
{
	app_pending_release(&ob->pending);
}

/* Put w into the queue (stage: a move's from, to: the stage the view
 * moves on to, or NULL) and read the outbox again: one open. */
static enum calm_rc queue_write(struct app *app, struct app_write *w, const char *stage,
				const char *to)
{
	struct app_outbox *ob = app->outbox;
	enum calm_rc rc;

	calm_err_clear(&app->err); /* the attempt's "server unreachable": said better here */
	if (w->text && w->len == 1 && w->text[0] == '-')
		return calm_err_set(&app->err, CALM_OFFLINE, /* replayed, it would read stdin */
				    "server unreachable, and a text of just '-' cannot be queued");
	if (w->text && memchr(w->text, '\0', w->len)) /* the queue keeps words: C strings */
		return calm_err_set(&app->err, CALM_OFFLINE,
				    "server unreachable, and a text with NUL bytes cannot be kept in the queue");
	if (!w->what.incident)
		w->what.incident = w->id ? w->id : ob->id;
	app_queue_hold();
	rc = app_queue_words(app, ob->qpath, app_db_path(app), w->uid, w->argc, w->words, &w->what,
			     stage, false, &app->err);
	if (rc == CALM_OK && to)
		app_queue_view_set(ob->qpath, app_db_path(app), w->what.incident, to,
				   &(struct calm_err){ 0 });
	if (rc == CALM_OK)
		outbox_read(app); /* the write is on disk: shown as queued from here */
	app_queue_release();
	stamp(ob->qpath, ob->stamp);
	if (rc == CALM_SPLIT_SECRET) {
		calm_err_clear(&app->err);
		return calm_err_set(&app->err, CALM_OFFLINE,
				    "server unreachable, and a secret spread over several words cannot be kept masked in the queue");
	}
	return rc == CALM_OK ? CALM_QUEUED : rc;
}

enum calm_rc app_write_end(struct app *app, struct app_write *w, enum calm_rc rc)
{
	if (!to_queue(app, w, rc))
		return rc;
	return queue_write(app, w, NULL, NULL);
}

enum calm_rc app_move_end(struct app *app, struct app_write *w, enum calm_rc rc,
			  const char *from, int step, const char *reason,
			  struct gate_report *report)
{
	const struct playbook *pb = app->pb;
	const struct app_outbox *ob = app->outbox;
	const struct app_pending empty = { 0 }, *p;
	int seen, at;

	if (!to_queue(app, w, rc))
		return rc;
	p = ob->id == w->id ? &ob->pending : &empty; /* what the console shows of it */
	seen = pb && from ? playbook_stage_index(pb, from) : -1;
	at = seen >= 0 ? app_pending_stage(p, pb, seen) : -1;
	if (report) /* what the attempt may have filled before the server went */
		gate_report_release(report);
	calm_err_clear(&app->err); /* the attempt's words: these say more */
	if (at < 0)
		return calm_err_set(&app->err, CALM_OFFLINE, "server unreachable");
	if (reason && !reason[strspn(reason, " \t\n")]) /* as online: a reason is words */
		return calm_err_set(&app->err, CALM_USAGE, "the override reason is empty");
	if (step < 0 && at == 0)
		return calm_err_set(&app->err, CALM_GATE, "already at the first stage");
	if (step > 0 && (size_t)at + 1 == pb->nstages) /* then sealed: with the server */
		return calm_err_set(&app->err, CALM_OFFLINE,
				    "server unreachable: closing the incident waits for it (calm advance %lld queues the close)",
				    w->id);
	if (step > 0 && !reason && (p == &empty || !ob->facts || !ob->facts->read))
		return calm_err_set(&app->err, CALM_OFFLINE,
				    "server unreachable, and its gate never read here: an override with a reason can be queued");
	if (step > 0 && !reason) {
		struct gate_report gate;

		app_gate_pending(pb, seen, ob->facts, p, true, &at, &gate);
		if (gate.nunmet > 0) {
			rc = calm_err_set(&app->err, CALM_GATE, "stage '%s' is not done",
					  pb->stages[at].id);
			if (report)
				*report = gate;
			else
				gate_report_release(&gate);
			return rc;
		}
		gate_report_release(&gate);
	}
	return queue_write(app, w, pb->stages[at].id,
			   (size_t)(at + step) < pb->nstages ? pb->stages[at + step].id : NULL);
}
