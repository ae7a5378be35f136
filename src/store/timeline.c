/*
 * timeline.c - reading an incident's events the way people read them.
 *
 * Views order events by when they happened (at_ms: the occurred time
 * of a backfilled event, else when it was written), then by id, and
 * page through them by keyset over (at_ms, id) on the events_at index:
 * the cursor is an event id, whose (at_ms, id) is looked up first, so a
 * page costs the same on a million events as on ten.  The hash chain,
 * time travel and replay use the written order (id) instead.
 *
 * Rows are checked as every read checks them (store.h): the author and
 * kind are cut to STORE_NAME_PREFIX, the text and the bytes to
 * EVENT_TEXT_PREFIX (the text through the blob API, store_text_prefix),
 * and a bad time, kind or data marks the event damaged.
 *
 * A note, a command run or a shell command can be corrected later by
 * amend and strike events (data {"event": id}); each page row carries
 * the newest amendment's text, how many there were and the strike
 * reason, found through the events_kind index among the incident's few
 * corrections.  Nothing is ever rewritten.
 */
#include "calm/store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "store-int.h"

/* The corrections of event e: kinds that can be corrected only, and
 * only those written by event ?5 (a page as it was then; unbound: all). */
#define CORRECTION_OF(kind, agg) \
	"CASE WHEN e.kind IN ('note', 'run', 'shell') THEN (SELECT " agg \
	" FROM events c WHERE c.incident_id = e.incident_id AND c.kind = '" kind "'" \
	" AND c.id <= coalesce(?5, c.id)" \
	" AND json_valid(c.data) AND CAST(json_extract(c.data, '$.event') AS INTEGER) = e.id) END"

/* Page rows: x is one page of events with its correction ids; a and s
 * the newest amendment and the strike. */
#define PAGE_SELECT \
	"SELECT x.id, x.incident_id, x.ts_ms, substr(x.author, 1, 1024)," \
	" substr(x.kind, 1, 1024), NULL, x.data," \
	" x.occurred_ms, x.at_ms, substr(x.raw, 1, 65536), x.amends," \
	" substr(a.text, 1, 65536), substr(a.raw, 1, 65536), substr(s.text, 1, 1024)," \
	" CASE WHEN x.kind IN ('amend', 'strike') AND json_valid(x.data)" \
	"  THEN CAST(json_extract(x.data, '$.event') AS INTEGER) END," \
	" x.data IS NULL OR json_valid(x.data) FROM" \
	" (SELECT e.*, " CORRECTION_OF("amend", "max(c.id)") " AS amend_id," \
	"  " CORRECTION_OF("amend", "count(*)") " AS amends," \
	"  " CORRECTION_OF("strike", "min(c.id)") " AS strike_id" \
	"  FROM events e WHERE e.incident_id = ?1 AND "
#define PAGE_JOIN \
	" LEFT JOIN events a ON a.id = x.amend_id" \
	" LEFT JOIN events s ON s.id = x.strike_id"

static const char sql_ev_incident[] = "SELECT incident_id FROM events WHERE id = ?1";
static const char sql_ev_at[] =
	"SELECT at_ms FROM events WHERE id = ?2 AND incident_id = ?1";
static const char sql_ev_page_fwd[] =
	PAGE_SELECT "(e.at_ms, e.id) > (?2, ?3) AND e.id <= ?5"
	" ORDER BY e.at_ms, e.id LIMIT ?4) x" PAGE_JOIN " ORDER BY x.at_ms, x.id";
static const char sql_ev_page_back[] =
	PAGE_SELECT "(e.at_ms, e.id) < (?2, ?3) AND e.id <= ?5"
	" ORDER BY e.at_ms DESC, e.id DESC LIMIT ?4) x" PAGE_JOIN
	" ORDER BY x.at_ms DESC, x.id DESC";
static const char sql_ev_get[] =
	PAGE_SELECT "e.id = ?2) x" PAGE_JOIN;
static const char sql_corrections[] =
	"SELECT id, incident_id, ts_ms, substr(author, 1, 1024), substr(kind, 1, 1024), NULL,"
	" data, occurred_ms, at_ms, substr(raw, 1, 65536), 0, NULL, NULL, NULL, NULL,"
	" data IS NULL OR json_valid(data)"
	" FROM events WHERE incident_id = ?1 AND kind IN ('amend', 'strike')"
	" AND json_valid(data) AND CAST(json_extract(data, '$.event') AS INTEGER) = ?2 ORDER BY id";
