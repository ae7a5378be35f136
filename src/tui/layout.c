/*
 * layout.c - where things go on the screen, and which pane has the keys.
 *
 * Rows: the title bar; then the stage rail on the left and, on the
 * right, the gate of the stage above the working pane (and, from
 * TUI_WIDE_W columns, the timeline beside it; narrower, the newest
 * events below it); a status line (the line
 * editor while it is open); the key line.  Below TUI_MIN_W x TUI_MIN_H
 * only "terminal too small" is shown, and the screen recovers on resize.
 *
 * Panes: checklist, timeline, fields, comms, fixes, actions and the
 * postmortem, reached by digit (1 to 7), Tab or a click on their tab in
 * a pane heading; a stage opens on the pane its playbook names (a comms
 * stage on its audience).  On a wide screen the
 * timeline stays beside the other pane (t->main); otherwise the pane
 * with the keyboard (t->view) fills the working area.
 *
 * The space goes where the content is: on a wide screen a pane whose
 * content is short (a checklist of four items, the fields) takes only
 * the rows it needs and the timeline goes below it at the full width,
 * instead of a half-empty column beside a timeline wrapped three lines
 * an event; a pane of long text (comms, the postmortem) or a long list
 * keeps the timeline beside it.
 */
#include "tui.h"

#include <stdio.h>
#include <string.h>

#include "calm/field.h"

/* Rows pane v wants at width w (its heading and content), or 0 when its
 * content is long text that takes whatever it gets. */
static int rows_wanted(const struct tui *t, enum view v, int w)
{
	switch (v) {
	case V_CHECKLIST: return 1 + (t->cl.n ? checklist_rows(&t->cl, w) : 1);
	case V_FIELDS: return 1 + (int)field_ndefs;
	case V_FIXES: return 1 + 2 * (t->fx.n ? (int)t->fx.n : 1);
	case V_ACTIONS: return 1 + 2 * (t->it.n ? (int)t->it.n : 1);
	default: return 0;
	}
}

void tui_layout(struct tui *t)
{
	int body, rw, g, x, ww, want;

	t->W = COLS;
	t->H = LINES;
	t->too_small = t->W < TUI_MIN_W || t->H < TUI_MIN_H;
	t->dirty = D_ALL;
	if (t->too_small)
		return;
	body = t->H - 3;
	t->r_title = (struct rect){ 0, 0, 1, t->W };
	t->r_status = (struct rect){ t->H - 2, 0, 1, t->W };
	t->r_keys = (struct rect){ t->H - 1, 0, 1, t->W };
	memset(&t->r_side, 0, sizeof t->r_side);
	if (t->picking) {
		t->r_pane = (struct rect){ 1, 0, body, t->W };
		return;
	}
	rw = t->W >= TUI_WIDE_W ? 30 : 26;
	t->r_rail = (struct rect){ 1, 0, body, rw };
	x = rw;
	ww = t->W - rw;
	t->wide = t->W >= TUI_WIDE_W;
	if (t->main == V_TIMELINE)
		t->main = V_CHECKLIST;
	want = t->wide ? rows_wanted(t, t->main, ww) : 0;
	g = rail_gate_rows(t, ww);
	if (g > body / 3)
		g = body / 3;
	if (t->wide && want > 0 && want <= (body - g) / 2) {
		/* short content: the pane its rows, the timeline below at the
		 * full width (wide: the timeline has its own place, whichever
		 * pane has the keyboard) */
		t->r_gate = (struct rect){ 1, x, g, ww };
		t->r_pane = (struct rect){ 1 + g, x, want, ww };
		t->r_side = (struct rect){ 1 + g + want, x, body - g - want, ww };
		t->stacked = true;
		return;
	}
	if (t->wide) {
		int sw = ww * 45 / 100;

		t->r_side = (struct rect){ 1, x + ww - sw, body, sw };
		ww -= sw;
		g = rail_gate_rows(t, ww);
		if (g > body / 3)
			g = body / 3;
	}
	t->r_gate = (struct rect){ 1, x, g, ww };
	t->r_pane = (struct rect){ 1 + g, x, body - g, ww };
	/* Narrow, with room: the newest events below the working pane, so
	 * the timeline is never out of sight (it has the whole area when it
	 * has the keyboard). */
	t->stacked = !t->wide && t->view != V_TIMELINE && body - g >= 14;
	if (t->stacked) {
		int ph = (body - g) * 45 / 100;

		t->r_pane.h = ph;
		t->r_side = (struct rect){ 1 + g + ph, x, body - g - ph, ww };
	}
}

const struct rect *tui_view_rect(const struct tui *t, enum view v)
{
	if (t->picking || t->too_small)
		return NULL;
	if (t->wide || t->stacked)
		return v == V_TIMELINE ? &t->r_side
				       : v == t->main ? &t->r_pane : NULL;
	return v == t->view ? &t->r_pane : NULL;
}

const struct rect *tui_timeline_rect(const struct tui *t)
{
	return tui_view_rect(t, V_TIMELINE);
}

void tui_focus(struct tui *t, enum view v)
{
	t->view = v;
	if (v != V_TIMELINE)
		t->main = v;
	tui_reload(t);
}

