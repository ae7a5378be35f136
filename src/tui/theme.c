/*
 * theme.c - colour roles for the console, from the loaded theme.
 *
 * Draw code asks for a role (ROLE_TITLE, ROLE_GATE_UNMET...) and never
 * for a colour.  A theme (themes/NAME.yaml, loaded by src/config) gives
 * each role colours and attributes; this file fits them to the terminal
 * and turns them into curses attributes:
 *
 *   - the depth: true colour only when terminfo has RGB (then COLORS is
 *     2^24 and colours are 0xrrggbb, set with init_extended_pair), else
 *     256, 16 or 8 by COLORS; each colour falls back to the theme's
 *     explicit value for that depth or the nearest (colour_fit);
 *   - one pair per role, numbered 1..ROLE_COUNT, so pairs stay below
 *     256 and COLOR_PAIR() keeps them (TERMINAL.md 3);
 *   - NO_COLOR set and not empty (tui.c passes mono), a terminal
 *     without colours or too few pairs: each role's mono attributes.
 *
 * Re-initialising a pair repaints the cells that use it; attributes
 * change only where the caller redraws, so theme_use()'s caller marks
 * the whole screen dirty.
 *
 * To add a role: add it to THEME_ROLES in calm/theme.h and give it a
 * line in themes/default.yaml (and the other shipped themes where it
 * matters); nothing here changes.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/config.h"
#include "calm/text.h"
#include "theme.h"

static struct {
	char *tried;             /* the last theme theme_use() was given */
	struct theme cur;        /* in use; cur.name NULL before the first */
	char **list;             /* the themes T cycles, loaded on first use */
	bool started;            /* theme_init() ran: colours can be set */
	bool defaults;           /* use_default_colors() worked: -1 is allowed */
	enum colour_depth depth; /* what the terminal shows */
} S;

static attr_t attrs[ROLE_COUNT];

const char *theme_current(void)
{
	return S.cur.name ? S.cur.name : "default";
}

static attr_t to_attr(unsigned bits)
{
	attr_t a = A_NORMAL;

	if (bits & THEME_BOLD)
		a |= A_BOLD;
	if (bits & THEME_DIM)
		a |= A_DIM;
	if (bits & THEME_UNDERLINE)
		a |= A_UNDERLINE;
	if (bits & THEME_REVERSE)
		a |= A_REVERSE;
	if (bits & THEME_ITALIC)
		a |= A_ITALIC;
	return a;
}

/* A fitted colour as curses takes it at the current depth. */
static int curses_colour(int c, bool bg)
{
	if (c == COLOUR_DEFAULT || c == COLOUR_UNSET)
		return S.defaults ? -1 : bg ? COLOR_BLACK : COLOR_WHITE;
	if (COLOUR_IS_RGB(c)) {
		c &= 0xffffff;
		/* direct colour reads 0-7 as the ANSI colours: keep black black */
		return c < 8 ? 0 : c;
	}
	return c;
}

static void apply(const struct theme *th)
{
	for (int r = 0; r < ROLE_COUNT; r++) {
		const struct theme_style *s = &th->role[r];
		int fg, bg, rc;

		if (S.depth == DEPTH_MONO) {
			attrs[r] = to_attr(s->mono);
			continue;
		}
		fg = theme_style_colour(s, false, S.depth);
		bg = theme_style_colour(s, true, S.depth);
		fg = curses_colour(fg, false);
		bg = curses_colour(bg, true);
		if (S.depth == DEPTH_TRUE)
			rc = init_extended_pair(r + 1, fg, bg);
		else
			rc = init_pair((short)(r + 1), (short)fg, (short)bg);
		attrs[r] = rc == OK ? (attr_t)COLOR_PAIR(r + 1) | to_attr(s->attrs)
				    : to_attr(s->mono);
	}
}

/*
 * Keep the terminal's palette: calm never defines a colour (no
 * init_color anywhere; each role is a pair of the terminal's own
 * colours), so it has no palette to restore and must never reset one
 * the user set (base16 scripts, pywal, OSC 4).  But ncurses (6.4), when
 * it takes back a coloured screen it had left (after $EDITOR, C-z and
 * fg), sends the terminal's orig_colors (oc: OSC 104 on xterm-256color,
 * ESC ] R on the linux console) unasked.  Blanking that capability for
 * this screen leaves it nothing to send; orig_pair (op), which gives
 * back the default colours, stays.  tigetstr() gives the screen's own
 * copy of the string, the one ncurses sends (term.h's orig_colors is
 * another copy in an ncurses built with extended numbers, Debian's:
 * setting it changes nothing).  Done before start_color(), so before
 * any coloured screen is taken back.
 */
