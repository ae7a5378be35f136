/*
 * md.c - record text in Markdown with only the escapes it needs (md.h).
 *
 * md_finish() works on the whole document at once: the marks md_text()
 * left are taken out into a parallel array (which bytes are record
 * text), blocks and table cells are numbered, and each rule of md.h
 * decides, for the record's bytes only, whether a backslash goes before
 * it.  The document's own markup is never changed; it only counts as a
 * partner (a closing ** of a bold label, say).
 */
#include "calm/md.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "calm/text.h"

/* Marks around record text while a document is built.  Sanitised text
 * never holds these bytes (text.h shows C0 controls as ^X). */
#define MARK_TEXT '\x01'
#define MARK_CELL '\x03'
#define MARK_END '\x02'

/* Where a byte came from. */
enum { OWN = 0, REC = 1, REC_CELL = 2 };

/* Character classes for the flanking rules, as a set of possibilities:
 * a non-ASCII character may be any of them, so every rule is tried with
 * each and the answer is "could be". */
enum { C_WS = 1, C_PUNCT = 2, C_OTHER = 4, C_ANY = 7 };

struct doc {
	char *t;        /* the text without marks */
	unsigned char *m; /* OWN, REC or REC_CELL per byte */
	int *blk;       /* block (or cell) number per byte, -1 in code */
	bool *esc;      /* a backslash goes before the byte */
	size_t n;
};

static bool is_punct(unsigned char c)
{
	return c < 0x80 && c > 0x20 && c != 0x7f && !((c >= '0' && c <= '9') ||
	       (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

void md_text(struct buf *out, const char *s, size_t len, unsigned flags)
{
	struct buf inert = BUF_INIT;
	bool one = flags & (MD_ONE_LINE | MD_CELL);

	text_sanitize(&inert, s, len, TEXT_KEEP_NEWLINE | TEXT_TAB_SPACE);
	buf_addc(out, flags & MD_CELL ? MARK_CELL : MARK_TEXT);
	/* line by line: blanks at both ends dropped, empty lines dropped */
	const char *p = buf_cstr(&inert), *end = p + inert.len;
	bool first = true;
	while (p < end) {
		const char *nl = p;
		while (nl < end && *nl != '\n' && *nl != '\r')
			nl++;
		const char *a = p, *b = nl;
		while (a < b && is_blank(*a))
			a++;
		while (b > a && is_blank(b[-1]))
			b--;
		if (b > a) {
			if (!first)
				buf_addc(out, one ? ' ' : '\n');
			buf_add(out, a, (size_t)(b - a));
			first = false;
		}
		p = nl < end ? nl + 1 : end;
	}
	buf_addc(out, MARK_END);
	buf_release(&inert);
}

void md_texts(struct buf *out, const char *s, unsigned flags)
{
	md_text(out, s ? s : "", s ? strlen(s) : 0, flags);
}

/* ---- reading the document ---- */

static void doc_load(struct doc *d, const char *s, size_t len)
{
	unsigned char mode = OWN;

	d->t = xmalloc(len + 1);
	d->m = xmalloc(len + 1);
	d->n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == MARK_TEXT || c == MARK_CELL) {
			mode = c == MARK_CELL ? REC_CELL : REC;
			continue;
		}
		if (c == MARK_END) {
			mode = OWN;
			continue;
		}
		if (mode == OWN && ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f))
			continue;
		d->t[d->n] = (char)c;
		d->m[d->n++] = mode;
	}
	d->t[d->n] = '\0';
	d->blk = xcalloc(d->n + 1, sizeof *d->blk);
	d->esc = xcalloc(d->n + 1, sizeof *d->esc);
}

static void doc_free(struct doc *d)
{
	free(d->t);
	free(d->m);
	free(d->blk);
	free(d->esc);
}

static size_t line_end(const struct doc *d, size_t i)
{
	while (i < d->n && d->t[i] != '\n')
		i++;
	return i;
}

/* A list marker at i ("- ", "* ", "+ ", "12. ", "3) "): its length with
 * the space, 0 when none.  own: only the document's own bytes count. */
