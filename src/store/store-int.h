/*
 * store-int.h - what the store's own files share, and nothing else sees.
 *
 * Two engines implement the store: SQLite (a file: store.c, row.c,
 * file.c, peek.c, schema.c) and PostgreSQL (a team's server: pg-*.c).
 * What differs between them is one table of operations, struct
 * store_engine, whose two instances are lite_engine (store.c) and
 * pg_engine (pg-engine.c); store_open() picks one by the form of the
 * path it is given (db_is_server(), model.h), and nothing else chooses.  The
 * rest of the module (incident.c, event.c, timeline.c...) is written
 * once: each statement is named by its enum store_stmt, run through
 * store_q_open() with its SQLite text beside its user, and the
 * PostgreSQL text of the same statement is pg_sql_text(id) (pg-sql.c),
 * taking the same parameters in the same order and giving the same
 * columns.
 *
 * On SQLite, struct store is the connection plus a cache of prepared
 * statements, one slot per statement of the module (enum store_stmt).
 * A statement is fetched with store_prep() and handed back with
 * store_done(), which resets it (so no read snapshot stays open between
 * calls) or, when store_prep() had to make a private copy because the
 * cached one was still running in an outer call (a callback re-entering
 * the store), finalizes that copy.  SQLite failures become one-line
 * messages in store_fail(): busy, disk full, not a database, read-only,
 * or "cannot read/write" with SQLite's own text, always naming the file.
 */
#ifndef CALM_STORE_INT_H
#define CALM_STORE_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "calm/buf.h"
#include "calm/store.h"

/* PRAGMA application_id of a calm database: 'calm' in ASCII. */
#define STORE_APP_ID 0x63616c6d

