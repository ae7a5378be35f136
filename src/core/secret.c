/*
 * secret.c - the secret filter (see secret.h): POSIX regular
 * expressions from libc, matched with REG_STARTEND so a piece of text
 * need not be NUL-terminated; the ranges found by every pattern are
 * merged, then each is replaced by SECRET_MASK.
 *
 * Each built-in pattern starts with a literal or a small set of
 * characters (glibc skips to the positions that can start a match), so
 * a megabyte of output is scanned in linear time: a pattern that could
 * start anywhere with an unbounded run (such as a URL scheme before
 * "://") would try every position to the end, quadratic.  Patterns are
 * compiled and run in the "C" locale: secrets are ASCII, and glibc's
 * matcher in a UTF-8 locale converts every piece of text to wide
 * characters first (fifty times slower on binary output).
 */
#include "calm/secret.h"

#include <locale.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_RE "(password|passwd|passphrase|pwd|secret|token|api[-_]?key|" \
	"access[-_]?key|secret[-_]?key|private[-_]?key|client[-_]?secret)"

const struct secret_default secret_defaults[] = {
	{ "password=, token=, api_key: ... (the value)",
	  NAME_RE "[\"']?[[:space:]]*[=:][[:space:]]*(\"[^\"]*\"|'[^']*'|[^][:space:]\"'&;,)(}]+)",
	  2, true },
	{ "--password VALUE, --token VALUE",
	  "--(password|passwd|token|secret|api-key)[= ]+([^[:space:]]+)", 2, true },
	{ "Authorization: and Proxy-Authorization: headers (the credentials)",
	  "(proxy-)?authorization[[:space:]]*:[[:space:]]*([^\r\n\"']+)", 2, true },
	{ "Bearer tokens", "bearer[[:space:]]+([A-Za-z0-9._~+/=-]{12,})", 1, true },
	{ "AWS access key ids",
	  "(A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}", 0, false },
	{ "aws_secret_access_key values",
	  "aws_secret_access_key[\"']?[[:space:]]*[=:][[:space:]]*[\"']?([A-Za-z0-9/+=]{40})", 1, true },
	{ "private key blocks (the key)",
	  "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(([^-]|-[^-])*)", 1, false },
	{ "passwords in URLs (user:PASSWORD@host)",
	  "://[^/:@[:space:]]+:([^/@[:space:]]+)@", 1, false },
	{ "GitHub tokens", "gh[pousr]_[A-Za-z0-9]{36,}", 0, false },
	{ "Slack tokens", "xox[abposr]-[A-Za-z0-9-]{10,}", 0, false },
};
const size_t secret_ndefaults = sizeof secret_defaults / sizeof secret_defaults[0];

struct pattern {
	regex_t re;
	int group;
};

struct secret_filter {
	struct pattern *v;
	size_t n;
};

struct range {
	size_t a, b; /* [a, b) */
};

struct ranges {
	struct range *v;
	size_t n, cap;
};

/* The "C" locale, made once (NULL if it cannot be: then the current). */
static locale_t c_locale(void)
{
	static locale_t c;

	if (!c)
		c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	return c;
}

static int compile(regex_t *re, const char *pattern, bool icase, char *why, size_t n)
{
	locale_t old = c_locale() ? uselocale(c_locale()) : (locale_t)0;
	int e = regcomp(re, pattern, REG_EXTENDED | (icase ? REG_ICASE : 0));

	if (e != 0 && why)
		regerror(e, re, why, n);
	if (old)
		uselocale(old);
	return e;
}

bool secret_pattern_ok(const char *pattern, char *why, size_t n)
{
	regex_t re;

	if (compile(&re, pattern, false, why, n) != 0)
		return false;
	regfree(&re);
	return true;
}

enum calm_rc secret_filter_new(const char *const *patterns,
			       struct secret_filter **out,
			       struct calm_err *err)
{
	struct secret_filter *f = xcalloc(1, sizeof *f);
	size_t extra = 0;
	char why[200];

