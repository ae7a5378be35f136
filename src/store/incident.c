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
	" status IN ('active', 'closed'), length(CAST(title AS BLOB)), substr(coalesce(uuid, ''), 1, 64)," \
	" copy_of IS NOT NULL"

static const char sql_inc_insert[] =
	"INSERT INTO incidents (title, severity, status, stage_id, stage_index,"
	" declared_ms, declared_by, uuid) VALUES (?1, ?2, 'active', ?3, 0, ?4, ?5, "
	STORE_UUID_SQL ") RETURNING id";
static const char sql_check_insert[] =
	"INSERT INTO checklist (incident_id, item_id, stage_id, position, text,"
	" required, checked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)";
static const char sql_inc_get[] =
	"SELECT " INCIDENT_COLS " FROM incidents WHERE id = ?1";
/* Pages of incidents: of one status on the (status, id) index, of both
 * on the table's own order (+status: not the index, which would read
 * every row to sort them); older (id < ?1, newest first) or newer (id >
 * ?1, oldest first); ?4 the severity bits wanted (0: any), ?5 a text
 * the title holds (NULL: any; ASCII letters in either case). */
#define PAGE_WHERE \
	" AND (?4 = 0 OR (?4 >> (severity + 2)) & 1)" \
	" AND (?5 IS NULL OR instr(lower(title), lower(?5)) > 0)"
static const char sql_inc_page_older[] =
	"SELECT " INCIDENT_COLS " FROM incidents"
	" WHERE status = ?2 AND id < ?1" PAGE_WHERE " ORDER BY id DESC LIMIT ?3";
static const char sql_inc_page_newer[] =
	"SELECT " INCIDENT_COLS " FROM incidents"
	" WHERE status = ?2 AND id > ?1" PAGE_WHERE " ORDER BY id LIMIT ?3";
static const char sql_inc_all_older[] =
	"SELECT " INCIDENT_COLS " FROM incidents"
	" WHERE id < ?1 AND ?2 IS NOT NULL" PAGE_WHERE " ORDER BY id DESC LIMIT ?3";
static const char sql_inc_all_newer[] =
	"SELECT " INCIDENT_COLS " FROM incidents"
	" WHERE id > ?1 AND ?2 IS NOT NULL" PAGE_WHERE " ORDER BY id LIMIT ?3";
static const char sql_title_count[] =
	"SELECT count(*) FROM incidents WHERE ((?1 AND status = 'active') OR"
	" (?2 AND status = 'closed'))" PAGE_WHERE;
static const char sql_active_count[] =
	"SELECT (SELECT coalesce(sum(n), 0) FROM tally WHERE status = 'active'),"
	" (SELECT coalesce(max(id), 0) FROM incidents WHERE status = 'active')";
static const char sql_inc_count[] =
	"SELECT coalesce(sum(n), 0) FROM tally"
	" WHERE ((?1 AND status = 'active') OR (?2 AND status = 'closed'))"
	" AND (?4 = 0 OR (?4 >> (severity + 2)) & 1) AND ?5 IS NULL";
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

/* A row of INCIDENT_COLS as read, before its values are checked. */
struct incident_raw {
	struct incident inc;       /* the strings are copies it owns */
	long long severity, stage_index;
	bool status_ok;            /* a status calm writes */
	long long title_len;       /* the whole title's bytes */
};

static const struct store_col incident_cols[] = {
	COL(struct incident_raw, COL_INT64, inc.id),
	COL(struct incident_raw, COL_DUP, inc.title),
	COL(struct incident_raw, COL_INT64, severity),
	COL(struct incident_raw, COL_BOOL, inc.closed),
	COL(struct incident_raw, COL_DUP, inc.stage_id),
	COL(struct incident_raw, COL_INT64, stage_index),
	COL(struct incident_raw, COL_INT64, inc.declared_ms),
	COL(struct incident_raw, COL_INT64, inc.closed_ms),
	COL(struct incident_raw, COL_DUP, inc.declared_by),
	COL(struct incident_raw, COL_BOOL, status_ok),
	COL(struct incident_raw, COL_INT64, title_len),
	COL(struct incident_raw, COL_DUP, inc.uuid),
	COL(struct incident_raw, COL_BOOL, inc.copy),
	COL_LAST,
};

