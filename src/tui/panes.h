/*
 * panes.h - the panes of stages 3 to 8, included by tui.h.
 *
 * Comms (4), fix attempts (5), action items (6) and the postmortem
 * preview (7): each pane keeps a curses-free model here, loaded from
 * the store by its _load function when the incident is re-read, drawn
 * by its _draw function (which only reads the model) and changed by its
 * _action function (which calls src/app and reloads).  Questions that
 * take several steps (what, then why; title, owner, category, due) keep
 * what was answered so far in struct pending; a one-key question (an
 * outcome, a category) is an enum ask shown on the status line; a y/N
 * box is the confirm modal with an enum confirm.  panes.c routes the
 * loop's calls (draw, action, click, submit, ask, confirm) to the pane.
 */
#ifndef CALM_TUI_PANES_H
#define CALM_TUI_PANES_H

/* Only tui.h includes this, after enum view and enum action. */
#include <stdbool.h>
#include <stddef.h>

struct tui;

/* A one-key question on the status line. */
enum ask {
	ASK_NONE,
	ASK_OUTCOME,      /* w f p r: the outcome of attempt pend.n */
	ASK_CATEGORY_NEW, /* t r p o: the category of the item being added */
	ASK_CATEGORY,     /* t r p o: the category of item pend.n */
	ASK_MILESTONE,    /* d s m r: which milestone to set */
};

/* What y does in the confirm modal. */
enum confirm {
	CONFIRM_NONE,
	CONFIRM_MANUAL,   /* no channel: mark sent without delivering */
	CONFIRM_BLAME,    /* blame words found: send anyway */
	CONFIRM_CLOSE,    /* advance from the last stage: close the incident
			     (with pend.reason when overriding its gate) */
};

/* Answers so far of a question in several steps. */
struct pending {
	char *what;           /* fix: what was tried (asking why) */
	long long n;          /* fix or item number the question is about */
	const char *outcome;  /* fix: the outcome chosen (asking the note) */
	char *title, *owner;  /* new item: title and owner so far */
	const char *category; /* new item: category chosen, NULL for none */
	int field;            /* item field being edited (enum item_field) */
	char *reason;         /* closing: the override reason, NULL when none */
	long long when_ms;    /* backfill: the moment the note is about */
	int milestone;        /* the milestone being set (milestone.h) */
	long long event;      /* the timeline entry being amended or struck */
};

/* 4 Comms: one audience's current draft and its sent state. */
struct comms_pane {
	int aud;              /* enum audience shown */
	char *text;           /* the newest revision (unsent: the draft; sent: the
				 update as it went out), or the template rendered */
	int rev;              /* its revision; 0: the template, not saved */
	bool shown_sent;      /* text is revision rev as sent: the next update
				 is written from it (e, i) or the template (r) */
	char *rev_by;         /* who saved revision rev, NULL for the template */
	int seen_aud, seen_rev;/* what the last load showed, to tell a partner's
				  save apart from one's own */
	long long revisions;  /* revisions saved for the audience */
	int sent_rev;         /* newest revision sent, 0 if none */
	long long sent_ms;    /* when it was sent */
	char *sent_by, *channel;
	int top;              /* first line of the draft shown */
	bool manual;          /* the next send delivers nothing (no channel) */
	int base;             /* i: the newest revision when editing began */
	char *osc52;          /* a clipboard sequence to write after doupdate */
	size_t osc52_len;
};

struct fix_entry {
	long long n, started_ms;
	char *what, *why, *author, *outcome, *note;
};

/* 5 Fixes: every attempt, oldest first. */
struct fixes_pane {
	struct fix_entry *v;
	size_t n, sel, top;
};

/* The fields of an action item, in column order. */
enum item_field { IF_TITLE, IF_OWNER, IF_CATEGORY, IF_DUE, IF_COUNT };

struct item_entry {
	long long n;
	char *title, *owner, *category, *due, *status;
};

/* 6 Actions: every item, oldest first, a selected row and field. */
struct items_pane {
	struct item_entry *v;
	size_t n, sel, top;
	int field;            /* enum item_field selected */
};

/* 7 Postmortem: the Markdown, wrapped to the pane's width. */
struct pm_pane {
	char *text;           /* app_postmortem_render's Markdown */
	char **lines;         /* wrapped, inert */
	int n, w;             /* lines, and the width wrapped to */
	int top;              /* first line shown */
	char blame[400];      /* the blame words found, "" if none */
	char *refused;        /* a path refused for unfilled facts: Enter
				 on it again exports anyway */
	struct app_shape shape;          /* the incident over time */
#define PM_STRIP_ROWS 4
	char *strip[PM_STRIP_ROWS];      /* its strip (pm-strip.c), NULL when none */
	int strip_w;                     /* the width it was built for */
};

