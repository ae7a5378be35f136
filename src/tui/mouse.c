/*
 * mouse.c - clicks and the wheel.
 *
 * A click on a row selects it (picker, checklist, fields, timeline, fix
 * attempts, action items) and
 * gives that pane the keyboard; a click on a pane tab ("3 Fields") or on
 * the pane itself focuses it; a click on a stage in the rail shows that
 * stage's guidance and gate.  The wheel scrolls the list under the
 * pointer by three lines.  Only presses act: releases are ignored, and
 * mouseinterval(0) means no click waits for a double click.
 *
 * M turns mouse reporting off (and on): while it is off, tmux and the
 * terminal select and copy text as usual.  While the editor or a modal
 * is open, a click does nothing but a wheel is ignored too.
 */
#include "tui.h"

#include <stdio.h>

#include "calm/buf.h"

static bool inside(const struct rect *r, int y, int x)
{
	return r && r->h > 0 && y >= r->y && y < r->y + r->h && x >= r->x &&
	       x < r->x + r->w;
}

/* The stage's guidance and gate, as a read-only preview. */
static void show_stage(struct tui *t, int i)
{
	const struct stage *s = &t->pb->stages[i];
	struct buf title = BUF_INIT, body = BUF_INIT;

	buf_addf(&title, "Stage %d/%zu: %s (%s)", i + 1, t->pb->nstages,
		 s->title,
		 t->inc.closed || i < t->stage ? "done"
		 : i == t->stage		  ? "current"
						  : "ahead");
	buf_adds(&body, s->guidance && s->guidance[0] ? s->guidance : "");
	modal_open(t, &info_modal, buf_cstr(&title), buf_cstr(&body));
	buf_release(&title);
	buf_release(&body);
}

/* A wheel step: three lines up or down in the picker (v is V_COUNT) or
 * in pane v under the pointer. */
static void wheel(struct tui *t, enum view v, bool down)
{
	const struct rect *r = v < V_COUNT ? tui_view_rect(t, v) : NULL;
	enum action a = down ? ACT_DOWN : ACT_UP;

	for (int i = 0; i < 3; i++) {
		if (t->picking)
			picker_action(t, a);
		else if (r && v < V_COUNT)
			pane_table[v].key(t, a, 0, r->h - 1);
	}
}

/* A press at y, x on pane v (drawn in r). */
static void click(struct tui *t, enum view v, const struct rect *r, int y,
		  int x)
{
	int tab;

	if (y == r->y) {
		tab = tui_heading_hit(t, r, x);
		if (tab >= 0 && tab != (int)t->view)
			tui_focus(t, (enum view)tab);
		else if (v != t->view)
			tui_focus(t, v);
		return;
	}
	if (v != t->view)
		tui_focus(t, v);
	r = tui_view_rect(t, v); /* the layout may have moved */
	if (!r)
		return;
	if (pane_table[v].click)
		pane_table[v].click(t, y - r->y - 1);
}

void mouse_event(struct tui *t)
{
	MEVENT ev;
	enum view v = V_COUNT;
	bool down;

	if (getmouse(&ev) != OK)
		return;
	/* a press and release read together may come as one click */
	if (ev.bstate & BUTTON1_CLICKED)
		ev.bstate |= BUTTON1_PRESSED;
	if (!(ev.bstate & (BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED)))
		return;
	if (t->ed.open || t->pasting || t->ask != ASK_NONE)
		return;
	if (modal_top(t)) { /* a click closes a box that any key closes */
		if ((ev.bstate & BUTTON1_PRESSED) && !(modal_top(t)->ops->flags & MODAL_NOCLICK))
			input_key(t, ' ');
		return;
	}
	if (t->status[0]) {
		t->status[0] = '\0';
		t->dirty |= D_STATUS;
	}
	down = ev.bstate & BUTTON5_PRESSED;
	if (t->picking) {
		if (!inside(&t->r_pane, ev.y, ev.x))
			return;
		if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED))
			wheel(t, V_COUNT, down);
		else if (ev.y > t->r_pane.y)
			picker_click(t, ev.y - t->r_pane.y - 1);
		return;
	}
	for (int i = 0; i < V_COUNT; i++)
		if (inside(tui_view_rect(t, (enum view)i), ev.y, ev.x))
			v = (enum view)i;
	if (v == V_COUNT) {
		int stage = inside(&t->r_rail, ev.y, ev.x) ? rail_stage_at(t, ev.y) : -1;

		if (stage >= 0 && (ev.bstate & BUTTON1_PRESSED))
			show_stage(t, stage);
		return;
	}
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED))
		wheel(t, v, down);
	else
		click(t, v, tui_view_rect(t, v), ev.y, ev.x);
}
