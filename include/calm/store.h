/*
 * store.h - the incident database; the only module that speaks SQL.
 *
 * This header is the seam a storage backend implements: callers (src/app
 * only: the faces go through app-read.h) see calm's own types (model.h),
 * codes and messages, never a statement, a handle of the engine or its
 * query language.  What follows about SQLite describes the backend that
 * implements it today.
 *
 * One SQLite file holds every incident.  It is opened in WAL mode with
 * synchronous=FULL (a commit that returned survives a power cut),
 * foreign keys on and a busy timeout, so several calm processes on one
 * host (pairing consoles, `calm log` from scripts) share it safely.
 *
 * Writes: the caller (src/app) brackets each user action with
 * store_begin() .. store_commit() so that a state change and the
 * timeline event that records it land together or not at all.
 * store_begin() takes the write lock at once (BEGIN IMMEDIATE); after it
 * succeeds no call inside the transaction returns CALM_BUSY.  On any
 * error inside, the caller calls store_rollback(): on PostgreSQL a
 * statement that failed has ended the transaction's use (its later
 * statements and COMMIT fail), on SQLite it has not, and nothing may
 * depend on the difference.  Mutating calls made outside a transaction
 * fail with CALM_IO ("no transaction").
 *
 * The timeline (events) is append-only and tamper-evident: each event
 * stores SHA-256 over the previous event's hash (of the same incident)
 * and its own content; store_verify() recomputes the chain.
 *
 * Reads never load whole tables: lists are walked with callbacks over
 * keyset pages.  Nothing counts by walking a timeline or the incidents:
 * a backend keeps these counts in the transaction that writes the rows
 * they count (triggers: SQLite's schema 6, PostgreSQL's), and reads
 * them whole:
 *   - per incident: its events, its notes (kind "note") and its newest
 *     event (last_event), set as each event is appended;
 *   - per status (active, closed) and severity: how many incidents,
 *     set as one is declared, closed or its severity changed;
 * and it reads the events that change what an incident is (the kinds
 * STORE_KV_STATE names) in written order without walking the notes
 * between them (SQLite: a partial index), and an incident's events in
 * written order by id and in view order by (when it happened, id)
 * from an index (keyset pages).
 *
 * Every function returns CALM_OK or a code with a one-line message in
 * err: CALM_IO (cannot open/read/write, message names the file),
 * CALM_BUSY (lock not had within the busy timeout), CALM_DATA (not a
 * calm database, newer schema, broken chain), CALM_NOTFOUND (no such
 * incident or item), CALM_NOMEM.
 *
 * Strings handed out in structs are malloc'd copies owned by the
 * struct (release with the matching _release); strings handed to
 * callbacks are valid only during the call.
 *
 * Rows read back are checked, never trusted: a database may be damaged
 * or crafted.  A time outside when.h's calendar, a severity outside 1-4,
 * an event kind that is not a word or data that is not JSON makes the
 * row "damaged": it is still handed out, with the bad value replaced by
 * a safe one (a time by 0, shown as "?") and its damaged field saying
 * why, so a face shows it as damaged by its id and everything else
 * works.  Long texts are read as a prefix (substr in SQL, never the
 * whole value copied out): an event's text is at most EVENT_TEXT_PREFIX
 * characters, with its whole size in text_len.
 */
#ifndef CALM_STORE_H
#define CALM_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/model.h"
#include "calm/playbook.h"
#include "calm/rc.h"

/* The most characters of a title, a name or an id a read hands out (an
 * event's text: EVENT_TEXT_PREFIX, model.h). */
#define STORE_NAME_PREFIX 1024

/* The schema version this build reads and writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 9

struct store;

enum store_open_flags {
	STORE_READONLY = 1 << 0, /* open read-only at the SQLite level; writes fail */
	STORE_READER = 1 << 1,   /* set by store_open (with STORE_READONLY) for a
				    server role that may not write the events */
};

/*
 * Open (creating if missing, unless STORE_READONLY) the database at path
 * and bring its schema up to STORE_SCHEMA_VERSION.  A new file is created
 * 0600 before SQLite touches it.  The parent directory must exist.
 * A database whose user_version is newer than ours, or that is not a
 * calm database, is refused with CALM_DATA and nothing is written.
 * The busy timeout is CALM_BUSY_TIMEOUT_MS from the environment when set
 * (a number of ms), else 5000.  On success *out is a new handle.
 */
