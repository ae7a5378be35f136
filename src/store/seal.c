/*
 * seal.c - the database's identity and the seals of incidents' chains.
 *
 * meta.id is a random 128-bit hex id made by migration 4: files kept
 * outside the database (drafts, recovered text) carry it in their names.
 *
 * A seal is a signed checkpoint: the chain head of an incident (its
 * newest event, the number of events, that event's hash) signed with an
 * SSH key (src/app/seal.c runs ssh-keygen).  The store keeps the row;
 * store_verify() recomputes the chain and checks each seal's head
 * against the hash it computed at that event, so a chain rewritten after
 * sealing fails even when every hash in it was recomputed.
 */
#include "calm/store.h"

#include <string.h>

#include "calm/buf.h"
#include "store-int.h"

static const char sql_meta_id[] = "SELECT value FROM meta WHERE key = 'id'";
static const char sql_head[] =
	"SELECT i.last_event, i.events,"
	" (SELECT hash FROM events e WHERE e.id = i.last_event)"
	" FROM incidents i WHERE i.id = ?1";
static const char sql_last_event[] =
	"SELECT coalesce(last_event, 0) FROM incidents WHERE id = ?1";
static const char sql_chain_at[] =
	"SELECT e.id, (SELECT count(*) FROM events x WHERE x.incident_id = ?1 AND x.id <= e.id),"
	" e.hash FROM events e WHERE e.incident_id = ?1 AND e.id = ?2";
static const char sql_seal_insert[] =
	"INSERT INTO seals (incident_id, event_id, events, head, signed_ms, author, key, signature)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char sql_seal_each[] =
	"SELECT id, incident_id, event_id, events, head, signed_ms, author, key, signature,"
	" signed_db, coalesce(signed_incident, 0), coalesce(signed_event, 0)"
	" FROM seals WHERE incident_id = ?1 ORDER BY event_id, id";

enum calm_rc store_db_id(struct store *st, char id[DB_ID_LEN + 1],
			 struct calm_err *err)
{
	struct id_row {
		const char *text;
		size_t len;
	} r = { NULL, 0 };
	static const struct store_col cols[] = { COL_BYTES_OF(struct id_row, text, len), COL_LAST };
	struct store_q q;
	enum calm_rc rc = CALM_OK;
	bool found;

	store_q_open(&q, st, SQ_META_ID, sql_meta_id, NULL, err);
	found = store_q_row(&q, cols, &r);
	if (q.rc == CALM_OK && (!found || !r.text || r.len != DB_ID_LEN)) {
		rc = calm_err_set(err, CALM_DATA, "database '%s' has no id", st->path);
	} else if (q.rc == CALM_OK) {
		memcpy(id, r.text, DB_ID_LEN);
		id[DB_ID_LEN] = '\0';
		for (int i = 0; i < DB_ID_LEN; i++)
			if (!strchr("0123456789abcdef", id[i]))
				rc = calm_err_set(err, CALM_DATA, "database '%s' has a damaged id", st->path);
	}
	store_q_close(&q);
	return q.rc != CALM_OK ? q.rc : rc;
}

/* A chain head row (event, events, hash) of statement id into *out:
 * *found false when there is no row, *damaged when its hash is not one. */
static enum calm_rc read_head(struct store *st, enum store_stmt id, const char *sql,
			      const struct store_arg *args, struct chain_head *out,
			      bool *found, bool *damaged, struct calm_err *err)
{
	struct head_row {
		long long event, events;
		const char *hash;
		size_t hash_len;
	} r = { 0, 0, NULL, 0 };
	static const struct store_col cols[] = {
		COL(struct head_row, COL_INT64, event),
		COL(struct head_row, COL_INT64, events),
		COL_BYTES_OF(struct head_row, hash, hash_len),
		COL_LAST,
	};
	struct store_q q;

	memset(out, 0, sizeof *out);
	store_q_open(&q, st, id, sql, args, err);
	*found = store_q_row(&q, cols, &r);
	*damaged = *found && (!r.hash || r.hash_len != STORE_HASH_LEN);
	if (*found && !*damaged) {
		out->event = r.event;
		out->events = r.events;
		memcpy(out->head, r.hash, STORE_HASH_LEN);
	}
	return store_q_close(&q);
}

