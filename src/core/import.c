/*
 * import.c - the CSV and Markdown timeline parsers (see import.h).
 *
 * Both walk the bytes once, counting lines, and stop at the first
 * problem with "PATH:LINE: message", so a person fixes one thing at a
 * time and nothing half-read is ever imported.
 */
#include "calm/import.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "calm/buf.h"
#include "calm/text.h"
#include "calm/when.h"

#define DAY_MS 86400000LL
#define CSV_FIELDS 3

void import_list_release(struct import_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].author);
		free(l->v[i].text);
		free(l->v[i].where);
	}
	free(l->v);
	free(l->source);
	memset(l, 0, sizeof *l);
}

void import_list_add(struct import_list *l, long long ms, const char *author,
		     const char *text, size_t len, long line)
{
	struct import_entry *e;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	e = &l->v[l->n++];
	e->ms = ms;
	e->author = xstrdup(author);
	e->text = xmalloc(len + 1);
	memcpy(e->text, text, len);
	e->text[len] = '\0';
	e->len = len;
	e->line = line;
	e->where = NULL;
}

/* The error, and an empty list. */
static enum calm_rc fail(struct import_list *out, struct calm_err *err,
			 const char *path, long line, const char *what,
			 const char *bad)
{
	char *safe = bad ? text_sanitize_dup(bad, 0) : NULL;

	import_list_release(out);
	calm_err_set(err, CALM_DATA, "%s:%ld: %s%s%.60s%s", path, line, what,
		     safe ? " '" : "", safe ? safe : "", safe ? "'" : "");
	free(safe);
	return CALM_DATA;
}

/* ---- CSV ---- */

struct csv {
	const char *s;
	size_t len, i;
	long line;                 /* the line at i */
	struct buf f[CSV_FIELDS];  /* the fields of the record read */
	int nf;                    /* fields read (may exceed CSV_FIELDS) */
	const char *why;           /* what was wrong, when reading failed */
};

/* One field at c->i into f (NULL: counted, not kept); false on error. */
static bool csv_field(struct csv *c, struct buf *f)
{
	struct buf spare = BUF_INIT;

	if (!f)
		f = &spare;
	if (c->i < c->len && c->s[c->i] == '"') {
		for (c->i++;; c->i++) {
			if (c->i >= c->len) {
				c->why = "a quoted field is not closed";
				break;
			}
			if (c->s[c->i] == '"' && c->i + 1 < c->len && c->s[c->i + 1] == '"') {
				buf_addc(f, '"');
				c->i++;
				continue;
			}
			if (c->s[c->i] == '"') {
				c->i++;
				break;
			}
			if (c->s[c->i] == '\n')
				c->line++;
			buf_addc(f, c->s[c->i]);
		}
		if (!c->why && c->i < c->len && c->s[c->i] != ',' && c->s[c->i] != '\n' &&
		    !(c->s[c->i] == '\r' && c->i + 1 < c->len && c->s[c->i + 1] == '\n'))
			c->why = "text after the closing quote of a field";
	} else {
		for (; c->i < c->len; c->i++) {
			char ch = c->s[c->i];

			if (ch == ',' || ch == '\n' ||
			    (ch == '\r' && c->i + 1 < c->len && c->s[c->i + 1] == '\n'))
				break;
			if (ch == '"') {
				c->why = "a quote inside a field that is not quoted (quote the field)";
				break;
			}
			buf_addc(f, ch);
		}
	}
	buf_release(&spare);
	return c->why == NULL;
}

/* The next record into c->f; 0 at the end, 1 read, -1 error. */
static int csv_record(struct csv *c)
{
	for (int k = 0; k < CSV_FIELDS; k++)
		buf_reset(&c->f[k]);
	c->nf = 0;
	if (c->i >= c->len)
		return 0;
	for (;;) {
		if (!csv_field(c, c->nf < CSV_FIELDS ? &c->f[c->nf] : NULL))
			return -1;
		c->nf++;
		if (c->i < c->len && c->s[c->i] == ',') {
			c->i++;
			continue;
		}
		if (c->i < c->len && c->s[c->i] == '\r')
			c->i++;
		if (c->i < c->len && c->s[c->i] == '\n')
			c->i++;
		return 1;
	}
}

static bool header_is(const struct buf *f, const char *name)
{
	char *s = xstrdup(buf_cstr(f));
	bool yes = strcasecmp(text_trim(s), name) == 0;

	free(s);
	return yes;
}

enum calm_rc import_csv(const char *path, const char *s, size_t len,
			unsigned zone, struct import_list *out,
			struct calm_err *err)
{
	struct csv c = { .s = s, .len = len, .line = 1 };
	bool header = false;
	enum calm_rc rc = CALM_OK;
	long long ms;
	int r;