enum calm_rc store_open(struct store **out, const char *path, unsigned flags,
			struct calm_err *err);

/* Close the handle; NULL is fine. */
void store_close(struct store *st);

/*
 * Whether the file at the path is still the file this handle has open
 * (same device and inode; a file reachable by its path has a link).
 * CALM_IO "database 'P' was deleted or replaced while calm had it open"
 * when it was removed, renamed away or replaced: what is written through
 * the handle then goes to a file nobody will find.  store_commit() asks
 * before and after every COMMIT, so no write is acknowledged into such
 * a file; a console asks on its clock tick to say so at once.
 */
enum calm_rc store_same_file(struct store *st, struct calm_err *err);

/*
 * Write the database this handle holds to its path, when the file there
 * was deleted (nothing there now) or replaced by a calm database with no
 * incident (a fresh one made by another calm): SQLite's backup API, so
 * a process that has the new file open sees the change as a commit.
 * Then reopen the handle on it.  When the file there is this database
 * (same id: put back by another process), it is only reopened.
 * CALM_DATA, nothing written, when the file at the path holds another
 * database's incidents or is not a calm database.
 */
enum calm_rc store_restore(struct store *st, struct calm_err *err);

/* Close and open again at the same path (after a restore). */
enum calm_rc store_reopen(struct store *st, struct calm_err *err);

/* The path the store was opened with. */
const char *store_path(const struct store *st);

/* The engine behind the handle: "sqlite" or "postgresql". */
const char *store_engine_name(const struct store *st);

/* ---- a team's server (PostgreSQL) ----
 *
 * A path that is a libpq URI (postgresql://... or postgres://...) or
 * service=NAME opens a PostgreSQL server (pg-*.c); anything else is a
 * SQLite file.  Everything in this header works alike on both; what
 * only a server has is below.  A URI holding a password is refused
 * (CALM_USAGE): libpq reads it from ~/.pgpass, a service file or
 * PGPASSWORD.  A server that does not answer does not fail the open:
 * the handle is offline, every read and write fails at once with
 * CALM_OFFLINE ("server unreachable: ..."), never waiting, until
 * store_reconnect() succeeds.  On SQLite these say: never offline,
 * nothing to wait on.
 */

/* Whether the server cannot be reached now; *why (may be NULL) libpq's
 * words, valid until the next call on st. */
bool store_offline(const struct store *st, const char **why);

/* Try to connect again when offline (CALM_OK and still offline when it
 * does not answer); after a reconnect, LISTEN again when asked before. */
enum calm_rc store_reconnect(struct store *st, struct calm_err *err);

/* Which run of the server the handle is connected to (its start time;
 * "" on SQLite or offline): a standby promoted, or the server started
 * again, is another one. */
const char *store_server_instance(struct store *st);

/*
 * A descriptor that becomes readable when another process commits
 * events (PostgreSQL: the connection's socket, LISTENing from the first
 * call), to wait on beside the terminal; -1 on SQLite (ask
 * store_data_version on a tick) and while offline.
 * store_data_version() then takes what arrived, without waiting.
 */
int store_live_fd(struct store *st, struct calm_err *err);

/*
 * Inside a write transaction, make this transaction the incident's one
 * writer until it ends, and read from here on what the writer before
 * committed: on PostgreSQL its row is locked (waiting up to the busy
 * timeout, then CALM_BUSY); on SQLite BEGIN IMMEDIATE has already
 * locked the file.  CALM_NOTFOUND "no incident I".  Every action on an
 * incident (src/app) takes it before it reads what it judges by;
 * store_append_event takes it too.
 */
enum calm_rc store_incident_lock(struct store *st, long long incident,
				 struct calm_err *err);

/* BEGIN IMMEDIATE: take the write lock, waiting up to the busy timeout. */
enum calm_rc store_begin(struct store *st, struct calm_err *err);

/* COMMIT.  On failure the transaction has been rolled back. */
enum calm_rc store_commit(struct store *st, struct calm_err *err);

/* ROLLBACK if a transaction is open; never fails visibly. */
void store_rollback(struct store *st);

