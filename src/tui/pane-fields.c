/*
 * pane-fields.c - the incident's fields, edited in place.
 *
 * One row per field of field_defs (title, severity, product, impact,
 * impact-start, ...), in that order: the name, then the value or, when
 * unset, the field's one-line help, dimmed.  Enter (or e) opens the line
 * editor on the bottom line with the value in it; Enter there saves it
 * through app_set_field(), which validates, records a timeline event and
 * commits.  A refused value (a bad time, a blank title) is reported on
 * the status line and stays in the editor to be corrected: nothing typed
 * is lost.  An empty value clears a text field.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/field.h"
#include "calm/when.h"

/* Columns for the name column: the longest name plus a gap. */
#define NAME_W 14

static int collect(const char *name, const char *value, void *ctx)
{
	struct fields *fl = ctx;

	for (size_t i = 0; i < fl->n; i++)
		if (strcmp(field_defs[i].name, name) == 0) {
			free(fl->val[i]);
			fl->val[i] = xstrdup(value);
		}
	return 0;
}

void fields_release(struct fields *fl)
{
	for (size_t i = 0; i < fl->n; i++)
		free(fl->val[i]);
	free(fl->val);
	free(fl->queued);
	fl->val = NULL;
	fl->queued = NULL;
	fl->n = 0;
}

void fields_mark_queued(struct tui *t)
{
	const struct app_pending *p = &t->ob.pending;

	for (size_t i = 0; i < t->fl.n; i++) {
		t->fl.queued[i] = -1;
		for (size_t k = 0; k < p->n; k++) /* the last queued wins */
			if (p->v[k].kind == PENDING_FIELD && strcmp(p->v[k].what, field_defs[i].name) == 0)
				t->fl.queued[i] = (int)k;
	}
}

/* Field k's queued value, or NULL (as marked at the last load). */
static const char *queued_value(const struct tui *t, size_t k)
{
	int q = t->fl.queued[k];

	return q >= 0 && (size_t)q < t->ob.pending.n ? t->ob.pending.v[q].value : NULL;
}

void fields_load(struct tui *t)
{
	struct fields *fl = &t->fl;
	char sev[16];

	fields_release(fl);
	if (!t->inc.title)
		return;
	fl->n = field_ndefs;
	fl->val = xcalloc(fl->n, sizeof *fl->val);
	fl->queued = xcalloc(fl->n, sizeof *fl->queued);
	if (app_fields_each(t->app, t->id, collect, fl) != CALM_OK)
		tui_status(t, true, "%s", t->app->err.msg);
	/* title and severity live on the incident itself */
	snprintf(sev, sizeof sev, "%d", t->inc.severity);
	for (size_t i = 0; i < fl->n; i++) {
		const char *v = NULL;

		if (strcmp(field_defs[i].name, "title") == 0)
			v = t->inc.title;
		else if (strcmp(field_defs[i].name, "severity") == 0)
			v = sev;
		if (v) {
			free(fl->val[i]);
			fl->val[i] = xstrdup(v);
		}
	}
	fields_mark_queued(t);
	if (fl->sel >= fl->n)
		fl->sel = fl->n ? fl->n - 1 : 0;
}

/* What an unset field shows: its help, marked as not a value. */
static const char *unset_text(size_t k)
{
	static char buf[160];

	snprintf(buf, sizeof buf, "- %s", field_defs[k].help);
	return buf;
}

