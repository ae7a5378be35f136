/*
 * stage.c - questions about an incident's stage moves that the timeline
 * answers: was the current stage already begun?
 */
#include "calm/store.h"

#include "store-int.h"

/* The newest stage event (index events_kind): a "began" one for this
 * stage, i.e. its data has begun and names the stage. */
static const char sql_stage_begun[] =
	"SELECT json_extract(data, '$.begun') IS NOT NULL"
	" AND json_extract(data, '$.stage') = ?2"
	" FROM events WHERE incident_id = ?1 AND kind = 'stage'"
	" ORDER BY id DESC LIMIT 1";

enum calm_rc store_stage_begun(struct store *st, long long incident,
			       const char *stage_id, bool *begun,
			       struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src;

	*begun = false;
	rc = store_prep(st, SQ_STAGE_BEGUN, sql_stage_begun, &stmt, err);
	if (rc != CALM_OK)
		return rc;
	sqlite3_bind_int64(stmt, 1, incident);
	store_bind_text(stmt, 2, stage_id);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		*begun = sqlite3_column_int(stmt, 0) != 0;
	else if (src != SQLITE_DONE)
		rc = store_fail(st, src, false, err);
	store_done(st, SQ_STAGE_BEGUN, stmt);
	return rc;
}
