/*
 * picker.c - the list of incidents shown by `calm` alone.
 *
 * Active incidents first, then closed ones, newest first within each.
 * Only the rows on screen are read and kept: the counts are kept whole
 * (app_incident_count), and the page is walked by keyset from the
 * incident at its first row, reached from the nearest of the list's top,
 * its end or the page before (so g, G and j at any length read a page).
 * With a filter on, every row is walked, counting the matches.  j/k move, Enter opens, n declares a new incident,
 * q quits; a, 1-4 and / filter (filter.c) and / searches (search.c).
 */
#include "tui.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/text.h"

struct pick_ctx {
	struct tui *t;
	long long skip;  /* rows before the page */
	long long want;  /* rows to keep */
	long long seen;  /* rows walked, all filters together */
	bool count;      /* a filter is on: walk all, counting the matches */
};

static bool filtering(const struct tui *t)
{
	return t->sr.status || t->sr.sev || t->sr.text;
}

/* s in a column of cols display columns (cut, never inside a
 * character; padded), then two spaces. */
static void add_column(struct buf *b, const char *s, int cols)
{
	int used;
	size_t keep = text_fit(s, strlen(s), cols, &used);

	buf_add(b, s, keep);
	for (int i = used; i < cols + 2; i++)
		buf_addc(b, ' ');
}

static int keep(const struct incident *inc, void *ctx)
{
	struct pick_ctx *c = ctx;
	struct picker *pk = &c->t->pk;
	const struct playbook *pb = c->t->pb;
	struct buf line = BUF_INIT;
	int si;

	if (c->count && !filter_pass(&c->t->sr, inc))
		return 0;
	if (c->seen++ < c->skip)
		return 0;
	if ((long long)pk->n >= c->want)
		return c->count ? 0 : 1;
	si = playbook_stage_index(pb, inc->stage_id);
	buf_addf(&line, "#%-4lld SEV%d  %-6s  ", inc->id, inc->severity,
		 inc->closed ? "closed" : "active");
	if (si >= 0) {
		buf_addf(&line, "%d/%zu ", si + 1, pb->nstages);
		add_column(&line, pb->stages[si].title, 24);
	} else {
		add_column(&line, inc->stage_id, 28);
	}
	if (inc->damaged) /* shown as read, said to be damaged */
		buf_addf(&line, "[damaged: %s] ", inc->damaged);
	buf_adds(&line, inc->title);
	pk->v = xrealloc(pk->v, (pk->n + 1) * sizeof *pk->v);
	pk->v[pk->n].id = inc->id;
	pk->v[pk->n].closed = inc->closed;
	pk->v[pk->n].line = buf_detach(&line);
	pk->n++;
	return 0;
}

void picker_release(struct picker *pk)
{
	for (size_t i = 0; i < pk->n; i++)
		free(pk->v[i].line);
	free(pk->v);
	pk->v = NULL;
	pk->n = 0;
}

static int rows_of(const struct tui *t)
{
	return t->r_pane.h - 1;
}

static int passed(const struct incident *inc, void *ctx)
{
	(void)inc;
	(void)ctx;
	return 0;
}

/* The id of the incident `steps` rows from incident `from` (exclusive)
 * in group filter, older (down the list) or newer; 0 when none. */
static long long walk(struct tui *t, unsigned filter, long long from, bool newer,
		      long long steps)
{
	long long last = 0;

	if (steps <= 0)
		return from;
	if (app_incidents_walk(t->app, filter, NULL, from, newer, (size_t)steps, passed, NULL,
			       &last) != CALM_OK)
		return 0;
	return last;
}

/*
 * The id of the incident at row k of its group (active or closed, n
 * rows, newest first), reached from whichever is nearest: the top of
 * the group, its end, or the incident the page began with last time
 * (at row `at` of the group, -1: none).  The cost is the rows between,
 * never the rows before: g, G and a page move read one page.
 */
static long long id_at(struct tui *t, unsigned filter, long long k, long long n,
		       long long at, long long at_id)
{
	long long from_top = k + 1, from_end = n - k, near = at >= 0 ? llabs(k - at) : LLONG_MAX;

	if (near <= from_top && near <= from_end)
		return k > at ? walk(t, filter, at_id, false, k - at)
			      : walk(t, filter, at_id, true, at - k);
	if (from_top <= from_end)
		return walk(t, filter, 0, false, from_top);
	return walk(t, filter, 0, true, from_end);
}

/* The page from row top with no filter on: by keyset from the incident
 * at that row, into the closed ones after the active ones. */
static enum calm_rc page_keyset(struct tui *t, struct pick_ctx *c)
{
	struct picker *pk = &t->pk;
	long long active = 0, id, at;
	bool closed;
	enum calm_rc rc = app_incident_count(t->app, INCIDENT_ACTIVE, &active);