/* pm-strip.c: the strip's lines from pm->shape for width w (times in
 * zone tz, when.h flags); release frees them and the shape. */
void pm_strip_build(struct pm_pane *pm, int w, unsigned tz);
void pm_strip_release(struct pm_pane *pm);

/*
 * panes.c: the table of panes, indexed by view (after tig's view_ops and
 * htop's PanelClass): each pane is one file with its own state and these
 * operations, so adding one is a file and a row of the table.
 */
struct pane_ops {
	const char *name;
	bool always;   /* read even off screen (a few rows something
			  on screen needs) */
	/* Read what it shows (only when on screen, unless always). */
	void (*load)(struct tui *t);
	/* Free what load read; the selection and scroll stay. */
	void (*release)(struct tui *t);
	/* Draw in r; focus: it has the keyboard.  Only reads the state. */
	void (*draw)(struct tui *t, const struct rect *r, bool focus);
	/* Action a (from key) for it, rows its height less the heading;
	 * false when it is not one of its own. */
	bool (*key)(struct tui *t, enum action a, int key, int rows);
	/* A click on its row (0: the first under the heading); NULL: none. */
	void (*click)(struct tui *t, int row);
};

extern const struct pane_ops pane_table[V_COUNT];

/* Load the panes on screen (the timeline aside: tui_reload reads it in
 * the room left), release the others; free every pane's rows. */
void panes_load(struct tui *t);
void panes_release(struct tui *t);
/* The editor was submitted for one of these panes' purposes, or for
 * search, a role or time travel (review.h). */
enum calm_rc panes_submit(struct tui *t, const char *text);
/* The editor was cancelled: forget the answers so far. */
void pending_clear(struct pending *p);
/* A key while t->ask is set. */
void panes_ask_key(struct tui *t, int key);
/* The text of the one-key question shown on the status line. */
const char *panes_ask_text(const struct tui *t);
/* y (or another key) in the confirm modal. */
void panes_confirm(struct tui *t, bool yes);
/* Write what must go to the terminal after doupdate (OSC 52). */
void panes_after_update(struct tui *t);

/* pane-comms.c */
void comms_load(struct tui *t);
void comms_release(struct comms_pane *cm);
void comms_draw(struct tui *t, const struct rect *r, bool focus);
bool comms_action(struct tui *t, enum action a, int key, int rows);
/* Send the current draft (confirmed: despite blame words). */
void comms_send(struct tui *t, bool confirmed);
/* The next update due per audience into t->due (from the config). */
void comms_due_load(struct tui *t);

/* pane-fixes.c */
void fixes_load(struct tui *t);
void fixes_release(struct fixes_pane *fx);
void fixes_draw(struct tui *t, const struct rect *r, bool focus);
bool fixes_action(struct tui *t, enum action a, int rows);
void fixes_click(struct tui *t, int row);
enum calm_rc fixes_submit(struct tui *t, const char *text);
void fixes_outcome_key(struct tui *t, int key);

/* pane-actions.c */
void items_load(struct tui *t);
void items_release(struct items_pane *it);
void items_draw(struct tui *t, const struct rect *r, bool focus);
bool items_action(struct tui *t, enum action a, int key, int rows);
void items_click(struct tui *t, int row);
enum calm_rc items_submit(struct tui *t, const char *text);
void items_category_key(struct tui *t, int key);

/* capture.c: backfill, milestones, corrections, an entry's history */
/* Do action a when it is one of these; false otherwise. */
bool capture_action(struct tui *t, enum action a);
/* b: ask when, then the note. */
void capture_backfill(struct tui *t);
/* m: ask which milestone (a key), then when. */
void capture_milestone(struct tui *t);
void capture_milestone_key(struct tui *t, int key);
/* e / x on the timeline: amend or strike the selected entry. */
void capture_amend(struct tui *t);
void capture_strike(struct tui *t);
/* The editor was submitted for one of the purposes above. */
enum calm_rc capture_submit(struct tui *t, const char *text);

/* pane-postmortem.c */
void pm_load(struct tui *t);
void pm_release(struct pm_pane *pm);
void pm_draw(struct tui *t, const struct rect *r, bool focus);
bool pm_action(struct tui *t, enum action a, int rows);
enum calm_rc pm_submit(struct tui *t, const char *text);

#endif
