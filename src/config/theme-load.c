/*
 * theme-load.c - console themes from YAML, and where they are found.
 *
 * A theme (themes/default.yaml is the worked example):
 *
 *   description: Dark, the look calm started with    # optional text
 *   inherit: default              # optional: start from that theme
 *   roles:                        # role: style (calm/theme.h lists them)
 *     title:
 *       fg: white                 # default, a name, 0-255 or "#rrggbb"
 *       bg: "#005f87"             #   (quote #: YAML reads it as a comment)
 *       bg16: blue                # optional fallbacks for 256, 16 and 8
 *       attrs: [bold]             # bold, dim, underline, reverse, italic
 *       mono: [bold, reverse]     # attributes without colour (NO_COLOR)
 *
 * A role not given is plain (terminal colours, no attributes), or the
 * parent's with inherit:.  In an inheriting theme a role's fg (or bg)
 * replaces the parent's fg (bg) and its fallbacks; attrs and mono replace
 * the parent's.  Every mistake is a located error and the load goes on.
 *
 * Lookup of a name: $XDG_CONFIG_HOME/calm/themes/NAME.yaml (else
 * ~/.config/...), then the themes/ of each data directory (below).
 * "default" is compiled in (themes/default.yaml, byte for byte), so calm
 * works uninstalled anywhere: only the user's directory can replace it,
 * and the shipped copy is not read (a file to read and copy; finding the
 * data directories and parsing it again would cost every console's first
 * frame for the same theme).
 *
 * The data directories, found without any build path compiled in (a
 * binary must not search the tree it was built in once installed):
 *   1. BIN/calm-datadir, where BIN is the running binary's directory: a
 *      link to the source tree the build makes beside what it builds
 *      (never installed), so `make run` and the tests find the themes
 *      they were built with;
 *   2. BIN/CALM_DATADIR_FROM_BIN ("../share/calm"): the prefix the binary
 *      is installed under, wherever the tree was put (DESTDIR, moved);
 *   3. CALM_DATADIR, the configured prefix's, for when /proc is missing.
 * A directory that is already listed is not listed twice.
 */
#include "calm/config.h"

#include <assert.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calm/buf.h"
#include "yaml-walk.h"

#ifndef CALM_DATADIR
#define CALM_DATADIR "/usr/local/share/calm"
#endif
#ifndef CALM_DATADIR_FROM_BIN
#define CALM_DATADIR_FROM_BIN "../share/calm"
#endif

/* The shipped themes, in the order T cycles them. */
static const char *const shipped[] = {
	"default", "light", "high-contrast", "solarized-dark", "mono", NULL,
};

/* Longest theme name. */
#define NAME_MAX_LEN 64

#define COLOUR_HELP "use default, a colour name (red, brightred...), 0-255 or \"#rrggbb\""
#define ATTR_HELP "use bold, dim, underline, reverse or italic"
#define STYLE_KEYS "fg, bg, fg256, bg256, fg16, bg16, fg8, bg8, attrs or mono"

/* The themes being loaded, outermost first, to find inherit cycles. */
struct chain {
	const char *name[THEME_INHERIT_MAX + 1];
	int n;
};

static enum calm_rc load_named(const char *name_or_path, config_report_fn report,
			       void *ctx, struct theme *out, struct calm_err *err,
			       struct chain *ch);

static bool name_ok(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > NAME_MAX_LEN)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '-' || s[i] == '_'))
			return false;
	return true;
}

bool config_theme_is_path(const char *s)
{
	size_t len = strlen(s);

	return strchr(s, '/') || (len > 5 && strcmp(s + len - 5, ".yaml") == 0);
}

/* The name a path gives a theme: its file name without .yaml. */
static char *name_of(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t len;

	if (strcmp(path, "built-in") == 0)
		return xstrdup("default");
	base = base ? base + 1 : path;
	len = strlen(base);
	if (len > 5 && strcmp(base + len - 5, ".yaml") == 0)
		len -= 5;
	return xstrndup(base, len);
}

/* ---- one theme's text ---- */

/* fg: and its kin: which colour slot and what it accepts. */
static const struct {
	const char *key;
	bool bg;
	enum colour_depth depth; /* DEPTH_TRUE for fg/bg as written */
} colour_keys[] = {
	{ "fg", false, DEPTH_TRUE },   { "bg", true, DEPTH_TRUE },
	{ "fg256", false, DEPTH_256 }, { "bg256", true, DEPTH_256 },
	{ "fg16", false, DEPTH_16 },   { "bg16", true, DEPTH_16 },
	{ "fg8", false, DEPTH_8 },     { "bg8", true, DEPTH_8 },
};

