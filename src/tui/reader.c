/*
 * reader.c - one timeline event read whole (Enter in the timeline).
 *
 * The timeline shows an event in at most a few lines; a pasted log or
 * a note of megabytes is cut there, with its size.  Enter opens the
 * selected event in a box that scrolls (j/k, PgDn/PgUp, g/G): its time,
 * author and kind, then its text, wrapped, made inert like everything
 * drawn.  The store hands out at most EVENT_TEXT_PREFIX characters of a
 * text, so reading a damaged 100 MB note costs that much, never the
 * note's size; the box then says where it is cut and how to get it all.
 *
 * It also says when the event happened and when it was written (they
 * differ for a backfilled one), and for a note, command run or shell
 * command corrected later, every version in order and the strike with
 * its reason: the history views keep (nothing is rewritten).
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/text.h"
#include "calm/when.h"

struct read_ctx {
	struct tui *t;
	struct buf title, body;
	bool found;
};

/* ev's own bytes, inert (NUL and bytes that are not UTF-8 visible). */
static void add_text(struct buf *b, const char *text, const char *raw, size_t raw_len)
{
	if (raw)
		text_sanitize(b, raw, raw_len, TEXT_KEEP_NEWLINE | TEXT_TAB_SPACE);
	else
		buf_adds(b, text);
}

/* One correction: an amendment's text or a strike's reason. */
static int add_correction(const struct event *ev, void *ctx)
{
	struct read_ctx *rc = ctx;
	char when[48];

	buf_addf(&rc->body, "\n\n%s by %s, %s (event %lld):\n",
		 strcmp(ev->kind, "amend") == 0 ? "Amended" : "Struck out",
		 ev->author, when_format(ev->ts_ms, WHEN_FULL, rc->t->app->when_flags,
					 when, sizeof when), ev->id);
	add_text(&rc->body, ev->text, ev->raw, ev->raw_len);
	return 0;
}

static int take(const struct event *ev, void *ctx)
{
	struct read_ctx *rc = ctx;
	size_t shown = strlen(ev->text);
	unsigned tz = rc->t->app->when_flags;
	char when[48], size[32];

	rc->found = true;
	buf_addf(&rc->title, "Event %lld: %s %s [%s]", ev->id,
		 when_format(ev->occurred_ms, WHEN_FULL, tz, when, sizeof when),
		 ev->author, ev->damaged ? "damaged" : ev->kind);
	if (ev->damaged)
		buf_addf(&rc->body, "This event is damaged (%s): it is shown as stored, "
				    "and changes nothing.\n\n", ev->damaged);
	if (ev->backfilled)
		buf_addf(&rc->body, "Backfilled: written %s, about then.\n\n",
			 when_format(ev->ts_ms, WHEN_FULL, tz, when, sizeof when));
	if (ev->ref)
		buf_addf(&rc->body, "Corrects event %lld.\n\n", ev->ref);
	if (ev->amendments)
		buf_adds(&rc->body, "As first written:\n");
	add_text(&rc->body, ev->text, ev->raw, ev->raw_len);
	if (ev->text_len > shown && !ev->raw)
		buf_addf(&rc->body, "\n\n[cut here: %s in all; 'calm show %lld --json' or the "
				    "JSON export has it whole]",
			 text_size(ev->text_len, size, sizeof size), ev->incident);
	if (ev->amendments || ev->struck)
		app_corrections_each(rc->t->app, ev->incident, ev->id, add_correction, rc);
	return 1;
}

void timeline_read(struct tui *t, long long id)
{
	struct read_ctx rc = { t, BUF_INIT, BUF_INIT, false };

	if (id <= 0)
		return;
	if (app_event(t->app, t->id, id, take, &rc) != CALM_OK)
		tui_status(t, true, "%s", t->app->err.msg);
	else if (rc.found)
		modal_open(t, &read_modal, buf_cstr(&rc.title), buf_cstr(&rc.body));
	buf_release(&rc.title);
	buf_release(&rc.body);
}
