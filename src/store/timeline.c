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
 * corrections.  Nothing is ever rewritten.  Most incidents have no
 * correction at all: on SQLite a page first asks (one index probe, in
 * the same read snapshot) and then runs a page without those lookups,
 * joins or sort, straight off the index, which costs a fraction to
 * prepare and to run (the console's first frame, every j/k and G/g).
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
	" AND json_valid(c.data) AND " STORE_NAMES("c", "e") ") END"

/* Page rows: x is one page of events with its correction ids; a and s
 * the newest amendment and the strike.  x names its columns, cut to
 * their prefixes, never e.*: a page is kept whole while it is sorted,
 * and e.* would carry every text through it at its full size.
 * corrections: the columns amend_id, amends and strike_id (CORRECTIONS;
 * where the incident has none, PAGE_PLAIN below). */
#define CORRECTIONS \
	CORRECTION_OF("amend", "max(c.id)") " AS amend_id," \
	"  " CORRECTION_OF("amend", "count(*)") " AS amends," \
	"  " CORRECTION_OF("strike", "min(c.id)") " AS strike_id"
#define PAGE_SELECT PAGE_SELECT_OF(CORRECTIONS)
#define PAGE_SELECT_OF(corrections) \
	"SELECT x.id, x.incident_id, x.ts_ms, x.author," \
	" x.kind, NULL, x.data, x.occurred_ms, x.at_ms, x.raw, x.amends," \
	" substr(a.text, 1, 65536), substr(a.raw, 1, 65536), substr(s.text, 1, 1024)," \
	" CASE WHEN x.kind IN ('amend', 'strike') AND json_valid(x.data)" \
	"  THEN " STORE_NAMED("x") " END," \
	" x.data IS NULL OR json_valid(x.data), -1 FROM" \
	" (SELECT e.id, e.incident_id, e.ts_ms, substr(e.author, 1, 1024) AS author," \
	"  substr(e.kind, 1, 1024) AS kind, e.data, e.occurred_ms, e.at_ms, e.legacy_id," \
	"  substr(e.raw, 1, 65536) AS raw, " corrections \
	"  FROM events e WHERE e.incident_id = ?1 AND "
#define PAGE_JOIN \
	" LEFT JOIN events a ON a.id = x.amend_id" \
	" LEFT JOIN events s ON s.id = x.strike_id"

static const char sql_ev_incident[] = "SELECT incident_id FROM events WHERE id = ?1";
static const char sql_ev_at[] =
	"SELECT at_ms FROM events WHERE id = ?2 AND incident_id = ?1";
/* A page after (or before) the key (?2, ?3), ?4 rows, none after event ?5. */
#define PAGE_FWD(corrections) \
	PAGE_SELECT_OF(corrections) "(e.at_ms, e.id) > (?2, ?3) AND e.id <= ?5" \
	" ORDER BY e.at_ms, e.id LIMIT ?4) x" PAGE_JOIN " ORDER BY x.at_ms, x.id"
#define PAGE_BACK(corrections) \
	PAGE_SELECT_OF(corrections) "(e.at_ms, e.id) < (?2, ?3) AND e.id <= ?5" \
	" ORDER BY e.at_ms DESC, e.id DESC LIMIT ?4) x" PAGE_JOIN \
	" ORDER BY x.at_ms DESC, x.id DESC"
static const char sql_ev_page_fwd[] = PAGE_FWD(CORRECTIONS);
static const char sql_ev_page_back[] = PAGE_BACK(CORRECTIONS);
/* Whether incident ?1 has a correction written by event ?2. */
static const char sql_ev_corrected[] =
	"SELECT EXISTS (SELECT 1 FROM events WHERE incident_id = ?1"
	" AND kind IN ('amend', 'strike') AND id <= ?2)";
/* The same page where the incident has no correction: no row can be an
 * amend or strike (their refs are NULL) nor have one (no joins), so the
 * rows come straight off the events_at index, in order, without a
 * subquery or a sort: a third of the statement to prepare and to run. */
#define PAGE_PLAIN \
	"SELECT e.id, e.incident_id, e.ts_ms, substr(e.author, 1, 1024), substr(e.kind, 1, 1024)," \
	" NULL, e.data, e.occurred_ms, e.at_ms, substr(e.raw, 1, 65536), 0, NULL, NULL, NULL," \
	" NULL, e.data IS NULL OR json_valid(e.data), -1" \
	" FROM events e WHERE e.incident_id = ?1 AND "
static const char sql_ev_page_fwd_plain[] =
	PAGE_PLAIN "(e.at_ms, e.id) > (?2, ?3) AND e.id <= ?5 ORDER BY e.at_ms, e.id LIMIT ?4";
static const char sql_ev_page_back_plain[] =
	PAGE_PLAIN "(e.at_ms, e.id) < (?2, ?3) AND e.id <= ?5"
	" ORDER BY e.at_ms DESC, e.id DESC LIMIT ?4";
static const char sql_ev_since[] =
	PAGE_SELECT "e.id > ?2 ORDER BY e.id LIMIT ?3) x" PAGE_JOIN " ORDER BY x.id";
static const char sql_ev_get[] =
	PAGE_SELECT "e.id = ?2) x" PAGE_JOIN;
static const char sql_ev_last_kind[] =
	PAGE_SELECT "e.kind = ?2 ORDER BY e.id DESC LIMIT 1) x" PAGE_JOIN;
static const char sql_uid_find[] = "SELECT id, incident_id FROM events WHERE uid = ?1";
/* ?1: a JSON array of uids */
static const char sql_uids_present[] =
	"SELECT uid FROM events WHERE uid IN (SELECT value FROM json_each(?1))";
static const char sql_corrections[] =
	"SELECT c.id, c.incident_id, c.ts_ms, substr(c.author, 1, 1024), substr(c.kind, 1, 1024),"
	" NULL, c.data, c.occurred_ms, c.at_ms, substr(c.raw, 1, 65536), 0, NULL, NULL, NULL, NULL,"
	" c.data IS NULL OR json_valid(c.data), -1"
	" FROM events e JOIN events c ON c.incident_id = e.incident_id"
	" WHERE e.id = ?2 AND c.incident_id = ?1 AND c.kind IN ('amend', 'strike')"
	" AND json_valid(c.data) AND " STORE_NAMES("c", "e") " ORDER BY c.id";
_Static_assert(STORE_NAME_PREFIX == 1024 && EVENT_TEXT_PREFIX == 65536,
	       "the SQL above spells the prefixes");
static const char sql_count_same[] =
	"SELECT count(*) FROM events WHERE incident_id = ?1 AND at_ms = ?2"
	" AND author = ?3 AND coalesce(raw, CAST(text AS BLOB)) = ?4";
static const char sql_last_data[] =
	"SELECT json_extract(data, '$.' || ?5) FROM events"
	" WHERE incident_id = ?1 AND kind = ?2"
	" AND json_extract(data, '$.' || ?3) = ?4 ORDER BY id DESC LIMIT 1";

/* A row of PAGE_SELECT as read, before its values are checked.  The
 * text comes as its first characters and its whole size in bytes, or
 * (SQLite: size -1) is read through the blob API. */
struct event_raw {
	struct event ev;
	const char *prefix;  /* the text's start (PostgreSQL) */
	size_t prefix_len;
	bool data_ok;        /* data is NULL or JSON */
	long long text_len;  /* the text's bytes, -1: read it by store_text_prefix */
};

static const struct store_col event_cols[] = {
	COL(struct event_raw, COL_INT64, ev.id),
	COL(struct event_raw, COL_INT64, ev.incident),
	COL(struct event_raw, COL_INT64, ev.ts_ms),
	COL(struct event_raw, COL_TEXT, ev.author),
	COL(struct event_raw, COL_TEXT, ev.kind),
	COL_BYTES_OF(struct event_raw, prefix, prefix_len),
	COL(struct event_raw, COL_TEXT, ev.data),
	COL(struct event_raw, COL_NOTNULL, ev.backfilled),
	COL(struct event_raw, COL_INT64, ev.occurred_ms),
	COL_BYTES_OF(struct event_raw, ev.raw, ev.raw_len),
	COL(struct event_raw, COL_INT, ev.amendments),
	COL(struct event_raw, COL_TEXT, ev.amended),
	COL_BYTES_OF(struct event_raw, ev.amended_raw, ev.amended_raw_len),
	COL(struct event_raw, COL_TEXT, ev.struck),
	COL(struct event_raw, COL_INT64, ev.ref),
	COL(struct event_raw, COL_BOOL, data_ok),
	COL(struct event_raw, COL_INT64, text_len),
	COL_LAST,
};

/* The first EVENT_TEXT_PREFIX bytes of p[0..n) into out, cut before a
 * character that does not fit. */
static void text_cut(struct buf *out, const char *p, size_t n)
{
	buf_reset(out);
	if (n > EVENT_TEXT_PREFIX) {
		n = EVENT_TEXT_PREFIX;
		while (n > 0 && ((unsigned char)p[n] & 0xc0) == 0x80)
			n--;
	}
	buf_add(out, p ? p : "", n);
}

/* Walk q's rows into cb, each with the prefix of its text (the blob
 * API) and its values checked (store.h); *last the last id passed. */
static enum calm_rc each_row(struct store_q *q,
			     int (*cb)(const struct event *, void *), void *ctx,
			     long long *last, long long *rows)
{
	sqlite3_blob *blob = NULL;
	struct buf text = BUF_INIT;
	struct event_raw r;
	size_t text_len = 0;

	while (store_q_row(q, event_cols, &r)) {
		if (r.text_len >= 0) {
			text_cut(&text, r.prefix, r.prefix_len);
			text_len = (size_t)r.text_len;
		} else {
			q->rc = store_text_prefix(q->st, &blob, r.ev.id, &text, &text_len, q->err);
		}
		if (q->rc != CALM_OK)
			break;
		r.ev.text = buf_cstr(&text);
		r.ev.text_len = text_len;
		store_event_check(&r.ev, r.data_ok);
		if (r.ev.amendments && !r.ev.amended)
			r.ev.amendments = 0; /* an amendment without text: damaged, not shown */
		if (last)
			*last = r.ev.id;
		if (rows)
			++*rows;
		if (cb(&r.ev, ctx) != 0)
			break;
	}
	sqlite3_blob_close(blob);
	buf_release(&text);
	return store_q_close(q);
}

/* The view-order key (at_ms, id) of the cursor event `after`. */
static enum calm_rc cursor(struct store *st, long long incident, long long after,
			   bool forward, long long *at, long long *id,
			   struct calm_err *err)
{
	static const struct store_col col[] = { COL_AT(COL_INT64, 0), COL_LAST };
	struct store_q q;

	*at = forward ? INT64_MIN : INT64_MAX;
	*id = forward ? 0 : INT64_MAX;
	if (after <= 0)
		return CALM_OK;
	store_q_open(&q, st, SQ_EV_AT, sql_ev_at, ARGS(A_INT(incident), A_INT(after)), err);
	if (store_q_row(&q, col, at))
		*id = after;
	return store_q_close(&q);
}

/* *corrected: incident has an amend or strike event up to upto. */
static enum calm_rc corrections(struct store *st, long long incident, long long upto,
				bool *corrected, struct calm_err *err)
{
	static const struct store_col col[] = { COL_AT(COL_BOOL, 0), COL_LAST };
	struct store_q q;

	*corrected = true;
	store_q_open(&q, st, SQ_EV_CORRECTED, sql_ev_corrected,
		     ARGS(A_INT(incident), A_INT(upto)), err);
	store_q_row(&q, col, corrected);
	return store_q_close(&q);
}

/* One page in one read snapshot: the corrections asked about are the
 * ones the page would see. */
static enum calm_rc page(struct store *st, long long incident, long long after,
			 bool forward, long long limit, long long upto,
			 int (*cb)(const struct event *, void *), void *ctx,
			 long long *last, struct calm_err *err)
{
	static const enum store_stmt ids[2][2] = {
		{ SQ_EV_PAGE_BACK, SQ_EV_PAGE_FWD },
		{ SQ_EV_PAGE_BACK_PLAIN, SQ_EV_PAGE_FWD_PLAIN },
	};
	static const char *const sql[2][2] = {
		{ sql_ev_page_back, sql_ev_page_fwd },
		{ sql_ev_page_back_plain, sql_ev_page_fwd_plain },
	};
	struct store_q q;
	long long at, id;
	bool corrected = true;
	enum calm_rc rc;

	rc = cursor(st, incident, after, forward, &at, &id, err);
	if (rc == CALM_OK && st->eng->page_plain)
		rc = corrections(st, incident, upto, &corrected, err);
	if (rc != CALM_OK)
		return rc;
	store_q_open(&q, st, ids[!corrected][forward], sql[!corrected][forward],
		     ARGS(A_INT(incident), A_INT(at), A_INT(id), A_INT(limit), A_INT(upto)),
		     err);
	return each_row(&q, cb, ctx, last, NULL);
}

enum calm_rc store_events_page(struct store *st, long long incident,
			       long long after, bool forward, size_t limit,
			       long long upto,
			       int (*cb)(const struct event *, void *),
			       void *ctx, long long *last,
			       struct calm_err *err)
{
	bool own = st->eng->page_plain && !store_in_tx(st);
	enum calm_rc rc;

	if (last)
		*last = 0;
	if (limit == 0)
		return CALM_OK;
	rc = own ? store_read_begin(st, err) : CALM_OK;
	if (rc == CALM_OK)
		rc = page(st, incident, after, forward,
			  limit > (size_t)INT64_MAX ? INT64_MAX : (long long)limit,
			  upto > 0 ? upto : INT64_MAX, cb, ctx, last, err);
	if (own)
		store_read_end(st);
	return rc;
}

enum calm_rc store_events_since(struct store *st, long long incident, long long after,
				size_t limit,
				int (*cb)(const struct event *, void *), void *ctx,
				long long *last, struct calm_err *err)
{
	struct store_q q;

	if (last)
		*last = 0;
	store_q_open(&q, st, SQ_EV_SINCE, sql_ev_since,
		     ARGS(A_INT(incident), A_INT(after),
			  A_INT(limit == 0 || limit > (size_t)INT64_MAX ? INT64_MAX : (long long)limit)),
		     err);
	return each_row(&q, cb, ctx, last, NULL);
}

enum calm_rc store_event_get(struct store *st, long long incident,
			     long long id,
			     int (*cb)(const struct event *, void *),
			     void *ctx, struct calm_err *err)
{
	struct store_q q;
	long long rows = 0;
	enum calm_rc rc;

	store_q_open(&q, st, SQ_EV_GET, sql_ev_get, ARGS(A_INT(incident), A_INT(id)), err);
	rc = each_row(&q, cb, ctx, NULL, &rows);
	if (rc == CALM_OK && rows == 0)
		rc = calm_err_set(err, CALM_NOTFOUND, "incident %lld has no event %lld",
				  incident, id);
	return rc;
}

enum calm_rc store_event_last(struct store *st, long long incident, const char *kind,
			      int (*cb)(const struct event *, void *), void *ctx,
			      bool *found, struct calm_err *err)
{
	struct store_q q;
	long long rows = 0;
	enum calm_rc rc;

	store_q_open(&q, st, SQ_EV_LAST_KIND, sql_ev_last_kind,
		     ARGS(A_INT(incident), A_TEXT(kind)), err);
	rc = each_row(&q, cb, ctx, NULL, &rows);
	*found = rows > 0;
	return rc;
}

enum calm_rc store_uid_find(struct store *st, const char *uid, long long *event,
			    long long *incident, struct calm_err *err)
{
	static const struct store_col cols[] = {
		COL_AT(COL_INT64, 0), COL_AT(COL_INT64, sizeof(long long)), COL_LAST,
	};
	long long v[2] = { 0, 0 };
	struct store_q q;
	enum calm_rc rc;

	store_q_open(&q, st, SQ_UID_FIND, sql_uid_find, ARGS(A_TEXT(uid)), err);
	store_q_row(&q, cols, v);
	rc = store_q_close(&q);
	*event = v[0];
	if (incident)
		*incident = v[1];
	return rc;
}

enum calm_rc store_uids_present(struct store *st, const char *const *uids, size_t n,
				int (*cb)(const char *, void *), void *ctx,
				struct calm_err *err)
{
	static const struct store_col col[] = { COL_AT(COL_TEXT, 0), COL_LAST };
	struct buf list = BUF_INIT;
	struct store_q q;
	const char *uid;

	if (n == 0)
		return CALM_OK;
	buf_addc(&list, '[');
	for (size_t i = 0; i < n; i++) { /* a uid is hex digits and dots: no escaping */
		if (strspn(uids[i], "0123456789abcdef.") != strlen(uids[i]))
			continue;
		buf_addf(&list, "%s\"%s\"", list.len > 1 ? "," : "", uids[i]);
	}
	buf_addc(&list, ']');
	store_q_open(&q, st, SQ_UIDS_PRESENT, sql_uids_present, ARGS(A_TEXT(buf_cstr(&list))),
		     err);
	while (store_q_row(&q, col, &uid) && cb(uid, ctx) == 0)
		;
	buf_release(&list);
	return store_q_close(&q);
}

enum calm_rc store_event_incident(struct store *st, long long id,
				  long long *incident, struct calm_err *err)
{
	static const struct store_col col[] = { COL_AT(COL_INT64, 0), COL_LAST };
	struct store_q q;
	enum calm_rc rc;
	bool found;

	*incident = 0;
	store_q_open(&q, st, SQ_EV_INCIDENT, sql_ev_incident, ARGS(A_INT(id)), err);
	found = store_q_row(&q, col, incident);
	rc = store_q_close(&q);
	if (rc == CALM_OK && !found)
		rc = calm_err_set(err, CALM_NOTFOUND, "no event %lld", id);
	return rc;
}

enum calm_rc store_corrections_each(struct store *st, long long incident,
				    long long id,
				    int (*cb)(const struct event *, void *),
				    void *ctx, struct calm_err *err)
{
	struct store_q q;

	store_q_open(&q, st, SQ_CORRECTIONS, sql_corrections,
		     ARGS(A_INT(incident), A_INT(id)), err);
	return each_row(&q, cb, ctx, NULL, NULL);
}

enum calm_rc store_event_count_same(struct store *st, long long incident,
				    long long at_ms, const char *author,
				    const char *text, size_t len,
				    long long *count, struct calm_err *err)
{
	static const struct store_col col[] = { COL_AT(COL_INT64, 0), COL_LAST };
	struct store_q q;

	*count = 0;
	store_q_open(&q, st, SQ_COUNT_SAME, sql_count_same,
		     ARGS(A_INT(incident), A_INT(at_ms), A_TEXT(author), A_BLOB(text, len)),
		     err);
	store_q_row(&q, col, count);
	return store_q_close(&q);
}

enum calm_rc store_last_data(struct store *st, long long incident,
			     const char *kind, const char *key,
			     const char *value, const char *field,
			     char **out, struct calm_err *err)
{
	static const struct store_col col[] = { COL_AT(COL_DUP, 0), COL_LAST };
	struct store_q q;

	*out = NULL;
	store_q_open(&q, st, SQ_LAST_DATA, sql_last_data,
		     ARGS(A_INT(incident), A_TEXT(kind), A_TEXT(key), A_TEXT(value),
			  A_TEXT(field)),
		     err);
	store_q_row(&q, col, out);
	return store_q_close(&q);
}