static bool load_colour(struct ywalk *w, const char *role, const char *key,
			enum colour_depth depth, const struct ynode *v, int *out)
{
	char show[160];
	int c;

	if (v->kind == YN_BAD)
		return false;
	if (v->kind == YN_SCALAR && v->plain && v->len == 0) {
		ywalk_error(w, v, "no colour for %s.%s (quote \"#rrggbb\": YAML reads # as a comment)",
			    role, key);
		return false;
	}
	if (v->kind != YN_SCALAR || !colour_parse(v->s, &c)) {
		ywalk_error(w, v, "bad colour '%s' for %s.%s: " COLOUR_HELP,
			    ynode_show(v, show, sizeof show), role, key);
		return false;
	}
	if ((depth == DEPTH_256 && COLOUR_IS_RGB(c)) ||
	    (depth == DEPTH_16 && (COLOUR_IS_RGB(c) || c > 15)) ||
	    (depth == DEPTH_8 && (COLOUR_IS_RGB(c) || c > 7))) {
		ywalk_error(w, v, "%s.%s must be a colour of %s", role, key,
			    depth == DEPTH_256 ? "the 256 palette (default or 0-255)"
			    : depth == DEPTH_16 ? "the 16 (default, a name or 0-15)"
						: "the 8 (default, black..white or 0-7)");
		return false;
	}
	*out = c;
	return true;
}

/* attrs: [bold, dim] or one name; [] is none. */
static bool load_attrs(struct ywalk *w, const char *role, const char *key,
		       const struct ynode *v, unsigned *out)
{
	char show[160];
	unsigned bits = 0;
	bool ok = true;

	if (v->kind == YN_BAD)
		return false;
	if (v->kind == YN_SCALAR) {
		unsigned b = theme_attr_parse(v->s);
		if (!b) {
			ywalk_error(w, v, "bad attribute '%s' for %s.%s: " ATTR_HELP,
				    ynode_show(v, show, sizeof show), role, key);
			return false;
		}
		*out = b;
		return true;
	}
	if (v->kind != YN_SEQ) {
		ywalk_error(w, v, "%s.%s must be a list of attributes", role, key);
		return false;
	}
	for (size_t i = 0; i < v->nkids; i++) {
		const struct ynode *a = v->kids[i];
		unsigned b = a->kind == YN_SCALAR ? theme_attr_parse(a->s) : 0;

		if (a->kind == YN_BAD) {
			ok = false;
		} else if (!b) {
			ywalk_error(w, a, "bad attribute '%s' for %s.%s: " ATTR_HELP,
				    ynode_show(a, show, sizeof show), role, key);
			ok = false;
		}
		bits |= b;
	}
	if (ok)
		*out = bits;
	return ok;
}

static void load_style(struct ywalk *w, const struct ynode *k,
		       const struct ynode *v, struct theme_style *st)
{
	char show[160];
	int fg[DEPTH_COUNT], bg[DEPTH_COUNT];
	bool fg_set = false, bg_set = false, attrs_set = false, mono_set = false;
	unsigned attrs = 0, mono = 0;

	if (v->kind == YN_BAD)
		return;
	if (v->kind != YN_MAP) {
		ywalk_error(w, v, "role '%s' must be a mapping of " STYLE_KEYS, k->s);
		return;
	}
	for (int d = 0; d < DEPTH_COUNT; d++)
		fg[d] = bg[d] = COLOUR_UNSET;
	for (size_t i = 0; i + 1 < v->nkids; i += 2) {
		const struct ynode *sk = v->kids[i], *sv = v->kids[i + 1];
		bool known = false;

		if (sk->kind != YN_SCALAR)
			continue;
		for (size_t c = 0; c < sizeof colour_keys / sizeof colour_keys[0]; c++) {
			bool isbg = colour_keys[c].bg;
			int col;

			if (!ynode_is(sk, colour_keys[c].key))
				continue;
			known = true;
			if (load_colour(w, k->s, sk->s, colour_keys[c].depth, sv, &col)) {
				(isbg ? bg : fg)[colour_keys[c].depth] = col;
				*(isbg ? &bg_set : &fg_set) = true;
			}
		}
		if (known)
			continue;
		if (ynode_is(sk, "attrs"))
			attrs_set = load_attrs(w, k->s, "attrs", sv, &attrs) || attrs_set;
		else if (ynode_is(sk, "mono"))
			mono_set = load_attrs(w, k->s, "mono", sv, &mono) || mono_set;
		else
			ywalk_error(w, sk, "unknown key '%s' in role '%s' (use " STYLE_KEYS ")",
				    ynode_show(sk, show, sizeof show), k->s);
	}
	/* what the role gives replaces the parent's, each as a group */
	if (fg_set) {
		if (fg[DEPTH_TRUE] == COLOUR_UNSET)
			fg[DEPTH_TRUE] = COLOUR_DEFAULT;
		memcpy(st->fg, fg, sizeof fg);
	}
	if (bg_set) {
		if (bg[DEPTH_TRUE] == COLOUR_UNSET)
			bg[DEPTH_TRUE] = COLOUR_DEFAULT;
		memcpy(st->bg, bg, sizeof bg);
	}
	if (attrs_set) {
		st->attrs = attrs;
		st->mono = attrs;
	}
	if (mono_set)
		st->mono = mono;
}

