/*
 * search.c - full-text search over every incident (SQLite FTS5).
 *
 * The index is the FTS5 table "search" (schema 2): one row per indexed
 * event, rowid = the event's id, with its incident and kind unindexed
 * and the text a person would search for as body (STORE_SEARCH_BODY in
 * store-int.h picks it by kind).  store_append_event() calls
 * store_search_index() right after inserting the event, inside the same
 * transaction, so the index and the timeline commit together.  Events
 * are never updated or deleted, so the index only ever grows.
 *
 * Typed queries are never handed to FTS5 raw: each word becomes a
 * quoted phrase, so "a-b", "NOT", "col:" or an unbalanced quote are
 * words, not syntax errors.  SEARCH_ADVANCED passes FTS5 syntax
 * and turns a syntax error into a one-line usage error.
 *
 * Ranking with bm25 costs a pass over every row holding each word (FTS5
 * counts them for the IDF), whatever the LIMIT: on a million events a
 * word in every note costs ~50 ms.  So a probe first asks whether there
 * are STORE_SEARCH_RANK_WINDOW matches or more (walking at most that
 * many doclist entries, no scoring); if so the hits are the newest
 * matches, newest first, else they are ranked by bm25.  A query that
 * ANDs a rare word with a very common one still pays the common word's
 * count (see the benchmark).
 */
#include "calm/store.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "store-int.h"

static const char sql_search_index[] =
	"INSERT INTO search (rowid, incident, kind, body)"
	" SELECT ?1, ?2, ?3, b FROM (SELECT "
	STORE_SEARCH_BODY("?3", "?4", "?5", "?2") " AS b)"
	" WHERE b IS NOT NULL AND b <> ''";
/* Are there at least STORE_SEARCH_RANK_WINDOW matches?  Walks at most
 * that many doclist entries, newest first, without scoring. */
static const char sql_search_probe[] =
	"SELECT rowid FROM search WHERE search MATCH ?1"
	" ORDER BY rowid DESC LIMIT 1 OFFSET ?2";
#define SEARCH_COLS \
	"SELECT s.incident, s.rowid, e.ts_ms, s.kind, e.author, i.title, s.snip, s.r" \
	" FROM (SELECT incident, rowid, kind," \
	"  snippet(search, 2, char(1), char(2), '…', 16) AS snip,"
#define SEARCH_JOIN \
	" AS s JOIN events e ON e.id = s.rowid JOIN incidents i ON i.id = s.incident"
static const char sql_search[] =
	SEARCH_COLS " rank AS r FROM search WHERE search MATCH ?1"
	"  ORDER BY rank LIMIT ?2)" SEARCH_JOIN " ORDER BY s.r, s.rowid DESC";
static const char sql_search_newest[] =
	SEARCH_COLS " 0.0 AS r FROM search WHERE search MATCH ?1"
	"  ORDER BY rowid DESC LIMIT ?2)" SEARCH_JOIN " ORDER BY s.rowid DESC";
static const struct store_col hit_cols[] = {
	COL(struct search_hit, COL_INT64, incident),
	COL(struct search_hit, COL_INT64, event),
	COL(struct search_hit, COL_INT64, ts_ms),
	COL(struct search_hit, COL_TEXT, kind),
	COL(struct search_hit, COL_TEXT, author),
	COL(struct search_hit, COL_TEXT, title),
	COL(struct search_hit, COL_TEXT, snippet),
	COL(struct search_hit, COL_DOUBLE, rank),
	COL_LAST,
};