static const struct store_col check_cols[] = {
	COL(struct check_row, COL_TEXT, id),
	COL(struct check_row, COL_TEXT, stage_id),
	COL(struct check_row, COL_TEXT, text),
	COL(struct check_row, COL_BOOL, required),
	COL(struct check_row, COL_BOOL, checked),
	COL_LAST,
};

static char *empty_if_null(char *s)
{
	return s ? s : xstrdup("");
}

/* The next incident row into *inc, every value checked (store.h). */
static bool incident_next(struct store_q *q, struct incident *inc)
{
	struct incident_raw r;
	const char *bad = NULL;

	if (!store_q_row(q, incident_cols, &r))
		return false;
	*inc = r.inc;
	inc->title = empty_if_null(inc->title);
	inc->stage_id = empty_if_null(inc->stage_id);
	inc->declared_by = empty_if_null(inc->declared_by);
	inc->uuid = empty_if_null(inc->uuid);
	inc->severity = r.severity >= 1 && r.severity <= 4 ? (int)r.severity : 3;
	inc->stage_index = r.stage_index >= 0 && r.stage_index < 1000 ? (int)r.stage_index : 0;
	if (!store_ms_ok(inc->declared_ms)) {
		bad = "declared time out of range";
		inc->declared_ms = 0;
	}
	if (inc->closed && !store_ms_ok(inc->closed_ms)) {
		bad = "closed time out of range";
		inc->closed_ms = 0;
	}
	if (r.severity < 1 || r.severity > 4)
		bad = "severity out of range";
	if (r.stage_index < 0 || r.stage_index >= 1000)
		bad = "stage index out of range";
	if (!r.status_ok)
		bad = "unknown status";
	if (r.title_len > STORE_NAME_PREFIX)
		bad = "title too long (cut)";
	inc->damaged = bad ? xstrdup(bad) : NULL;
	return true;
}

/* Run a one-row UPDATE of incident id; CALM_NOTFOUND when no row. */
static enum calm_rc incident_update(struct store *st, enum store_stmt id,
				    const char *sql, const struct store_arg *args,
				    long long inc, struct calm_err *err)
{
	enum calm_rc rc = store_write(st, id, sql, args, NULL, err);

	if (rc == CALM_OK && store_changes(st) == 0)
		rc = calm_err_set(err, CALM_NOTFOUND, "no incident %lld", inc);
	return rc;
}

enum calm_rc store_incident_create(struct store *st, const char *title,
				   int severity, long long ts_ms,
				   const char *author,
				   const struct playbook *pb, long long *id,
				   struct calm_err *err)
{
	enum calm_rc rc;
	long long inc = 0;
	int position = 0;

	rc = store_writable(st, err);
	if (rc == CALM_OK && (!pb || pb->nstages < 1))
		rc = calm_err_set(err, CALM_CONFIG, "cannot declare an incident: the playbook has no stages");
	if (rc == CALM_OK)
		rc = store_write(st, SQ_INC_INSERT, sql_inc_insert,
				 ARGS(A_TEXT(title), A_INT(severity), A_TEXT(pb->stages[0].id),
				      A_INT(ts_ms), A_TEXT(author)),
				 &inc, err);
	if (rc != CALM_OK)
		return rc;
	for (size_t s = 0; rc == CALM_OK && s < pb->nstages; s++) {
		const struct stage *sg = &pb->stages[s];

		for (size_t i = 0; rc == CALM_OK && i < sg->nitems; i++)
			rc = store_write(st, SQ_CHECK_INSERT, sql_check_insert,
					 ARGS(A_INT(inc), A_TEXT(sg->items[i].id), A_TEXT(sg->id),
					      A_INT(position++), A_TEXT(sg->items[i].text),
					      A_INT(sg->items[i].required)),
					 NULL, err);
	}
	if (rc == CALM_OK && id)
		*id = inc;
	return rc;
}

enum calm_rc store_incident_get(struct store *st, long long id,
				struct incident *out, struct calm_err *err)
{
	struct store_q q;
	enum calm_rc rc;
	bool found;

