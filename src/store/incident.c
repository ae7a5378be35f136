/*
 * incident.c - incident rows and their checklists.
 *
 * An incident is declared against a playbook; its checklist is copied
 * from every stage of that playbook at declaration, with a position so
 * the playbook's order survives, and never read from the playbook
 * again: a changed playbook file does not change a running incident.
 *
 * Lists are walked in keyset pages (id < last seen, newest first), so
 * no call holds more than one page in memory or a read snapshot across
 * pages.
 */
#include "calm/store.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "store-int.h"

#define INCIDENT_PAGE 100

#define INCIDENT_COLS \
	"id, substr(title, 1, 1024), severity, status = 'closed', substr(stage_id, 1, 1024)," \
	" stage_index, declared_ms, coalesce(closed_ms, 0), substr(declared_by, 1, 1024)," \
	" status IN ('active', 'closed'), length(CAST(title AS BLOB)), substr(coalesce(uuid, ''), 1, 64)"

static const char sql_inc_insert[] =
	"INSERT INTO incidents (title, severity, status, stage_id, stage_index,"
	" declared_ms, declared_by, uuid) VALUES (?1, ?2, 'active', ?3, 0, ?4, ?5, "
	STORE_UUID_SQL ")";
static const char sql_check_insert[] =
	"INSERT INTO checklist (incident_id, item_id, stage_id, position, text,"
	" required, checked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)";
static const char sql_inc_get[] =
	"SELECT " INCIDENT_COLS " FROM incidents WHERE id = ?1";
static const char sql_inc_page[] =
	"SELECT " INCIDENT_COLS " FROM incidents"
	" WHERE id < ?1 AND ((?2 AND status = 'active') OR (?3 AND status = 'closed'))"
	" ORDER BY id DESC LIMIT ?4";
static const char sql_active_count[] =
	"SELECT count(*), coalesce(max(id), 0) FROM incidents WHERE status = 'active'";
static const char sql_inc_count[] =
	"SELECT count(*) FROM incidents"
	" WHERE (?1 AND status = 'active') OR (?2 AND status = 'closed')";
static const char sql_set_stage[] =
	"UPDATE incidents SET stage_id = ?2, stage_index = ?3,"
	" status = CASE WHEN ?4 THEN 'closed' ELSE status END,"
	" closed_ms = CASE WHEN ?4 THEN ?5 ELSE closed_ms END"
	" WHERE id = ?1";
static const char sql_set_title[] = "UPDATE incidents SET title = ?2 WHERE id = ?1";
static const char sql_set_severity[] =
	"UPDATE incidents SET severity = ?2 WHERE id = ?1";
static const char sql_check_each[] =
	"SELECT item_id, stage_id, text, required, checked FROM checklist"
	" WHERE incident_id = ?1 AND (?2 IS NULL OR stage_id = ?2)"
	" ORDER BY position";
static const char sql_check_get[] =
	"SELECT checked FROM checklist WHERE incident_id = ?1 AND item_id = ?2";
static const char sql_check_update[] =
	"UPDATE checklist SET checked = ?3 WHERE incident_id = ?1 AND item_id = ?2";

/* Fill inc from a row of INCIDENT_COLS, with copies of the strings. */
/* Fill inc from the current row, checking every value (store.h). */
static void incident_from_row(sqlite3_stmt *stmt, struct incident *inc)
{
	long long sev = sqlite3_column_int64(stmt, 2);
	long long index = sqlite3_column_int64(stmt, 5);
	const char *bad = NULL;

	inc->id = sqlite3_column_int64(stmt, 0);
	inc->title = store_column_dup(stmt, 1);
	inc->closed = sqlite3_column_int(stmt, 3) != 0;
	inc->stage_id = store_column_dup(stmt, 4);
	inc->declared_ms = sqlite3_column_int64(stmt, 6);
	inc->closed_ms = sqlite3_column_int64(stmt, 7);
	inc->declared_by = store_column_dup(stmt, 8);
	inc->severity = sev >= 1 && sev <= 4 ? (int)sev : 3;
	inc->stage_index = index >= 0 && index < 1000 ? (int)index : 0;
	if (!store_ms_ok(inc->declared_ms)) {
		bad = "declared time out of range";
		inc->declared_ms = 0;
	}
	if (inc->closed && !store_ms_ok(inc->closed_ms)) {
		bad = "closed time out of range";
		inc->closed_ms = 0;
	}
	if (sev < 1 || sev > 4)
		bad = "severity out of range";
	if (index < 0 || index >= 1000)
		bad = "stage index out of range";
	if (!sqlite3_column_int(stmt, 9))
		bad = "unknown status";
	if (sqlite3_column_int64(stmt, 10) > STORE_NAME_PREFIX)
		bad = "title too long (cut)";
	inc->damaged = bad ? xstrdup(bad) : NULL;
	inc->uuid = store_column_dup(stmt, 11);
}

