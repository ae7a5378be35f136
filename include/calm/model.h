/*
 * model.h - what an incident is made of, as every layer sees it: the
 * rows the store hands out and the faces show (an incident, its
 * checklist, its events, drafts, fix attempts, action items, exports,
 * search hits, who is present), and the rules that judge them (when an
 * action item is overdue).
 *
 * Pure data and pure functions (core): the store fills these structs
 * (store.h), src/app hands them to the faces (app.h, app-read.h), and
 * nothing here knows where they were kept.  Strings in a struct with a
 * _release function are malloc'd and owned by it; in the others
 * (handed to callbacks) they are valid only during the call.
 */
#ifndef CALM_MODEL_H
#define CALM_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/playbook.h"

/* ---- incidents ---- */

struct incident {
	long long id;
	char *title;
	int severity;          /* 1 (worst) .. 4 */
	bool closed;           /* closed incidents are read-only */
	char *stage_id;        /* the current stage's id */
	int stage_index;       /* its index when it was entered */
	long long declared_ms; /* UTC ms */
	long long closed_ms;   /* UTC ms, 0 while active */
	char *declared_by;     /* author who declared it */
	char *damaged;         /* why the row is not sound (its bad values were
				  replaced), NULL when it is */
	char *uuid;            /* unique across stores; the event hash covers it */
	bool copy;             /* a read-only copy pulled from another store
				  (calm pull): nothing is written to it */
};

/* Free the strings inside inc and zero it. */
void incident_release(struct incident *inc);

/* Which incidents a list takes (0: all): by status, by severity (none
 * of the INCIDENT_SEV bits: every severity). */
enum incident_filter {
	INCIDENT_ACTIVE = 1 << 0,
	INCIDENT_CLOSED = 1 << 1,
	INCIDENT_SEV_ALL = 0xf << 3, /* INCIDENT_SEV(1) .. INCIDENT_SEV(4) */
};
#define INCIDENT_SEV(s) (1u << (2 + (s)))

/* ---- checklist ---- */

struct check_row {
	const char *id;
	const char *stage_id;
	const char *text;
	bool required;
	bool checked;
};

/* ---- timeline ---- */

/* The most characters of an event's text a read hands out (a note
 * written by calm is at most 1 MiB; a longer one is damaged or crafted). */
#define EVENT_TEXT_PREFIX 65536

struct event {
	long long id;       /* ascending in the order written */
	long long incident;
	long long ts_ms;    /* when it was written, UTC ms */
	bool backfilled;    /* it happened earlier than it was written: */
	long long occurred_ms; /* when it happened (= ts_ms unless backfilled) */
	const char *author;
	const char *kind;   /* "declare", "note", "check", "field", "stage", ... */
	/*
	 * Writing: text[0..text_len) may be any bytes (text_len 0: strlen).
	 * Reading: text is valid UTF-8 without NUL (text_utf8_lossy of the
	 * bytes), at most EVENT_TEXT_PREFIX characters of it, with the bytes
	 * of the whole text in text_len; raw/raw_len the exact bytes (at most
	 * EVENT_TEXT_PREFIX of them) when they differ from the text, else
	 * raw NULL.
	 */
	const char *text;
	size_t text_len;
	const char *raw;
	size_t raw_len;
	const char *data;   /* JSON object with the facts to rebuild state, or NULL */
	const char *damaged;/* read back: why the row is not sound (bad time,
			       kind or data, replaced), NULL when it is */
	/* reading a page: later corrections of a note, run or shell event */
	int amendments;          /* amend events naming it */
	const char *amended;     /* the newest amendment's text, NULL if none */
	const char *amended_raw; /* its exact bytes when they differ, else NULL */
	size_t amended_raw_len;
	const char *struck;      /* the reason it was struck, NULL if not */
	long long ref;           /* an amend or strike: the event it names */
	/* writing: the action's unique id (EVENT_UID_LEN characters, or that
	 * and ".N" for an action's Nth event after the first), NULL for
	 * none: what a replay after a lost connection looks for, so that an
	 * action is never written twice (not part of the hash) */
	const char *uid;
};

/* The characters of an action's unique id: 32 lowercase hex digits. */
#define EVENT_UID_LEN 32

/* The facts the gates need, counted in SQL. */
struct incident_counts {
	long long events;            /* all timeline events */
	long long notes;             /* events of kind "note" */
	long long fixes_worked;      /* fix attempts that worked or partly */
	long long fixes_failed;      /* ... that failed or were rolled back */
	bool no_fix;                 /* "no fix possible" declared */
	long long actions;           /* action items (not dropped) */
	bool exported;               /* postmortem exported at least once */
	bool comms_sent[AUD_COUNT];  /* an update of each audience marked sent */
};

/* ---- comms, fix attempts, action items, exports ---- */

/* One saved revision of a draft. */
struct draft {
	long long id;          /* comms row id */
	int audience;          /* enum audience */
	int revision;          /* 1, 2, ... per incident and audience */
	char *text;
	long long created_ms;  /* when this revision was saved, UTC ms */
	char *author;          /* who saved it */
	long long sent_ms;     /* when it was sent, 0 if not */
	char *sent_by;         /* who sent it, NULL if not sent */
	char *channel;         /* where it went ("file:/x"), NULL if not sent */
};

