/*
 * stats.c - numbers across incidents (calm stats): counts by severity
 * and status, overdue action items (computed in SQL), and each
 * incident's milestones for the durations (src/app applies the rule of
 * milestone.h and takes the medians).
 */
#include "calm/store.h"
#include "calm/store-replay.h"

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
/* The overdue rule of action_overdue() (model.h), said in SQL. */
static const char sql_stats_overdue[] =
	"SELECT count(*) FROM actions WHERE status = 'open'"
	" AND due IS NOT NULL AND due < ?1";
static const char sql_overdue_each[] =
	"SELECT incident_id, n, title, owner, due FROM"
	" (SELECT incident_id, row_number() OVER (PARTITION BY incident_id ORDER BY id) AS n,"
	"  title, owner, due, status FROM actions)"
	" WHERE status = 'open' AND due IS NOT NULL AND due < ?1"
	" ORDER BY due, incident_id, n";

/* A row of sql_stats_sev. */
struct sev_row {
	int severity;
	bool closed;
	long long n;
};

static const struct store_col sev_cols[] = {
	COL(struct sev_row, COL_INT, severity),
	COL(struct sev_row, COL_BOOL, closed),
	COL(struct sev_row, COL_INT64, n),
	COL_LAST,
};

static const struct store_col overdue_cols[] = {
	COL(struct overdue_row, COL_INT64, incident),
	COL(struct overdue_row, COL_INT64, n),
	COL(struct overdue_row, COL_TEXT, title),
	COL(struct overdue_row, COL_TEXT, owner),
	COL(struct overdue_row, COL_TEXT, due),
	COL_LAST,
};

static const struct store_col milestone_cols[] = {
	COL(struct store_milestones, COL_INT64, incident),
	COL(struct store_milestones, COL_INT64, declared_ms),
	COL(struct store_milestones, COL_INT64, closed_ms),
	COL(struct store_milestones, COL_TEXT, detected),
	COL(struct store_milestones, COL_TEXT, started),
	COL(struct store_milestones, COL_TEXT, mitigated),
	COL(struct store_milestones, COL_TEXT, resolved),
	COL_LAST,
};

enum calm_rc store_stats(struct store *st, const char *today,
			 struct incident_stats *out, struct calm_err *err)
{
	static const struct store_col count[] = { COL_AT(COL_INT64, 0), COL_LAST };
	struct sev_row r;
	struct store_q q;
	enum calm_rc rc;

	memset(out, 0, sizeof *out);
	store_q_open(&q, st, SQ_STATS_SEV, sql_stats_sev, NULL, err);
	while (store_q_row(&q, sev_cols, &r)) {
		if (r.severity >= 1 && r.severity <= 4)
			out->by_severity[r.severity] += r.n;
		if (r.closed)
			out->closed += r.n;
		else
			out->active += r.n;
	}
	rc = store_q_close(&q);
	if (rc != CALM_OK)
		return rc;
	store_q_open(&q, st, SQ_STATS_OVERDUE, sql_stats_overdue, ARGS(A_TEXT(today)), err);
	store_q_row(&q, count, &out->overdue_actions);
	return store_q_close(&q);
}

enum calm_rc store_overdue_each(struct store *st, const char *today,
				int (*cb)(const struct overdue_row *, void *),
				void *ctx, struct calm_err *err)
{
	struct overdue_row row;
	struct store_q q;

	store_q_open(&q, st, SQ_OVERDUE_EACH, sql_overdue_each, ARGS(A_TEXT(today)), err);
	while (store_q_row(&q, overdue_cols, &row) && cb(&row, ctx) == 0)
		;
	return store_q_close(&q);
}

enum calm_rc store_milestones_each(struct store *st,
				   int (*cb)(const struct store_milestones *, void *),
				   void *ctx, struct calm_err *err)
{
	struct store_milestones m;
	struct store_q q;

	store_q_open(&q, st, SQ_MILESTONES, sql_milestones, NULL, err);
	while (store_q_row(&q, milestone_cols, &m) && cb(&m, ctx) == 0)
		;
	return store_q_close(&q);
}