static size_t list_marker(const struct doc *d, size_t i, size_t end, bool own)
{
	size_t j = i;

	if (j < end && strchr("-*+", d->t[j]))
		j++;
	else {
		while (j < end && j - i < 9 && d->t[j] >= '0' && d->t[j] <= '9')
			j++;
		if (j == i || j >= end || (d->t[j] != '.' && d->t[j] != ')'))
			return 0;
		j++;
	}
	if (own)
		for (size_t k = i; k < j; k++)
			if (d->m[k] != OWN)
				return 0;
	if (j == end || (is_blank(d->t[j]) && (!own || d->m[j] == OWN)))
		return j - i + (j < end);
	return 0;
}

/* Where a line's text begins once the document's own container markers
 * (blockquote >, list markers, indentation) are passed. */
static size_t text_start(const struct doc *d, size_t i, size_t end)
{
	for (;;) {
		while (i < end && d->m[i] == OWN && is_blank(d->t[i]))
			i++;
		if (i < end && d->m[i] == OWN && d->t[i] == '>') {
			i++;
			continue;
		}
		size_t lm = i < end && d->m[i] == OWN ? list_marker(d, i, end, true) : 0;
		if (!lm)
			return i;
		i += lm;
	}
}

/* Whether the document's own line at [i, end) opens a new block. */
static bool own_block_start(const struct doc *d, size_t i, size_t end)
{
	while (i < end && is_blank(d->t[i]) && d->m[i] == OWN)
		i++;
	if (i >= end || d->m[i] != OWN)
		return false;
	return strchr("#|>", d->t[i]) || list_marker(d, i, end, true) > 0;
}

/* A code fence at i: its character and length, 0 when none. */
static size_t fence_at(const struct doc *d, size_t i, size_t end, char *ch)
{
	size_t j = i;

	if (i >= end || (d->t[i] != '`' && d->t[i] != '~'))
		return 0;
	while (j < end && d->t[j] == d->t[i])
		j++;
	*ch = d->t[i];
	return j - i >= 3 ? j - i : 0;
}

/* Number the blocks; the document's own fenced code gets -1.  Returns
 * whether the document ends inside such a fence. */
static bool number_blocks(struct doc *d)
{
	int blk = 0;
	char fch = 0, ch = 0;
	size_t flen = 0;

	for (size_t i = 0; i < d->n;) {
		size_t end = line_end(d, i), s = i, f;
		while (s < end && is_blank(d->t[s]))
			s++;
		bool own = s < end && d->m[s] == OWN;
		if (flen) { /* inside a fence: until one as long closes it */
			f = own ? fence_at(d, s, end, &ch) : 0;
			for (size_t k = i; k <= end && k < d->n; k++)
				d->blk[k] = -1;
			if (f >= flen && ch == fch)
				flen = 0, blk++;
		} else if (own && (f = fence_at(d, s, end, &ch)) > 0) {
			fch = ch, flen = f;
			for (size_t k = i; k <= end && k < d->n; k++)
				d->blk[k] = -1;
		} else {
			if (s == end || own_block_start(d, i, end))
				blk++;
			for (size_t k = i; k <= end && k < d->n; k++) {
				d->blk[k] = blk;
				if (d->t[k] == '|' && d->m[k] == OWN)
					blk++;
			}
		}
		i = end + 1;
	}
	return flen != 0;
}

/* ---- the inline rules ---- */

static int class_at(const struct doc *d, size_t i, bool before)
{
	if (before ? i == 0 : i >= d->n)
		return C_WS;
	unsigned char c = (unsigned char)d->t[before ? i - 1 : i];
	if (c == '\n' || c == ' ' || c == '\t')
		return C_WS;
	if (c >= 0x80)
		return C_ANY;
	return is_punct(c) ? C_PUNCT : C_OTHER;
}

static bool left_flank(int p, int n)
{
	return n != C_WS && (n != C_PUNCT || p == C_WS || p == C_PUNCT);
}

static bool right_flank(int p, int n)
{
	return p != C_WS && (p != C_PUNCT || n == C_WS || n == C_PUNCT);
}