	while (patterns && patterns[extra])
		extra++;
	f->v = xcalloc(secret_ndefaults + extra, sizeof *f->v);
	for (size_t i = 0; i < secret_ndefaults + extra; i++) {
		bool dflt = i < secret_ndefaults;
		const char *re = dflt ? secret_defaults[i].regex : patterns[i - secret_ndefaults];

		if (compile(&f->v[i].re, re, dflt && secret_defaults[i].icase, why, sizeof why)) {
			secret_filter_free(f);
			*out = NULL;
			return calm_err_set(err, CALM_CONFIG, "bad secret pattern '%.100s': %s",
					    re, why);
		}
		f->n++;
		f->v[i].group = dflt ? secret_defaults[i].group : f->v[i].re.re_nsub > 0;
	}
	*out = f;
	return CALM_OK;
}

void secret_filter_free(struct secret_filter *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		regfree(&f->v[i].re);
	free(f->v);
	free(f);
}

static void range_add(struct ranges *r, size_t a, size_t b)
{
	if (b <= a)
		return;
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 8;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
	}
	r->v[r->n++] = (struct range){ a, b };
}

/* Every match of p in s[a..b) (no NUL inside) into r. */
static void find(const struct pattern *p, const char *s, size_t a, size_t b,
		 struct ranges *r)
{
	regmatch_t m[10];
	size_t pos = a;
	int g = p->group < 10 ? p->group : 0;

	while (pos < b) {
		m[0].rm_so = (regoff_t)pos;
		m[0].rm_eo = (regoff_t)b;
		if (regexec(&p->re, s, 10, m, REG_STARTEND | (pos > a ? REG_NOTBOL : 0)) != 0)
			return;
		if (m[g].rm_so >= 0)
			range_add(r, (size_t)m[g].rm_so, (size_t)m[g].rm_eo);
		pos = (size_t)m[0].rm_eo > pos ? (size_t)m[0].rm_eo : pos + 1;
	}
}

static int by_start(const void *x, const void *y)
{
	const struct range *a = x, *b = y;

	return a->a < b->a ? -1 : a->a > b->a;
}

size_t secret_mask(const struct secret_filter *f, const char *s, size_t len,
		   struct buf *out)
{
	return secret_mask_at(f, s, len, out, NULL);
}

size_t secret_mask_at(const struct secret_filter *f, const char *s, size_t len,
		      struct buf *out, size_t *pos)
{
	size_t base = out->len, want = pos ? *pos : 0;
	bool mapped = false;
	struct ranges r = { NULL, 0, 0 };
	size_t a = 0, at = 0, masked = 0;
	locale_t old = c_locale() ? uselocale(c_locale()) : (locale_t)0;

	while (f && a < len) {
		const char *nul = memchr(s + a, '\0', len - a);
		size_t b = nul ? (size_t)(nul - s) : len;

		for (size_t i = 0; i < f->n && b > a; i++)
			find(&f->v[i], s, a, b, &r);
		a = b + 1;
	}
	if (old)
		uselocale(old);
	if (r.n)
		qsort(r.v, r.n, sizeof *r.v, by_start);
	for (size_t i = 0; i < r.n;) {
		size_t start = r.v[i].a, end = r.v[i].b;

		/* sorted by start: merge every range that overlaps this one */
		for (i++; i < r.n && r.v[i].a <= end; i++)
			if (r.v[i].b > end)
				end = r.v[i].b;
		if (pos && !mapped && want <= start) {
			*pos = out->len - base + (want - at);
			mapped = true;
		}
		buf_add(out, s + at, start - at);
		buf_adds(out, SECRET_MASK);
		if (pos && !mapped && want < end) { /* inside: the end of its mask */
			*pos = out->len - base;
			mapped = true;
		}
		at = end;
		masked++;
	}
	if (pos && !mapped)
		*pos = out->len - base + (want - at);
	buf_add(out, s + at, len - at);
	free(r.v);
	return masked;
}
