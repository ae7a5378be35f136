/*
 * app-read.h - what the faces read: the one way the CLI and the console
 * see an incident, its timeline, comms, fix attempts, action items,
 * roles, who is present, search and the database they have open.
 *
 * Neither face calls the store (tests/lint/0004-structure.sh): every
 * read goes through here, so a rule about what is shown lives in one
 * place and a second storage backend serves both faces alike.  The
 * rows handed out are model.h's.
 *
 * Reads are shaped for work proportional to what is shown:
 *   - lists are walked with callbacks (cb returns 0 to go on, non-zero
 *     to stop, which is not an error); strings handed to a callback
 *     live only during the call;
 *   - the timeline is read a page at a time by keyset in view order
 *     (when it happened, then id: backfilled entries sit where they
 *     happened), the cursor being the last event id of the page before;
 *   - another writer's change is read as the events after the last one
 *     seen (app_events_after), noticed first by app_db_version();
 *   - counts come whole from app_incident_counts(), never from walking
 *     the timeline.
 *
 * Errors: the returned code, with its one-line message in app->err (as
 * for the actions in app.h).  A read never writes, except presence,
 * which is not part of the record (store.h).
 */
#ifndef CALM_APP_READ_H
#define CALM_APP_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/app.h"
#include "calm/model.h"
#include "calm/replay.h"

/* ---- the database ---- */

/*
 * Open the database at path (created 0600 when missing, unless
 * readonly) into app->st, its schema brought up to date.  A database
 * calm cannot read (newer, not calm's) is refused with nothing written.
 */
enum calm_rc app_open(struct app *app, const char *path, bool readonly);

/* Close app's database (none open is fine). */
void app_close(struct app *app);

/* Whether a database is open. */
bool app_is_open(const struct app *app);

/* Whether the database was opened read-only: nothing can be written. */
bool app_readonly(const struct app *app);

/* The path the database was opened with. */
const char *app_db_path(const struct app *app);

/* The database's random id (DB_ID_LEN hex digits): what files kept
 * outside it are named after. */
enum calm_rc app_db_id(struct app *app, char id[DB_ID_LEN + 1]);

/*
 * A number that changes when another process commits: the cheap
 * question a console asks on its clock tick before reading what
 * changed (app_events_after).
 */
enum calm_rc app_db_version(struct app *app, long long *version);

/* Whether the file at the path is still the database open (CALM_IO
 * "database 'P' was deleted or replaced..." when not: store.h). */
enum calm_rc app_db_same_file(struct app *app);

/* Write the database held back to its path after it was deleted or
 * replaced by an empty calm database, and reopen it (store.h). */
enum calm_rc app_db_restore(struct app *app);

/* fn(ctx) whenever a read or write waits long for another process's
 * lock (a console says it is waiting); NULL removes it. */
void app_on_wait(struct app *app, void (*fn)(void *ctx), void *ctx);

/*
 * Read in one snapshot: every read between app_read_begin() and
 * app_read_end() sees the database as it was at the first, whatever
 * other processes commit meanwhile, so facts read apart agree.
 */
enum calm_rc app_read_begin(struct app *app);
void app_read_end(struct app *app);

/*
 * A console's screen read in one snapshot (and one lock, where each
 * statement would take and drop its own): app_read_begin() on a SQLite
 * database when no transaction is open; nothing on a team's server,
 * where each statement stays its own (a snapshot there is two more
 * round trips, and one failed statement would fail every read after it
 * in the transaction).  Never changes app->err.  Returns whether a
 * snapshot began: give it to app_snapshot_end().  No write in between.
 */
bool app_snapshot_begin(struct app *app);
void app_snapshot_end(struct app *app, bool began);

/* ---- incidents ---- */

/* Incident id into *out (incident_release it); CALM_NOTFOUND "no
 * incident ID". */
enum calm_rc app_incident(struct app *app, long long id, struct incident *out);

/* What incident id is a read-only copy of (calm pull; *copy_of
 * malloc'd, as it was given: sanitise it), NULL when it is its own. */
enum calm_rc app_copy_of(struct app *app, long long id, char **copy_of);