/* Whether a transaction is open on the handle. */
bool store_in_tx(const struct store *st);

/*
 * A read transaction (BEGIN DEFERRED): every read until store_read_end()
 * sees one snapshot of the database, whatever other processes commit
 * meanwhile (WAL), so facts read in several statements agree.  Not
 * inside another transaction.
 */
enum calm_rc store_read_begin(struct store *st, struct calm_err *err);
void store_read_end(struct store *st);

/*
 * While another process holds the lock, calls wait for it up to the busy
 * timeout.  fn(ctx) is called once per wait that lasts longer than
 * STORE_WAIT_NOTICE_MS, so a console can say it is waiting rather than
 * look frozen; NULL removes it.
 */
#define STORE_WAIT_NOTICE_MS 100
void store_on_wait(struct store *st, void (*fn)(void *ctx), void *ctx);

/*
 * PRAGMA data_version: a number that changes when another connection
 * commits.  Cheap; lets a console notice other processes' writes.
 */
enum calm_rc store_data_version(struct store *st, long long *version,
				struct calm_err *err);

/* ---- incidents ---- */

/*
 * Insert a new active incident at stage 0 of pb and copy pb's checklist
 * (every stage's items, unticked) to it, so the incident keeps the
 * checklist it was declared with.  Must be inside a transaction.
 * *id receives the new id.
 */
enum calm_rc store_incident_create(struct store *st, const char *title,
				   int severity, long long ts_ms,
				   const char *author,
				   const struct playbook *pb, long long *id,
				   struct calm_err *err);

/* Fill *out (release it after).  CALM_NOTFOUND: "no incident ID". */
enum calm_rc store_incident_get(struct store *st, long long id,
				struct incident *out, struct calm_err *err);

/*
 * Call cb for each incident matching filter (0: all), newest id first.  cb
 * returns 0 to go on, non-zero to stop (not an error).  Reads in pages.
 */
enum calm_rc store_incident_each(struct store *st, unsigned filter,
				 int (*cb)(const struct incident *, void *),
				 void *ctx, struct calm_err *err);

/*
 * As store_incident_each, from the incident before id `before` (0: the
 * newest), at most limit (0: no limit); *last (may be NULL) the id of
 * the last one passed to cb (0: none), the next page's `before`.
 */
enum calm_rc store_incident_page(struct store *st, unsigned filter, long long before,
				 size_t limit,
				 int (*cb)(const struct incident *, void *), void *ctx,
				 long long *last, struct calm_err *err);

/*
 * Keyset pages of incidents (filter: status and severity bits, 0: all;
 * title: a text the title holds, any case of ASCII letters, NULL: any)
 * from the incident `from` (0: the newest, or with newer the oldest):
 * older ones newest first, or with newer the newer ones oldest first.
 * At most limit (0: no limit); *last (may be NULL) the last id passed.
 * Each page costs the rows it passes over, never all of them.
 */
enum calm_rc store_incident_walk(struct store *st, unsigned filter, const char *title,
				 long long from, bool newer, size_t limit,
				 int (*cb)(const struct incident *, void *), void *ctx,
				 long long *last, struct calm_err *err);

/* store_incident_count with a text the title holds (NULL: any): the
 * counts kept per status and severity, or, given a title, the rows. */
enum calm_rc store_incident_count_title(struct store *st, unsigned filter, const char *title,
					long long *count, struct calm_err *err);

/* Number of incidents matching filter (0: all), from the counts kept
 * per status and severity. */
enum calm_rc store_incident_count(struct store *st, unsigned filter,
				  long long *count, struct calm_err *err);

/* Number of active incidents; *id is set to one of them (the newest)
 * when there is at least one. */
enum calm_rc store_active_count(struct store *st, long long *count,
				long long *id, struct calm_err *err);

/* Record the current stage; closed marks the incident closed at ts_ms. */
enum calm_rc store_incident_set_stage(struct store *st, long long id,
				      const char *stage_id, int stage_index,
				      bool closed, long long ts_ms,
				      struct calm_err *err);

enum calm_rc store_incident_set_title(struct store *st, long long id,
				      const char *title,
				      struct calm_err *err);

enum calm_rc store_incident_set_severity(struct store *st, long long id,
					 int severity,
					 struct calm_err *err);