/* Every cached statement of the module; the SQL lives beside its user. */
enum store_stmt {
	/* store.c */
	SQ_BEGIN,
	SQ_BEGIN_READ,
	SQ_COMMIT,
	SQ_ROLLBACK,
	SQ_DATA_VERSION,
	/* incident.c */
	SQ_INC_LOCK,      /* PostgreSQL only: the incident's writer lock (pg-live.c) */
	SQ_INC_INSERT,
	SQ_CHECK_INSERT,
	SQ_INC_GET,
	SQ_INC_PAGE,
	SQ_INC_PAGE_NEWER,
	SQ_INC_ALL_OLDER,
	SQ_INC_ALL_NEWER,
	SQ_TITLE_COUNT,
	SQ_ACTIVE_COUNT,
	SQ_INC_COUNT,
	SQ_STAGE_BEGUN,
	SQ_SET_STAGE,
	SQ_SET_TITLE,
	SQ_SET_SEVERITY,
	SQ_CHECK_EACH,
	SQ_CHECK_GET,
	SQ_CHECK_UPDATE,
	/* field.c */
	SQ_FIELD_UPSERT,
	SQ_FIELD_DELETE,
	SQ_FIELD_GET,
	SQ_FIELD_EACH,
	SQ_COUNTS,
	SQ_COMMS_SENT,
	/* event.c */
	SQ_EV_PREV,
	SQ_EV_DATA_ADD,
	SQ_EV_INSERT,
	SQ_VERIFY_NEXT_INC,
	SQ_VERIFY_EVENTS,
	/* timeline.c */
	SQ_EV_INCIDENT,
	SQ_EV_AT,
	SQ_EV_PAGE_FWD,
	SQ_EV_PAGE_BACK,
	SQ_EV_CORRECTED,       /* these three: SQLite only (page_plain) */
	SQ_EV_PAGE_FWD_PLAIN,
	SQ_EV_PAGE_BACK_PLAIN,
	SQ_EV_SINCE,
	SQ_EV_LAST_KIND,
	SQ_UID_FIND,
	SQ_UIDS_PRESENT,
	SQ_EV_GET,
	SQ_CORRECTIONS,
	SQ_COUNT_SAME,
	SQ_LAST_DATA,
	/* json.c */
	SQ_JSON_ONE,
	SQ_JSON_LIST,
	/* comms.c */
	SQ_DRAFT_INSERT,
	SQ_DRAFT_LATEST,
	SQ_DRAFT_COUNT,
	SQ_DRAFT_SENT,
	SQ_DRAFT_EACH,
	/* fix.c */
	SQ_FIX_INSERT,
	SQ_FIX_OUTCOME,
	SQ_FIX_EACH,
	/* action.c */
	SQ_ACTION_INSERT,
	SQ_ACTION_SET,
	SQ_ACTION_EACH,
	SQ_EXPORT_INSERT,
	SQ_EXPORT_EACH,
	SQ_JSON_POSTMORTEM,
	SQ_JSON_EVENTS,
	/* search.c */
	SQ_SEARCH_INDEX,
	SQ_SEARCH_PROBE,
	SQ_SEARCH,
	SQ_SEARCH_NEWEST,
	SQ_SIMILAR,
	/* role.c */
	SQ_ROLE_GET,
	SQ_ROLE_SET,
	SQ_ROLE_CLEAR,
	SQ_ROLE_EACH,
	SQ_OFFER_INSERT,
	SQ_OFFER_END,
	SQ_OFFER_EACH,
	/* seal.c */
	SQ_META_ID,
	SQ_CHAIN_HEAD,
	SQ_LAST_EVENT,
	SQ_CHAIN_AT,
	SQ_SEAL_INSERT,
	SQ_SEAL_EACH,
	SQ_CHECKLIST_DIGEST,
	/* presence.c */
	SQ_PRESENCE_ENTER,
	SQ_PRESENCE_BEAT,
	SQ_PRESENCE_LEAVE,
	SQ_PRESENCE_EACH,
	/* replay.c */
	SQ_EVENTS_KV,
	SQ_STATE_KV,
	SQ_IDS_FWD,
	SQ_IDS_BACK,
	SQ_POSITION,
	SQ_BY_TIME,
	SQ_SUSPECT_KV,
	SQ_AUTHORS,
	SQ_AUTHOR_NEXT,
	/* stats.c */
	SQ_STATS_SEV,
	SQ_STATS_OVERDUE,
	SQ_OVERDUE_EACH,
	SQ_MILESTONES,
	/* drill.c */
	SQ_DRILL_ADD,
	SQ_DRILL_ADD_OBS,
	SQ_DRILL_ADD_FIX,
	SQ_DRILL_ADD_ALSO,
	SQ_DRILL_GET,
	SQ_DRILL_EACH,
	SQ_DRILL_OBS,
	SQ_DRILL_FIXES,
	SQ_DRILL_ALSO,
	SQ_DRILL_SET,
	/* move.c */
	SQ_MV_BY_UUID,
	SQ_MV_COPY_OF,
	SQ_MV_INC,
	SQ_MV_INC_INSERT,
	SQ_MV_CHECKLIST,
	SQ_MV_CHECKLIST_INSERT,
	SQ_MV_FIELDS,
	SQ_MV_FIELDS_INSERT,
	SQ_MV_COMMS,
	SQ_MV_COMMS_INSERT,
	SQ_MV_FIXES,
	SQ_MV_FIXES_INSERT,
	SQ_MV_ACTIONS,
	SQ_MV_ACTIONS_INSERT,
	SQ_MV_EXPORTS,
	SQ_MV_EXPORTS_INSERT,
	SQ_MV_ROLES,
	SQ_MV_ROLES_INSERT,
	SQ_MV_OFFERS,
	SQ_MV_OFFERS_INSERT,
	SQ_MV_EVENTS,
	SQ_MV_EVENTS_INSERT,
	SQ_MV_EVENTS_BATCH,
	SQ_MV_SEARCH_INDEX,
	SQ_MV_ANALYZE,
	SQ_MV_SEALS,
	SQ_MV_SEALS_INSERT,
	SQ_COUNT
};

struct store_engine;
struct pg;