/* Incidents matching filter (enum incident_filter, 0: all), newest
 * first, from the one before id `before` (0: the newest), at most limit
 * (0: no limit); *last (may be NULL) the id of the last one passed, the
 * cursor of the next page. */
enum calm_rc app_incidents_page(struct app *app, unsigned filter, long long before,
				size_t limit,
				int (*cb)(const struct incident *, void *), void *ctx,
				long long *last);

/* Keyset pages for a list that moves both ways (the picker): filter
 * also by severity (INCIDENT_SEV bits) and by a text the title holds
 * (NULL: any), from incident `from` older (newest first) or newer
 * (oldest first); store_incident_walk. */
enum calm_rc app_incidents_walk(struct app *app, unsigned filter, const char *title,
				long long from, bool newer, size_t limit,
				int (*cb)(const struct incident *, void *), void *ctx,
				long long *last);

/* How many incidents match filter and title (NULL: any): from the
 * counts kept, unless a title must be looked for. */
enum calm_rc app_incident_count_title(struct app *app, unsigned filter, const char *title,
				      long long *count);

/* How many incidents match filter (0: all), counted whole. */
enum calm_rc app_incident_count(struct app *app, unsigned filter, long long *count);

/* How many incidents are active; *id (may be NULL) the newest of them. */
enum calm_rc app_active(struct app *app, long long *count, long long *id);

/* The incident, or every incident matching filter, as JSON (store.h's
 * store_incident_json, store_incidents_json); *json malloc'd. */
/* The incident's JSON handed to write a piece at a time, its events a
 * page at a time in one read snapshot (store_incident_json_write): what
 * `calm show --json` prints however long the timeline. */
enum calm_rc app_incident_json_write(struct app *app, long long id, app_write_fn write,
				     void *ctx);
enum calm_rc app_incident_json(struct app *app, long long id, char **json);
enum calm_rc app_incidents_json(struct app *app, unsigned filter, char **json);

/* The counts the gates and panes need, kept whole (no timeline walk). */
enum calm_rc app_incident_counts(struct app *app, long long id,
				 struct incident_counts *out);

/* The checklist of the incident (of stage_id only, unless NULL), in
 * playbook order. */
enum calm_rc app_checklist_each(struct app *app, long long id, const char *stage_id,
				int (*cb)(const struct check_row *, void *), void *ctx);

/* cb(name, value, ctx) for each field set, by name. */
enum calm_rc app_fields_each(struct app *app, long long id,
			     int (*cb)(const char *, const char *, void *), void *ctx);

/* ---- the timeline ---- */

/*
 * A page of the timeline in view order (store_events_page): at most
 * limit events after (forward) or before (backward) event `after` (0:
 * from the first, or back from the last), only ids <= upto (0: all; time
 * travel), each with its corrections.  *last (may be NULL) receives the
 * last id passed, the next page's cursor.
 */
enum calm_rc app_timeline_page(struct app *app, long long id, long long after,
			       bool forward, size_t limit, long long upto,
			       int (*cb)(const struct event *, void *), void *ctx,
			       long long *last);

/* The incident's newest event id (0: none), kept with the incident
 * (no walk): where app_events_after() starts next time. */
enum calm_rc app_last_event(struct app *app, long long id, long long *event);

/* The events written after event `after` (0: all), in the order
 * written, at most limit (0: no limit): what changed since the last
 * event seen, whoever wrote it.  *last (may be NULL) the newest passed. */
enum calm_rc app_events_after(struct app *app, long long id, long long after,
			      size_t limit,
			      int (*cb)(const struct event *, void *), void *ctx,
			      long long *last);

/* One event of incident id, whole (its text up to EVENT_TEXT_PREFIX),
 * with its corrections; CALM_NOTFOUND "incident I has no event E". */
enum calm_rc app_event(struct app *app, long long id, long long event,
		       int (*cb)(const struct event *, void *), void *ctx);

/* The amend and strike events naming event, oldest first. */
enum calm_rc app_corrections_each(struct app *app, long long id, long long event,
				  int (*cb)(const struct event *, void *), void *ctx);

