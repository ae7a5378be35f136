/*
 * pane-timeline.c - the incident's timeline, newest at the bottom.
 *
 * The pane never reads the whole timeline: it holds one screenful,
 * read with store_events_page() keyset pages.  Following (the default),
 * it shows the newest events and so follows new ones; scrolling up pins
 * the first event shown (its id), and the page is read forward from it.
 * Scrolling back down to the end follows again, as G does.  A million
 * events scroll as fast as a hundred: every move reads at most one page.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calm/buf.h"

struct collect {
	struct tl_line *v;
	size_t n;
};

static int collect(const struct event *ev, void *ctx)
{
	struct collect *c = ctx;
	struct tl_line *l;
	time_t s = (time_t)(ev->ts_ms / 1000);
	struct tm tm;
	struct buf head = BUF_INIT, text = BUF_INIT;

	c->v = xrealloc(c->v, (c->n + 1) * sizeof *c->v);
	l = &c->v[c->n++];
	l->id = ev->id;
	localtime_r(&s, &tm);
	buf_addf(&head, "%02d:%02d:%02d %s", tm.tm_hour, tm.tm_min, tm.tm_sec,
		 ev->author ? ev->author : "?");
	if (ev->kind && strcmp(ev->kind, "note") != 0)
		buf_addf(&text, "[%s] ", ev->kind);
	buf_adds(&text, ev->text ? ev->text : "");
	for (size_t i = 0; i < text.len; i++) /* one line per event */
		if (text.s[i] == '\n' || text.s[i] == '\r')
			text.s[i] = ' ';
	l->head = buf_detach(&head);
	l->text = buf_detach(&text);
	return 0;
}

static void lines_clear(struct tl_line *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].head);
		free(v[i].text);
	}
}

static void lines_free(struct tl_line *v, size_t n)
{
	lines_clear(v, n);
	free(v);
}

void timeline_release(struct timeline *tl)
{
	lines_free(tl->v, tl->n);
	tl->v = NULL;
	tl->n = 0;
}

/* One page into c; false on error (reported on the status line). */
static bool page(struct tui *t, long long after, bool forward, size_t limit,
		 struct collect *c, long long *last)
{
	struct calm_err err = { 0 };

	if (store_events_page(t->st, t->id, after, forward, limit, collect, c,
			      last, &err) != CALM_OK) {
		tui_status(t, true, "%s", err.msg);
		return false;
	}
	return true;
}

void timeline_load(struct tui *t, struct timeline *tl, int rows)
{
	struct collect c = { NULL, 0 };

	timeline_release(tl);
	tl->rows = rows;
	if (rows <= 0 || t->id == 0)
		return;
	if (!tl->follow) {
		page(t, tl->top - 1, true, (size_t)rows + 1, &c, NULL);
		if (c.n > (size_t)rows) {
			lines_clear(c.v + rows, c.n - (size_t)rows);
			c.n = (size_t)rows;
			tl->v = c.v;
			tl->n = c.n;
			return;
		}
		lines_free(c.v, c.n); /* reached the end: follow again */
		c.v = NULL;
		c.n = 0;
		tl->follow = true;
	}
	page(t, 0, false, (size_t)rows, &c, NULL);
	for (size_t i = 0; i < c.n / 2; i++) { /* newest at the bottom */
		struct tl_line tmp = c.v[i];

		c.v[i] = c.v[c.n - 1 - i];
		c.v[c.n - 1 - i] = tmp;
	}
	tl->v = c.v;
	tl->n = c.n;
}

void timeline_draw(struct tui *t, struct timeline *tl, const struct rect *r,
		   bool focus, const char *heading)
{
	char head[160];
	int y;

	(void)t;
	draw_fill(r->y, r->x, r->h, r->w, theme_attr(ROLE_NORMAL));
	snprintf(head, sizeof head, "%s%s%s", heading,
		 tl->follow ? "" : " (scrolled up: G follows)",
		 focus ? "" : " (Tab)");
	draw_text(r->y, r->x + 1, r->w - 1, head, theme_attr(ROLE_HEADING), 0);
	if (tl->n == 0 && r->h > 1)
		draw_text(r->y + 1, r->x + 1, r->w - 1, "(no events yet)",
			  theme_attr(ROLE_DIM), 0);
	y = r->y + 1;
	for (size_t i = 0; i < tl->n && y < r->y + r->h; i++, y++) {
		int x = r->x + 1, end = r->x + r->w;

		x += draw_text(y, x, end - x, tl->v[i].head, theme_attr(ROLE_DIM), 0);
		x += 2;
		if (x < end)
			draw_text(y, x, end - x, tl->v[i].text,
				  theme_attr(ROLE_NORMAL), 0);
	}
}

/* Id of the event n before (back) or after the first one shown; 0 if none. */
static long long step(struct tui *t, struct timeline *tl, size_t n, bool back)
{
	struct collect c = { NULL, 0 };
	long long last = 0, first;

	if (tl->n == 0)
		return 0;
	first = tl->v[0].id;
	page(t, first, !back, n, &c, &last);
	lines_free(c.v, c.n);
	return last;
}

bool timeline_action(struct tui *t, struct timeline *tl, enum action a,
		     int rows)
{
	size_t pg = rows > 1 ? (size_t)rows - 1 : 1;
	long long id;

	switch (a) {
	case ACT_UP:
	case ACT_PGUP:
		id = step(t, tl, a == ACT_UP ? 1 : pg, true);
		if (id) {
			tl->follow = false;
			tl->top = id;
		}
		break;
	case ACT_DOWN:
	case ACT_PGDN:
		if (tl->follow)
			return true;
		id = step(t, tl, a == ACT_DOWN ? 1 : pg, false);
		if (id)
			tl->top = id;
		break;
	case ACT_TOP: {
		struct collect c = { NULL, 0 };
		long long last = 0;

		page(t, 0, true, 1, &c, &last);
		lines_free(c.v, c.n);
		if (last) {
			tl->follow = false;
			tl->top = last;
		}
		break;
	}
	case ACT_BOTTOM:
		tl->follow = true;
		break;
	default:
		return false;
	}
	timeline_load(t, tl, rows);
	t->dirty |= D_PANE | D_SIDE;
	return true;
}
