/*
 * blame.h - the blame check: words in a draft that point at a person.
 *
 * The routine says never assign blame.  Before an update is sent (and
 * on the postmortem) its text is checked against a list of phrases
 * ("fault", "'s fault", "caused by <name>", "careless"...) and the names
 * of the people involved; every hit is reported with its place so the
 * console can name the words and ask to confirm.  It is a warning, not
 * a filter: a person decides.
 *
 * Matching is ASCII case-insensitive.  A phrase that begins (ends) with
 * a letter or digit must begin (end) at a word boundary, so "fault"
 * finds "my fault" but not "faulty", and "blame" not "blameless".  An
 * apostrophe in a phrase also matches a typographic one (U+2019).  The
 * token <name> in a phrase matches one of the names, or any word that
 * starts with a capital letter ("caused by Bob").  Names match as whole
 * words.  A hit of a phrase that starts with punctuation takes in the
 * word before it ("Bob's fault").  Overlapping hits are merged.
 */
#ifndef CALM_BLAME_H
#define CALM_BLAME_H

#include <stddef.h>

/* The built-in phrases, NULL-terminated; a playbook's blame: list
 * replaces them. */
extern const char *const blame_default_patterns[];

/* One hit. */
struct blame_match {
	size_t off;          /* byte offset in the text */
	size_t len;          /* bytes matched */
	const char *pattern; /* the phrase or name that matched (not owned) */
};

/* Hits of one check, in text order. */
struct blame_result {
	struct blame_match *m; /* malloc'd, n entries */
	size_t n;
};

/*
 * Check text against patterns (NULL-terminated; NULL means
 * blame_default_patterns) and names (NULL-terminated, may be NULL).
 * Fills *out (release with blame_result_release) and returns out->n.
 */
size_t blame_check(const char *text, const char *const *patterns,
		   const char *const *names, struct blame_result *out);

void blame_result_release(struct blame_result *r);

/*
 * The hits as one line, each quoted from the text: "'Bob's fault',
 * 'careless'" (at most n bytes into buf, cut with "...").
 */
void blame_result_words(const struct blame_result *r, const char *text,
			char *buf, size_t n);

#endif
