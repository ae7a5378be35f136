/*
 * blame.c - find words that point at a person in a draft.  See blame.h
 * for the matching rules.  Texts are a few kilobytes and the lists a
 * few dozen entries, so a plain scan at every offset is fast enough.
 */
#include "calm/blame.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"

const char *const blame_default_patterns[] = {
	"fault", "'s fault", "at fault", "blame", "blamed", "blaming",
	"caused by <name>", "thanks to <name>", "screwed up", "messed up",
	"should have known", "should have checked", "careless", "carelessness",
	"incompetent", "incompetence", "idiot", "stupid", "negligent",
	"negligence", "sloppy", "lazy", "his mistake", "her mistake",
	"their mistake", "human error",
	NULL,
};

static const char name_token[] = "<name>";

static bool word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Is a word boundary before text[i]? */
static bool boundary_before(const char *text, size_t i)
{
	return i == 0 || !word_char((unsigned char)text[i - 1]);
}

static bool boundary_at(const char *text, size_t i)
{
	return !word_char((unsigned char)text[i]);
}

/* Length of name matched whole-word at text+i, or 0. */
static size_t match_name(const char *text, size_t i, const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || !boundary_before(text, i))
		return 0;
	for (size_t k = 0; k < n; k++)
		if (!text[i + k] || lower(text[i + k]) != lower(name[k]))
			return 0;
	return boundary_at(text, i + n) ? n : 0;
}

/* Length of a capitalised word or a known name at text+i, or 0. */
static size_t match_person(const char *text, size_t i,
			   const char *const *names)
{
	size_t n;

	for (size_t k = 0; names && names[k]; k++)
		if ((n = match_name(text, i, names[k])) > 0)
			return n;
	if (!(text[i] >= 'A' && text[i] <= 'Z') || !boundary_before(text, i))
		return 0;
	n = 1;
	while (word_char((unsigned char)text[i + n]) || text[i + n] == '-')
		n++;
	return n;
}

/*
 * Length of pattern matched at text+i (case-insensitive, boundaries as
 * blame.h says), or 0.
 */
static size_t match_pattern(const char *text, size_t i, const char *pat,
			    const char *const *names)
{
	size_t t = i, p = 0, len = strlen(pat);

	if (len == 0)
		return 0;
	if (word_char((unsigned char)pat[0]) && !boundary_before(text, i))
		return 0;
	while (p < len) {
		if (strncmp(pat + p, name_token, sizeof name_token - 1) == 0) {
			size_t n = match_person(text, t, names);
			if (n == 0)
				return 0;
			t += n;
			p += sizeof name_token - 1;
			continue;
		}
		if (pat[p] == '\'' && strncmp(text + t, "\xe2\x80\x99", 3) == 0) {
			t += 3;
			p++;
			continue;
		}
		if (pat[p] == ' ' && (text[t] == ' ' || text[t] == '\t' || text[t] == '\n')) {
			while (text[t] == ' ' || text[t] == '\t' || text[t] == '\n')
				t++;
			p++;
			continue;
		}
		if (!text[t] || lower(text[t]) != lower(pat[p]))
			return 0;
		t++;
		p++;
	}
	if (word_char((unsigned char)pat[len - 1]) && !boundary_at(text, t))
		return 0;
	return t - i;
}

static void add_match(struct blame_result *r, size_t *cap, size_t off,
		      size_t len, const char *pattern)
{
	/* merge with the previous hit when they overlap: keep the union */
	if (r->n > 0) {
		struct blame_match *last = &r->m[r->n - 1];
		if (off < last->off + last->len) {
			if (off + len > last->off + last->len) {
				last->len = off + len - last->off;
				last->pattern = pattern;
			}
			return;
		}
	}
	if (r->n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		r->m = xrealloc(r->m, *cap * sizeof *r->m);
	}
	r->m[r->n++] = (struct blame_match){ off, len, pattern };
}

size_t blame_check(const char *text, const char *const *patterns,
		   const char *const *names, struct blame_result *out)
{
	size_t cap = 0;

	memset(out, 0, sizeof *out);
	if (!patterns)
		patterns = blame_default_patterns;
	for (size_t i = 0; text[i]; i++) {
		size_t best = 0;
		const char *which = NULL, *which_name = NULL;

		for (size_t k = 0; patterns[k]; k++) {
			size_t n = match_pattern(text, i, patterns[k], names);
			if (n > best) {
				best = n;
				which = patterns[k];
			}
		}
		for (size_t k = 0; names && names[k]; k++) {
			size_t n = match_name(text, i, names[k]);
			if (n > best) {
				best = n;
				which_name = names[k];
			}
		}
		if (best) {
			size_t start = i;
			/* "'s fault": show whose, "Bob's fault" */
			if (!which_name && !word_char((unsigned char)which[0]))
				while (start > 0 && word_char((unsigned char)text[start - 1]))
					start--;
			add_match(out, &cap, start, best + (i - start),
				  which_name ? which_name : which);
		}
	}
	return out->n;
}

void blame_result_release(struct blame_result *r)
{
	if (!r)
		return;
	free(r->m);
	memset(r, 0, sizeof *r);
}

void blame_result_words(const struct blame_result *r, const char *text,
			char *buf, size_t n)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < r->n; i++) {
		buf_addf(&b, "%s'", i ? ", " : "");
		/* one line: a hit spanning a newline shows it as a space */
		for (size_t k = 0; k < r->m[i].len; k++) {
			char c = text[r->m[i].off + k];
			buf_addc(&b, c == '\n' || c == '\t' ? ' ' : c);
		}
		buf_addc(&b, '\'');
	}
	if (b.len >= n && n > 4)
		snprintf(buf, n, "%.*s...", (int)(n - 4), buf_cstr(&b));
	else
		snprintf(buf, n, "%s", buf_cstr(&b));
	buf_release(&b);
}