struct store {
	/* configuration, fixed at open */
	char *path;       /* as given to store_open */
	unsigned flags;   /* enum store_open_flags */
	int busy_ms;      /* busy timeout, for messages */
	const struct store_engine *eng;  /* lite_engine or pg_engine */
	/* runtime state */
	struct pg *pg;                   /* PostgreSQL: the connection (pg-int.h) */
	sqlite3 *db;                     /* SQLite: the connection */
	sqlite3_stmt *stmts[SQ_COUNT];   /* prepared on first use, reset after each */
	dev_t dev;                       /* the file opened (file.c) */
	ino_t ino;
	char *copy_dir;                  /* read-only: the private copy's directory */
	void (*on_wait)(void *ctx);      /* store_on_wait() */
	void *wait_ctx;
	int waited_ms;                   /* in the current busy wait */
	bool wait_told;                  /* on_wait called in this wait */
};

/* ---- statements run from tables (row.c) ---- */

/* A parameter a statement binds, in order from ?1. */
enum store_arg_kind { ARG_END, ARG_INT, ARG_TEXT, ARG_TEXTN, ARG_BLOB };
struct store_arg {
	enum store_arg_kind kind;
	long long i;       /* ARG_INT; ARG_TEXTN, ARG_BLOB: its length */
	bool null;         /* ARG_INT: bind SQL NULL instead */
	const void *s;     /* ARG_TEXT(N): NULL binds SQL NULL; ARG_BLOB: the
			      bytes (NULL: SQL NULL); each must outlive the step */
};
#define A_INT(v) { .kind = ARG_INT, .i = (v) }
/* an integer, or SQL NULL when not set */
#define A_INT_OR_NULL(v, set) { .kind = ARG_INT, .i = (v), .null = !(set) }
#define A_TEXT(v) { .kind = ARG_TEXT, .s = (v) }
/* text of a known length (valid UTF-8, no NUL) */
#define A_TEXTN(p, n) { .kind = ARG_TEXTN, .s = (p), .i = (long long)(n) }
#define A_BLOB(p, n) { .kind = ARG_BLOB, .s = (p), .i = (long long)(n) }
/* The parameters of one run: ARGS(A_INT(id), A_TEXT(name)). */
#define ARGS(...) ((const struct store_arg[]){ __VA_ARGS__, { .kind = ARG_END } })

/* A column of a row and where it goes: the field at off in the row's
 * struct, of the C type its kind names. */
enum store_col_kind {
	COL_END,
	COL_INT64,  /* long long */
	COL_INT,    /* int */
	COL_BOOL,   /* bool: the column is not 0 */
	COL_DOUBLE, /* double */
	COL_TEXT,   /* const char *, SQLite's own (NULL for NULL): valid until
		       the next row */
	COL_DUP,    /* char *, a malloc'd copy (NULL for NULL) the row owns */
	COL_HASH,   /* unsigned char[STORE_HASH_LEN]: a blob of that size,
		       else zeroes */
	COL_BYTES,  /* const char *, SQLite's own blob (NULL for NULL), its
		       length into the size_t at len */
	COL_NOTNULL,/* bool: the column is not NULL */
};
struct store_col {
	enum store_col_kind kind;
	size_t off;
	size_t len;        /* COL_BYTES: where the length goes */
};
/* One column per line, in the SELECT's order: COL(struct fix_row,
 * COL_TEXT, what); the list ends with COL_LAST. */
#define COL(type, kind, field) { kind, offsetof(type, field), 0 }
#define COL_BYTES_OF(type, field, length) \
	{ COL_BYTES, offsetof(type, field), offsetof(type, length) }
#define COL_LAST { COL_END, 0, 0 }
/* A column read into a bare value or array (the row is not a struct):
 * COL_AT(COL_INT64, 0) into a long long, COL_AT(COL_INT, sizeof(int))
 * into v[1] of an int array. */
#define COL_AT(kind, off) { kind, off, 0 }

/* Bind args (may be NULL) to a SQLite statement, from ?1; and read the
 * current row of one into row by cols (NULL: nothing).  For a SQLite
 * file that is not a store (the local queue, queue.c); a store's
 * statements go through store_q_open(). */
void store_bind_args(sqlite3_stmt *stmt, const struct store_arg *args);
void store_read_row(sqlite3_stmt *stmt, const struct store_col *cols, void *row);

