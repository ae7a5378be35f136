/*
 * pg-engine.c - the store on a PostgreSQL server (libpq): connecting,
 * transactions, statements and their rows, and what a failure means.
 *
 * The path is a libpq URI (postgresql://...) or service=NAME.  calm
 * never holds a password: one written into the URI is refused before
 * anything connects (libpq finds it in ~/.pgpass, the service file or
 * PGPASSWORD), and sslmode and the rest of the URI are libpq's to honour.
 * Unless the URI or the environment says otherwise, a connection gives
 * up after PG_CONNECT_TIMEOUT seconds and TCP keepalives notice a
 * server gone quiet.
 *
 * Statements go out with PQexecParams (one round trip each, parsed on
 * the server each time: calm's statements are small, and most calm
 * processes live for one command).  Parameters are typed by what is
 * bound: int8, text, bytea (sent as bytes); rows come back as text,
 * whole, so a callback may run another statement while it reads them,
 * as SQLite's re-entered statements allow.
 *
 * Transactions: BEGIN (read committed) for a write, and before the
 * first change to an incident its row is locked (store_incident_lock,
 * SELECT ... FOR UPDATE): writers of one incident take turns, each
 * reading what the one before committed, so its hash chain has one
 * order and a gate is judged on the state it moves.  Other incidents are
 * not held up.  lock_timeout is the busy timeout (CALM_BUSY after it).
 * A read snapshot is REPEATABLE READ READ ONLY.  A write is acknowledged
 * only once COMMIT has returned from the server; a connection lost
 * during COMMIT is CALM_OFFLINE, whose outcome is unknown, which is why
 * every event carries a unique id (app replays by it, never twice).
 */
#include "pg-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/store-warm.h"

#define PG_CONNECT_TIMEOUT "5"
#define PG_MAX_PARAMS 16 /* bound on the stack; more on the heap */

/* libpq's type ids for what is bound (pg_type.h, stable since 7.x). */
#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_TEXT 25

/* The first line of libpq's message, for a one-line error. */
static void first_line(char *out, size_t size, const char *msg)
{
	size_t n = msg ? strcspn(msg, "\n") : 0;

	if (n >= size)
		n = size - 1;
	memcpy(out, msg ? msg : "", n);
	out[n] = '\0';
}

/* The transaction is over (committed, rolled back, or lost with the
 * connection): nothing pending, nothing read ahead, no lock held. */
static void pg_tx_over(struct pg *pg)
{
	pg_pre_drop(pg);
	pg->begin = NULL;
	pg->tx = false;
	pg->locked = 0;
}

/* Drop the connection: the server went away or never answered. */
static void pg_lose(struct store *st)
{
	struct pg *pg = st->pg;

	if (pg->conn) {
		first_line(pg->why, sizeof pg->why, PQerrorMessage(pg->conn));
		PQfinish(pg->conn);
		pg->conn = NULL;
	}
	pg->batch_prepared = false;
	pg_tx_over(pg);
	if (!pg->why[0])
		snprintf(pg->why, sizeof pg->why, "the connection was lost");
}

static enum calm_rc pg_offline(struct store *st, struct calm_err *err)
{
	return calm_err_set(err, CALM_OFFLINE, "server unreachable: %s", st->pg->why);
}

/* SQLSTATEs meaning the server is not (or no longer) there to write to. */
static bool state_is_gone(const char *state)
{
	return strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 ||
	       strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0;
}

