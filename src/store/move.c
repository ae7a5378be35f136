/*
 * move.c - copying an incident from one store to another: `calm push`
 * (to the team's server) and `calm pull` (a read-only copy to review).
 *
 * The copy is a new incident in the target (the target's next number)
 * with the same uuid, every event byte for byte in the order written
 * (so its hash chain is the same chain: version 2 hashes cover the uuid,
 * version 1 hashes the number kept in hash_id), and the rows derived
 * from the events (checklist, fields, drafts, fix attempts, action
 * items, exports, roles, offers) and the seals.  Nothing in a timeline
 * names a row by an id of one store since schema 8 (schema.c): fix
 * attempts and items are numbered by their order, kept here; drafts by
 * audience and revision; corrections by hash or by legacy_id, copied;
 * seals by the count of events, placed again at the same count.  Who is
 * looking (presence) stays behind.
 *
 * It is one transaction of the target, read from one snapshot of the
 * source, and it commits only when store_verify() finds the copy's chain
 * and seals intact there: a copy that would not verify is never seen.
 * An incident is never copied twice into one store: its uuid is unique,
 * and one already there is reported (CALM_DATA) with its number.
 */
#include "calm/store-move.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "move-sql.h"
#include "store-int.h"

#define MV_MAX 12         /* columns a copied row has at most */

static const char sql_by_uuid[] = MV_BY_UUID(MV_LITE);
static const char sql_copy_of[] = MV_COPY_OF(MV_LITE);
static const char sql_inc[] = MV_INC(MV_LITE);
static const char sql_inc_insert[] = MV_INC_INSERT(MV_LITE);
static const char sql_events[] = MV_EVENTS(MV_LITE);
static const char sql_events_insert[] = MV_EVENTS_INSERT(MV_LITE);
static const char sql_search_index[] =
	"INSERT INTO search (rowid, incident, kind, body)"
	" SELECT id, incident_id, kind, b FROM (SELECT e.id, e.incident_id, e.kind, "
	STORE_SEARCH_BODY("e.kind", "e.text", "e.data", "e.incident_id")
	" AS b FROM events e WHERE e.incident_id = ?1) WHERE b IS NOT NULL AND b <> ''";

/* One derived table: how its rows are read and written, their kinds. */
struct mv_table {
	enum store_stmt read, write;
	const char *read_sql, *write_sql, *kinds;
};