_Static_assert(STORE_NAME_PREFIX == 1024 && EVENT_TEXT_PREFIX == 65536,
	       "the SQL above spells the prefixes");
static const char sql_count_same[] =
	"SELECT count(*) FROM events WHERE incident_id = ?1 AND at_ms = ?2"
	" AND author = ?3 AND coalesce(raw, CAST(text AS BLOB)) = ?4";
static const char sql_last_data[] =
	"SELECT json_extract(data, '$.' || ?5) FROM events"
	" WHERE incident_id = ?1 AND kind = ?2"
	" AND json_extract(data, '$.' || ?3) = ?4 ORDER BY id DESC LIMIT 1";

/* Point ev's strings at the current row (the columns of PAGE_SELECT;
 * the text at text, read by store_text_prefix), checking each value. */
static void event_from_row(sqlite3_stmt *stmt, struct event *ev, const char *text,
			   size_t text_len)
{
	memset(ev, 0, sizeof *ev);
	ev->id = sqlite3_column_int64(stmt, 0);
	ev->incident = sqlite3_column_int64(stmt, 1);
	ev->ts_ms = sqlite3_column_int64(stmt, 2);
	ev->author = (const char *)sqlite3_column_text(stmt, 3);
	ev->kind = (const char *)sqlite3_column_text(stmt, 4);
	ev->text = text;
	ev->text_len = text_len;
	ev->data = (const char *)sqlite3_column_text(stmt, 6);
	ev->backfilled = sqlite3_column_type(stmt, 7) != SQLITE_NULL;
	ev->occurred_ms = sqlite3_column_int64(stmt, 8);
	ev->raw = sqlite3_column_blob(stmt, 9);
	ev->raw_len = (size_t)sqlite3_column_bytes(stmt, 9);
	ev->amendments = sqlite3_column_int(stmt, 10);
	ev->amended = (const char *)sqlite3_column_text(stmt, 11);
	ev->amended_raw = sqlite3_column_blob(stmt, 12);
	ev->amended_raw_len = (size_t)sqlite3_column_bytes(stmt, 12);
	ev->struck = (const char *)sqlite3_column_text(stmt, 13);
	ev->ref = sqlite3_column_int64(stmt, 14);
	store_event_check(ev, sqlite3_column_int(stmt, 15) != 0);
	if (ev->amendments && !ev->amended)
		ev->amendments = 0; /* an amendment without text: damaged, not shown */
}

/* Walk stmt's rows into cb; *last the last id passed. */
static enum calm_rc each_row(struct store *st, sqlite3_stmt *stmt,
			     int (*cb)(const struct event *, void *), void *ctx,
			     long long *last, long long *rows,
			     struct calm_err *err)
{
	sqlite3_blob *blob = NULL;
	struct buf text = BUF_INIT;
	struct event ev;
	size_t text_len = 0;
	enum calm_rc rc = CALM_OK;
	int src;

	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		rc = store_text_prefix(st, &blob, sqlite3_column_int64(stmt, 0), &text,
				       &text_len, err);
		if (rc != CALM_OK)
			break;
		event_from_row(stmt, &ev, buf_cstr(&text), text_len);
		if (last)
			*last = ev.id;
		if (rows)
			++*rows;
		if (cb(&ev, ctx) != 0)
			break;
	}
	if (rc == CALM_OK && src != SQLITE_ROW && src != SQLITE_DONE)
		rc = store_fail(st, src, false, err);
	sqlite3_blob_close(blob);
	buf_release(&text);
	return rc;
}

/* The view-order key (at_ms, id) of the cursor event `after`. */
static enum calm_rc cursor(struct store *st, long long incident, long long after,
			   bool forward, long long *at, long long *id,
			   struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src;

	*at = forward ? INT64_MIN : INT64_MAX;
	*id = forward ? 0 : INT64_MAX;
	if (after <= 0)
		return CALM_OK;
	rc = store_prep(st, SQ_EV_AT, sql_ev_at, &stmt, err);
	if (rc != CALM_OK)
		return rc;
	sqlite3_bind_int64(stmt, 1, incident);
	sqlite3_bind_int64(stmt, 2, after);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		*at = sqlite3_column_int64(stmt, 0);
		*id = after;
	} else if (src != SQLITE_DONE) {
		rc = store_fail(st, src, false, err);
	}
	store_done(st, SQ_EV_AT, stmt);
	return rc;
}

