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

void actions_draw_keyline(const struct rect *r, unsigned where)
{
	int x = r->x, end = r->x + r->w;
	attr_t base = theme_attr(ROLE_STATUS);

	draw_fill(r->y, r->x, 1, r->w, base);
	for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
		const struct action_def *d = &defs[i];
		const char *name = d->act == ACT_DOWN ? "move" : d->name;
		char key[32];
		int need;

		if (!(d->flags & ACTF_KEYLINE) || !(d->where & where))
			continue;
		first_key(d, key, sizeof key);
		need = draw_width(key) + 1 + draw_width(name) + 2;
		if (x + need > end)
			break;
		x += draw_text(r->y, x, end - x, key, base | A_BOLD, 0);
		x += 1;
		x += draw_text(r->y, x, end - x, name, base, 0);
		x += 2;
	}
}

char *actions_help_text(void)
{
	static const struct { unsigned where; const char *title; } groups[] = {
		{ W_INCIDENT, "On an incident" },
		{ W_INCIDENT | W_PICKER, "Everywhere" },
		{ W_CHECKLIST, "Checklist pane" },
		{ W_FIELDS, "Fields pane" },
		{ W_COMMS, "Comms pane (updates to people)" },
		{ W_FIXES, "Fixes pane (fix attempts)" },
		{ W_ACTIONS, "Actions pane (action items)" },
		{ W_POSTMORTEM, "Postmortem pane" },
		{ W_PICKER, "Incident picker" },
		{ W_LISTS, "Lists and panes (scrolling)" },
	};
	struct buf b = BUF_INIT;
	bool done[ACT_COUNT] = { false };

	/* each action once, in the first group that holds all its places */
	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		struct buf grp = BUF_INIT;

		for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
			const struct action_def *d = &defs[i];

			if (done[d->act] || (d->where & ~groups[g].where))
				continue;
			done[d->act] = true;
			buf_addf(&grp, "  %-12s %s\n", keys_of(d), d->help);
		}
		if (grp.len) /* a group left empty by the ones before: no heading */
			buf_addf(&b, "%s%s\n%s", b.len ? "\n" : "", groups[g].title,
				 buf_cstr(&grp));
		buf_release(&grp);
	}
	buf_adds(&b, "\nIn the line editor: Left/Right, Home/End, C-a/C-e, C-u, C-w,\n"
		     "Backspace; Enter saves, Esc cancels (a typed note asks first), C-x\n"
		     "opens $VISUAL/$EDITOR with the text.  C-c never drops typed text.\n"
		     "A paste becomes one note, its lines kept (shown as \u23ce).\n"
		     "\nMouse: click a row, a pane's tab or a stage; the wheel scrolls.\n"
		     "M turns it off so tmux and the terminal can select and copy\n"
		     "(with it on, Shift-drag selects in most terminals).");
	return buf_detach(&b);
}