/* A statement being stepped: store_q_open(), store_q_row() until it
 * says false, store_q_close() for the code. */
#define STORE_Q_OWNED 4
struct store_q {
	struct store *st;
	enum store_stmt id;
	sqlite3_stmt *stmt;   /* SQLite: the statement */
	void *res;            /* PostgreSQL: the whole result (PGresult) */
	int row, rows;        /* PostgreSQL: the next row, how many */
	void *owned[STORE_Q_OWNED]; /* PostgreSQL: the current row's decoded
				       blobs, freed at the next row */
	struct calm_err *err;
	enum calm_rc rc;   /* the first failure, CALM_OK while none */
	bool writing;      /* failures say "cannot write" */
	bool done;         /* stepped past the last row */
	/* SQLite: a failed step's code and message (NULL: store_fail) */
	enum calm_rc (*fail)(struct store *st, int src, struct calm_err *err);
};

/* Fetch statement id (sql on SQLite, pg_sql_text(id) on PostgreSQL)
 * and bind args (may be NULL). */
void store_q_open(struct store_q *q, struct store *st, enum store_stmt id,
		  const char *sql, const struct store_arg *args,
		  struct calm_err *err);

/* Step to the next row and read it into row by cols (NULL: read
 * nothing); false after the last row or on a failure (q->rc). */
bool store_q_row(struct store_q *q, const struct store_col *cols, void *row);

/* Hand the statement back; the code of the run (CALM_OK when every
 * step went well, whether or not it was stepped to the end). */
enum calm_rc store_q_close(struct store_q *q);

/*
 * Run a statement that writes (the store writable, in a transaction):
 * bind args, step it to the end; the first row it returns (RETURNING),
 * if any, is read into row by cols (NULL: not read).
 * store_changes() tells after it how many rows changed.
 */
enum calm_rc store_write_row(struct store *st, enum store_stmt id, const char *sql,
			     const struct store_arg *args, const struct store_col *cols,
			     void *row, struct calm_err *err);

/* store_write_row() of one number: *ret (may be NULL) receives the first
 * column of the returned row. */
enum calm_rc store_write(struct store *st, enum store_stmt id, const char *sql,
			 const struct store_arg *args, long long *ret,
			 struct calm_err *err);

/* How many rows the last write statement changed. */
long long store_changes(struct store *st);

/* ---- what differs between the engines ---- */

/* The transaction steps an engine takes. */
enum store_tx { TX_BEGIN, TX_BEGIN_READ, TX_COMMIT, TX_ROLLBACK };

struct store_engine {
	const char *name;  /* "sqlite", "postgresql" */
	/* open st->path into st (the handle's fields set by store_open) */
	enum calm_rc (*connect)(struct store *st, struct calm_err *err);
	/* close the connection; st stays usable for connect */
	void (*disconnect)(struct store *st);
	/* a transaction step (TX_ROLLBACK never fails visibly) */
	enum calm_rc (*tx)(struct store *st, enum store_tx step, struct calm_err *err);
	bool (*in_tx)(const struct store *st);
	/* store_q_open, store_q_row, store_q_close for the engine */
	void (*q_open)(struct store_q *q, const char *sql, const struct store_arg *args);
	bool (*q_row)(struct store_q *q, const struct store_col *cols, void *row);
	void (*q_close)(struct store_q *q);
	long long (*changes)(struct store *st);
	/* the last failure was a foreign key's (the incident is not there) */
	bool (*fk_failed)(struct store *st);
	/* store_data_version() */
	enum calm_rc (*data_version)(struct store *st, long long *v, struct calm_err *err);
	/* an event's data JSON from kv pairs (store_append_event), *data
	 * malloc'd, NULL when there are none */
	enum calm_rc (*event_data)(struct store *st, const char *const *kv, char **data,
				   struct calm_err *err);
	/* what a person typed (or the engine's own syntax when advanced,
	 * never blank: store_search refuses that) as the engine's
	 * full-text query, into out; CALM_USAGE "empty search" when there
	 * is no word */
	enum calm_rc (*search_query)(const char *typed, bool advanced, struct buf *out,
				     struct calm_err *err);
	/* the syntax of the query finding any two terms of a title
	 * (similar.c): what starts it, a term quoted into out, and the
	 * words joining two terms and the pairs */
	const char *similar_head, *similar_and, *similar_or;
	void (*similar_term)(struct buf *out, const char *term);
	/* a timeline page asks first whether the incident has corrections
	 * and, when it has none, runs a page without their lookups
	 * (timeline.c): worth it where statements are prepared and run in
	 * this process (SQLite), not where each is a round trip */
	bool page_plain;
	/* SQ_EV_INSERT writes the event's search row itself (one statement,
	 * one round trip, where each is one), so store_search_index is not
	 * run after it */
	bool insert_indexes;
};

