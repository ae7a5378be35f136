/*
 * replay.c - events with their data as key/value pairs, for time travel
 * (replay.h folds them).  json_each flattens each event's data object in
 * the same query, so one statement walks a range of the timeline; the
 * rows of one event are gathered, then handed over as one
 * struct replay_event.
 */
#include "calm/store.h"
#include "calm/store-replay.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/replay.h"
#include "calm/when.h"
#include "store-int.h"

_Static_assert(WHEN_MAX_MS == 253402300799999LL, "STORE_SUSPECT_WHERE spells WHEN_MAX_MS");

/* Data that is not JSON is not flattened (json_each would fail the
 * whole walk): the event comes out damaged, on its own.  The replay
 * needs no text: it is never read (a note may be megabytes). */
static const char sql_events_kv[] =
	"SELECT e.id, e.ts_ms, e.author, e.kind, e.text, j.key, j.value, e.ok"
	" FROM (SELECT id, ts_ms, substr(author, 1, 1024) AS author,"
	"  substr(kind, 1, 1024) AS kind, '' AS text,"
	"  CASE WHEN data IS NULL OR json_valid(data) THEN data END AS data,"
	"  data IS NULL OR json_valid(data) AS ok FROM events"
	"  WHERE incident_id = ?1 AND id > ?2 AND id <= ?3 ORDER BY id LIMIT ?4) AS e"
	" LEFT JOIN json_each(e.data) AS j ORDER BY e.id";
/* The same over the state events alone (the events_state index). */
static const char sql_state_kv[] =
	"SELECT e.id, e.ts_ms, e.author, e.kind, e.text, j.key, j.value, e.ok"
	" FROM (SELECT id, ts_ms, substr(author, 1, 1024) AS author,"
	"  substr(kind, 1, 1024) AS kind, '' AS text,"
	"  CASE WHEN data IS NULL OR json_valid(data) THEN data END AS data,"
	"  data IS NULL OR json_valid(data) AS ok FROM events"
	"  WHERE incident_id = ?1 AND id > ?2 AND id <= ?3 AND " STORE_STATE_WHERE
	"  ORDER BY id LIMIT ?4) AS e"
	" LEFT JOIN json_each(e.data) AS j ORDER BY e.id";
/* The same over the events that may be damaged (the events_suspect
 * index): gather_start decides which are. */
static const char sql_suspect_kv[] =
	"SELECT e.id, e.ts_ms, e.author, e.kind, e.text, j.key, j.value, e.ok"
	" FROM (SELECT id, ts_ms, substr(author, 1, 1024) AS author,"
	"  substr(kind, 1, 1024) AS kind, '' AS text,"
	"  CASE WHEN data IS NULL OR json_valid(data) THEN data END AS data,"
	"  data IS NULL OR json_valid(data) AS ok FROM events"
	"  WHERE incident_id = ?1 AND id > ?2 AND id <= ?3 AND " STORE_SUSPECT_WHERE
	"  ORDER BY id LIMIT ?4) AS e"
	" LEFT JOIN json_each(e.data) AS j ORDER BY e.id";
/* Every author's count, notes and oldest event, from the events_author
 * index alone (author, kind and the row id are in it). */
static const char sql_authors[] =
	"SELECT substr(author, 1, 1024), count(*), sum(kind = 'note'), min(id) FROM events"
	" WHERE incident_id = ?1 GROUP BY author";
/* The author's next event, read from the events_author index (the
 * author's entries alone; +id: not events_incident's range from ?3 on,
 * which reads every event after it until the author's next, all of
 * them for one who wrote no more).  ?2 is an author as sql_authors
 * names them, the first 1024 characters: one shorter is the whole name
 * (=), one of 1024 also names the longer authors it begins (a range of
 * the index: the byte after it is below 0xff in UTF-8).  The length
 * tests are constant: SQLite decides them before it reads. */
static const char sql_author_next[] =
	"SELECT min(id) FROM ("
	" SELECT min(id) AS id FROM events"
	"  WHERE incident_id = ?1 AND author = ?2 AND +id > ?3 AND length(?2) <= 1024"
	" UNION ALL"
	" SELECT min(id) FROM events"
	"  WHERE incident_id = ?1 AND author > ?2 AND author < ?2 || x'ff' AND +id > ?3"
	"  AND length(?2) = 1024 AND substr(author, 1, 1024) = ?2)";
static const char sql_ids_fwd[] =
	"SELECT id, ts_ms FROM events WHERE incident_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3";