/* table N: its statements SQ_MV_N(_INSERT), texts MV_N(_INSERT), kinds */
#define MV_TABLE(N) \
	{ SQ_MV_##N, SQ_MV_##N##_INSERT, MV_##N(MV_LITE), MV_##N##_INSERT(MV_LITE), MV_##N##_KINDS }

static const struct mv_table tables[] = {
	MV_TABLE(CHECKLIST),
	MV_TABLE(FIELDS),
	MV_TABLE(COMMS), /* before the events: a draft event's search text is its comms row */
	MV_TABLE(FIXES),
	MV_TABLE(ACTIONS),
	MV_TABLE(EXPORTS),
	MV_TABLE(ROLES),
	MV_TABLE(OFFERS),
};

/* A row as read: column k is i[k] (set[k] whether it is not NULL) or
 * the bytes t[k] of len[k]; id, when the statement gives one first. */
struct mv_row {
	long long id;
	long long i[MV_MAX];
	bool set[MV_MAX];
	const char *t[MV_MAX];
	size_t len[MV_MAX];
};

/* The columns of a row of kinds (with the id first when with_id). */
static void mv_cols(const char *kinds, bool with_id, struct store_col *cols)
{
	size_t n = 0;

	if (with_id)
		cols[n++] = (struct store_col)COL(struct mv_row, COL_INT64, id);
	for (size_t k = 0; kinds[k]; k++) {
		size_t ioff = offsetof(struct mv_row, i) + k * sizeof(long long);

		if (kinds[k] == 'i')
			cols[n++] = (struct store_col){ COL_NOTNULL,
							offsetof(struct mv_row, set) + k * sizeof(bool), 0 };
		if (kinds[k] == 'i' || kinds[k] == 'I')
			cols[n++] = (struct store_col){ COL_INT64, ioff, 0 };
		else
			cols[n++] = (struct store_col){ COL_BYTES,
							offsetof(struct mv_row, t) + k * sizeof(char *),
							offsetof(struct mv_row, len) + k * sizeof(size_t) };
	}
	cols[n] = (struct store_col)COL_LAST;
}

/* The parameters that write r: ?1 the incident, then its columns. */
static void mv_args(const char *kinds, long long incident, const struct mv_row *r,
		    struct store_arg *args)
{
	size_t n = 0;

	args[n++] = (struct store_arg)A_INT(incident);
	for (size_t k = 0; kinds[k]; k++) {
		if (kinds[k] == 'I' || kinds[k] == 'i')
			args[n++] = (struct store_arg)A_INT_OR_NULL(r->i[k], kinds[k] == 'I' || r->set[k]);
		else if (kinds[k] == 'B')
			args[n++] = (struct store_arg)A_BLOB(r->t[k], r->len[k]);
		else
			args[n++] = (struct store_arg)A_TEXTN(r->t[k], r->len[k]);
	}
	args[n] = (struct store_arg){ .kind = ARG_END };
}

/* Copy the rows of one table, read with read_args. */
static enum calm_rc copy_table(struct store *src, const struct store_arg *read_args,
			       struct store *dst, long long to, const struct mv_table *t,
			       struct calm_err *err)
{
	struct store_col cols[2 * MV_MAX + 2];
	struct store_arg args[MV_MAX + 2];
	struct mv_row r;
	struct store_q q;
	enum calm_rc rc = CALM_OK;

	mv_cols(t->kinds, false, cols);
	store_q_open(&q, src, t->read, t->read_sql, read_args, err);
	while (rc == CALM_OK && store_q_row(&q, cols, &r)) {
		mv_args(t->kinds, to, &r, args);
		rc = store_write(dst, t->write, t->write_sql, args, NULL, err);
	}
	store_q_close(&q);
	return q.rc != CALM_OK ? q.rc : rc;
}

const char *store_mv_batch_sql(bool pg)
{
	static char text[2][32768];
	char *out = text[pg];
	size_t n;

	if (out[0])
		return out;
	n = (size_t)snprintf(out, sizeof text[pg], "%s", MV_EVENTS_BATCH_HEAD);
	for (int r = 0; r < MV_BATCH && n < sizeof text[pg]; r++) {
		n += (size_t)snprintf(out + n, sizeof text[pg] - n, "%s(%s1", r ? ", " : "", pg ? "$" : "?");
		for (int k = 0; k < MV_EVENTS_COLS && n < sizeof text[pg]; k++)
			n += (size_t)snprintf(out + n, sizeof text[pg] - n, ", %s%d", pg ? "$" : "?",
					      2 + r * MV_EVENTS_COLS + k);
		if (n < sizeof text[pg])
			n += (size_t)snprintf(out + n, sizeof text[pg] - n, ")");
	}
	if (n >= sizeof text[pg])
		abort(); /* the buffer is sized for MV_BATCH rows: a build error */
	return out;
}

static bool mv_is_bytes(size_t c)
{
	return MV_EVENTS_KINDS[c] == 'T' || MV_EVENTS_KINDS[c] == 'B';
}

/* A page of events read, kept until written: the row's bytes are the
 * source's only until its next row. */
struct mv_page {
	struct mv_row rows[MV_BATCH];
	size_t n;
};

static void page_keep(struct mv_page *p, const struct mv_row *r)
{
	struct mv_row *k = &p->rows[p->n++];

	*k = *r;
	for (size_t c = 0; c < MV_EVENTS_COLS; c++) {
		if (mv_is_bytes(c) && r->t[c]) {
			char *copy = xmalloc(r->len[c] + 1);

			memcpy(copy, r->t[c], r->len[c]);
			copy[r->len[c]] = '\0';
			k->t[c] = copy;
		}
	}
}

static void page_clear(struct mv_page *p)
{
	for (size_t i = 0; i < p->n; i++)
		for (size_t c = 0; c < MV_EVENTS_COLS; c++)
			if (mv_is_bytes(c))
				free((char *)p->rows[i].t[c]);
	p->n = 0;
}

/* Write a page: a full one in one statement, a last short one a row at
 * a time (one statement text per count of rows would be one more to
 * prepare for each count). */
static enum calm_rc page_write(struct store *dst, long long to, const struct mv_page *p,
			       struct calm_err *err)
{
	struct store_arg one[MV_MAX + 2], *args;
	enum calm_rc rc = CALM_OK;

	if (p->n < MV_BATCH) {
		for (size_t i = 0; rc == CALM_OK && i < p->n; i++) {
			mv_args(MV_EVENTS_KINDS, to, &p->rows[i], one);
			rc = store_write(dst, SQ_MV_EVENTS_INSERT, sql_events_insert, one, NULL, err);
		}
		return rc;
	}
	args = xcalloc(1 + MV_BATCH * MV_EVENTS_COLS + 1, sizeof *args);
	args[0] = (struct store_arg)A_INT(to);
	for (size_t i = 0; i < p->n; i++) {
		mv_args(MV_EVENTS_KINDS, to, &p->rows[i], one);
		memcpy(args + 1 + i * MV_EVENTS_COLS, one + 1, MV_EVENTS_COLS * sizeof *args);
	}
	args[1 + MV_BATCH * MV_EVENTS_COLS] = (struct store_arg){ .kind = ARG_END };
	rc = store_write(dst, SQ_MV_EVENTS_BATCH, store_mv_batch_sql(false), args, NULL, err);
	free(args);
	return rc;
}

/*
 * Copy the events a page at a time, each page written in one statement
 * (a round trip and, on PostgreSQL, one run of the statement trigger
 * that counts them), then index them all for search in one statement.
 */
static enum calm_rc copy_events(struct store *src, long long from, struct store *dst,
				long long to, struct calm_err *err)
{
	struct store_col cols[2 * MV_MAX + 2];
	struct mv_page *page = xcalloc(1, sizeof *page);
	long long after = 0;
	enum calm_rc rc = CALM_OK;
	struct mv_row r;
	struct store_q q;

	mv_cols(MV_EVENTS_KINDS, true, cols);
	do {
		page_clear(page);
		store_q_open(&q, src, SQ_MV_EVENTS, sql_events,
			     ARGS(A_INT(from), A_INT(after), A_INT(MV_BATCH)), err);
		while (store_q_row(&q, cols, &r)) {
			after = r.id;
			page_keep(page, &r);
		}
		rc = store_q_close(&q);
		if (rc == CALM_OK)
			rc = page_write(dst, to, page, err);
	} while (rc == CALM_OK && page->n == MV_BATCH);
	page_clear(page);
	free(page);
	/* PostgreSQL: the planner learns the events table holds many more
	 * rows (this transaction's count), or the search index, the verify
	 * pass and the next pull of a large copy read it in plans made for
	 * a small one (a page of a pull took 80 ms, not 1).  A role that
	 * does not own the table is skipped with a warning, not refused. */
	if (rc == CALM_OK && dst->eng == &pg_engine)
		rc = store_write(dst, SQ_MV_ANALYZE, NULL, NULL, NULL, err);
	if (rc == CALM_OK)
		rc = store_write(dst, SQ_MV_SEARCH_INDEX, sql_search_index, ARGS(A_INT(to)), NULL, err);
	return rc;
}

/* Copy the seals, each at the event of its count here. */
static enum calm_rc copy_seals(struct store *src, long long from, struct store *dst,
			       long long to, struct calm_err *err)
{
	static const struct mv_table seals = MV_TABLE(SEALS);
	char db_id[DB_ID_LEN + 1];
	enum calm_rc rc = store_db_id(src, db_id, err);

	if (rc != CALM_OK)
		return rc;
	return copy_table(src, ARGS(A_INT(from), A_TEXT(db_id)), dst, to, &seals, err);
}

enum calm_rc store_incident_find_uuid(struct store *st, const char *uuid, long long *id,
				      struct calm_err *err)
{
	static const struct store_col cols[] = { COL_AT(COL_INT64, 0), COL_LAST };
	struct store_q q;

	*id = 0;
	store_q_open(&q, st, SQ_MV_BY_UUID, sql_by_uuid, ARGS(A_TEXT(uuid)), err);
	store_q_row(&q, cols, id);
	return store_q_close(&q);
}

enum calm_rc store_incident_copy_of(struct store *st, long long id, char **copy_of,
				    struct calm_err *err)
{
	static const struct store_col cols[] = { COL_AT(COL_DUP, 0), COL_LAST };
	struct store_q q;

	*copy_of = NULL;
	store_q_open(&q, st, SQ_MV_COPY_OF, sql_copy_of, ARGS(A_INT(id)), err);
	store_q_row(&q, cols, copy_of);
	return store_q_close(&q);
}

/* The incident row: read from src, written to dst as *to (*there when
 * dst has it already: nothing written). */
static enum calm_rc copy_incident(struct store *src, long long from, struct store *dst,
				  const char *copy_of, long long *to, bool *there,
				  struct calm_err *err)
{
	static const char kinds[] = "TITTIIiTTI"; /* uuid is column 8 */
	struct store_col cols[2 * MV_MAX + 2];
	struct store_arg args[MV_MAX + 2];
	struct mv_row r;
	struct store_q q;
	char *uuid = NULL;
	enum calm_rc rc = CALM_OK;

	*there = false;
	mv_cols(kinds, false, cols);
	store_q_open(&q, src, SQ_MV_INC, sql_inc, ARGS(A_INT(from)), err);
	if (!store_q_row(&q, cols, &r)) {
		rc = q.rc != CALM_OK ? q.rc : calm_err_set(err, CALM_NOTFOUND, "no incident %lld", from);
		store_q_close(&q);
		return rc;
	}
	if (r.t[8] && r.len[8])
		uuid = xstrndup(r.t[8], r.len[8]);
	else
		rc = calm_err_set(err, CALM_DATA, "incident %lld has no uuid", from);
	if (rc == CALM_OK)
		rc = store_incident_find_uuid(dst, uuid, to, err);
	*there = rc == CALM_OK && *to != 0;
	if (rc == CALM_OK && !*there) { /* while the row is still read */
		/* the insert binds the columns from ?1, then copy_of */
		mv_args(kinds, 0, &r, args);
		memmove(args, args + 1, (sizeof kinds - 1) * sizeof *args);
		args[sizeof kinds - 1] = (struct store_arg)A_TEXT(copy_of);
		args[sizeof kinds] = (struct store_arg){ .kind = ARG_END };
		rc = store_write(dst, SQ_MV_INC_INSERT, sql_inc_insert, args, to, err);
	}
	store_q_close(&q);
	free(uuid);
	return q.rc != CALM_OK ? q.rc : rc;
}

/*
 * A SQLite target keeps the pages the copy writes in memory (up to 128
 * MiB, taken as used) until it commits: with the default cache of 2 MiB
 * a 100,000-event copy wrote each page out and read it back several
 * times inside its transaction.  Constant text, no values.
 */
static enum calm_rc roomy_cache(struct store *dst, struct calm_err *err)
{
	if (dst->eng != &lite_engine ||
	    sqlite3_exec(dst->db, "PRAGMA cache_size = -131072", NULL, NULL, NULL) == SQLITE_OK)
		return CALM_OK;
	return calm_err_set(err, CALM_IO, "%s: %s", dst->path, sqlite3_errmsg(dst->db));
}

enum calm_rc store_incident_copy(struct store *src, long long id, struct store *dst,
				 const char *copy_of, long long *new_id, struct calm_err *err)
{
	struct verify_result vr;
	struct calm_err why = { 0 };
	bool there = false;
	long long to = 0;
	enum calm_rc rc;

	*new_id = 0;
	rc = store_read_begin(src, err);
	if (rc != CALM_OK)
		return rc;
	rc = roomy_cache(dst, err);
	if (rc == CALM_OK)
		rc = store_begin(dst, err);
	if (rc == CALM_OK)
		rc = copy_incident(src, id, dst, copy_of, &to, &there, err);
	for (size_t t = 0; rc == CALM_OK && !there && t < sizeof tables / sizeof tables[0]; t++)
		rc = copy_table(src, ARGS(A_INT(id)), dst, to, &tables[t], err);
	if (rc == CALM_OK && !there)
		rc = copy_events(src, id, dst, to, err);
	if (rc == CALM_OK && !there)
		rc = copy_seals(src, id, dst, to, err);
	if (rc == CALM_OK && !there && store_verify(dst, to, &vr, &why) != CALM_OK)
		rc = calm_err_set(err, CALM_DATA, "the copy does not verify in '%s' (%s): nothing copied",
				  dst->path, why.msg);
	if (rc == CALM_OK && there) {
		store_rollback(dst);
		rc = calm_err_set(err, CALM_DATA,
				  "incident %lld is already in '%s' as incident %lld (the same uuid): not copied again",
				  id, dst->path, to);
	} else if (rc == CALM_OK) {
		rc = store_commit(dst, err);
	} else {
		store_rollback(dst);
	}
	store_read_end(src);
	if (rc == CALM_OK || there)
		*new_id = to;
	return rc;
}
