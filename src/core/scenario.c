/*
 * scenario.c - the scenario model: freeing it, the observations due by a
 * drill time, and matching a trainee's fix attempt to the scenario's by
 * its words (the rule is in scenario.h).
 *
 * Matching works on small word sets: an attempt is a line or two, a
 * scenario a few dozen fixes, so plain arrays and linear scans are all
 * it needs.
 */
#include "calm/scenario.h"

#include <stdlib.h>
#include <string.h>

#include "calm/text.h"

/* A set of words, each a malloc'd string. */
struct words {
	char **w;
	size_t n, cap;
};

static const char *const outcome_names[SC_OUTCOME_COUNT] = {
	[SC_WORKED] = "worked",
	[SC_PARTIAL] = "partial",
	[SC_FAILED] = "failed",
	[SC_ROLLED_BACK] = "rolled-back",
};

/* Words too common to say anything about a fix. */
static const char *const stop_words[] = {
	"a", "an", "and", "at", "for", "in", "is", "it", "of", "on", "or",
	"the", "to", "with", NULL,
};

const char *scenario_outcome_name(int outcome)
{
	return outcome >= 0 && outcome < SC_OUTCOME_COUNT ? outcome_names[outcome]
							  : NULL;
}

int scenario_outcome_parse(const char *name)
{
	for (int i = 0; name && i < SC_OUTCOME_COUNT; i++)
		if (strcmp(outcome_names[i], name) == 0)
			return i;
	return -1;
}

void scenario_free(struct scenario *sc)
{
	if (!sc)
		return;
	for (size_t i = 0; i < sc->nobs; i++) {
		free(sc->obs[i].author);
		free(sc->obs[i].text);
	}
	free(sc->obs);
	for (size_t i = 0; i < sc->nfixes; i++) {
		struct scenario_fix *f = &sc->fixes[i];
		free(f->what);
		for (size_t j = 0; f->also && f->also[j]; j++)
			free(f->also[j]);
		free(f->also);
		free(f->note);
	}
	free(sc->fixes);
	free(sc->title);
	free(sc->product);
	free(sc->source);
	free(sc);
}

size_t scenario_due(const struct scenario *sc, size_t next, long long drill_ms)
{
	while (sc && next < sc->nobs && sc->obs[next].at_ms <= drill_ms)
		next++;
	return next;
}

static bool words_has(const struct words *ws, const char *w)
{
	for (size_t i = 0; i < ws->n; i++)
		if (strcmp(ws->w[i], w) == 0)
			return true;
	return false;
}

/* Add the word in b (then empty b) unless it is a stop word or known. */
static void words_take(struct words *ws, struct buf *b)
{
	bool stop = false;

	if (b->len == 0)
		return;
	for (size_t i = 0; stop_words[i]; i++)
		stop = stop || strcmp(stop_words[i], b->s) == 0;
	if (!stop && !words_has(ws, b->s)) {
		if (ws->n == ws->cap) {
			ws->cap = ws->cap ? 2 * ws->cap : 8;
			ws->w = xrealloc(ws->w, ws->cap * sizeof *ws->w);
		}
		ws->w[ws->n++] = xstrdup(b->s);
	}
	buf_reset(b);
}

/* Non-ASCII characters that separate words: the punctuation blocks
 * (no-break space, typographic quotes and dashes, CJK punctuation). */
static bool separates(unsigned cp)
{
	return (cp >= 0xa0 && cp <= 0xbf) || (cp >= 0x2000 && cp <= 0x206f) ||
	       (cp >= 0x3000 && cp <= 0x303f);
}

static void words_of(const char *text, struct words *ws)
{
	struct buf b = BUF_INIT;
	size_t len = text ? strlen(text) : 0;

	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)text[i];
		unsigned cp = 0;
		size_t n = 1;

		if (c >= 0x80)
			n = text_utf8_decode(text + i, len - i, &cp);
		if (c >= 'A' && c <= 'Z')
			buf_addc(&b, (char)(c - 'A' + 'a'));
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			buf_addc(&b, (char)c);
		else if (c >= 0x80 && n > 0 && !separates(cp))
			buf_add(&b, text + i, n);
		else
			words_take(ws, &b);
		i += n ? n : 1; /* an invalid byte separates */
	}
	words_take(ws, &b);
	buf_release(&b);
}

static void words_release(struct words *ws)
{
	for (size_t i = 0; i < ws->n; i++)
		free(ws->w[i]);
	free(ws->w);
	ws->w = NULL;
	ws->n = ws->cap = 0;
}

void scenario_words(struct buf *out, const char *text)
{
	struct words ws = { 0 };

	words_of(text, &ws);
	for (size_t i = 0; i < ws.n; i++) {
		if (i > 0)
			buf_addc(out, ' ');
		buf_adds(out, ws.w[i]);
	}
	words_release(&ws);
}

/* How well one wording does against the attempt's words. */
struct fit {
	size_t shared; /* wording words found in the attempt */
	size_t total;  /* wording words */
};

static struct fit fit_of(const char *wording, const struct words *attempt)
{
	struct words ws = { 0 };
	struct fit f = { 0, 0 };

	words_of(wording, &ws);
	f.total = ws.n;
	for (size_t i = 0; i < ws.n; i++)
		f.shared += words_has(attempt, ws.w[i]);
	words_release(&ws);
	return f;
}

static bool fit_matches(struct fit f)
{
	return f.shared >= 1 &&
	       (f.shared == f.total || (f.shared >= 2 && 2 * f.shared >= f.total));
}

/* a fits better than b: a larger share, then more words shared. */
static bool fit_better(struct fit a, struct fit b)
{
	unsigned long long x = (unsigned long long)a.shared * b.total;
	unsigned long long y = (unsigned long long)b.shared * a.total;

	return x > y || (x == y && a.shared > b.shared);
}

int scenario_match(const struct scenario *sc, const char *attempt)
{
	struct words aw = { 0 };
	struct fit best = { 0, 1 };
	int found = -1;

	if (!sc || !attempt)
		return -1;
	words_of(attempt, &aw);
	for (size_t i = 0; i < sc->nfixes; i++) {
		const struct scenario_fix *fx = &sc->fixes[i];
		for (size_t j = 0; j == 0 || (fx->also && fx->also[j - 1]); j++) {
			struct fit f = fit_of(j == 0 ? fx->what : fx->also[j - 1], &aw);
			if (fit_matches(f) && (found < 0 || fit_better(f, best))) {
				best = f;
				found = (int)i;
			}
		}
	}
	words_release(&aw);
	return found;
}