/* Whether a run of c between classes P and N could open / close. */
static void run_can(char c, int P, int N, bool *open, bool *close)
{
	*open = *close = false;
	for (int p = 1; p <= 4; p <<= 1) {
		if (!(P & p))
			continue;
		for (int n = 1; n <= 4; n <<= 1) {
			if (!(N & n))
				continue;
			bool l = left_flank(p, n), r = right_flank(p, n);
			if (c == '_') {
				*open |= l && (!r || p == C_PUNCT);
				*close |= r && (!l || n == C_PUNCT);
			} else {
				*open |= l;
				*close |= r;
			}
		}
	}
}

struct run {
	size_t at, len;
	bool open, close, rec;
};

/* Runs of c in block blk starting at from, the first max of them into
 * r; returns how many there are. */
static size_t runs_of(const struct doc *d, char c, size_t from, int blk,
		      struct run *r, size_t max, size_t *next)
{
	size_t k = 0, i = from;

	while (i < d->n && d->blk[i] == blk) {
		if (d->t[i] != c || (i > 0 && d->t[i - 1] == '\\' && d->m[i - 1] == OWN)) {
			i++;
			continue;
		}
		size_t j = i;
		bool rec = false;
		while (j < d->n && d->t[j] == c && d->blk[j] == blk)
			rec |= d->m[j++] != OWN;
		if (k < max) {
			r[k] = (struct run){ .at = i, .len = j - i, .rec = rec };
			run_can(c, class_at(d, i, true), class_at(d, j, false),
				&r[k].open, &r[k].close);
		}
		k++;
		i = j;
	}
	*next = i;
	return k;
}

/* Every record byte c of block blk from from: escaped (a block with
 * more runs than are looked at one by one). */
static void escape_all(struct doc *d, char c, size_t from, int blk)
{
	for (size_t i = from; i < d->n && d->blk[i] == blk; i++)
		if (d->t[i] == c && d->m[i] != OWN)
			d->esc[i] = true;
}

static void escape_run(struct doc *d, const struct run *r)
{
	for (size_t i = r->at; i < r->at + r->len; i++)
		if (d->m[i] != OWN)
			d->esc[i] = true;
}

/* Emphasis, strikethrough and code spans, block by block. */
static void pair_rules(struct doc *d)
{
	enum { MAX_RUNS = 4096 };
	struct run *r = xmalloc(MAX_RUNS * sizeof *r);
	static const char delims[] = "*_~`";

	for (size_t i = 0; i < d->n;) {
		int blk = d->blk[i];
		size_t next = i + 1;
		if (blk < 0) {
			while (next < d->n && d->blk[next] == blk)
				next++;
			i = next;
			continue;
		}
		for (const char *c = delims; *c; c++) {
			size_t k = runs_of(d, *c, i, blk, r, MAX_RUNS, &next);
			bool opened = false;
			if (k > MAX_RUNS) {
				escape_all(d, *c, i, blk);
				continue;
			}
			for (size_t a = 0; a < k; a++) {
				bool later_close = false, same_len = false;
				for (size_t b = 0; b < k; b++) {
					if (b > a && r[b].close)
						later_close = true;
					if (b != a && r[b].len == r[a].len)
						same_len = true;
				}
				bool esc = *c == '`' ? same_len
					 : (r[a].open && later_close) || (r[a].close && opened);
				if (r[a].rec && esc)
					escape_run(d, &r[a]);
				opened |= r[a].open;
			}
		}
		i = next > i ? next : i + 1;
	}
	free(r);
}

static bool entity_at(const struct doc *d, size_t i)
{
	size_t j = i + 1;

	while (j < d->n && j - i < 34 && (d->t[j] == '#' || (d->t[j] >= '0' && d->t[j] <= '9') ||
	       ((d->t[j] | 0x20) >= 'a' && (d->t[j] | 0x20) <= 'z')))
		j++;
	return j > i + 1 && j < d->n && d->t[j] == ';';
}

static void char_rules(struct doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		if (d->m[i] == OWN || d->blk[i] < 0)
			continue;
		char c = d->t[i], nx = i + 1 < d->n ? d->t[i + 1] : '\n';
		switch (c) {
		case '\\':
			d->esc[i] = nx == '\n' || is_punct((unsigned char)nx);
			break;
		case ']':
			d->esc[i] = nx == '(' || nx == '[';
			break;
		case '<':
			d->esc[i] = nx == '/' || nx == '!' || nx == '?' ||
				    ((nx | 0x20) >= 'a' && (nx | 0x20) <= 'z');
			break;
		case '&':
			d->esc[i] = entity_at(d, i);
			break;
		case '|':
			d->esc[i] = d->m[i] == REC_CELL;
			break;
		}
	}
}

