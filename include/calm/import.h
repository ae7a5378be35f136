/*
 * import.h - timelines written elsewhere, read into entries.
 *
 * Pure parsers over bytes already read: a CSV file with the header
 * `time,author,text` (what `calm export --format csv` writes) and a
 * Markdown list of `- HH:MM text` lines.  (Slack exports are JSON and
 * read in src/app.)  Each entry keeps its exact bytes (any byte but
 * what the format itself uses), its moment and author, and the line it
 * started on.
 *
 * Errors: the first problem as CALM_DATA "PATH:LINE: message", and
 * the list is emptied: a file imports whole or not at all.
 *
 * CSV (RFC 4180): fields separated by commas, records by LF or CR LF;
 * a field in double quotes may hold commas, quotes (doubled) and line
 * breaks, kept as they are.  A UTF-8 byte-order mark is skipped; blank
 * lines are skipped.  time: RFC 3339 or YYYY-MM-DD HH:MM[:SS]; without
 * Z or an offset it is read in `zone` (WHEN_LOCAL: the local zone, else
 * UTC).
 *
 * Markdown: `- HH:MM text` or `* HH:MM text` items, in order; a time
 * earlier than the previous item's moves to the next day.  Lines
 * indented by two or more spaces continue the item above (joined with
 * a newline); blank lines and `#` headings are skipped; anything else
 * is an error.
 */
#ifndef CALM_IMPORT_H
#define CALM_IMPORT_H

#include <stddef.h>

#include "calm/rc.h"

struct import_entry {
	long long ms;     /* when it happened, UTC ms */
	char *author;     /* NUL-terminated, no NUL inside */
	char *text;       /* the bytes (NUL-terminated for convenience) */
	size_t len;       /* their number; text may hold NUL */
	long line;        /* the line it started on, from 1 */
	char *where;      /* where it came from when not source:line
			     ("general/2023-02-01.json#3"), else NULL */
};

struct import_list {
	struct import_entry *v;
	size_t n, cap;
	char *source;     /* the path, for messages */
};

void import_list_release(struct import_list *l);

/* Append one entry (copies of author and text[0..len)). */
void import_list_add(struct import_list *l, long long ms, const char *author,
		     const char *text, size_t len, long line);

/* Parse a CSV timeline; zone is 0 or WHEN_LOCAL (when.h). */
enum calm_rc import_csv(const char *path, const char *s, size_t len,
			unsigned zone, struct import_list *out,
			struct calm_err *err);

/*
 * Parse a Markdown list; day_ms is the first item's day (its date at
 * midnight UTC: when_parse(WHEN_DATE) without WHEN_LOCAL), and the
 * items' clock times are read in zone (0 or WHEN_LOCAL) on that date;
 * author is the author of every item.
 */
enum calm_rc import_md(const char *path, const char *s, size_t len,
		       long long day_ms, unsigned zone, const char *author,
		       struct import_list *out, struct calm_err *err);

#endif