enum calm_rc pg_fail(struct store *st, PGresult *res, bool writing, struct calm_err *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *path = st->path, *verb = writing ? "write" : "read";
	struct pg *pg = st->pg;

	pg->fk = false;
	if (!pg->conn || PQstatus(pg->conn) == CONNECTION_BAD || !state || state_is_gone(state)) {
		if (state && msg && pg->conn)
			first_line(pg->why, sizeof pg->why, msg);
		pg_lose(st);
		return pg_offline(st, err);
	}
	if (!msg)
		msg = "failed";
	if (strcmp(state, "25006") == 0) { /* read-only transaction */
		if (st->flags & STORE_READONLY)
			return store_read_only(st, err);
		/* a standby (the primary failed over): as good as unreachable */
		snprintf(pg->why, sizeof pg->why, "the server is read-only (a standby?)");
		pg_lose(st);
		return pg_offline(st, err);
	}
	if (strcmp(state, "23503") == 0)
		pg->fk = true;
	if (strncmp(state, "23", 2) == 0 || strcmp(state, "P0001") == 0)
		return calm_err_set(err, CALM_DATA, "cannot write '%s': %s", path, msg);
	if (strcmp(state, "55P03") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "40001") == 0)
		return calm_err_set(err, CALM_BUSY,
				    "database '%s' is busy: another writer held the incident longer than %d ms",
				    path, st->busy_ms);
	if (strcmp(state, "53100") == 0)
		return calm_err_set(err, CALM_IO, "cannot write '%s': the server's disk is full", path);
	if (strcmp(state, "53200") == 0)
		return calm_err_set(err, CALM_NOMEM, "out of memory (the server's)");
	return calm_err_set(err, CALM_IO, "cannot %s '%s': %s", verb, path, msg);
}

enum calm_rc pg_exec(struct store *st, const char *sql, bool writing, struct calm_err *err)
{
	PGresult *res;
	enum calm_rc rc = CALM_OK;

	if (!st->pg->conn)
		return pg_offline(st, err);
	if ((rc = pg_begin_now(st, err)) != CALM_OK)
		return rc;
	pg_pre_drop(st->pg);
	res = PQexec(st->pg->conn, sql);
	if (!res || (PQresultStatus(res) != PGRES_COMMAND_OK &&
		     PQresultStatus(res) != PGRES_TUPLES_OK))
		rc = pg_fail(st, res, writing, err);
	PQclear(res);
	return rc;
}

/* ---- connecting ---- */

/* Refuse a path libpq cannot read, or one that holds a password. */
static enum calm_rc pg_check_path(const char *path, struct calm_err *err)
{
	char *msg = NULL, line[256];
	PQconninfoOption *opts = PQconninfoParse(path, &msg);
	bool password = false;

	if (!opts) {
		first_line(line, sizeof line, msg);
		PQfreemem(msg);
		return calm_err_set(err, CALM_USAGE, "cannot read the database URI: %s", line);
	}
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val && o->val[0])
			password = true;
	PQconninfoFree(opts);
	if (password)
		return calm_err_set(err, CALM_USAGE,
				    "the database URI holds a password: calm never keeps one; put it in ~/.pgpass, a service file (service=NAME) or PGPASSWORD");
	return CALM_OK;
}

/* The server's notices and warnings ("terminating connection due to
 * immediate shutdown"): never printed, as libpq would, onto stderr,
 * which is the console's terminal; calm says what it means itself. */
static void pg_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/*
 * Connect; a server that does not answer leaves st offline (CALM_OK),
 * one that answers and refuses (no such database, a password wanted)
 * is an error.
 */
static enum calm_rc pg_connect_now(struct store *st, struct calm_err *err)
{
	const char *kw[8], *val[8];
	struct pg *pg = st->pg;
	const char *msg;
	int n = 0;

