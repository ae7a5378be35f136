/*
 * pane-actions.c - the action items agreed when discussing the incident.
 *
 * Two rows per item, oldest first: number, status (open, done,
 * dropped) and title; then owner, category (technical, training,
 * policy, other) and due date.  A due date already past on an open item
 * shows in the warning colour, marked OVERDUE.
 * a adds an item: the line editor asks the title, then the owner
 * (optional); one key picks the category (t r p o, Enter for none);
 * then the due date, YYYY-MM-DD (optional).  Right/Left choose a field
 * of the selected item and Enter (or e) edits it in place; Space marks
 * the item done (again: open); d drops it.  Each change is one app
 * action and a line in the timeline.
 */
#include "tui.h"

#include "calm/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calm/buf.h"

static const char *const field_names[IF_COUNT] = {
	[IF_TITLE] = "title", [IF_OWNER] = "owner",
	[IF_CATEGORY] = "category", [IF_DUE] = "due",
};

/* Rows one item takes: its title, then owner, category and due. */
#define ROWS 2

static char *dup_or_null(const char *s)
{
	return s && s[0] ? xstrdup(s) : NULL;
}

static int collect(const struct action_row *row, void *ctx)
{
	struct items_pane *it = ctx;
	struct item_entry *e;

	it->v = xrealloc(it->v, (it->n + 1) * sizeof *it->v);
	e = &it->v[it->n++];
	e->n = row->n;
	e->title = xstrdup(row->title ? row->title : "");
	e->owner = dup_or_null(row->owner);
	e->category = dup_or_null(row->category);
	e->due = dup_or_null(row->due);
	e->status = xstrdup(row->status ? row->status : "open");
	return 0;
}

void items_release(struct items_pane *it)
{
	for (size_t i = 0; i < it->n; i++) {
		struct item_entry *e = &it->v[i];

		free(e->title);
		free(e->owner);
		free(e->category);
		free(e->due);
		free(e->status);
	}
	free(it->v);
	it->v = NULL;
	it->n = 0;
}

void items_load(struct tui *t)
{
	struct items_pane *it = &t->it;

	items_release(it);
	if (!t->id || !t->inc.title)
		return;
	if (app_actions_each(t->app, t->id, collect, it) != CALM_OK)
		tui_status(t, true, "%s", t->app->err.msg);
	if (it->sel >= it->n)
		it->sel = it->n ? it->n - 1 : 0;
}

static const char *value(const struct item_entry *e, int f)
{
	const char *v = f == IF_TITLE ? e->title : f == IF_OWNER ? e->owner
		       : f == IF_CATEGORY ? e->category : e->due;

	return v ? v : "-";
}

/* Draw "name: value" at y, x (the selected field highlighted); returns
 * the columns used. */
static int field_at(int y, int x, int w, const char *name, const char *v,
		    attr_t va)
{
	int used = draw_text(y, x, w, name, theme_attr(ROLE_DIM), 0);

	used += draw_text(y, x + used, w - used, v, va, 0);
	return used + (used < w ? 2 : 0);
}

