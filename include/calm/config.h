/*
 * config.h - loading YAML: the playbook and the user's config file.
 *
 * The only module that includes yaml.h.  Loaders read from memory (the
 * caller reads the file, or passes the built-in text) so that they can
 * be tested and fuzzed without files.
 *
 * Errors: every problem found is reported as one line
 * "PATH:LINE:COL: message" (line and column count from 1) to the
 * report callback, and the loader keeps going where it safely can, so
 * a user sees all mistakes at once.  The return is CALM_CONFIG when any
 * was reported; err then holds the first one.  No input crashes the
 * loader: nesting deeper than CONFIG_MAX_DEPTH, anchors/aliases, tags,
 * duplicate keys, NUL or control bytes in keys are all located errors.
 */
#ifndef CALM_CONFIG_H
#define CALM_CONFIG_H

#include <stddef.h>

#include "calm/playbook.h"
#include "calm/rc.h"
#include "calm/theme.h"

#define CONFIG_MAX_DEPTH 16

/* Receives each located error line (without newline). */
typedef void (*config_report_fn)(const char *line, void *ctx);

/*
 * Parse a playbook from text (len bytes, need not be NUL-terminated).
 * path names the source in messages and in pb->source.  report may be
 * NULL.  On success *out is a new playbook satisfying playbook.h's
 * invariants; on failure *out is NULL.
 */
enum calm_rc config_load_playbook(const char *path, const char *text,
				  size_t len, config_report_fn report,
				  void *ctx, struct playbook **out,
				  struct calm_err *err);

/* The built-in default playbook's YAML text (compiled in) and length. */
extern const char config_default_playbook[];
extern const size_t config_default_playbook_len;

/* The built-in playbook as loaded from config_default_playbook, turned
 * into C data at build time (cmake/builtin-c.c), so no start
 * pays for parsing it; a test checks it equals the YAML loaded. */
extern const struct playbook config_builtin_playbook;

/* The built-in playbook (a copy of config_builtin_playbook, freed with
 * playbook_free); it always loads (a test checks it). */
enum calm_rc config_default(struct playbook **out, struct calm_err *err);

/*
 * Give pb the built-in playbook's scoring sentences (a drill's
 * guidance) for the items it has none for, so a playbook written before
 * it had a scoring: mapping still explains a score.  CALM_OK, or the
 * built-in playbook's error (a test checks that it loads).
 */
enum calm_rc config_default_scoring(struct playbook *pb, struct calm_err *err);

/* ---- scenarios (struct scenario is in scenario.h) ---- */

struct scenario;

/*
 * Parse a tabletop scenario from text (the format: scenario-load.c, and
 * the examples in scenarios/).  Errors as for playbooks: every one located,
 * CALM_CONFIG with the first in err and *out NULL.  On success *out is
 * a new scenario meeting scenario.h's invariants, source = path.
 */
enum calm_rc config_load_scenario(const char *path, const char *text, size_t len,
				  config_report_fn report, void *ctx,
				  struct scenario **out, struct calm_err *err);

/*
 * Read path (config_read_file: a FIFO, a device or a file others can
 * write is refused) and load it.  CALM_IO when it cannot be read,
 * CALM_CONFIG when it is not a regular file, not trusted, or has errors.
 */
enum calm_rc config_read_scenario(const char *path, config_report_fn report,
				  void *ctx, struct scenario **out,
				  struct calm_err *err);

/* Who may have written a file calm reads, for it to be trusted. */
enum config_trust {
	CONFIG_SHARED,        /* a playbook or theme: refused when others can write it */
	CONFIG_RUNS_COMMANDS, /* the config file (its channels run commands):
				 refused when group or others can write it, or
				 when it belongs to someone but you or root */
};

/*
 * Read a whole regular file into a malloc'd NUL-terminated buffer, if
 * trust allows.  CALM_IO with "cannot read 'PATH': reason" when it
 * cannot be read (files over 16 MiB refused); CALM_CONFIG with one line
 * naming the file and the fix ("'PATH' is writable by others: fix it
 * with chmod o-w 'PATH'") when it is not trusted, or "'PATH' is not a
 * regular file" for a FIFO, a device or a socket (never opened for
 * reading, so a FIFO cannot block).
 */
enum calm_rc config_read_trusted(const char *path, enum config_trust trust,
				 char **text, size_t *len, struct calm_err *err);