/* ---- checklist ---- */

/* Call cb for each item of the incident (of stage_id only, unless NULL),
 * in playbook order. */
enum calm_rc store_checklist_each(struct store *st, long long incident,
				  const char *stage_id,
				  int (*cb)(const struct check_row *, void *),
				  void *ctx, struct calm_err *err);

/*
 * Tick or untick item.  CALM_NOTFOUND when the incident has no such
 * item ("incident 3 has no checklist item 'x'").  *changed (may be NULL)
 * tells whether the state was different before.
 */
enum calm_rc store_check_set(struct store *st, long long incident,
			     const char *item, bool checked, bool *changed,
			     struct calm_err *err);

/* ---- fields ---- */

/* Set a field (see field.h); an empty value removes it. */
enum calm_rc store_field_set(struct store *st, long long incident,
			     const char *name, const char *value,
			     struct calm_err *err);

/* *value is a malloc'd copy, or NULL when unset. */
enum calm_rc store_field_get(struct store *st, long long incident,
			     const char *name, char **value,
			     struct calm_err *err);

/* Call cb(name, value, ctx) for each set field, by name. */
enum calm_rc store_fields_each(struct store *st, long long incident,
			       int (*cb)(const char *, const char *, void *),
			       void *ctx, struct calm_err *err);

/* ---- timeline ---- */

/*
 * Whether the incident's newest stage event records that stage_id was
 * begun (its calm prompt read) - so reopening a console does not record
 * the same beginning twice.  Indexed: no scan of the timeline.
 */
enum calm_rc store_stage_begun(struct store *st, long long incident,
			       const char *stage_id, bool *begun,
			       struct calm_err *err);

/*
 * Append ev (ev->id, raw and the correction fields are ignored) to its
 * incident's timeline, chaining its hash (version 2: over the incident's
 * uuid, both times, author, kind, the exact text bytes and data).  The
 * text is stored as valid UTF-8 (text_utf8_lossy) plus, when that is not
 * exactly the bytes given, the bytes themselves.  kv is NULL or a
 * NULL-terminated list of key, value, key, value... strings that become
 * ev's data JSON object (built with SQLite's JSON functions).  Must be
 * inside a transaction.  *id (may be NULL) receives the event id.
 */
enum calm_rc store_append_event(struct store *st, const struct event *ev,
				const char *const *kv, long long *id,
				struct calm_err *err);

/*
 * A page of an incident's events in view order: by when they happened
 * (occurred_ms), then by id, so a backfilled event sits where it
 * belongs.  At most limit of them, only ids <= upto (0: all; time
 * travel shows what was written by then).  Forward: the events after
 * event `after` in that order (after = 0 starts at the first);
 * backward: the events before it, going back (after = 0 starts at the
 * last).  cb gets each event with its corrections and returns 0 to go
 * on.  *last (may be NULL) receives the id of the last event passed to
 * cb, 0 when none: pass it as the next page's after.
 */
enum calm_rc store_events_page(struct store *st, long long incident,
			       long long after, bool forward, size_t limit,
			       long long upto,
			       int (*cb)(const struct event *, void *),
			       void *ctx, long long *last,
			       struct calm_err *err);

/* The events of incident written after event `after` (0: all), in the
 * order written (id), at most limit (0: no limit), each with its
 * corrections; *last (may be NULL) the last id passed (0: none). */
enum calm_rc store_events_since(struct store *st, long long incident, long long after,
				size_t limit,
				int (*cb)(const struct event *, void *), void *ctx,
				long long *last, struct calm_err *err);

/* One event by id into cb (with its corrections); CALM_NOTFOUND
 * "incident I has no event E" when it is not one of incident's. */
enum calm_rc store_event_get(struct store *st, long long incident,
			     long long id,
			     int (*cb)(const struct event *, void *),
			     void *ctx, struct calm_err *err);

/* The newest event of kind in incident into cb (with its corrections);
 * *found false when there is none. */
enum calm_rc store_event_last(struct store *st, long long incident, const char *kind,
			      int (*cb)(const struct event *, void *), void *ctx,
			      bool *found, struct calm_err *err);

/* The event an action with this unique id wrote (struct event's uid),
 * and its incident; *event 0 when no event has it. */
