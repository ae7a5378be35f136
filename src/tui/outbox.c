/*
 * outbox.c - how a console shows the writes it made while the team's
 * server could not be reached (offline.c notices the server going and
 * coming back, and sends the queue).
 *
 * The app queues them itself (app->outbox, app-read.h): each write that
 * finds the server unreachable goes into this person's queue as the
 * words of the calm command that makes it, and says CALM_QUEUED; a
 * pane then only says so, through tui_queued().  The console keeps
 * showing what it last read with the queue over it (t->ob.pending): a
 * queued tick or field marked queued, the stage a queued move leads to
 * marked ~ on the rail, the gate as it will be once the queue is sent,
 * and the rail's outbox listing every write queued for the incident,
 * never as saved.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The app's outbox is this console's (its queue file, the incident
 * shown, the gate's facts): an app write while offline queues there. */
static void attach(struct tui *t)
{
	t->ob.qpath = t->opts->queue_path;
	t->ob.facts = &t->facts;
	t->ob.id = t->id;
	if (t->ob.qpath)
		t->app->outbox = &t->ob;
}

/* Show t->ob as read: the queued marks and the gate as it will be. */
static void show(struct tui *t)
{
	checklist_mark_queued(t);
	fields_mark_queued(t);
	if (t->ob.pending.n > 0 && t->stage >= 0 && t->facts.read &&
	    !t->tr.on) { /* the gate block: as it will be once the queue is sent */
		int at;

		gate_report_release(&t->gate);
		app_gate_pending(t->pb, t->stage, &t->facts, &t->ob.pending, false, &at, &t->gate);
	}
	t->dirty |= D_ALL;
}

void offline_pending(struct tui *t)
{
	/* the file is read again only when it may say something new: not
	 * read yet for this incident, or changed since (a stat, no open:
	 * another calm queued, or the queue was sent) */
	bool stale = t->app->outbox != &t->ob || t->ob.id != t->id || app_outbox_changed(t->app);

	attach(t);
	if (stale && t->ob.qpath && app_outbox_load(t->app) != CALM_OK) {
		calm_err_clear(&t->app->err); /* shown as last read: nothing new queued */
		memset(t->ob.stamp, 0, sizeof t->ob.stamp); /* tried again next time */
	}
	show(t);
}

void tui_queued(struct tui *t, const char *what)
{
	t->offline = true;
	show(t);
	tui_status(t, false, "%s queued (server unreachable): sent when it is back", what);
}

/* One queued write, as the outbox lists it. */
static void outbox_line(const struct app_pending_write *w, const struct playbook *pb,
			char *buf, size_t n)
{
	int from = w->from ? playbook_stage_index(pb, w->from) : -1;
	int to = from + (w->kind == PENDING_ADVANCE ? 1 : -1);

	switch (w->kind) {
	case PENDING_NOTE:
		snprintf(buf, n, "note: %s", w->what);
		break;
	case PENDING_CHECK:
		snprintf(buf, n, "%s %s", w->checked ? "tick" : "untick", w->what);
		break;
	case PENDING_FIELD:
		snprintf(buf, n, "set %s", w->what);
		break;
	case PENDING_ADVANCE:
	case PENDING_BACK:
		if (from >= 0 && to >= 0 && (size_t)to < pb->nstages)
			snprintf(buf, n, "%s to %d %s", w->kind == PENDING_ADVANCE ? "advance" : "back",
				 to + 1, pb->stages[to].title);
		else
			snprintf(buf, n, "%s", w->kind == PENDING_ADVANCE ? "advance" : "back");
		break;
	default:
		snprintf(buf, n, "%s", w->words);
	}
}

int offline_outbox_draw(struct tui *t, int y, int end)
{
	const struct rect *r = &t->r_rail;

	if (t->ob.pending.n == 0 || y + 1 >= end)
		return y;
	draw_text(++y, r->x + 1, r->w - 2, "Outbox (sent when back)", theme_attr(ROLE_WARNING), 0);
	y++;
	for (size_t i = 0; i < t->ob.pending.n && y < end; i++, y++) {
		char line[256];

		outbox_line(&t->ob.pending.v[i], t->pb, line, sizeof line);
		draw_text(y, r->x + 1, r->w - 2, line, theme_attr(ROLE_DIM), 0);
	}
	return y;
}