static const char sql_ids_back[] =
	"SELECT id, ts_ms FROM events WHERE incident_id = ?1 AND id < ?2"
	" ORDER BY id DESC LIMIT ?3";
static const char sql_position[] =
	"SELECT CASE WHEN EXISTS (SELECT 1 FROM events WHERE id = ?2 AND incident_id = ?1)"
	" THEN (SELECT count(*) FROM events WHERE incident_id = ?1 AND id <= ?2) ELSE 0 END";
static const char sql_by_time[] =
	"SELECT id FROM events WHERE incident_id = ?1 AND at_ms <= ?2"
	" ORDER BY at_ms DESC, id DESC LIMIT 1";

/* One event being gathered: copies of its strings. */
struct gather {
	struct replay_event ev;
	char *author, *kind, *text;
	struct replay_kv *kv;
	char **own;          /* the kv strings, two per pair */
	size_t nkv, cap;
};

static void gather_reset(struct gather *g)
{
	free(g->author);
	free(g->kind);
	free(g->text);
	for (size_t i = 0; i < 2 * g->nkv; i++)
		free(g->own[i]);
	g->author = g->kind = g->text = NULL;
	g->nkv = 0;
}

static void gather_release(struct gather *g)
{
	gather_reset(g);
	free(g->kv);
	free(g->own);
}

/* A row of sql_events_kv: an event and one of its data's pairs. */
struct kv_row {
	long long id, ts_ms;
	const char *author, *kind, *text, *key, *value;
	bool ok;
};

static const struct store_col kv_cols[] = {
	COL(struct kv_row, COL_INT64, id),
	COL(struct kv_row, COL_INT64, ts_ms),
	COL(struct kv_row, COL_TEXT, author),
	COL(struct kv_row, COL_TEXT, kind),
	COL(struct kv_row, COL_TEXT, text),
	COL(struct kv_row, COL_TEXT, key),
	COL(struct kv_row, COL_TEXT, value),
	COL(struct kv_row, COL_BOOL, ok),
	COL_LAST,
};

static char *dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

static void gather_start(struct gather *g, const struct kv_row *r)
{
	gather_reset(g);
	g->ev.id = r->id;
	g->ev.ts_ms = r->ts_ms;
	g->author = dup_or_empty(r->author);
	g->kind = dup_or_empty(r->kind);
	g->text = dup_or_empty(r->text);
	g->ev.damaged = NULL;
	if (!r->ok)
		g->ev.damaged = "data is not JSON";
	if (!store_kind_ok(g->kind))
		g->ev.damaged = "kind is not one calm writes";
	if (!store_ms_ok(g->ev.ts_ms)) {
		g->ev.damaged = "time out of range";
		g->ev.ts_ms = 0;
	}
}

static void gather_kv(struct gather *g, const struct kv_row *r)
{
	if (!r->key)
		return;
	if (g->nkv == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 8;
		g->kv = xrealloc(g->kv, g->cap * sizeof *g->kv);
		g->own = xrealloc(g->own, 2 * g->cap * sizeof *g->own);
	}
	g->own[2 * g->nkv] = xstrdup(r->key);
	g->own[2 * g->nkv + 1] = dup_or_empty(r->value);
	g->nkv++;
}

static int gather_emit(struct gather *g,
		       int (*cb)(const struct replay_event *, void *), void *ctx,
		       long long *last)
{
	if (last)
		*last = g->ev.id;
	for (size_t i = 0; i < g->nkv; i++)
		g->kv[i] = (struct replay_kv){ g->own[2 * i], g->own[2 * i + 1] };
	g->ev.author = g->author;
	g->ev.kind = g->kind;
	g->ev.text = g->text;
	g->ev.kv = g->kv;
	g->ev.nkv = g->nkv;
	return cb(&g->ev, ctx);
}

enum calm_rc store_events_kv(struct store *st, long long incident,
			     long long after, long long upto, size_t limit,
			     unsigned flags,
			     int (*cb)(const struct replay_event *, void *),
			     void *ctx, long long *last,
			     struct calm_err *err)
{
	struct gather g = { 0 };
	struct kv_row r;
	struct store_q q;
	bool open = false, stop = false;

	if (last)
		*last = 0;
	enum store_stmt which = flags & STORE_KV_STATE     ? SQ_STATE_KV
				: flags & STORE_KV_SUSPECT ? SQ_SUSPECT_KV
							   : SQ_EVENTS_KV;