enum calm_rc store_uid_find(struct store *st, const char *uid, long long *event,
			    long long *incident, struct calm_err *err);

/* cb(uid) for each of uids[0..n) some event has (in no order); uids
 * that are not hex digits and dots are skipped. */
enum calm_rc store_uids_present(struct store *st, const char *const *uids, size_t n,
				int (*cb)(const char *, void *), void *ctx,
				struct calm_err *err);

/* The incident event id belongs to; CALM_NOTFOUND "no event E". */
enum calm_rc store_event_incident(struct store *st, long long id,
				  long long *incident, struct calm_err *err);

/* The amend and strike events naming event id, oldest first. */
enum calm_rc store_corrections_each(struct store *st, long long incident,
				    long long id,
				    int (*cb)(const struct event *, void *),
				    void *ctx, struct calm_err *err);

/*
 * How many events of incident happened at at_ms, by author, with
 * exactly the bytes text[0..len) - what an import checks so that the
 * same file imported twice adds nothing.
 */
enum calm_rc store_event_count_same(struct store *st, long long incident,
				    long long at_ms, const char *author,
				    const char *text, size_t len,
				    long long *count, struct calm_err *err);

/*
 * The newest event of kind written with data key `key` equal to value
 * (e.g. the last command recorded from one shell), its data's `field`
 * into *out (malloc'd, NULL when there is none).
 */
enum calm_rc store_last_data(struct store *st, long long incident,
			     const char *kind, const char *key,
			     const char *value, const char *field,
			     char **out, struct calm_err *err);

/* The facts the gates need (struct incident_counts, model.h): the
 * events and notes from the counts kept per incident, the rest counted
 * over the incident's fixes, actions, exports and comms rows. */
enum calm_rc store_incident_counts(struct store *st, long long incident,
				   struct incident_counts *out,
				   struct calm_err *err);

/* ---- integrity ---- */

struct verify_result {
	long long events;        /* events checked */
	long long bad_event;     /* first event whose hash does not match, 0 if none */
	long long bad_incident;  /* its incident */
	long long bad_seal;      /* first seal whose head the chain does not reach, 0 if none */
	long long seals;         /* seals whose head matched the recomputed chain */
};

/*
 * Recompute the hash chain of one incident (or all when incident is 0),
 * in one read transaction (unless one is open), and check each seal's
 * head against the hash recomputed at its event.  CALM_OK when intact;
 * CALM_DATA with "incident I: event E: hash does not match (edited or
 * removed after it was written)" when broken, or "incident I: seal S:
 * the chain is not the one that was signed at event E (rewritten after
 * it was sealed)".  CALM_NOTFOUND when a given incident does not exist.
 */
enum calm_rc store_verify(struct store *st, long long incident,
			  struct verify_result *out, struct calm_err *err);

/* ---- identity, digests and seals ---- */

#define STORE_HASH_LEN 32 /* bytes of an event hash (SHA-256) */

/* The database's random id (meta.id, made once by migration 4), as
 * DB_ID_LEN lowercase hex digits. */
enum calm_rc store_db_id(struct store *st, char id[DB_ID_LEN + 1],
			 struct calm_err *err);

/* SHA-256 of len bytes at p, as 64 lowercase hex digits (the hash the
 * chain uses; it cannot fail). */
void store_digest(const void *p, size_t len, char hex[2 * STORE_HASH_LEN + 1]);

/* The digest of an incident's checklist as stored: each item's id,
 * stage, position, text and required, in position order (the declare
 * event carries it, so verify can tell an item changed). */
enum calm_rc store_checklist_digest(struct store *st, long long incident,
				    char hex[2 * STORE_HASH_LEN + 1],
				    struct calm_err *err);

/* The head of an incident's chain: its newest event and its hash. */
struct chain_head {
	long long event;                     /* newest event id */
	long long events;                    /* events in the chain */
	unsigned char head[STORE_HASH_LEN];  /* the newest event's hash */
};

/* The chain head as stored (verify recomputes it). */
enum calm_rc store_chain_head(struct store *st, long long incident,
			      struct chain_head *out, struct calm_err *err);

/* The incident's newest event id (0: none) as kept with the incident:
 * one row, never the event's own (its text may be long). */
