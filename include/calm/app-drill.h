/*
 * app-drill.h - drills: the routine practised on a past incident, or on
 * a tabletop scenario, in a database of the drills' own.
 *
 * A drill is an incident in a drill database (never the team's): the
 * trainee works the routine on it with every action of app.h, while the
 * scenario (scenario.h) feeds it what was seen, in drill time, and
 * answers the trainee's fix attempts with what the system does.  The
 * face runs the drill clock (drill.h) and calls app_drill_tick() as it
 * goes; nothing here reads a clock of its own but app_now().
 *
 * Drill time: a drill incident is declared at its start, and drill time
 * d is the moment declared + d.  The console runs the app's clock as the
 * drill clock, so everything the trainee writes carries drill time, and
 * what the scenario delivers carries the time it was due, so the
 * timeline reads as the incident would have.
 *
 * In a drill database (app->drill, set by app_open when it has the drill
 * tables): an update sent goes only to the drill channel, which records
 * it and delivers nothing, whatever channel was asked for (app_send),
 * and no incident is "similar" (app_similar finds nothing: a past drill
 * of the same scenario would give the answer away).
 *
 * Errors as everywhere in app: the code, the message in app->err.
 */
#ifndef CALM_APP_DRILL_H
#define CALM_APP_DRILL_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/app.h"
#include "calm/drill.h"
#include "calm/scenario.h"

/* The author of what the scenario delivers, and the event kind of an
 * observation. */
#define APP_DRILL_AUTHOR "scenario"
#define APP_DRILL_KIND "scenario"

/* Where a drill stands. */
struct app_drill {
	long long id;          /* the drill incident, in the drill database */
	char *title;           /* its premise */
	int severity;          /* the drill incident's */
	char *source;          /* "incident 12" or the scenario file */
	char *trainee;         /* who started it */
	char *status;          /* "running", "done" or "abandoned" */
	int speed;             /* drill time per real time */
	long long drill_ms;    /* the drill clock as last saved */
	bool paused;           /* paused when saved */
	long long started_ms;  /* when it began (its declaration), UTC ms */
	long long ended_ms;    /* when it ended (app_now() then), 0 while running */
	bool closed;           /* the routine was completed */
	size_t delivered;      /* observations delivered */
	size_t observations;   /* observations in all */
	long long next_due_ms; /* drill time of the next observation, -1 none */
};

void app_drill_release(struct app_drill *d);

enum app_drill_open_flags {
	APP_DRILL_CREATE = 1 << 0,   /* make the file and its tables when missing */
	APP_DRILL_READONLY = 1 << 1, /* nothing will be written */
};

/*
 * Open the drill database at path into app (as app_open).  Without
 * APP_DRILL_CREATE a missing file is CALM_NOTFOUND "no drills yet
 * (none at 'PATH')".  CALM_USAGE when the file is a calm database that
 * is not a drill database: a team's database is never used for drills.
 */
enum calm_rc app_drill_open(struct app *app, const char *path, unsigned flags);

/*
 * The scenario of past incident id of the database open in app (the
 * team's, opened read-only: nothing is written), by scenario_from_events
 * over its whole timeline.  A drill needs a closed incident (CALM_USAGE
 * "incident 3 is still active: ..."), since what an active incident
 * will turn out to be is not known yet.  *out: scenario_free it.
 */
enum calm_rc app_drill_scenario(struct app *app, long long id, struct scenario **out);

/*
 * Start a drill of sc at speed (1..DRILL_SPEED_MAX) in the drill
 * database open in app: declare its incident (the premise's title,
 * severity and product, by the acting author at app_now()) and record
 * the scenario, in one transaction.  *id the drill incident.
 */
enum calm_rc app_drill_start(struct app *app, const struct scenario *sc, int speed,
			     long long *id);

/* Drill id's state into *out (app_drill_release it); *sc (may be NULL)
 * its scenario (scenario_free it).  CALM_NOTFOUND "no drill I". */
enum calm_rc app_drill_get(struct app *app, long long id, struct app_drill *out,
			   struct scenario **sc);

/* What a tick did. */
struct app_drill_tick {
	size_t delivered;      /* observations written now */
	size_t answered;       /* attempts answered now */
	long long next_due_ms; /* drill time of the next observation, -1 none */
	bool closed;           /* the routine is complete: the drill is done */
};

enum app_drill_tick_flags {
	APP_DRILL_PAUSED = 1 << 0, /* the clock is paused (saved so) */
	APP_DRILL_SAVE = 1 << 1,   /* save the clock even when nothing is due */
};

/*
 * The drill clock reads drill_ms: in one transaction, write each
 * observation due by then (scenario_due) as a "scenario" event by its
 * author at the moment it was due, answer each attempt the trainee
 * logged since the last tick that matches one of the scenario's fixes
 * (scenario_match) with that fix's outcome and note, recorded by
 * "scenario" as what the system does, and save the clock (paused with
 * APP_DRILL_PAUSED).  When nothing is due, no attempt is new and
 * APP_DRILL_SAVE is not given, nothing is written (a console ticks
 * often).  When the incident is closed the drill becomes done.  A drill
 * that is not running changes nothing (out->closed tells it is over).
 */
enum calm_rc app_drill_tick(struct app *app, long long id, long long drill_ms, unsigned flags,
			    struct app_drill_tick *out);

/* Abandon drill id at drill time drill_ms: kept, marked abandoned, with
 * a "drill" event that says so.  CALM_USAGE when it is not running. */
enum calm_rc app_drill_abandon(struct app *app, long long id, long long drill_ms);

/* Delete drill id whole (store.h); CALM_NOTFOUND for an id that is not
 * a drill of this database. */
enum calm_rc app_drill_delete(struct app *app, long long id);

/* cb for each drill, newest first (0 to go on). */
enum calm_rc app_drill_each(struct app *app, int (*cb)(const struct app_drill *, void *),
			    void *ctx);

/* What the score needs from the config: the cadence of the drill's
 * severity per audience (minutes, 0 none) and the people's names for
 * the blame check (NULL-terminated, or NULL). */
struct app_drill_cfg {
	int cadence[AUD_COUNT];
	const char *const *names;
};

/*
 * Score drill id from its record (drill.h's drill_score over the facts
 * of its timeline, the scenario's original figures and app->pb's
 * guidance): done, abandoned or still running.  Reads only.
 */
enum calm_rc app_drill_score(struct app *app, long long id, const struct app_drill_cfg *cfg,
			     struct drill_report *out);

#endif
