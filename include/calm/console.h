/*
 * console.h - the incident console (src/tui), as the CLI opens it.
 *
 * The console is the second face of calm: a full-screen loop over one
 * incident (or the picker of incidents) that reads and writes only
 * through src/app (app.h, app-read.h).  The CLI gives it what it runs
 * with in a small options struct and nothing else: the console never
 * sees the CLI's own state.
 */
#ifndef CALM_CONSOLE_H
#define CALM_CONSOLE_H

#include <stdbool.h>

#include "calm/app.h"
#include "calm/config.h"
#include "calm/rc.h"
#include "calm/theme.h"

/* What the console runs with. */
struct console_opts {
	struct app *app;               /* the database open, the playbook, the
					  acting author, the clock and zone */
	const struct config *config;   /* the user's config: keys, cadence,
					  prompts, names, seal key, channels;
					  config->theme the theme chosen */
	char *const *names;            /* the --as names the u key cycles through,
					  NULL-terminated, or NULL */
	bool readonly;                 /* review: no key that writes is offered */
	long long incident;            /* the incident to open, 0: the picker */
	/* where drills are kept, asked only when D in the picker starts
	 * one (finding it makes directories: nothing is made before the
	 * first frame); NULL: no drill from here.  CALM_OK with a malloc'd
	 * path, else the reason in err. */
	enum calm_rc (*drill_db)(void *ctx, char **path, struct calm_err *err);
	void *drill_ctx;
	const char *queue_path;        /* on a team's server: this person's queue
					  of writes made while it cannot be
					  reached (app-read.h), else NULL */
	struct theme *theme;           /* config->theme as the CLI loaded it to
					  check it: the console takes it over
					  (and zeroes it); NULL: it loads it */
};

/*
 * Take the terminal and run the console until the person leaves (or a
 * signal asks it to go: what was being typed is kept, recover.c).
 * CALM_OK when it ran; CALM_USAGE with the reason in opts->app->err
 * when it could not start (no database or playbook, no terminfo).
 */
enum calm_rc tui_run(const struct console_opts *opts);

/* The console's keys by where they work, from its actions table, wrapped
 * to width (malloc'd): `calm help keys` and the man page's CONSOLE KEYS
 * (scripts/man-keys.sh). */
char *tui_keys_help(int width);

#endif
