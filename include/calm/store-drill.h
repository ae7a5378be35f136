/*
 * store-drill.h - a drill database's own tables (src/store/drill.c).
 *
 * A drill database is a calm database with drill tables beside the
 * incident ones: each drill incident's scenario and where it stands.
 * A team's database never has them.  Same rules as store.h: codes and
 * one-line messages in err, strings handed out owned by the struct.
 */
#ifndef CALM_STORE_DRILL_H
#define CALM_STORE_DRILL_H

#include <stdbool.h>

#include "calm/rc.h"
#include "calm/store.h"

struct scenario;

/* Where a drill stands (the console saves it as it goes). */
struct store_drill {
	long long incident;   /* the drill incident */
	char *source;         /* "incident 12" or the scenario file's path */
	char *trainee;        /* who started it */
	int speed;            /* drill time per real time */
	char *status;         /* "running", "done" or "abandoned" */
	long long drill_ms;   /* the drill clock as last saved */
	bool paused;          /* the clock was paused when saved */
	long long next_obs;   /* observations delivered so far */
	long long fixes_seen; /* the trainee's attempts already looked at */
	long long started_ms; /* UTC ms it was started (= its declaration) */
	long long ended_ms;   /* UTC ms it ended, 0 while running */
};

void store_drill_release(struct store_drill *d);

/* Make the drill tables (own transaction; a no-op when they exist). */
enum calm_rc store_drill_prepare(struct store *st, struct calm_err *err);

/* Whether this database has the drill tables (is a drill database). */
enum calm_rc store_drill_is(struct store *st, bool *yes, struct calm_err *err);

/* Record drill d (its incident, source, trainee, speed, started_ms) with
 * scenario sc.  In a transaction. */
enum calm_rc store_drill_add(struct store *st, const struct store_drill *d,
			     const struct scenario *sc, struct calm_err *err);

/* Drill incident's state into *out (store_drill_release it) and, when sc
 * is not NULL, its scenario into *sc (scenario_free it).
 * CALM_NOTFOUND "no drill I". */
enum calm_rc store_drill_get(struct store *st, long long incident, struct store_drill *out,
			     struct scenario **sc, struct calm_err *err);

/* Save d's speed, status, clock, paused, next_obs, fixes_seen and
 * ended_ms.  In a transaction; CALM_NOTFOUND "no drill I". */
enum calm_rc store_drill_set(struct store *st, const struct store_drill *d,
			     struct calm_err *err);

/* cb for each drill, newest first (0 to go on). */
enum calm_rc store_drill_each(struct store *st,
			      int (*cb)(const struct store_drill *, void *), void *ctx,
			      struct calm_err *err);

/* Delete a drill whole: its incident, events, every row kept beside
 * them and its drill rows.  In a transaction; CALM_NOTFOUND "no drill
 * I" for an incident that is not a drill (nothing else is deleted). */
enum calm_rc store_drill_delete(struct store *st, long long incident, struct calm_err *err);

#endif