/* Time travel: events after < id <= upto (0: all) in the order written,
 * their data as key/value pairs (replay.h), at most limit (0: all). */
enum calm_rc app_replay_events(struct app *app, long long id, long long after,
			       long long upto, size_t limit,
			       int (*cb)(const struct replay_event *, void *), void *ctx,
			       long long *last);

/* Time travel at any length: the events that change what the panes
 * show (store.h's state events: never the notes between them) after <
 * id <= upto, as app_replay_events; a step of at most limit events from
 * event `from` in the order written (cb(id, ts_ms, ctx); forward: after
 * it, else before it; *last the last passed, 0 none); an event's place
 * in that order (from 1; 0 when not the incident's); the newest event
 * that happened at or before at_ms (0: none).  Each reads an index:
 * their cost does not grow with the notes of the incident. */
enum calm_rc app_replay_state(struct app *app, long long id, long long after,
			      long long upto,
			      int (*cb)(const struct replay_event *, void *), void *ctx);
enum calm_rc app_event_steps(struct app *app, long long id, long long from, bool forward,
			     size_t limit, int (*cb)(long long event, long long ts_ms, void *),
			     void *ctx, long long *last);
enum calm_rc app_event_position(struct app *app, long long id, long long event,
				long long *position);
enum calm_rc app_event_by_time(struct app *app, long long id, long long at_ms,
			       long long *event);

/* ---- comms, fix attempts, action items ---- */

/* The newest revision of audience's draft (draft_release it); *found
 * false and *out zeroed when there is none. */
enum calm_rc app_draft_latest(struct app *app, long long id, int audience,
			      struct draft *out, bool *found);

/* Every revision of audience (-1: every audience), oldest first. */
enum calm_rc app_drafts_each(struct app *app, long long id, int audience,
			     int (*cb)(const struct draft *, void *), void *ctx);

/* The text of revision rev of audience's draft (malloc'd), NULL when
 * there is no such revision. */
enum calm_rc app_draft_text(struct app *app, long long id, int audience, int rev,
			    char **text);

/* Fix attempts, then action items, oldest first. */
enum calm_rc app_fixes_each(struct app *app, long long id,
			    int (*cb)(const struct fix_row *, void *), void *ctx);
enum calm_rc app_actions_each(struct app *app, long long id,
			      int (*cb)(const struct action_row *, void *), void *ctx);

/* Every open action item overdue today (action_today() of app's clock,
 * into today), across incidents, by due date. */
enum calm_rc app_overdue_each(struct app *app, char today[ACTION_DAY_LEN + 1],
			      int (*cb)(const struct overdue_row *, void *), void *ctx);

/* ---- roles and presence ---- */

/* The holder of role (malloc'd), NULL when nobody holds it. */
enum calm_rc app_role_holder(struct app *app, long long id, const char *role,
			     char **person);

/* cb(role, person, since_ms, ctx) for each role held, by role id. */
enum calm_rc app_roles_each(struct app *app, long long id,
			    int (*cb)(const char *, const char *, long long, void *),
			    void *ctx);

/*
 * Presence: this console (its pid on host) has incident id open, as
 * app->author; each call is its own short write, outside any action,
 * and not in the record.  Enter, beat every few seconds, leave on exit.
 */
enum calm_rc app_presence_enter(struct app *app, long long id, long long pid,
				const char *host);
enum calm_rc app_presence_beat(struct app *app, long long id, long long pid,
			       const char *host);
enum calm_rc app_presence_leave(struct app *app, long long id, long long pid,
				const char *host);

/* Who has incident id open now, oldest first (a console gone quiet for
 * PRESENCE_TTL_MS, or a dead pid on this_host, is not). */
enum calm_rc app_presence_each(struct app *app, long long id, const char *this_host,
			       int (*cb)(const struct presence *, void *), void *ctx);

/* ---- search ---- */

/* Full-text search over every incident (store_search): typed words, or
 * FTS5 syntax with SEARCH_ADVANCED; at most limit hits, best first. */