static void load_roles(struct ywalk *w, const struct ynode *v, struct theme *th)
{
	char show[160];

	if (v->kind == YN_BAD)
		return;
	if (v->kind != YN_MAP) {
		ywalk_error(w, v, "'roles' must be a mapping of role to style");
		return;
	}
	for (size_t i = 0; i + 1 < v->nkids; i += 2) {
		const struct ynode *k = v->kids[i];
		int r;

		if (k->kind != YN_SCALAR)
			continue;
		r = theme_role_parse(k->s);
		if (r < 0) {
			ywalk_error(w, k, "unknown role '%s' (see 'calm config --roles')",
				    ynode_show(k, show, sizeof show));
			continue;
		}
		load_style(w, k, v->kids[i + 1], &th->role[r]);
	}
}

/* Copy what the parent gives before this theme's roles apply. */
static void take_parent(struct theme *th, const struct theme *p)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		th->role[r] = p->role[r];
}

/* Passes a parent's located errors on, counting them. */
struct relay {
	config_report_fn report;
	void *ctx;
	unsigned n;
};

static void relay_line(const char *line, void *ctx)
{
	struct relay *r = ctx;

	r->n++;
	if (r->report)
		r->report(line, r->ctx);
}

static void follow_inherit(struct ywalk *w, const struct ynode *v,
			   struct theme *th, struct chain *ch)
{
	struct theme parent = { 0 };
	struct calm_err perr = { 0 };
	struct relay relay = { .report = w->report, .ctx = w->ctx };
	struct buf b = BUF_INIT;
	char *s = NULL;

	if (!ywalk_text(w, "inherit", v, true, &s))
		return;
	if (!name_ok(s)) {
		ywalk_error(w, v, "'inherit' must name a theme (a-z, 0-9, '-' and '_'), not a path");
		free(s);
		return;
	}
	for (int i = 0; i < ch->n; i++) {
		if (strcmp(ch->name[i], s) != 0)
			continue;
		for (int j = i; j < ch->n; j++)
			buf_addf(&b, "%s -> ", ch->name[j]);
		buf_adds(&b, s);
		ywalk_error(w, v, "inherit cycle: %s", buf_cstr(&b));
		buf_release(&b);
		free(s);
		return;
	}
	if (ch->n >= THEME_INHERIT_MAX) {
		ywalk_error(w, v, "inherit chain deeper than %d themes", THEME_INHERIT_MAX);
		free(s);
		return;
	}
	free(th->parent);
	th->parent = s;
	if (load_named(s, relay_line, &relay, &parent, &perr, ch) == CALM_OK)
		take_parent(th, &parent);
	else if (relay.n > 0)
		ywalk_error(w, v, "cannot inherit from '%s': it has errors", s);
	else
		ywalk_error(w, v, "cannot inherit from '%s': %s", s, perr.msg);
	theme_release(&parent);
}

static enum calm_rc load_text(const char *path, const char *text, size_t len,
			      config_report_fn report, void *ctx,
			      struct theme *out, struct calm_err *err,
			      struct chain *ch)
{
	struct ywalk w = { .path = path, .report = report, .ctx = ctx, .err = err };
	const struct ynode *roles = NULL;
	struct ynode *root;
	char show[160];
	bool fatal;

