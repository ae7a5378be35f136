/*
 * app.h - the actions a person can take on an incident.
 *
 * Both faces of calm (the CLI and the console) call these, so a rule
 * lives in one place.  Each action is one write transaction: it reads
 * what it needs, asks the core whether the action is allowed, writes the
 * state change and the timeline event that records it, and commits.
 * When an action returns CALM_OK its change is durable (committed with
 * synchronous=FULL); on any error nothing was written.
 *
 * Errors: the returned code, with its one-line message in app->err.
 */
#ifndef CALM_APP_H
#define CALM_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/gate.h"
#include "calm/playbook.h"
#include "calm/rc.h"
#include "calm/store.h"

/* Longest note, title or field value accepted, in bytes. */
#define APP_MAX_TEXT (1024 * 1024)
#define APP_MAX_TITLE 200

struct app {
	struct store *st;           /* open database */
	const struct playbook *pb;  /* the routine; may be NULL for actions that need none */
	const char *author;         /* acting author of every event */
	long long (*now_ms)(void);  /* clock, UTC ms; NULL = the real clock */
	struct calm_err err;        /* message of the last failure */
};

/* Current UTC time in ms from app's clock. */
long long app_now(const struct app *app);

/*
 * Declare a new incident at the playbook's first stage.  severity 1..4;
 * product may be NULL.  The title must be one line of valid UTF-8, not
 * blank, at most APP_MAX_TITLE bytes (CALM_DATA otherwise).
 */
enum calm_rc app_declare(struct app *app, const char *title, int severity,
			 const char *product, long long *id);

/*
 * Resolve the incident a command names: arg is a decimal id, or NULL
 * for "the only active incident" (CALM_USAGE when there are none or
 * several, naming how to choose).  CALM_NOTFOUND for an unknown id.
 */
enum calm_rc app_resolve(struct app *app, const char *arg, long long *id);

/* Append a note (len bytes, valid UTF-8, not blank, <= APP_MAX_TEXT). */
enum calm_rc app_note(struct app *app, long long id, const char *text,
		      size_t len, long long *event_id);

/* Tick (checked) or untick a checklist item by id. */
enum calm_rc app_check(struct app *app, long long id, const char *item,
		       bool checked);

/* Set a field (field.h names; "title" and "severity" change the
 * incident itself); an empty value clears a text field. */
enum calm_rc app_set_field(struct app *app, long long id, const char *name,
			   const char *value);

/*
 * Evaluate the gate of the incident's current stage into *report
 * (gate_report_release it).  Reads only.
 */
enum calm_rc app_gate(struct app *app, long long id,
		      struct gate_report *report);

/*
 * Advance to the next stage (closing the incident after the last one).
 * reason NULL: only when the gate is met (else CALM_GATE, with the
 * unmet criteria in *report).  reason given: an override, recorded with
 * the unmet criteria.  *report (may be NULL) receives the gate as it
 * was; *mv (may be NULL) the move made.
 */
enum calm_rc app_advance(struct app *app, long long id, const char *reason,
			 struct gate_report *report, struct stage_move *mv);

/*
 * Record that the person read the calm prompt of the incident's current
 * stage and began it ("began stage 3/8 Communicate internally").
 */
enum calm_rc app_stage_begun(struct app *app, long long id);

/* Go back one stage (recorded). */
enum calm_rc app_back(struct app *app, long long id, struct stage_move *mv);

#endif