extern const struct store_engine lite_engine, pg_engine;

/* ---- SQLite's own (store.c, row.c) ---- */

/* lite_engine's steps of a statement (row.c), its event data built by
 * SQLite's JSON functions (event.c) and its FTS5 queries (search.c,
 * similar.c). */
void lite_q_open(struct store_q *q, const char *sql, const struct store_arg *args);
bool lite_q_row(struct store_q *q, const struct store_col *cols, void *row);
void lite_q_close(struct store_q *q);
enum calm_rc lite_event_data(struct store *st, const char *const *kv, char **data,
			     struct calm_err *err);
/* The statement that inserts MV_BATCH events at once (move.c), in
 * PostgreSQL's spelling when pg, else SQLite's: built once. */
#define MV_BATCH 256
const char *store_mv_batch_sql(bool pg);

enum calm_rc lite_search_query(const char *typed, bool advanced, struct buf *out,
			       struct calm_err *err);
void lite_similar_term(struct buf *out, const char *term);

/* Fetch statement id (preparing sql the first time) into *out. */
enum calm_rc store_prep(struct store *st, enum store_stmt id, const char *sql,
			sqlite3_stmt **out, struct calm_err *err);

/* Hand back a statement from store_prep(); NULL is fine. */
void store_done(struct store *st, enum store_stmt id, sqlite3_stmt *stmt);

/*
 * Turn SQLite result code src (an error) into a calm code and message.
 * writing chooses "cannot write" over "cannot read" for plain failures.
 */
enum calm_rc store_fail(struct store *st, int src, bool writing,
			struct calm_err *err);

/* CALM_IO "database 'P' is open read-only" (or, for a role that may
 * only read, "permission denied"). */
enum calm_rc store_read_only(struct store *st, struct calm_err *err);

/* CALM_OK when a mutating call may run: read-write and in a transaction. */
enum calm_rc store_writable(struct store *st, struct calm_err *err);

/* Step a statement that returns no rows; store_fail() on error. */
enum calm_rc store_exec_stmt(struct store *st, sqlite3_stmt *stmt,
			     bool writing, struct calm_err *err);

/* Bind a C string (NULL binds SQL NULL); the string must outlive the step. */
int store_bind_text(sqlite3_stmt *stmt, int i, const char *s);

/* Column i as a malloc'd string ("" for NULL). */
char *store_column_dup(sqlite3_stmt *stmt, int i);

/* Whether a time read back is one calm can show (when.h's calendar). */
bool store_ms_ok(long long ms);

/* Whether an event kind read back is a word calm writes: 1 to 32 of
 * a-z and '-' ("note", "send-failed"). */
bool store_kind_ok(const char *kind);

/* rc from a write that failed: a foreign-key failure becomes
 * CALM_NOTFOUND "no incident I"; anything else is returned as is
 * (comms.c). */
enum calm_rc store_fk_notfound(struct store *st, enum calm_rc rc,
			       long long incident, struct calm_err *err);

/*
 * The first EVENT_TEXT_PREFIX bytes of event id's text into out (cut
 * before a character that does not fit), its whole size in *len, read
 * through the blob API (a 100 MB note costs the prefix, never its size).
 * *blob is opened on the first call and moved to the next row after
 * that; the caller closes it (event.c).
 */
