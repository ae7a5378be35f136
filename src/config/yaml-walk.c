/*
 * yaml-walk.c - a small reader over libyaml's event API: builds a tree of
 * ynodes with a depth limit, and turns every problem into a located
 * "PATH:LINE:COL: message" line.
 *
 * libyaml 0.2.5 has no nesting limit (deep flow nesting is quadratic),
 * happily parses anchors, aliases and duplicate keys, and lets "\0"
 * escapes put NUL into values.  So the depth is counted here, event by
 * event, and the walk stops at the first level too deep, before libyaml
 * has scanned much further; aliases never reach a loader; scalars are
 * copied by their length, never strlen().  The schema checks live in the
 * loaders; the helpers at the end of this file check one value each.
 */
#include "yaml-walk.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "calm/buf.h"
#include "calm/text.h"

/* The state of one walk: the tree so far and the open collections. */
struct builder {
	struct ywalk *w;
	struct ynode *root;                    /* the document's node */
	struct ynode *open[CONFIG_MAX_DEPTH];  /* open collections, innermost last */
	int depth;                             /* entries used in open */
	size_t nodes;                          /* nodes made so far */
	int ndocs;                             /* documents started */
	bool fatal;                            /* stop now */
};

/* How much of a scalar a message quotes, in bytes. */
#define SHOW_MAX 32

static void vreport(struct ywalk *w, int line, int col, const char *fmt,
		    va_list ap) __attribute__((format(printf, 4, 0)));

static void vreport(struct ywalk *w, int line, int col, const char *fmt,
		    va_list ap)
{
	char msg[sizeof ((struct calm_err *)0)->msg];
	struct buf b = BUF_INIT;

	vsnprintf(msg, sizeof msg, fmt, ap);
	buf_addf(&b, "%s:%d:%d: %s", w->path ? w->path : "-", line, col, msg);
	if (w->report && w->nerrors < YWALK_MAX_SHOWN)
		w->report(buf_cstr(&b), w->ctx);
	calm_err_set(w->err, CALM_CONFIG, "%s", buf_cstr(&b));
	w->nerrors++;
	buf_release(&b);
}

void ywalk_done(struct ywalk *w)
{
	struct buf b = BUF_INIT;

	if (w->nerrors <= YWALK_MAX_SHOWN || !w->report)
		return;
	buf_addf(&b, "%s: and %u more error%s", w->path ? w->path : "-",
		 w->nerrors - YWALK_MAX_SHOWN,
		 w->nerrors - YWALK_MAX_SHOWN == 1 ? "" : "s");
	w->report(buf_cstr(&b), w->ctx);
	buf_release(&b);
}

void ywalk_error_at(struct ywalk *w, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(w, line, col, fmt, ap);
	va_end(ap);
}

void ywalk_error(struct ywalk *w, const struct ynode *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(w, at ? at->line : 1, at ? at->col : 1, fmt, ap);
	va_end(ap);
}

static void fatal_at(struct builder *b, const yaml_mark_t *m, const char *msg)
{
	ywalk_error_at(b->w, (int)m->line + 1, (int)m->column + 1, "%s", msg);
	b->fatal = true;
}

/*
 * A reader error (bad UTF-8, control characters in the input) carries a
 * byte offset but no mark: count lines and characters up to it.
 */
static void offset_to_mark(const char *text, size_t len, size_t off,
			   yaml_mark_t *m)
{
	m->line = 0;
	m->column = 0;
	for (size_t i = 0; i < off && i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\n') {
			m->line++;
			m->column = 0;
		} else if ((c & 0xc0) != 0x80) {
			m->column++;
		}
	}
}

static struct ynode *node_new(struct builder *b, enum ynode_kind kind,
			      const yaml_mark_t *m)
{
	struct ynode *n;

	if (++b->nodes > YWALK_MAX_NODES) {
		char msg[64];
		snprintf(msg, sizeof msg, "too many values (more than %d)",
			 YWALK_MAX_NODES);
		fatal_at(b, m, msg);
		return NULL;
	}
	n = xcalloc(1, sizeof *n);
	n->kind = kind;
	n->line = (int)m->line + 1;
	n->col = (int)m->column + 1;
	return n;
}

static void kids_push(struct ynode *p, struct ynode *n)
{
	if (p->nkids == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 8;
		p->kids = xrealloc(p->kids, p->cap * sizeof *p->kids);
	}
	p->kids[p->nkids++] = n;
}

