/*
 * tui.h - internals of the console (src/tui), shared by its files only.
 *
 * The console is one loop (tui.c) over one struct tui.  Everything is
 * drawn on stdscr inside rectangles computed by the layout, so no
 * window can fail to be created at small sizes.  Each region has a dirty
 * bit; a key or a tick redraws only the regions whose bit is set, then
 * the loop calls doupdate() once, so the terminal receives only the cells
 * that changed (the console runs over SSH and tmux).
 *
 * Data flows one way: a key becomes an app action (include/calm/app.h),
 * the store commits it, the console re-reads what changed through the
 * app's read API (app-read.h) and redraws.  Other processes' commits
 * are noticed by polling app_db_version() on each tick, and the events
 * they wrote applied where they land (news.c).
 *
 * Draw functions only read the model; key functions change it.  The
 * console never calls the store and never sees the CLI: it runs with
 * its struct console_opts (calm/console.h).
 */
#ifndef CALM_TUI_H
#define CALM_TUI_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "calm/app.h"
#include "calm/app-drill.h"
#include "calm/app-read.h"
#include "calm/config.h"
#include "calm/console.h"
#include "calm/gate.h"
#include "calm/theme.h"

/* The smallest screen the console lays out; below it, "too small". */
#define TUI_MIN_W 60
#define TUI_MIN_H 16
/* From this width on, the timeline shows beside the working pane. */
#define TUI_WIDE_W 120

/* ---- keys ---- */

/* A key: a character (code point) or a curses key code | KEY_FN. */
#define KEY_FN (1 << 24)
#define KEY_PASTE_BEGIN (KEY_FN | (KEY_MAX + 1))
#define KEY_PASTE_END (KEY_FN | (KEY_MAX + 2))
#define CTRL(c) ((c) & 0x1f)

/* ---- theme (theme.c): draw code names roles, never colours ---- */

/* The roles are listed in calm/theme.h (shared with the theme loader). */

/* Set up colours with theme name (a name or path; NULL: default), none
 * when mono (NO_COLOR or a terminal without).  loaded: that theme as
 * already loaded (taken over, zeroed), else NULL: name is loaded. */
void theme_init(const char *name, struct theme *loaded, bool mono);
/* The attributes (colour pair included) to draw role with. */
attr_t theme_attr(enum theme_role role);

/* ---- drawing helpers (draw.c) ---- */

enum draw_flags {
	DRAW_PAD = 1 << 0,   /* fill the rest of the width with spaces */
	DRAW_RIGHT = 1 << 1, /* right-align in the width */
};

/* Draw untrusted UTF-8 s at y,x, made inert, clipped to w columns
 * (never splitting a wide character).  Returns the columns used. */
int draw_text(int y, int x, int w, const char *s, attr_t attr,
	      unsigned flags);
/* Display width of s once made inert. */
int draw_width(const char *s);
/* After endwin: s to f (stderr) made inert, its newlines and tabs kept. */
void draw_after(FILE *f, const char *s);
/* Write an OSC 52 clipboard sequence ("ESC ] 52 ; c ; base64 BEL")
 * to the terminal after doupdate (terminfo Ms when it has one); any
 * other bytes are refused. */
void draw_clipboard(const char *seq, size_t len);
/* Fill a rectangle with spaces in attr. */
void draw_fill(int y, int x, int h, int w, attr_t attr);
/* Box-drawing lines in attr: a vertical one of n cells down from y,x, a
 * horizontal one of n cells right from y,x, and a box's frame of h x w.
 * U+2500 and kin in a UTF-8 locale, the terminal's line set elsewhere. */
void draw_vline(int y, int x, int n, attr_t attr);
void draw_hline(int y, int x, int n, attr_t attr);
void draw_frame(int y, int x, int h, int w, attr_t attr);
/*
 * Wrap untrusted s (newlines kept as breaks) to w columns; calls
 * cb(line, ctx) for each line (a malloc'd UTF-8 string valid during the
 * call).  Returns the number of lines.
 */
int draw_wrap(const char *s, int w, void (*cb)(const char *, void *),
	      void *ctx);

/* ---- layout ---- */

struct rect {
	int y, x, h, w;
};

/* ---- panes ---- */

/* The panes a digit jumps to (1, 2, 3...) and Tab cycles through. */
enum view {
	V_CHECKLIST, V_TIMELINE, V_FIELDS, V_COMMS, V_FIXES, V_ACTIONS,
	V_POSTMORTEM, V_COUNT
};

