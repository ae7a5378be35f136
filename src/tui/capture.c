/*
 * capture.c - writing down in the console what the CLI writes down
 * with log --when, mark, amend and strike:
 *
 *   b      a note about an earlier moment: when (EDIT_WHEN), then the
 *          note (EDIT_BACKFILL); it shows where it happened, marked
 *   m      a milestone: d s m r (ASK_MILESTONE), then when
 *          (EDIT_MILESTONE_AT, empty for now)
 *   e      on the timeline: amend the selected note, command or shell
 *          command (EDIT_AMEND, starting from its newest text)
 *   x      on the timeline: strike it out, with a reason (EDIT_STRIKE)
 * (Enter on the timeline reads an entry whole, with both times and every
 * version: reader.c.)
 *
 * Each answer goes through src/app like the CLI's; on an error the text
 * stays in the editor.
 */
#include "tui.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/milestone.h"
#include "calm/text.h"
#include "calm/when.h"

void capture_backfill(struct tui *t)
{
	pending_clear(&t->pend);
	tui_edit_begin(t, EDIT_WHEN);
	t->dirty |= D_STATUS;
}

void capture_milestone(struct tui *t)
{
	pending_clear(&t->pend);
	ask_open(t, ASK_MILESTONE);
	t->dirty |= D_STATUS | D_KEYS;
}

void capture_milestone_key(struct tui *t, int key)
{
	static const char keys[MS_COUNT] = { 'd', 's', 'm', 'r' };

	ask_close(t);
	for (int m = 0; m < MS_COUNT; m++) {
		if (key != keys[m])
			continue;
		t->pend.milestone = m;
		tui_edit_begin(t, EDIT_MILESTONE_AT);
		snprintf(t->ed.label, sizeof t->ed.label, "%s at (Enter: now): ",
			 milestone_defs[m].words);
		return;
	}
	tui_status(t, false, "cancelled");
}

/* What the selected timeline entry is, for amend and strike. */
struct selected {
	long long id;
	bool correctable, struck;
	struct buf text;       /* its newest text, inert for the editor */
};

static int take(const struct event *ev, void *ctx)
{
	struct selected *s = ctx;
	const char *raw = ev->amendments ? ev->amended_raw : ev->raw;
	const char *text = ev->amendments ? ev->amended : ev->text;
	size_t len = ev->amendments ? ev->amended_raw_len : ev->raw_len;

	s->correctable = strcmp(ev->kind, "note") == 0 || strcmp(ev->kind, "run") == 0 ||
			 strcmp(ev->kind, "shell") == 0;
	s->struck = ev->struck != NULL;
	/* the editor takes valid UTF-8: exact bytes only through the CLI */
	if (raw)
		text_utf8_lossy(&s->text, raw, len);
	else
		buf_adds(&s->text, text);
	return 1;
}

/* The entry selected in the timeline, or false with a message. */
static bool selected(struct tui *t, struct selected *s)
{

	memset(s, 0, sizeof *s);
	s->id = t->tl.sel;
	if (!s->id || t->view != V_TIMELINE) {
		tui_status(t, false, "select an entry in the timeline first (2, then j/k)");
		return false;
	}
	if (app_event(t->app, t->id, s->id, take, s) != CALM_OK) {
		tui_status(t, true, "%s", t->app->err.msg);
		return false;
	}
	if (!s->correctable || s->struck) {
		tui_status(t, false, s->struck ? "that entry is struck out already"
					       : "only notes, commands run and shell commands can be corrected");
		buf_release(&s->text);
		return false;
	}
	return true;
}

void capture_amend(struct tui *t)
{
	struct selected s;

	if (!selected(t, &s))
		return;
	pending_clear(&t->pend);
	t->pend.event = s.id;
	tui_edit_begin(t, EDIT_AMEND);
	edit_insert_utf8(&t->ed, buf_cstr(&s.text), s.text.len);
	buf_release(&s.text);
	t->dirty |= D_STATUS;
}

void capture_strike(struct tui *t)
{
	struct selected s;

	if (!selected(t, &s))
		return;
	buf_release(&s.text);
	pending_clear(&t->pend);
	t->pend.event = s.id;
	tui_edit_begin(t, EDIT_STRIKE);
	t->dirty |= D_STATUS;
}

bool capture_action(struct tui *t, enum action a)
{
	switch (a) {
	case ACT_BACKFILL: capture_backfill(t); return true;
	case ACT_MILESTONE: capture_milestone(t); return true;
	case ACT_AMEND: capture_amend(t); return true;
	case ACT_STRIKE: capture_strike(t); return true;
	default: return false;
	}
}

/* Saved: close the editor, say so, show it. */
static void saved(struct tui *t, const char *what)
{
	tui_edit_end(t);
	pending_clear(&t->pend);
	tui_status(t, false, "%s", what);
	tui_reload(t);
}

/* Queued while the server is away (the app said CALM_QUEUED). */
static enum calm_rc queued(struct tui *t, const char *what)
{
	tui_edit_end(t);
	pending_clear(&t->pend);
	tui_queued(t, what);
	return CALM_OK;
}

enum calm_rc capture_submit(struct tui *t, const char *text)
{
	long long now = app_now(t->app), at = now;
	enum calm_rc rc = CALM_OK;

	switch (t->ed.purpose) {
	case EDIT_WHEN:
		rc = when_parse(text, WHEN_PAST_TYPED | (t->app->when_flags & WHEN_LOCAL), now, &at,
				&t->app->err);
		if (rc == CALM_OK) {
			char label[32];

			t->pend.when_ms = at;
			when_format(at, WHEN_MINUTE, t->app->when_flags, label, sizeof label);
			tui_edit_begin(t, EDIT_BACKFILL);
			snprintf(t->ed.label, sizeof t->ed.label, "note about %s: ", label);
		}
		break;
	case EDIT_BACKFILL:
		rc = app_backfill(t->app, t->id, text, strlen(text), t->pend.when_ms, NULL);
		if (rc == CALM_OK)
			saved(t, "note saved (backfilled)");
		break;
	case EDIT_MILESTONE_AT:
		if (text[0])
			rc = when_parse(text, WHEN_PAST_TYPED | (t->app->when_flags & WHEN_LOCAL), now, &at,
				&t->app->err);
		if (rc == CALM_OK)
			rc = app_mark(t->app, t->id, t->pend.milestone, at, text[0] != '\0');
		if (rc == CALM_QUEUED)
			return queued(t, milestone_defs[t->pend.milestone].words);
		if (rc == CALM_OK)
			saved(t, milestone_defs[t->pend.milestone].words);
		break;
	case EDIT_AMEND:
		rc = app_amend(t->app, t->pend.event, text, strlen(text));
		if (rc == CALM_QUEUED)
			return queued(t, "amendment");
		if (rc == CALM_OK)
			saved(t, "amended: the old text stays in the entry's history (Enter shows it)");
		break;
	case EDIT_STRIKE:
		rc = app_strike(t->app, t->pend.event, text);
		if (rc == CALM_QUEUED)
			return queued(t, "strike-out");
		if (rc == CALM_OK)
			saved(t, "struck out");
		break;
	default:
		rc = calm_err_set(&t->app->err, CALM_USAGE, "nothing to save");
	}
	return rc;
}
