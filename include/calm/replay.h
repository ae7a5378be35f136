/*
 * replay.h - time travel: an incident's state rebuilt from its events.
 *
 * The timeline is the complete record (README), so the state just after
 * event E is the fold of events 1..E: replay_init() an empty state, then
 * replay_apply() each event in id order.  Pure C over a small event
 * struct whose data (the event's JSON object) comes as key/value
 * strings; the store hands events out this way (store_events_kv).
 *
 * What each kind carries (src/app writes it) and what it changes:
 *   declare  title, severity, product, stage   title, severity, the
 *            [, checklist]                     product field, stage; who
 *                                              declared it, when, and the
 *                                              checklist's digest
 *   check    item, checked ("1"/"0")           that item's tick
 *   field    field, value ("" clears)          title, severity or a field
 *   stage    from, to [, override, unmet]      stage (to "closed": closed)
 *            stage, begun                      begun
 *   note     -                                 notes
 *   draft    audience, revision, id [, sha256] that audience's draft, and
 *                                              the revision (its text's
 *                                              digest, when recorded)
 *   sent     audience, revision, channel       marked sent
 *   fix      fix, what, why                    a new attempt
 *            fix, outcome, note | lost         its outcome
 *   action   action, title, owner, category, due   a new item
 *            action, <column>, value           one column (status too)
 *   export   format, path                      exports
 *   role     role, person, from                who holds the role
 * Each new fix attempt, action item, role holder, draft revision and
 * export also takes its event's time and author, so every table the
 * store keeps beside the timeline can be recomputed from it (verify).
 * Unknown kinds and keys are ignored (newer writers, older readers).
 *
 * Checklist items not ticked by any event are unticked; the item list
 * itself (texts, stages) is the incident's checklist in the store.
 */
#ifndef CALM_REPLAY_H
#define CALM_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/playbook.h"

struct replay_kv {
	const char *key;
	const char *value;
};

struct replay_event {
	long long id;
	long long ts_ms;
	const char *author;
	const char *kind;
	const char *text;            /* "" when read back: the fold needs none */
	const struct replay_kv *kv;  /* the data, in any order */
	size_t nkv;
	const char *damaged;         /* why the stored row is not sound (store.h),
					NULL when it is: it changes nothing */
};

struct replay_tick {
	char *item;
	bool checked;
};

struct replay_field {
	char *name;
	char *value;
};

struct replay_draft {
	int revision;        /* newest saved revision, 0 if none */
	long long id;        /* its comms row id, 0 if the event did not say */
	int sent_revision;   /* newest revision sent, 0 if none */
	char *channel;       /* where that went, NULL if none */
};

struct replay_fix {
	long long n;
	char *what, *why;
	char *outcome;       /* NULL while none */
	char *note;          /* outcome note or what was lost, NULL if none */
	long long started_ms;/* when it was logged (0: no event said) */
	char *author;        /* who logged it */
	long long outcome_ms;/* when its outcome was recorded, 0 if none */
};

struct replay_action {
	long long n;
	char *title, *owner, *category, *due;  /* NULL when unset */
	char *status;        /* open, done or dropped */
	long long created_ms;/* when it was added (0: no event said) */
	char *author;        /* who added it */
};

struct replay_role {
	char *role;
	char *person;
	long long since_ms;  /* when it was handed to person */
};

/* One saved draft revision. */
struct replay_rev {
	int audience;
	int revision;
	long long created_ms;
	char *author;
	char *sha256;        /* its text's digest, NULL when not recorded */
	long long sent_ms;   /* 0 while unsent */
	char *sent_by, *channel;
};

/* One export of the postmortem. */
struct replay_export {
	long long ts_ms;
	char *format, *path, *author;  /* path "" for stdout */
};

struct replay_state {
	long long event;        /* last event applied, 0 before any */
	long long ts_ms;        /* its time */
	long long events;       /* events applied */
	char *title;
	int severity;
	long long declared_ms;  /* the declare event's time */
	char *declared_by;      /* and author */
	char *checklist;        /* the checklist's digest, NULL when not recorded */
	char *stage;            /* current stage id, NULL before declare */
	bool begun;             /* the current stage's calm prompt was read */
	bool closed;
	long long closed_ms;
	long long notes, overrides, exports;
	long long damaged;      /* damaged events skipped */
	long long first_damaged;/* the first one's id, 0 if none */
	struct replay_tick *ticks;     size_t nticks;
	struct replay_field *fields;   size_t nfields;   /* sorted by name */
	struct replay_draft drafts[AUD_COUNT];
	struct replay_fix *fixes;      size_t nfixes;
	struct replay_action *actions; size_t nactions;
	struct replay_role *roles;     size_t nroles;
	struct replay_rev *revs;       size_t nrevs;     /* every revision, in order */
	struct replay_export *exps;    size_t nexps;
};

void replay_init(struct replay_state *s);
void replay_release(struct replay_state *s);

/* A deep copy of s into d (d is overwritten, not released): both are
 * released on their own, and either can go on folding events (time
 * travel keeps copies to step back from). */
void replay_state_copy(struct replay_state *d, const struct replay_state *s);

/* Fold one event into s (events must come in id order).  A damaged
 * event is counted, and changes nothing else. */
void replay_apply(struct replay_state *s, const struct replay_event *ev);

/* The value of key in ev's data, or NULL. */
const char *replay_get(const struct replay_event *ev, const char *key);

/* Whether item is ticked in s. */
bool replay_checked(const struct replay_state *s, const char *item);

/* A field's value in s, or NULL when unset. */
const char *replay_field(const struct replay_state *s, const char *name);

/* Who holds role in s, or NULL. */
const char *replay_role(const struct replay_state *s, const char *role);

#endif
