/*
 * event.c - the timeline: append-only events chained by SHA-256.
 *
 * Each event's hash is SHA-256 over the previous event's hash of the
 * same incident in the order written (32 zero bytes for the first)
 * followed by an encoding of the event in which every part has a
 * fixed-size prefix.  Version 2, written since schema 5:
 *
 *   "calm-event-v2" | incident uuid | ts_ms | occurred | author | kind
 *                   | text | raw | data
 *
 * and version 1, which events written before keep (events.hash_v says
 * which):
 *
 *   "calm-event-v1" | incident number | ts_ms | author | kind | text | data
 *
 * where the number is the incident's id in the store it was written in
 * (incidents.hash_id keeps it when the incident has moved since).
 *
 * integers as 8-byte big-endian two's complement, strings as an 8-byte
 * big-endian length then the bytes, a NULL string (no raw, no data) as
 * the length 2^64-1 with no bytes, and occurred as 0 (not backfilled)
 * or 1 followed by the moment.  So two different events never encode
 * alike, and editing any stored byte, moving an event to another
 * incident, or removing one breaks the chain from that point.
 * Version 2 names the incident by its uuid, not its row id: the chain
 * of an incident moved to another store, under another id, still
 * verifies.  A version 1 event may have no occurred time and no raw
 * bytes (its hash would not cover them).  incidents.last_event names
 * the newest event, so removing the tail is noticed too; the trigger
 * events_count (schema 6) sets it, and the incident's counts, as each
 * event is inserted.
 *
 * There is no key: this detects edits made with a plain SQL tool, not
 * someone who recomputes the chain.
 *
 * SHA-256 comes from GNU Nettle (<nettle/sha2.h>): a plain context on
 * the stack, no library state, and its own x86-64 code (SHA-NI where the
 * CPU has it).  Every calm process pays for the libraries it links at
 * start, and `calm log` runs once per note: linked, libcrypto cost each
 * ~1 ms (about 21,000 relocations) for this one digest; Nettle ~0.1 ms.
 * libmd (<sha2.h>) starts as fast but hashes a 100 MiB note 7x slower.
 */
#include "calm/store.h"

#include <limits.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/text.h"
#include "store-int.h"

#define HASH_LEN STORE_HASH_LEN

static const char hash_tag_v1[] = "calm-event-v1";
static const char hash_tag_v2[] = "calm-event-v2";

static const char sql_ev_prev[] =
	"SELECT (SELECT hash FROM events WHERE incident_id = ?1"
	" ORDER BY id DESC LIMIT 1), coalesce(uuid, '') FROM incidents WHERE id = ?1";
static const char sql_ev_data_add[] =
	"SELECT json_patch(coalesce(?1, '{}'), json_object(?2, ?3))";
static const char sql_ev_insert[] =
	"INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash,"
	" occurred_ms, raw, hash_v, uid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 2, ?10)"
	" RETURNING id";
static const char sql_verify_next_inc[] =
	"SELECT id, coalesce(last_event, 0), coalesce(uuid, ''), coalesce(hash_id, id) FROM incidents"
	" WHERE id > ?1 AND (?2 = 0 OR id = ?2) ORDER BY id LIMIT 1";
/* a page of an incident's events in the order written, after event ?2 */
static const char sql_verify_events[] =
	"SELECT id, ts_ms, author, kind, text, data, hash, hash_v,"
	" occurred_ms, occurred_ms, raw FROM events WHERE incident_id = ?1 AND id > ?2"
	" ORDER BY id LIMIT ?3";

/* Events verify reads at a time (each whole: the hash needs every byte). */
#define VERIFY_PAGE 256
static const char sql_checklist_digest[] =
	"SELECT item_id, stage_id, position, text, required FROM checklist"
	" WHERE incident_id = ?1 ORDER BY position, item_id";

/* The bytes of one event, as stored. */
struct ev_bytes {
	int version;                  /* hash version, 1 or 2 */
	long long incident, ts_ms;
	const char *uuid;             /* version 2: the incident's uuid */
	bool backfilled;
	long long occurred_ms;
	const void *author, *kind, *text, *raw, *data; /* raw, data NULL when absent */
	size_t author_len, kind_len, text_len, raw_len, data_len;
};