/* Run a one-row UPDATE of incident id; CALM_NOTFOUND when no row. */
static enum calm_rc incident_update(struct store *st, enum store_stmt id,
				    sqlite3_stmt *stmt, long long inc,
				    struct calm_err *err)
{
	enum calm_rc rc = store_exec_stmt(st, stmt, true, err);

	if (rc == CALM_OK && sqlite3_changes(st->db) == 0)
		rc = calm_err_set(err, CALM_NOTFOUND, "no incident %lld", inc);
	store_done(st, id, stmt);
	return rc;
}

enum calm_rc store_incident_create(struct store *st, const char *title,
				   int severity, long long ts_ms,
				   const char *author,
				   const struct playbook *pb, long long *id,
				   struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	long long inc = 0;
	int position = 0;

	rc = store_writable(st, err);
	if (rc == CALM_OK && (!pb || pb->nstages < 1))
		rc = calm_err_set(err, CALM_CONFIG, "cannot declare an incident: the playbook has no stages");
	if (rc == CALM_OK)
		rc = store_prep(st, SQ_INC_INSERT, sql_inc_insert, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	store_bind_text(stmt, 1, title);
	sqlite3_bind_int(stmt, 2, severity);
	store_bind_text(stmt, 3, pb->stages[0].id);
	sqlite3_bind_int64(stmt, 4, ts_ms);
	store_bind_text(stmt, 5, author);
	rc = store_exec_stmt(st, stmt, true, err);
	if (rc != CALM_OK)
		goto out;
	inc = sqlite3_last_insert_rowid(st->db);
	store_done(st, SQ_INC_INSERT, stmt);
	stmt = NULL;

	rc = store_prep(st, SQ_CHECK_INSERT, sql_check_insert, &stmt, err);
	for (size_t s = 0; rc == CALM_OK && s < pb->nstages; s++) {
		const struct stage *sg = &pb->stages[s];

		for (size_t i = 0; rc == CALM_OK && i < sg->nitems; i++) {
			sqlite3_reset(stmt);
			sqlite3_bind_int64(stmt, 1, inc);
			store_bind_text(stmt, 2, sg->items[i].id);
			store_bind_text(stmt, 3, sg->id);
			sqlite3_bind_int(stmt, 4, position++);
			store_bind_text(stmt, 5, sg->items[i].text);
			sqlite3_bind_int(stmt, 6, sg->items[i].required);
			rc = store_exec_stmt(st, stmt, true, err);
		}
	}
	store_done(st, SQ_CHECK_INSERT, stmt);
	stmt = NULL;
	if (rc == CALM_OK && id)
		*id = inc;
out:
	store_done(st, SQ_INC_INSERT, stmt);
	return rc;
}

enum calm_rc store_incident_get(struct store *st, long long id,
				struct incident *out, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src;

	memset(out, 0, sizeof *out);
	rc = store_prep(st, SQ_INC_GET, sql_inc_get, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		incident_from_row(stmt, out);
	else if (src == SQLITE_DONE)
		rc = calm_err_set(err, CALM_NOTFOUND, "no incident %lld", id);
	else
		rc = store_fail(st, src, false, err);
out:
	store_done(st, SQ_INC_GET, stmt);
	return rc;
}

/*
 * One page of incidents below *before, newest first, copied out so the
 * statement is reset before any callback runs.  *n is the count read.
 */
static enum calm_rc incident_page(struct store *st, unsigned filter,
				  long long before, struct incident *page,
				  size_t *n, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src = SQLITE_ROW;

	*n = 0;
	rc = store_prep(st, SQ_INC_PAGE, sql_inc_page, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, before);
	sqlite3_bind_int(stmt, 2, (filter & INCIDENT_ACTIVE) != 0);
	sqlite3_bind_int(stmt, 3, (filter & INCIDENT_CLOSED) != 0);
	sqlite3_bind_int(stmt, 4, INCIDENT_PAGE);
	while (*n < INCIDENT_PAGE && (src = sqlite3_step(stmt)) == SQLITE_ROW)
		incident_from_row(stmt, &page[(*n)++]);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		rc = store_fail(st, src, false, err);
out:
	store_done(st, SQ_INC_PAGE, stmt);
	return rc;
}

enum calm_rc store_incident_each(struct store *st, unsigned filter,
				 int (*cb)(const struct incident *, void *),
				 void *ctx, struct calm_err *err)
{
	struct incident *page = xcalloc(INCIDENT_PAGE, sizeof *page);
	long long before = LLONG_MAX;
	enum calm_rc rc = CALM_OK;
	bool stop = false;
	size_t n = 0, i;

	if (filter == 0)
		filter = INCIDENT_ACTIVE | INCIDENT_CLOSED;
	while (rc == CALM_OK && !stop) {
		rc = incident_page(st, filter, before, page, &n, err);
		for (i = 0; rc == CALM_OK && !stop && i < n; i++)
			stop = cb(&page[i], ctx) != 0;
		if (n > 0)
			before = page[n - 1].id;
		for (i = 0; i < n; i++)
			incident_release(&page[i]);
		if (n < INCIDENT_PAGE)
			break;
	}
	free(page);
	return rc;
}

enum calm_rc store_active_count(struct store *st, long long *count,
				long long *id, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src;

	rc = store_prep(st, SQ_ACTIVE_COUNT, sql_active_count, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	src = sqlite3_step(stmt);
	if (src != SQLITE_ROW) {
		rc = store_fail(st, src, false, err);
		goto out;
	}
	*count = sqlite3_column_int64(stmt, 0);
	if (*count > 0 && id)
		*id = sqlite3_column_int64(stmt, 1);
out:
	store_done(st, SQ_ACTIVE_COUNT, stmt);
	return rc;
}

enum calm_rc store_incident_count(struct store *st, unsigned filter,
				  long long *count, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src;

	if (filter == 0)
		filter = INCIDENT_ACTIVE | INCIDENT_CLOSED;
	rc = store_prep(st, SQ_INC_COUNT, sql_inc_count, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int(stmt, 1, (filter & INCIDENT_ACTIVE) != 0);
	sqlite3_bind_int(stmt, 2, (filter & INCIDENT_CLOSED) != 0);
	src = sqlite3_step(stmt);
	if (src != SQLITE_ROW) {
		rc = store_fail(st, src, false, err);
		goto out;
	}
	*count = sqlite3_column_int64(stmt, 0);
out:
	store_done(st, SQ_INC_COUNT, stmt);
	return rc;
}

enum calm_rc store_incident_set_stage(struct store *st, long long id,
				      const char *stage_id, int stage_index,
				      bool closed, long long ts_ms,
				      struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;

	rc = store_writable(st, err);
	if (rc == CALM_OK)
		rc = store_prep(st, SQ_SET_STAGE, sql_set_stage, &stmt, err);
	if (rc != CALM_OK)
		return rc;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, stage_id);
	sqlite3_bind_int(stmt, 3, stage_index);
	sqlite3_bind_int(stmt, 4, closed);
	sqlite3_bind_int64(stmt, 5, ts_ms);
	return incident_update(st, SQ_SET_STAGE, stmt, id, err);
}

enum calm_rc store_incident_set_title(struct store *st, long long id,
				      const char *title, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;

	rc = store_writable(st, err);
	if (rc == CALM_OK)
		rc = store_prep(st, SQ_SET_TITLE, sql_set_title, &stmt, err);
	if (rc != CALM_OK)
		return rc;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, title);
	return incident_update(st, SQ_SET_TITLE, stmt, id, err);
}

enum calm_rc store_incident_set_severity(struct store *st, long long id,
					 int severity, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;

	rc = store_writable(st, err);
	if (rc == CALM_OK)
		rc = store_prep(st, SQ_SET_SEVERITY, sql_set_severity, &stmt, err);
	if (rc != CALM_OK)
		return rc;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int(stmt, 2, severity);
	return incident_update(st, SQ_SET_SEVERITY, stmt, id, err);
}

/* ---- checklist ---- */

enum calm_rc store_checklist_each(struct store *st, long long incident,
				  const char *stage_id,
				  int (*cb)(const struct check_row *, void *),
				  void *ctx, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	struct check_row row;
	enum calm_rc rc;
	int src;

	rc = store_prep(st, SQ_CHECK_EACH, sql_check_each, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	store_bind_text(stmt, 2, stage_id);
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		row.id = (const char *)sqlite3_column_text(stmt, 0);
		row.stage_id = (const char *)sqlite3_column_text(stmt, 1);
		row.text = (const char *)sqlite3_column_text(stmt, 2);
		row.required = sqlite3_column_int(stmt, 3) != 0;
		row.checked = sqlite3_column_int(stmt, 4) != 0;
		if (cb(&row, ctx) != 0)
			goto out;
	}
	if (src != SQLITE_DONE)
		rc = store_fail(st, src, false, err);
out:
	store_done(st, SQ_CHECK_EACH, stmt);
	return rc;
}

enum calm_rc store_check_set(struct store *st, long long incident,
			     const char *item, bool checked, bool *changed,
			     struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	bool was = false;
	int src;

	rc = store_writable(st, err);
	if (rc == CALM_OK)
		rc = store_prep(st, SQ_CHECK_GET, sql_check_get, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	store_bind_text(stmt, 2, item);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		was = sqlite3_column_int(stmt, 0) != 0;
	else if (src == SQLITE_DONE)
		rc = calm_err_set(err, CALM_NOTFOUND,
				  "incident %lld has no checklist item '%s'", incident, item);
	else
		rc = store_fail(st, src, false, err);
	store_done(st, SQ_CHECK_GET, stmt);
	stmt = NULL;
	if (rc != CALM_OK)
		goto out;
	if (changed)
		*changed = was != checked;
	if (was == checked)
		goto out;
	rc = store_prep(st, SQ_CHECK_UPDATE, sql_check_update, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	store_bind_text(stmt, 2, item);
	sqlite3_bind_int(stmt, 3, checked);
	rc = store_exec_stmt(st, stmt, true, err);
	store_done(st, SQ_CHECK_UPDATE, stmt);
	stmt = NULL;
out:
	return rc;
}
