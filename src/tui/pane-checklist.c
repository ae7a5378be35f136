/*
 * pane-checklist.c - the checklist of the current stage.
 *
 * The model is the stage's items as the incident has them (copied from
 * store_checklist_each), a selection and the first row shown.  j/k and
 * the arrows move; Space or Enter ticks or unticks the selected item
 * through app_check(), which records it in the timeline; the loop then
 * reloads what changed.
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

void checklist_load(struct tui *t)
{
	struct calm_err err = { 0 };
	size_t sel = t->cl.sel, top = t->cl.top;

	checklist_release(&t->cl);
	if (!t->inc.stage_id)
		return;
	if (store_checklist_each(t->st, t->id, t->inc.stage_id, collect, &t->cl,
				 &err) != CALM_OK)
		tui_status(t, true, "%s", err.msg);
	t->cl.sel = t->cl.n == 0 ? 0 : (sel < t->cl.n ? sel : t->cl.n - 1);
	t->cl.top = top;
}

void checklist_draw(struct tui *t, const struct rect *r, bool focus)
{
	struct checklist *cl = &t->cl;
	int rows = r->h - 1;

	draw_fill(r->y, r->x, r->h, r->w, theme_attr(ROLE_NORMAL));
	tui_heading(t, r, V_CHECKLIST, focus, "");
	if (rows <= 0)
		return;
	if (cl->n == 0) {
		draw_text(r->y + 1, r->x + 1, r->w - 1,
			  "This stage has no checklist.", theme_attr(ROLE_DIM), 0);
		return;
	}
	if (cl->sel < cl->top)
		cl->top = cl->sel;
	if (cl->sel >= cl->top + (size_t)rows)
		cl->top = cl->sel - (size_t)rows + 1;
	for (int i = 0; i < rows && cl->top + (size_t)i < cl->n; i++) {
		const struct check_entry *c = &cl->v[cl->top + (size_t)i];
		bool selected = focus && cl->top + (size_t)i == cl->sel;
		struct buf line = BUF_INIT;
		attr_t a;

		buf_addf(&line, "%s%s %s%s", selected ? "> " : "  ",
			 c->checked ? "[x]" : "[ ]", c->text,
			 c->required ? "" : " (optional)");
		a = selected ? theme_attr(ROLE_SELECTION)
			     : theme_attr(c->checked ? ROLE_GATE_MET : ROLE_NORMAL);
		draw_text(r->y + 1 + i, r->x, r->w, buf_cstr(&line), a,
			  DRAW_PAD);
		buf_release(&line);
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
	case ACT_TICK:
		if (cl->n == 0)
			return true;
		if (app_check(t->app, t->id, cl->v[cl->sel].id,
			      !cl->v[cl->sel].checked) != CALM_OK)
			tui_status(t, true, "%s", t->app->err.msg);
		tui_reload(t);
		return true;
	default:
		return false;
	}
	t->dirty |= D_PANE;
	return true;
}

void checklist_click(struct tui *t, int row)
{
	size_t k = t->cl.top + (size_t)row;

	if (row >= 0 && k < t->cl.n) {
		t->cl.sel = k;
		t->dirty |= D_PANE;
	}
}
