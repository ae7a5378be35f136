/*
 * pane-checklist.c - the checklist of the current stage.
 *
 * The model is the stage's items as the incident has them (copied from
 * app_checklist_each), a selection and the first item shown.  j/k and
 * the arrows move; Space or Enter ticks or unticks the selected item
 * through app_check(), which records it in the timeline; the loop then
 * reloads what changed.  An item is read whole: its text wraps under
 * itself (never cut with "..."), and the first item shown moves so the
 * selected one is always on screen whole.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>

#include "calm/buf.h"

static int collect(const struct check_row *row, void *ctx)
{
	struct checklist *cl = ctx;

	cl->v = xrealloc(cl->v, (cl->n + 1) * sizeof *cl->v);
	cl->v[cl->n].id = xstrdup(row->id);
	cl->v[cl->n].text = xstrdup(row->text);
	cl->v[cl->n].required = row->required;
	cl->v[cl->n].checked = row->checked;
	cl->v[cl->n].queued = -1;
	cl->n++;
	return 0;
}

void checklist_release(struct checklist *cl)
{
	for (size_t i = 0; i < cl->n; i++) {
		free(cl->v[i].id);
		free(cl->v[i].text);
	}
	free(cl->v);
	cl->v = NULL;
	cl->n = 0;
}

void checklist_mark_queued(struct tui *t)
{
	for (size_t i = 0; i < t->cl.n; i++)
		t->cl.v[i].queued = (signed char)app_pending_checked(&t->ob.pending, t->cl.v[i].id);
}

void checklist_load(struct tui *t)
{
	size_t sel = t->cl.sel, top = t->cl.top;

	checklist_release(&t->cl);
	if (!t->inc.stage_id)
		return;
	if (app_checklist_each(t->app, t->id, t->inc.stage_id, collect, &t->cl) != CALM_OK)
		tui_status(t, true, "%s", t->app->err.msg);
	checklist_mark_queued(t);
	t->cl.sel = t->cl.n == 0 ? 0 : (sel < t->cl.n ? sel : t->cl.n - 1);
	t->cl.top = top;
}

/* Columns before an item's text: "> [x] ". */
#define ITEM_INDENT 6

static char *item_text(const struct check_entry *c)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s%s%s", c->text, c->required ? "" : " (optional)",
		 c->queued >= 0 ? "  (queued)" : "");
	return buf_detach(&b);
}

int checklist_item_rows(const struct check_entry *c, int w)
{
	char *s = item_text(c);
	int n = draw_wrap(s, w - ITEM_INDENT > 8 ? w - ITEM_INDENT : 8, NULL, NULL);

	free(s);
	return n;
}

int checklist_rows(const struct checklist *cl, int w)
{
	int n = 0;

	for (size_t i = 0; i < cl->n; i++)
		n += checklist_item_rows(&cl->v[i], w);
	return n;
}

struct item_draw {
	int y, end, x, w, first;
	attr_t a;
	const char *mark;
};

static void item_line(const char *line, void *ctx)
{
	struct item_draw *d = ctx;

	if (d->y >= d->end)
		return;
	draw_fill(d->y, d->x, 1, d->w, d->a);
	if (d->first)
		draw_text(d->y, d->x, ITEM_INDENT, d->mark, d->a, 0);
	draw_text(d->y, d->x + ITEM_INDENT, d->w - ITEM_INDENT, line, d->a, 0);
	d->first = 0;
	d->y++;
}

/* The first item shown, so that the selected one is whole on screen. */
static void keep_in_view(struct checklist *cl, int rows, int w)
{
	int used = 0;

	if (cl->sel < cl->top)
		cl->top = cl->sel;
	for (size_t i = cl->top; i <= cl->sel && i < cl->n; i++)
		used += checklist_item_rows(&cl->v[i], w);
	while (cl->top < cl->sel && used > rows)
		used -= checklist_item_rows(&cl->v[cl->top++], w);
}

void checklist_draw(struct tui *t, const struct rect *r, bool focus)
{
	struct checklist *cl = &t->cl;
	int rows = r->h - 1, y = r->y + 1;

	draw_fill(r->y, r->x, r->h, r->w, theme_attr(ROLE_NORMAL));
	tui_heading(t, r, V_CHECKLIST, focus, "");
	if (rows <= 0)
		return;
	if (cl->n == 0) {
		draw_text(r->y + 1, r->x + 1, r->w - 1,
			  "This stage has no checklist.", theme_attr(ROLE_DIM), 0);
		return;
	}
	keep_in_view(cl, rows, r->w);
	for (size_t i = cl->top; i < cl->n && y < r->y + r->h; i++) {
		const struct check_entry *c = &cl->v[i];
		bool selected = focus && i == cl->sel;
		char mark[16], *s = item_text(c);
		bool checked = c->queued >= 0 ? c->queued : c->checked; /* queued: as it will be */
		struct item_draw d = {
			.y = y, .end = r->y + r->h, .x = r->x, .w = r->w, .first = 1,
			.a = selected ? theme_attr(ROLE_SELECTION)
				      : theme_attr(c->queued >= 0 ? ROLE_WARNING
						   : checked ? ROLE_GATE_MET : ROLE_NORMAL),
			.mark = mark,
		};

		snprintf(mark, sizeof mark, "%s%s ", selected ? "> " : "  ",
			 checked ? "[x]" : "[ ]");
		draw_wrap(s, r->w - ITEM_INDENT > 8 ? r->w - ITEM_INDENT : 8, item_line, &d);
		free(s);
		y = d.y;
	}
}

bool checklist_action(struct tui *t, enum action a, int rows)
{
	struct checklist *cl = &t->cl;
	size_t page = rows > 1 ? (size_t)rows - 1 : 1;

	if (rows < 1)
		rows = 1;
	switch (a) {
	case ACT_DOWN:
		if (cl->sel + 1 < cl->n)
			cl->sel++;
		break;
	case ACT_UP:
		if (cl->sel > 0)
			cl->sel--;
		break;
	case ACT_TOP:
		cl->sel = 0;
		break;
	case ACT_BOTTOM:
		cl->sel = cl->n ? cl->n - 1 : 0;
		break;
	case ACT_PGDN:
		cl->sel = cl->sel + page < cl->n ? cl->sel + page
						   : (cl->n ? cl->n - 1 : 0);
		break;
	case ACT_PGUP:
		cl->sel = cl->sel > page ? cl->sel - page : 0;
		break;
	case ACT_TICK: {
		const struct check_entry *c;
		bool want;
		enum calm_rc rc;

		if (cl->n == 0)
			return true;
		c = &cl->v[cl->sel];
		want = !(c->queued >= 0 ? c->queued : c->checked); /* of what is shown */
		rc = app_check(t->app, t->id, c->id, want);
		if (rc == CALM_QUEUED) {
			tui_queued(t, want ? "tick" : "untick");
			return true; /* shown from what the console has, queued marked */
		}
		if (rc != CALM_OK)
			tui_status(t, true, "%s", t->app->err.msg);
		tui_reload(t);
		return true;
	}
	default:
		return false;
	}
	t->dirty |= D_PANE;
	return true;
}

void checklist_click(struct tui *t, int row)
{
	const struct rect *r = tui_view_rect(t, V_CHECKLIST);
	int y = 0;

	for (size_t k = t->cl.top; r && row >= 0 && k < t->cl.n; k++) {
		int h = checklist_item_rows(&t->cl.v[k], r->w);

		if (row < y + h) {
			t->cl.sel = k;
			t->dirty |= D_PANE;
			return;
		}
		y += h;
	}
}