	memset(out, 0, sizeof *out);
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		c.i = 3;
	while (rc == CALM_OK && (r = csv_record(&c)) != 0) {
		long line = c.line;

		if (r < 0) {
			rc = fail(out, err, path, c.line, c.why, NULL);
			break;
		}
		/* the line count moved past the record's own newlines */
		for (int k = 0; k < c.nf && k < CSV_FIELDS; k++)
			for (size_t j = 0; j < c.f[k].len; j++)
				line -= c.f[k].s[j] == '\n';
		c.line++;
		if (c.nf == 1 && c.f[0].len == 0)
			continue; /* a blank line */
		if (!header) {
			if (c.nf != CSV_FIELDS || !header_is(&c.f[0], "time") ||
			    !header_is(&c.f[1], "author") || !header_is(&c.f[2], "text"))
				rc = fail(out, err, path, line,
					  "expected the header 'time,author,text'", NULL);
			header = true;
			continue;
		}
		if (c.nf != CSV_FIELDS)
			rc = fail(out, err, path, line,
				  c.nf < CSV_FIELDS ? "too few fields: expected time,author,text"
						    : "too many fields: expected time,author,text (quote text with commas)",
				  NULL);
		else if (when_parse(buf_cstr(&c.f[0]), WHEN_DATETIME | (zone & WHEN_LOCAL), 0,
				    &ms, NULL) != CALM_OK)
			rc = fail(out, err, path, line,
				  "bad time (expected RFC 3339 or YYYY-MM-DD HH:MM):",
				  buf_cstr(&c.f[0]));
		else if (!text_is_name(c.f[1].s, c.f[1].len))
			rc = fail(out, err, path, line,
				  "bad author (" TEXT_NAME_RULE "):", buf_cstr(&c.f[1]));
		else if (c.f[2].len == 0)
			rc = fail(out, err, path, line, "empty text", NULL);
		else
			import_list_add(out, ms, c.f[1].s, c.f[2].s, c.f[2].len, line);
	}
	if (rc == CALM_OK && !header)
		rc = fail(out, err, path, 1, "expected the header 'time,author,text'", NULL);
	for (int k = 0; k < CSV_FIELDS; k++)
		buf_release(&c.f[k]);
	return rc;
}

/* ---- Markdown ---- */

/* "H:MM" or "HH:MM" at *p, then a space: minutes since midnight. */
static bool md_clock(const char **p, long long *ms)
{
	const char *q = *p;
	int h = 0, m = 0, nd = 0;

	while (*q >= '0' && *q <= '9' && nd < 2) {
		h = h * 10 + (*q++ - '0');
		nd++;
	}
	if (nd == 0 || *q++ != ':')
		return false;
	for (nd = 0; nd < 2; nd++) {
		if (*q < '0' || *q > '9')
			return false;
		m = m * 10 + (*q++ - '0');
	}
	if (h > 23 || m > 59 || (*q != ' ' && *q != '\t'))
		return false;
	*p = q + 1;
	*ms = (h * 60LL + m) * 60000;
	return true;
}

/* The moment a date and clock time (wall, as if UTC) name in zone
 * (mktime moves a local time in a clock change's gap past it); false
 * out of range. */
static bool wall_moment(long long wall, unsigned zone, long long *ms)
{
	char s[40];
	size_t n;

	if (!(zone & WHEN_LOCAL)) {
		*ms = wall;
		return true;
	}
	when_format(wall, WHEN_RFC3339, 0, s, sizeof s);
	n = strlen(s);
	if (n && s[n - 1] == 'Z')
		s[n - 1] = '\0'; /* no zone: read in the local one */
	return when_parse(s, WHEN_DATETIME | WHEN_LOCAL, 0, ms, NULL) == CALM_OK;
}

enum calm_rc import_md(const char *path, const char *s, size_t len,
		       long long day_ms, unsigned zone, const char *author,
		       struct import_list *out, struct calm_err *err)
{
	long long prev = -1, clock, at;
	size_t i = 0;
	long line = 0;

	memset(out, 0, sizeof *out);
	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) : len, n;
		char *l;
		const char *p;

		line++;
		n = end - i;
		if (n && s[i + n - 1] == '\r')
			n--;
		l = xstrndup(s + i, n);
		if (memchr(s + i, '\0', n)) {
			free(l);
			return fail(out, err, path, line, "a NUL byte in a Markdown line", NULL);
		}
		i = nl ? end + 1 : len;
		p = l;
		if ((l[0] == ' ' && l[1] == ' ') || l[0] == '\t') {
			struct import_entry *e = out->n ? &out->v[out->n - 1] : NULL;

			text_trim(l);
			if (l[0] && !e) {
				free(l);
				return fail(out, err, path, line,
					    "an indented line before the first item", NULL);
			}
			if (l[0]) {
				size_t add = strlen(l);

				e->text = xrealloc(e->text, e->len + add + 2);
				e->text[e->len++] = '\n';
				memcpy(e->text + e->len, l, add + 1);
				e->len += add;
			}
		} else if (text_trim(l)[0] == '\0' || l[0] == '#') {
			/* blank line or heading */
		} else if ((p[0] == '-' || p[0] == '*') && p[1] == ' ' &&
			   (p += 2, md_clock(&p, &clock))) {
			while (*p == ' ' || *p == '\t')
				p++;
			if (!*p) {
				free(l);
				return fail(out, err, path, line, "an item with a time but no text", NULL);
			}
			if (prev >= 0 && clock < prev)
				day_ms += DAY_MS; /* past midnight */
			prev = clock;
			if (!wall_moment(day_ms + clock, zone, &at)) {
				free(l);
				return fail(out, err, path, line,
					    "time out of range", NULL);
			}
			import_list_add(out, at, author, p, strlen(p), line);
		} else {
			char *safe = xstrndup(l, strnlen(l, 40));

			free(l);
			fail(out, err, path, line, "expected '- HH:MM text', not", safe);
			free(safe);
			return CALM_DATA;
		}
		free(l);
	}
	return CALM_OK;
}
