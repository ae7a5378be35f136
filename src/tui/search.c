/*
 * search.c - full-text search from the picker and the timeline (/).
 *
 * / opens the search line (in the picker the list filters by title as
 * you type: filter.c); Enter runs app_search() over every incident's
 * titles, notes, drafts, fix attempts and action items, and the hits
 * show in a box: incident, time, kind and a snippet whose matched words
 * are drawn highlighted (the snippet is split on SEARCH_HL_ON/OFF, each
 * piece drawn inert).  j/k or n/N move to the next or previous hit,
 * Enter opens its incident with the timeline on that event, selected
 * (in review, the panes show the incident as it was just after it),
 * Esc or q closes the box.
 */
#include "tui.h"

#include "calm/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SEARCH_LIMIT 200

void search_release(struct search *sr)
{
	for (size_t i = 0; i < sr->n; i++) {
		free(sr->v[i].kind);
		free(sr->v[i].title);
		free(sr->v[i].snippet);
	}
	free(sr->v);
	free(sr->query);
	sr->v = NULL;
	sr->query = NULL;
	sr->n = sr->sel = sr->top = 0;
	sr->shown = false;
}

static int add_hit(const struct search_hit *h, void *ctx)
{
	struct search *sr = ctx;
	struct search_row *r;

	sr->v = xrealloc(sr->v, (sr->n + 1) * sizeof *sr->v);
	r = &sr->v[sr->n++];
	r->incident = h->incident;
	r->event = h->event;
	r->ts_ms = h->ts_ms;
	r->kind = xstrdup(h->kind ? h->kind : "");
	r->title = xstrdup(h->title ? h->title : "");
	r->snippet = xstrdup(h->snippet ? h->snippet : "");
	for (char *p = r->snippet; *p; p++) /* one row each */
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	return 0;
}

enum calm_rc search_submit(struct tui *t, const char *text)
{
	struct search *sr = &t->sr;
	enum calm_rc rc;
	char title[160];

	if (!text[0] && sr->n) { /* / Enter: the last results again */
		tui_edit_end(t);
		sr->shown = true;
		snprintf(title, sizeof title, "Search \"%.60s\": %zu hits", sr->query, sr->n);
		modal_open(t, &search_modal, title, NULL);
		return CALM_OK;
	}
	search_release(sr);
	rc = app_search(t->app, text, 0, SEARCH_LIMIT, add_hit, sr);
	if (rc != CALM_OK) {
		search_release(sr);
		return rc; /* its message in t->app->err */
	}
	tui_edit_end(t);
	sr->query = xstrdup(text);
	if (sr->n == 0) {
		tui_status(t, false, "no match for \"%.80s\"", text);
		return CALM_OK;
	}
	sr->shown = true;
	snprintf(title, sizeof title, "Search \"%.60s\": %zu%s hit%s", text, sr->n,
		 sr->n == SEARCH_LIMIT ? "+" : "", sr->n == 1 ? "" : "s");
	modal_open(t, &search_modal, title, NULL);
	return CALM_OK;
}

/* The snippet at y,x in w columns: matches in hl, the rest in a. */
static void draw_snippet(int y, int x, int w, const char *s, attr_t a, attr_t hl)
{
	bool on = false;
	int end = x + w;

	while (*s && x < end) {
		size_t n = strcspn(s, SEARCH_HL_ON SEARCH_HL_OFF);
		char *piece = xmalloc(n + 1);

		memcpy(piece, s, n);
		piece[n] = '\0';
		x += draw_text(y, x, end - x, piece, on ? hl : a, 0);
		free(piece);
		s += n;
		if (*s)
			on = *s++ == SEARCH_HL_ON[0];
	}
}

static void search_draw(struct tui *t, const struct modal *m)
{
	struct search *sr = &t->sr;
	attr_t a = theme_attr(ROLE_PROMPT), sel = theme_attr(ROLE_SELECTION);
	/* the whole width: a margin would leave the screen under it showing
	 * (the rail's markers in column 0, a letter in the last) */
	int w = t->W, h = t->H - 2, y = 1, x = 0, rows = h - 4;

	if (w < 20 || rows < 1)
		return;
	draw_fill(y, x, h, w, a);
	draw_text(y, x + 1, w - 2, m->title ? m->title : "", a | A_BOLD, 0);
	if (sr->sel < sr->top)
		sr->top = sr->sel;
	if (sr->sel >= sr->top + (size_t)rows)
		sr->top = sr->sel - (size_t)rows + 1;
	for (int i = 0; i < rows && sr->top + (size_t)i < sr->n; i++) {
		const struct search_row *r = &sr->v[sr->top + (size_t)i];
		bool on = sr->top + (size_t)i == sr->sel;
		attr_t ra = on ? sel : a;
		char head[64], when[24];
		int yy = y + 2 + i, col;

		when_format(r->ts_ms, WHEN_MONTH_DAY_HM, t->app->when_flags, when, sizeof when);
		snprintf(head, sizeof head, "#%-4lld %s %-7.7s ", r->incident, when, r->kind);
		draw_fill(yy, x, 1, w, ra);
		col = draw_text(yy, x + 1, w - 2, head, ra, 0);
		draw_snippet(yy, x + 1 + col, w - 2 - col, r->snippet, ra,
			     on ? (theme_attr(ROLE_WARNING) | A_BOLD) : sel);
	}
	draw_text(y + h - 1, x + 1, w - 2,
		  "j/k n/N: next/previous hit   Enter: open it there   Esc: close",
		  a | A_BOLD, 0);
}

/* Open the selected hit: its incident, the timeline on its event. */
static void open_hit(struct tui *t)
{
	const struct search_row *r = &t->sr.v[t->sr.sel];
	long long ev = r->event;

	modal_close(t, &search_modal);
	t->sr.shown = false;
	if (t->picking || t->id != r->incident) {
		if (t->picking)
			t->from_picker = true;
		else
			t->back_to = t->id; /* q comes back here */
		tui_open(t, r->incident);
	}
	modal_close(t, &calm_modal); /* the hit first: the prompt comes back later */
	t->view = V_TIMELINE;
	if (tui_readonly(t)) {
		travel_select(t, ev);
	} else {
		t->tl.follow = false;
		t->tl.top = t->tl.sel = ev;
		tui_reload(t);
	}
	tui_status(t, false, "hit %zu of %zu: / and Enter for the list again", t->sr.sel + 1,
		   t->sr.n);
}

static bool search_key(struct tui *t, struct modal *m, int key)
{
	struct search *sr = &t->sr;

	(void)m;
	switch (key) {
	case 'j': case 'n': case KEY_FN | KEY_DOWN:
		if (sr->sel + 1 < sr->n)
			sr->sel++;
		break;
	case 'k': case 'N': case KEY_FN | KEY_UP:
		if (sr->sel > 0)
			sr->sel--;
		break;
	case 'g': case KEY_FN | KEY_HOME:
		sr->sel = 0;
		break;
	case 'G': case KEY_FN | KEY_END:
		sr->sel = sr->n ? sr->n - 1 : 0;
		break;
	case '\r': case '\n': case KEY_FN | KEY_ENTER:
		if (sr->n)
			open_hit(t);
		return true;
	case 27: case 'q':
		modal_close(t, &search_modal);
		sr->shown = false;
		return true;
	default:
		return true;
	}
	t->dirty = D_ALL;
	return true;
}

const struct modal_ops search_modal = {
	.name = "search",
	.flags = MODAL_BOX,
	.key = search_key,
	.draw = search_draw,
};
