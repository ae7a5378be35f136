/*
 * modal.c - the stack of modals (modal.h): open, find, close, keys, draw.
 *
 * The stack is small and fixed (MODAL_MAX): a box over the editor over
 * nothing is as deep as it goes in practice.  A modal popped from the
 * middle (the editor saved while a box is over it) leaves the others in
 * order.  Every change redraws the screen: what was under a box shows
 * again.
 */
#include "tui.h"

#include <stdlib.h>
#include <string.h>

static void set_text(struct modal *m, const char *title, const char *body)
{
	free(m->title);
	free(m->body);
	m->title = title ? xstrdup(title) : NULL;
	m->body = body ? xstrdup(body) : NULL;
	m->top = 0;
}

/* A box covers the screen: all of it is drawn again; a line modal only
 * the bottom lines. */
static void redraw(struct tui *t, const struct modal_ops *ops)
{
	if (ops->flags & MODAL_BOX)
		t->dirty = D_ALL;
	else
		t->dirty |= D_STATUS | D_KEYS;
}

struct modal *modal_open(struct tui *t, const struct modal_ops *ops,
			 const char *title, const char *body)
{
	struct modal *m = modal_top(t);

	redraw(t, ops);
	if (!m || m->ops != ops) {
		if (t->nmodal >= MODAL_MAX) {
			tui_status(t, true, "too many boxes open: close one first (Esc)");
			return NULL;
		}
		m = &t->modals[t->nmodal++];
		*m = (struct modal){ .ops = ops };
	}
	set_text(m, title, body);
	return m;
}

struct modal *modal_top(struct tui *t)
{
	return t->nmodal > 0 ? &t->modals[t->nmodal - 1] : NULL;
}

struct modal *modal_find(struct tui *t, const struct modal_ops *ops)
{
	for (int i = t->nmodal - 1; i >= 0; i--)
		if (t->modals[i].ops == ops)
			return &t->modals[i];
	return NULL;
}

bool modal_close(struct tui *t, const struct modal_ops *ops)
{
	for (int i = t->nmodal - 1; i >= 0; i--) {
		struct modal m = t->modals[i];

		if (m.ops != ops)
			continue;
		memmove(&t->modals[i], &t->modals[i + 1],
			(size_t)(t->nmodal - i - 1) * sizeof *t->modals);
		t->nmodal--;
		if (m.ops->close)
			m.ops->close(t, &m);
		set_text(&m, NULL, NULL);
		redraw(t, m.ops);
		return true;
	}
	return false;
}

void modal_clear(struct tui *t)
{
	while (t->nmodal > 0)
		modal_close(t, t->modals[t->nmodal - 1].ops);
}

struct modal *modal_raw(struct tui *t)
{
	for (int i = t->nmodal - 1; i >= 0; i--)
		if (t->modals[i].ops->flags & MODAL_RAW)
			return &t->modals[i];
	return NULL;
}

bool modal_key(struct tui *t, int key)
{
	struct modal *raw = modal_raw(t);

	if (raw) /* a box opened by the clock mid-paste waits for its end */
		return raw->ops->key(t, raw, key);
	for (int i = t->nmodal - 1; i >= 0; i--)
		if (t->modals[i].ops->key(t, &t->modals[i], key))
			return true;
	return false;
}

void modals_draw(struct tui *t)
{
	for (int i = 0; i < t->nmodal; i++) {
		const struct modal *m = &t->modals[i];

		if (m->ops->draw)
			m->ops->draw(t, m);
		else if (m->ops->flags & MODAL_BOX)
			prompt_draw(t, m);
	}
}