/* config_read_trusted(path, CONFIG_SHARED, ...): playbooks and themes. */
enum calm_rc config_read_file(const char *path, char **text, size_t *len,
			      struct calm_err *err);

/* ---- channels and cadence ---- */

/* How a sent update is delivered (see channel.h, which runs them). */
enum config_channel_kind {
	CHANNEL_COMMAND,   /* command: [prog, arg...]  run without a shell, text on stdin */
	CHANNEL_FILE,      /* file: PATH                appended, 0600, fsync'd */
	CHANNEL_CLIPBOARD, /* clipboard: true           OSC 52 to the terminal */
	CHANNEL_DRILL,     /* never in a config: a drill's updates, recorded
			      and delivered nowhere (app-drill.h) */
};

/* Default and largest command timeout, seconds. */
#define CONFIG_CHANNEL_TIMEOUT 10
#define CONFIG_CHANNEL_TIMEOUT_MAX 600

/* One named channel from the config's channels: mapping. */
struct config_channel {
	char *name;                 /* the key: an audience name, or any [a-z0-9-]+ */
	enum config_channel_kind kind;
	char **argv;                /* CHANNEL_COMMAND: NULL-terminated, argv[0] the program */
	char *path;                 /* CHANNEL_FILE: absolute path */
	int timeout_s;              /* CHANNEL_COMMAND: kill after this many seconds */
};

/* ---- key overrides ---- */

/* The console actions a config may rebind: X(enum, YAML name, default
 * keys, help).  The defaults repeat tui.h's TUI_ACTIONS for the docs. */
#define CONFIG_ACTIONS(X)                                                   \
	X(KEYACT_NOTE, "note", "n", "add a note")                           \
	X(KEYACT_ADVANCE, "advance", ">", "go to the next stage")           \
	X(KEYACT_BACK, "back", "<", "go back a stage")                      \
	X(KEYACT_TICK, "tick", "Space Enter", "tick the selected checklist item") \
	X(KEYACT_HELP, "help", "?", "show the keys")                        \
	X(KEYACT_QUIT, "quit", "q C-c", "leave the console")                \
	X(KEYACT_THEME, "theme", "T", "switch to the next theme")           \
	X(KEYACT_FIELDS, "fields", "f", "show the incident's fields")       \
	X(KEYACT_MOUSE, "mouse", "M", "turn the mouse on or off")

enum config_action {
#define CONFIG_ACTION_ENUM(e, name, key, help) e,
	CONFIG_ACTIONS(CONFIG_ACTION_ENUM)
#undef CONFIG_ACTION_ENUM
	KEYACT_COUNT
};

/* The YAML name of an action, or NULL. */
const char *config_action_name(enum config_action a);
/* The default keys of an action, or NULL. */
const char *config_action_keys(enum config_action a);
/* The action with this YAML name, or -1. */
int config_action_parse(const char *name);

/*
 * Keys as a config writes them, in the console's own syntax (tui.h's
 * TUI_ACTIONS): key names separated by spaces, each one printable
 * character ("n", ">", "é"), Space, Tab, Enter, Esc, Up, Down, Left,
 * Right, Home, End, PgUp, PgDn, or C-a .. C-z.  Returns the first key
 * name that is none of these (a pointer into spec and its length in
 * *badlen), or NULL when all are good; an empty spec is bad.
 */
const char *config_keys_check(const char *spec, size_t *badlen);

/* Lines of output `calm run` records when the config does not say. */
#define CONFIG_RUN_LINES 20

/* The user's config file ($XDG_CONFIG_HOME/calm/config.yaml). */
struct config {
	char *author;     /* author: default acting author, or NULL */
	char **names;     /* names: pairing names for --as cycling, NULL-terminated or NULL */
	char *db;         /* db: database path or server (store.h), or NULL */
	char *playbook;   /* playbook: playbook path, or NULL */
	char *theme;      /* theme: theme name or path, or NULL */
	char *timezone;   /* timezone: an IANA zone (Europe/Berlin) times are typed
			     and shown in, or NULL for UTC */
	struct config_channel *channels; /* channels: in file order */
	size_t nchannels;
	int cadence[AUD_COUNT][4]; /* cadence: minutes between updates per
				      audience and severity 1..4 ([a][sev-1]); 0 = none */
	bool prompts_off; /* prompts: false turns the calm prompts off */
	int run_lines;    /* run_lines: output lines calm run records, 0 = CONFIG_RUN_LINES */
	char **blame;     /* blame: phrases added to the playbook's, NULL-terminated or NULL */
	char *keys[KEYACT_COUNT]; /* keys: overrides (config_keys_check), NULL = the default */
	char *seal_key;   /* seal_key: the SSH key seals are signed with, or NULL */
	char *source;     /* the path it was read from, or NULL when none */
};

