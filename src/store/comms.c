/*
 * comms.c - drafts of updates: every saved revision is kept.
 *
 * A revision is a row of comms; its number is one more than the
 * newest of its (incident, audience), computed inside the INSERT so
 * that two writers (both under BEGIN IMMEDIATE) cannot pick the same
 * one, and the UNIQUE constraint would refuse it anyway.  Sending marks
 * one row sent; it is never changed after.
 */
#include "calm/store.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "store-int.h"

#define DRAFT_COLS \
	"id, audience, revision, text, created_ms, author," \
	" coalesce(sent_ms, 0), sent_by, channel"

static const char sql_draft_insert[] =
	"INSERT INTO comms (incident_id, audience, revision, text, created_ms, author)"
	" VALUES (?1, ?2, (SELECT coalesce(max(revision), 0) + 1 FROM comms"
	"  WHERE incident_id = ?1 AND audience = ?2), ?3, ?4, ?5)"
	" RETURNING id, revision";
static const char sql_draft_latest[] =
	"SELECT " DRAFT_COLS " FROM comms WHERE incident_id = ?1 AND audience = ?2"
	" ORDER BY revision DESC LIMIT 1";
static const char sql_draft_count[] =
	"SELECT count(*), count(sent_ms) FROM comms"
	" WHERE incident_id = ?1 AND audience = ?2";
static const char sql_draft_sent[] =
	"UPDATE comms SET sent_ms = ?2, sent_by = ?3, channel = ?4"
	" WHERE id = ?1 AND sent_ms IS NULL";
static const char sql_draft_each[] =
	"SELECT " DRAFT_COLS " FROM comms WHERE incident_id = ?1"
	" AND (?2 IS NULL OR audience = ?2) ORDER BY id";

/* A DRAFT_COLS row: the draft, its audience as stored (a name). */
struct draft_row {
	struct draft d;
	const char *audience;
};

static const struct store_col draft_cols[] = {
	COL(struct draft_row, COL_INT64, d.id),
	COL(struct draft_row, COL_TEXT, audience),
	COL(struct draft_row, COL_INT, d.revision),
	COL(struct draft_row, COL_TEXT, d.text),
	COL(struct draft_row, COL_INT64, d.created_ms),
	COL(struct draft_row, COL_TEXT, d.author),
	COL(struct draft_row, COL_INT64, d.sent_ms),
	COL(struct draft_row, COL_TEXT, d.sent_by),
	COL(struct draft_row, COL_TEXT, d.channel),
	COL_LAST,
};

/* The next DRAFT_COLS row into *r (its strings SQLite's); false at the end. */
static bool draft_next(struct store_q *q, struct draft_row *r)
{
	if (!store_q_row(q, draft_cols, r))
		return false;
	r->d.audience = audience_parse(r->audience);
	return true;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* A foreign-key failure means the incident is not there. */
static enum calm_rc no_incident(struct store *st, enum calm_rc rc,
				long long incident, struct calm_err *err)
{
	if (rc == CALM_DATA &&
	    st->eng->fk_failed(st)) {
		calm_err_clear(err);
		rc = calm_err_set(err, CALM_NOTFOUND, "no incident %lld", incident);
	}
	return rc;
}

enum calm_rc store_draft_save(struct store *st, long long incident,
			      int audience, const char *text, long long ts_ms,
			      const char *author, int *rev, long long *id,
			      struct calm_err *err)
{
	static const struct store_col saved[] = {
		COL(struct draft, COL_INT64, id), COL(struct draft, COL_INT, revision), COL_LAST,
	};
	struct draft d = { 0 };
	enum calm_rc rc = CALM_OK;

	if (!audience_name(audience))
		rc = calm_err_set(err, CALM_USAGE, "unknown audience %d", audience);
	if (rc == CALM_OK)
		rc = store_write_row(st, SQ_DRAFT_INSERT, sql_draft_insert,
				     ARGS(A_INT(incident), A_TEXT(audience_name(audience)),
					  A_TEXT(text), A_INT(ts_ms), A_TEXT(author)),
				     saved, &d, err);
	if (rc == CALM_OK && id)
		*id = d.id;
	if (rc == CALM_OK && rev)
		*rev = d.revision;
	return no_incident(st, rc, incident, err);
}

enum calm_rc store_draft_latest(struct store *st, long long incident,
				int audience, struct draft *out, bool *found,
				struct calm_err *err)
{
	struct draft_row r;
	struct store_q q;

	memset(out, 0, sizeof *out);
	*found = false;
	store_q_open(&q, st, SQ_DRAFT_LATEST, sql_draft_latest,
		     ARGS(A_INT(incident), A_TEXT(audience_name(audience))), err);
	if (draft_next(&q, &r)) {
		*out = r.d;
		out->text = xstrdup(r.d.text ? r.d.text : "");
		out->author = xstrdup(r.d.author ? r.d.author : "");
		out->sent_by = dup_or_null(r.d.sent_by);
		out->channel = dup_or_null(r.d.channel);
		*found = true;
	}
	return store_q_close(&q);
}

enum calm_rc store_draft_count(struct store *st, long long incident,
			       int audience, long long *revisions,
			       long long *sent, struct calm_err *err)
{
	static const struct store_col counts[] = {
		COL_AT(COL_INT64, 0), COL_AT(COL_INT64, sizeof(long long)), COL_LAST,
	};
	long long v[2] = { 0, 0 };
	struct store_q q;

	store_q_open(&q, st, SQ_DRAFT_COUNT, sql_draft_count,
		     ARGS(A_INT(incident), A_TEXT(audience_name(audience))), err);
	if (store_q_row(&q, counts, v)) {
		if (revisions)
			*revisions = v[0];
		if (sent)
			*sent = v[1];
	}
	return store_q_close(&q);
}

enum calm_rc store_draft_mark_sent(struct store *st, long long id,
				   long long ts_ms, const char *author,
				   const char *channel, struct calm_err *err)
{
	enum calm_rc rc;

	rc = store_write(st, SQ_DRAFT_SENT, sql_draft_sent,
			 ARGS(A_INT(id), A_INT(ts_ms), A_TEXT(author), A_TEXT(channel)),
			 NULL, err);
	if (rc == CALM_OK && store_changes(st) == 0)
		rc = calm_err_set(err, CALM_NOTFOUND,
				  "no unsent draft revision %lld", id);
	return rc;
}

enum calm_rc store_draft_each(struct store *st, long long incident,
			      int audience,
			      int (*cb)(const struct draft *, void *),
			      void *ctx, struct calm_err *err)
{
	struct draft_row r;
	struct store_q q;

	store_q_open(&q, st, SQ_DRAFT_EACH, sql_draft_each,
		     ARGS(A_INT(incident), A_TEXT(audience >= 0 ? audience_name(audience) : NULL)),
		     err);
	while (draft_next(&q, &r) && cb(&r.d, ctx) == 0)
		;
	return store_q_close(&q);
}

/* The helper is shared with fix.c and action.c. */
enum calm_rc store_fk_notfound(struct store *st, enum calm_rc rc,
			       long long incident, struct calm_err *err)
{
	return no_incident(st, rc, incident, err);
}
