/*
 * text.h - untrusted text: UTF-8 checks and rendering it inert.
 *
 * Notes, titles and file contents may hold escape sequences (pasted
 * coloured logs), carriage returns, bidi overrides or invisible
 * characters.  They are stored exactly, and turned inert only on the way
 * to a terminal: text_sanitize() shows C0 controls as ^X (ESC as ^[),
 * DEL as ^?, C1 controls, bidi controls, zero-width and tag characters
 * as <U+XXXX>, and invalid UTF-8 bytes as <XX>.
 */
#ifndef CALM_TEXT_H
#define CALM_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/buf.h"

enum text_sanitize_flags {
	TEXT_KEEP_NEWLINE = 1 << 0, /* let '\n' through (multi-line output) */
	TEXT_TAB_SPACE = 1 << 1,    /* show TAB as one space instead of ^I */
	TEXT_KEEP_TAB = 1 << 2,     /* let TAB through (it only moves right) */
};

/* True when s[0..len) is valid UTF-8 with no NUL, overlong form or surrogate. */
bool text_is_utf8(const char *s, size_t len);

/*
 * Decode one UTF-8 character at s (at most len bytes): returns its
 * length (1..4) and sets *cp, or returns 0 for an invalid sequence.
 */
size_t text_utf8_decode(const char *s, size_t len, unsigned *cp);

/* Encode code point cp (< 0x110000) as UTF-8 into out; returns 1..4. */
size_t text_utf8_encode(unsigned cp, char out[4]);

/* True for a code point that must never reach a terminal raw. */
bool text_cp_is_unsafe(unsigned cp);

/*
 * The first terminal control in valid UTF-8 s[0..len): a C0 control
 * other than TAB and LF, DEL, or a C1 control.  Returns true and sets
 * *cp when there is one.  (Text that is only shown is sanitised; this is
 * for sources that have no business holding controls at all: YAML.)
 */
bool text_find_control(const char *s, size_t len, unsigned *cp);

/* Append s[0..len) to out with every unsafe character made visible. */
void text_sanitize(struct buf *out, const char *s, size_t len, unsigned flags);

/* The longest replacement text_inert_next() writes, with its NUL. */
#define TEXT_REP_MAX 16

/*
 * One character of s[0..len) (len > 0) as text_sanitize() shows it, for
 * callers that decode as they go (the console's drawing): returns the
 * bytes it took (at least 1).  rep[0] == '\0' when the character is kept
 * as it is: its code point is *cp.  Otherwise rep holds what shows
 * instead (ASCII: "^[", "<U+202E>", "<FF>", " " for a TAB with
 * TEXT_TAB_SPACE).  text_sanitize() is made of it, so both always agree.
 */
size_t text_inert_next(const char *s, size_t len, unsigned flags, unsigned *cp,
		       char rep[TEXT_REP_MAX]);

/*
 * Columns valid UTF-8 s[0..len) takes on a terminal (wcwidth(); a
 * character it does not know counts one).  With cols >= 0, stop before
 * the first character that would pass cols columns: returns the bytes
 * of the prefix that fits and sets *used (may be NULL) to its columns.
 * With cols < 0, returns len and *used is the width of the whole.
 */
size_t text_fit(const char *s, size_t len, int cols, int *used);

/* A size as people read it, into buf: "512 bytes", "64.0 KiB",
 * "100.0 MiB".  Returns buf. */
char *text_size(unsigned long long bytes, char *buf, size_t n);

/* Convenience: sanitize a C string into a new malloc'd string. */
char *text_sanitize_dup(const char *s, unsigned flags);

/*
 * Append s[0..len) to out as valid UTF-8 with no NUL: every byte that is
 * not part of a valid character, and every NUL, becomes U+FFFD.  Returns
 * true when out received exactly s (nothing was replaced), so a caller
 * keeps the exact bytes beside the string only when they differ.
 */
bool text_utf8_lossy(struct buf *out, const char *s, size_t len);

/* Append the standard base64 (RFC 4648, padded) of p[0..len) to out. */
void text_base64(struct buf *out, const void *p, size_t len);

/*
 * The rule for a name a person goes by (--as, CALM_AUTHOR, a role's
 * holder, an imported entry's author), said once: 1 to TEXT_NAME_MAX
 * bytes of valid UTF-8, one line, no control characters.
 * TEXT_NAME_RULE is how refusals say it.
 */
#define TEXT_NAME_MAX 64
#define TEXT_NAME_STR_(n) #n
#define TEXT_NAME_STR(n) TEXT_NAME_STR_(n)
#define TEXT_NAME_RULE "1 to " TEXT_NAME_STR(TEXT_NAME_MAX) " printable characters"

/* True when s[0..len) is a name by that rule. */
bool text_is_name(const char *s, size_t len);

/* Trim ASCII whitespace at both ends in place; returns s. */
char *text_trim(char *s);

#endif