/* Free the strings inside cfg and zero it. */
void config_release(struct config *cfg);

/* The theme chosen (--theme over the file's theme:): cfg->theme becomes
 * a copy of name_or_path (config-use.c, with the two below). */
void config_set_theme(struct config *cfg, const char *name_or_path);

/* Minutes between updates to audience at severity (1..4; another value
 * counts as 3) by the config's cadence, 0 for none. */
int config_cadence(const struct config *cfg, int audience, int severity);

/* The channel named name (an audience's own, or --channel's), or NULL. */
const struct config_channel *config_channel_find(const struct config *cfg,
						 const char *name);

/* The people the blame check names: the acting --as names (as, may be
 * NULL), then the config's names:, at most CONFIG_PEOPLE_MAX, into out
 * NULL-terminated. */
#define CONFIG_PEOPLE_MAX 63
void config_people(const struct config *cfg, char *const *as,
		   const char *out[CONFIG_PEOPLE_MAX + 1]);

/*
 * Parse config text.  Unknown keys, wrong types, relative paths where
 * absolute are needed... are located errors (CALM_CONFIG).  ~/ at the
 * start of a path is expanded with $HOME.
 */
enum calm_rc config_load(const char *path, const char *text, size_t len,
			 config_report_fn report, void *ctx,
			 struct config *out, struct calm_err *err);

/*
 * The blame phrases a check uses: the playbook's (or blame.h's built-in
 * list when it has none) followed by the config's blame: words.  Sets
 * pb->blame to the merged list; nothing changes when cfg has none.
 */
void config_merge_blame(struct playbook *pb, const struct config *cfg);

/* The config keys with one line of help each, for `calm config --keys`:
 * calls fn(name, help, ctx) in order. */
void config_keys_each(void (*fn)(const char *name, const char *help, void *ctx),
		      void *ctx);

/* ---- themes (struct theme is in theme.h) ---- */

/* The built-in theme (themes/default.yaml, compiled in) and its length. */
extern const char config_default_theme[];
extern const size_t config_default_theme_len;

/* The built-in theme as loaded from config_default_theme, turned into C
 * data at build time (cmake/builtin-c.c): what the theme
 * "default" is, copied, when the user has no default.yaml of their own
 * (a test checks it equals the YAML loaded). */
extern const struct theme config_builtin_theme;

/* Deepest chain of inherit: followed. */
#define THEME_INHERIT_MAX 8

/*
 * Parse a theme from text.  path names it in messages and gives its
 * name (the file name without .yaml; "built-in" is "default").  inherit:
 * is followed through config_theme_find().  Errors as for playbooks.
 */
enum calm_rc config_load_theme(const char *path, const char *text, size_t len,
			       config_report_fn report, void *ctx,
			       struct theme *out, struct calm_err *err);

/* True when s names a file (has a '/' or ends in .yaml), not a theme. */
bool config_theme_is_path(const char *s);

/*
 * Where theme name lives: $XDG_CONFIG_HOME/calm/themes/NAME.yaml, then
 * the themes/ of the data directories (theme-load.c: the build tree's
 * when run from it, the install prefix's); *path is a new string.
 * "default" is looked for in the user's directory only: NULL when it is
 * not there (the built-in one, which the data directories' copy is).
 * CALM_CONFIG "no theme 'x' (...)" when there is none.
 */
enum calm_rc config_theme_find(const char *name, char **path,
			       struct calm_err *err);

/* Find (a name) or read (a path) and load a theme. */
enum calm_rc config_theme_load(const char *name_or_path,
			       config_report_fn report, void *ctx,
			       struct theme *out, struct calm_err *err);

/* The themes that can be found, NULL-terminated: the shipped ones in
 * their order (default, light, high-contrast, solarized-dark, mono),
 * then others by name.  Free with config_strv_free. */
char **config_theme_list(void);

/* The directories themes are looked up in, in order, NULL-terminated;
 * free with config_strv_free. */
char **config_theme_dirs(void);

/* Free a NULL-terminated list of strings and the list. */
void config_strv_free(char **v);

#endif