static void make_bad(struct ynode *n)
{
	free(n->s);
	n->s = NULL;
	n->len = 0;
	n->kind = YN_BAD;
}

/* Hang n under the innermost open collection (or make it the root);
 * a key is checked for its kind and for duplicates first. */
static void attach(struct builder *b, struct ynode *n)
{
	struct ynode *p;

	if (b->depth == 0) {
		if (b->root)
			ynode_free(b->root); /* not reached: one node per document */
		b->root = n;
		return;
	}
	p = b->open[b->depth - 1];
	if (p->kind == YN_MAP && p->nkids % 2 == 0) {
		if (n->kind == YN_SEQ || n->kind == YN_MAP) {
			ywalk_error(b->w, n, "a key must be text, not a %s",
				    n->kind == YN_SEQ ? "list" : "mapping");
		} else if (n->kind == YN_SCALAR) {
			for (size_t i = 0; i < p->nkids; i += 2) {
				const struct ynode *k = p->kids[i];
				char show[160];
				if (k->kind != YN_SCALAR || k->len != n->len ||
				    memcmp(k->s, n->s, n->len) != 0)
					continue;
				ywalk_error(b->w, n,
					    "duplicate key '%s' (first at %d:%d)",
					    ynode_show(n, show, sizeof show),
					    k->line, k->col);
				make_bad(n);
				break;
			}
		}
	}
	kids_push(p, n);
}

/* Anchors, aliases and tags are refused: the schema has no use for them
 * and an alias is how a small file becomes a huge or cyclic one. */
static void check_props(struct builder *b, const struct ynode *n,
			const yaml_char_t *anchor, const yaml_char_t *tag)
{
	if (anchor)
		ywalk_error(b->w, n, "anchors and aliases are not supported");
	if (tag)
		ywalk_error(b->w, n, "tags are not supported");
}

static void on_scalar(struct builder *b, const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	struct ynode *n = node_new(b, YN_SCALAR, &ev->start_mark);
	unsigned cp;

	if (!n)
		return;
	check_props(b, n, ev->data.scalar.anchor, ev->data.scalar.tag);
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	if (len > 0 && memchr(v, '\0', len)) {
		ywalk_error(b->w, n, "NUL character in text");
		n->kind = YN_BAD;
	} else if (!text_is_utf8(v, len)) {
		ywalk_error(b->w, n, "invalid UTF-8 in text");
		n->kind = YN_BAD;
	} else if (text_find_control(v, len, &cp)) {
		/* "\e", "\x9b": every loaded text is shown somewhere */
		ywalk_error(b->w, n, "control character U+%04X in text: escapes that make "
				     "terminal controls are not allowed", cp);
		n->kind = YN_BAD;
	} else {
		n->s = xmalloc(len + 1);
		if (len > 0)
			memcpy(n->s, v, len);
		n->s[len] = '\0';
		n->len = len;
	}
	attach(b, n);
}

static void on_start(struct builder *b, const yaml_event_t *ev, bool map)
{
	const yaml_char_t *anchor, *tag;
	struct ynode *n;

	if (b->depth >= CONFIG_MAX_DEPTH) {
		char msg[64];
		snprintf(msg, sizeof msg, "nesting deeper than %d levels",
			 CONFIG_MAX_DEPTH);
		fatal_at(b, &ev->start_mark, msg);
		return;
	}
	n = node_new(b, map ? YN_MAP : YN_SEQ, &ev->start_mark);
	if (!n)
		return;
	anchor = map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
	tag = map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
	check_props(b, n, anchor, tag);
	attach(b, n);
	b->open[b->depth++] = n;
}

/* Handle one event; false when the stream has ended. */
static bool on_event(struct builder *b, const yaml_event_t *ev)
{
	struct ynode *n;

	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return false;
	case YAML_DOCUMENT_START_EVENT:
		if (++b->ndocs > 1)
			fatal_at(b, &ev->start_mark, "only one document is allowed");
		break;
	case YAML_SCALAR_EVENT:
		on_scalar(b, ev);
		break;
	case YAML_ALIAS_EVENT:
		n = node_new(b, YN_BAD, &ev->start_mark);
		if (n) {
			ywalk_error(b->w, n, "anchors and aliases are not supported");
			attach(b, n);
		}
		break;
	case YAML_SEQUENCE_START_EVENT:
		on_start(b, ev, false);
		break;
	case YAML_MAPPING_START_EVENT:
		on_start(b, ev, true);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (b->depth > 0)
			b->depth--;
		break;
	default:
		break;
	}
	return true;
}