	memset(out, 0, sizeof *out);
	store_q_open(&q, st, SQ_INC_GET, sql_inc_get, ARGS(A_INT(id)), err);
	found = incident_next(&q, out);
	rc = store_q_close(&q);
	if (rc == CALM_OK && !found)
		rc = calm_err_set(err, CALM_NOTFOUND, "no incident %lld", id);
	return rc;
}

/*
 * One page of incidents of one status (or both when status is NULL)
 * from *from, older or newer, copied out so the statement is reset
 * before any callback runs.  *n is the count read.
 */
/* At most want (<= INCIDENT_PAGE) incidents after from into page. */
static enum calm_rc incident_page(struct store *st, const char *status, unsigned filter,
				  const char *title, long long from, bool newer, size_t want,
				  struct incident *page, size_t *n, struct calm_err *err)
{
	static const char *const sql[2][2] = {
		{ sql_inc_page_older, sql_inc_page_newer },
		{ sql_inc_all_older, sql_inc_all_newer },
	};
	static const enum store_stmt sq[2][2] = {
		{ SQ_INC_PAGE, SQ_INC_PAGE_NEWER },
		{ SQ_INC_ALL_OLDER, SQ_INC_ALL_NEWER },
	};
	struct store_q q;

	*n = 0;
	store_q_open(&q, st, sq[!status][newer], sql[!status][newer],
		     ARGS(A_INT(from), A_TEXT(status ? status : "any"), A_INT((long long)want),
			  A_INT(filter & INCIDENT_SEV_ALL), A_TEXT(title)),
		     err);
	while (*n < want && incident_next(&q, &page[*n]))
		(*n)++;
	return store_q_close(&q);
}

enum calm_rc store_incident_walk(struct store *st, unsigned filter, const char *title,
				 long long from, bool newer, size_t limit,
				 int (*cb)(const struct incident *, void *), void *ctx,
				 long long *last, struct calm_err *err)
{
	struct incident *page = xcalloc(INCIDENT_PAGE, sizeof *page);
	const char *status = NULL;
	enum calm_rc rc = CALM_OK;
	bool stop = false;
	size_t n = 0, i, passed = 0;

	if (last)
		*last = 0;
	if ((filter & (INCIDENT_ACTIVE | INCIDENT_CLOSED)) == INCIDENT_ACTIVE)
		status = "active";
	else if ((filter & (INCIDENT_ACTIVE | INCIDENT_CLOSED)) == INCIDENT_CLOSED)
		status = "closed";
	if (from <= 0)
		from = newer ? 0 : LLONG_MAX;
	while (rc == CALM_OK && !stop) {
		/* no more rows read than the caller takes (a screenful) */
		size_t want = limit && limit - passed < INCIDENT_PAGE ? limit - passed
								      : INCIDENT_PAGE;

		rc = incident_page(st, status, filter, title, from, newer, want, page, &n, err);
		for (i = 0; rc == CALM_OK && !stop && i < n; i++) {
			stop = cb(&page[i], ctx) != 0 || (limit && ++passed >= limit);
			if (last)
				*last = page[i].id;
		}
		if (n > 0)
			from = page[n - 1].id;
		for (i = 0; i < n; i++)
			incident_release(&page[i]);
		if (n < want)
			break;
	}
	free(page);
	return rc;
}

enum calm_rc store_incident_page(struct store *st, unsigned filter, long long before,
				 size_t limit,
				 int (*cb)(const struct incident *, void *), void *ctx,
				 long long *last, struct calm_err *err)
{
	return store_incident_walk(st, filter, NULL, before, false, limit, cb, ctx, last, err);
}

enum calm_rc store_incident_each(struct store *st, unsigned filter,
				 int (*cb)(const struct incident *, void *),
				 void *ctx, struct calm_err *err)
{
	return store_incident_page(st, filter, 0, 0, cb, ctx, NULL, err);
}

enum calm_rc store_active_count(struct store *st, long long *count,
				long long *id, struct calm_err *err)
{
	static const struct store_col cols[] = {
		COL_AT(COL_INT64, 0), COL_AT(COL_INT64, sizeof(long long)), COL_LAST,
	};
	long long v[2] = { 0, 0 };
	struct store_q q;
	enum calm_rc rc;

	store_q_open(&q, st, SQ_ACTIVE_COUNT, sql_active_count, NULL, err);
	store_q_row(&q, cols, v);
	rc = store_q_close(&q);
	if (rc != CALM_OK)
		return rc;
	*count = v[0];
	if (*count > 0 && id)
		*id = v[1];
	return rc;
}

