/*
 * csv.c - the timeline as CSV (calm export --format csv): the columns
 * calm import reads back, time,author,text, one row per event in view
 * order (when it happened, then id).  time is RFC 3339 UTC with
 * milliseconds, so an event comes back at the same moment; text is the
 * event's own exact bytes (an amendment and a strike are rows of their
 * own), quoted as RFC 4180 says when it holds a comma, a quote, a line
 * break or leading or trailing blanks.  So a timeline exported and
 * imported into its own incident adds nothing.  Written a page of
 * events at a time.
 */
#include "app-int.h"

#include <string.h>

#include "calm/when.h"

static void field(struct buf *b, const char *s, size_t len)
{
	bool quote = len == 0 || s[0] == ' ' || s[len - 1] == ' ';

	for (size_t i = 0; i < len && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	if (!quote) {
		buf_add(b, s, len);
		return;
	}
	buf_addc(b, '"');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, s[i]);
	}
	buf_addc(b, '"');
}

static int row(const struct event *ev, void *ctx)
{
	struct buf *b = ctx;
	char t[32];

	when_format(ev->occurred_ms, WHEN_RFC3339_MS, 0, t, sizeof t);
	buf_adds(b, t);
	buf_addc(b, ',');
	field(b, ev->author, strlen(ev->author));
	buf_addc(b, ',');
	if (ev->raw)
		field(b, ev->raw, ev->raw_len);
	else /* the text as read: its prefix when it is longer (store.h) */
		field(b, ev->text, strlen(ev->text));
	buf_adds(b, "\r\n");
	return 0;
}

enum calm_rc app_timeline_csv(struct app *app, long long id, app_write_fn write, void *ctx)
{
	struct buf b = BUF_INIT;
	long long after = 0, last = 0;
	enum calm_rc rc = CALM_OK;

	calm_err_clear(&app->err);
	buf_adds(&b, "time,author,text\r\n");
	do {
		rc = store_events_page(app->st, id, after, true, 500, 0, row, &b, &last,
				       &app->err);
		if (rc == CALM_OK && b.len)
			rc = write(b.s, b.len, ctx);
		buf_reset(&b);
		after = last;
	} while (rc == CALM_OK && last != 0);
	buf_release(&b);
	return rc;
}