enum calm_rc store_chain_head(struct store *st, long long incident,
			      struct chain_head *out, struct calm_err *err)
{
	bool found, damaged;
	enum calm_rc rc = read_head(st, SQ_CHAIN_HEAD, sql_head, ARGS(A_INT(incident)), out,
				    &found, &damaged, err);

	if (rc == CALM_OK && !found)
		rc = calm_err_set(err, CALM_NOTFOUND, "no incident %lld", incident);
	else if (rc == CALM_OK && damaged)
		rc = calm_err_set(err, CALM_DATA, "incident %lld: the newest event has a damaged hash",
				  incident);
	return rc;
}

enum calm_rc store_last_event(struct store *st, long long incident, long long *event,
			      struct calm_err *err)
{
	static const struct store_col cols[] = { COL_AT(COL_INT64, 0), COL_LAST };
	struct store_q q;
	bool found;
	enum calm_rc rc;

	*event = 0;
	store_q_open(&q, st, SQ_LAST_EVENT, sql_last_event, ARGS(A_INT(incident)), err);
	found = store_q_row(&q, cols, event);
	rc = store_q_close(&q);
	if (rc == CALM_OK && !found)
		rc = calm_err_set(err, CALM_NOTFOUND, "no incident %lld", incident);
	return rc;
}

enum calm_rc store_chain_at(struct store *st, long long incident, long long event,
			    struct chain_head *out, struct calm_err *err)
{
	bool found, damaged;
	enum calm_rc rc = read_head(st, SQ_CHAIN_AT, sql_chain_at,
				    ARGS(A_INT(incident), A_INT(event)), out, &found, &damaged, err);

	if (rc == CALM_OK && !found)
		rc = calm_err_set(err, CALM_NOTFOUND, "incident %lld has no event %lld",
				  incident, event);
	else if (rc == CALM_OK && damaged)
		rc = calm_err_set(err, CALM_DATA, "incident %lld: event %lld has a damaged hash",
				  incident, event);
	return rc;
}

static const struct store_col seal_cols[] = {
	COL(struct seal, COL_INT64, id),
	COL(struct seal, COL_INT64, incident),
	COL(struct seal, COL_INT64, head.event),
	COL(struct seal, COL_INT64, head.events),
	COL(struct seal, COL_HASH, head.head),
	COL(struct seal, COL_INT64, signed_ms),
	COL(struct seal, COL_TEXT, author),
	COL(struct seal, COL_TEXT, key),
	COL(struct seal, COL_TEXT, signature),
	COL(struct seal, COL_TEXT, signed_db),
	COL(struct seal, COL_INT64, signed_incident),
	COL(struct seal, COL_INT64, signed_event),
	COL_LAST,
};

enum calm_rc store_seal_add(struct store *st, long long incident,
			    const struct seal *s, struct calm_err *err)
{
	enum calm_rc rc;

	rc = store_write(st, SQ_SEAL_INSERT, sql_seal_insert,
			 ARGS(A_INT(incident), A_INT(s->head.event), A_INT(s->head.events),
			      A_BLOB(s->head.head, STORE_HASH_LEN), A_INT(s->signed_ms),
			      A_TEXT(s->author), A_TEXT(s->key), A_TEXT(s->signature)),
			 NULL, err);
	return store_fk_notfound(st, rc, incident, err);
}

enum calm_rc store_seal_each(struct store *st, long long incident,
			     int (*cb)(const struct seal *, void *), void *ctx,
			     struct calm_err *err)
{
	struct seal s;
	struct store_q q;

	store_q_open(&q, st, SQ_SEAL_EACH, sql_seal_each, ARGS(A_INT(incident)), err);
	while (store_q_row(&q, seal_cols, &s) && cb(&s, ctx) == 0)
		;
	return store_q_close(&q);
}
