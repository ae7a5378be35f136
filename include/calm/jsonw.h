/*
 * jsonw.h - writing JSON text by hand, for values computed in C (the
 * store builds its own JSON with SQLite).  Strings are escaped as
 * RFC 8259 asks, plus U+2028 and U+2029 (so the text is also valid
 * JavaScript) and DEL; bytes that are not valid UTF-8 become U+FFFD.
 */
#ifndef CALM_JSONW_H
#define CALM_JSONW_H

#include "calm/buf.h"

/* s as a JSON string, or null when s is NULL. */
void jsonw_str(struct buf *b, const char *s);

/* UTC ms as an RFC 3339 string with milliseconds, or null when ms is 0
 * (not set) or outside the calendar (when.h: a damaged row). */
void jsonw_time(struct buf *b, long long ms);

#endif
