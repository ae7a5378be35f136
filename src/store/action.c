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

static const struct store_col action_cols[] = {
	COL(struct action_row, COL_INT64, n),
	COL(struct action_row, COL_TEXT, title),
	COL(struct action_row, COL_TEXT, owner),
	COL(struct action_row, COL_TEXT, category),
	COL(struct action_row, COL_TEXT, due),
	COL(struct action_row, COL_TEXT, status),
	COL(struct action_row, COL_INT64, created_ms),
	COL(struct action_row, COL_TEXT, author),
	COL_LAST,
};

static const struct store_col export_cols[] = {
	COL(struct export_row, COL_INT64, ts_ms),
	COL(struct export_row, COL_TEXT, format),
	COL(struct export_row, COL_TEXT, path),
	COL(struct export_row, COL_TEXT, author),
	COL_LAST,
};

static const char *null_if_empty(const char *s)
{
	return s && *s ? s : NULL;
}

enum calm_rc store_action_add(struct store *st, long long incident,
			      const char *title, const char *owner,
			      const char *category, const char *due,
			      long long ts_ms, const char *author,
			      long long *n, struct calm_err *err)
{
	enum calm_rc rc;

	rc = store_write(st, SQ_ACTION_INSERT, sql_action_insert,
			 ARGS(A_INT(incident), A_TEXT(title), A_TEXT(null_if_empty(owner)),
			      A_TEXT(null_if_empty(category)), A_TEXT(null_if_empty(due)),
			      A_INT(ts_ms), A_TEXT(author)),
			 n, err);
	return store_fk_notfound(st, rc, incident, err);
}

enum calm_rc store_action_set(struct store *st, long long incident,
			      long long n, const char *column,
			      const char *value, struct calm_err *err)
{
	enum calm_rc rc;
	bool known = false;

	for (size_t i = 0; action_columns[i]; i++)
		known = known || strcmp(action_columns[i], column) == 0;
	if (!known)
		return calm_err_set(err, CALM_USAGE, "unknown action item field '%.40s'",
				    column);
	rc = store_write(st, SQ_ACTION_SET, sql_action_set,
			 ARGS(A_INT(incident), A_INT(n), A_TEXT(column),
			      A_TEXT(value ? value : "")),
			 NULL, err);
	if (rc == CALM_OK && store_changes(st) == 0)
		rc = calm_err_set(err, CALM_NOTFOUND,
				  "incident %lld has no action item %lld", incident, n);
	return rc;
}

enum calm_rc store_action_each(struct store *st, long long incident,
			       int (*cb)(const struct action_row *, void *),
			       void *ctx, struct calm_err *err)
{
	struct store_q q;
	struct action_row row;

	store_q_open(&q, st, SQ_ACTION_EACH, sql_action_each, ARGS(A_INT(incident)), err);
	while (store_q_row(&q, action_cols, &row) && cb(&row, ctx) == 0)
		;
	return store_q_close(&q);
}

enum calm_rc store_export_record(struct store *st, long long incident,
				 long long ts_ms, const char *format,
				 const char *path, const char *author,
				 struct calm_err *err)
{
	enum calm_rc rc;

	rc = store_write(st, SQ_EXPORT_INSERT, sql_export_insert,
			 ARGS(A_INT(incident), A_INT(ts_ms), A_TEXT(format), A_TEXT(path),
			      A_TEXT(author)),
			 NULL, err);
	return store_fk_notfound(st, rc, incident, err);
}

enum calm_rc store_export_each(struct store *st, long long incident,
			       int (*cb)(const struct export_row *, void *),
			       void *ctx, struct calm_err *err)
{
	struct store_q q;
	struct export_row row;

	store_q_open(&q, st, SQ_EXPORT_EACH, sql_export_each, ARGS(A_INT(incident)), err);
	while (store_q_row(&q, export_cols, &row) && cb(&row, ctx) == 0)
		;
	return store_q_close(&q);
}
