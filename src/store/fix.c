/*
 * fix.c - fix attempts and their outcomes, and "no fix possible".
 *
 * Attempts are numbered within their incident by their order (rows are
 * never deleted), so "fix 2" means the same row forever without a
 * stored counter.  "No fix possible" is an attempt row whose outcome is
 * no-fix and whose note says what was lost; the gates count it apart
 * (store_incident_counts).
 */
#include "calm/store.h"

#include <string.h>

#include "store-int.h"

static const char sql_fix_insert[] =
	"INSERT INTO fixes (incident_id, what, why, started_ms, author,"
	" outcome, outcome_note, outcome_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	" CASE WHEN ?6 IS NULL THEN NULL ELSE ?4 END)"
	" RETURNING (SELECT count(*) FROM fixes f WHERE f.incident_id = ?1"
	" AND f.id < fixes.id) + 1";
static const char sql_fix_outcome[] =
	"UPDATE fixes SET outcome = ?3, outcome_note = ?4, outcome_ms = ?5"
	" WHERE id = (SELECT id FROM fixes WHERE incident_id = ?1"
	"  ORDER BY id LIMIT 1 OFFSET ?2 - 1) AND outcome IS NOT 'no-fix'";
static const char sql_fix_each[] =
	"SELECT row_number() OVER (ORDER BY id), what, why, started_ms, author,"
	" outcome, outcome_note, coalesce(outcome_ms, 0)"
	" FROM fixes WHERE incident_id = ?1 ORDER BY id";

/* Insert one attempt row; outcome/note NULL for a plain attempt. */
static enum calm_rc fix_insert(struct store *st, long long incident,
			       const char *what, const char *why,
			       const char *outcome, const char *note,
			       long long ts_ms, const char *author,
			       long long *n, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src;

	rc = store_writable(st, err);
	if (rc == CALM_OK)
		rc = store_prep(st, SQ_FIX_INSERT, sql_fix_insert, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	store_bind_text(stmt, 2, what);
	store_bind_text(stmt, 3, why && *why ? why : NULL);
	sqlite3_bind_int64(stmt, 4, ts_ms);
	store_bind_text(stmt, 5, author);
	store_bind_text(stmt, 6, outcome);
	store_bind_text(stmt, 7, note);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		if (n)
			*n = sqlite3_column_int64(stmt, 0);
		src = sqlite3_step(stmt);
	}
	if (src != SQLITE_DONE)
		rc = store_fk_notfound(st, store_fail(st, src, true, err),
				       incident, err);
out:
	store_done(st, SQ_FIX_INSERT, stmt);
	return rc;
}

enum calm_rc store_fix_add(struct store *st, long long incident,
			   const char *what, const char *why, long long ts_ms,
			   const char *author, long long *n,
			   struct calm_err *err)
{
	return fix_insert(st, incident, what, why, NULL, NULL, ts_ms, author,
			  n, err);
}

enum calm_rc store_no_fix(struct store *st, long long incident,
			  const char *lost, long long ts_ms,
			  const char *author, long long *n,
			  struct calm_err *err)
{
	return fix_insert(st, incident, "no fix possible", NULL, "no-fix",
			  lost, ts_ms, author, n, err);
}

enum calm_rc store_fix_outcome(struct store *st, long long incident,
			       long long n, const char *outcome,
			       const char *note, long long ts_ms,
			       struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;

	rc = store_writable(st, err);
	if (rc == CALM_OK)
		rc = store_prep(st, SQ_FIX_OUTCOME, sql_fix_outcome, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	sqlite3_bind_int64(stmt, 2, n);
	store_bind_text(stmt, 3, outcome);
	store_bind_text(stmt, 4, note && *note ? note : NULL);
	sqlite3_bind_int64(stmt, 5, ts_ms);
	rc = store_exec_stmt(st, stmt, true, err);
	if (rc == CALM_OK && sqlite3_changes(st->db) == 0)
		rc = calm_err_set(err, CALM_NOTFOUND,
				  "incident %lld has no fix attempt %lld", incident, n);
out:
	store_done(st, SQ_FIX_OUTCOME, stmt);
	return rc;
}

enum calm_rc store_fix_each(struct store *st, long long incident,
			    int (*cb)(const struct fix_row *, void *),
			    void *ctx, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	struct fix_row row;
	enum calm_rc rc;
	int src;

	rc = store_prep(st, SQ_FIX_EACH, sql_fix_each, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		row.n = sqlite3_column_int64(stmt, 0);
		row.what = (const char *)sqlite3_column_text(stmt, 1);
		row.why = (const char *)sqlite3_column_text(stmt, 2);
		row.started_ms = sqlite3_column_int64(stmt, 3);
		row.author = (const char *)sqlite3_column_text(stmt, 4);
		row.outcome = (const char *)sqlite3_column_text(stmt, 5);
		row.note = (const char *)sqlite3_column_text(stmt, 6);
		row.outcome_ms = sqlite3_column_int64(stmt, 7);
		if (cb(&row, ctx) != 0)
			goto out;
	}
	if (src != SQLITE_DONE)
		rc = store_fail(st, src, false, err);
out:
	store_done(st, SQ_FIX_EACH, stmt);
	return rc;
}
