/*
 * field.c - an incident's named fields, and the counts its gates read.
 *
 * Fields are (incident, name) -> value text; names and values were
 * checked by the caller against field.h.  An empty value removes the
 * row, so "set" and "unset" are one call and an unset field is simply
 * absent.
 *
 * store_incident_counts() answers every gate question for one incident
 * in two statements; each subquery walks only that incident's rows
 * through an (incident_id, ...) index.
 */
#include "calm/store.h"

#include <string.h>

#include "calm/buf.h"
#include "store-int.h"

static const char sql_field_upsert[] =
	"INSERT INTO fields (incident_id, name, value) VALUES (?1, ?2, ?3)"
	" ON CONFLICT (incident_id, name) DO UPDATE SET value = excluded.value";
static const char sql_field_delete[] =
	"DELETE FROM fields WHERE incident_id = ?1 AND name = ?2";
static const char sql_field_get[] =
	"SELECT value FROM fields WHERE incident_id = ?1 AND name = ?2";
static const char sql_field_each[] =
	"SELECT name, value FROM fields WHERE incident_id = ?1 ORDER BY name";
/* The incident's row once (its kept counts), its other rows' counts
 * beside it; no row: no such incident. */
static const char sql_counts[] =
	"SELECT 1, i.events, i.notes,"
	" (SELECT count(*) FROM fixes WHERE incident_id = ?1"
	"   AND outcome IN ('worked', 'partial')),"
	" EXISTS (SELECT 1 FROM fixes WHERE incident_id = ?1 AND outcome = 'no-fix'),"
	" (SELECT count(*) FROM actions WHERE incident_id = ?1 AND status <> 'dropped'),"
	" EXISTS (SELECT 1 FROM exports WHERE incident_id = ?1),"
	" (SELECT count(*) FROM fixes WHERE incident_id = ?1"
	"   AND outcome IN ('failed', 'rolled-back'))"
	" FROM incidents i WHERE i.id = ?1";
static const char sql_comms_sent[] =
	"SELECT DISTINCT audience FROM comms"
	" WHERE incident_id = ?1 AND sent_ms IS NOT NULL";

/* A name and its value, as fields_each hands them out. */
struct field_row {
	const char *name, *value;
};

static const struct store_col field_cols[] = {
	COL(struct field_row, COL_TEXT, name),
	COL(struct field_row, COL_TEXT, value),
	COL_LAST,
};

/* The first statement of sql_counts: whether the incident is there
 * (no row: it is not), then the counts. */
struct counts_row {
	bool exists;
	struct incident_counts c;
};

static const struct store_col counts_cols[] = {
	COL(struct counts_row, COL_BOOL, exists),
	COL(struct counts_row, COL_INT64, c.events),
	COL(struct counts_row, COL_INT64, c.notes),
	COL(struct counts_row, COL_INT64, c.fixes_worked),
	COL(struct counts_row, COL_BOOL, c.no_fix),
	COL(struct counts_row, COL_INT64, c.actions),
	COL(struct counts_row, COL_BOOL, c.exported),
	COL(struct counts_row, COL_INT64, c.fixes_failed),
	COL_LAST,
};

enum calm_rc store_field_set(struct store *st, long long incident,
			     const char *name, const char *value,
			     struct calm_err *err)
{
	enum calm_rc rc;

	if (!value || !*value)
		rc = store_write(st, SQ_FIELD_DELETE, sql_field_delete,
				 ARGS(A_INT(incident), A_TEXT(name)), NULL, err);
	else
		rc = store_write(st, SQ_FIELD_UPSERT, sql_field_upsert,
				 ARGS(A_INT(incident), A_TEXT(name), A_TEXT(value)), NULL, err);
	/* the foreign key is the existence check */
	return store_fk_notfound(st, rc, incident, err);
}

enum calm_rc store_field_get(struct store *st, long long incident,
			     const char *name, char **value,
			     struct calm_err *err)
{
	static const struct store_col v[] = { COL_AT(COL_DUP, 0), COL_LAST };
	struct store_q q;

	*value = NULL;
	store_q_open(&q, st, SQ_FIELD_GET, sql_field_get, ARGS(A_INT(incident), A_TEXT(name)),
		     err);
	if (store_q_row(&q, v, value) && !*value)
		*value = xstrdup("");
	return store_q_close(&q);
}

enum calm_rc store_fields_each(struct store *st, long long incident,
			       int (*cb)(const char *, const char *, void *),
			       void *ctx, struct calm_err *err)
{
	struct field_row f;
	struct store_q q;

	store_q_open(&q, st, SQ_FIELD_EACH, sql_field_each, ARGS(A_INT(incident)), err);
	while (store_q_row(&q, field_cols, &f) && cb(f.name, f.value, ctx) == 0)
		;
	return store_q_close(&q);
}

enum calm_rc store_incident_counts(struct store *st, long long incident,
				   struct incident_counts *out,
				   struct calm_err *err)
{
	static const struct store_col aud[] = { COL_AT(COL_TEXT, 0), COL_LAST };
	struct counts_row r = { 0 };
	struct store_q q;
	const char *name;
	enum calm_rc rc;
	int a;

	memset(out, 0, sizeof *out);
	store_q_open(&q, st, SQ_COUNTS, sql_counts, ARGS(A_INT(incident)), err);
	store_q_row(&q, counts_cols, &r);
	rc = store_q_close(&q);
	if (rc != CALM_OK)
		return rc;
	if (!r.exists)
		return calm_err_set(err, CALM_NOTFOUND, "no incident %lld", incident);
	*out = r.c;
	/* which audiences have a sent update */
	store_q_open(&q, st, SQ_COMMS_SENT, sql_comms_sent, ARGS(A_INT(incident)), err);
	while (store_q_row(&q, aud, &name)) {
		a = audience_parse(name);
		if (a >= 0 && a < AUD_COUNT)
			out->comms_sent[a] = true;
	}
	return store_q_close(&q);
}
