/*
 * review.h - looking back and around in the console, included by
 * tui.h: review (the READ-ONLY mode), time travel, the people on an
 * incident (presence and roles), search, and the similar past incidents
 * shown when one is declared.
 *
 * Each part keeps a curses-free model here and lives in its own file:
 * travel.c (+ travel-state.c, the past on the panes), people.c,
 * search.c (+ filter.c, the picker's filter), similar.c; title.c draws
 * the title bar with the badge, "as of", "also:" and the role holders.
 */
#ifndef CALM_TUI_REVIEW_H
#define CALM_TUI_REVIEW_H

/* Only tui.h includes this, after enum action and struct rect. */
#include <stdbool.h>
#include <stddef.h>

#include "calm/replay.h"

struct tui;

/* Time travel: the incident just after event `id`, the pos-th of n in
 * the order written.  Nothing here grows with the incident: a step
 * reads the ids it passes, the state is folded from the state events
 * alone (app_replay_state). */
struct travel {
	bool on;                   /* panes show the past */
	long long incident;        /* the incident st is of (0: none) */
	long long n;               /* its events, when travel began */
	long long pos;             /* the selected event's place, from 1 */
	long long id, ts;          /* the selected event and when it was written */
	long long folded;          /* st is the state just after this event */
	struct replay_state st;
};

/* Who is on the incident: presence and role holders. */
struct people {
	char *also;                /* the others with it open: "bob, carol" */
	char *roles;               /* "IC alice · comms bob" */
	long long entered;         /* incident this console entered (0: none) */
	bool enter;                /* enter it after the next frame: a write
				      (and its fsync) never delays a screen */
	long long beat_ms;         /* last heartbeat or presence read */
	char host[128];
	int role;                  /* R modal: the role chosen (index), -1 none */
	int who;                   /* R modal: the name picked (index in names) */
};

struct search_row {
	long long incident, event, ts_ms;
	char *kind, *title, *snippet;  /* untrusted; snippet has SEARCH_HL_* */
};

/* Search results, and the picker's filter. */
struct search {
	bool shown;                /* the results overlay is open */
	struct search_row *v;
	size_t n, sel, top;
	char *query;               /* what was searched */
	/* the picker's filter */
	char *text;                /* title contains (case-insensitive), NULL: any */
	int status;                /* 0 all, 1 active, 2 closed */
	unsigned sev;              /* bit s set: SEVs shown; 0: all */
};

/* The similar past incidents shown when one is declared. */
struct similar {
	long long id[3];
	char *title[3];
	bool closed[3];
	int n;
	long long preview;         /* the incident previewed, 0 none */
};

/* review.c: the read-only rule */
/* Whether nothing may be written: calm review, a read-only database,
 * or (on an incident) a closed incident or a read-only copy. */
bool tui_readonly(const struct tui *t);
/* Why, for the status line: "read-only: incident is closed". */
const char *tui_readonly_why(const struct tui *t);

/* travel.c */
/* A time travel key ([ ] { } t . Esc); handles the refusals. */
void travel_action(struct tui *t, enum action a);
/* After a reload: overwrite the panes' models with the past state. */
void travel_apply(struct tui *t);
/* Go to the time typed (HH:MM or YYYY-MM-DD HH:MM, UTC). */
enum calm_rc travel_to_time(struct tui *t, const char *text);
void travel_release(struct travel *tr);
/* "as of 14:05:09 (event 3 of 12)" into buf ("" when not travelling). */
void travel_title(const struct tui *t, char *buf, size_t n);
/* Select event id (search jumps): travel when in review. */
void travel_select(struct tui *t, long long event);

/* people.c */
void people_enter(struct tui *t);
void people_leave(struct tui *t);
/* From the 1 s tick: heartbeat and presence re-read every few seconds. */
void people_tick(struct tui *t, long long now_ms);
/* Re-read presence and roles (after a reload). */
void people_load(struct tui *t);
void people_release(struct people *pp);
/* R: the hand-a-role modal. */
void role_open(struct tui *t);
enum calm_rc role_submit(struct tui *t, const char *person);

/* search.c */
/* Enter in the search line: search and show the results. */
enum calm_rc search_submit(struct tui *t, const char *text);
void search_release(struct search *sr);

/* filter.c: the picker's filter (a all/active/closed, 1-4 severity) */
bool filter_key(struct tui *t, int key);
/* The text typed so far in the search line filters the picker. */
void filter_text(struct tui *t, const char *text);
/* Whether an incident passes the filter. */
bool filter_pass(const struct search *sr, const struct incident *inc);
/* " · active · SEV1,2 · \"disk\"" for the heading ("" when none). */
void filter_describe(const struct search *sr, char *buf, size_t n);

/* similar.c */
/* After a declaration: the similar past incidents in a box, if any. */
void similar_show(struct tui *t, const char *title);
void similar_release(struct similar *sm);

/* comms-inline.c: i in the comms pane */
void comms_inline(struct tui *t);
enum calm_rc comms_inline_submit(struct tui *t, const char *text);
/* v in the comms pane: the last update sent to the audience, whole. */
void comms_view_sent(struct tui *t);

#endif
