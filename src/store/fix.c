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

static const struct store_col fix_cols[] = {
	COL(struct fix_row, COL_INT64, n),
	COL(struct fix_row, COL_TEXT, what),
	COL(struct fix_row, COL_TEXT, why),
	COL(struct fix_row, COL_INT64, started_ms),
	COL(struct fix_row, COL_TEXT, author),
	COL(struct fix_row, COL_TEXT, outcome),
	COL(struct fix_row, COL_TEXT, note),
	COL(struct fix_row, COL_INT64, outcome_ms),
	COL_LAST,
};

/* Insert one attempt row; outcome/note NULL for a plain attempt. */
static enum calm_rc fix_insert(struct store *st, long long incident,
			       const char *what, const char *why,
			       const char *outcome, const char *note,
			       long long ts_ms, const char *author,
			       long long *n, struct calm_err *err)
{
	enum calm_rc rc;

	rc = store_write(st, SQ_FIX_INSERT, sql_fix_insert,
			 ARGS(A_INT(incident), A_TEXT(what), A_TEXT(why && *why ? why : NULL),
			      A_INT(ts_ms), A_TEXT(author), A_TEXT(outcome), A_TEXT(note)),
			 n, err);
	return store_fk_notfound(st, rc, incident, err);
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
	enum calm_rc rc;

	rc = store_write(st, SQ_FIX_OUTCOME, sql_fix_outcome,
			 ARGS(A_INT(incident), A_INT(n), A_TEXT(outcome),
			      A_TEXT(note && *note ? note : NULL), A_INT(ts_ms)),
			 NULL, err);
	if (rc == CALM_OK && store_changes(st) == 0)
		rc = calm_err_set(err, CALM_NOTFOUND,
				  "incident %lld has no fix attempt %lld", incident, n);
	return rc;
}

enum calm_rc store_fix_each(struct store *st, long long incident,
			    int (*cb)(const struct fix_row *, void *),
			    void *ctx, struct calm_err *err)
{
	struct store_q q;
	struct fix_row row;

	store_q_open(&q, st, SQ_FIX_EACH, sql_fix_each, ARGS(A_INT(incident)), err);
	while (store_q_row(&q, fix_cols, &row) && cb(&row, ctx) == 0)
		;
	return store_q_close(&q);
}