enum calm_rc store_last_event(struct store *st, long long incident, long long *event,
			      struct calm_err *err);

/* The chain as it stood at event: that event, the number of the
 * incident's events up to it and its hash as stored.  CALM_NOTFOUND
 * when event is not one of the incident's. */
enum calm_rc store_chain_at(struct store *st, long long incident, long long event,
			    struct chain_head *out, struct calm_err *err);

/* A signed checkpoint of an incident's chain. */
struct seal {
	long long id;
	long long incident;
	struct chain_head head;  /* what was signed */
	long long signed_ms;
	const char *author;      /* who sealed */
	const char *key;         /* the signer's public key, OpenSSH format */
	const char *signature;   /* ssh-keygen -Y sign's armored signature */
	/* what the signed message names when the incident was sealed in
	 * another store and moved here: that database's id, the incident's
	 * number and the event's id there (NULL, 0: this store's own) */
	const char *signed_db;
	long long signed_incident, signed_event;
};

/* Store a seal (needs a transaction; closed incidents may be sealed). */
enum calm_rc store_seal_add(struct store *st, long long incident,
			    const struct seal *s, struct calm_err *err);

/* cb for each seal of incident, oldest checkpoint first; strings live
 * during the call. */
enum calm_rc store_seal_each(struct store *st, long long incident,
			     int (*cb)(const struct seal *, void *), void *ctx,
			     struct calm_err *err);

/* ---- JSON (built by SQLite's JSON functions) ---- */

/*
 * The incident as one JSON object: id, title, severity, product, status
 * ("active"|"closed"), stage (id), stage_index, declared (RFC 3339),
 * closed (RFC 3339 or null), checklist [{id, stage, text, required,
 * checked}], fields {name: value}, events [{id, ts (RFC 3339 UTC with
 * ms), author, kind, text, data}].  *json is malloc'd; free() it.
 */
enum calm_rc store_incident_json(struct store *st, long long id, char **json,
				 struct calm_err *err);

/* store_incident_json handed to write a piece at a time: the object
 * without its events, then a page of events at a time (the same bytes
 * as store_incident_json; memory does not grow with the timeline).  A
 * code other than CALM_OK from write stops it and is returned. */
enum calm_rc store_incident_json_write(struct store *st, long long id,
				       enum calm_rc (*write)(const char *, size_t, void *),
				       void *ctx, struct calm_err *err);

/* A JSON array of incident summaries (id, title, severity, product,
 * status, stage, stage_index, declared, events) matching filter
 * (0: all), newest first. */
enum calm_rc store_incidents_json(struct store *st, unsigned filter,
				  char **json, struct calm_err *err);

/* ==== comms drafts, fix attempts, action items, exports ====
 *
 * Drafts: every saved revision is a row; revisions count 1, 2, ... per
 * incident and audience and the newest is the current draft.  Fix
 * attempts and action items are numbered 1, 2, ... within their
 * incident (the "n" the CLI shows and takes); rows are never deleted,
 * so a number never changes.  All writes need a transaction.
 */

/* Save text as the next revision of the incident's audience draft; *rev
 * and *id (either may be NULL) receive the new revision and row id. */
enum calm_rc store_draft_save(struct store *st, long long incident,
			      int audience, const char *text, long long ts_ms,
			      const char *author, int *rev, long long *id,
			      struct calm_err *err);

/* The newest revision into *out (draft_release it); *found false and
 * *out zeroed when the audience has none. */
enum calm_rc store_draft_latest(struct store *st, long long incident,
				int audience, struct draft *out, bool *found,
				struct calm_err *err);

/* Revisions saved and revisions sent for one audience. */
enum calm_rc store_draft_count(struct store *st, long long incident,
			       int audience, long long *revisions,
			       long long *sent, struct calm_err *err);

/* Mark revision row id sent at ts_ms by author via channel. */
enum calm_rc store_draft_mark_sent(struct store *st, long long id,
				   long long ts_ms, const char *author,
				   const char *channel, struct calm_err *err);

/* Call cb for each revision of audience (-1: every audience), oldest
 * first; the strings in the draft are valid only during the call. */