/* ---- actions (actions.c): one table drives keys, key line, help ---- */

enum where {
	W_PICKER = 1 << 0,    /* the incident picker */
	W_INCIDENT = 1 << 1,  /* anywhere on an incident */
	W_CHECKLIST = 1 << 2, /* the checklist pane has focus */
	W_TIMELINE = 1 << 3,  /* the timeline pane has focus */
	W_FIELDS = 1 << 4,    /* the fields pane has focus */
	W_COMMS = 1 << 5,     /* the comms pane has focus */
	W_FIXES = 1 << 6,     /* the fix attempts pane has focus */
	W_ACTIONS = 1 << 7,   /* the action items pane has focus */
	W_POSTMORTEM = 1 << 8,/* the postmortem preview has focus */
};

#define W_LISTS (W_PICKER | W_CHECKLIST | W_TIMELINE | W_FIELDS | W_COMMS | \
		 W_FIXES | W_ACTIONS | W_POSTMORTEM)

#include "actions.h"

enum action_flags {
	ACTF_MUTATES = 1 << 0, /* writes the incident: refused when closed */
	ACTF_KEYLINE = 1 << 1, /* shown on the bottom key line */
	ACTF_REVIEW = 1 << 2,  /* shown on the key line in review only */
	ACTF_DRILL = 1 << 3,   /* a drill's: the help lists it under Drills */
};

enum action {
	ACT_NONE,
#define TUI_ACTION_ENUM(e, k, n, h, w, f) e,
	TUI_ACTIONS(TUI_ACTION_ENUM)
#undef TUI_ACTION_ENUM
	ACT_COUNT
};

/* Parse the default key strings once. */
void actions_init(const struct config *cfg);
/* app_on_wait hook: "waiting for the database..." on the status line. */
void input_say_waiting(void *ctx);
/* The action key is bound to in the context where (a W_ mask). */
enum action actions_lookup(int key, unsigned where);
/* The action's enum action_flags. */
unsigned actions_flags(enum action a);
/* Draw the line of keys that work in where, in rectangle r (one line);
 * in review (readonly) no key that writes, and the time travel keys. */
void actions_draw_keyline(const struct rect *r, unsigned where, bool readonly);
/*
 * The help text, from the actions table: sections by where the keys
 * work (everywhere, the picker, any pane of an incident, review, each
 * pane, moving in lists), each key in every section it works in, the
 * help wrapped to width with its further lines under it.  *here_line
 * (may be NULL) receives the line of the section for the place here
 * (a W_ mask: the pane with the keyboard, or the picker).
 */
char *actions_help_text(unsigned here, int width, int *here_line);

#include "edit.h"

/* Text kept outside the database (recover.c), to be offered again. */
struct recovered {
	char *path;          /* the file it came from */
	bool plain;          /* an editor's file: the text only (a note or a draft) */
	char *header;        /* "key: value" lines: what it was for */
	char *text;          /* the text, exactly */
	long long mtime_ms;  /* when it was kept */
};

/* ---- the incident model ---- */

struct check_entry {
	char *id, *text;
	bool required, checked;
	signed char queued; /* a queued tick (1) or untick (0), else -1 */
};

struct checklist {
	struct check_entry *v; /* the current stage's items */
	size_t n;
	size_t sel;            /* selected item */
	size_t top;            /* first item shown */
};

struct fields {
	char **val;            /* value of field_defs[i], NULL when unset */
	int *queued;           /* its newest queued write in t->ob.pending.v
				  (fields_mark_queued), or -1 */
	size_t n;              /* = field_ndefs once loaded */
	size_t sel, top;       /* selected row, first row shown */
};

/* One event of the page shown, wrapped to the pane's width. */
struct tl_line {
	long long id;
	long long at;  /* when it happened (the view's order: at, then id) */
	char *head;    /* "14:05:09 alice", untrusted */
	char **lines;  /* the text wrapped (newlines kept), already inert */
	int h;         /* number of lines (>= 1) */
	char tag[24];  /* "[fix]": the kind, shown first in its colour; "" for notes */
	enum theme_role role; /* the kind's ROLE_KIND_* */
};

struct timeline {
	bool follow;        /* show the newest events, following new ones */
	long long top;      /* id of the first event shown when !follow */
	long long sel;      /* id of the selected event when !follow */
	struct tl_line *v;  /* the page shown, oldest first */
	size_t n;
	int rows, w;        /* rows and width the page was loaded for */
	bool more;          /* events after the page (not at the end) */
	long long upto;     /* time travel: the last event shown (0: now) */
};