/* ---- the line-start rules ---- */

/* Whether [i, end) holds only the characters of set, at least min of
 * ch (blanks allowed between). */
static bool line_only(const struct doc *d, size_t i, size_t end, const char *set,
		      char ch, int min)
{
	int n = 0;

	for (; i < end; i++) {
		if (is_blank(d->t[i]))
			continue;
		if (!strchr(set, d->t[i]))
			return false;
		n += d->t[i] == ch;
	}
	return n >= min;
}

static void start_rules(struct doc *d, size_t i, size_t end)
{
	char c = d->t[i], ch = 0;
	size_t j = i;

	while (j < end && d->t[j] == '#')
		j++;
	if (c == '#' && j - i <= 6 && (j == end || is_blank(d->t[j])))
		d->esc[i] = true;
	else if (c == '>' || (c == '|'))
		d->esc[i] = true;
	else if (strchr("-+*", c) && list_marker(d, i, end, false))
		d->esc[i] = true;
	else if (strchr("-*_", c) && line_only(d, i, end, (char[]){ c, 0 }, c, 3))
		d->esc[i] = true;
	else if ((c == '=' || c == '-') && line_only(d, i, end, (char[]){ c, 0 }, c, 1))
		d->esc[i] = true;
	else if ((c == '-' || c == ':') && line_only(d, i, end, "-:|", '-', 1) &&
		 memchr(d->t + i, '|', end - i))
		d->esc[i] = true;
	else if (fence_at(d, i, end, &ch)) {
		for (size_t k = i; k < end && d->t[k] == ch; k++)
			d->esc[k] = d->m[k] != OWN;
	} else if (c >= '0' && c <= '9' && list_marker(d, i, end, false)) {
		while (d->t[j] >= '0' && d->t[j] <= '9')
			j++;
		d->esc[j] = d->m[j] != OWN;
	} else if (c == '[') {
		const char *close = memchr(d->t + i, ']', end - i);
		d->esc[i] = close && close + 1 < d->t + end && close[1] == ':';
	}
}

static void line_rules(struct doc *d)
{
	for (size_t i = 0; i < d->n;) {
		size_t end = line_end(d, i);
		if (d->blk[i] >= 0 && i < end) {
			size_t s = text_start(d, i, end);
			if (s < end && d->m[s] != OWN)
				start_rules(d, s, end);
			/* a heading's closing #s */
			size_t h = text_start(d, i, end), e = end, k;
			for (k = h; k < end && d->t[k] == '#'; k++)
				;
			if (k > h && k - h <= 6 && k < end && is_blank(d->t[k])) {
				while (e > k && is_blank(d->t[e - 1]))
					e--;
				size_t r = e;
				while (r > k && d->t[r - 1] == '#')
					r--;
				if (r < e && r > k && is_blank(d->t[r - 1]) && d->m[r] != OWN)
					d->esc[r] = true;
			}
		}
		i = end + 1;
	}
}

bool md_in_fence(const char *doc, size_t len)
{
	struct doc d;
	bool open;

	doc_load(&d, doc, len);
	open = number_blocks(&d);
	doc_free(&d);
	return open;
}

void md_finish(struct buf *out, const char *doc, size_t len, struct buf *lines)
{
	struct doc d;
	bool rec = false;

	doc_load(&d, doc, len);
	number_blocks(&d);
	pair_rules(&d);
	char_rules(&d);
	line_rules(&d);
	for (size_t i = 0; i < d.n; i++) {
		if (d.esc[i] && d.m[i] != OWN)
			buf_addc(out, '\\');
		buf_addc(out, d.t[i]);
		rec |= d.m[i] != OWN;
		if (d.t[i] == '\n') {
			if (lines)
				buf_addc(lines, rec ? '1' : '0');
			rec = false;
		}
	}
	if (lines && d.n && d.t[d.n - 1] != '\n')
		buf_addc(lines, rec ? '1' : '0');
	if (!out->s)
		buf_add(out, "", 0);
	doc_free(&d);
}
