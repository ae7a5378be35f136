/*
 * secret.h - masking secrets before anything is stored.
 *
 * Notes, command lines and command output captured during an incident
 * often hold credentials: `curl -H 'Authorization: Bearer ...'`,
 * `mysql --password=...`, an AWS key pasted from a console, a private
 * key cat'ed by mistake.  Every piece of text calm captures (calm log,
 * calm run, the shell hook, calm import) passes through one filter
 * before it reaches the database, so the timeline never holds them.
 *
 * A filter is the built-in patterns (secret_defaults) plus the
 * playbook's own `secrets:` list.  Patterns are POSIX extended regular
 * expressions; a playbook pattern masks what its first parenthesised
 * group matched, or the whole match when it has no group.  What is
 * masked is replaced by SECRET_MASK.  Text may hold any bytes (NUL,
 * invalid UTF-8): it is matched piece by piece between NUL bytes, and
 * bytes outside the matches are copied exactly.
 */
#ifndef CALM_SECRET_H
#define CALM_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/buf.h"
#include "calm/rc.h"

/* What a masked secret becomes. */
#define SECRET_MASK "****"

/* One built-in pattern. */
struct secret_default {
	const char *name;    /* what it catches, for the docs */
	const char *regex;   /* POSIX ERE */
	int group;           /* the group masked; 0: the whole match */
	bool icase;          /* case-insensitive */
};

extern const struct secret_default secret_defaults[];
extern const size_t secret_ndefaults;

struct secret_filter;

/*
 * Compile the defaults and patterns (NULL-terminated, may be NULL) into
 * *out.  A pattern that does not compile is CALM_CONFIG with "bad
 * secret pattern 'P': why".
 */
enum calm_rc secret_filter_new(const char *const *patterns,
			       struct secret_filter **out,
			       struct calm_err *err);

void secret_filter_free(struct secret_filter *f);

/*
 * Check one playbook pattern; false with a reason in why (size n) when
 * it does not compile.
 */
bool secret_pattern_ok(const char *pattern, char *why, size_t n);

/*
 * Append s[0..len) to out with every secret replaced by SECRET_MASK.
 * Returns the number of secrets masked.  s[len] must be readable and
 * NUL (a C string or a struct buf is): the matcher is told where the
 * text ends, but sanitizers' checks of regexec() read to a NUL.
 */
size_t secret_mask(const struct secret_filter *f, const char *s, size_t len,
		   struct buf *out);

/*
 * As secret_mask; *pos, an offset into s (at most len), becomes the
 * offset of the same place in the text appended to out: a secret's
 * start stays before its mask, a place inside it moves to the mask's end.
 */
size_t secret_mask_at(const struct secret_filter *f, const char *s, size_t len,
		      struct buf *out, size_t *pos);

#endif
