/*
 * action.c - action items agreed in the discussion, and the record of
 * postmortem exports.
 *
 * Items are numbered within their incident by order, like fix attempts.
 * One UPDATE sets any single column, chosen by a bound name, so no SQL
 * is ever assembled from input.
 */
#include "calm/store.h"

#include <string.h>

#include "store-int.h"

static const char sql_action_insert[] =
	"INSERT INTO actions (incident_id, title, owner, category, due, status,"
	" created_ms, author) VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6, ?7)"
	" RETURNING (SELECT count(*) FROM actions f WHERE f.incident_id = ?1"
	" AND f.id < actions.id) + 1";
static const char sql_action_set[] =
	"UPDATE actions SET"
	" title = CASE WHEN ?3 = 'title' THEN ?4 ELSE title END,"
	" owner = CASE WHEN ?3 = 'owner' THEN nullif(?4, '') ELSE owner END,"
	" category = CASE WHEN ?3 = 'category' THEN nullif(?4, '') ELSE category END,"
	" due = CASE WHEN ?3 = 'due' THEN nullif(?4, '') ELSE due END,"
	" status = CASE WHEN ?3 = 'status' THEN ?4 ELSE status END"
	" WHERE id = (SELECT id FROM actions WHERE incident_id = ?1"
	"  ORDER BY id LIMIT 1 OFFSET ?2 - 1)";
static const char sql_action_each[] =
	"SELECT row_number() OVER (ORDER BY id), title, owner, category, due,"
	" status, created_ms, author FROM actions WHERE incident_id = ?1 ORDER BY id";
static const char sql_export_insert[] =
	"INSERT INTO exports (incident_id, ts_ms, format, path, author)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_export_each[] =
	"SELECT ts_ms, format, coalesce(path, ''), author FROM exports"
	" WHERE incident_id = ?1 ORDER BY id";

static const char *const action_columns[] = {
	"title", "owner", "category", "due", "status", NULL,
};

enum calm_rc store_action_add(struct store *st, long long incident,
			      const char *title, const char *owner,
			      const char *category, const char *due,
			      long long ts_ms, const char *author,
			      long long *n, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src;

	rc = store_writable(st, err);
	if (rc == CALM_OK)
		rc = store_prep(st, SQ_ACTION_INSERT, sql_action_insert, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	store_bind_text(stmt, 2, title);
	store_bind_text(stmt, 3, owner && *owner ? owner : NULL);
	store_bind_text(stmt, 4, category && *category ? category : NULL);
	store_bind_text(stmt, 5, due && *due ? due : NULL);
	sqlite3_bind_int64(stmt, 6, ts_ms);
	store_bind_text(stmt, 7, author);
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
	store_done(st, SQ_ACTION_INSERT, stmt);
	return rc;
}

enum calm_rc store_action_set(struct store *st, long long incident,
			      long long n, const char *column,
			      const char *value, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	bool known = false;

	for (size_t i = 0; action_columns[i]; i++)
		known = known || strcmp(action_columns[i], column) == 0;
	if (!known)
		return calm_err_set(err, CALM_USAGE, "unknown action item field '%.40s'",
				    column);
	rc = store_writable(st, err);
	if (rc == CALM_OK)
		rc = store_prep(st, SQ_ACTION_SET, sql_action_set, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	sqlite3_bind_int64(stmt, 2, n);
	store_bind_text(stmt, 3, column);
	store_bind_text(stmt, 4, value ? value : "");
	rc = store_exec_stmt(st, stmt, true, err);
	if (rc == CALM_OK && sqlite3_changes(st->db) == 0)
		rc = calm_err_set(err, CALM_NOTFOUND,
				  "incident %lld has no action item %lld", incident, n);
out:
	store_done(st, SQ_ACTION_SET, stmt);
	return rc;
}

enum calm_rc store_action_each(struct store *st, long long incident,
			       int (*cb)(const struct action_row *, void *),
			       void *ctx, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	struct action_row row;
	enum calm_rc rc;
	int src;

	rc = store_prep(st, SQ_ACTION_EACH, sql_action_each, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		row.n = sqlite3_column_int64(stmt, 0);
		row.title = (const char *)sqlite3_column_text(stmt, 1);
		row.owner = (const char *)sqlite3_column_text(stmt, 2);
		row.category = (const char *)sqlite3_column_text(stmt, 3);
		row.due = (const char *)sqlite3_column_text(stmt, 4);
		row.status = (const char *)sqlite3_column_text(stmt, 5);
		row.created_ms = sqlite3_column_int64(stmt, 6);
		row.author = (const char *)sqlite3_column_text(stmt, 7);
		if (cb(&row, ctx) != 0)
			goto out;
	}
	if (src != SQLITE_DONE)
		rc = store_fail(st, src, false, err);
out:
	store_done(st, SQ_ACTION_EACH, stmt);
	return rc;
}

enum calm_rc store_export_record(struct store *st, long long incident,
				 long long ts_ms, const char *format,
				 const char *path, const char *author,
				 struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;

	rc = store_writable(st, err);
	if (rc == CALM_OK)
		rc = store_prep(st, SQ_EXPORT_INSERT, sql_export_insert, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	sqlite3_bind_int64(stmt, 2, ts_ms);
	store_bind_text(stmt, 3, format);
	store_bind_text(stmt, 4, path);
	store_bind_text(stmt, 5, author);
	rc = store_fk_notfound(st, store_exec_stmt(st, stmt, true, err),
			       incident, err);
out:
	store_done(st, SQ_EXPORT_INSERT, stmt);
	return rc;
}

enum calm_rc store_export_each(struct store *st, long long incident,
			       int (*cb)(const struct export_row *, void *),
			       void *ctx, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	struct export_row r;
	enum calm_rc rc;
	int src;

	rc = store_prep(st, SQ_EXPORT_EACH, sql_export_each, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		r.ts_ms = sqlite3_column_int64(stmt, 0);
		r.format = (const char *)sqlite3_column_text(stmt, 1);
		r.path = (const char *)sqlite3_column_text(stmt, 2);
		r.author = (const char *)sqlite3_column_text(stmt, 3);
		if (cb(&r, ctx) != 0)
			goto out;
	}
	if (src != SQLITE_DONE)
		rc = store_fail(st, src, false, err);
out:
	store_done(st, SQ_EXPORT_EACH, stmt);
	return rc;
}
