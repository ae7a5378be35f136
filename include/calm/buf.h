/*
 * buf.h - a growable, always NUL-terminated byte buffer (after git's strbuf).
 *
 * struct buf b = BUF_INIT; buf_add(&b, "x", 1); ... buf_release(&b);
 * b.s is never NULL after the first add; before it, use buf_cstr(&b).
 * Allocation failure aborts with a message: calm cannot do anything
 * sensible without memory, and callers stay simple.
 */
#ifndef CALM_BUF_H
#define CALM_BUF_H

#include <stddef.h>

struct buf {
	char *s;    /* the bytes, NUL-terminated; NULL until first growth */
	size_t len; /* bytes used, not counting the NUL */
	size_t cap; /* bytes allocated */
};

#define BUF_INIT { NULL, 0, 0 }

void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The contents as a C string ("" when empty); valid until the next add. */
const char *buf_cstr(const struct buf *b);
/* Hand the malloc'd string to the caller and reset b. */
char *buf_detach(struct buf *b);
void buf_reset(struct buf *b);
/* Make room for extra more bytes and the NUL (b->s is then not NULL). */
void buf_grow(struct buf *b, size_t extra);
void buf_release(struct buf *b);

/* malloc/realloc/strdup that abort on failure with "calm: out of memory". */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