enum calm_rc store_search_index(struct store *st, long long id,
				long long incident, const char *kind,
				const char *text, const char *data,
				struct calm_err *err)
{
	return store_write(st, SQ_SEARCH_INDEX, sql_search_index,
			   ARGS(A_INT(id), A_INT(incident), A_TEXT(kind), A_TEXT(text),
				A_TEXT(data)),
			   NULL, err);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Append word[0..len) as a quoted FTS5 phrase, prefix when it ends in '*'. */
static void add_phrase(struct buf *out, const char *word, size_t len)
{
	bool prefix = len > 1 && word[len - 1] == '*';

	if (prefix)
		len--;
	buf_addc(out, '"');
	for (size_t i = 0; i < len; i++) {
		if (word[i] == '"')
			buf_addc(out, '"');
		buf_addc(out, word[i]);
	}
	buf_addc(out, '"');
	if (prefix)
		buf_addc(out, '*');
}

/* Quote each word of typed; join with sep.  Words shorter than min are
 * skipped, at most max words (0: all).  Returns the number added. */
static size_t quote_words(const char *typed, const char *sep, size_t min,
			  size_t max, struct buf *out)
{
	const char *p = typed;
	size_t n = 0;

	while (*p && (max == 0 || n < max)) {
		while (*p && is_blank(*p))
			p++;
		const char *w = p;
		while (*p && !is_blank(*p))
			p++;
		if (p == w || (size_t)(p - w) < min)
			continue;
		if (n++)
			buf_adds(out, sep);
		add_phrase(out, w, (size_t)(p - w));
	}
	return n;
}

/*
 * Turn what a person typed into an FTS5 query, appended to out.  Each
 * blank-separated word becomes a quoted phrase (quotes doubled) and all
 * must match; a word ending in '*' is a prefix ("dat*").  Advanced: the
 * text as it is, FTS5's own syntax.  CALM_USAGE "empty search" when no
 * word (store_search refuses blank advanced text before any engine
 * sees it).  lite_engine's search_query.
 */
enum calm_rc lite_search_query(const char *typed, bool advanced, struct buf *out,
			       struct calm_err *err)
{
	if (advanced) {
		buf_adds(out, typed);
		return CALM_OK;
	}
	if (quote_words(typed, " ", 1, 0, out) == 0)
		return calm_err_set(err, CALM_USAGE, "empty search");
	return CALM_OK;
}

/* A failed MATCH: FTS5 syntax is the user's mistake, the rest is ours. */
static enum calm_rc search_fail(struct store *st, int src, struct calm_err *err)
{
	const char *msg = sqlite3_errmsg(st->db);

	if ((src & 0xff) == SQLITE_ERROR && strncmp(msg, "fts5:", 5) == 0)
		return calm_err_set(err, CALM_USAGE, "bad search query: %s", msg + 5 + (msg[5] == ' '));
	if ((src & 0xff) == SQLITE_ERROR && strstr(msg, "no such column"))
		return calm_err_set(err, CALM_USAGE, "bad search query: %s", msg);
	return store_fail(st, src, false, err);
}

/* Whether the query has STORE_SEARCH_RANK_WINDOW matches or more. */
static enum calm_rc search_many(struct store *st, const char *query, bool *many,
				struct calm_err *err)
{
	struct store_q q;

	store_q_open(&q, st, SQ_SEARCH_PROBE, sql_search_probe,
		     ARGS(A_TEXT(query), A_INT(STORE_SEARCH_RANK_WINDOW - 1)), err);
	q.fail = search_fail;
	*many = store_q_row(&q, NULL, NULL);
	return store_q_close(&q);
}

enum calm_rc store_search(struct store *st, const char *query, unsigned flags,
			  size_t limit,
			  int (*cb)(const struct search_hit *, void *),
			  void *ctx, struct calm_err *err)
{
	struct buf text = BUF_INIT;
	struct search_hit hit;
	struct store_q q;
	enum calm_rc rc = CALM_OK;
	bool many = false;

	if (limit == 0)
		return CALM_OK;
	if ((flags & SEARCH_ADVANCED) && strspn(query, " \t\r\n\f\v") == strlen(query))
		rc = calm_err_set(err, CALM_USAGE, "empty search");
	else
		rc = st->eng->search_query(query, (flags & SEARCH_ADVANCED) != 0, &text, err);
	if (rc == CALM_OK)
		rc = search_many(st, buf_cstr(&text), &many, err);
	if (rc == CALM_OK) {
		store_q_open(&q, st, many ? SQ_SEARCH_NEWEST : SQ_SEARCH,
			     many ? sql_search_newest : sql_search,
			     ARGS(A_TEXT(buf_cstr(&text)),
				  A_INT(limit > 100000 ? 100000 : (long long)limit)),
			     err);
		q.fail = search_fail;
		while (store_q_row(&q, hit_cols, &hit)) {
			if (!hit.snippet)
				hit.snippet = "";
			if (cb(&hit, ctx) != 0)
				break;
		}
		rc = store_q_close(&q);
	}
	buf_release(&text);
	return rc;
}