enum calm_rc store_draft_each(struct store *st, long long incident,
			      int audience,
			      int (*cb)(const struct draft *, void *),
			      void *ctx, struct calm_err *err);

/* Add an attempt (why may be NULL); *n receives its number. */
enum calm_rc store_fix_add(struct store *st, long long incident,
			   const char *what, const char *why, long long ts_ms,
			   const char *author, long long *n,
			   struct calm_err *err);

/* Set attempt n's outcome and note (note may be NULL).  CALM_NOTFOUND:
 * "incident I has no fix attempt N". */
enum calm_rc store_fix_outcome(struct store *st, long long incident,
			       long long n, const char *outcome,
			       const char *note, long long ts_ms,
			       struct calm_err *err);

/* Record "no fix possible" with what was lost (an attempt row with
 * outcome no-fix); *n receives its number. */
enum calm_rc store_no_fix(struct store *st, long long incident,
			  const char *lost, long long ts_ms,
			  const char *author, long long *n,
			  struct calm_err *err);

/* Call cb for each attempt, oldest first. */
enum calm_rc store_fix_each(struct store *st, long long incident,
			    int (*cb)(const struct fix_row *, void *),
			    void *ctx, struct calm_err *err);

/* Add an open action item (owner, category, due may be NULL). */
enum calm_rc store_action_add(struct store *st, long long incident,
			      const char *title, const char *owner,
			      const char *category, const char *due,
			      long long ts_ms, const char *author,
			      long long *n, struct calm_err *err);

/* Set one column of item n: "title", "owner", "category", "due" or
 * "status" (an empty value clears owner, category, due).
 * CALM_NOTFOUND: "incident I has no action item N". */
enum calm_rc store_action_set(struct store *st, long long incident,
			      long long n, const char *column,
			      const char *value, struct calm_err *err);

/* Call cb for each item, oldest first. */
enum calm_rc store_action_each(struct store *st, long long incident,
			       int (*cb)(const struct action_row *, void *),
			       void *ctx, struct calm_err *err);

/* Call cb for each export of the incident, oldest first. */
enum calm_rc store_export_each(struct store *st, long long incident,
			       int (*cb)(const struct export_row *, void *),
			       void *ctx, struct calm_err *err);

/* Record an export of the postmortem (path NULL: to stdout). */
enum calm_rc store_export_record(struct store *st, long long incident,
				 long long ts_ms, const char *format,
				 const char *path, const char *author,
				 struct calm_err *err);

/*
 * The postmortem data as one JSON object: "incident" (as
 * store_incident_json), "comms" [{audience, revision, text, created,
 * author, sent, sent_by, channel}], "fixes" [{n, what, why, started,
 * author, outcome, note, outcome_at}], "actions" [{n, title, owner,
 * category, due, status, created, author}], "exports" [{ts, format,
 * path, author}], "chain" {database (its id), event, events, head
 * (hex), seals [{event, events, head, signed, author, key,
 * signature}]}.  Times RFC 3339 UTC; U+2028 and U+2029 escaped so the
 * text is also valid JavaScript.  *json is malloc'd.
 */
enum calm_rc store_postmortem_json(struct store *st, long long id,
				   char **json, struct calm_err *err);

/* store_postmortem_json handed to write a piece at a time, as
 * store_incident_json_write. */
enum calm_rc store_postmortem_json_write(struct store *st, long long id,
					 enum calm_rc (*write)(const char *, size_t, void *),
					 void *ctx, struct calm_err *err);

/* ==== search, roles, presence, replay, stats ==== */

/* True when the store was opened read-only (STORE_READONLY). */
bool store_readonly(const struct store *st);

/*
 * Full-text search (SQLite FTS5) over every incident: titles, notes,
 * draft revisions, fix attempts (what, why, outcome note, loss), action
 * item titles and text fields (impact, cause, ...).  The index is
 * written with each event, in its transaction (store_append_event), so
 * it is never behind the timeline.  One hit per indexed event.
 *
 * The snippet marks each matched term with SEARCH_HL_ON and
 * SEARCH_HL_OFF (model.h); cut text is shown as "...".
 */

/* With this many matches or more, hits are the newest matches instead
 * of the best ranked (bm25 costs a pass over every match). */
#define STORE_SEARCH_RANK_WINDOW 5000