enum calm_rc app_search(struct app *app, const char *query, unsigned flags,
			size_t limit,
			int (*cb)(const struct search_hit *, void *), void *ctx);

/* Past incidents like one titled title (other than exclude), best first. */
enum calm_rc app_similar(struct app *app, const char *title, long long exclude,
			 size_t limit,
			 int (*cb)(const struct similar_hit *, void *), void *ctx);

/* ---- a team's server, and the writes made while it was away (queue.c) ----
 *
 * A person whose database is a team's server (PostgreSQL) keeps, in a
 * file of their own (the queue, a SQLite file under XDG state, at a
 * path the face chooses), the writes they made while the server could
 * not be reached.  They are replayed in the order made by running each
 * again with its unique id (app->replay_uid): a write the server
 * already has (the connection was lost while it committed) is found by
 * that id and not written twice.
 */

/* Whether the database is a server; whether it cannot be reached now. */
bool app_on_server(const struct app *app);
bool app_offline(const struct app *app);

/* A descriptor that becomes readable when someone else commits (the
 * server's socket, LISTENing), to wait on beside the terminal; -1 on a
 * file (poll app_db_version) and while offline. */
int app_live_fd(struct app *app);

/* When offline, try to reach the server again (at once: a server that
 * does not answer leaves it offline, CALM_OK); then read everything
 * again, since what was committed meanwhile was not announced. */
enum calm_rc app_reconnect(struct app *app);

/* Whether an action with this unique id has written its first event;
 * uid_kind: that event's kind into kind (n bytes; "" when none). */
enum calm_rc app_uid_written(struct app *app, const char *uid, bool *yes);
enum calm_rc app_uid_kind(struct app *app, const char *uid, char *kind, size_t n);

enum app_pending_kind {
	PENDING_NOTE, PENDING_CHECK, PENDING_FIELD, PENDING_ADVANCE, PENDING_BACK,
	PENDING_OTHER
};

/* What a write changes, as the face that queues it knows it: kept with
 * its words (a console shows a queued tick, field or move from it,
 * pending.c), masked as they are. */
struct app_queued_what {
	enum app_pending_kind kind;
	long long incident; /* 0: not known */
	const char *what;   /* CHECK: the item id; FIELD: the field; NOTE: the text */
	const char *value;  /* FIELD: the value ("" clears) */
	bool checked;       /* CHECK: ticked (false: unticked) */
};

/* A write in the queue: its command's words, as typed after `calm`. */
struct app_queued {
	long long seq;
	const char *uid;
	long long ts_ms;       /* when it was made */
	const char *author;
	const char **argv;     /* argc words */
	int argc;
	const char *refused;   /* the server's words when it refused it, else NULL */
	const char *stage;     /* a stage move: the stage it was made from, else NULL */
	bool described;        /* what below was kept when it was queued (an
				  older calm's rows: only the words say) */
	struct app_queued_what what;
};

/* w's words, as typed after "calm", joined by spaces, appended to out. */
void app_queued_words(const struct app_queued *w, struct buf *out);
/* argv[0..argc) joined by single spaces, appended to out: the one way
 * calm shows or keeps a command's words (or a text given as several). */
void app_words_join(struct buf *out, int argc, const char *const *argv);

/* Put a write in the queue at qpath (made 0600); on disk when CALM_OK.
 * what (may be NULL: not known) what it changes, kept beside its
 * words.  stage (may be NULL): a stage move's stage it was made from,
 * which its replay must find the incident at.  sent: app's server
 * acknowledged it, and it is kept as the journal only (with which run
 * of the server acknowledged it). */
enum calm_rc app_queue_put(struct app *app, const char *qpath, const char *server,
			   const char *uid, long long ts_ms, const char *author, int argc,
			   char *const *argv, const struct app_queued_what *what,
			   const char *stage, bool sent, struct calm_err *err);

/* Put a command's words (argv[0..argc), as typed after `calm`) in the
 * queue for server, each word masked for secrets as a write's text is
 * (app_mask_words), made now by app's author: the one way a face
 * queues or journals a write, so no secret is ever on disk in the
 * queue.  CALM_SPLIT_SECRET: a secret the words hold only together
 * cannot be kept masked, and nothing is queued (unlike CALM_DATA, which
 * here means the queue file is newer than this calm).  what (its texts
 * masked too), stage and sent as app_queue_put. */
