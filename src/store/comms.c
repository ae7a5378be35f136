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

/* Point d at the current row of a DRAFT_COLS statement (not copied). */
static void draft_from_row(sqlite3_stmt *stmt, struct draft *d)
{
	d->id = sqlite3_column_int64(stmt, 0);
	d->audience = audience_parse((const char *)sqlite3_column_text(stmt, 1));
	d->revision = sqlite3_column_int(stmt, 2);
	d->text = (char *)sqlite3_column_text(stmt, 3);
	d->created_ms = sqlite3_column_int64(stmt, 4);
	d->author = (char *)sqlite3_column_text(stmt, 5);
	d->sent_ms = sqlite3_column_int64(stmt, 6);
	d->sent_by = (char *)sqlite3_column_text(stmt, 7);
	d->channel = (char *)sqlite3_column_text(stmt, 8);
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
	    sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_FOREIGNKEY) {
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
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src;

	rc = store_writable(st, err);
	if (rc == CALM_OK && !audience_name(audience))
		rc = calm_err_set(err, CALM_USAGE, "unknown audience %d", audience);
	if (rc == CALM_OK)
		rc = store_prep(st, SQ_DRAFT_INSERT, sql_draft_insert, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	store_bind_text(stmt, 2, audience_name(audience));
	store_bind_text(stmt, 3, text);
	sqlite3_bind_int64(stmt, 4, ts_ms);
	store_bind_text(stmt, 5, author);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		if (id)
			*id = sqlite3_column_int64(stmt, 0);
		if (rev)
			*rev = sqlite3_column_int(stmt, 1);
		src = sqlite3_step(stmt);
	}
	if (src != SQLITE_DONE)
		rc = no_incident(st, store_fail(st, src, true, err), incident, err);
out:
	store_done(st, SQ_DRAFT_INSERT, stmt);
	return rc;
}

enum calm_rc store_draft_latest(struct store *st, long long incident,
				int audience, struct draft *out, bool *found,
				struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	struct draft row;
	enum calm_rc rc;
	int src;

	memset(out, 0, sizeof *out);
	*found = false;
	rc = store_prep(st, SQ_DRAFT_LATEST, sql_draft_latest, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	store_bind_text(stmt, 2, audience_name(audience));
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		draft_from_row(stmt, &row);
		*out = row;
		out->text = xstrdup(row.text ? row.text : "");
		out->author = xstrdup(row.author ? row.author : "");
		out->sent_by = dup_or_null(row.sent_by);
		out->channel = dup_or_null(row.channel);
		*found = true;
	} else if (src != SQLITE_DONE) {
		rc = store_fail(st, src, false, err);
	}
out:
	store_done(st, SQ_DRAFT_LATEST, stmt);
	return rc;
}

enum calm_rc store_draft_count(struct store *st, long long incident,
			       int audience, long long *revisions,
			       long long *sent, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src;

	rc = store_prep(st, SQ_DRAFT_COUNT, sql_draft_count, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	store_bind_text(stmt, 2, audience_name(audience));
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		if (revisions)
			*revisions = sqlite3_column_int64(stmt, 0);
		if (sent)
			*sent = sqlite3_column_int64(stmt, 1);
	} else {
		rc = store_fail(st, src, false, err);
	}
out:
	store_done(st, SQ_DRAFT_COUNT, stmt);
	return rc;
}

enum calm_rc store_draft_mark_sent(struct store *st, long long id,
				   long long ts_ms, const char *author,
				   const char *channel, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;

	rc = store_writable(st, err);
	if (rc == CALM_OK)
		rc = store_prep(st, SQ_DRAFT_SENT, sql_draft_sent, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, ts_ms);
	store_bind_text(stmt, 3, author);
	store_bind_text(stmt, 4, channel);
	rc = store_exec_stmt(st, stmt, true, err);
	if (rc == CALM_OK && sqlite3_changes(st->db) == 0)
		rc = calm_err_set(err, CALM_NOTFOUND,
				  "no unsent draft revision %lld", id);
out:
	store_done(st, SQ_DRAFT_SENT, stmt);
	return rc;
}

enum calm_rc store_draft_each(struct store *st, long long incident,
			      int audience,
			      int (*cb)(const struct draft *, void *),
			      void *ctx, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	struct draft row;
	enum calm_rc rc;
	int src;

	rc = store_prep(st, SQ_DRAFT_EACH, sql_draft_each, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	store_bind_text(stmt, 2, audience >= 0 ? audience_name(audience) : NULL);
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		draft_from_row(stmt, &row);
		if (cb(&row, ctx) != 0)
			goto out;
	}
	if (src != SQLITE_DONE)
		rc = store_fail(st, src, false, err);
out:
	store_done(st, SQ_DRAFT_EACH, stmt);
	return rc;
}

/* The helper is shared with fix.c and action.c. */
enum calm_rc store_fk_notfound(struct store *st, enum calm_rc rc,
			       long long incident, struct calm_err *err)
{
	return no_incident(st, rc, incident, err);
}
