/*
 * actions.c - the one table of user actions: keys, key line and help.
 *
 * TUI_ACTIONS in tui.h defines every action once: its default keys
 * (written in the user syntax: "j Down", "C-d", "Space Enter"), its
 * name, its help text, where it applies and whether it writes.  The key
 * dispatch, the bottom key line and the ? overlay are all generated
 * from it, so they cannot disagree (STYLE.md 4, after tig's request.h).
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/text.h"

#define MAX_KEYS 10
/* Column the help text starts at, after the keys. */
#define HELP_TAB 16

struct action_def {
	enum action act;
	const char *keys;  /* default keys, user syntax */
	const char *name;  /* short name for the key line */
	const char *help;  /* one line for the help overlay */
	unsigned where;    /* enum where mask */
	unsigned flags;    /* enum action_flags */
};

static const struct action_def defs[] = {
#define TUI_ACTION_DEF(e, k, n, h, w, f) { e, k, n, h, w, f },
	TUI_ACTIONS(TUI_ACTION_DEF)
#undef TUI_ACTION_DEF
};

_Static_assert(sizeof defs / sizeof defs[0] == ACT_COUNT - 1,
	       "one definition per action");

static int bound[ACT_COUNT][MAX_KEYS]; /* parsed keys, 0-terminated */
static const char *shown[ACT_COUNT];   /* keys as written: default or the config's */

/* The config's key overrides (keys: in config.yaml), by action. */
static const enum action keyact_map[KEYACT_COUNT] = {
	[KEYACT_NOTE] = ACT_NOTE,
	[KEYACT_ADVANCE] = ACT_ADVANCE,
	[KEYACT_BACK] = ACT_BACK,
	[KEYACT_TICK] = ACT_TICK,
	[KEYACT_HELP] = ACT_HELP,
	[KEYACT_QUIT] = ACT_QUIT,
	[KEYACT_THEME] = ACT_THEME,
	[KEYACT_FIELDS] = ACT_FIELDS,
	[KEYACT_MOUSE] = ACT_MOUSE,
};

static const struct { const char *name; int key; } key_names[] = {
	{ "Down", KEY_FN | KEY_DOWN }, { "Up", KEY_FN | KEY_UP },
	{ "Left", KEY_FN | KEY_LEFT }, { "Right", KEY_FN | KEY_RIGHT },
	{ "Home", KEY_FN | KEY_HOME }, { "End", KEY_FN | KEY_END },
	{ "PgUp", KEY_FN | KEY_PPAGE }, { "PgDn", KEY_FN | KEY_NPAGE },
	{ "Space", ' ' }, { "Tab", '\t' }, { "Esc", 27 },
};

/* Add the codes of one key name to keys (Enter is three codes). */
static void parse_key(const char *name, size_t len, int *keys, int *n)
{
	unsigned cp;

#define ADD(k) do { if (*n < MAX_KEYS - 1) keys[(*n)++] = (k); } while (0)
	if (len == 5 && strncmp(name, "Enter", 5) == 0) {
		ADD('\r');
		ADD('\n');
		ADD(KEY_FN | KEY_ENTER);
		return;
	}
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (strlen(key_names[i].name) == len &&
		    strncmp(name, key_names[i].name, len) == 0) {
			ADD(key_names[i].key);
			return;
		}
	if (len == 3 && name[0] == 'C' && name[1] == '-') {
		ADD(CTRL(name[2]));
		return;
	}
	if (text_utf8_decode(name, len, &cp) == len)
		ADD((int)cp);
#undef ADD
}

/* Parse a user-syntax key list ("q C-c") into bound[act]. */
static void bind(enum action act, const char *p)
{
	int n = 0;

	while (*p) {
		size_t len = strcspn(p, " ");

		if (len)
			parse_key(p, len, bound[act], &n);
		p += len;
		p += strspn(p, " ");
	}
	bound[act][n] = 0;
	shown[act] = NULL;
}

void actions_init(const struct config *cfg)
{
	for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
		bind(defs[i].act, defs[i].keys);
	for (int k = 0; cfg && k < KEYACT_COUNT; k++) {
		if (!cfg->keys[k] || !cfg->keys[k][0])
			continue;
		bind(keyact_map[k], cfg->keys[k]);
		shown[keyact_map[k]] = cfg->keys[k];
	}
}

