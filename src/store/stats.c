/*
 * stats.c - numbers across incidents (calm stats): counts by severity
 * and status, overdue action items (computed in SQL), and each
 * incident's milestones for the durations (src/app applies the rule of
 * milestone.h and takes the medians).
 */
#include "calm/store.h"

#include <string.h>

#include "store-int.h"

static const char sql_stats_sev[] =
	"SELECT severity, status = 'closed', count(*) FROM incidents"
	" GROUP BY severity, status";
#define FIELD_OF(name) \
	"(SELECT value FROM fields WHERE incident_id = i.id AND name = '" name "')"
static const char sql_milestones[] =
	"SELECT i.id, i.declared_ms, coalesce(i.closed_ms, 0), " FIELD_OF("detected-at") ","
	" " FIELD_OF("impact-start") ", " FIELD_OF("mitigated-at") ", "
	FIELD_OF("resolved-at") " FROM incidents i ORDER BY i.id";
static const char sql_stats_overdue[] =
	"SELECT count(*) FROM actions WHERE status = 'open'"
	" AND due IS NOT NULL AND due < ?1";
static const char sql_overdue_each[] =
	"SELECT incident_id, n, title, owner, due FROM"
	" (SELECT incident_id, row_number() OVER (PARTITION BY incident_id ORDER BY id) AS n,"
	"  title, owner, due, status FROM actions)"
	" WHERE status = 'open' AND due IS NOT NULL AND due < ?1"
	" ORDER BY due, incident_id, n";

enum calm_rc store_stats(struct store *st, const char *today,
			 struct incident_stats *out, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src;

	memset(out, 0, sizeof *out);
	rc = store_prep(st, SQ_STATS_SEV, sql_stats_sev, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		int sev = sqlite3_column_int(stmt, 0);
		long long n = sqlite3_column_int64(stmt, 2);
		if (sev >= 1 && sev <= 4)
			out->by_severity[sev] += n;
		if (sqlite3_column_int(stmt, 1))
			out->closed += n;
		else
			out->active += n;
	}
	if (src != SQLITE_DONE) {
		rc = store_fail(st, src, false, err);
		goto out;
	}
	store_done(st, SQ_STATS_SEV, stmt);
	stmt = NULL;

	rc = store_prep(st, SQ_STATS_OVERDUE, sql_stats_overdue, &stmt, err);
	if (rc != CALM_OK)
		goto out2;
	store_bind_text(stmt, 1, today);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		out->overdue_actions = sqlite3_column_int64(stmt, 0);
	else
		rc = store_fail(st, src, false, err);
	store_done(st, SQ_STATS_OVERDUE, stmt);
	return rc;
out:
	store_done(st, SQ_STATS_SEV, stmt);
out2:
	return rc;
}

enum calm_rc store_overdue_each(struct store *st, const char *today,
				int (*cb)(const struct overdue_row *, void *),
				void *ctx, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	struct overdue_row row;
	enum calm_rc rc;
	int src;

	rc = store_prep(st, SQ_OVERDUE_EACH, sql_overdue_each, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	store_bind_text(stmt, 1, today);
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		row.incident = sqlite3_column_int64(stmt, 0);
		row.n = sqlite3_column_int64(stmt, 1);
		row.title = (const char *)sqlite3_column_text(stmt, 2);
		row.owner = (const char *)sqlite3_column_text(stmt, 3);
		row.due = (const char *)sqlite3_column_text(stmt, 4);
		if (cb(&row, ctx) != 0)
			goto out;
	}
	if (src != SQLITE_DONE)
		rc = store_fail(st, src, false, err);
out:
	store_done(st, SQ_OVERDUE_EACH, stmt);
	return rc;
}

enum calm_rc store_milestones_each(struct store *st,
				   int (*cb)(const struct store_milestones *, void *),
				   void *ctx, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src;

	rc = store_prep(st, SQ_MILESTONES, sql_milestones, &stmt, err);
	if (rc != CALM_OK)
		return rc;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct store_milestones m = {
			.incident = sqlite3_column_int64(stmt, 0),
			.declared_ms = sqlite3_column_int64(stmt, 1),
			.closed_ms = sqlite3_column_int64(stmt, 2),
			.detected = (const char *)sqlite3_column_text(stmt, 3),
			.started = (const char *)sqlite3_column_text(stmt, 4),
			.mitigated = (const char *)sqlite3_column_text(stmt, 5),
			.resolved = (const char *)sqlite3_column_text(stmt, 6),
		};
		if (cb(&m, ctx) != 0)
			break;
	}
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		rc = store_fail(st, src, false, err);
	store_done(st, SQ_MILESTONES, stmt);
	return rc;
}