void items_draw(struct tui *t, const struct rect *r, bool focus)
{
	struct items_pane *it = &t->it;
	size_t fit = r->h > 1 ? (size_t)(r->h - 1) / ROWS : 0;
	char today[ACTION_DAY_LEN + 1];

	action_today(app_now(t->app), today);
	draw_fill(r->y, r->x, r->h, r->w, theme_attr(ROLE_NORMAL));
	tui_heading(t, r, V_ACTIONS, focus, focus ? "  a add  Right/Left field" : "");
	if (r->h < 2)
		return;
	if (it->n == 0) {
		draw_text(r->y + 1, r->x + 1, r->w - 1,
			  "No action items yet: a adds one (technical change, training, policy).",
			  theme_attr(ROLE_DIM), 0);
		return;
	}
	if (fit == 0)
		fit = 1;
	if (it->sel < it->top)
		it->top = it->sel;
	if (it->sel >= it->top + fit)
		it->top = it->sel - fit + 1;
	for (size_t i = 0; i < fit && it->top + i < it->n; i++) {
		const struct item_entry *e = &it->v[it->top + i];
		bool sel = focus && it->top + i == it->sel;
		bool open = strcmp(e->status, "open") == 0;
		bool overdue = action_overdue(e->status, e->due, today);
		int y = r->y + 1 + (int)i * ROWS, x = r->x, end = r->x + r->w;
		attr_t base = theme_attr(sel ? ROLE_SELECTION : open ? ROLE_NORMAL : ROLE_DIM);
		attr_t hi = theme_attr(ROLE_HEADING) | A_REVERSE;
		char head[48];

		if (sel)
			draw_fill(y, r->x, 1, r->w, base);
		snprintf(head, sizeof head, "%s#%lld [%s] ", sel ? "> " : "  ", e->n, e->status);
		x += draw_text(y, x, r->w, head, base, 0);
		draw_text(y, x, end - x, e->title, sel && it->field == IF_TITLE ? hi : base, 0);
		if (y + 1 >= r->y + r->h)
			break;
		x = r->x + 6;
		for (int f = IF_OWNER; f < IF_COUNT && x < end; f++) {
			char name[16];
			attr_t va = sel && it->field == f ? hi
				    : f == IF_DUE && overdue ? theme_attr(ROLE_WARNING)
							     : theme_attr(ROLE_NORMAL);

			snprintf(name, sizeof name, "%s: ", field_names[f]);
			x += field_at(y + 1, x, end - x, name, value(e, f), va);
		}
		if (overdue && x < end)
			draw_text(y + 1, x, end - x, "OVERDUE", theme_attr(ROLE_WARNING), 0);
	}
}

static void set(struct tui *t, const char *field, const char *v)
{
	struct item_entry *e = &t->it.v[t->it.sel];

	if (app_action_edit(t->app, t->id, e->n, field, v) != CALM_OK)
		tui_status(t, true, "%s", t->app->err.msg);
	else
		tui_status(t, false, "item #%lld: %s %s", e->n, field, v[0] ? "saved" : "cleared");
	tui_reload(t);
}

static void status(struct tui *t, const char *to)
{
	struct item_entry *e = &t->it.v[t->it.sel];

	enum calm_rc rc = app_action_status(t->app, t->id, e->n, to);

	if (rc == CALM_QUEUED) {
		tui_queued(t, "the item's status");
		return; /* the pane as read */
	}
	if (rc != CALM_OK)
		tui_status(t, true, "%s", t->app->err.msg);
	else
		tui_status(t, false, "item #%lld %s", e->n, to);
	tui_reload(t);
}

bool items_action(struct tui *t, enum action a, int key, int rows)
{
	struct items_pane *it = &t->it;

	if (list_move(&it->sel, it->n, a, rows, ROWS)) {
		t->dirty |= D_PANE;
		return true;
	}
	switch (a) {
	case ACT_ITEM_FIELD:
		it->field = (it->field + (key == (KEY_FN | KEY_LEFT) ? IF_COUNT - 1 : 1)) % IF_COUNT;
		break;
	case ACT_ITEM_ADD:
		pending_clear(&t->pend);
		tui_edit_begin(t, EDIT_ITEM_TITLE);
		tui_status(t, false, "the action item: a technical change, training, a policy...");
		return true;
	default:
		if (a != ACT_ITEM_EDIT && a != ACT_ITEM_DONE && a != ACT_ITEM_DROP)
			return false;
		if (it->n == 0) {
			tui_status(t, true, "no action items yet: a adds one");
			return true;
		}
		if (a == ACT_ITEM_DONE)
			status(t, strcmp(it->v[it->sel].status, "done") ? "done" : "open");
		else if (a == ACT_ITEM_DROP)
			status(t, "dropped");
		else if (it->field == IF_CATEGORY) {
			pending_clear(&t->pend);
			t->pend.n = it->v[it->sel].n;
			ask_open(t, ASK_CATEGORY);
			t->dirty |= D_STATUS | D_KEYS;
		} else {
			const struct item_entry *e = &it->v[it->sel];
			const char *v = it->field == IF_TITLE ? e->title
					: it->field == IF_OWNER ? e->owner : e->due;

			pending_clear(&t->pend);
			t->pend.n = e->n;
			t->pend.field = it->field;
			tui_edit_begin(t, EDIT_ITEM_FIELD);
			snprintf(t->ed.label, sizeof t->ed.label, "#%lld %s: ", e->n,
				 field_names[it->field]);
			if (v)
				edit_insert_utf8(&t->ed, v, strlen(v));
			t->dirty |= D_STATUS | D_KEYS;
		}
		return true;
	}
	t->dirty |= D_PANE;
	return true;
}

