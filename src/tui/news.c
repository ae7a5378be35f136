/*
 * news.c - another writer's change (a partner's console, `calm log`, a
 * script), applied where it lands instead of reloading the screen.
 *
 * Every change to an incident appends an event, so the events after the
 * last one seen (app_events_after) are the whole news.  Each kind says
 * what it touches (the table below): a note only adds a line at the end
 * of the timeline; a tick also the checklist; a field the fields; and
 * so on.  The incident's row and gate (one row and the criteria kept
 * with it) are read again for any news: the title's counts and the gate
 * follow.  The comms and postmortem panes, which show text made from the
 * whole record, are read again when they are on screen.  What cannot be
 * applied in place reloads as before: a kind the table does not name (a
 * stage move, a role, a declaration), more than NEWS_MAX events at once,
 * an event backfilled above the end of the timeline, a read that fails.
 */
#include "tui.h"

#include <string.h>

/* More events than this at once: reading the screen again is cheaper. */
#define NEWS_MAX 64

enum news_part {
	N_APPEND = 1 << 0,    /* a line in the timeline */
	N_PAGE = 1 << 1,      /* the timeline page read again (a correction) */
	N_CHECKLIST = 1 << 2,
	N_FIELDS = 1 << 3,
	N_FIXES = 1 << 4,
	N_ACTIONS = 1 << 5,
	N_DUE = 1 << 6,       /* the next updates' due times (title bar) */
	N_ALL = 1 << 7,       /* tui_reload */
};

static const struct {
	const char *kind;
	unsigned parts;
} kinds[] = {
	{ "note", N_APPEND }, { "run", N_APPEND }, { "shell", N_APPEND },
	{ "watch", N_APPEND }, { "export", N_APPEND }, { "send-failed", N_APPEND },
	{ "amend", N_PAGE }, { "strike", N_PAGE },
	{ "check", N_APPEND | N_CHECKLIST },
	{ "field", N_APPEND | N_FIELDS },
	{ "fix", N_APPEND | N_FIXES },
	{ "action", N_APPEND | N_ACTIONS },
	{ "draft", N_APPEND | N_DUE }, { "sent", N_APPEND | N_DUE },
};

/* The panes a part reads again, when they are read at all. */
static const struct {
	unsigned part;
	enum view v;
} pane_parts[] = {
	{ N_CHECKLIST, V_CHECKLIST }, { N_FIELDS, V_FIELDS },
	{ N_FIXES, V_FIXES }, { N_ACTIONS, V_ACTIONS },
};

static unsigned parts_of(const char *kind)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kind && strcmp(kind, kinds[i].kind) == 0)
			return kinds[i].parts;
	return N_ALL;
}

struct news {
	struct tui *t;
	unsigned parts;
	size_t n;
};

/* One new event: what it touches; a line for the timeline at once (the
 * event is valid during the call only).  Stops at the first that needs
 * a reload. */
static int take(const struct event *ev, void *ctx)
{
	struct news *nw = ctx;

	nw->parts |= ev->damaged ? N_ALL : parts_of(ev->kind);
	if (++nw->n > NEWS_MAX)
		nw->parts |= N_ALL;
	if ((nw->parts & (N_APPEND | N_PAGE | N_ALL)) == N_APPEND &&
	    !timeline_add(nw->t, &nw->t->tl, ev))
		nw->parts |= N_PAGE;
	return (nw->parts & N_ALL) != 0;
}

/* The panes the news touches, and those that show the whole record. */
static void read_panes(struct tui *t, unsigned parts)
{
	for (size_t i = 0; i < sizeof pane_parts / sizeof pane_parts[0]; i++) {
		enum view v = pane_parts[i].v;

		if ((parts & pane_parts[i].part) &&
		    (pane_table[v].always || tui_view_rect(t, v)))
			pane_table[v].load(t);
	}
	if (tui_view_rect(t, V_COMMS))
		pane_table[V_COMMS].load(t);
	if (tui_view_rect(t, V_POSTMORTEM))
		pane_table[V_POSTMORTEM].load(t);
	if (parts & N_DUE)
		comms_due_load(t);
}

void news_apply(struct tui *t, long long v)
{
	struct news nw = { t, 0, 0 };
	const struct rect *r;
	long long last = 0;

	if (t->picking || t->tr.on || t->seen <= 0 ||
	    app_events_after(t->app, t->id, t->seen, NEWS_MAX + 1, take, &nw, &last) != CALM_OK ||
	    (nw.parts & N_ALL)) {
		tui_reload(t);
		return;
	}
	t->data_version = v;
	t->dirty |= D_ALL;
	people_load(t); /* who is here: heartbeats change it without news */
	if (nw.n == 0)
		return; /* another incident's writes, or presence only */
	if (!tui_read_incident(t)) { /* the server went meanwhile: what was read stays */
		offline_pending(t);
		return;
	}
	t->seen = last; /* what was applied, whatever came since */
	read_panes(t, nw.parts);
	tui_layout(t); /* the panes' content sets where the space goes */
	r = tui_timeline_rect(t);
	if ((nw.parts & N_PAGE) || t->tl.rows != (r ? r->h - 1 : 0) || t->tl.w != (r ? r->w : 0))
		pane_table[V_TIMELINE].load(t);
}