enum calm_rc store_text_prefix(struct store *st, sqlite3_blob **blob, long long id,
			       struct buf *out, size_t *len, struct calm_err *err);

/* Check the values of an event read back (store.h: rows are checked,
 * never trusted): a bad time, kind or data (data_ok false) is replaced
 * and ev->damaged says why (event.c). */
void store_event_check(struct event *ev, bool data_ok);

/*
 * The text the full-text index holds for one event, as an SQL expression
 * over the event's kind, text, data (JSON) and incident, given as SQL
 * operands (column names or parameters): a note's text, a declared or
 * renamed title, a text field's value, a fix attempt's what, why, note
 * and loss, an action item's title, a saved draft's text (from comms),
 * a command run's or shell command's text, an amendment's new text;
 * NULL for everything else.  Migration 2 expands it: changing it means
 * a new migration that rebuilds the index, unless the change is for
 * kinds no older database can hold (run, shell and amend came with
 * schema 4, so their text is indexed from the first).
 */
#define STORE_SEARCH_BODY(K, T, D, I) \
	"(CASE " K \
	" WHEN 'note' THEN " T \
	" WHEN 'declare' THEN json_extract(" D ", '$.title')" \
	" WHEN 'field' THEN CASE WHEN json_extract(" D ", '$.field') IN" \
	"  ('title', 'product', 'impact', 'cause', 'fix', 'outstanding', 'data-lost')" \
	"  THEN json_extract(" D ", '$.value') END" \
	" WHEN 'fix' THEN trim(coalesce(json_extract(" D ", '$.what'), '') || ' ' ||" \
	"  coalesce(json_extract(" D ", '$.why'), '') || ' ' ||" \
	"  coalesce(json_extract(" D ", '$.note'), '') || ' ' ||" \
	"  coalesce(json_extract(" D ", '$.lost'), ''))" \
	" WHEN 'action' THEN json_extract(" D ", '$.title')" \
	" WHEN 'run' THEN " T \
	" WHEN 'shell' THEN " T \
	" WHEN 'amend' THEN " T \
	" WHEN 'draft' THEN (SELECT c.text FROM comms c WHERE c.incident_id = " I \
	"  AND c.audience = json_extract(" D ", '$.audience')" \
	"  AND c.revision = CAST(json_extract(" D ", '$.revision') AS INTEGER))" \
	" END)"

/*
 * The kinds of event that change what an incident is (its title,
 * severity, stage, ticks, fields, drafts, fixes, items, exports, roles:
 * everything replay.h folds but the count of notes), as the condition
 * of the events_state partial index (migration 6).  A query that says
 * this very condition walks that index: time travel replays these
 * events only, however many notes lie between them.  Changing it means
 * a new migration that rebuilds the index.
 */
#define STORE_STATE_WHERE \
	"kind IN ('declare', 'check', 'field', 'stage', 'draft', 'sent', 'fix'," \
	" 'action', 'export', 'role')"

/*
 * The events that may be damaged (replay.c's gather_start names an
 * event damaged when its data is not JSON, its kind is not 1 to 32 of
 * a-z and '-', or its time is outside [0, WHEN_MAX_MS]): a condition
 * that holds for every such event, as the events_suspect partial
 * index's condition (migration 9), so counting the damaged reads those
 * rows only and the C code decides each one.  Whether data is JSON
 * only a read can say (with trusted_schema=OFF no JSON function may run
 * in the schema), so every event with data is a suspect; notes, the
 * bulk of a timeline, have none.  Changing it means a new migration
 * that rebuilds the index.
 */
#define STORE_SUSPECT_WHERE \
	"(ts_ms NOT BETWEEN 0 AND 253402300799999 OR length(kind) NOT BETWEEN 1 AND 32" \
	" OR kind GLOB '*[^a-z-]*' OR data IS NOT NULL)"
/* The same in PostgreSQL's words, where an index may say whether data
 * is JSON (calm_json, immutable: NULL for text that is not). */
#define PG_SUSPECT_WHERE \
	"(ts_ms NOT BETWEEN 0 AND 253402300799999 OR length(kind) NOT BETWEEN 1 AND 32" \
	" OR kind ~ '[^a-z-]' OR (data IS NOT NULL AND calm_json(data) IS NULL))"

