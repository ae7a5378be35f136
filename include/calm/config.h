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

/* Load the built-in playbook; it always loads (a test checks it). */
enum calm_rc config_default(struct playbook **out, struct calm_err *err);

/* Read a whole file into a malloc'd NUL-terminated buffer.  CALM_IO with
 * "cannot read 'PATH': reason" on failure; files over 16 MiB refused. */
enum calm_rc config_read_file(const char *path, char **text, size_t *len,
			      struct calm_err *err);

/* ---- channels and cadence (issue 4) ---- */

/* How a sent update is delivered (see channel.h, which runs them). */
enum config_channel_kind {
	CHANNEL_COMMAND,   /* command: [prog, arg...]  run without a shell, text on stdin */
	CHANNEL_FILE,      /* file: PATH                appended, 0600, fsync'd */
	CHANNEL_CLIPBOARD, /* clipboard: true           OSC 52 to the terminal */
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

/* The user's config file ($XDG_CONFIG_HOME/calm/config.yaml). */
struct config {
	char *author;     /* author: default acting author, or NULL */
	char **names;     /* names: pairing names for --as cycling, NULL-terminated or NULL */
	char *db;         /* db: database path, or NULL */
	char *playbook;   /* playbook: playbook path, or NULL */
	char *theme;      /* theme: theme name or path, or NULL */
	struct config_channel *channels; /* channels: in file order */
	size_t nchannels;
	int cadence[AUD_COUNT][4]; /* cadence: minutes between updates per
				      audience and severity 1..4 ([a][sev-1]); 0 = none */
	char *source;     /* the path it was read from, or NULL when none */
};

/* Free the strings inside cfg and zero it. */
void config_release(struct config *cfg);

/*
 * Parse config text.  Unknown keys, wrong types, relative paths where
 * absolute are needed... are located errors (CALM_CONFIG).  ~/ at the
 * start of a path is expanded with $HOME.
 */
enum calm_rc config_load(const char *path, const char *text, size_t len,
			 config_report_fn report, void *ctx,
			 struct config *out, struct calm_err *err);

#endif