	if (!getenv("PGCONNECT_TIMEOUT")) {
		kw[n] = "connect_timeout";
		val[n++] = PG_CONNECT_TIMEOUT;
	}
	kw[n] = "keepalives_idle", val[n++] = "10";
	kw[n] = "keepalives_interval", val[n++] = "3";
	kw[n] = "fallback_application_name", val[n++] = "calm";
	kw[n] = "dbname", val[n++] = st->path; /* expanded: its settings win over those above */
	kw[n] = "client_encoding", val[n++] = "UTF8";
	kw[n] = NULL, val[n] = NULL;
	pg->conn = PQconnectdbParams(kw, val, 1);
	pg->batch_prepared = false;
	if (pg->conn)
		PQsetNoticeProcessor(pg->conn, pg_quiet, NULL);
	if (pg->conn && PQstatus(pg->conn) == CONNECTION_OK) {
		pg->why[0] = '\0';
		pg->instance[0] = '\0';
		return CALM_OK;
	}
	msg = pg->conn ? PQerrorMessage(pg->conn) : "out of memory";
	if (pg->conn && PQconnectionNeedsPassword(pg->conn)) {
		pg_lose(st);
		return calm_err_set(err, CALM_IO,
				    "cannot open database '%s': the server wants a password: put it in ~/.pgpass, a service file or PGPASSWORD",
				    st->path);
	}
	if (strncmp(msg, "invalid ", 8) == 0) { /* libpq's reading of the URI */
		char line[256];

		first_line(line, sizeof line, msg);
		pg_lose(st);
		return calm_err_set(err, CALM_USAGE, "cannot use the database URI: %s", line);
	}
	if (strstr(msg, "does not exist") || strstr(msg, "authentication failed")) {
		char line[256];

		first_line(line, sizeof line, msg);
		pg_lose(st);
		return calm_err_set(err, CALM_IO, "cannot open database '%s': %s", st->path, line);
	}
	pg_lose(st);
	return CALM_OK;
}

/* A connection made ahead of the command that will use it (store.h,
 * store_warm_keep), for the path it was made to. */
static PGconn *warm_conn;
static char *warm_path;

static enum calm_rc pg_connect(struct store *st, struct calm_err *err)
{
	enum calm_rc rc = pg_dl_load(err);

	if (rc == CALM_OK)
		rc = pg_check_path(st->path, err);
	if (rc != CALM_OK)
		return rc;
	if (!st->pg)
		st->pg = xcalloc(1, sizeof *st->pg);
	if (warm_conn && strcmp(warm_path, st->path) == 0 &&
	    PQstatus(warm_conn) == CONNECTION_OK) {
		st->pg->conn = warm_conn; /* the set-up below runs on it again */
		warm_conn = NULL;
		st->pg->why[0] = '\0';
	} else {
		rc = pg_connect_now(st, err);
	}
	if (rc == CALM_OK && st->pg->conn)
		rc = pg_check_schema(st, err);
	if (rc == CALM_OFFLINE) { /* lost while checking: offline, not failed */
		calm_err_clear(err);
		rc = CALM_OK;
	}
	if (rc == CALM_OK && st->pg->conn && st->pg->listening)
		rc = pg_exec(st, "LISTEN " PG_CHANNEL, false, err);
	return rc == CALM_OFFLINE ? CALM_OK : rc;
}

static void pg_disconnect(struct store *st)
{
	if (!st->pg)
		return;
	pg_pre_drop(st->pg);
	if (st->pg->conn)
		PQfinish(st->pg->conn);
	free(st->pg);
	st->pg = NULL;
}

/* ---- transactions ---- */

static bool pg_in_tx(const struct store *st)
{
	return st->pg && st->pg->tx;
}

static enum calm_rc pg_commit(struct store *st, struct calm_err *err)
{
	struct pg *pg = st->pg;
	enum calm_rc rc = CALM_OK;
	PGresult *res;

	pg_pre_drop(pg);
	if (pg->begin) { /* nothing was sent: nothing to commit */
		pg_tx_over(pg);
		return CALM_OK;
	}
	res = PQexec(pg->conn, "COMMIT");
	if (!res || PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = pg_fail(st, res, true, err);
	else if (strcmp(PQcmdStatus(res), "COMMIT") != 0) /* an aborted one rolls back */
		rc = calm_err_set(err, CALM_IO, "cannot write '%s': the transaction failed and was rolled back",
				  st->path);
	PQclear(res);
	pg_tx_over(pg);
	return rc;
}

static enum calm_rc pg_tx(struct store *st, enum store_tx step, struct calm_err *err)
{
	struct pg *pg = st->pg;