enum calm_rc store_incident_count(struct store *st, unsigned filter,
				  long long *count, struct calm_err *err)
{
	return store_incident_count_title(st, filter, NULL, count, err);
}

enum calm_rc store_incident_count_title(struct store *st, unsigned filter, const char *title,
					long long *count, struct calm_err *err)
{
	static const struct store_col cols[] = { COL_AT(COL_INT64, 0), COL_LAST };
	struct store_q q;

	if (!(filter & (INCIDENT_ACTIVE | INCIDENT_CLOSED)))
		filter |= INCIDENT_ACTIVE | INCIDENT_CLOSED;
	*count = 0;
	/* the counts kept per status and severity; a title needs the rows */
	store_q_open(&q, st, title ? SQ_TITLE_COUNT : SQ_INC_COUNT,
		     title ? sql_title_count : sql_inc_count,
		     ARGS(A_INT((filter & INCIDENT_ACTIVE) != 0),
			  A_INT((filter & INCIDENT_CLOSED) != 0), A_INT(0),
			  A_INT(filter & INCIDENT_SEV_ALL), A_TEXT(title)), err);
	store_q_row(&q, cols, count);
	return store_q_close(&q);
}

enum calm_rc store_incident_set_stage(struct store *st, long long id,
				      const char *stage_id, int stage_index,
				      bool closed, long long ts_ms,
				      struct calm_err *err)
{
	return incident_update(st, SQ_SET_STAGE, sql_set_stage,
			       ARGS(A_INT(id), A_TEXT(stage_id), A_INT(stage_index),
				    A_INT(closed), A_INT(ts_ms)),
			       id, err);
}

enum calm_rc store_incident_set_title(struct store *st, long long id,
				      const char *title, struct calm_err *err)
{
	return incident_update(st, SQ_SET_TITLE, sql_set_title,
			       ARGS(A_INT(id), A_TEXT(title)), id, err);
}

enum calm_rc store_incident_set_severity(struct store *st, long long id,
					 int severity, struct calm_err *err)
{
	return incident_update(st, SQ_SET_SEVERITY, sql_set_severity,
			       ARGS(A_INT(id), A_INT(severity)), id, err);
}

/* ---- checklist ---- */

enum calm_rc store_checklist_each(struct store *st, long long incident,
				  const char *stage_id,
				  int (*cb)(const struct check_row *, void *),
				  void *ctx, struct calm_err *err)
{
	struct check_row row;
	struct store_q q;

	store_q_open(&q, st, SQ_CHECK_EACH, sql_check_each,
		     ARGS(A_INT(incident), A_TEXT(stage_id)), err);
	while (store_q_row(&q, check_cols, &row) && cb(&row, ctx) == 0)
		;
	return store_q_close(&q);
}

enum calm_rc store_check_set(struct store *st, long long incident,
			     const char *item, bool checked, bool *changed,
			     struct calm_err *err)
{
	static const struct store_col was_col[] = { COL_AT(COL_BOOL, 0), COL_LAST };
	struct store_q q;
	enum calm_rc rc;
	bool was = false, found;

	rc = store_writable(st, err);
	if (rc != CALM_OK)
		return rc;
	store_q_open(&q, st, SQ_CHECK_GET, sql_check_get, ARGS(A_INT(incident), A_TEXT(item)),
		     err);
	found = store_q_row(&q, was_col, &was);
	rc = store_q_close(&q);
	if (rc == CALM_OK && !found)
		rc = calm_err_set(err, CALM_NOTFOUND,
				  "incident %lld has no checklist item '%s'", incident, item);
	if (rc != CALM_OK)
		return rc;
	if (changed)
		*changed = was != checked;
	if (was == checked)
		return CALM_OK;
	return store_write(st, SQ_CHECK_UPDATE, sql_check_update,
			   ARGS(A_INT(incident), A_TEXT(item), A_INT(checked)), NULL, err);
}
