/*
 * prompt.c - the box a modal is drawn in (modal.h): the calm prompt,
 * the closed gate, the help, an event read whole, a y/N question...
 *
 * A modal is a centred box with a title, wrapped body text and a footer
 * saying which keys do what.  A body taller than the box scrolls (the
 * help overlay at 80x24: j/k, PgDn/PgUp, g/G), its footer saying which
 * lines are shown.  The loop draws the screen under it first and the
 * modal last (ncdu's delete confirmation does the same), so closing it
 * only needs the regions under it redrawn.  Each kind of box takes its
 * keys in its own file (modal.h).
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

void prompt_scroll(struct tui *t, struct modal *m, int delta)
{
	int inner, n;

	box_width(t, &inner);
	if (inner < 1)
		return;
	n = draw_wrap(m->body ? m->body : "", inner, NULL, NULL);
	m->top += delta;
	if (m->top > n - body_rows(t, n))
		m->top = n - body_rows(t, n);
	if (m->top < 0)
		m->top = 0;
	t->dirty = D_ALL;
}

bool prompt_scroll_key(struct tui *t, struct modal *m, int key)
{
	int d = 0;

	switch (key) {
	case 'j': case KEY_FN | KEY_DOWN: d = 1; break;
	case 'k': case KEY_FN | KEY_UP: d = -1; break;
	case ' ': case CTRL('d'): case KEY_FN | KEY_NPAGE: d = t->H / 2; break;
	case CTRL('u'): case KEY_FN | KEY_PPAGE: d = -(t->H / 2); break;
	case 'g': case KEY_FN | KEY_HOME: d = -1000000; break;
	case 'G': case KEY_FN | KEY_END: d = 1000000; break;
	}
	if (d)
		prompt_scroll(t, m, d);
	return d != 0;
}

void prompt_draw(struct tui *t, const struct modal *m)
{
	struct lines body = { NULL, 0 };
	attr_t a = theme_attr(ROLE_PROMPT);
	int w, h, y, x, inner, shown, top;
	char more[160];

	w = box_width(t, &inner);
	if (inner < 1)
		return;
	draw_wrap(m->body ? m->body : "", inner, add_line, &body);
	h = body.n + 6; /* border, title, gap, body, gap, footer, border */
	if (h > t->H)
		h = t->H;
	y = (t->H - h) / 2;
	x = (t->W - w) / 2;
	draw_fill(y, x, h, w, a);
	if (h >= 3 && w >= 3)
		draw_frame(y, x, h, w, a);
	draw_text(y + 1, x + 2, inner, m->title ? m->title : "",
		  a | A_BOLD, 0);
	shown = body_rows(t, body.n);
	top = m->top > body.n - shown ? body.n - shown : m->top;
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
			 top + 1, top + shown, body.n, m->ops->footer);
	else
		snprintf(more, sizeof more, "%s", m->ops->footer);
	if (h >= 5)
		draw_text(y + h - 2, x + 2, inner, more, a | A_BOLD, 0);
}