/*
 * Search for query (typed text, or FTS5 syntax with
 * SEARCH_ADVANCED), best first (bm25), at most limit hits; cb
 * returns 0 to go on.  With STORE_SEARCH_RANK_WINDOW matches or more,
 * the newest matches come first instead (rank 0).
 */
enum calm_rc store_search(struct store *st, const char *query, unsigned flags,
			  size_t limit,
			  int (*cb)(const struct search_hit *, void *),
			  void *ctx, struct calm_err *err);

/*
 * The incidents (other than exclude) like one titled title: whose title,
 * a note or a text field shares two of its meaningful terms (words of 3
 * or more characters, not the words every incident says: "users",
 * "error", "the"...; see similar.c), or its only one; ranked by their
 * best match (bm25), at most limit, best first.  A title with no
 * meaningful term finds nothing (CALM_OK).
 */
enum calm_rc store_similar(struct store *st, const char *title,
			   long long exclude, size_t limit,
			   int (*cb)(const struct similar_hit *, void *),
			   void *ctx, struct calm_err *err);

/* Roles: who holds which role of an incident (one person per role).
 * The timeline records each change (src/app); this is the current view. */

/* *person is the holder of role (malloc'd), NULL when nobody. */
enum calm_rc store_role_get(struct store *st, long long incident,
			    const char *role, char **person,
			    struct calm_err *err);

/* Give role to person (NULL or "": nobody holds it).  Needs a transaction. */
enum calm_rc store_role_set(struct store *st, long long incident,
			    const char *role, const char *person,
			    long long ts_ms, struct calm_err *err);

/*
 * Role offers: a role handed to someone is offered until they take it
 * (src/app writes the "offer" and "role" events that say so).  add: an
 * open offer, *id its id; end: an open offer taken, lapsed or withdrawn
 * at ts_ms (CALM_NOTFOUND "no open offer N" when it is not open); each:
 * the incident's offers (only the open ones when open_only), oldest
 * first, strings valid during the call.  Writes need a transaction.
 */
enum calm_rc store_offer_add(struct store *st, long long incident, const char *role,
			     const char *person, const char *by, long long ts_ms,
			     long long *id, struct calm_err *err);
enum calm_rc store_offer_end(struct store *st, long long id, const char *state,
			     long long ts_ms, struct calm_err *err);
enum calm_rc store_offer_each(struct store *st, long long incident, bool open_only,
			      int (*cb)(const struct offer *, void *), void *ctx,
			      struct calm_err *err);

/* cb(role, person, since_ms, ctx) for each held role, by role id. */
enum calm_rc store_role_each(struct store *st, long long incident,
			     int (*cb)(const char *, const char *, long long, void *),
			     void *ctx, struct calm_err *err);

/*
 * Presence: who has an incident open right now.  Each console enters
 * with its author, pid and host, beats every few seconds and leaves on
 * exit.  These are not timeline events (no hash chain, not in the
 * audit trail): they describe who is looking, not what happened, they
 * change every few seconds, and a crashed console's row must be
 * removable; recording them as events would bloat the timeline and make
 * the chain depend on heartbeats.  Each write is its own small
 * transaction (the calls take the lock themselves; do not call them
 * inside store_begin).
 */
enum calm_rc store_presence_enter(struct store *st, long long incident,
				  const char *author, long long pid,
				  const char *host, long long now_ms,
				  struct calm_err *err);
enum calm_rc store_presence_heartbeat(struct store *st, long long incident,
				      long long pid, const char *host,
				      long long now_ms, struct calm_err *err);
enum calm_rc store_presence_leave(struct store *st, long long incident,
				  long long pid, const char *host,
				  struct calm_err *err);

/*
 * cb for each live presence of incident, oldest first.  Expired
 * entries are skipped (not deleted: the reader may be read-only): a
 * heartbeat older than PRESENCE_TTL_MS before now_ms, or, on this
 * host (host equal to this_host), a pid for which kill(pid, 0) fails
 * with ESRCH.
 */
enum calm_rc store_presence_each(struct store *st, long long incident,
				 const char *this_host, long long now_ms,
				 int (*cb)(const struct presence *, void *),
				 void *ctx, struct calm_err *err);

/* Time travel and the stats: store-replay.h. */

#endif