struct ynode *ywalk_parse(struct ywalk *w, const char *text, size_t len,
			  bool *fatal)
{
	struct builder b = { .w = w };
	yaml_parser_t parser;
	yaml_event_t ev;
	bool more = true;

	if (!text)
		text = "", len = 0;
	if (!yaml_parser_initialize(&parser)) {
		ywalk_error_at(w, 1, 1, "cannot start the YAML parser");
		*fatal = true;
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	while (more && !b.fatal) {
		if (!yaml_parser_parse(&parser, &ev)) {
			yaml_mark_t m = parser.problem_mark;
			if (parser.error == YAML_READER_ERROR)
				offset_to_mark(text, len, parser.problem_offset, &m);
			fatal_at(&b, &m, parser.problem ? parser.problem
							 : "cannot parse YAML");
			break;
		}
		more = on_event(&b, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	*fatal = b.fatal;
	if (b.fatal) {
		ynode_free(b.root);
		return NULL;
	}
	if (b.root && b.root->kind == YN_SCALAR && b.root->plain &&
	    b.root->len == 0) {
		ynode_free(b.root); /* a bare "---": no content */
		return NULL;
	}
	return b.root;
}

void ynode_free(struct ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		ynode_free(n->kids[i]);
	free(n->kids);
	free(n->s);
	free(n);
}

const char *ynode_show(const struct ynode *n, char *out, size_t size)
{
	struct buf b = BUF_INIT;
	size_t len;

	if (!n || n->kind != YN_SCALAR) {
		snprintf(out, size, "%s", "?");
		return out;
	}
	len = n->len;
	if (len > SHOW_MAX) {
		len = SHOW_MAX;
		while (len > 0 && ((unsigned char)n->s[len] & 0xc0) == 0x80)
			len--; /* cut on a character boundary */
	}
	text_sanitize(&b, n->s, len, 0);
	if (len < n->len)
		buf_adds(&b, "...");
	snprintf(out, size, "%s", buf_cstr(&b));
	buf_release(&b);
	return out;
}

bool ynode_is(const struct ynode *n, const char *s)
{
	return n && n->kind == YN_SCALAR && strcmp(n->s, s) == 0;
}

bool ywalk_text(struct ywalk *w, const char *name, const struct ynode *v,
		bool nonempty, char **out)
{
	if (v->kind == YN_BAD)
		return false;
	if (v->kind != YN_SCALAR) {
		ywalk_error(w, v, "'%s' must be text", name);
		return false;
	}
	if (nonempty && v->len == 0) {
		ywalk_error(w, v, "'%s' must not be empty", name);
		return false;
	}
	free(*out); /* only reached again after a reported duplicate */
	*out = xstrdup(v->s);
	return true;
}

bool ywalk_bool(struct ywalk *w, const char *name, const struct ynode *v,
		bool *out)
{
	if (v->kind == YN_BAD)
		return false;
	if (v->kind == YN_SCALAR && v->plain) {
		if (strcmp(v->s, "true") == 0) {
			*out = true;
			return true;
		}
		if (strcmp(v->s, "false") == 0) {
			*out = false;
			return true;
		}
	}
	ywalk_error(w, v, "'%s' must be true or false", name);
	return false;
}

bool ywalk_int(struct ywalk *w, const char *name, const struct ynode *v,
	       int min, int max, int *out)
{
	const char *p;
	long long x = 0;
	bool neg = false;

	if (v->kind == YN_BAD)
		return false;
	if (v->kind != YN_SCALAR || !v->plain || v->len == 0 || v->len > 18)
		goto bad;
	p = v->s;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (*p == '\0')
		goto bad;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		x = x * 10 + (*p - '0');
	}
	if (neg)
		x = -x;
	if (x < min)
		goto bad;
	if (x > max) {
		ywalk_error(w, v, "'%s' is too large (at most %d)", name, max);
		return false;
	}
	*out = (int)x;
	return true;
bad:
	ywalk_error(w, v, "'%s' must be an integer >= %d", name, min);
	return false;
}

bool ywalk_list(struct ywalk *w, const struct ynode *v, const char *what)
{
	if (v->kind == YN_SEQ)
		return true;
	if (v->kind != YN_BAD)
		ywalk_error(w, v, "expected a list of %s", what);
	return false;
}

void ywalk_unknown_key(struct ywalk *w, const struct ynode *k, const char *in)
{
	char s[160];

	ywalk_error(w, k, "unknown key '%s' in %s", ynode_show(k, s, sizeof s), in);
}
