/*
 * md.h - Markdown that reads as it was written: text from the record
 * put into a document with only the escapes CommonMark (and GitHub's
 * tables and strikethrough) would otherwise read as markup at that
 * place.  Pure C, no I/O.
 *
 * A document is built in two steps.  While it is built, every piece of
 * text from the record goes in through md_text(), which makes control,
 * bidi and invisible characters visible (text.h) and marks the piece;
 * the document's own markup (headings, list markers, table pipes, bold
 * labels) is written as it is.  md_finish() then reads the whole
 * document, so it knows what stands before and after each piece, and
 * escapes a character of a piece only when it would be markup there:
 *
 *   *  _  ~   a run that could open emphasis (or strikethrough) with a
 *             run later in the same block that could close it, or close
 *             one opened before it (CommonMark's flanking rules);
 *             "a * b", "snake_case", "~30%" stay as they are
 *   `         a run with another run of the same length in its block
 *   ]         followed by ( or [ (a link or image); [ at a block's start
 *             on a line with ]: (a link reference definition)
 *   <         followed by a letter, / ! or ? (HTML, autolinks)
 *   &         starting an entity (&amp; &#38;)
 *   \         before ASCII punctuation or at a line's end
 *   |         in a table cell (md_text's MD_CELL)
 *   at the start of a line (or of a list item's text): # of a heading,
 *   >, a list marker (- + * then a space, "1." "1)" then a space), a
 *   thematic break or setext line (---, ===, ***), a code fence (```
 *   ~~~), a table delimiter row; leading blanks dropped (four would make
 *   a code block), trailing blanks dropped (two make a line break).
 *
 * Inside a fenced code block of the document's own nothing is escaped.
 * Blocks are told apart conservatively (a blank line, a line the
 * document starts with a list marker, heading or pipe, a table cell),
 * so a doubt escapes rather than lets markup through.
 */
#ifndef CALM_MD_H
#define CALM_MD_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/buf.h"

enum md_text_flags {
	MD_ONE_LINE = 1 << 0, /* newlines (and CR) become spaces */
	MD_CELL = 1 << 1,     /* a table cell: one line, every | escaped */
};

/*
 * Append s[0..len) (any bytes) to out as a marked piece of record text:
 * sanitised (text_sanitize with newlines kept unless MD_ONE_LINE, tabs
 * as spaces), blank lines inside it folded to one line break so a piece
 * stays one block.
 */
void md_text(struct buf *out, const char *s, size_t len, unsigned flags);

/* md_text of a NUL-terminated string. */
void md_texts(struct buf *out, const char *s, unsigned flags);

/*
 * Append the finished document to out: doc[0..len) with its marks
 * removed and the escapes above made.  Control bytes in the document's
 * own text (other than newline) are dropped.  When lines is not NULL,
 * one byte per output line is appended to it: '1' for a line that
 * holds record text (md_text), '0' for the document's own.
 */
void md_finish(struct buf *out, const char *doc, size_t len, struct buf *lines);

/*
 * Whether doc[0..len) ends inside a fenced code block of the document's
 * own.  A document finished in pieces (md_finish on each) comes out as
 * it would whole when every piece ends with a line break that ends a
 * block, outside such a fence: what a writer that streams asks first.
 */
bool md_in_fence(const char *doc, size_t len);

#endif
