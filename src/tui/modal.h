/*
 * modal.h - what takes the keys before the panes: a small stack of
 * modals whose top gets each key first (included by tui.h).
 *
 * A modal is a box over the screen (the calm prompt, a closed gate, the
 * help, an event or a score read whole, a y/N question, handing a role,
 * similar incidents, search results, the database gone) or a line at
 * the bottom (the line editor, a one-key question), or a paste arriving.
 * Each kind is one file with its own key, draw and close operations;
 * opening one pushes it, and it pops itself when done, so the one under
 * it (the editor under the database-gone box, say) is as it was: ncdu's
 * confirmation over its browser, tmux's modes over a pane.
 *
 * A key goes to the top modal; one it does not take goes to the modal
 * under it, and so on down; a key no modal takes goes to the actions
 * table (input.c).  Before any modal, the terminal's own keys are the
 * console's: C-z suspends and a paste's start opens the paste, except
 * inside a paste (MODAL_RAW), which takes every key as text, even when
 * a box the clock opened (the database gone) is drawn over it.
 *
 * The loop draws the screen, then the modals from the bottom up.
 */
#ifndef CALM_TUI_MODAL_H
#define CALM_TUI_MODAL_H

#include <stdbool.h>

struct tui;
struct modal;

enum modal_flags {
	MODAL_BOX = 1 << 0,     /* a box over the screen: a click is a key */
	MODAL_RAW = 1 << 1,     /* takes every key, C-z too (a paste) */
	MODAL_NOCLICK = 1 << 2, /* a click on screen does not answer it */
};

struct modal_ops {
	const char *name;       /* what it is, for tests and messages */
	unsigned flags;         /* enum modal_flags */
	const char *footer;     /* a box's last line: which keys do what */
	/* A key: true when taken (the modal acted; it pops itself when
	 * done, and must not use m after that); false passes the key to
	 * the modal under it. */
	bool (*key)(struct tui *t, struct modal *m, int key);
	/* Draw it over what is under it; NULL: a box of title, body and
	 * footer (prompt.c), or, for a line modal, the status line draws it. */
	void (*draw)(struct tui *t, const struct modal *m);
	/* It is being popped, whoever pops it: release what it holds
	 * (NULL: nothing). */
	void (*close)(struct tui *t, struct modal *m);
};

struct modal {
	const struct modal_ops *ops;
	char *title, *body;     /* a box's text (untrusted; NULL: none) */
	int top;                /* the first body line shown (it scrolls) */
};

#define MODAL_MAX 8

/*
 * Open a modal of kind ops with title and body (copied; may be NULL).
 * A modal of the same kind on top is updated in place (shown from its
 * first line again); any other is pushed over what is open.  Returns
 * it, or NULL when the stack is full (then the status line says so).
 */
struct modal *modal_open(struct tui *t, const struct modal_ops *ops,
			 const char *title, const char *body);
/* The top modal, NULL when none is open. */
struct modal *modal_top(struct tui *t);
/* The topmost modal of kind ops, NULL when none is open. */
struct modal *modal_find(struct tui *t, const struct modal_ops *ops);
/* Pop the topmost modal of kind ops, wherever it is (its close runs;
 * those over it stay, in order).  False when none was open. */
bool modal_close(struct tui *t, const struct modal_ops *ops);
/* Pop every modal (leaving the console). */
void modal_clear(struct tui *t);
/* The modal taking every key (a paste), wherever it is, or NULL. */
struct modal *modal_raw(struct tui *t);
/* A key to the modals: to the one taking every key if there is one,
 * else top first, down the stack; false: none took it. */
bool modal_key(struct tui *t, int key);
/* Draw the modals, bottom first. */
void modals_draw(struct tui *t);

/* The kinds, each in its own file. */
extern const struct modal_ops calm_modal;    /* modal-calm.c: a stage's calm prompt */
extern const struct modal_ops gate_modal;    /* modal-gate.c: the gate is closed */
extern const struct modal_ops help_modal;    /* modal-text.c: the keys, a brief */
extern const struct modal_ops read_modal;    /* modal-text.c: an event, a score */
extern const struct modal_ops info_modal;    /* modal-text.c: any key closes it */
extern const struct modal_ops confirm_modal; /* modal-confirm.c: y/N (t->confirm) */
extern const struct modal_ops role_modal;    /* people.c: hand a role */
extern const struct modal_ops similar_modal; /* similar.c: seen this before? */
extern const struct modal_ops search_modal;  /* search.c: the hits */
extern const struct modal_ops gone_modal;    /* gone.c: the database file is gone */
extern const struct modal_ops edit_modal;    /* modal-edit.c: the line editor */
extern const struct modal_ops ask_modal;     /* modal-ask.c: a one-key question */
extern const struct modal_ops paste_modal;   /* paste.c: a paste arriving */

#endif
