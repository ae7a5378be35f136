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
	static const struct store_col col[] = { COL_AT(COL_BOOL, 0), COL_LAST };
	struct store_q q;

	*begun = false;
	store_q_open(&q, st, SQ_STAGE_BEGUN, sql_stage_begun,
		     ARGS(A_INT(incident), A_TEXT(stage_id)), err);
	store_q_row(&q, col, begun);
	return store_q_close(&q);
}
