/*
 * similar.c - past incidents like a new one ("seen this before?").
 *
 * A new incident's title is cut into its meaningful terms: words of
 * three characters or more (numbers too: 502), lower-cased, without the
 * words every incident says ("users", "error", "the", "slow"...).  An
 * incident is similar when one of its titles, notes or text fields
 * shares two of those terms; a title with a single meaningful term needs
 * that one.  One common word never makes two incidents alike: "Payments
 * fail for EU users" and "Search slow for EU users" share nothing that
 * counts.  FTS5 ranks what matches (bm25), best first.
 */
#include "calm/store.h"

#include <stdbool.h>
#include <string.h>

#include "calm/buf.h"
#include "store-int.h"

/* Terms of a title used at most (28 pairs at most in the query). */
#define SIMILAR_TERMS 8
#define TERM_MAX 48

static const char sql_similar[] =
	"SELECT i.id, i.title, i.status = 'closed', m.r FROM"
	" (SELECT incident, min(r) AS r FROM"
	"  (SELECT incident, rank AS r FROM search WHERE search MATCH ?1"
	"   AND kind IN ('declare', 'note', 'field') AND incident <> ?2)"
	"  GROUP BY incident ORDER BY r LIMIT ?3) AS m"
	" JOIN incidents i ON i.id = m.incident ORDER BY m.r, i.id DESC";

/* Words too common in incidents to say two are alike. */
static const char *const stop_words[] = {
	"the", "and", "for", "with", "from", "not", "are", "was", "were", "has",
	"have", "had", "but", "all", "any", "can", "cannot", "can't", "our",
	"out", "into", "only", "some", "now", "since", "after", "before",
	"when", "what", "who", "this", "that", "they", "them", "there", "then",
	"too", "very", "more", "less", "than", "about", "again", "still", "its",
	"users", "user", "customers", "customer", "people", "everyone",
	"error", "errors", "issue", "issues", "problem", "problems", "incident",
	"down", "broken", "failing", "fails", "fail", "failed", "failure", "slow",
	"site", "service", "services", "working", "work", "works", "does",
	"doesn't", "isn't", "getting", "get",
};

static bool stop_word(const char *w)
{
	for (size_t i = 0; i < sizeof stop_words / sizeof stop_words[0]; i++)
		if (strcmp(stop_words[i], w) == 0)
			return true;
	return false;
}

/* A byte of a word: ASCII letters and digits, and any byte of a
 * non-ASCII character (so other scripts keep their words). */
static bool word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '\'';
}

/* The meaningful terms of title into terms; returns how many. */
static size_t title_terms(const char *title, char terms[][TERM_MAX])
{
	const unsigned char *p = (const unsigned char *)title;
	size_t n = 0;

	while (*p && n < SIMILAR_TERMS) {
		char w[TERM_MAX];
		size_t len = 0;
		bool dup = false;

		while (*p && !word_byte(*p))
			p++;
		while (*p && word_byte(*p)) {
			if (len + 1 < sizeof w)
				w[len++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
			p++;
		}
		w[len] = '\0';
		while (len > 0 && w[len - 1] == '\'') /* "users'" */
			w[--len] = '\0';
		if (len < 3 || stop_word(w))
			continue;
		for (size_t i = 0; i < n && !dup; i++)
			dup = strcmp(terms[i], w) == 0;
		if (!dup)
			memcpy(terms[n++], w, len + 1);
	}
	return n;
}

/* t as an FTS5 phrase, quotes doubled (lite_engine's similar_term). */
void lite_similar_term(struct buf *q, const char *t)
{
	buf_addc(q, '"');
	for (; *t; t++) {
		if (*t == '"')
			buf_addc(q, '"');
		buf_addc(q, *t);
	}
	buf_addc(q, '"');
}

/* The engine's query for title's terms: the one term, or any two of
 * them together; returns how many terms (0: nothing written). */
static size_t similar_query(struct store *st, const char *title, struct buf *q)
{
	const struct store_engine *e = st->eng;
	char terms[SIMILAR_TERMS][TERM_MAX];
	size_t n = title_terms(title, terms), start;

	if (n == 0)
		return 0;
	buf_adds(q, e->similar_head);
	start = q->len;
	if (n == 1)
		e->similar_term(q, terms[0]);
	for (size_t i = 0; n > 1 && i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			if (q->len > start)
				buf_adds(q, e->similar_or);
			buf_addc(q, '(');
			e->similar_term(q, terms[i]);
			buf_adds(q, e->similar_and);
			e->similar_term(q, terms[j]);
			buf_addc(q, ')');
		}
	}
	return n;
}

static const struct store_col similar_cols[] = {
	COL(struct similar_hit, COL_INT64, incident),
	COL(struct similar_hit, COL_TEXT, title),
	COL(struct similar_hit, COL_BOOL, closed),
	COL(struct similar_hit, COL_DOUBLE, rank),
	COL_LAST,
};

enum calm_rc store_similar(struct store *st, const char *title,
			   long long exclude, size_t limit,
			   int (*cb)(const struct similar_hit *, void *),
			   void *ctx, struct calm_err *err)
{
	struct buf text = BUF_INIT;
	struct similar_hit hit;
	struct store_q q;
	enum calm_rc rc = CALM_OK;

	if (limit > 0 && similar_query(st, title, &text) > 0) {
		store_q_open(&q, st, SQ_SIMILAR, sql_similar,
			     ARGS(A_TEXT(buf_cstr(&text)), A_INT(exclude),
				  A_INT(limit > 1000 ? 1000 : (long long)limit)),
			     err);
		while (store_q_row(&q, similar_cols, &hit) && cb(&hit, ctx) == 0)
			;
		rc = store_q_close(&q);
	}
	buf_release(&text);
	return rc;
}