	assert(out && path);
	assert(text || len == 0);
	memset(out, 0, sizeof *out);
	for (int r = 0; r < ROLE_COUNT; r++)
		theme_style_plain(&out->role[r]);
	out->name = name_of(path);
	ch->name[ch->n++] = out->name;
	root = ywalk_parse(&w, text, len, &fatal);
	if (root && root->kind == YN_MAP) {
		/* inherit first, wherever it is written: roles build on it */
		for (size_t i = 0; i + 1 < root->nkids; i += 2)
			if (ynode_is(root->kids[i], "inherit"))
				follow_inherit(&w, root->kids[i + 1], out, ch);
		for (size_t i = 0; i + 1 < root->nkids; i += 2) {
			const struct ynode *k = root->kids[i], *v = root->kids[i + 1];
			if (k->kind != YN_SCALAR || ynode_is(k, "inherit"))
				continue;
			if (ynode_is(k, "roles"))
				roles = v;
			else if (ynode_is(k, "description"))
				ywalk_text(&w, "description", v, false, &out->description);
			else
				ywalk_error(&w, k, "unknown key '%s' in theme (use description, inherit or roles)",
					    ynode_show(k, show, sizeof show));
		}
		if (roles)
			load_roles(&w, roles, out);
	} else if (root && root->kind != YN_BAD) {
		ywalk_error(&w, root, "expected a mapping at the top level");
	}
	ch->n--;
	ynode_free(root);
	ywalk_done(&w);
	if (w.nerrors > 0) {
		theme_release(out);
		return CALM_CONFIG;
	}
	out->source = xstrdup(path);
	return CALM_OK;
}

enum calm_rc config_load_theme(const char *path, const char *text, size_t len,
			       config_report_fn report, void *ctx,
			       struct theme *out, struct calm_err *err)
{
	struct chain ch = { .n = 0 };

	return load_text(path ? path : "-", text, len, report, ctx, out, err, &ch);
}

/* ---- finding themes ---- */

/* The user's theme directory, or NULL without XDG_CONFIG_HOME or HOME. */
static char *user_dir(void)
{
	const char *cfg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	struct buf b = BUF_INIT;

	if (cfg && cfg[0] == '/')
		buf_addf(&b, "%s/calm/themes", cfg);
	else if (home && home[0] == '/')
		buf_addf(&b, "%s/.config/calm/themes", home);
	else
		return NULL;
	return buf_detach(&b);
}

/* The running binary's directory into bin, or false (no /proc). */
static bool bin_dir(char *bin, size_t size)
{
	ssize_t len = readlink("/proc/self/exe", bin, size - 1);
	char *slash;

	if (len <= 0 || (size_t)len >= size - 1)
		return false;
	bin[len] = '\0';
	slash = strrchr(bin, '/');
	if (!slash)
		return false;
	*slash = '\0';
	return true;
}

/* Append dir to dirs[*n] unless it is listed already; takes dir. */
static void add_dir(char **dirs, int *n, char *dir)
{
	for (int i = 0; i < *n; i++) {
		if (strcmp(dirs[i], dir) == 0) {
			free(dir);
			return;
		}
	}
	dirs[(*n)++] = dir;
}

/* BIN/rel/themes as a real path, or NULL when it is not there. */
static char *themes_beside_bin(const char *bin, const char *rel)
{
	struct buf b = BUF_INIT;
	char *real;

	buf_addf(&b, "%s/%s/themes", bin, rel);
	real = realpath(buf_cstr(&b), NULL);
	buf_release(&b);
	return real;
}

/* The directories searched, in order; NULL-terminated, new strings. */
static char **search_dirs(void)
{
	char **dirs = xcalloc(5, sizeof *dirs), bin[PATH_MAX], *d;
	int n = 0;

	if ((d = user_dir()))
		add_dir(dirs, &n, d);
	if (bin_dir(bin, sizeof bin)) {
		if ((d = themes_beside_bin(bin, "calm-datadir")))
			add_dir(dirs, &n, d);
		if ((d = themes_beside_bin(bin, CALM_DATADIR_FROM_BIN)))
			add_dir(dirs, &n, d);
	}
	d = realpath(CALM_DATADIR "/themes", NULL);
	add_dir(dirs, &n, d ? d : xstrdup(CALM_DATADIR "/themes"));
	return dirs;
}

char **config_theme_dirs(void)
{
	return search_dirs();
}

