/*
 * count.c - rows the store reads, counted (store_count_rows, store.h):
 * SQLite's trace of each row a statement returns, so every read is
 * counted whichever function steps it.  Off unless a test asks.
 */
#include "store-int.h"

#include "calm/store-replay.h"

static int count_row(unsigned type, void *ctx, void *p, void *x)
{
	(void)type;
	(void)p;
	(void)x;
	++*(long long *)ctx;
	return 0;
}

enum calm_rc store_count_rows(struct store *st, long long *counter,
			      struct calm_err *err)
{
	if (st->eng != &lite_engine)
		return calm_err_set(err, CALM_USAGE, "rows are counted on SQLite only");
	if (sqlite3_trace_v2(st->db, counter ? SQLITE_TRACE_ROW : 0,
			     counter ? count_row : NULL, counter) != SQLITE_OK)
		return calm_err_set(err, CALM_USAGE, "cannot count rows: %s", sqlite3_errmsg(st->db));
	return CALM_OK;
}