void items_click(struct tui *t, int row)
{
	if (list_click(&t->it.sel, t->it.top, t->it.n, row, ROWS))
		t->dirty |= D_PANE;
}

/* The category key: t r p o, Enter none; anything else cancels. */
void items_category_key(struct tui *t, int key)
{
	static const struct { int key; const char *name; } cats[] = {
		{ 't', "technical" }, { 'r', "training" }, { 'p', "policy" },
		{ 'o', "other" }, { '\r', "" }, { '\n', "" }, { '-', "" },
	};
	enum ask ask = t->ask;

	ask_close(t);
	for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++) {
		if (key != cats[i].key)
			continue;
		if (ask == ASK_CATEGORY) {
			set(t, "category", cats[i].name);
			return;
		}
		t->pend.category = cats[i].name[0] ? cats[i].name : NULL;
		tui_edit_begin(t, EDIT_ITEM_DUE);
		tui_status(t, false, "due date YYYY-MM-DD (optional: Enter skips)");
		return;
	}
	pending_clear(&t->pend);
	tui_status(t, false, "cancelled");
}

enum calm_rc items_submit(struct tui *t, const char *text)
{
	struct pending *p = &t->pend;
	enum calm_rc rc = CALM_OK;
	long long n = 0;

	switch (t->ed.purpose) {
	case EDIT_ITEM_TITLE:
		if (!text[0])
			return calm_err_set(&t->app->err, CALM_DATA, "an action item needs a title (Esc cancels)");
		free(p->title);
		p->title = xstrdup(text);
		tui_edit_begin(t, EDIT_ITEM_OWNER);
		tui_status(t, false, "who owns it? (optional: Enter skips)");
		return CALM_OK;
	case EDIT_ITEM_OWNER:
		free(p->owner);
		p->owner = text[0] ? xstrdup(text) : NULL;
		tui_edit_end(t);
		ask_open(t, ASK_CATEGORY_NEW);
		t->dirty |= D_STATUS | D_KEYS;
		return CALM_OK;
	case EDIT_ITEM_DUE:
		rc = app_action_add(t->app, t->id, p->title ? p->title : "", p->owner,
				    p->category, text[0] ? text : NULL, &n);
		if (rc == CALM_QUEUED)
			tui_queued(t, "action item");
		if (rc == CALM_OK)
			tui_status(t, false, "action item #%lld added", n);
		break;
	case EDIT_ITEM_FIELD:
		rc = app_action_edit(t->app, t->id, p->n, field_names[p->field], text);
		if (rc == CALM_OK)
			tui_status(t, false, "item #%lld: %s %s", p->n, field_names[p->field],
				   text[0] ? "saved" : "cleared");
		break;
	default:
		return CALM_USAGE;
	}
	if (rc == CALM_QUEUED) { /* tui_queued said so; the pane as read */
		tui_edit_end(t);
		pending_clear(p);
		return CALM_OK;
	}
	if (rc == CALM_OK) {
		tui_edit_end(t);
		pending_clear(p);
		tui_reload(t);
		if (n && t->it.n)
			t->it.sel = t->it.n - 1;
	}
	return rc;
}
