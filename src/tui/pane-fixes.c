/*
 * pane-fixes.c - the fix attempts: what was tried, why, and how it went.
 *
 * Two rows per attempt, oldest first: "#2 [worked] roll back the 09:55
 * deploy", then, dimmed, the outcome's note, why, who and when.
 * a logs an attempt (the line editor asks what, then why, which may be
 * left empty); o (or Enter) asks the selected attempt's outcome with one
 * key (w worked, f failed, p partial, r rolled back), then an optional
 * note; x declares that no fix is possible and asks what was lost
 * (app_no_fix, which also sets the data-lost field); p saves the
 * selected attempt as a new internal draft and shows the comms pane.
 * Every step is one app action, recorded in the timeline.
 */
#include "tui.h"

#include "calm/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calm/buf.h"

/* Rows one attempt takes. */
#define ROWS 2

static char *dup_or_null(const char *s)
{
	return s && s[0] ? xstrdup(s) : NULL;
}

static int collect(const struct fix_row *row, void *ctx)
{
	struct fixes_pane *fx = ctx;
	struct fix_entry *e;

	fx->v = xrealloc(fx->v, (fx->n + 1) * sizeof *fx->v);
	e = &fx->v[fx->n++];
	e->n = row->n;
	e->started_ms = row->started_ms;
	e->what = xstrdup(row->what ? row->what : "");
	e->why = dup_or_null(row->why);
	e->author = xstrdup(row->author ? row->author : "?");
	e->outcome = dup_or_null(row->outcome);
	e->note = dup_or_null(row->note);
	return 0;
}

void fixes_release(struct fixes_pane *fx)
{
	for (size_t i = 0; i < fx->n; i++) {
		free(fx->v[i].what);
		free(fx->v[i].why);
		free(fx->v[i].author);
		free(fx->v[i].outcome);
		free(fx->v[i].note);
	}
	free(fx->v);
	fx->v = NULL;
	fx->n = 0;
}

void fixes_load(struct tui *t)
{
	struct fixes_pane *fx = &t->fx;

	fixes_release(fx);
	if (!t->id || !t->inc.title)
		return;
	if (app_fixes_each(t->app, t->id, collect, fx) != CALM_OK)
		tui_status(t, true, "%s", t->app->err.msg);
	if (fx->sel >= fx->n)
		fx->sel = fx->n ? fx->n - 1 : 0;
}

static enum theme_role outcome_role(const char *o)
{
	if (!o)
		return ROLE_GATE_UNMET;
	if (strcmp(o, "worked") == 0)
		return ROLE_GATE_MET;
	if (strcmp(o, "no-fix") == 0 || strcmp(o, "failed") == 0)
		return ROLE_WARNING;
	return ROLE_NORMAL;
}

void fixes_draw(struct tui *t, const struct rect *r, bool focus)
{
	struct fixes_pane *fx = &t->fx;
	size_t fit = r->h > 1 ? (size_t)(r->h - 1) / ROWS : 0;

	draw_fill(r->y, r->x, r->h, r->w, theme_attr(ROLE_NORMAL));
	tui_heading(t, r, V_FIXES, focus, focus ? "  a attempt  o outcome" : "");
	if (r->h < 2)
		return;
	if (fx->n == 0) {
		draw_text(r->y + 1, r->x + 1, r->w - 1,
			  "No fix attempts yet: a logs one (one change at a time).",
			  theme_attr(ROLE_DIM), 0);
		return;
	}
	if (fit == 0)
		fit = 1;
	if (fx->sel < fx->top)
		fx->top = fx->sel;
	if (fx->sel >= fx->top + fit)
		fx->top = fx->sel - fit + 1;
	for (size_t i = 0; i < fit && fx->top + i < fx->n; i++) {
		const struct fix_entry *e = &fx->v[fx->top + i];
		bool sel = focus && fx->top + i == fx->sel;
		int y = r->y + 1 + (int)i * ROWS, x = r->x;
		attr_t a = theme_attr(sel ? ROLE_SELECTION : ROLE_NORMAL);
		struct buf l = BUF_INIT;
		char when[16], tag[48];

		if (sel)
			draw_fill(y, r->x, 1, r->w, a);
		buf_addf(&l, "%s#%lld ", sel ? "> " : "  ", e->n);
		x += draw_text(y, x, r->w, buf_cstr(&l), a, 0);
		snprintf(tag, sizeof tag, "[%s] ", e->outcome ? e->outcome : "no outcome yet");
		x += draw_text(y, x, r->x + r->w - x, tag,
			       sel ? a : theme_attr(outcome_role(e->outcome)), 0);
		draw_text(y, x, r->x + r->w - x, e->what, a, 0);
		buf_reset(&l);
		when_format(e->started_ms, WHEN_HM, t->app->when_flags, when, sizeof when);
		if (e->note) /* the outcome's note first: it is what changed */
			buf_addf(&l, "%s: %s  |  ",
				 e->outcome && strcmp(e->outcome, "no-fix") == 0 ? "lost" : "note",
				 e->note);
		buf_addf(&l, "why: %s  |  %s %s", e->why ? e->why : "-", e->author, when);
		if (y + 1 < r->y + r->h)
			draw_text(y + 1, r->x + 6, r->w - 6, buf_cstr(&l),
				  theme_attr(ROLE_DIM), 0);
		buf_release(&l);
	}
}

