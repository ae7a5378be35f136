/*
 * comms-inline.c - a short draft edited in the line editor (i).
 *
 * i in the comms pane opens the line editor on the draft shown, its
 * newlines shown as a return mark (as a multi-line note is); Enter
 * saves it as a new revision with app_draft_save(), Esc asks before
 * dropping the changes.  A long draft (more than INLINE_MAX_LINES lines
 * or INLINE_MAX_BYTES bytes) is for $EDITOR (e).
 *
 * Two people editing one draft: the newest revision is noted when the
 * editing begins; on Enter, when someone saved a newer one meanwhile,
 * the text typed is still saved, as a new revision after theirs: both
 * are kept, nothing is overwritten, and the status line says so ("bob
 * saved rev 4 while you edited: yours is rev 5; both kept").
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/when.h"

#define INLINE_MAX_LINES 24
#define INLINE_MAX_BYTES 2000

/* The newest revision saved for the audience (0: none), and by whom. */
static int newest(struct tui *t, char *who, size_t n)
{
	struct draft d = { 0 };
	bool found = false;
	int rev = 0;

	if (who && n)
		who[0] = '\0';
	if (app_draft_latest(t->app, t->id, t->cm.aud, &d, &found) == CALM_OK &&
	    found) {
		rev = d.revision;
		if (who)
			snprintf(who, n, "%s", d.author ? d.author : "someone");
	}
	draft_release(&d);
	return rev;
}

void comms_inline(struct tui *t)
{
	const char *text = t->cm.text ? t->cm.text : "";
	size_t lines = 1;

	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	if (lines > INLINE_MAX_LINES || strlen(text) > INLINE_MAX_BYTES) {
		tui_status(t, false, "a long draft (%zu lines): e edits it in $VISUAL/$EDITOR",
			   lines);
		return;
	}
	t->cm.base = newest(t, NULL, 0);
	tui_edit_begin(t, EDIT_DRAFT);
	snprintf(t->ed.label, sizeof t->ed.label, "%s draft: ", audience_name(t->cm.aud));
	edit_insert_utf8(&t->ed, text, strlen(text));
	edit_mark_clean(&t->ed); /* Esc with nothing changed asks nothing */
	t->dirty |= D_STATUS | D_KEYS;
}

struct sent_ctx {
	struct buf title, body;
};

static int newest_sent(const struct draft *d, void *ctx)
{
	struct sent_ctx *sc = ctx;
	char when[48];

	if (!d->sent_ms)
		return 0;
	buf_reset(&sc->title);
	buf_reset(&sc->body);
	buf_addf(&sc->title, "%s update rev %d, sent %s by %s via %s", audience_name(d->audience),
		 d->revision, when_format(d->sent_ms, WHEN_FULL, 0, when, sizeof when),
		 d->sent_by ? d->sent_by : "?", d->channel ? d->channel : "?");
	buf_adds(&sc->body, d->text ? d->text : "");
	return 0;
}

void comms_view_sent(struct tui *t)
{
	struct sent_ctx sc = { BUF_INIT, BUF_INIT };

	if (app_drafts_each(t->app, t->id, t->cm.aud, newest_sent, &sc) != CALM_OK)
		tui_status(t, true, "%s", t->app->err.msg);
	else if (!sc.title.len)
		tui_status(t, false, "no %s update sent yet", audience_name(t->cm.aud));
	else
		modal_open(t, &read_modal, buf_cstr(&sc.title), buf_cstr(&sc.body));
	buf_release(&sc.title);
	buf_release(&sc.body);
}

enum calm_rc comms_inline_submit(struct tui *t, const char *text)
{
	char who[128];
	int now = newest(t, who, sizeof who), rev = 0;
	int aud = t->cm.aud;
	enum calm_rc rc;

	rc = app_draft_save(t->app, t->id, aud, text, strlen(text), &rev);
	if (rc != CALM_OK)
		return rc; /* the text stays in the editor */
	tui_edit_end(t);
	if (now > t->cm.base && rev > now)
		tui_status(t, true, "%s saved rev %d while you edited: yours is rev %d; both kept",
			   who, now, rev);
	else if (now > t->cm.base)
		tui_status(t, false, "%s saved rev %d while you edited, the same text: kept once",
			   who, now);
	else
		tui_status(t, false, "draft saved (%s, rev %d)", audience_name(aud), rev);
	tui_reload(t);
	return CALM_OK;
}