/*
 * Whether the correction C (an amend or strike event, an SQL alias whose
 * data is valid JSON) names the event E (an alias of events): by E's
 * hash when C's data has one (written since schema 8: the same in every
 * store the incident moves to), else by an id: when C was written before
 * schema 8 (C.legacy_id is set) the id E was written under then
 * (E.legacy_id, kept as the incident moves), else E's id here.  C needs
 * columns data, incident_id and legacy_id.  STORE_NAMED(C) is the id here of the event C names (NULL:
 * none), looked up by the id C gives first (the event's own store), then
 * among the incident's events (a store it moved to).
 */
#define STORE_NAMES(C, E) \
	"(CASE WHEN json_type(" C ".data, '$.hash') = 'text'" \
	" THEN json_extract(" C ".data, '$.hash') = lower(hex(" E ".hash))" \
	" ELSE CAST(json_extract(" C ".data, '$.event') AS INTEGER) =" \
	"  CASE WHEN " C ".legacy_id IS NULL THEN " E ".id ELSE " E ".legacy_id END END)"
#define STORE_NAMED(C) \
	"coalesce((SELECT t.id FROM events t" \
	"  WHERE t.id = CAST(json_extract(" C ".data, '$.event') AS INTEGER)" \
	"  AND t.incident_id = " C ".incident_id AND " STORE_NAMES(C, "t") ")," \
	" (SELECT t.id FROM events t WHERE t.incident_id = " C ".incident_id" \
	"  AND " STORE_NAMES(C, "t") " ORDER BY t.id LIMIT 1))"

/* A random (version 4) UUID as an SQL expression, evaluated per row. */
#define STORE_UUID_SQL \
	"lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||" \
	" substr(hex(randomblob(2)), 2) || '-' ||" \
	" substr('89ab', 1 + abs(random() % 4), 1) ||" \
	" substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"

/* Index event id (just inserted) for search (search.c); called by
 * store_append_event inside its transaction. */
enum calm_rc store_search_index(struct store *st, long long id,
				long long incident, const char *kind,
				const char *text, const char *data,
				struct calm_err *err);

/* What page 1 of a database file says, read without SQLite (peek.c). */
struct store_peek {
	bool empty_file;     /* 0 bytes: a new database */
	bool sqlite;         /* has SQLite's header (else SQLite judges it) */
	int version;         /* user_version */
	int app_id;          /* application_id */
	bool schema_empty;   /* no table, index or trigger */
};

/*
 * Read path's page 1 (the newest committed copy: from its -wal when
 * there) without writing or locking anything.  CALM_IO when the file
 * cannot be read.
 */
enum calm_rc store_peek(const char *path, struct store_peek *out,
			struct calm_err *err);

/* ---- the file behind the handle (file.c) ---- */

/* Remember the device and inode of the file at st->path. */
enum calm_rc store_file_record(struct store *st, struct calm_err *err);

/*
 * CALM_OK when the file at st->path is the one recorded; else CALM_IO
 * "database 'P' was deleted or replaced while calm had it open" with
 * then appended (may be NULL).  Always CALM_OK for ":memory:".
 */
enum calm_rc store_file_check(struct store *st, const char *then,
			      struct calm_err *err);

/*
 * A read-only open never writes beside the database (no -wal or -shm
 * created, none checkpointed or removed), whatever the directory's
 * permissions: with no -wal (or an empty one) SQLite reads the file as
 * an immutable snapshot; otherwise the file and its -wal are copied to a
 * private directory and the copy is opened.  *target (malloc'd) and
 * *oflags are what to give sqlite3_open_v2().
 */
enum calm_rc store_snapshot(struct store *st, char **target, int *oflags,
			    struct calm_err *err);

/* Remove the private copy, if any. */
void store_snapshot_release(struct store *st);

/* Bring the schema up to STORE_SCHEMA_VERSION from version from (schema.c). */
enum calm_rc store_migrate(struct store *st, int from, struct calm_err *err);

#endif
