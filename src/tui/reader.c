/*
 * reader.c - one timeline event read whole (Enter in the timeline).
 *
 * The timeline shows an event in at most a few lines; a pasted log or
 * a note of megabytes is cut there, with its size.  Enter opens the
 * selected event in a box that scrolls (j/k, PgDn/PgUp, g/G): its time,
 * author and kind, then its text, wrapped, made inert like everything
 * drawn.  The store hands out at most STORE_TEXT_PREFIX characters of a
 * text, so reading a damaged 100 MB note costs that much, never the
 * note's size; the box then says where it is cut and how to get it all.
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

static int take(const struct event *ev, void *ctx)
{
	struct read_ctx *rc = ctx;
	size_t shown = strlen(ev->text);
	char when[48], size[32];

	rc->found = true;
	buf_addf(&rc->title, "Event %lld: %s %s [%s]", ev->id,
		 when_format(ev->ts_ms, WHEN_FULL, rc->t->app->when_flags, when, sizeof when),
		 ev->author, ev->damaged ? "damaged" : ev->kind);
	if (ev->damaged)
		buf_addf(&rc->body, "This event is damaged (%s): it is shown as stored, "
				    "and changes nothing.\n\n", ev->damaged);
	buf_adds(&rc->body, ev->text);
	if (ev->text_len > shown)
		buf_addf(&rc->body, "\n\n[cut here: %s in all; 'calm show %lld --json' or the "
				    "JSON export has it whole]",
			 text_size(ev->text_len, size, sizeof size), ev->incident);
	return 1;
}

void timeline_read(struct tui *t, long long id)
{
	struct read_ctx rc = { t, BUF_INIT, BUF_INIT, false };
	struct calm_err err = { 0 };

	if (id <= 0)
		return;
	if (store_events_page(t->st, t->id, id - 1, true, 1, take, &rc, NULL, &err) != CALM_OK)
		tui_status(t, true, "%s", err.msg);
	else if (rc.found)
		tui_modal(t, MODAL_READ, buf_cstr(&rc.title), buf_cstr(&rc.body));
	t->modal_top = 0;
	buf_release(&rc.title);
	buf_release(&rc.body);
}
