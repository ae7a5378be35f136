/*
 * prompt.c - modals drawn over the screen: the calm prompt, the closed
 * gate, the help overlay and errors.
 *
 * A modal is a centred box with a title, wrapped body text and a footer
 * saying which keys do what.  A body taller than the box scrolls (the
 * help overlay at 80x24: j/k, PgDn/PgUp, g/G), its footer saying which
 * lines are shown.  A y/N box (MODAL_CONFIRM) asks before a send.  The loop draws the screen under it first
 * and the modal last (ncdu's delete confirmation does the same), so
 * closing it only needs the regions under it redrawn.  prompt_key()
 * takes the keys while a modal is open; the role box, the similar
 * incidents and the search results hand them to their own files.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"

struct lines {
	char **v;
	int n;
};

static void add_line(const char *line, void *ctx)
{
	struct lines *l = ctx;

	l->v = xrealloc(l->v, (size_t)(l->n + 1) * sizeof *l->v);
	l->v[l->n++] = xstrdup(line);
}

static const char *footer(enum modal_kind kind)
{
	switch (kind) {
	case MODAL_CALM:
		return "Press any key to begin this stage.";
	case MODAL_GATE:
		return "o: override with a reason   any other key: stay here";
	case MODAL_HELP:
		return "Any other key closes this help.";
	case MODAL_READ:
		return "Any other key closes this.";
	case MODAL_CONFIRM:
		return "y: yes   any other key: no";
	case MODAL_ROLE:
		return "1-9 role  u next name  e type a name  Enter hand it  - nobody  Esc cancel";
	case MODAL_SIMILAR:
		return "1-3: its postmortem (read-only)   j/k scroll   any other key: go on";
	case MODAL_GONE:
		return "r: put it back   x: keep your text in a file   any other key: close this";
	default:
		return "Any key closes this.";
	}
}

static void frame(int y, int x, int h, int w, attr_t a)
{
	attrset(a);
	mvaddch(y, x, ACS_ULCORNER);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	attrset(A_NORMAL);
}

/* The box's width and its inner width for the screen. */
static int box_width(const struct tui *t, int *inner)
{
	int w = t->W - 4 < 76 ? t->W - 4 : 76;

	if (w < 20 || t->H < 8)
		w = t->W;
	*inner = w - 4;
	return w;
}

int prompt_inner_width(const struct tui *t)
{
	int inner;

	box_width(t, &inner);
	return inner;
}

/* Body lines that fit in the box on this screen. */
static int body_rows(const struct tui *t, int n)
{
	int h = n + 6 > t->H ? t->H : n + 6;

	return h - 6 > 0 ? h - 6 : 0;
}

void prompt_scroll(struct tui *t, int delta)
{
	int inner, n;

	box_width(t, &inner);
	if (inner < 1)
		return;
	n = draw_wrap(t->modal_body ? t->modal_body : "", inner, NULL, NULL);
	t->modal_top += delta;
	if (t->modal_top > n - body_rows(t, n))
		t->modal_top = n - body_rows(t, n);
	if (t->modal_top < 0)
		t->modal_top = 0;
	t->dirty = D_ALL;
}

void prompt_draw(struct tui *t)
{
	struct lines body = { NULL, 0 };
	attr_t a = theme_attr(ROLE_PROMPT);
	int w, h, y, x, inner, shown, top;
	char more[160];

	if (t->modal == MODAL_NONE)
		return;
	if (t->modal == MODAL_SEARCH) {
		search_draw(t);
		return;
	}
	w = box_width(t, &inner);
	if (inner < 1)
		return;
	draw_wrap(t->modal_body ? t->modal_body : "", inner, add_line, &body);
	h = body.n + 6; /* border, title, gap, body, gap, footer, border */
	if (h > t->H)
		h = t->H;
	y = (t->H - h) / 2;
	x = (t->W - w) / 2;
	draw_fill(y, x, h, w, a);
	if (h >= 3 && w >= 3)
		frame(y, x, h, w, a);
	draw_text(y + 1, x + 2, inner, t->modal_title ? t->modal_title : "",
		  a | A_BOLD, 0);
	shown = body_rows(t, body.n);
	top = t->modal_top > body.n - shown ? body.n - shown : t->modal_top;
	if (top < 0)
		top = 0;
	for (int i = 0; i < body.n; i++) {
		if (i >= top && i < top + shown)
			draw_text(y + 3 + i - top, x + 2, inner, body.v[i], a, 0);
		free(body.v[i]);
	}
	free(body.v);
	if (shown < body.n)
		snprintf(more, sizeof more, "lines %d-%d of %d: j/k PgDn/PgUp scroll.  %s",
			 top + 1, top + shown, body.n, footer(t->modal));
	else
		snprintf(more, sizeof more, "%s", footer(t->modal));
	if (h >= 5)
		draw_text(y + h - 2, x + 2, inner, more, a | A_BOLD, 0);
}

static void close_modal(struct tui *t)
{
	enum modal_kind kind = t->modal;

	tui_modal(t, MODAL_NONE, NULL, NULL);
	if (kind == MODAL_CALM && !t->picking) {
		if (app_stage_begun(t->app, t->id) != CALM_OK)
			tui_status(t, true, "%s", t->app->err.msg);
		tui_reload(t);
		tui_resume_draft(t);
	}
}

/* A key while a modal is open: the help scrolls, a y/N box answers,
 * the gate offers its override; any other key closes. */
void prompt_key(struct tui *t, int key)
{
	if (t->modal == MODAL_ROLE) {
		role_key(t, key);
		return;
	}
	if (t->modal == MODAL_SIMILAR) {
		similar_key(t, key);
		return;
	}
	if (t->modal == MODAL_SEARCH) {
		search_key(t, key);
		return;
	}
	if (t->modal == MODAL_GONE) {
		gone_key(t, key);
		return;
	}
	if (t->modal == MODAL_GATE && key == 'o') {
		tui_modal(t, MODAL_NONE, NULL, NULL);
		edit_begin(&t->ed, EDIT_OVERRIDE);
		return;
	}
	if (t->modal == MODAL_HELP || t->modal == MODAL_READ) {
		int d = 0;

		switch (key) {
		case 'j': case KEY_FN | KEY_DOWN: d = 1; break;
		case 'k': case KEY_FN | KEY_UP: d = -1; break;
		case ' ': case CTRL('d'): case KEY_FN | KEY_NPAGE: d = t->H / 2; break;
		case CTRL('u'): case KEY_FN | KEY_PPAGE: d = -(t->H / 2); break;
		case 'g': case KEY_FN | KEY_HOME: d = -1000000; break;
		case 'G': case KEY_FN | KEY_END: d = 1000000; break;
		}
		if (d) {
			prompt_scroll(t, d);
			return;
		}
	}
	if (t->modal == MODAL_CONFIRM) {
		tui_modal(t, MODAL_NONE, NULL, NULL);
		panes_confirm(t, key == 'y' || key == 'Y');
		return;
	}
	close_modal(t);
}

