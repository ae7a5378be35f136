/*
 * field.c - an incident's named fields, and the counts its gates read.
 *
 * Fields are (incident, name) -> value text; names and values were
 * checked by the caller against field.h.  An empty value removes the
 * row, so "set" and "unset" are one call and an unset field is simply
 * absent.
 *
 * store_incident_counts() answers every gate question for one incident
 * in two statements; each subquery walks only that incident's rows
 * through an (incident_id, ...) index.
 */
#include "calm/store.h"

#include <string.h>

#include "calm/buf.h"
#include "store-int.h"

static const char sql_field_upsert[] =
	"INSERT INTO fields (incident_id, name, value) VALUES (?1, ?2, ?3)"
	" ON CONFLICT (incident_id, name) DO UPDATE SET value = excluded.value";
static const char sql_field_delete[] =
	"DELETE FROM fields WHERE incident_id = ?1 AND name = ?2";
static const char sql_field_get[] =
	"SELECT value FROM fields WHERE incident_id = ?1 AND name = ?2";
static const char sql_field_each[] =
	"SELECT name, value FROM fields WHERE incident_id = ?1 ORDER BY name";
static const char sql_counts[] =
	"SELECT EXISTS (SELECT 1 FROM incidents WHERE id = ?1),"
	" (SELECT count(*) FROM events WHERE incident_id = ?1),"
	" (SELECT count(*) FROM events WHERE incident_id = ?1 AND kind = 'note'),"
	" (SELECT count(*) FROM fixes WHERE incident_id = ?1"
	"   AND outcome IN ('worked', 'partial')),"
	" EXISTS (SELECT 1 FROM fixes WHERE incident_id = ?1 AND outcome = 'no-fix'),"
	" (SELECT count(*) FROM actions WHERE incident_id = ?1 AND status <> 'dropped'),"
	" EXISTS (SELECT 1 FROM exports WHERE incident_id = ?1),"
	" (SELECT count(*) FROM fixes WHERE incident_id = ?1"
	"   AND outcome IN ('failed', 'rolled-back'))";
static const char sql_comms_sent[] =
	"SELECT DISTINCT audience FROM comms"
	" WHERE incident_id = ?1 AND sent_ms IS NOT NULL";

enum calm_rc store_field_set(struct store *st, long long incident,
			     const char *name, const char *value,
			     struct calm_err *err)
{
	bool remove = !value || !*value;
	enum store_stmt id = remove ? SQ_FIELD_DELETE : SQ_FIELD_UPSERT;
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;

	rc = store_writable(st, err);
	if (rc == CALM_OK)
		rc = store_prep(st, id, remove ? sql_field_delete : sql_field_upsert,
				&stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	store_bind_text(stmt, 2, name);
	if (!remove)
		store_bind_text(stmt, 3, value);
	rc = store_exec_stmt(st, stmt, true, err);
	/* the foreign key is the existence check */
	if (rc == CALM_DATA &&
	    sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_FOREIGNKEY) {
		calm_err_clear(err);
		rc = calm_err_set(err, CALM_NOTFOUND, "no incident %lld", incident);
	}
out:
	store_done(st, id, stmt);
	return rc;
}

enum calm_rc store_field_get(struct store *st, long long incident,
			     const char *name, char **value,
			     struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src;

	*value = NULL;
	rc = store_prep(st, SQ_FIELD_GET, sql_field_get, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	store_bind_text(stmt, 2, name);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		*value = store_column_dup(stmt, 0);
	else if (src != SQLITE_DONE)
		rc = store_fail(st, src, false, err);
out:
	store_done(st, SQ_FIELD_GET, stmt);
	return rc;
}

enum calm_rc store_fields_each(struct store *st, long long incident,
			       int (*cb)(const char *, const char *, void *),
			       void *ctx, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src;

	rc = store_prep(st, SQ_FIELD_EACH, sql_field_each, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (cb((const char *)sqlite3_column_text(stmt, 0),
		       (const char *)sqlite3_column_text(stmt, 1), ctx) != 0)
			goto out;
	}
	if (src != SQLITE_DONE)
		rc = store_fail(st, src, false, err);
out:
	store_done(st, SQ_FIELD_EACH, stmt);
	return rc;
}

/* Which audiences have a sent update. */
static enum calm_rc counts_comms(struct store *st, long long incident,
				 struct incident_counts *out,
				 struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src, a;

	rc = store_prep(st, SQ_COMMS_SENT, sql_comms_sent, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		a = audience_parse((const char *)sqlite3_column_text(stmt, 0));
		if (a >= 0 && a < AUD_COUNT)
			out->comms_sent[a] = true;
	}
	if (src != SQLITE_DONE)
		rc = store_fail(st, src, false, err);
out:
	store_done(st, SQ_COMMS_SENT, stmt);
	return rc;
}

enum calm_rc store_incident_counts(struct store *st, long long incident,
				   struct incident_counts *out,
				   struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src;

	memset(out, 0, sizeof *out);
	rc = store_prep(st, SQ_COUNTS, sql_counts, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	src = sqlite3_step(stmt);
	if (src != SQLITE_ROW) {
		rc = store_fail(st, src, false, err);
		goto out;
	}
	if (!sqlite3_column_int(stmt, 0)) {
		rc = calm_err_set(err, CALM_NOTFOUND, "no incident %lld", incident);
		goto out;
	}
	out->events = sqlite3_column_int64(stmt, 1);
	out->notes = sqlite3_column_int64(stmt, 2);
	out->fixes_worked = sqlite3_column_int64(stmt, 3);
	out->fixes_failed = sqlite3_column_int64(stmt, 7);
	out->no_fix = sqlite3_column_int(stmt, 4) != 0;
	out->actions = sqlite3_column_int64(stmt, 5);
	out->exported = sqlite3_column_int(stmt, 6) != 0;
	store_done(st, SQ_COUNTS, stmt);
	stmt = NULL;
	rc = counts_comms(st, incident, out, err);
out:
	store_done(st, SQ_COUNTS, stmt);
	return rc;
}
