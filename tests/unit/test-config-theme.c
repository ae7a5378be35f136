/*
 * test-config-theme.c - themes (theme-load.c) and the config keys of
 * issue 6 (prompts, blame, keys): every shipped theme loads and the
 * compiled-in default is themes/default.yaml; each mistake in a theme
 * is its exact located line; inherit follows the parent, replaces
 * colour groups, finds a missing parent and cycles; lookup and the
 * list T cycles; the config keys read back, and their mistakes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calm/blame.h"
#include "calm/buf.h"
#include "calm/config.h"
#include "calm/theme.h"

struct lines {
	char *v[64];
	int n;
};

static void collect(const char *line, void *ctx)
{
	struct lines *l = ctx;

	if (l->n < 64)
		l->v[l->n++] = xstrdup(line);
}

static void lines_free(struct lines *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i]);
	l->n = 0;
}

/* The source tree, from ctest's environment (tests/CMakeLists.txt). */
static const char *source_dir(void)
{
	const char *d = getenv("CALM_SOURCE_DIR");

	if (!d || !*d)
		fail_msg("CALM_SOURCE_DIR is not set: run the tests through ctest");
	return d;
}

/* A private XDG_CONFIG_HOME with a themes/ directory; returns it. */
static const char *user_themes(void)
{
	static char dir[4096];
	const char *t = getenv("CALM_TEST_TMP");
	char sub[4200];

	if (!t || !*t)
		t = "/tmp";
	mkdir(t, 0700);
	snprintf(dir, sizeof dir, "%s/theme-xdg-%d", t, (int)getpid());
	mkdir(dir, 0700);
	snprintf(sub, sizeof sub, "%s/calm", dir);
	mkdir(sub, 0700);
	snprintf(sub, sizeof sub, "%s/calm/themes", dir);
	mkdir(sub, 0700);
	setenv("XDG_CONFIG_HOME", dir, 1);
	return dir;
}