enum view tui_stage_view(struct tui *t)
{
	static const enum view of_pane[PANE_KIND_COUNT] = {
		[PANE_CHECKLIST] = V_CHECKLIST, [PANE_TIMELINE] = V_TIMELINE,
		[PANE_COMMS] = V_COMMS, [PANE_FIXES] = V_FIXES,
		[PANE_ACTIONS] = V_ACTIONS, [PANE_POSTMORTEM] = V_POSTMORTEM,
	};
	const struct stage *s;

	if (t->stage < 0 || t->inc.closed)
		return V_TIMELINE;
	s = &t->pb->stages[t->stage];
	if (s->pane == PANE_COMMS && s->audience >= 0 && s->audience < AUD_COUNT &&
	    t->cm.aud != s->audience) {
		t->cm.aud = s->audience; /* read by the reload that follows */
		t->cm.top = 0;
	}
	return of_pane[s->pane];
}

unsigned tui_where(const struct tui *t)
{
	static const unsigned w[V_COUNT] = {
		[V_CHECKLIST] = W_CHECKLIST,
		[V_TIMELINE] = W_TIMELINE,
		[V_FIELDS] = W_FIELDS,
		[V_COMMS] = W_COMMS,
		[V_FIXES] = W_FIXES,
		[V_ACTIONS] = W_ACTIONS,
		[V_POSTMORTEM] = W_POSTMORTEM,
	};

	if (t->picking)
		return W_PICKER;
	return W_INCIDENT | w[t->view];
}

void tui_mouse(struct tui *t, bool on)
{
	t->mouse = on;
	mousemask(on ? BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON1_CLICKED |
			       BUTTON4_PRESSED | BUTTON5_PRESSED
		     : 0,
		  NULL);
	mouseinterval(0);
}

static const char *const view_names[V_COUNT] = {
	[V_CHECKLIST] = "Checklist",
	[V_TIMELINE] = "Timeline",
	[V_FIELDS] = "Fields",
	[V_COMMS] = "Comms",
	[V_FIXES] = "Fixes",
	[V_ACTIONS] = "Actions",
	[V_POSTMORTEM] = "Postmortem",
};

/*
 * Where the tabs of a heading in r go: the pane v first ("2 Timeline"),
 * its suffix after it, then the other panes' tabs at the right edge when
 * there is room.  x0/x1 receive each tab's columns (x1 = 0: not shown).
 */
static void heading_layout(const struct tui *t, const struct rect *r,
			   enum view v, const char *suffix, int x0[V_COUNT],
			   int x1[V_COUNT])
{
	int x = r->x + 1, right = r->x + r->w - 1;
	char tab[32];

	memset(x1, 0, V_COUNT * sizeof *x1);
	snprintf(tab, sizeof tab, "%d %s", v + 1, view_names[v]);
	x0[v] = x;
	x1[v] = x + draw_width(tab);
	x = x1[v] + draw_width(suffix) + 2;
	if ((t->wide || t->stacked) && r == &t->r_side)
		return;
	/* the other tabs in order, as many as fit from the first, at the
	 * right edge */
	{
		int last = -1, need = 0;

		for (int i = 0; i < V_COUNT; i++) {
			int w;

			if (i == (int)v || (t->wide && i == V_TIMELINE))
				continue;
			snprintf(tab, sizeof tab, "%d %s", i + 1, view_names[i]);
			w = draw_width(tab) + 2;
			if (right - (need + w - 2) < x)
				break;
			need += w;
			last = i;
		}
		for (int i = last; i >= 0; i--) {
			int w;

			if (i == (int)v || (t->wide && i == V_TIMELINE))
				continue;
			snprintf(tab, sizeof tab, "%d %s", i + 1, view_names[i]);
			w = draw_width(tab);
			x1[i] = right;
			x0[i] = right - w;
			right -= w + 2;
		}
	}
}

void tui_heading(const struct tui *t, const struct rect *r, enum view v,
		 bool focus, const char *suffix)
{
	int x0[V_COUNT], x1[V_COUNT];
	char tab[32];

	heading_layout(t, r, v, suffix, x0, x1);
	for (int i = 0; i < V_COUNT; i++) {
		if (!x1[i])
			continue;
		snprintf(tab, sizeof tab, "%d %s", i + 1, view_names[i]);
		draw_text(r->y, x0[i], x1[i] - x0[i], tab,
			  i == (int)v ? theme_attr(ROLE_HEADING) & (focus ? ~(attr_t)0 : ~A_UNDERLINE)
				      : theme_attr(ROLE_DIM), 0);
	}
	if (x1[v] < r->x + r->w)
		draw_text(r->y, x1[v], r->x + r->w - x1[v], suffix,
			  theme_attr(ROLE_DIM), 0);
}

int tui_heading_hit(const struct tui *t, const struct rect *r, int x)
{
	int x0[V_COUNT], x1[V_COUNT];
	enum view v = r == &t->r_side ? V_TIMELINE
		      : t->wide ? t->main : t->view;

	heading_layout(t, r, v, v == V_TIMELINE && !t->tl.follow
		       ? "  scrolled up: G follows" : "", x0, x1);
	for (int i = 0; i < V_COUNT; i++)
		if (x1[i] && x >= x0[i] && x < x1[i])
			return i;
	return -1;
}