/* What takes the keys before the panes: a stack of modals. */
#include "modal.h"

/* The comms, fixes, actions and postmortem panes' models and functions. */
#include "panes.h"
/* Review (read-only), time travel, people, search, similar incidents. */
#include "review.h"

/* A drill open in the console (drill.c). */
struct drill_run {
	bool on;                 /* the incident shown is a drill */
	bool running;            /* its clock runs: not done, not abandoned */
	bool abandon_armed;      /* A pressed once: again abandons */
	int speed;
	struct drill_clock clock;
	long long next_due_ms;   /* drill time of the next observation, -1 none */
	long long saved_us;      /* when the clock was last saved (monotonic) */
	long long (*saved_now)(void); /* the app's clock before the drill's */
	struct app app;          /* the drill database, for a drill started
				    from the picker (D) */
	struct app *team;        /* then: the team's app to go back to, else NULL */
};

struct picker_row {
	long long id;
	char *line; /* untrusted */
	bool closed;
};

struct picker {
	struct picker_row *v; /* the page shown */
	size_t n;
	long long total;      /* incidents in all (filtered: that match) */
	long long all;        /* filtered: incidents in all */
	long long sel, top;   /* selected row and first row shown */
	/* unfiltered: the incident at row `top` when the page was read, to
	 * walk on from by keyset (top_id 0: none), and the counts then */
	long long top_id, top_at, top_active, top_total;
};

enum dirty {
	D_TITLE = 1 << 0,
	D_RAIL = 1 << 1,
	D_PANE = 1 << 2,
	D_SIDE = 1 << 3,
	D_STATUS = 1 << 4,
	D_KEYS = 1 << 5,
	D_ALL = 0xff,
};

struct tui {
	const struct console_opts *opts; /* what it runs with */
	struct app *app;
	const struct playbook *pb;
	/* which screen */
	bool picking;            /* the picker is shown */
	bool from_picker;        /* q on the incident returns to the picker */
	long long back_to;       /* q returns to this incident (a search hit
				    opened another one from it), 0: none */
	long long id;            /* the incident shown (0 in the picker) */
	/* the incident */
	struct incident inc;
	char *copy_of;           /* what inc is a read-only copy of (calm pull:
				    "incident 4 of URI"), NULL: its own */
	int stage;               /* index in pb, -1 when unknown */
	struct gate_report gate;
	struct checklist cl;
	struct fields fl;
	struct timeline tl;
	struct comms_pane cm;    /* 4 Comms */
	struct fixes_pane fx;    /* 5 Fixes */
	struct items_pane it;    /* 6 Actions */
	struct pm_pane pm;       /* 7 Postmortem */
	struct travel tr;        /* time travel (review) */
	struct people pp;        /* presence and roles */
	struct search sr;        /* search results, picker filter */
	struct similar sm;       /* similar incidents after a declaration */
	struct pending pend;     /* a question in several steps */
	enum ask ask;            /* a one-key question on the status line
				    (the ask modal's: ask_open) */
	enum confirm confirm;    /* what y does in the confirm modal */
	long long due[AUD_COUNT];/* next update due per audience (UTC ms, 0: none) */
	enum view view;          /* the pane with the keyboard */
	enum view main;          /* wide: the pane beside the timeline */
	bool wide;               /* the timeline shows beside the main pane */
	bool stacked;            /* narrow: the timeline shows below the pane */
	bool mouse;              /* mouse reporting on */
	/* picker */
	struct picker pk;
	/* overlays: the modals, the top one last */
	struct modal modals[MODAL_MAX];
	int nmodal;
	struct edit ed;          /* the line editor's (the edit modal's) */
	size_t edit_field;       /* EDIT_FIELD: index in field_defs */
	struct recovered draft;  /* kept text, opened after the calm prompt */
	char *recovered;         /* the file of the kept text being edited */
	bool gone;               /* the database file was deleted or replaced */
	bool gone_asked;         /* q was pressed once while gone */
	bool pasting;            /* between paste begin and end (the paste modal) */
	char *paste;             /* pasted bytes so far */
	size_t paste_len;
	bool paste_cut;          /* the paste was larger than the cap */
	/* screen */
	int W, H;
	bool too_small;
	struct rect r_title, r_rail, r_gate, r_pane, r_side, r_status, r_keys;
	unsigned dirty;
	char status[512];        /* one line for the status bar */
	bool status_warn;
	bool quit;               /* leave the loop */
	SCREEN *screen;
	long long data_version;
	long long seen;          /* the incident's newest event when last read */
	long long reloads;       /* full reloads so far (tui_reload), for tests */
	bool offline;            /* the team's server cannot be reached */
	long long retry_ms;      /* when it was last tried again */
	struct app_outbox ob;    /* writes waiting in the queue (ob.queued) and
				    those for this incident (ob.pending),
				    shown as queued; the app's outbox on a
				    team's server (outbox.c) */
	struct app_facts facts;  /* what the gate looked at when last read */
	int author_i;            /* index in opts->names */
	/* the stage as last read, to notice a move made elsewhere whichever
	 * reload reads it (a tick, a resize, a key) */
	long long known_id;      /* the incident it is for */
	int known_stage;
	bool known_closed;
	bool stage_news;         /* moved elsewhere since: say so, follow it */
	int news_from;           /* the stage before that move */
	bool news_closed;        /* closed before it */
	struct drill_run dr;     /* a drill's clock and state */
};

