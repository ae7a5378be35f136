/*
 * drill.h - a drill's clock, and its score at the end.
 *
 * Pure: no I/O, no clock of its own.  The caller passes real time in
 * (microseconds of a monotonic clock, or a test's virtual ones) and the
 * facts of the drill's timeline in plain structs.
 *
 * The clock runs drill time at `speed` times real time while running,
 * and not at all while paused.  Drill time is in ms from the drill's
 * start and is what scenario_due() is asked about; real time is taken in
 * microseconds so that at 3,600x one real step is 3.6 ms of drill time,
 * well inside the second an observation may be late.  A console waits
 * drill_clock_wait_us() (or less) for the next observation, then asks
 * scenario_due() what to deliver.
 *
 *            start                pause
 *   (none) ---------> RUNNING <---------> PAUSED
 *                       |        resume      |
 *                       +--- set_speed ------+  (either state)
 */
#ifndef CALM_DRILL_H
#define CALM_DRILL_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/buf.h"
#include "calm/playbook.h"
#include "calm/scenario.h"

/* The speed when none is given, and the fastest allowed. */
#define DRILL_SPEED_DEFAULT 10
#define DRILL_SPEED_MAX 100000

struct drill_clock {
	int speed;           /* drill time per real time, 1..DRILL_SPEED_MAX */
	bool paused;         /* drill time stands still */
	long long base_ms;   /* drill time at the anchor */
	long long anchor_us; /* real time of the anchor (last start, resume,
				pause or speed change) */
};

/* Start running at drill time at_ms (0 for a new drill, the time saved
 * to go on with one) at speed (1..DRILL_SPEED_MAX, asserted). */
void drill_clock_start(struct drill_clock *c, int speed, long long at_ms,
		       long long now_us);

/* Drill time at real time now_us (never before the anchor's). */
long long drill_clock_now(const struct drill_clock *c, long long now_us);

/* Stop or go on; either is a no-op in the state it leads to. */
void drill_clock_pause(struct drill_clock *c, long long now_us);
void drill_clock_resume(struct drill_clock *c, long long now_us);

/* Change speed from now on; drill time so far is kept. */
void drill_clock_set_speed(struct drill_clock *c, int speed, long long now_us);

/*
 * Real microseconds from now_us until drill time reaches drill_ms: 0
 * when it has, -1 while paused (nothing comes until resumed).  Waking
 * at now_us + the result, drill_clock_now() is >= drill_ms and at most
 * speed/1000 ms past it.
 */
long long drill_clock_wait_us(const struct drill_clock *c, long long drill_ms,
			      long long now_us);

/* ---- the score ---- */

/* One gate the trainee left a stage through. */
struct drill_gate {
	const char *stage;  /* the stage's id */
	bool overridden;    /* left with unmet criteria and a reason */
	const char *reason; /* that reason, NULL when met */
};

/* One saved draft revision. */
struct drill_draft {
	int audience;       /* enum audience */
	int revision;
	const char *text;
	bool sent;          /* this revision went out */
};

/* One fix attempt of the trainee's, in the order logged. */
struct drill_attempt {
	long long at_ms;     /* drill time it was logged */
	const char *outcome; /* worked, partial, failed, rolled-back, no-fix;
				NULL while none */
	long long outcome_ms;/* drill time of the outcome */
};

/* What the score reads, filled by the caller from the drill's timeline. */
struct drill_facts {
	long long first_sent_ms[AUD_COUNT]; /* drill time of the first update
					       sent per audience, -1 none */
	int cadence_min[AUD_COUNT];  /* the config's cadence for the drill's
					severity (minutes), 0 none */
	const struct drill_gate *gates; /* in order */
	size_t ngates;
	const struct drill_draft *drafts;
	size_t ndrafts;
	const char *const *names;    /* people for the blame check,
					NULL-terminated, or NULL */
	const char *data_lost;       /* the fields at the end, NULL unset */
	const char *outstanding;
	const struct drill_attempt *attempts;
	size_t nattempts;
};

enum drill_verdict {
	DRILL_MET,     /* done as the routine asks */
	DRILL_MISSED,  /* not done, or late */
	DRILL_VERDICT_COUNT
};

/*
 * One judged item.  Numbers are -1 when they do not apply or are not
 * known; per item:
 *   first_internal, first_external: drill_ms the first update sent,
 *     original_ms the original's, target_ms the cadence;
 *   gates: count gates met, total gates passed;
 *   blame: count hits in drafts, total hits in revisions sent;
 *   data_lost, outstanding: count 1 when answered, else 0;
 *   fix_log: drill_ms when a fix worked, original_ms the original's,
 *     total attempts logged before it, count those of them with an
 *     outcome, original_count the original's attempts before its fix.
 */
struct drill_line {
	enum score_item item;
	enum drill_verdict verdict;
	long long drill_ms, original_ms, target_ms;
	long long count, total, original_count;
	char text[640];        /* the finding, one line: "sent at 12m (original 25m; cadence 30m)" */
	const char *guidance;  /* the playbook's sentence (borrowed), NULL when none */
};

struct drill_report {
	struct drill_line line[SCORE_ITEM_COUNT]; /* in enum score_item order */
	int met;                                  /* lines met */
};

/*
 * Score a drill: sc (for the original's figures; may be NULL), pb (the
 * guidance sentences and blame phrases; may be NULL) and f.  Verdicts:
 *   first_*      met when sent within the cadence, or at all when there
 *                is none;
 *   gates        met when at least one gate was passed, none overridden;
 *   blame        met when no sent revision has a hit (hits in unsent
 *                drafts are counted: the check did its job);
 *   data_lost,
 *   outstanding  met when the field holds more than white space;
 *   fix_log      met when an attempt worked (or "no fix possible" was
 *                declared) and every attempt before it has an outcome.
 * Never fails.
 */
void drill_score(const struct scenario *sc, const struct playbook *pb,
		 const struct drill_facts *f, struct drill_report *out);

/* The report as text for a terminal (unsanitised: the caller's output
 * makes it inert), appended to out:
 *   drill score: 5 of 7 met
 *     met     first internal update  sent at 12m (original 25m; cadence 30m)
 *             Tell the team early ...
 */
void drill_report_text(struct buf *out, const struct drill_report *r);

/* The report as one JSON object, appended to out:
 *   {"met":5,"of":7,"items":[{"item":"first_internal","verdict":"met",
 *    "text":"...","guidance":"...","drill_ms":750000,"original_ms":null,
 *    ...}, ...]}
 * with the numbers of struct drill_line, null for -1. */
void drill_report_json(struct buf *out, const struct drill_report *r);

/* A drill duration as people read it: "45s", "12m", "12m30s", "1h05m",
 * "-" for a negative one (duration_format's tight style with its
 * seconds); into buf (size n).  Returns buf. */
char *drill_duration(long long ms, char *buf, size_t n);

#endif