static void hash_u64(struct sha256_ctx *ctx, uint64_t v)
{
	unsigned char b[8];

	for (int i = 7; i >= 0; i--, v >>= 8)
		b[i] = (unsigned char)(v & 0xff);
	sha256_update(ctx, sizeof b, b);
}

static void hash_bytes(struct sha256_ctx *ctx, const void *p, size_t len)
{
	if (!p) {
		hash_u64(ctx, UINT64_MAX);
		return;
	}
	hash_u64(ctx, (uint64_t)len);
	if (len)
		sha256_update(ctx, len, p);
}

/* out = SHA-256(prev || encoding of ev) in ev's version. */
static void event_hash(const unsigned char prev[HASH_LEN], const struct ev_bytes *ev,
		       unsigned char out[HASH_LEN])
{
	struct sha256_ctx c, *ctx = &c;

	sha256_init(ctx);
	sha256_update(ctx, HASH_LEN, prev);
	if (ev->version == 1) {
		hash_bytes(ctx, hash_tag_v1, sizeof hash_tag_v1 - 1);
		hash_u64(ctx, (uint64_t)ev->incident);
		hash_u64(ctx, (uint64_t)ev->ts_ms);
	} else {
		hash_bytes(ctx, hash_tag_v2, sizeof hash_tag_v2 - 1);
		hash_bytes(ctx, ev->uuid, strlen(ev->uuid));
		hash_u64(ctx, (uint64_t)ev->ts_ms);
		hash_u64(ctx, ev->backfilled ? 1 : 0);
		if (ev->backfilled)
			hash_u64(ctx, (uint64_t)ev->occurred_ms);
	}
	hash_bytes(ctx, ev->author ? ev->author : "", ev->author_len);
	hash_bytes(ctx, ev->kind ? ev->kind : "", ev->kind_len);
	hash_bytes(ctx, ev->text ? ev->text : "", ev->text_len);
	if (ev->version != 1)
		hash_bytes(ctx, ev->raw, ev->raw_len);
	hash_bytes(ctx, ev->data, ev->data_len);
	sha256_digest(ctx, HASH_LEN, out);
}

static void to_hex(const unsigned char *b, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[b[i] >> 4];
		out[2 * i + 1] = hex[b[i] & 15];
	}
	out[2 * n] = '\0';
}

void store_digest(const void *p, size_t len, char hex[2 * HASH_LEN + 1])
{
	unsigned char md[HASH_LEN];
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, len, p);
	sha256_digest(&ctx, HASH_LEN, md);
	to_hex(md, HASH_LEN, hex);
}

enum calm_rc store_checklist_digest(struct store *st, long long incident,
				    char hex[2 * HASH_LEN + 1], struct calm_err *err)
{
	struct item_row {
		const char *id, *stage, *text;
		size_t id_len, stage_len, text_len;
		long long position, required;
	} r;
	static const struct store_col cols[] = {
		COL_BYTES_OF(struct item_row, id, id_len),
		COL_BYTES_OF(struct item_row, stage, stage_len),
		COL(struct item_row, COL_INT64, position),
		COL_BYTES_OF(struct item_row, text, text_len),
		COL(struct item_row, COL_INT64, required),
		COL_LAST,
	};
	unsigned char md[HASH_LEN];
	struct sha256_ctx ctx;
	struct store_q q;
	enum calm_rc rc;

	sha256_init(&ctx);
	hash_bytes(&ctx, "calm-checklist-v1", 17);
	store_q_open(&q, st, SQ_CHECKLIST_DIGEST, sql_checklist_digest, ARGS(A_INT(incident)), err);
	while (store_q_row(&q, cols, &r)) {
		hash_bytes(&ctx, r.id ? r.id : "", r.id_len);
		hash_bytes(&ctx, r.stage ? r.stage : "", r.stage_len);
		hash_u64(&ctx, (uint64_t)r.position);
		hash_bytes(&ctx, r.text ? r.text : "", r.text_len);
		hash_u64(&ctx, (uint64_t)r.required);
	}
	rc = store_q_close(&q);
	sha256_digest(&ctx, HASH_LEN, md);
	if (rc == CALM_OK)
		to_hex(md, HASH_LEN, hex);
	return rc;
}