/* Free the strings inside d and zero it. */
void draft_release(struct draft *d);

/* The fix outcomes a person can record (fixes.outcome). */
#define FIX_OUTCOMES "worked, failed, partial or rolled-back"

/* One fix attempt, as the walk hands it out. */
struct fix_row {
	long long n;           /* 1, 2, ... within the incident */
	const char *what;      /* what was tried */
	const char *why;       /* the hypothesis, NULL if not given */
	long long started_ms;
	const char *author;
	const char *outcome;   /* worked|failed|partial|rolled-back|no-fix, NULL if none yet */
	const char *note;      /* outcome note (for no-fix: what was lost), NULL if none */
	long long outcome_ms;  /* 0 if no outcome */
};

/* One action item, as the walk hands it out. */
struct action_row {
	long long n;           /* 1, 2, ... within the incident */
	const char *title;
	const char *owner;     /* NULL if none */
	const char *category;  /* technical|training|policy|other, NULL if none */
	const char *due;       /* YYYY-MM-DD, NULL if none */
	const char *status;    /* open|done|dropped */
	long long created_ms;
	const char *author;
};

/* The length of a day as the overdue rule compares it: "YYYY-MM-DD". */
#define ACTION_DAY_LEN 10

/*
 * The overdue rule, said once: an action item is overdue on day today
 * when its status is "open" and it has a due date (YYYY-MM-DD) that
 * sorts before today (both compared as bytes).  Days are UTC:
 * action_today() makes today from a time.  The store counts the same
 * rule in SQL (store_stats, store_overdue_each); test-store's
 * store__overdue_rule_agrees holds the two to the same cases.
 */
bool action_overdue(const char *status, const char *due, const char *today);

/* An update to an audience is overdue once its due time (the last one
 * sent, or the declaration, plus the cadence: app_update_due) has
 * passed; due_ms 0 is never due.  The console's title and calm status
 * both ask this. */
bool update_overdue(long long due_ms, long long now_ms);

/* The day (UTC, "YYYY-MM-DD") the overdue rule judges at now_ms. */
void action_today(long long now_ms, char today[ACTION_DAY_LEN + 1]);

/* One export, as the walk hands it out. */
struct export_row {
	long long ts_ms;
	const char *format;
	const char *path;     /* "" for stdout */
	const char *author;
};

/* ---- search ---- */

/*
 * A search hit's snippet marks each matched term: SEARCH_HL_ON before,
 * SEARCH_HL_OFF after (bytes 0x01 and 0x02, which sanitising shows as
 * ^A/^B, so a face splits on them before making the pieces inert).
 * Stored text may hold those bytes itself: they then look like a
 * highlight, nothing worse.
 */
#define SEARCH_HL_ON "\x01"
#define SEARCH_HL_OFF "\x02"

enum search_flags {
	SEARCH_ADVANCED = 1 << 0, /* query is FTS5 syntax (AND, OR, NOT,
					   "phrases", prefix*, NEAR); a syntax
					   error is CALM_USAGE "bad search
					   query: ..." */
};

/* One match of a search. */
struct search_hit {
	long long incident;   /* the incident */
	long long event;      /* the event to jump to */
	long long ts_ms;      /* its time */
	const char *kind;     /* its kind: note, declare, field, fix, action, draft */
	const char *author;   /* its author */
	const char *title;    /* the incident's title now */
	const char *snippet;  /* matched text with SEARCH_HL_ON/OFF markers */
	double rank;          /* bm25: lower is better; 0 when by recency */
};

/* One past incident like a new one. */
struct similar_hit {
	long long incident;
	const char *title;
	bool closed;
	double rank;          /* best bm25 of its title and notes: lower is better */
};

/* ---- presence: who has an incident open right now ---- */

struct presence {
	long long incident;
	const char *author;
	long long pid;
	const char *host;
	long long started_ms;
	long long heartbeat_ms;
};

/* A console older than this without a heartbeat is gone. */
#define PRESENCE_TTL_MS 30000

/* ---- role offers: a role handed over is taken by its receiver ---- */

struct offer {
	long long id;
	long long incident;
	const char *role;      /* the playbook's role id */
	const char *person;    /* who it is offered to */
	const char *by;        /* who offered it */
	long long offered_ms;
	const char *state;     /* "open", "taken", "lapsed", "withdrawn" */
	long long ended_ms;    /* when it stopped being open (0: open) */
};

/* An offer not taken within this lapses. */
#define OFFER_TTL_MS (10 * 60 * 1000)

/* ---- across incidents ---- */

/* Across incidents (calm stats). */
struct incident_stats {
	long long by_severity[5];   /* [1..4]: incidents of each severity */
	long long active, closed;
	long long overdue_actions;  /* open action items past their due date */
};

/* One open action item past due, for listings. */
struct overdue_row {
	long long incident;
	long long n;
	const char *title;
	const char *owner;    /* NULL if none */
	const char *due;
};

/* The hex digits of a database's id (store_db_id). */
#define DB_ID_LEN 32

/* Whether a database string (--db, CALM_DB, the config's db:) names a
 * team's server - a postgresql:// or postgres:// URI, or service=NAME -
 * rather than a SQLite file: the one rule the config checks it by and
 * the store picks its engine by. */
bool db_is_server(const char *db);

#endif