enum calm_rc app_queue_words(struct app *app, const char *qpath, const char *server,
			     const char *uid, int argc, const char *const *argv,
			     const struct app_queued_what *what, const char *stage, bool sent,
			     struct calm_err *err);

/* Keep the queue file open from the next app_queue_* call on, for all
 * of them, until app_queue_release() closes it (a command's span: one
 * open instead of one per call).  Without it each call opens and
 * closes the file.  Holds nest: each hold is released once, and the
 * outermost release closes the file. */
void app_queue_hold(void);
void app_queue_release(void);

/* The stage incident id on server was at when this person last saw it
 * (or will be at once their queued stage moves are sent), kept in the
 * queue file: set it; read it (*stage malloc'd, NULL when not known). */
enum calm_rc app_queue_view_set(const char *qpath, const char *server, long long id,
				const char *stage, struct calm_err *err);
enum calm_rc app_queue_view_get(const char *qpath, const char *server, long long id,
				char **stage, struct calm_err *err);

/*
 * The journal of acknowledged writes.  Each stays in it, whatever its
 * age, while it is among the newest keep (and keep_bytes of words) for
 * server.  Whenever app reaches a run of the server other than the one
 * that acknowledged a write, or last held it (a restart, a promoted
 * standby), the write is read back from it (one query for all such):
 * there, the run reached now holds it from then on; missing (a standby
 * that had not received it was promoted), it is queued again in its
 * place (*resent counts them).  What the run reached now holds is not
 * read back (a row removed behind calm's back is verify's to find).
 * Nothing when offline.
 */
enum calm_rc app_journal_check(struct app *app, const char *qpath, const char *server,
			       long long keep, long long keep_bytes, long long *resent,
			       struct calm_err *err);

/*
 * Replay the writes queued for server, oldest first, one replay at a
 * time (a lock beside the file): run(w, ctx, why) writes one; CALM_OK
 * takes it off the queue, CALM_OFFLINE or CALM_BUSY stops (it and the
 * rest wait), anything else keeps it aside as refused with why's words.
 * *replayed: how many were written; *left: how many still wait.
 */
enum calm_rc app_queue_replay(const char *qpath, const char *server,
			      enum calm_rc (*run)(const struct app_queued *, void *, struct calm_err *),
			      void *ctx, long long *replayed, long long *left,
			      struct calm_err *err);

/* How many writes wait for server, how many refused ones were not shown
 * yet, and (kept, may be NULL) how many refused ones are kept in all (0
 * when no queue file exists). */
enum calm_rc app_queue_count(const char *qpath, const char *server, long long *queued,
			     long long *refused, long long *kept, struct calm_err *err);

/* The refused writes for server into cb, oldest first (all, or those
 * not shown yet); then all count as shown. */
enum calm_rc app_queue_refused(const char *qpath, const char *server, bool all,
			       int (*cb)(const struct app_queued *, void *), void *ctx,
			       struct calm_err *err);

/* ---- what a console shows of its queue while offline (pending.c) ----
 *
 * While the server cannot be reached, a console keeps showing what it
 * last read and, over it, the writes still queued for the incident
 * (read back from their words, the same form the command line queues):
 * a queued tick shows as ticked and "queued", a field as its queued
 * value, a stage move as the stage it leads to, never as the server's.
 */

/* What the gate of an incident's stage looks at, as read (app.c); kept
 * by a console to judge a gate while offline (app_gate_pending). */
struct app_facts {
	struct gate_facts f;
	struct gate_item *items;
	size_t nitems, capitems;
	char **fields;
	size_t nfields, capfields;
	bool read; /* app_facts_read filled it */
};
enum calm_rc app_facts_read(struct app *app, long long id, struct app_facts *out);
/* The same for an incident row already read (a console has it). */
enum calm_rc app_facts_of(struct app *app, const struct incident *inc, struct app_facts *out);
void app_facts_release(struct app_facts *fx);