static void write_user_theme(const char *name, const char *text)
{
	char path[4400];
	FILE *f;

	snprintf(path, sizeof path, "%s/calm/themes/%s.yaml", user_themes(), name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void remove_user_theme(const char *name)
{
	char path[4400];

	snprintf(path, sizeof path, "%s/calm/themes/%s.yaml", user_themes(), name);
	unlink(path);
}

/* Load yaml as "t.yaml": it must fail with exactly these lines. */
static void expect_errors(const char *yaml, ...)
{
	struct calm_err err = { 0 };
	struct theme th;
	struct lines got = { .n = 0 };
	const char *want;
	va_list ap;
	int i = 0;

	memset(&th, 0xff, sizeof th);
	assert_int_equal(config_load_theme("t.yaml", yaml, strlen(yaml), collect,
					   &got, &th, &err),
			 CALM_CONFIG);
	assert_int_equal(err.rc, CALM_CONFIG);
	va_start(ap, yaml);
	while ((want = va_arg(ap, const char *)) != NULL) {
		if (i == 0)
			assert_string_equal(err.msg, want);
		assert_true(i < got.n);
		assert_string_equal(got.v[i], want);
		i++;
	}
	va_end(ap);
	for (int j = i; j < got.n; j++)
		print_message("unexpected: %s\n", got.v[j]);
	assert_int_equal(got.n, i);
	assert_null(th.name);
	assert_null(th.source);
	lines_free(&got);
}

static void load_ok(const char *yaml, struct theme *th)
{
	struct calm_err err = { 0 };
	struct lines got = { .n = 0 };

	if (config_load_theme("t.yaml", yaml, strlen(yaml), collect, &got, th,
			      &err) != CALM_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(got.n, 0);
}

static void theme__shipped_all_load(void **state)
{
	const char *names[] = { "default", "light", "high-contrast",
				"solarized-dark", "mono", NULL };

	(void)state;
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/nonexistent", 1);
	for (int i = 0; names[i]; i++) {
		struct calm_err err = { 0 };
		struct lines got = { .n = 0 };
		struct theme th;
		char path[4096];
		char *text = NULL;
		size_t len = 0;

		snprintf(path, sizeof path, "%s/themes/%s.yaml", source_dir(), names[i]);
		assert_int_equal(config_read_file(path, &text, &len, &err), CALM_OK);
		if (config_load_theme(path, text, len, collect, &got, &th, &err) != CALM_OK)
			fail_msg("%s", err.msg);
		assert_int_equal(got.n, 0);
		assert_string_equal(th.name, names[i]);
		assert_string_equal(th.source, path);
		assert_non_null(th.description);
		theme_release(&th);
		free(text);
	}
}

/* The compiled-in theme is themes/default.yaml, byte for byte. */
static void theme__builtin_is_default_yaml(void **state)
{
	struct calm_err err = { 0 };
	struct theme th;
	char path[4096];
	char *text = NULL;
	size_t len = 0;

	(void)state;
	snprintf(path, sizeof path, "%s/themes/default.yaml", source_dir());
	assert_int_equal(config_read_file(path, &text, &len, &err), CALM_OK);
	assert_int_equal(len, config_default_theme_len);
	assert_memory_equal(text, config_default_theme, len);
	free(text);
	assert_int_equal(config_load_theme("built-in", config_default_theme,
					   config_default_theme_len, NULL, NULL,
					   &th, &err), CALM_OK);
	assert_string_equal(th.name, "default");
	/* today's look: white on blue, bold; reverse and bold without colour */
	assert_int_equal(th.role[ROLE_TITLE].fg[DEPTH_TRUE], 7);
	assert_int_equal(th.role[ROLE_TITLE].bg[DEPTH_TRUE], 4);
	assert_int_equal(th.role[ROLE_TITLE].attrs, THEME_BOLD);
	assert_int_equal(th.role[ROLE_TITLE].mono, THEME_REVERSE | THEME_BOLD);
	assert_int_equal(th.role[ROLE_NORMAL].fg[DEPTH_TRUE], COLOUR_DEFAULT);
	assert_int_equal(th.role[ROLE_STAGE_AHEAD].attrs, THEME_DIM);
	assert_int_equal(th.role[ROLE_STAGE_AHEAD].mono, 0);
	theme_release(&th);
}

static void assert_theme_same(const struct theme *a, const struct theme *b)
{
	const char *const sa[] = { a->name, a->source, a->parent, a->description };
	const char *const sb[] = { b->name, b->source, b->parent, b->description };

	for (int i = 0; i < 4; i++) {
		if (!sa[i] || !sb[i])
			assert_ptr_equal(sa[i], sb[i]);
		else
			assert_string_equal(sa[i], sb[i]);
	}
	for (int r = 0; r < ROLE_COUNT; r++) {
		assert_memory_equal(a->role[r].fg, b->role[r].fg, sizeof a->role[r].fg);
		assert_memory_equal(a->role[r].bg, b->role[r].bg, sizeof a->role[r].bg);
		assert_int_equal(a->role[r].attrs, b->role[r].attrs);
		assert_int_equal(a->role[r].mono, b->role[r].mono);
	}
}

/* The theme "default" is compiled into C data at build time
 * (config_builtin_theme): it is themes/default.yaml as the loader reads
 * it, and loading "default" with no default.yaml of the user's hands out
 * a copy of its own; the user's default.yaml still replaces it. */
static void theme__builtin_data_is_the_yaml(void **state)
{
	struct theme yaml, def, mine;

	(void)state;
	user_themes();
	assert_int_equal(config_load_theme("built-in", config_default_theme,
					   config_default_theme_len, NULL, NULL, &yaml, NULL),
			 CALM_OK);
	assert_theme_same(&config_builtin_theme, &yaml);
	assert_int_equal(config_theme_load("default", NULL, NULL, &def, NULL), CALM_OK);
	assert_theme_same(&def, &yaml);
	assert_ptr_not_equal(def.name, config_builtin_theme.name);
	theme_release(&def);
	write_user_theme("default", "roles: {title: {fg: red}}\n");
	assert_int_equal(config_theme_load("default", NULL, NULL, &mine, NULL), CALM_OK);
	assert_int_equal(mine.role[ROLE_TITLE].fg[DEPTH_TRUE], 1);
	assert_string_not_equal(mine.source, "built-in");
	theme_release(&mine);
	theme_release(&yaml);
	remove_user_theme("default");
}

static void theme__mono_has_no_colour(void **state)
{
	struct theme th;

	(void)state;
	unsetenv("XDG_CONFIG_HOME");
	assert_int_equal(config_theme_load("mono", NULL, NULL, &th, NULL), CALM_OK);
	for (int r = 0; r < ROLE_COUNT; r++)
		for (int d = DEPTH_8; d < DEPTH_COUNT; d++) {
			assert_int_equal(theme_style_colour(&th.role[r], false, d), COLOUR_DEFAULT);
			assert_int_equal(theme_style_colour(&th.role[r], true, d), COLOUR_DEFAULT);
		}
	assert_int_equal(th.role[ROLE_SELECTION].attrs, THEME_REVERSE);
	theme_release(&th);
}

static void theme__values(void **state)
{
	struct theme th;
	const struct theme_style *s;

	(void)state;
	load_ok("description: t\n"
		"roles:\n"
		"  title:\n"
		"    fg: \"#d75f00\"\n"
		"    fg16: yellow\n"
		"    bg: 24\n"
		"    bg8: blue\n"
		"    attrs: [bold, italic]\n"
		"  gate_unmet: {fg: brightred, attrs: underline, mono: [reverse]}\n"
		"  selection: {attrs: []}\n",
		&th);
	assert_string_equal(th.name, "t");
	assert_string_equal(th.description, "t");
	assert_null(th.parent);
	s = &th.role[ROLE_TITLE];
	assert_int_equal(theme_style_colour(s, false, DEPTH_TRUE), COLOUR_RGB(0xd7, 0x5f, 0));
	assert_int_equal(theme_style_colour(s, false, DEPTH_256), 166);
	assert_int_equal(theme_style_colour(s, false, DEPTH_16), 3);
	assert_int_equal(theme_style_colour(s, false, DEPTH_8), 3);
	assert_int_equal(theme_style_colour(s, true, DEPTH_256), 24);
	assert_int_equal(theme_style_colour(s, true, DEPTH_8), 4);
	assert_int_equal(s->attrs, THEME_BOLD | THEME_ITALIC);
	assert_int_equal(s->mono, THEME_BOLD | THEME_ITALIC);
	s = &th.role[ROLE_GATE_UNMET];
	assert_int_equal(s->fg[DEPTH_TRUE], 9);
	assert_int_equal(s->attrs, THEME_UNDERLINE);
	assert_int_equal(s->mono, THEME_REVERSE);
	/* roles not given are plain */
	assert_int_equal(th.role[ROLE_BORDER].fg[DEPTH_TRUE], COLOUR_DEFAULT);
	assert_int_equal(th.role[ROLE_BORDER].attrs, 0);
	theme_release(&th);

	load_ok("", &th); /* empty: every role plain */
	assert_int_equal(th.role[ROLE_TITLE].attrs, 0);
	theme_release(&th);
}

static void theme__errors(void **state)
{
	(void)state;
	expect_errors("roles:\n  titel: {fg: red}\n",
		      "t.yaml:2:3: unknown role 'titel' (see 'calm config --roles')", NULL);
	expect_errors("roles:\n  title: {fg: reddish}\n",
		      "t.yaml:2:15: bad colour 'reddish' for title.fg: use default, a colour name (red, brightred...), 0-255 or \"#rrggbb\"",
		      NULL);
	expect_errors("roles:\n  title: {bg: 256}\n",
		      "t.yaml:2:15: bad colour '256' for title.bg: use default, a colour name (red, brightred...), 0-255 or \"#rrggbb\"",
		      NULL);
	expect_errors("roles:\n  title: {fg: \"#12345\"}\n",
		      "t.yaml:2:15: bad colour '#12345' for title.fg: use default, a colour name (red, brightred...), 0-255 or \"#rrggbb\"",
		      NULL);
	expect_errors("roles:\n  title:\n    fg: #d75f00\n",
		      "t.yaml:3:8: no colour for title.fg (quote \"#rrggbb\": YAML reads # as a comment)",
		      NULL);
	expect_errors("roles:\n  title: {fg16: 100}\n",
		      "t.yaml:2:17: title.fg16 must be a colour of the 16 (default, a name or 0-15)", NULL);
	expect_errors("roles:\n  title: {bg8: brightred}\n",
		      "t.yaml:2:16: title.bg8 must be a colour of the 8 (default, black..white or 0-7)", NULL);
	expect_errors("roles:\n  title: {fg256: \"#ff0000\"}\n",
		      "t.yaml:2:18: title.fg256 must be a colour of the 256 palette (default or 0-255)", NULL);
	expect_errors("roles:\n  title: {attrs: [bold, blink]}\n",
		      "t.yaml:2:25: bad attribute 'blink' for title.attrs: use bold, dim, underline, reverse or italic",
		      NULL);
	expect_errors("roles:\n  title: {mono: flashing}\n",
		      "t.yaml:2:17: bad attribute 'flashing' for title.mono: use bold, dim, underline, reverse or italic",
		      NULL);
	expect_errors("roles:\n  title: {attrs: {bold: true}}\n",
		      "t.yaml:2:18: title.attrs must be a list of attributes", NULL);
	expect_errors("roles:\n  title: {size: 3}\n",
		      "t.yaml:2:11: unknown key 'size' in role 'title' (use fg, bg, fg256, bg256, fg16, bg16, fg8, bg8, attrs or mono)",
		      NULL);
	expect_errors("roles:\n  title: red\n",
		      "t.yaml:2:10: role 'title' must be a mapping of fg, bg, fg256, bg256, fg16, bg16, fg8, bg8, attrs or mono",
		      NULL);
	expect_errors("roles: [title]\n",
		      "t.yaml:1:8: 'roles' must be a mapping of role to style", NULL);
	expect_errors("colour: 3\n",
		      "t.yaml:1:1: unknown key 'colour' in theme (use description, inherit or roles)", NULL);
	expect_errors("- a\n", "t.yaml:1:1: expected a mapping at the top level", NULL);
	expect_errors("inherit: ../x\n",
		      "t.yaml:1:10: 'inherit' must name a theme (a-z, 0-9, '-' and '_'), not a path", NULL);
	expect_errors("inherit: t\n", "t.yaml:1:10: inherit cycle: t -> t", NULL);
	/* all mistakes at once, in order */
	expect_errors("roles:\n  titel: {}\n  title: {fg: x, attrs: [y]}\n",
		      "t.yaml:2:3: unknown role 'titel' (see 'calm config --roles')",
		      "t.yaml:3:15: bad colour 'x' for title.fg: use default, a colour name (red, brightred...), 0-255 or \"#rrggbb\"",
		      "t.yaml:3:26: bad attribute 'y' for title.attrs: use bold, dim, underline, reverse or italic",
		      NULL);
}

static void theme__inherit(void **state)
{
	struct theme def, th;

	(void)state;
	unsetenv("XDG_CONFIG_HOME");
	assert_int_equal(config_load_theme("built-in", config_default_theme,
					   config_default_theme_len, NULL, NULL,
					   &def, NULL), CALM_OK);
	load_ok("roles:\n"
		"  title: {bg: red}\n"
		"  dim: {attrs: [italic]}\n"
		"inherit: default\n", /* wherever it is written */
		&th);
	assert_string_equal(th.parent, "default");
	/* changed: title's bg group, dim's attrs (and mono with them) */
	assert_int_equal(th.role[ROLE_TITLE].bg[DEPTH_TRUE], 1);
	assert_int_equal(th.role[ROLE_TITLE].fg[DEPTH_TRUE], 7);
	assert_int_equal(th.role[ROLE_TITLE].attrs, THEME_BOLD);
	assert_int_equal(th.role[ROLE_DIM].attrs, THEME_ITALIC);
	assert_int_equal(th.role[ROLE_DIM].mono, THEME_ITALIC);
	assert_int_equal(th.role[ROLE_DIM].fg[DEPTH_TRUE], 6);
	/* the rest is the parent's */
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (r == ROLE_TITLE || r == ROLE_DIM)
			continue;
		assert_memory_equal(&th.role[r], &def.role[r], sizeof th.role[r]);
	}
	theme_release(&th);

	/* fg replaces the parent's fg and its fallbacks as a group */
	write_user_theme("base", "roles:\n  title: {fg: \"#ff0000\", fg16: red, fg8: red}\n");
	load_ok("inherit: base\nroles:\n  title: {fg: green}\n", &th);
	assert_int_equal(th.role[ROLE_TITLE].fg[DEPTH_TRUE], 2);
	assert_int_equal(th.role[ROLE_TITLE].fg[DEPTH_16], COLOUR_UNSET);
	assert_int_equal(th.role[ROLE_TITLE].fg[DEPTH_8], COLOUR_UNSET);
	theme_release(&th);

	/* high-contrast inherits default */
	assert_int_equal(config_theme_load("high-contrast", NULL, NULL, &th, NULL), CALM_OK);
	assert_string_equal(th.parent, "default");
	assert_memory_equal(&th.role[ROLE_HEADING], &def.role[ROLE_HEADING],
			    sizeof th.role[0]);
	theme_release(&th);
	theme_release(&def);
	remove_user_theme("base");
}

static void theme__inherit_errors(void **state)
{
	struct lines got = { .n = 0 };
	struct calm_err err = { 0 };
	struct theme th;
	char path[4400], want[9000];
	const char *dir = user_themes();

	(void)state;
	/* a missing parent names where it looked */
	assert_int_equal(config_load_theme("t.yaml", "inherit: nosuch\n", 16,
					   collect, &got, &th, &err), CALM_CONFIG);
	assert_int_equal(got.n, 1);
	snprintf(want, sizeof want,
		 "t.yaml:1:10: cannot inherit from 'nosuch': no theme 'nosuch' (looked in %s/calm/themes, ",
		 dir);
	assert_memory_equal(got.v[0], want, strlen(want));
	lines_free(&got);

	/* a cycle through two files, and the parent's errors are its own */
	write_user_theme("a", "inherit: b\n");
	write_user_theme("b", "inherit: a\n");
	memset(&err, 0, sizeof err);
	assert_int_equal(config_theme_load("a", collect, &got, &th, &err), CALM_CONFIG);
	assert_int_equal(got.n, 2);
	snprintf(path, sizeof path, "%s/calm/themes/b.yaml:1:10: inherit cycle: a -> b -> a", dir);
	assert_string_equal(got.v[0], path);
	snprintf(path, sizeof path, "%s/calm/themes/a.yaml:1:10: cannot inherit from 'b': it has errors", dir);
	assert_string_equal(got.v[1], path);
	lines_free(&got);

	/* a parent with a mistake */
	write_user_theme("b", "roles: {title: {fg: nope}}\n");
	assert_int_equal(config_theme_load("a", collect, &got, &th, NULL), CALM_CONFIG);
	assert_int_equal(got.n, 2);
	snprintf(path, sizeof path, "%s/calm/themes/b.yaml:1:21: bad colour 'nope' for title.fg: use default, a colour name (red, brightred...), 0-255 or \"#rrggbb\"", dir);
	assert_string_equal(got.v[0], path);
	lines_free(&got);
	remove_user_theme("a");
	remove_user_theme("b");
}

static void theme__lookup(void **state)
{
	struct calm_err err = { 0 };
	struct theme th;
	char *path = NULL, want[4400];
	char **list;
	const char *dir = user_themes();

	(void)state;
	/* a user theme wins over a shipped one of the same name */
	write_user_theme("light", "description: mine\n");
	assert_int_equal(config_theme_find("light", &path, &err), CALM_OK);
	snprintf(want, sizeof want, "%s/calm/themes/light.yaml", dir);
	assert_string_equal(path, want);
	free(path);
	assert_int_equal(config_theme_load("light", NULL, NULL, &th, NULL), CALM_OK);
	assert_string_equal(th.description, "mine");
	theme_release(&th);
	remove_user_theme("light");

	assert_int_equal(config_theme_find("Bad Name", &path, &err), CALM_CONFIG);
	assert_string_equal(err.msg, "bad theme name 'Bad Name': use a-z, 0-9, '-' and '_', or give a path");
	assert_true(config_theme_is_path("x.yaml"));
	assert_true(config_theme_is_path("./x"));
	assert_false(config_theme_is_path("solarized-dark"));

	/* a path that cannot be read */
	memset(&err, 0, sizeof err);
	assert_int_equal(config_theme_load("/nonexistent/x.yaml", NULL, NULL, &th, &err), CALM_CONFIG);
	assert_string_equal(err.msg, "cannot read '/nonexistent/x.yaml': No such file or directory");

	/* the list T cycles: the shipped ones in order, then the user's */
	write_user_theme("zz-mine", "{}\n");
	write_user_theme("aa-mine", "{}\n");
	list = config_theme_list();
	assert_string_equal(list[0], "default");
	assert_string_equal(list[1], "light");
	assert_string_equal(list[2], "high-contrast");
	assert_string_equal(list[3], "solarized-dark");
	assert_string_equal(list[4], "mono");
	assert_string_equal(list[5], "aa-mine");
	assert_string_equal(list[6], "zz-mine");
	assert_null(list[7]);
	config_strv_free(list);
	remove_user_theme("zz-mine");
	remove_user_theme("aa-mine");
}

/* ---- the config keys of issue 6 ---- */

static void cfg_expect(const char *yaml, const char *want)
{
	struct calm_err err = { 0 };
	struct config cfg;
	struct lines got = { .n = 0 };

	assert_int_equal(config_load("c.yaml", yaml, strlen(yaml), collect, &got,
				     &cfg, &err), CALM_CONFIG);
	if (got.n != 1)
		for (int i = 0; i < got.n; i++)
			print_message("got: %s\n", got.v[i]);
	assert_int_equal(got.n, 1);
	assert_string_equal(got.v[0], want);
	lines_free(&got);
}

static void config__prompts_blame_keys(void **state)
{
	const char *yaml = "prompts: false\n"
			   "theme: solarized-dark\n"
			   "blame: [careless, Dave]\n"
			   "keys: {note: a, advance: \">\", quit: \"x C-q\", tick: Space}\n";
	struct calm_err err = { 0 };
	struct config cfg;

	(void)state;
	assert_int_equal(config_load("c.yaml", yaml, strlen(yaml), NULL, NULL, &cfg, &err),
			 CALM_OK);
	assert_true(cfg.prompts_off);
	assert_string_equal(cfg.theme, "solarized-dark");
	assert_string_equal(cfg.blame[0], "careless");
	assert_string_equal(cfg.blame[1], "Dave");
	assert_null(cfg.blame[2]);
	assert_string_equal(cfg.keys[KEYACT_NOTE], "a");
	assert_string_equal(cfg.keys[KEYACT_ADVANCE], ">");
	assert_string_equal(cfg.keys[KEYACT_QUIT], "x C-q");
	assert_string_equal(cfg.keys[KEYACT_TICK], "Space");
	assert_null(cfg.keys[KEYACT_HELP]);
	config_release(&cfg);

	assert_int_equal(config_load("c.yaml", "prompts: true\n", 14, NULL, NULL, &cfg, &err),
			 CALM_OK);
	assert_false(cfg.prompts_off);
	config_release(&cfg);
}

static void config__issue6_errors(void **state)
{
	(void)state;
	cfg_expect("prompts: maybe\n", "c.yaml:1:10: 'prompts' must be true or false");
	cfg_expect("blame: careless\n", "c.yaml:1:8: 'blame' must be a list of phrases");
	cfg_expect("blame: [\"\"]\n", "c.yaml:1:9: 'blame' must not be empty");
	cfg_expect("keys: [n]\n", "c.yaml:1:7: 'keys' must be a mapping of action to keys");
	cfg_expect("keys: {jump: j}\n",
		   "c.yaml:1:8: unknown action 'jump' in keys (use note, advance, back, tick, help, quit, theme, fields or mouse)");
	cfg_expect("keys: {note: Ctrl-n}\n",
		   "c.yaml:1:14: bad key 'Ctrl-n' for 'note': use one character, Space, Tab, Enter, Esc, Up, Down, Left, Right, Home, End, PgUp, PgDn or C-a..C-z");
	cfg_expect("keys:\n  advance: >\n",
		   "c.yaml:2:12: 'advance' must not be empty");
	cfg_expect("keys: {note: q}\n",
		   "c.yaml:1:7: key 'q' is bound to both 'note' and 'quit'");
	cfg_expect("colours: dark\n", "c.yaml:1:1: unknown key 'colours' in config");
}

static void config__merge_blame(void **state)
{
	struct playbook *pb = NULL;
	struct config cfg = { 0 };
	char *words[] = { "zorblax", NULL };
	size_t n = 0;

	(void)state;
	assert_int_equal(config_default(&pb, NULL), CALM_OK);
	config_merge_blame(pb, &cfg); /* none: nothing changes */
	cfg.blame = words;
	config_merge_blame(pb, &cfg);
	assert_non_null(pb->blame);
	while (pb->blame[n])
		n++;
	assert_true(n >= 2);
	assert_string_equal(pb->blame[n - 1], "zorblax");
	struct blame_result r;
	assert_int_equal(blame_check("he was zorblax", (const char *const *)pb->blame,
				     NULL, &r), 1);
	blame_result_release(&r);
	playbook_free(pb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(theme__shipped_all_load),
		cmocka_unit_test(theme__builtin_is_default_yaml),
		cmocka_unit_test(theme__builtin_data_is_the_yaml),
		cmocka_unit_test(theme__mono_has_no_colour),
		cmocka_unit_test(theme__values),
		cmocka_unit_test(theme__errors),
		cmocka_unit_test(theme__inherit),
		cmocka_unit_test(theme__inherit_errors),
		cmocka_unit_test(theme__lookup),
		cmocka_unit_test(config__prompts_blame_keys),
		cmocka_unit_test(config__issue6_errors),
		cmocka_unit_test(config__merge_blame),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
