/*
 * pg-int.h - what the PostgreSQL engine's files share (pg-*.c), and
 * nothing else sees.  libpq is included here and in those files only.
 *
 * The connection may be down: a server that cannot be reached is not a
 * failure to open (calm keeps working offline, src/app queues its
 * writes), so st->pg->conn is NULL until a connection is made and again
 * after one is lost; every statement then fails at once with
 * CALM_OFFLINE, never waiting on the network, until store_reconnect()
 * succeeds.
 */
#ifndef CALM_PG_INT_H
#define CALM_PG_INT_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "store-int.h"

/*
 * libpq's functions, called through a table that pg_dl_load() (pg-dl.c)
 * fills with dlopen() the first time a server is named: calm is not
 * linked with libpq, so a SQLite user never pays for loading it.  Every
 * PQ name below, in the pg-*.c files, is the table's entry; a function
 * not in the list does not link, which is how a new one gets added.
 */
#define PG_DL_FUNCS                                                                   \
	X(PQclear) X(PQcmdStatus) X(PQcmdTuples) X(PQconnectdbParams)                 \
	X(PQconnectionNeedsPassword) X(PQconninfoFree) X(PQconninfoParse)             \
	X(PQconsumeInput) X(PQerrorMessage) X(PQexec) X(PQexecParams) X(PQfinish)     \
	X(PQfreemem) X(PQftype) X(PQgetisnull) X(PQgetlength) X(PQgetvalue)           \
	X(PQnfields) X(PQnotifies) X(PQntuples) X(PQresultErrorField)                 \
	X(PQresultStatus) X(PQsetNoticeProcessor) X(PQsocket) X(PQstatus)             \
	X(PQunescapeBytea) X(PQprepare) X(PQexecPrepared)                           \
	X(PQenterPipelineMode) X(PQexitPipelineMode) X(PQpipelineSync)               \
	X(PQsendQueryParams) X(PQgetResult)

struct pg_dl {
#define X(name) __typeof__(name) *name;
	PG_DL_FUNCS
#undef X
};
extern struct pg_dl pg_dl;

/* Load libpq and fill pg_dl, once; CALM_IO naming what is missing. */
enum calm_rc pg_dl_load(struct calm_err *err);

#ifndef PG_DL_LOADER /* pg-dl.c names the table's members themselves */
#define PQclear (pg_dl.PQclear)
#define PQcmdStatus (pg_dl.PQcmdStatus)
#define PQcmdTuples (pg_dl.PQcmdTuples)
#define PQconnectdbParams (pg_dl.PQconnectdbParams)
#define PQconnectionNeedsPassword (pg_dl.PQconnectionNeedsPassword)
#define PQconninfoFree (pg_dl.PQconninfoFree)
#define PQconninfoParse (pg_dl.PQconninfoParse)
#define PQconsumeInput (pg_dl.PQconsumeInput)
#define PQerrorMessage (pg_dl.PQerrorMessage)
#define PQexec (pg_dl.PQexec)
#define PQexecParams (pg_dl.PQexecParams)
#define PQexecPrepared (pg_dl.PQexecPrepared)
#define PQfinish (pg_dl.PQfinish)
#define PQfreemem (pg_dl.PQfreemem)
#define PQftype (pg_dl.PQftype)
#define PQgetisnull (pg_dl.PQgetisnull)
#define PQgetlength (pg_dl.PQgetlength)
#define PQgetvalue (pg_dl.PQgetvalue)
#define PQnfields (pg_dl.PQnfields)
#define PQnotifies (pg_dl.PQnotifies)
#define PQntuples (pg_dl.PQntuples)
#define PQprepare (pg_dl.PQprepare)
#define PQresultErrorField (pg_dl.PQresultErrorField)
#define PQresultStatus (pg_dl.PQresultStatus)
#define PQsetNoticeProcessor (pg_dl.PQsetNoticeProcessor)
#define PQsocket (pg_dl.PQsocket)
#define PQstatus (pg_dl.PQstatus)
#define PQunescapeBytea (pg_dl.PQunescapeBytea)
#define PQenterPipelineMode (pg_dl.PQenterPipelineMode)
#define PQexitPipelineMode (pg_dl.PQexitPipelineMode)
#define PQpipelineSync (pg_dl.PQpipelineSync)
#define PQsendQueryParams (pg_dl.PQsendQueryParams)
#define PQgetResult (pg_dl.PQgetResult)
#endif

/* STORE_NAMES and STORE_NAMED (store-int.h) in PostgreSQL's words. */
#define PG_REF_ID(d) \
	"(CASE WHEN (calm_json(" d ") ->> 'event') ~ '^[0-9]{1,18}$'" \
	" THEN (calm_json(" d ") ->> 'event')::bigint END)"
#define PG_NAMES(C, E) \
	"(CASE WHEN jsonb_typeof(calm_json(" C ".data) -> 'hash') = 'string'" \
	" THEN calm_json(" C ".data) ->> 'hash' = encode(" E ".hash, 'hex')" \
	" ELSE " PG_REF_ID(C ".data") " =" \
	"  CASE WHEN " C ".legacy_id IS NULL THEN " E ".id ELSE " E ".legacy_id END END)"