/* The keys of d as the person has them (an override, or the default). */
static const char *keys_of(const struct action_def *d)
{
	return shown[d->act] ? shown[d->act] : d->keys;
}

enum action actions_lookup(int key, unsigned where)
{
	/* overridden actions first: a key given in the config wins */
	for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
		if (!shown[defs[i].act] || !(defs[i].where & where))
			continue;
		for (const int *k = bound[defs[i].act]; *k; k++)
			if (*k == key)
				return defs[i].act;
	}
	for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
		if (!(defs[i].where & where))
			continue;
		for (const int *k = bound[defs[i].act]; *k; k++)
			if (*k == key)
				return defs[i].act;
	}
	return ACT_NONE;
}

unsigned actions_flags(enum action a)
{
	for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
		if (defs[i].act == a)
			return defs[i].flags;
	return 0;
}

/* The first key of a definition, as shown to people. */
static void first_key(const struct action_def *d, char *out, size_t n)
{
	const char *keys = keys_of(d);
	size_t len = strcspn(keys, " ");

	if (d->act == ACT_DOWN) {
		snprintf(out, n, "j/k");
		return;
	}
	snprintf(out, n, "%.*s", (int)len, keys);
}

void actions_draw_keyline(const struct rect *r, unsigned where, bool readonly)
{
	const struct action_def *show[ACT_COUNT];
	int need[ACT_COUNT], n = 0, total = 0, x = r->x, end = r->x + r->w;
	attr_t base = theme_attr(ROLE_STATUS);

	draw_fill(r->y, r->x, 1, r->w, base);
	for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
		const struct action_def *d = &defs[i];
		char key[32];

		if (!(d->where & where) ||
		    !(d->flags & (readonly ? ACTF_KEYLINE | ACTF_REVIEW : ACTF_KEYLINE)) ||
		    (readonly && (d->flags & ACTF_MUTATES)))
			continue;
		first_key(d, key, sizeof key);
		need[n] = draw_width(key) + 1 +
			  draw_width(d->act == ACT_DOWN ? "move" : d->name) + 2;
		total += need[n];
		show[n++] = d;
	}
	/* too many for the width: drop from the end, but help and quit stay */
	for (int k = n - 1; k >= 0 && total - 2 > r->w; k--) {
		if (show[k]->act == ACT_HELP || show[k]->act == ACT_QUIT)
			continue;
		total -= need[k];
		memmove(&show[k], &show[k + 1], (size_t)(n - k - 1) * sizeof *show);
		memmove(&need[k], &need[k + 1], (size_t)(n - k - 1) * sizeof *need);
		n--;
	}
	for (int k = 0; k < n && x + need[k] - 2 <= end; k++) {
		char key[32];

		first_key(show[k], key, sizeof key);
		x += draw_text(r->y, x, end - x, key, base | A_BOLD, 0);
		x += 1;
		x += draw_text(r->y, x, end - x, show[k]->act == ACT_DOWN ? "move" : show[k]->name,
			       base, 0);
		x += 2;
	}
}

/* The help's sections: where the keys work.  A key is listed in every
 * section whose place it works in (search: the picker and the
 * timeline); the movement keys once, for all lists. */
static const struct help_section {
	unsigned where;     /* its place (enum where) */
	unsigned flags;     /* ACTF_REVIEW, ACTF_DRILL: only those; 0: the others */
	const char *title;
} sections[] = {
	{ W_INCIDENT | W_PICKER, 0, "Everywhere" },
	{ W_PICKER, 0, "Incident picker" },
	{ W_INCIDENT, 0, "On an incident, in any pane" },
	{ W_INCIDENT, ACTF_REVIEW, "Review (read-only): time travel" },
	{ W_INCIDENT | W_PICKER, ACTF_DRILL, "Drills (calm drill)" },
	{ W_CHECKLIST, 0, "1 Checklist pane" },
	{ W_TIMELINE, 0, "2 Timeline pane" },
	{ W_FIELDS, 0, "3 Fields pane" },
	{ W_COMMS, 0, "4 Comms pane (updates to people)" },
	{ W_FIXES, 0, "5 Fixes pane (fix attempts)" },
	{ W_ACTIONS, 0, "6 Actions pane (action items)" },
	{ W_POSTMORTEM, 0, "7 Postmortem pane" },
	{ W_LISTS, 0, "Moving, in every list and pane" },
};