enum calm_rc store_events_page(struct store *st, long long incident,
			       long long after, bool forward, size_t limit,
			       long long upto,
			       int (*cb)(const struct event *, void *),
			       void *ctx, long long *last,
			       struct calm_err *err)
{
	enum store_stmt sid = forward ? SQ_EV_PAGE_FWD : SQ_EV_PAGE_BACK;
	sqlite3_stmt *stmt = NULL;
	long long at, id;
	enum calm_rc rc;

	if (last)
		*last = 0;
	if (limit == 0)
		return CALM_OK;
	rc = cursor(st, incident, after, forward, &at, &id, err);
	if (rc == CALM_OK)
		rc = store_prep(st, sid, forward ? sql_ev_page_fwd : sql_ev_page_back,
				&stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	sqlite3_bind_int64(stmt, 2, at);
	sqlite3_bind_int64(stmt, 3, id);
	sqlite3_bind_int64(stmt, 4, limit > (size_t)INT64_MAX ? INT64_MAX : (sqlite3_int64)limit);
	sqlite3_bind_int64(stmt, 5, upto > 0 ? upto : INT64_MAX);
	rc = each_row(st, stmt, cb, ctx, last, NULL, err);
out:
	store_done(st, sid, stmt);
	return rc;
}

enum calm_rc store_event_get(struct store *st, long long incident,
			     long long id,
			     int (*cb)(const struct event *, void *),
			     void *ctx, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	long long rows = 0;
	enum calm_rc rc;

	rc = store_prep(st, SQ_EV_GET, sql_ev_get, &stmt, err);
	if (rc == CALM_OK) {
		sqlite3_bind_int64(stmt, 1, incident);
		sqlite3_bind_int64(stmt, 2, id);
		rc = each_row(st, stmt, cb, ctx, NULL, &rows, err);
	}
	store_done(st, SQ_EV_GET, stmt);
	if (rc == CALM_OK && rows == 0)
		rc = calm_err_set(err, CALM_NOTFOUND, "incident %lld has no event %lld",
				  incident, id);
	return rc;
}

enum calm_rc store_event_incident(struct store *st, long long id,
				  long long *incident, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src;

	*incident = 0;
	rc = store_prep(st, SQ_EV_INCIDENT, sql_ev_incident, &stmt, err);
	if (rc != CALM_OK)
		return rc;
	sqlite3_bind_int64(stmt, 1, id);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		*incident = sqlite3_column_int64(stmt, 0);
	else if (src == SQLITE_DONE)
		rc = calm_err_set(err, CALM_NOTFOUND, "no event %lld", id);
	else
		rc = store_fail(st, src, false, err);
	store_done(st, SQ_EV_INCIDENT, stmt);
	return rc;
}

enum calm_rc store_corrections_each(struct store *st, long long incident,
				    long long id,
				    int (*cb)(const struct event *, void *),
				    void *ctx, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;

	rc = store_prep(st, SQ_CORRECTIONS, sql_corrections, &stmt, err);
	if (rc == CALM_OK) {
		sqlite3_bind_int64(stmt, 1, incident);
		sqlite3_bind_int64(stmt, 2, id);
		rc = each_row(st, stmt, cb, ctx, NULL, NULL, err);
	}
	store_done(st, SQ_CORRECTIONS, stmt);
	return rc;
}

enum calm_rc store_event_count_same(struct store *st, long long incident,
				    long long at_ms, const char *author,
				    const char *text, size_t len,
				    long long *count, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src;

	*count = 0;
	rc = store_prep(st, SQ_COUNT_SAME, sql_count_same, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	sqlite3_bind_int64(stmt, 2, at_ms);
	store_bind_text(stmt, 3, author);
	sqlite3_bind_blob(stmt, 4, text, (int)len, SQLITE_STATIC);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		*count = sqlite3_column_int64(stmt, 0);
	else
		rc = store_fail(st, src, false, err);
out:
	store_done(st, SQ_COUNT_SAME, stmt);
	return rc;
}

enum calm_rc store_last_data(struct store *st, long long incident,
			     const char *kind, const char *key,
			     const char *value, const char *field,
			     char **out, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src;

	*out = NULL;
	rc = store_prep(st, SQ_LAST_DATA, sql_last_data, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	store_bind_text(stmt, 2, kind);
	store_bind_text(stmt, 3, key);
	store_bind_text(stmt, 4, value);
	store_bind_text(stmt, 5, field);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
		*out = store_column_dup(stmt, 0);
	else if (src != SQLITE_ROW && src != SQLITE_DONE)
		rc = store_fail(st, src, false, err);
out:
	store_done(st, SQ_LAST_DATA, stmt);
	return rc;
}
