/*
 * pg-text.c - the text the PostgreSQL engine builds in C: an event's
 * data as JSON, and the search parameters PG_TSQUERY reads (pg-sql.c).
 *
 * An event's data is hashed as the bytes written, so on either engine
 * it must come out as SQLite's json_patch(json_object(...)) writes it:
 * {"key":"value",...} with nothing between the tokens, the keys in the
 * order given and a key given again replacing its value in place,
 * strings quoted as json_quote does (\" \\ \b \f \n \r \t, other
 * control characters as \u00xx in lower case, the rest as it is).  A
 * server stores text as UTF-8, so bytes that are not (a path from a
 * shell, say) become U+FFFD first.
 *
 * Search: what a person typed goes to the server as data, never as
 * query syntax: one word a line, prefixed 't' (PG_TSQUERY makes each a
 * phrase of the words the 'simple' parser finds in it); --advanced text
 * prefixed 'w' is websearch_to_tsquery's ("quoted phrase", or, -word);
 * the similar incidents' terms are written as to_tsquery's syntax,
 * each quoted ('it''s'), prefixed 'q'.
 */
#include "pg-int.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/text.h"

/* s as a JSON string, quoted as SQLite's json_quote quotes it. */
static void json_quote(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	buf_addc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': buf_adds(out, "\\\""); break;
		case '\\': buf_adds(out, "\\\\"); break;
		case '\b': buf_adds(out, "\\b"); break;
		case '\f': buf_adds(out, "\\f"); break;
		case '\n': buf_adds(out, "\\n"); break;
		case '\r': buf_adds(out, "\\r"); break;
		case '\t': buf_adds(out, "\\t"); break;
		default:
			if (*p < 0x20) {
				buf_adds(out, "\\u00");
				buf_addc(out, hex[*p >> 4]);
				buf_addc(out, hex[*p & 15]);
			} else {
				buf_addc(out, (char)*p);
			}
		}
	}
	buf_addc(out, '"');
}

/* s as valid UTF-8 (a malloc'd copy). */
static char *utf8(const char *s)
{
	struct buf b = BUF_INIT;

	text_utf8_lossy(&b, s, strlen(s));
	return buf_detach(&b);
}

enum calm_rc pg_event_data(struct store *st, const char *const *kv, char **data,
			   struct calm_err *err)
{
	struct buf b = BUF_INIT;
	size_t n = 0;
	char **keys, **vals;

	(void)st;
	(void)err;
	*data = NULL;
	if (!kv || !kv[0])
		return CALM_OK;
	while (kv[2 * n] && (n == 0 || kv[2 * n - 1])) /* a NULL value ends the list */
		n++;
	keys = xcalloc(n, sizeof *keys);
	vals = xcalloc(n, sizeof *vals);
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		char *k = utf8(kv[2 * i]), *v = utf8(kv[2 * i + 1] ? kv[2 * i + 1] : "");
		size_t at = used;

		for (size_t j = 0; j < used; j++)
			if (strcmp(keys[j], k) == 0)
				at = j;
		if (at < used) { /* json_patch: the same key replaces in place */
			free(k);
			free(vals[at]);
		} else {
			keys[used++] = k;
		}
		vals[at] = v;
	}
	buf_addc(&b, '{');
	for (size_t i = 0; i < used; i++) {
		if (i)
			buf_addc(&b, ',');
		json_quote(&b, keys[i]);
		buf_addc(&b, ':');
		json_quote(&b, vals[i]);
		free(keys[i]);
		free(vals[i]);
	}
	buf_addc(&b, '}');
	free(keys);
	free(vals);
	*data = buf_detach(&b);
	return CALM_OK;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

enum calm_rc pg_search_query(const char *typed, bool advanced, struct buf *out,
			     struct calm_err *err)
{
	const char *p = typed;
	size_t words = 0;

	if (advanced) {
		buf_addc(out, 'w');
		buf_adds(out, typed);
		return CALM_OK;
	}
	buf_addc(out, 't');
	while (*p) {
		while (*p && is_blank(*p))
			p++;
		const char *w = p;
		while (*p && !is_blank(*p))
			p++;
		if (p == w)
			continue;
		if (words++)
			buf_addc(out, '\n');
		buf_add(out, w, (size_t)(p - w));
	}
	if (words == 0)
		return calm_err_set(err, CALM_USAGE, "empty search");
	return CALM_OK;
}

/* t as a quoted to_tsquery operand (pg_engine's similar_term). */
void pg_similar_term(struct buf *q, const char *t)
{
	buf_addc(q, '\'');
	for (; *t; t++) {
		if (*t == '\'' || *t == '\\')
			buf_addc(q, *t);
		buf_addc(q, *t);
	}
	buf_addc(q, '\'');
}