void fields_draw(struct tui *t, const struct rect *r, bool focus)
{
	struct fields *fl = &t->fl;
	int rows = r->h - 1;

	draw_fill(r->y, r->x, r->h, r->w, theme_attr(ROLE_NORMAL));
	tui_heading(t, r, V_FIELDS, focus, focus ? "  Enter edits" : "");
	if (rows <= 0)
		return;
	if (fl->sel < fl->top)
		fl->top = fl->sel;
	if (fl->sel >= fl->top + (size_t)rows)
		fl->top = fl->sel - (size_t)rows + 1;
	for (int i = 0; i < rows && fl->top + (size_t)i < fl->n; i++) {
		size_t k = fl->top + (size_t)i;
		bool selected = focus && k == fl->sel;
		int y = r->y + 1 + i, x = r->x;
		char name[32];
		attr_t a = theme_attr(selected ? ROLE_SELECTION : ROLE_NORMAL);

		snprintf(name, sizeof name, "%s%-*s", selected ? "> " : "  ",
			 NAME_W, field_defs[k].name);
		x += draw_text(y, x, r->w, name, selected ? a : theme_attr(ROLE_HEADING) & ~A_UNDERLINE, 0);
		if (x >= r->x + r->w)
			continue;
		const char *q = queued_value(t, k);

		if (q) { /* queued while offline: as typed, marked, not as saved */
			struct buf b = BUF_INIT;

			buf_addf(&b, "%s  (queued)", q[0] ? q : "(cleared)");
			draw_text(y, x, r->x + r->w - x, buf_cstr(&b),
				  selected ? a : theme_attr(ROLE_WARNING), DRAW_PAD);
			buf_release(&b);
		} else if (fl->val[k])
			draw_text(y, x, r->x + r->w - x, fl->val[k], a, DRAW_PAD);
		else
			draw_text(y, x, r->x + r->w - x, unset_text(k),
				  selected ? a : theme_attr(ROLE_DIM), DRAW_PAD);
	}
}

bool fields_action(struct tui *t, enum action a, int rows)
{
	struct fields *fl = &t->fl;
	size_t page = rows > 1 ? (size_t)rows - 1 : 1, last = fl->n ? fl->n - 1 : 0;

	switch (a) {
	case ACT_DOWN:
		if (fl->sel < last)
			fl->sel++;
		break;
	case ACT_UP:
		if (fl->sel > 0)
			fl->sel--;
		break;
	case ACT_TOP:
		fl->sel = 0;
		break;
	case ACT_BOTTOM:
		fl->sel = last;
		break;
	case ACT_PGDN:
		fl->sel = fl->sel + page < last ? fl->sel + page : last;
		break;
	case ACT_PGUP:
		fl->sel = fl->sel > page ? fl->sel - page : 0;
		break;
	case ACT_EDIT: {
		char label[48];

		if (fl->n == 0)
			return true;
		t->edit_field = fl->sel;
		tui_edit_begin(t, EDIT_FIELD);
		snprintf(label, sizeof label, "%s: ", field_defs[fl->sel].name);
		snprintf(t->ed.label, sizeof t->ed.label, "%s", label);
		const char *v = queued_value(t, fl->sel);

		v = v ? v : fl->val[fl->sel]; /* a queued value is the one to go on from */
		if (v)
			edit_insert_utf8(&t->ed, v, strlen(v));
		tui_status(t, false, "%s", field_defs[fl->sel].help);
		t->dirty |= D_STATUS | D_KEYS;
		return true;
	}
	default:
		return false;
	}
	t->dirty |= D_PANE;
	return true;
}

void fields_click(struct tui *t, int row)
{
	size_t k = t->fl.top + (size_t)row;

	if (row >= 0 && k < t->fl.n) {
		t->fl.sel = k;
		t->dirty |= D_PANE;
	}
}

enum calm_rc fields_submit(struct tui *t, const char *text)
{
	const struct field_def *def;
	char *stored = NULL, when[48];
	long long ms;
	enum calm_rc rc;

	if (t->edit_field >= field_ndefs)
		return CALM_USAGE;
	def = &field_defs[t->edit_field];
	rc = app_set_field(t->app, t->id, def->name, text, &stored); /* validates first */
	if (rc == CALM_QUEUED)
		tui_queued(t, def->name);
	/* a time typed as 21:48 or now: the full date it became */
	if (rc == CALM_OK && def->type == FIELD_TIME && stored && stored[0] &&
	    when_parse(stored, WHEN_DATETIME, 0, &ms, NULL) == CALM_OK)
		tui_status(t, false, "%s saved: %s", def->name,
			   when_format(ms, WHEN_FULL, t->app->when_flags, when, sizeof when));
	else if (rc == CALM_OK)
		tui_status(t, false, text[0] ? "%s saved" : "%s cleared", def->name);
	free(stored);
	return rc;
}