/* Build ev's data JSON from kv pairs into *data (malloc'd, NULL if no
 * kv) with SQLite's JSON functions: lite_engine's event_data. */
enum calm_rc lite_event_data(struct store *st, const char *const *kv,
			     char **data, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc = CALM_OK;
	int src;

	*data = NULL;
	if (!kv || !kv[0])
		return CALM_OK;
	rc = store_prep(st, SQ_EV_DATA_ADD, sql_ev_data_add, &stmt, err);
	for (size_t i = 0; rc == CALM_OK && kv[i]; i += 2) {
		sqlite3_reset(stmt);
		if (*data)
			sqlite3_bind_text(stmt, 1, *data, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(stmt, 1);
		store_bind_text(stmt, 2, kv[i]);
		sqlite3_bind_text(stmt, 3, kv[i + 1] ? kv[i + 1] : "", -1, SQLITE_STATIC);
		src = sqlite3_step(stmt);
		if (src == SQLITE_ROW) {
			char *next = store_column_dup(stmt, 0);

			free(*data);
			*data = next;
		} else {
			rc = store_fail(st, src, false, err);
		}
		if (!kv[i + 1])
			break;
	}
	store_done(st, SQ_EV_DATA_ADD, stmt);
	if (rc != CALM_OK) {
		free(*data);
		*data = NULL;
	}
	return rc;
}

/* The newest hash of incident (zeros when it has no event yet) and its
 * uuid (malloc'd). */
static enum calm_rc event_prev_hash(struct store *st, long long incident,
				    unsigned char prev[HASH_LEN], char **uuid,
				    struct calm_err *err)
{
	struct prev_row {
		const char *hash;
		size_t hash_len;
		char *uuid;
	} r = { NULL, 0, NULL };
	static const struct store_col cols[] = {
		COL_BYTES_OF(struct prev_row, hash, hash_len),
		COL(struct prev_row, COL_DUP, uuid),
		COL_LAST,
	};
	struct store_q q;
	enum calm_rc rc = CALM_OK;
	bool found;

	memset(prev, 0, HASH_LEN);
	store_q_open(&q, st, SQ_EV_PREV, sql_ev_prev, ARGS(A_INT(incident)), err);
	found = store_q_row(&q, cols, &r);
	*uuid = r.uuid ? r.uuid : xstrdup("");
	if (found && r.hash && r.hash_len == HASH_LEN)
		memcpy(prev, r.hash, HASH_LEN); /* before the statement is handed back */
	if (q.rc == CALM_OK && !found)
		rc = calm_err_set(err, CALM_NOTFOUND, "no incident %lld", incident);
	else if (q.rc == CALM_OK && !(*uuid)[0])
		rc = calm_err_set(err, CALM_DATA, "incident %lld has no uuid", incident);
	else if (q.rc == CALM_OK && r.hash && r.hash_len != HASH_LEN)
		rc = calm_err_set(err, CALM_DATA,
				  "incident %lld: the newest event has a damaged hash", incident);
	store_q_close(&q);
	return q.rc != CALM_OK ? q.rc : rc;
}

/* Insert the row (the trigger events_count points incidents.last_event
 * at it and counts it). */
static enum calm_rc event_insert(struct store *st, const struct ev_bytes *b,
				 const unsigned char hash[HASH_LEN], const char *uid,
				 long long *id, struct calm_err *err)
{
	enum calm_rc rc;

	rc = store_write(st, SQ_EV_INSERT, sql_ev_insert,
			 ARGS(A_INT(b->incident), A_INT(b->ts_ms), A_TEXTN(b->author, b->author_len),
			      A_TEXTN(b->kind, b->kind_len), A_TEXTN(b->text, b->text_len),
			      A_TEXTN(b->data, b->data_len), A_BLOB(hash, HASH_LEN),
			      A_INT_OR_NULL(b->occurred_ms, b->backfilled),
			      A_BLOB(b->raw, b->raw_len), A_TEXT(uid && uid[0] ? uid : NULL)),
			 id, err);
	return rc;
}

enum calm_rc store_append_event(struct store *st, const struct event *ev,
				const char *const *kv, long long *id,
				struct calm_err *err)
{
	unsigned char prev[HASH_LEN], hash[HASH_LEN];
	struct buf text = BUF_INIT;
	struct ev_bytes b;
	char *data = NULL, *uuid = NULL;
	const char *bytes = ev->text ? ev->text : "";
	size_t len = ev->text_len ? ev->text_len : strlen(bytes);
	long long new_id = 0;
	bool exact;
	enum calm_rc rc;

	rc = store_writable(st, err);
	if (rc == CALM_OK)
		rc = store_incident_lock(st, ev->incident, err);
	if (rc == CALM_OK)
		rc = event_prev_hash(st, ev->incident, prev, &uuid, err);
	if (rc == CALM_OK)
		rc = st->eng->event_data(st, kv, &data, err);
	if (rc != CALM_OK)
		goto out;
	exact = text_utf8_lossy(&text, bytes, len);
	b = (struct ev_bytes){
		.version = 2, .incident = ev->incident, .ts_ms = ev->ts_ms,
		.uuid = uuid, .backfilled = ev->backfilled,
		.occurred_ms = ev->backfilled ? ev->occurred_ms : 0,
		.author = ev->author ? ev->author : "",
		.kind = ev->kind ? ev->kind : "",
		.text = text.s, .text_len = text.len,
		.raw = exact ? NULL : bytes, .raw_len = exact ? 0 : len,
		.data = data, .data_len = data ? strlen(data) : 0,
	};
	b.author_len = strlen(b.author);
	b.kind_len = strlen(b.kind);
	if (len > INT_MAX / 2) {
		rc = calm_err_set(err, CALM_DATA, "text longer than %d bytes", INT_MAX / 2);
		goto out;
	}
	event_hash(prev, &b, hash);
	rc = event_insert(st, &b, hash, ev->uid, &new_id, err);
	if (rc == CALM_OK && !st->eng->insert_indexes)
		rc = store_search_index(st, new_id, ev->incident, b.kind, b.text,
					data, err);
	if (rc == CALM_OK && id)
		*id = new_id;
out:
	buf_release(&text);
	free(data);
	free(uuid);
	return rc;
}

/*
 * The first EVENT_TEXT_PREFIX bytes of event id's text into out (cut
 * before a character that does not fit), its whole size in *len.  *blob
 * is opened on the first call and moved to the next row after that.
 */
enum calm_rc store_text_prefix(struct store *st, sqlite3_blob **blob, long long id,
			       struct buf *out, size_t *len, struct calm_err *err)
{
	int src, n, want;

	buf_reset(out);
	src = *blob ? sqlite3_blob_reopen(*blob, id)
		    : sqlite3_blob_open(st->db, "main", "events", "text", id, 0, blob);
	if (src != SQLITE_OK) {
		sqlite3_blob_close(*blob); /* an aborted handle is no use again */
		*blob = NULL;
		return store_fail(st, src, false, err);
	}
	n = sqlite3_blob_bytes(*blob);
	want = n < EVENT_TEXT_PREFIX ? n : EVENT_TEXT_PREFIX;
	buf_grow(out, (size_t)want);
	src = sqlite3_blob_read(*blob, out->s, want, 0);
	if (src != SQLITE_OK)
		return store_fail(st, src, false, err);
	out->len = (size_t)want;
	if (want < n) /* never end inside a character */
		while (out->len > 0 && ((unsigned char)out->s[out->len] & 0xc0) == 0x80)
			out->len--;
	out->s[out->len] = '\0';
	*len = (size_t)n;
	return CALM_OK;
}

void store_event_check(struct event *ev, bool data_ok)
{
	ev->damaged = NULL;
	if (!ev->author)
		ev->author = "?";
	if (!data_ok) {
		ev->damaged = "data is not JSON";
		ev->data = NULL;
	}
	if (!store_kind_ok(ev->kind)) {
		ev->damaged = "kind is not one calm writes";
		ev->kind = "damaged";
	}
	if (!store_ms_ok(ev->ts_ms)) {
		ev->damaged = "time out of range";
		ev->ts_ms = 0;
	}
	if (!store_ms_ok(ev->occurred_ms)) {
		ev->damaged = "time out of range";
		ev->occurred_ms = 0;
	}
}

/* ---- verification ---- */

/* The seals of one incident, to check against the chain as it is
 * recomputed. */
struct seal_list {
	struct chain_head *v;
	long long *id;
	size_t n;
	size_t next;          /* the first seal not yet reached */
};

static int collect_seal(const struct seal *s, void *ctx)
{
	struct seal_list *l = ctx;

	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->id = xrealloc(l->id, (l->n + 1) * sizeof *l->id);
	l->v[l->n] = s->head;
	l->id[l->n] = s->id;
	l->n++;
	return 0;
}

/* Event `seen` (the count-th) hashed to hash: check the seals made at
 * it.  False when one of them signed something else. */
static bool seals_hold(struct seal_list *l, long long seen, long long count,
		       const unsigned char hash[HASH_LEN], struct verify_result *out)
{
	for (; l->next < l->n && l->v[l->next].event <= seen; l->next++) {
		const struct chain_head *h = &l->v[l->next];

		if (h->event != seen || h->events != count ||
		    memcmp(h->head, hash, HASH_LEN) != 0) {
			out->bad_seal = l->id[l->next];
			return false;
		}
		out->seals++;
	}
	return true;
}

/* An event as verify reads it (sql_verify_events). */
struct verify_row {
	long long id;
	struct ev_bytes b;
	const char *hash;
	size_t hash_len;
};

static const struct store_col verify_cols[] = {
	COL(struct verify_row, COL_INT64, id),
	COL(struct verify_row, COL_INT64, b.ts_ms),
	COL_BYTES_OF(struct verify_row, b.author, b.author_len),
	COL_BYTES_OF(struct verify_row, b.kind, b.kind_len),
	COL_BYTES_OF(struct verify_row, b.text, b.text_len),
	COL_BYTES_OF(struct verify_row, b.data, b.data_len),
	COL_BYTES_OF(struct verify_row, hash, hash_len),
	COL(struct verify_row, COL_INT, b.version),
	COL(struct verify_row, COL_NOTNULL, b.backfilled),
	COL(struct verify_row, COL_INT64, b.occurred_ms),
	COL_BYTES_OF(struct verify_row, b.raw, b.raw_len),
	COL_LAST,
};

/* The chain as verify walks it: the previous hash, the events seen. */
struct chain_walk {
	unsigned char prev[HASH_LEN];
	long long seen, count;   /* the last event id checked, how many */
	struct seal_list seals;
};

/*
 * Check the next page of the incident's events against the chain; *more
 * when the page was full.  Sets out->bad_* on the first mismatch.
 */
static enum calm_rc verify_page(struct store *st, long long incident, long long hash_id,
				const char *uuid, struct chain_walk *w, struct verify_result *out, bool *more,
				struct calm_err *err)
{
	unsigned char hash[HASH_LEN];
	struct verify_row r;
	struct store_q q;
	long long rows = 0;
	bool ok = true;

	store_q_open(&q, st, SQ_VERIFY_EVENTS, sql_verify_events,
		     ARGS(A_INT(incident), A_INT(w->seen), A_INT(VERIFY_PAGE)), err);
	while (ok && store_q_row(&q, verify_cols, &r)) {
		rows++;
		w->seen = r.id;
		r.b.incident = hash_id;
		r.b.uuid = uuid;
		out->events++;
		event_hash(w->prev, &r.b, hash);
		/* a version 1 hash covers neither an occurred time nor raw bytes */
		if ((r.b.version == 1 && (r.b.backfilled || r.b.raw)) || r.hash_len != HASH_LEN ||
		    memcmp(hash, r.hash, HASH_LEN) != 0) {
			out->bad_event = r.id;
			ok = false;
			break;
		}
		memcpy(w->prev, hash, HASH_LEN);
		ok = seals_hold(&w->seals, r.id, ++w->count, hash, out);
	}
	*more = ok && rows == VERIFY_PAGE;
	return store_q_close(&q);
}

/* Check one incident's chain; sets out->bad_* on the first mismatch. */
static enum calm_rc verify_incident(struct store *st, long long incident, long long last_event,
				    long long hash_id, const char *uuid, struct verify_result *out,
				    struct calm_err *err)
{
	struct chain_walk w = { .seen = 0 };
	bool more = true;
	enum calm_rc rc;

	rc = store_seal_each(st, incident, collect_seal, &w.seals, err);
	while (rc == CALM_OK && more)
		rc = verify_page(st, incident, hash_id, uuid, &w, out, &more, err);
	if (rc == CALM_OK && !out->bad_event && !out->bad_seal) {
		if (w.seen != last_event)
			out->bad_event = last_event > w.seen ? last_event : w.seen;
		else if (w.seals.next < w.seals.n) /* sealed at an event no longer there */
			out->bad_seal = w.seals.id[w.seals.next];
	}
	if (rc == CALM_OK && (out->bad_event || out->bad_seal))
		out->bad_incident = incident;
	free(w.seals.v);
	free(w.seals.id);
	return rc;
}

/* The next incident after *id (only `only` when non-zero); *found.  Its
 * newest event, uuid and the number its version 1 hashes cover. */
static enum calm_rc verify_next(struct store *st, long long only,
				long long *id, long long *last_event, long long *hash_id,
				char **uuid, bool *found, struct calm_err *err)
{
	struct next_row {
		long long id, last_event;
		char *uuid;
		long long hash_id;
	} r = { 0, 0, NULL, 0 };
	static const struct store_col cols[] = {
		COL(struct next_row, COL_INT64, id),
		COL(struct next_row, COL_INT64, last_event),
		COL(struct next_row, COL_DUP, uuid),
		COL(struct next_row, COL_INT64, hash_id),
		COL_LAST,
	};
	struct store_q q;

	store_q_open(&q, st, SQ_VERIFY_NEXT_INC, sql_verify_next_inc,
		     ARGS(A_INT(*id), A_INT(only)), err);
	*found = store_q_row(&q, cols, &r);
	if (*found) {
		*id = r.id;
		*last_event = r.last_event;
		*hash_id = r.hash_id;
		free(*uuid);
		*uuid = r.uuid ? r.uuid : xstrdup("");
	}
	return store_q_close(&q);
}

enum calm_rc store_verify(struct store *st, long long incident,
			  struct verify_result *out, struct calm_err *err)
{
	long long id = 0, last_event = 0, hash_id = 0;
	bool found = true, any = false, own_tx = !store_in_tx(st);
	char *uuid = NULL;
	enum calm_rc rc = CALM_OK;

	memset(out, 0, sizeof *out);
	/* one snapshot: a note committed between reading an incident's last
	 * event and its events must not look like a removed one */
	if (own_tx)
		rc = store_read_begin(st, err);
	while (rc == CALM_OK && found && !out->bad_event && !out->bad_seal) {
		rc = verify_next(st, incident, &id, &last_event, &hash_id, &uuid, &found, err);
		if (rc == CALM_OK && found) {
			any = true;
			rc = verify_incident(st, id, last_event, hash_id, uuid, out, err);
		}
	}
	if (own_tx)
		store_read_end(st);
	free(uuid);
	if (rc == CALM_OK && incident && !any)
		rc = calm_err_set(err, CALM_NOTFOUND, "no incident %lld", incident);
	if (rc == CALM_OK && out->bad_event)
		rc = calm_err_set(err, CALM_DATA,
				  "incident %lld: event %lld: hash does not match (edited or removed after it was written)",
				  out->bad_incident, out->bad_event);
	else if (rc == CALM_OK && out->bad_seal)
		rc = calm_err_set(err, CALM_DATA,
				  "incident %lld: seal %lld: the chain is not the one that was signed (rewritten after it was sealed)",
				  out->bad_incident, out->bad_seal);
	return rc;
}