/* One queued write for the incident. */
struct app_pending_write {
	enum app_pending_kind kind;
	char *what;   /* CHECK: the item id; FIELD: the field; NOTE: the text */
	char *value;  /* FIELD: the value as typed ("" clears) */
	bool checked; /* CHECK: ticked (false: unticked) */
	char *from;   /* ADVANCE, BACK: the stage it was made from, or NULL */
	char *words;  /* the command's words, as after `calm` */
};

struct app_pending {
	struct app_pending_write *v;
	size_t n;
};

/*
 * A console's outbox (app->outbox): the writes it makes while the
 * team's server cannot be reached.  Each of the app's writes a console
 * makes (app_note, app_check, app_set_field, app_advance, app_back,
 * app_fix_add, app_fix_outcome, app_no_fix, app_action_add,
 * app_action_status, app_mark, app_amend, app_strike, app_role_assign,
 * app_role_accept) that finds the server unreachable puts itself into
 * the queue at qpath as the words of the calm command that makes it
 * (`calm sync` replays both faces' writes the same way), masked, with
 * what it changes and the unique id its attempt had (a write that did
 * reach the server before the connection went is found by it and not
 * written twice); then queued and pending are read again (one open of
 * the file for all of it) and the write returns CALM_QUEUED.  A write
 * that cannot be queued (a text of just "-" or with a NUL byte, a
 * secret spread over words) returns CALM_OFFLINE saying why.
 *
 * An advance or back goes from the stage the person saw (its from)
 * moved on by the moves already queued for the incident; an advance
 * without a reason only when that stage's gate holds on facts (the
 * gate's facts last read) with the queue over them, else CALM_GATE
 * with the gate in its report; the last stage's advance (a close,
 * which seals) waits for the server.  An amend or strike, whose
 * incident cannot be read offline, is listed under incident id.
 */
struct app_outbox {
	const char *qpath;             /* this person's queue file */
	long long id;                  /* the incident shown: pending's */
	const struct app_facts *facts; /* its gate's facts as last read, or NULL */
	long long queued;              /* writes waiting for this server */
	struct app_pending pending;    /* those for incident id, oldest first */
	long long stamp[4];            /* the queue file when last read */
};

/* Read queued and pending again (one open of the queue file). */
enum calm_rc app_outbox_load(struct app *app);
/* Whether the queue file changed since app_outbox_load (a stat, no
 * open: another calm queued or sent meanwhile). */
bool app_outbox_changed(const struct app *app);
void app_outbox_release(struct app_outbox *ob);

/* The writes queued at qpath for server and incident id, oldest first,
 * into *out (empty when no queue file exists). */
enum calm_rc app_pending_load(const char *qpath, const char *server, long long id,
			      struct app_pending *out, struct calm_err *err);
void app_pending_release(struct app_pending *p);

/* Read one queued write's words (argv after `calm`) as for incident
 * id: false when they are not for it.  Only for a row queued without
 * what it changes (an older calm's); app_pending_load reads the rest
 * from what was kept. */
bool app_pending_parse(long long id, int argc, const char *const *argv,
		       struct app_pending_write *out);

/* Item's state once p is sent: 1 ticked, 0 unticked, -1 nothing queued. */
int app_pending_checked(const struct app_pending *p, const char *item);

/* Field name's value once p is sent, or NULL when nothing is queued. */
const char *app_pending_field(const struct app_pending *p, const char *name);

/* The stage index the incident is at once p's moves are sent, from
 * stage (an advance from the last stage closes it: it stays there). */
int app_pending_stage(const struct app_pending *p, const struct playbook *pb, int stage);

/* The gate of the stage the incident is at once p is sent (*stage; with
 * moves false, the stage last read, its moves left out), judged on what
 * was last read (last, at stage last_stage) with p's ticks, fields and
 * notes counted: what a console can know offline. */
void app_gate_pending(const struct playbook *pb, int last_stage, const struct app_facts *last,
		      const struct app_pending *p, bool moves, int *stage,
		      struct gate_report *out);

#endif