static bool is_file(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* "default": the user's own, else NULL (the built-in one; the data
 * directories' copy is the same text). */
static enum calm_rc find_default(char **path)
{
	char *dir = user_dir();
	struct buf p = BUF_INIT;

	*path = NULL;
	if (!dir)
		return CALM_OK;
	buf_addf(&p, "%s/default.yaml", dir);
	free(dir);
	if (is_file(buf_cstr(&p)))
		*path = buf_detach(&p);
	buf_release(&p);
	return CALM_OK;
}

enum calm_rc config_theme_find(const char *name, char **path,
			       struct calm_err *err)
{
	char **dirs;
	struct buf where = BUF_INIT;

	*path = NULL;
	if (strcmp(name, "default") == 0)
		return find_default(path);
	dirs = search_dirs();
	if (!name_ok(name)) {
		config_strv_free(dirs);
		return calm_err_set(err, CALM_CONFIG,
				    "bad theme name '%.64s': use a-z, 0-9, '-' and '_', or give a path",
				    name);
	}
	for (int i = 0; dirs[i]; i++) {
		struct buf p = BUF_INIT;
		buf_addf(&p, "%s/%s.yaml", dirs[i], name);
		if (is_file(buf_cstr(&p))) {
			*path = buf_detach(&p);
			config_strv_free(dirs);
			buf_release(&where);
			return CALM_OK;
		}
		buf_release(&p);
		buf_addf(&where, "%s%s", i ? ", " : "", dirs[i]);
	}
	config_strv_free(dirs);
	if (strcmp(name, "default") == 0) {
		buf_release(&where);
		return CALM_OK; /* the built-in one */
	}
	calm_err_set(err, CALM_CONFIG, "no theme '%s' (looked in %s)", name,
		     buf_cstr(&where));
	buf_release(&where);
	return CALM_CONFIG;
}

#ifndef CALM_BUILTIN_FROM_YAML
static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}
#endif

/* The built-in theme: a copy of config_builtin_theme (parsed from
 * config_default_theme in the build tool that makes it). */
static enum calm_rc load_builtin(config_report_fn report, void *ctx, struct theme *out,
				 struct calm_err *err, struct chain *ch)
{
#ifdef CALM_BUILTIN_FROM_YAML
	return load_text("built-in", config_default_theme, config_default_theme_len, report,
			 ctx, out, err, ch);
#else
	(void)report;
	(void)ctx;
	(void)err;
	(void)ch; /* no inherit: to follow */
	*out = config_builtin_theme;
	out->name = dup_or_null(config_builtin_theme.name);
	out->source = dup_or_null(config_builtin_theme.source);
	out->parent = dup_or_null(config_builtin_theme.parent);
	out->description = dup_or_null(config_builtin_theme.description);
	return CALM_OK;
#endif
}

static enum calm_rc load_named(const char *name_or_path, config_report_fn report,
			       void *ctx, struct theme *out, struct calm_err *err,
			       struct chain *ch)
{
	char *path = NULL, *text = NULL;
	size_t len = 0;
	enum calm_rc rc;

	memset(out, 0, sizeof *out);
	if (config_theme_is_path(name_or_path)) {
		path = xstrdup(name_or_path);
	} else {
		rc = config_theme_find(name_or_path, &path, err);
		if (rc != CALM_OK)
			return rc;
		if (!path)
			return load_builtin(report, ctx, out, err, ch);
	}
	rc = config_read_file(path, &text, &len, err);
	if (rc != CALM_OK)
		rc = err ? (err->rc = CALM_CONFIG) : CALM_CONFIG;
	else
		rc = load_text(path, text, len, report, ctx, out, err, ch);
	free(text);
	free(path);
	return rc;
}

enum calm_rc config_theme_load(const char *name_or_path,
			       config_report_fn report, void *ctx,
			       struct theme *out, struct calm_err *err)
{
	struct chain ch = { .n = 0 };

	assert(name_or_path && out);
	return load_named(name_or_path, report, ctx, out, err, &ch);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

char **config_theme_list(void)
{
	char **dirs = search_dirs(), **found = NULL, **out;
	size_t nfound = 0, n = 0;

	for (int i = 0; dirs[i]; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *de;

		while (d && (de = readdir(d))) {
			size_t len = strlen(de->d_name);
			char *name;
			struct buf p = BUF_INIT;

			if (len <= 5 || strcmp(de->d_name + len - 5, ".yaml") != 0)
				continue;
			name = xstrndup(de->d_name, len - 5);
			buf_addf(&p, "%s/%s", dirs[i], de->d_name);
			if (!name_ok(name) || has(found, nfound, name) ||
			    !is_file(buf_cstr(&p))) {
				free(name);
			} else {
				found = xrealloc(found, (nfound + 1) * sizeof *found);
				found[nfound++] = name;
			}
			buf_release(&p);
		}
		if (d)
			closedir(d);
	}
	config_strv_free(dirs);
	out = xcalloc(nfound + 7, sizeof *out);
	for (int i = 0; shipped[i]; i++)
		if (i == 0 || has(found, nfound, shipped[i]))
			out[n++] = xstrdup(shipped[i]);
	if (nfound)
		qsort(found, nfound, sizeof *found, cmp_str);
	for (size_t i = 0; i < nfound; i++)
		if (!has(out, n, found[i]))
			out[n++] = xstrdup(found[i]);
	for (size_t i = 0; i < nfound; i++)
		free(found[i]);
	free(found);
	return out;
}