/* Whether d belongs to section s. */
static bool in_section(const struct action_def *d, const struct help_section *s)
{
	if (s->where == W_LISTS)
		return d->where == W_LISTS;
	if (d->where == W_LISTS)
		return false;
	if ((s->flags & (ACTF_REVIEW | ACTF_DRILL)) != (d->flags & (ACTF_REVIEW | ACTF_DRILL)))
		return false;
	if (s->flags & ACTF_DRILL) /* the picker's and an incident's together */
		return (d->where & s->where) != 0;
	if (s->where == (W_INCIDENT | W_PICKER))
		return (d->where & s->where) == s->where;
	if ((d->where & (W_INCIDENT | W_PICKER)) == (W_INCIDENT | W_PICKER))
		return false; /* under Everywhere */
	return (d->where & s->where) != 0;
}

/* "  KEYS          help" wrapped to width, further lines under the help. */
static void help_line(struct buf *b, const char *keys, const char *help, int width)
{
	const char *p = help;
	int room = width - HELP_TAB > 20 ? width - HELP_TAB : 20;

	buf_addf(b, "  %-*s", HELP_TAB - 2, keys);
	if ((int)strlen(keys) > HELP_TAB - 4) /* two spaces always part keys and help */
		buf_addf(b, "\n%*s", HELP_TAB, "");
	while (*p) {
		int n = (int)strlen(p), cut = n;

		if (n > room) {
			cut = room;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = room;
		}
		buf_add(b, p, (size_t)cut);
		buf_addc(b, '\n');
		p += cut;
		while (*p == ' ')
			p++;
		if (*p)
			buf_addf(b, "%*s", HELP_TAB, "");
	}
}

char *tui_keys_help(int width)
{
	return actions_help_text(0, width, NULL);
}

char *actions_help_text(unsigned here, int width, int *here_line)
{
	struct buf b = BUF_INIT;
	int lines = 0;

	if (here_line)
		*here_line = 0;
	for (size_t g = 0; g < sizeof sections / sizeof sections[0]; g++) {
		const struct help_section *s = &sections[g];
		struct buf grp = BUF_INIT;

		for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
			if (in_section(&defs[i], s))
				help_line(&grp, keys_of(&defs[i]), defs[i].help, width);
		if (!grp.len)
			continue;
		if (b.len)
			buf_addc(&b, '\n');
		/* open at the section of the pane the keyboard is in */
		if (here_line && !*here_line && s->where != W_LISTS && (s->where & here) &&
		    s->where != (W_INCIDENT | W_PICKER) && !(s->flags & (ACTF_REVIEW | ACTF_DRILL)) &&
		    s->where != W_INCIDENT) {
			lines = 0;
			for (const char *p = buf_cstr(&b); *p; p++)
				lines += *p == '\n';
			*here_line = lines;
		}
		buf_addf(&b, "%s\n%s", s->title, buf_cstr(&grp));
		buf_release(&grp);
	}
	buf_adds(&b, "\nIn the line editor\n");
	help_line(&b, "Left Right", "move; Home/End, C-a/C-e to the ends", width);
	help_line(&b, "C-u C-w", "erase to the start, or the word before the cursor; Backspace, Delete", width);
	help_line(&b, "Enter Esc", "save; cancel (text typed asks first)", width);
	help_line(&b, "C-x", "a note: open $VISUAL/$EDITOR with the text", width);
	help_line(&b, "C-c", "never drops typed text", width);
	help_line(&b, "paste", "becomes one note, its lines kept (shown as return marks); controls, bidi "
			       "and invisible characters show as ^[ and <U+202E> and are kept", width);
	buf_adds(&b, "\nMouse\n");
	help_line(&b, "click wheel", "a row, a pane's tab or a stage; the wheel scrolls", width);
	help_line(&b, "M", "off lets tmux and the terminal select and copy (with it on, "
			   "Shift-drag selects in most terminals)", width);
	return buf_detach(&b);
}