	if (!pg->conn)
		return step == TX_ROLLBACK ? CALM_OK : pg_offline(st, err);
	switch (step) {
	case TX_BEGIN:
	case TX_BEGIN_READ:
		/* sent with the statement after it (pg-pipe.c) */
		pg_pre_drop(pg);
		pg->begin = step == TX_BEGIN ? "BEGIN"
			    : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
		pg->tx = true;
		pg->locked = 0;
		return CALM_OK;
	case TX_COMMIT:
		return pg_commit(st, err);
	case TX_ROLLBACK:
		if (!pg->begin) /* else nothing was sent */
			pg_exec(st, "ROLLBACK", false, NULL);
		pg_tx_over(pg);
		return CALM_OK;
	}
	return CALM_OK;
}

/* ---- statements ---- */

/* The values of one run (struct pg_params, pg-int.h): on the stack for
 * a usual statement, on the heap for a batch of many rows (move.c). */

static void pg_params_alloc(struct pg_params *p, int n)
{
	p->values = xcalloc((size_t)n, sizeof *p->values);
	p->ints = xcalloc((size_t)n, sizeof *p->ints);
	p->types = xcalloc((size_t)n, sizeof *p->types);
	p->lengths = xcalloc((size_t)n, sizeof *p->lengths);
	p->formats = xcalloc((size_t)n, sizeof *p->formats);
}

static void pg_params_free(struct pg_params *p)
{
	free(p->values);
	free(p->ints);
	free(p->types);
	free(p->lengths);
	free(p->formats);
}

static void pg_bind(struct pg_params *p, const struct store_arg *args, int n)
{
	for (int k = 0; k < n; k++) {
		const struct store_arg *a = &args[k];

		p->types[k] = a->kind == ARG_INT ? OID_INT8 : a->kind == ARG_BLOB ? OID_BYTEA : OID_TEXT;
		p->formats[k] = a->kind == ARG_BLOB || a->kind == ARG_TEXTN;
		p->lengths[k] = p->formats[k] ? (int)a->i : 0;
		p->values[k] = a->s;
		if (a->kind == ARG_INT && !a->null) {
			snprintf(p->ints[k], sizeof p->ints[k], "%lld", a->i);
			p->values[k] = p->ints[k];
		} else if (a->kind == ARG_INT) {
			p->values[k] = NULL;
		}
	}
}

/*
 * Run the statement that writes a batch of events (move.c): parsed and
 * planned once a connection (PQprepare), since its 2,800 parameters
 * cost more to parse than to run; a prepared statement outlives the
 * transaction it was made in, and goes with the connection.
 */
static PGresult *pg_run_batch(struct store *st, const char *sql, int n,
			      const struct pg_params *p)
{
	static const char name[] = "calm_mv_batch";
	PGresult *res;

	if (!st->pg->batch_prepared) {
		res = PQprepare(st->pg->conn, name, sql, n, p->types);
		if (!res || PQresultStatus(res) != PGRES_COMMAND_OK)
			return res;
		PQclear(res);
		st->pg->batch_prepared = true;
	}
	return PQexecPrepared(st->pg->conn, name, n, p->values, p->lengths, p->formats, 0);
}

static void pg_q_open(struct store_q *q, const char *lite_sql, const struct store_arg *args)
{
	struct store *st = q->st;
	const char *sql = pg_sql_text(q->id), *values[PG_MAX_PARAMS];
	char ints[PG_MAX_PARAMS][24];
	unsigned int types[PG_MAX_PARAMS];
	int lengths[PG_MAX_PARAMS], formats[PG_MAX_PARAMS], n = 0;
	struct pg_params p = { values, ints, types, lengths, formats };
	PGresult *res;

	(void)lite_sql;
	if (!sql) {
		q->rc = calm_err_set(q->err, CALM_IO, "cannot read '%s': statement %d is SQLite's only",
				     st->path, (int)q->id);
		return;
	}
	q->writing = pg_sql_writes(q->id);
	if (!st->pg->conn) {
		q->rc = pg_offline(st, q->err);
		return;
	}
	while (args && args[n].kind != ARG_END)
		n++;
	if (n > PG_MAX_PARAMS)
		pg_params_alloc(&p, n);
	pg_bind(&p, args, n);
	st->pg->fk = false;
	res = pg_pre_take(st, q->id, args);
	if (!res && q->writing)
		pg_pre_drop(st->pg);
	if (res)
		; /* read ahead with the lock */
	else if (q->id != SQ_MV_EVENTS_BATCH && (st->pg->begin || q->id == SQ_INC_LOCK))
		res = pg_pipe_run(st, q->id, sql, n, &p); /* with the pending BEGIN */
	else if ((q->rc = pg_begin_now(st, q->err)) != CALM_OK)
		; /* the BEGIN, sent on its own, failed */
	else if (q->id == SQ_MV_EVENTS_BATCH)
		res = pg_run_batch(st, sql, n, &p);
	else
		res = PQexecParams(st->pg->conn, sql, n, p.types, p.values, p.lengths, p.formats, 0);
	if (n > PG_MAX_PARAMS)
		pg_params_free(&p);
	if (q->rc != CALM_OK)
		return;
	if (!res || (PQresultStatus(res) != PGRES_TUPLES_OK &&
		     PQresultStatus(res) != PGRES_COMMAND_OK)) {
		q->rc = pg_fail(st, res, q->writing, q->err);
		PQclear(res);
		return;
	}
	st->pg->changes = atoll(PQcmdTuples(res));
	q->res = res;
	q->rows = PQntuples(res);
	q->row = 0;
}

static void free_owned(struct store_q *q)
{
	for (int i = 0; i < STORE_Q_OWNED; i++) {
		if (q->owned[i])
			PQfreemem(q->owned[i]);
		q->owned[i] = NULL;
	}
}

/* Column i of the current row as bytes: a bytea decoded (kept in
 * q->owned until the next row), text as it is. */
static const char *col_bytes(struct store_q *q, int i, size_t *len)
{
	PGresult *res = q->res;
	unsigned char *bytes;

	*len = 0;
	if (PQgetisnull(res, q->row, i))
		return NULL;
	if (PQftype(res, i) != OID_BYTEA) {
		*len = (size_t)PQgetlength(res, q->row, i);
		return PQgetvalue(res, q->row, i);
	}
	bytes = PQunescapeBytea((const unsigned char *)PQgetvalue(res, q->row, i), len);
	for (int k = 0; bytes && k < STORE_Q_OWNED; k++) {
		if (!q->owned[k]) {
			q->owned[k] = bytes;
			return (const char *)bytes;
		}
	}
	if (bytes)
		PQfreemem(bytes);
	*len = 0;
	return NULL;
}

static void read_col(struct store_q *q, int i, const struct store_col *c, char *row)
{
	const char *v = PQgetisnull(q->res, q->row, i) ? NULL : PQgetvalue(q->res, q->row, i);
	long long i64 = v ? strtoll(v, NULL, 10) : 0;
	int in = (int)i64;
	bool b = v && (v[0] == 't' || (v[0] != 'f' && i64 != 0));
	double d = v ? strtod(v, NULL) : 0;
	char *copy;
	size_t n;

	switch (c->kind) { /* memcpy: the field's own type, whatever row is */
	case COL_INT64: memcpy(row + c->off, &i64, sizeof i64); break;
	case COL_INT: memcpy(row + c->off, &in, sizeof in); break;
	case COL_BOOL: memcpy(row + c->off, &b, sizeof b); break;
	case COL_DOUBLE: memcpy(row + c->off, &d, sizeof d); break;
	case COL_TEXT: memcpy(row + c->off, &v, sizeof v); break;
	case COL_DUP:
		copy = v ? xstrndup(v, (size_t)PQgetlength(q->res, q->row, i)) : NULL;
		memcpy(row + c->off, &copy, sizeof copy);
		break;
	case COL_BYTES:
		v = col_bytes(q, i, &n);
		memcpy(row + c->off, &v, sizeof v);
		memcpy(row + c->len, &n, sizeof n);
		break;
	case COL_NOTNULL:
		b = v != NULL;
		memcpy(row + c->off, &b, sizeof b);
		break;
	case COL_HASH:
		memset(row + c->off, 0, STORE_HASH_LEN);
		v = col_bytes(q, i, &n);
		if (v && n == STORE_HASH_LEN)
			memcpy(row + c->off, v, STORE_HASH_LEN);
		break;
	case COL_END:
		break;
	}
}

static bool pg_q_row(struct store_q *q, const struct store_col *cols, void *row)
{
	free_owned(q);
	if (!q->res || q->row >= q->rows) {
		q->done = true;
		return false;
	}
	for (int i = 0; cols && cols[i].kind != COL_END && i < PQnfields(q->res); i++)
		read_col(q, i, &cols[i], row);
	q->row++;
	return true;
}

static void pg_q_close(struct store_q *q)
{
	free_owned(q);
	PQclear(q->res);
	q->res = NULL;
}

static long long pg_changes(struct store *st)
{
	return st->pg->changes;
}

static bool pg_fk_failed(struct store *st)
{
	return st->pg->fk;
}

static enum calm_rc pg_data_version(struct store *st, long long *version,
				    struct calm_err *err)
{
	int fd = store_live_fd(st, err);