	c->skip = 0; /* the walk starts at row top itself */
	if (rc != CALM_OK || pk->total == 0)
		return rc;
	closed = pk->top >= active;
	/* the rows moved (an incident declared or closed): walk from an end */
	if (active != pk->top_active || pk->total != pk->top_total)
		pk->top_id = 0;
	pk->top_active = active;
	pk->top_total = pk->total;
	at = pk->top_id > 0 && (pk->top_at >= active) == closed
		     ? pk->top_at - (closed ? active : 0) : -1;
	id = id_at(t, closed ? INCIDENT_CLOSED : INCIDENT_ACTIVE,
		   pk->top - (closed ? active : 0), closed ? pk->total - active : active,
		   at, pk->top_id);
	pk->top_id = 0;
	if (!id)
		return t->app->err.rc;
	pk->top_id = id;
	pk->top_at = pk->top;
	rc = app_incidents_walk(t->app, closed ? INCIDENT_CLOSED : INCIDENT_ACTIVE, NULL, id + 1,
				false, (size_t)c->want, keep, c, NULL);
	if (rc == CALM_OK && !closed && (long long)pk->n < c->want)
		rc = app_incidents_walk(t->app, INCIDENT_CLOSED, NULL, 0, false,
					(size_t)(c->want - (long long)pk->n), keep, c, NULL);
	return rc;
}

void picker_load(struct tui *t)
{
	struct picker *pk = &t->pk;
	struct pick_ctx c = { t, 0, 0, 0, filtering(t) };
	int rows = rows_of(t);
	enum calm_rc rc;

	picker_release(pk);
	pk->total = 0;
	rc = app_incident_count(t->app, 0, &pk->total);
	if (pk->sel >= pk->total)
		pk->sel = pk->total > 0 ? pk->total - 1 : 0;
	if (rows < 1)
		rows = 1;
	if (pk->sel < pk->top)
		pk->top = pk->sel;
	if (pk->sel >= pk->top + rows)
		pk->top = pk->sel - rows + 1;
	c.skip = pk->top;
	c.want = rows;
	if (rc == CALM_OK && !c.count) {
		rc = page_keyset(t, &c);
	} else {
		pk->top_id = 0; /* a filter walks every row, counting the matches */
		if (rc == CALM_OK)
			rc = app_incidents_page(t->app, INCIDENT_ACTIVE, 0, 0, keep, &c, NULL);
		if (rc == CALM_OK)
			rc = app_incidents_page(t->app, INCIDENT_CLOSED, 0, 0, keep, &c, NULL);
	}
	if (rc != CALM_OK)
		tui_status(t, true, "%s", t->app->err.msg);
	if (c.count && rc == CALM_OK) { /* the matches, counted by the walk */
		pk->all = pk->total;
		pk->total = c.seen;
		if (pk->sel >= pk->total && pk->total > 0) {
			pk->sel = pk->total - 1;
			picker_load(t);
			return;
		}
	}
	t->dirty |= D_PANE;
}

void picker_draw(struct tui *t)
{
	const struct rect *r = &t->r_pane;
	struct picker *pk = &t->pk;
	char head[256], filter[160];

	draw_fill(r->y, r->x, r->h, r->w, theme_attr(ROLE_NORMAL));
	filter_describe(&t->sr, filter, sizeof filter);
	if (filter[0])
		snprintf(head, sizeof head, "Incidents (%lld of %lld)%s", pk->total,
			 pk->all, filter);
	else
		snprintf(head, sizeof head, "Incidents (%lld): active first, newest first",
			 pk->total);
	draw_text(r->y, r->x + 1, r->w - 1, head, theme_attr(ROLE_HEADING), 0);
	if (pk->total == 0 && r->h > 2)
		draw_text(r->y + 2, r->x + 1, r->w - 1,
			  filtering(t) ? "No incident matches the filter (a, 1-4, /)."
				       : "No incidents yet.  Press n to declare one.",
			  theme_attr(ROLE_NORMAL), 0);
	for (size_t i = 0; i < pk->n && (int)i + 1 < r->h; i++) {
		bool sel = pk->top + (long long)i == pk->sel;
		attr_t a = sel ? theme_attr(ROLE_SELECTION)
			       : theme_attr(pk->v[i].closed ? ROLE_DIM : ROLE_NORMAL);

		draw_text(r->y + 1 + (int)i, r->x, r->w, pk->v[i].line, a, DRAW_PAD);
	}
}

/* The id of the selected incident, 0 when none. */
static long long selected(const struct tui *t)
{
	long long i = t->pk.sel - t->pk.top;

	return i >= 0 && i < (long long)t->pk.n ? t->pk.v[i].id : 0;
}

bool picker_action(struct tui *t, enum action a)
{
	struct picker *pk = &t->pk;
	long long page = rows_of(t) > 1 ? rows_of(t) - 1 : 1;

	switch (a) {
	case ACT_DOWN: pk->sel++; break;
	case ACT_UP: pk->sel--; break;
	case ACT_TOP: pk->sel = 0; break;
	case ACT_BOTTOM: pk->sel = pk->total - 1; break;
	case ACT_PGDN: pk->sel += page; break;
	case ACT_PGUP: pk->sel -= page; break;
	case ACT_OPEN:
		if (selected(t)) {
			t->id = selected(t);
			t->picking = false;
			t->from_picker = true;
		}
		return true;
	case ACT_DRILL_START:
		if (selected(t))
			drill_from_picker(t, selected(t));
		return true;
	default:
		return false;
	}
	if (pk->sel < 0)
		pk->sel = 0;
	picker_load(t);
	return true;
}

void picker_click(struct tui *t, int row)
{
	long long k = t->pk.top + row;

	if (row >= 0 && k < t->pk.total) {
		t->pk.sel = k;
		picker_load(t);
	}
}