#define PG_NAMED(C) \
	"coalesce((SELECT t.id FROM events t WHERE t.id = " PG_REF_ID(C ".data") \
	"  AND t.incident_id = " C ".incident_id AND " PG_NAMES(C, "t") ")," \
	" (SELECT t.id FROM events t WHERE t.incident_id = " C ".incident_id" \
	"  AND " PG_NAMES(C, "t") " ORDER BY t.id LIMIT 1))"

/* The schema this build reads and writes on PostgreSQL (meta.schema);
 * its migrations are pg-schema.c's, apart from SQLite's. */
#define PG_SCHEMA_VERSION 5

/* The channel every commit that adds events notifies on (payload:
 * "INCIDENT EVENT"). */
#define PG_CHANNEL "calm"

struct pg {
	PGconn *conn;          /* NULL while offline */
	bool tx;               /* a transaction is open */
	long long locked;      /* the incident locked in this transaction, 0: none */
	long long changes;     /* rows the last write changed */
	bool fk;               /* the last failure was a foreign key's */
	bool listening;        /* LISTEN was asked (store_live_fd) */
	long long notified;    /* notifications taken in (data_version) */
	bool batch_prepared;   /* move.c's batch statement is prepared on conn */
	char why[512];         /* why it is offline: libpq's words */
	char instance[64];     /* the server's start time, read once a connection */
	const char *begin;     /* a BEGIN not sent yet: it goes with the next statement */
	struct pg_pre {        /* results read ahead with an incident's lock (pg-pipe.c) */
		enum store_stmt id;
		long long a, b; /* its two first (integer) arguments */
		PGresult *res;  /* NULL: the slot is empty */
	} pre[3];
};

/* The values of one statement's run, bound as libpq takes them. */
struct pg_params {
	const char **values;
	char (*ints)[24];
	unsigned int *types;
	int *lengths, *formats;
};

/*
 * Round trips saved (pg-pipe.c).  A BEGIN is not sent on its own: it
 * waits in pg->begin and goes out in one pipeline with the statement
 * after it, and an incident's lock (SQ_INC_LOCK) takes with it the reads
 * every write makes next under that lock (the incident, its open
 * offers, its chain's head), each run on the server after the lock is
 * held, as if sent one by one, and kept in pg->pre until asked for.
 * A statement that writes, or any step of the transaction, drops what
 * is kept: it is read afresh when asked.
 */
/* Run sql in one round trip with the pending BEGIN and, for a lock,
 * the reads ahead; its result (NULL: the connection failed). */
PGresult *pg_pipe_run(struct store *st, enum store_stmt id, const char *sql, int n,
		      const struct pg_params *p);
/* A result read ahead for id with these arguments (taken: the caller
 * clears it), else NULL. */
PGresult *pg_pre_take(struct store *st, enum store_stmt id, const struct store_arg *args);
/* Drop the results read ahead. */
void pg_pre_drop(struct pg *pg);
/* Run, on the connection of st (no transaction open), what a write
 * runs first, on no incident, and parse its insert: a new backend's
 * caches are filled before a command needs them (a connection kept
 * warm, store_warm_keep); whatever fails is left. */
void pg_warm_statements(struct store *st);
/* Send a BEGIN still pending on its own (before a statement not piped). */
enum calm_rc pg_begin_now(struct store *st, struct calm_err *err);

/* The PostgreSQL text of statement id (pg-sql.c); pg_json_text that of
 * the JSON documents' statements, NULL for any other id (pg-json.c). */
const char *pg_sql_text(enum store_stmt id);
/* Whether statement id changes rows (pg-sql.c's table says). */
bool pg_sql_writes(enum store_stmt id);
const char *pg_json_text(enum store_stmt id);

/*
 * Turn a failed result (or, res NULL, a failed connection) into a calm
 * code and message: a lost connection CALM_OFFLINE (and the connection
 * is dropped), a foreign key CALM_DATA with pg->fk set, a lock not had
 * in time CALM_BUSY, a refused privilege or anything else CALM_IO with
 * the server's words.
 */
enum calm_rc pg_fail(struct store *st, PGresult *res, bool writing, struct calm_err *err);

/* Run sql (no parameters; several statements allowed) and check it. */
enum calm_rc pg_exec(struct store *st, const char *sql, bool writing, struct calm_err *err);

/* Bring the schema to PG_SCHEMA_VERSION, or refuse a database that is
 * not calm's or is newer (pg-schema.c). */
enum calm_rc pg_check_schema(struct store *st, struct calm_err *err);

/* pg_engine's event data, search query and similar query's term
 * (pg-text.c). */
enum calm_rc pg_event_data(struct store *st, const char *const *kv, char **data,
			   struct calm_err *err);
enum calm_rc pg_search_query(const char *typed, bool advanced, struct buf *out,
			     struct calm_err *err);
void pg_similar_term(struct buf *out, const char *term);

/* Take the notifications waiting on the connection (pg-live.c). */
void pg_take_notifies(struct store *st);

#endif