	(void)fd;
	pg_take_notifies(st);
	*version = st->pg->notified;
	return st->pg->conn ? CALM_OK : pg_offline(st, err);
}

const struct store_engine pg_engine = {
	.name = "postgresql",
	.connect = pg_connect,
	.disconnect = pg_disconnect,
	.tx = pg_tx,
	.in_tx = pg_in_tx,
	.q_open = pg_q_open,
	.q_row = pg_q_row,
	.q_close = pg_q_close,
	.changes = pg_changes,
	.fk_failed = pg_fk_failed,
	.data_version = pg_data_version,
	.event_data = pg_event_data,
	.search_query = pg_search_query,
	.similar_head = "q",
	.similar_and = " & ",
	.similar_or = " | ",
	.similar_term = pg_similar_term,
	.insert_indexes = true,
};

/* ---- a connection kept warm (store.h) ---- */

bool store_warm_keep(struct store *st)
{
	if (st->eng != &pg_engine || !st->pg->conn || st->pg->tx || warm_conn)
		return false;
	pg_warm_statements(st);
	if (PQstatus(st->pg->conn) != CONNECTION_OK)
		return false;
	warm_conn = st->pg->conn;
	st->pg->conn = NULL;
	free(warm_path);
	warm_path = xstrdup(st->path);
	return true;
}

/*
 * Connected, not opened: the schema's check is the command's own (it
 * runs on the connection taken), so a database still to be made or
 * upgraded gets a warm connection as a current one does.  Read-only
 * until the command's set-up sets its own flags.
 */
bool store_warm_connect(const char *path)
{
	struct store st = { .path = (char *)path, .flags = STORE_READONLY, .eng = &pg_engine };
	struct calm_err err = { 0 };
	bool kept = false;

	if (warm_conn || pg_dl_load(&err) != CALM_OK || pg_check_path(path, &err) != CALM_OK)
		return false;
	st.pg = xcalloc(1, sizeof *st.pg);
	if (pg_connect_now(&st, &err) == CALM_OK && st.pg->conn &&
	    pg_exec(&st, "SET default_transaction_read_only = on", false, &err) == CALM_OK)
		kept = store_warm_keep(&st);
	pg_disconnect(&st);
	return kept;
}

enum calm_rc store_load_server_library(struct calm_err *err)
{
	return pg_dl_load(err);
}

int store_warm_fd(void)
{
	return warm_conn ? PQsocket(warm_conn) : -1;
}

bool store_warm_alive(void)
{
	PGnotify *n;

	if (!warm_conn)
		return false;
	if (!PQconsumeInput(warm_conn) || PQstatus(warm_conn) != CONNECTION_OK)
		return false;
	while ((n = PQnotifies(warm_conn))) /* LISTEN is not asked: none come */
		PQfreemem(n);
	return true;
}

/* ---- for either engine (store.h) ---- */

enum calm_rc store_reconnect(struct store *st, struct calm_err *err)
{
	if (st->eng != &pg_engine || st->pg->conn)
		return CALM_OK;
	st->pg->tx = false;
	return pg_connect(st, err);
}

bool store_offline(const struct store *st, const char **why)
{
	if (st->eng != &pg_engine || st->pg->conn)
		return false;
	if (why)
		*why = st->pg->why;
	return true;
}