bool fixes_action(struct tui *t, enum action a, int rows)
{
	struct fixes_pane *fx = &t->fx;
	int rev = 0;

	if (list_move(&fx->sel, fx->n, a, rows, ROWS)) {
		t->dirty |= D_PANE;
		return true;
	}
	switch (a) {
	case ACT_FIX_ADD:
		pending_clear(&t->pend);
		tui_edit_begin(t, EDIT_FIX_WHAT);
		tui_status(t, false, "what are you trying? one change at a time");
		return true;
	case ACT_FIX_OUTCOME:
		if (fx->n == 0) {
			tui_status(t, true, "no fix attempt yet: a logs one");
			return true;
		}
		pending_clear(&t->pend);
		t->pend.n = fx->v[fx->sel].n;
		ask_open(t, ASK_OUTCOME);
		t->dirty |= D_STATUS | D_KEYS;
		return true;
	case ACT_FIX_NONE:
		pending_clear(&t->pend);
		tui_edit_begin(t, EDIT_NOFIX);
		tui_status(t, false, "no fix possible: say what was lost ('none' if nothing)");
		return true;
	case ACT_FIX_POST:
		if (fx->n == 0) {
			tui_status(t, true, "no fix attempt yet: a logs one");
			return true;
		}
		if (app_fix_post_draft(t->app, t->id, &rev) != CALM_OK) {
			tui_status(t, true, "%s", t->app->err.msg);
			return true;
		}
		t->cm.aud = AUD_INTERNAL;
		t->cm.top = 0;
		tui_focus(t, V_COMMS);
		tui_status(t, false, "posted as the internal draft (rev %d): e edits, s sends", rev);
		return true;
	default:
		return false;
	}
}

void fixes_click(struct tui *t, int row)
{
	if (list_click(&t->fx.sel, t->fx.top, t->fx.n, row, ROWS))
		t->dirty |= D_PANE;
}

/* The outcome key (w f p r); anything else cancels. */
void fixes_outcome_key(struct tui *t, int key)
{
	static const struct { int key; const char *name; } outcomes[] = {
		{ 'w', "worked" }, { 'f', "failed" }, { 'p', "partial" },
		{ 'r', "rolled-back" },
	};

	ask_close(t);
	for (size_t i = 0; i < sizeof outcomes / sizeof outcomes[0]; i++)
		if (key == outcomes[i].key) {
			t->pend.outcome = outcomes[i].name;
			tui_edit_begin(t, EDIT_FIX_NOTE);
			snprintf(t->ed.label, sizeof t->ed.label, "#%lld %s, note: ",
				 t->pend.n, outcomes[i].name);
			tui_status(t, false, "a note on the outcome (optional): Enter saves");
			return;
		}
	tui_status(t, false, "cancelled");
}

enum calm_rc fixes_submit(struct tui *t, const char *text)
{
	struct pending *p = &t->pend;
	long long n = 0;
	enum calm_rc rc = CALM_OK;

	switch (t->ed.purpose) {
	case EDIT_FIX_WHAT:
		if (!text[0])
			return calm_err_set(&t->app->err, CALM_DATA,
					    "say what you are trying (Esc cancels)");
		free(p->what);
		p->what = xstrdup(text);
		tui_edit_begin(t, EDIT_FIX_WHY);
		tui_status(t, false, "why: what do you expect it to show? (optional: Enter skips)");
		return CALM_OK;
	case EDIT_FIX_WHY:
		rc = app_fix_add(t->app, t->id, p->what ? p->what : "", text, &n);
		if (rc == CALM_QUEUED)
			tui_queued(t, "fix attempt");
		if (rc == CALM_OK)
			tui_status(t, false, "fix attempt #%lld logged: o records its outcome", n);
		break;
	case EDIT_FIX_NOTE:
		rc = app_fix_outcome(t->app, t->id, p->n, p->outcome ? p->outcome : "",
				     text[0] ? text : NULL);
		if (rc == CALM_QUEUED)
			tui_queued(t, "outcome");
		if (rc == CALM_OK)
			tui_status(t, false, "attempt #%lld: %s", p->n, p->outcome);
		break;
	case EDIT_NOFIX:
		rc = app_no_fix(t->app, t->id, text);
		if (rc == CALM_QUEUED)
			tui_queued(t, "no fix possible");
		if (rc == CALM_OK)
			tui_status(t, false, "no fix possible: recorded, with what was lost");
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
		if (n && t->fx.n)
			t->fx.sel = t->fx.n - 1;
	}
	return rc;
}
