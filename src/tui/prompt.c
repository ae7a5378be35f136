/*
 * prompt.c - modals drawn over the screen: the calm prompt, the closed
 * gate, the help overlay and errors.
 *
 * A modal is a centred box with a title, wrapped body text and a footer
 * saying which keys do what.  The loop draws the screen under it first
 * and the modal last (ncdu's delete confirmation does the same), so
 * closing it only needs the regions under it redrawn.
 */
#include "tui.h"

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
		return "Any key closes this help.";
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

void prompt_draw(struct tui *t)
{
	struct lines body = { NULL, 0 };
	attr_t a = theme_attr(ROLE_PROMPT);
	int w, h, y, x, inner, shown;

	if (t->modal == MODAL_NONE)
		return;
	w = t->W - 4 < 76 ? t->W - 4 : 76;
	if (w < 20 || t->H < 8)
		w = t->W;
	inner = w - 4;
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
	shown = h - 6 > 0 ? h - 6 : 0;
	for (int i = 0; i < body.n; i++) {
		if (i < shown)
			draw_text(y + 3 + i, x + 2, inner, body.v[i], a, 0);
		free(body.v[i]);
	}
	free(body.v);
	if (h >= 5)
		draw_text(y + h - 2, x + 2, inner, footer(t->modal), a | A_BOLD, 0);
}