	store_q_open(&q, st, which,
		     which == SQ_STATE_KV     ? sql_state_kv
		     : which == SQ_SUSPECT_KV ? sql_suspect_kv
					      : sql_events_kv,
		     ARGS(A_INT(incident), A_INT(after), A_INT(upto > 0 ? upto : INT64_MAX),
			  A_INT(limit == 0 || limit > (size_t)INT64_MAX ? INT64_MAX : (long long)limit)),
		     err);
	while (!stop && store_q_row(&q, kv_cols, &r)) {
		if (!open || r.id != g.ev.id) {
			if (open && gather_emit(&g, cb, ctx, last) != 0) {
				open = false;
				stop = true;
				break;
			}
			gather_start(&g, &r);
			open = true;
		}
		gather_kv(&g, &r);
	}
	if (store_q_close(&q) == CALM_OK && open)
		gather_emit(&g, cb, ctx, last);
	gather_release(&g);
	return q.rc;
}

enum calm_rc store_event_ids(struct store *st, long long incident, long long from,
			     bool forward, size_t limit,
			     int (*cb)(long long id, long long ts_ms, void *ctx), void *ctx,
			     long long *last, struct calm_err *err)
{
	struct id_row {
		long long id, ts_ms;
	} r;
	static const struct store_col cols[] = {
		COL(struct id_row, COL_INT64, id),
		COL(struct id_row, COL_INT64, ts_ms),
		COL_LAST,
	};
	struct store_q q;

	if (last)
		*last = 0;
	store_q_open(&q, st, forward ? SQ_IDS_FWD : SQ_IDS_BACK,
		     forward ? sql_ids_fwd : sql_ids_back,
		     ARGS(A_INT(incident), A_INT(forward ? from : from > 0 ? from : INT64_MAX),
			  A_INT(limit == 0 || limit > (size_t)INT64_MAX ? INT64_MAX
								 : (long long)limit)),
		     err);
	while (store_q_row(&q, cols, &r)) {
		if (last)
			*last = r.id;
		if (cb && cb(r.id, r.ts_ms, ctx) != 0)
			break;
	}
	return store_q_close(&q);
}

enum calm_rc store_event_position(struct store *st, long long incident, long long event,
				  long long *position, struct calm_err *err)
{
	static const struct store_col col[] = { COL_AT(COL_INT64, 0), COL_LAST };
	struct store_q q;

	*position = 0;
	store_q_open(&q, st, SQ_POSITION, sql_position, ARGS(A_INT(incident), A_INT(event)),
		     err);
	store_q_row(&q, col, position);
	return store_q_close(&q);
}

enum calm_rc store_event_by_time(struct store *st, long long incident, long long at_ms,
				 long long *event, struct calm_err *err)
{
	static const struct store_col col[] = { COL_AT(COL_INT64, 0), COL_LAST };
	struct store_q q;

	*event = 0;
	store_q_open(&q, st, SQ_BY_TIME, sql_by_time, ARGS(A_INT(incident), A_INT(at_ms)), err);
	store_q_row(&q, col, event);
	return store_q_close(&q);
}

enum calm_rc store_event_authors(struct store *st, long long incident,
				 int (*cb)(const struct store_author *, void *), void *ctx,
				 struct calm_err *err)
{
	static const struct store_col cols[] = {
		COL(struct store_author, COL_TEXT, author),
		COL(struct store_author, COL_INT64, events),
		COL(struct store_author, COL_INT64, notes),
		COL(struct store_author, COL_INT64, first),
		COL_LAST,
	};
	struct store_author r;
	struct store_q q;

	store_q_open(&q, st, SQ_AUTHORS, sql_authors, ARGS(A_INT(incident)), err);
	while (store_q_row(&q, cols, &r)) {
		if (!r.author)
			r.author = "";
		if (cb(&r, ctx) != 0)
			break;
	}
	return store_q_close(&q);
}

enum calm_rc store_author_next(struct store *st, long long incident, const char *author,
			       long long after, long long *id, struct calm_err *err)
{
	static const struct store_col col[] = { COL_AT(COL_INT64, 0), COL_LAST };
	struct store_q q;

	*id = 0;
	store_q_open(&q, st, SQ_AUTHOR_NEXT, sql_author_next,
		     ARGS(A_INT(incident), A_TEXT(author), A_INT(after)), err);
	store_q_row(&q, col, id);
	return store_q_close(&q);
}
