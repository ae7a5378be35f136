/*
 * gate.h - the stage machine: gates and moves between stages.
 *
 * Pure functions over a snapshot of facts; no SQL, no terminal.  The
 * app layer reads the facts from the store inside the write transaction,
 * asks here whether a move is allowed, then records it.
 *
 * The incident lifecycle (N = playbook->nstages):
 *
 *      declare            advance (gate met, or override + reason)
 *   ----------> stage 0 -----------> stage 1 --> ... --> stage N-1
 *                  ^                    |                   |
 *                  +------ back --------+                   | advance
 *                                                           v
 *                                                        CLOSED (read-only)
 *
 *   from        move      allowed when                      function
 *   stage i     advance   every criterion of i met          stage_advance
 *   stage i     advance   unmet, but a reason is given      stage_advance (override)
 *   stage N-1   advance   as above; the incident closes     stage_advance
 *   stage i>0   back      always (logged)                   stage_back
 *   stage 0     back      never: CALM_GATE                  stage_back
 *   CLOSED      any       never: CALM_CLOSED                both
 */
#ifndef CALM_GATE_H
#define CALM_GATE_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/playbook.h"
#include "calm/rc.h"

/* One checklist item of the current stage, as the incident has it. */
struct gate_item {
	const char *id;
	const char *text;
	bool required;
	bool checked;
};

/* What the gates look at.  Filled by the app from the store. */
struct gate_facts {
	const struct gate_item *items; /* the current stage's checklist */
	size_t nitems;
	long long notes;               /* notes in the timeline */
	long long fixes_worked;        /* fix attempts that worked or partly */
	long long fixes_failed;        /* ... that failed or were rolled back */
	bool no_fix;                   /* "no fix possible" declared */
	long long actions;             /* action items not dropped */
	bool exported;                 /* postmortem exported */
	bool comms_sent[AUD_COUNT];    /* an update marked sent, per audience */
	const char *const *fields_set; /* names of the fields that are set */
	size_t nfields_set;
};

/* One criterion and whether it holds, with a sentence saying so. */
struct gate_status {
	const struct criterion *crit;
	bool met;
	char text[640]; /* e.g. "at least 1 note in the timeline (0 so far)" */
};

/* A stage's gate evaluated. */
struct gate_report {
	int stage;                  /* index of the stage the gate belongs to */
	size_t n;                   /* criteria = stage's ngate */
	size_t nunmet;              /* how many do not hold */
	struct gate_status *status; /* n entries, malloc'd */
};

/* Evaluate every criterion of pb->stages[stage] against f into *out
 * (release it after).  Never fails. */
void gate_check(const struct playbook *pb, int stage,
		const struct gate_facts *f, struct gate_report *out);

void gate_report_release(struct gate_report *r);

/* The unmet criteria as one line, "a; b; c" (into buf of size n). */
void gate_report_unmet(const struct gate_report *r, char *buf, size_t n);

/* A move the machine allowed. */
struct stage_move {
	int from;        /* stage index before */
	int to;          /* stage index after; equal to from when closing */
	bool closes;     /* the move closes the incident */
	bool overridden; /* allowed only because a reason was given */
};

/*
 * Advance from stage cur.  report is the gate of cur (from gate_check).
 * reason is NULL for a plain advance, or the override reason.
 * Returns CALM_OK and fills *mv; CALM_GATE when criteria are unmet and
 * no reason was given ("stage 'x' is not done: N of M criteria unmet");
 * CALM_USAGE when the reason is empty or blank; CALM_CLOSED when closed.
 */
enum calm_rc stage_advance(const struct playbook *pb, int cur, bool closed,
			   const struct gate_report *report,
			   const char *reason, struct stage_move *mv,
			   struct calm_err *err);

/* Go back one stage from cur.  CALM_GATE at stage 0, CALM_CLOSED when closed. */
enum calm_rc stage_back(const struct playbook *pb, int cur, bool closed,
			struct stage_move *mv, struct calm_err *err);

#endif