static void keep_palette(void)
{
	char *oc = tigetstr("oc");

	if (oc && oc != (char *)-1)
		oc[0] = '\0';
}

static enum colour_depth terminal_depth(bool mono)
{
	if (mono || !has_colors() || start_color() != OK)
		return DEPTH_MONO;
	S.defaults = use_default_colors() == OK;
	if (COLOR_PAIRS <= ROLE_COUNT)
		return DEPTH_MONO;
	if (tigetflag("RGB") > 0 && COLORS >= 0x1000000)
		return DEPTH_TRUE;
	if (COLORS >= 256)
		return DEPTH_256;
	if (COLORS >= 16)
		return DEPTH_16;
	if (COLORS >= 8)
		return DEPTH_8;
	return DEPTH_MONO;
}

/* Collects a load's messages for one status line. */
struct first_msg {
	char first[512];
	int n;
};

static void keep_first(const char *line, void *ctx)
{
	struct first_msg *f = ctx;

	if (f->n++ == 0)
		snprintf(f->first, sizeof f->first, "%s", line);
}

enum calm_rc theme_use(const char *name_or_path, char *msg, size_t msgsz)
{
	struct first_msg f = { .n = 0 };
	struct calm_err err = { 0 };
	struct theme th;
	enum calm_rc rc;

	if (!name_or_path || !name_or_path[0])
		name_or_path = "default";
	if (msg && msgsz)
		msg[0] = '\0';
	if (name_or_path != S.tried) {
		free(S.tried);
		S.tried = xstrdup(name_or_path);
	}
	rc = config_theme_load(name_or_path, keep_first, &f, &th, &err);
	if (rc != CALM_OK) {
		struct buf b = BUF_INIT;

		if (f.n > 1)
			buf_addf(&b, "%s (and %d more)", f.first, f.n - 1);
		else
			buf_adds(&b, f.n ? f.first : err.msg);
		if (msg && msgsz) {
			char *safe = text_sanitize_dup(buf_cstr(&b), 0);
			snprintf(msg, msgsz, "%s", safe);
			free(safe);
		}
		buf_release(&b);
		return rc;
	}
	theme_release(&S.cur);
	S.cur = th;
	if (S.started)
		apply(&S.cur);
	return CALM_OK;
}

const char *theme_next(void)
{
	const char *from = S.tried ? S.tried : theme_current();
	size_t n = 0, i;

	if (!S.list)
		S.list = config_theme_list();
	while (S.list[n])
		n++;
	for (i = 0; i < n; i++)
		if (strcmp(S.list[i], from) == 0)
			break;
	if (i == n && strcmp(from, theme_current()) != 0)
		for (i = 0; i < n; i++) /* a path: go on from its name */
			if (strcmp(S.list[i], theme_current()) == 0)
				break;
	return S.list[i < n ? (i + 1) % n : 0];
}

void theme_init(const char *name, struct theme *loaded, bool mono)
{
	char msg[512];

	keep_palette(); /* before terminal_depth()'s start_color() */
	S.depth = terminal_depth(mono);
	S.started = true;
	if (loaded) { /* the CLI's, checked before the screen started */
		free(S.tried);
		S.tried = xstrdup(name && name[0] ? name : "default");
		theme_release(&S.cur);
		S.cur = *loaded;
		memset(loaded, 0, sizeof *loaded);
		apply(&S.cur);
		return;
	}
	if (theme_use(name, msg, sizeof msg) == CALM_OK)
		return;
	/* the CLI checked the theme before the screen started; should it
	 * have gone bad since, the compiled-in one always loads */
	struct theme th;
	if (config_load_theme("built-in", config_default_theme,
			      config_default_theme_len, NULL, NULL, &th,
			      NULL) == CALM_OK) {
		theme_release(&S.cur);
		S.cur = th;
	}
	apply(&S.cur);
}

attr_t theme_attr(enum theme_role role)
{
	return (unsigned)role < ROLE_COUNT ? attrs[role] : A_NORMAL;
}