/* tui.c */
void tui_status(struct tui *t, bool warn, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Re-read the incident (or the picker) and lay out; marks all dirty. */
void tui_reload(struct tui *t);
/* The same when t->inc was just read (with rc) and may stand. */
void tui_reload_read(struct tui *t, enum calm_rc rc);
/* Re-read the incident's row and its gate (noticing a stage moved
 * elsewhere: t->stage_news), and where the next change starts (t->seen).
 * false: the team's server went as it was read, and what was read
 * before stays (the console never empties its view when it goes). */
bool tui_read_incident(struct tui *t);
/* news.c: another process committed (data version v): the events after
 * t->seen are read and applied where they land (a note appended to the
 * timeline followed at its end, a tick to the checklist...); a change
 * that cannot be applied there (a stage move, a role, a burst) reloads. */
void news_apply(struct tui *t, long long v);
/* Compute the rectangles from the screen size and the model. */
void tui_layout(struct tui *t);
/* Show incident id (reset scrolls; calm prompt when active). */
void tui_open(struct tui *t, long long id);
/* Leave the incident shown (presence, time travel). */
void tui_close(struct tui *t);
/* Free everything t holds (leaving the console). */
void tui_release(struct tui *t);

/* drill.c: a drill open in the console.  drill_open starts its clock
 * (as the app's) when incident id is a drill; drill_close saves it and
 * gives the app its clock back; drill_tick delivers what is due;
 * drill_wait_ms shortens a wait of ms to the next observation;
 * drill_action pauses or abandons (A twice; drill_disarm forgets one A
 * when another key comes); drill_badge writes the title's badge and
 * returns its width (0: no drill). */
void drill_open(struct tui *t, long long id);
void drill_close(struct tui *t);
void drill_tick(struct tui *t);
int drill_wait_ms(const struct tui *t, int ms);
void drill_action(struct tui *t, int act);
void drill_disarm(struct tui *t, int act);
int drill_badge(const struct tui *t, char *buf, size_t n);
/* D in the picker: start a drill of closed incident id in the drill
 * database and open it (t->app is the drill database's until
 * drill_leave gives the team's back, on q to the picker or at exit). */
void drill_from_picker(struct tui *t, long long id);
void drill_leave(struct tui *t);
/* The incident shown was just declared (`calm new`): one event, < 1 min. */
bool tui_fresh(struct tui *t);
/* Open the editor on a recovered draft (t->draft), if any. */
void tui_resume_draft(struct tui *t);
/* The calm prompt of the current stage, if the incident is active. */
void tui_calm_prompt(struct tui *t);
/* The rectangle the timeline is drawn in, or NULL when hidden. */
const struct rect *tui_timeline_rect(const struct tui *t);
/* The rectangle of the pane v, or NULL when it is not on screen. */
const struct rect *tui_view_rect(const struct tui *t, enum view v);
/* Give the keyboard to pane v (and show it). */
void tui_focus(struct tui *t, enum view v);
/* Mouse reporting on or off. */
void tui_mouse(struct tui *t, bool on);
/* The pane the current stage works in (its playbook pane); a comms
 * stage sets its audience, read by the reload that must follow. */
enum view tui_stage_view(struct tui *t);
/* The W_ mask of the place the keyboard is in. */
unsigned tui_where(const struct tui *t);
/* Draw a pane's heading: the pane tabs "1 Checklist 2 Timeline 3
 * Fields" (the pane v marked), then suffix. */
void tui_heading(const struct tui *t, const struct rect *r, enum view v,
		 bool focus, const char *suffix);
/* The pane whose tab is at column x of a heading in r, or -1. */
int tui_heading_hit(const struct tui *t, const struct rect *r, int x);

/* input.c: one key from the loop */
void input_key(struct tui *t, int key);
/* Advance from the last stage, closing the incident (reason: an
 * override's, or NULL), after the person said yes. */
void input_close(struct tui *t, const char *reason);
/* The editor's text saved (Enter), for what it was opened for. */
void input_submit(struct tui *t);
/* The note being typed (or a new one) written in $EDITOR, then saved. */
void input_long_note(struct tui *t);
/* modal-edit.c: open the line editor for purpose (its modal pushed) and
 * close it (popped, wherever it is in the stack). */
void tui_edit_begin(struct tui *t, enum edit_purpose purpose);
void tui_edit_end(struct tui *t);
/* modal-ask.c: ask a one-key question (t->ask, on the status line);
 * asking another while one is open replaces it.  ask_close: answered. */
void ask_open(struct tui *t, enum ask kind);
void ask_close(struct tui *t);
/* paste.c: a bracketed paste begins (its modal takes the keys until
 * its end). */
void paste_begin(struct tui *t);
/* mouse.c: one mouse event (after KEY_MOUSE) */
void mouse_event(struct tui *t);

/* external.c: long text in $VISUAL / $EDITOR */
/*
 * Edit text (may be NULL) in the user's editor; on return *out is the
 * file's contents (malloc'd, NULL when empty, unchanged after a failed
 * editor, or on error, with a message on the status line).  A text the
 * editor saved is never thrown away: when the editor failed or died of
 * a signal after saving, *out still has it (and the status line says
 * so); when the console itself got a signal meanwhile, the text is kept
 * as recovered text for purpose (recover.c) and *out is NULL.  The
 * screen is restored and repainted.
 */
void external_edit(struct tui *t, const char *text, enum edit_purpose purpose,
		   char **out);
/* Put text into the line editor for purpose (a note, or the comms
 * pane's draft), Enter to save it: text from $EDITOR that could not be
 * saved yet. */
void external_back_to_line(struct tui *t, enum edit_purpose purpose, const char *text);
/* A signal (HUP, TERM, INT, QUIT) asked the console to go (tui.c). */
bool tui_signalled(void);

/* recover.c: text typed and not saved, kept outside the database */
/* $XDG_STATE_HOME/calm (or ~/.local/state/calm), made 0700 when make
 * (looking for kept text makes nothing); NULL when there is no usable
 * place. */
char *recover_dir(bool make);
/* A mkstemp() template for a file handed to $EDITOR, named after the
 * database and incident so it is found again; NULL with err set. */
char *recover_editor_template(struct tui *t, enum edit_purpose purpose,
			      struct calm_err *err);
/* Whether the editor (or a question in several steps) holds anything. */
bool recover_worth_keeping(const struct tui *t);
/* Keep the editor's text and what it was for in a file (atomically);
 * *path (may be NULL) receives its name. */
enum calm_rc recover_keep(struct tui *t, char **path, struct calm_err *err);
/* The oldest text kept for incident (0: the picker) of this database. */
bool recover_find(struct tui *t, long long incident, struct recovered *r);
/* Put r's text back into the editor it came from (takes r->path). */
void recover_apply(struct tui *t, struct recovered *r);
void recover_release(struct recovered *r);
/* The recovered text was saved or discarded: remove its file. */
void recover_done(struct tui *t);

/* offline.c: a team's server that cannot be reached */
/* How many writes wait in the queue for this server (and, refused, how
 * many the server refused are kept aside). */
long long queued_refused(struct tui *t, long long *refused);
/* On the clock tick: notice the server going and coming back (then send
 * the queue and read everything again). */
void offline_tick(struct tui *t);
/* On opening, on a team's server that answers: send this person's
 * queue and name on the status line any write the server refused. */
void offline_start(struct tui *t);
/* The title's badge while offline: " OFFLINE — N queued ". */
void offline_badge(const struct tui *t, char *buf, size_t n);
/* outbox.c: the writes made while offline, and how they show */
/* A write the app queued (it returned CALM_QUEUED): the status line
 * says "WHAT queued (server unreachable)...", and the panes show it as
 * queued.  Every pane's queued write ends here. */
void tui_queued(struct tui *t, const char *what);
/* Show the writes queued for this incident (t->ob) over what was read:
 * the checklist's queued ticks, the fields' queued values, the gate as
 * it will be.  The queue file is read again only when another incident
 * is shown or the file changed since (a stat): a reload opens it only
 * when it may say something new. */
void offline_pending(struct tui *t);
/* The rail's outbox: the writes queued for this incident, from row y
 * down to end; returns the next free row. */
int offline_outbox_draw(struct tui *t, int y, int end);

/* gone.c: the database file deleted or replaced under the console */
/* After a failed save: when the file is gone, say so (the box again). */
void gone_check(struct tui *t);
/* On the clock tick: notice the file going (or coming back). */
void gone_tick(struct tui *t);
/* q while the file is gone: the first time, say what leaving loses and
 * return true (do not leave yet). */
bool gone_quit(struct tui *t);

/* rail.c: title bar, stage rail, gate */
void rail_draw_title(struct tui *t, long long now_ms);
void rail_draw(struct tui *t);
void rail_draw_gate(struct tui *t);
int rail_gate_rows(const struct tui *t, int w);
/* The stage at screen row y of the rail, or -1. */
int rail_stage_at(const struct tui *t, int y);

/* pane-checklist.c */
void checklist_load(struct tui *t);
/* Each item's queued mark from t->ob.pending (ticked or unticked by a write
 * still queued, else -1): the one place it is computed. */
void checklist_mark_queued(struct tui *t);
/* The same for the fields pane: each field's queued value (t->fl.queued). */
void fields_mark_queued(struct tui *t);
void checklist_release(struct checklist *cl);
void checklist_draw(struct tui *t, const struct rect *r, bool focus);
/* Returns true when it handled the action. */
bool checklist_action(struct tui *t, enum action a, int rows);
/* Select the item at row (0 = first under the heading). */
void checklist_click(struct tui *t, int row);
/* Rows item c takes at width w (its text wrapped), and all items. */
int checklist_item_rows(const struct check_entry *c, int w);
int checklist_rows(const struct checklist *cl, int w);

/* pane-fields.c */
void fields_load(struct tui *t);
void fields_release(struct fields *fl);
void fields_draw(struct tui *t, const struct rect *r, bool focus);
bool fields_action(struct tui *t, enum action a, int rows);
void fields_click(struct tui *t, int row);
/* The editor was submitted for field t->edit_field: save it. */
enum calm_rc fields_submit(struct tui *t, const char *text);

/* pane-timeline.c */
void timeline_load(struct tui *t, struct timeline *tl, int rows, int w);
/* Event ev, written after the page was read, into the page: at the end
 * of a timeline followed (the oldest lines that no longer fit go); a
 * page scrolled up stays, noting that more follows.  False when it
 * cannot be placed without reading the page again (backfilled above
 * the bottom, travelling). */
bool timeline_add(struct tui *t, struct timeline *tl, const struct event *ev);
void timeline_release(struct timeline *tl);
void timeline_draw(struct tui *t, struct timeline *tl, const struct rect *r,
		   bool focus);
bool timeline_action(struct tui *t, struct timeline *tl, enum action a,
		     int rows);
void timeline_click(struct tui *t, struct timeline *tl, int row);

/* reader.c: event id of the incident shown, whole, in a box that scrolls. */
void timeline_read(struct tui *t, long long id);

/* prompt.c: the box of a modal (title, body, ops' footer) */
void prompt_draw(struct tui *t, const struct modal *m);
/* Columns a modal's body is wrapped to on this screen. */
int prompt_inner_width(const struct tui *t);
/* Scroll m's body by delta lines (clamped). */
void prompt_scroll(struct tui *t, struct modal *m, int delta);
/* j/k, PgDn/PgUp, C-d/C-u, g/G scroll m's body: true when key is one. */
bool prompt_scroll_key(struct tui *t, struct modal *m, int key);

/* picker.c */
void picker_load(struct tui *t);
void picker_release(struct picker *pk);
void picker_draw(struct tui *t);
bool picker_action(struct tui *t, enum action a);
void picker_click(struct tui *t, int row);

/* ---- list panes (list.c): entries of `per` rows each ---- */

/* Move *sel for a movement action (down, up, top, bottom, page down/up
 * over `rows` rows); false, nothing changed, for any other action. */
bool list_move(size_t *sel, size_t n, enum action a, int rows, int per);
/* Select the entry at pane row `row` (0 = first under the heading) when
 * there is one; true when *sel was set. */
bool list_click(size_t *sel, size_t top, size_t n, int row, int per);

#endif
