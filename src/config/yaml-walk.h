/*
 * yaml-walk.h - private to src/config: YAML text to a small, checked tree.
 *
 * ywalk_parse() drives libyaml's event parser and builds a tree of
 * ynodes that the loaders (playbook-load.c, config-load.c) then check
 * against their schema.  Everything a schema cannot be trusted to catch
 * is refused here, each as a located error through the ywalk sink:
 * syntax errors (libyaml's own text and mark), nesting deeper than
 * CONFIG_MAX_DEPTH and more than YWALK_MAX_NODES values (fatal: the
 * walk stops at once), a second document (fatal), anchors, aliases and
 * tags, keys that are not scalars, duplicate keys, NUL, invalid UTF-8
 * or a terminal control (C0 but TAB and LF, DEL, C1: what "\e" or
 * "\x9b" escapes make) in a scalar.  A node already reported becomes YN_BAD so that a loader
 * skips it silently and one mistake gives one message.
 *
 * Invariants of a returned tree: depth <= CONFIG_MAX_DEPTH; a YN_MAP
 * holds key/value pairs, keys at even indexes; the YN_SCALAR keys of a
 * map are unique, and a key of any other kind was reported (skip the
 * pair); every YN_SCALAR's s is NUL-terminated, valid UTF-8 and holds
 * no NUL, so strcmp() on it is exact.
 */
#ifndef CALM_CONFIG_YAML_WALK_H
#define CALM_CONFIG_YAML_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/config.h"

/* Values in one document before the walk gives up (playbooks have a few
 * hundred); keeps memory and the duplicate-key scan bounded. */
#define YWALK_MAX_NODES 10000

enum ynode_kind {
	YN_SCALAR, /* text */
	YN_SEQ,    /* a list */
	YN_MAP,    /* a mapping: kids are key, value, key, value... */
	YN_BAD,    /* refused and already reported: skip quietly */
};

struct ynode {
	enum ynode_kind kind;
	int line;            /* where it starts, counting from 1 */
	int col;             /* likewise */
	char *s;             /* YN_SCALAR: the bytes, NUL-terminated */
	size_t len;          /* YN_SCALAR: their length */
	bool plain;          /* YN_SCALAR: written unquoted (true, 12) */
	struct ynode **kids; /* YN_SEQ, YN_MAP: children in order */
	size_t nkids;
	size_t cap;          /* allocated slots in kids */
};

/* The error sink of one load: where messages go and how many went. */
struct ywalk {
	const char *path;        /* names the source in every message */
	config_report_fn report; /* may be NULL */
	void *ctx;               /* passed to report */
	struct calm_err *err;    /* receives the first message; may be NULL */
	unsigned nerrors;        /* messages reported so far */
};

/* Located errors a load reports before it only counts them. */
#define YWALK_MAX_SHOWN 10

/*
 * Report "PATH:LINE:COL: message" (line, col from 1) to the sink, keep
 * the first in err with CALM_CONFIG, count it.  After YWALK_MAX_SHOWN
 * messages the rest are only counted (as compilers do); ywalk_done()
 * then reports "PATH: and N more errors".
 */
void ywalk_error_at(struct ywalk *w, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void ywalk_error(struct ywalk *w, const struct ynode *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* At the end of a load: how many errors were not shown, if any. */
void ywalk_done(struct ywalk *w);

/*
 * Parse text[0..len) (need not be NUL-terminated; NULL with len 0 is
 * fine).  Returns the document's root, or NULL when the stream holds no
 * document, only an empty plain scalar (a bare "---"), or the walk
 * stopped on a fatal error (*fatal is then true).  Non-fatal problems
 * are reported and leave YN_BAD nodes; check w->nerrors.
 */
struct ynode *ywalk_parse(struct ywalk *w, const char *text, size_t len,
			  bool *fatal);

/* Free a tree.  NULL is fine. */
void ynode_free(struct ynode *n);

/*
 * A scalar shown safely in a message: control and invisible characters
 * made visible, cut to a few dozen characters.  Returns a pointer into
 * a buffer of the caller's (size bytes).
 */
const char *ynode_show(const struct ynode *n, char *out, size_t size);

/* True when n is a scalar equal to the C string s. */
bool ynode_is(const struct ynode *n, const char *s);

/*
 * Schema helpers: check that v suits key name and store it.  Each
 * reports a located error naming the key and returns false when it does
 * not; a YN_BAD v returns false quietly.
 *   ywalk_text: any scalar; nonempty refuses ""; *out is a new string.
 *   ywalk_bool: plain true or false.
 *   ywalk_int:  plain decimal in [min, max].
 */
bool ywalk_text(struct ywalk *w, const char *name, const struct ynode *v,
		bool nonempty, char **out);
bool ywalk_bool(struct ywalk *w, const char *name, const struct ynode *v,
		bool *out);
bool ywalk_int(struct ywalk *w, const char *name, const struct ynode *v,
	       int min, int max, int *out);
/*   ywalk_list: a sequence, else "expected a list of WHAT". */
bool ywalk_list(struct ywalk *w, const struct ynode *v, const char *what);

/* Report key k as "unknown key 'k' in IN". */
void ywalk_unknown_key(struct ywalk *w, const struct ynode *k, const char *in);

/*
 * The config's db when it names a server (config-db.c): false, nothing
 * done, when v is not a server's URI or service (the caller reads a
 * path); else true, with *out set, or an error reported (a password in
 * it).
 */
bool config_load_server(struct ywalk *w, const char *key, const struct ynode *v, char **out);

#endif
