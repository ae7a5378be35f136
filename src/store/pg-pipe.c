/*
 * pg-pipe.c - fewer round trips to the server (pg-int.h, "Round trips
 * saved"): libpq's pipeline mode sends a pending BEGIN with the
 * statement after it, and an incident's lock with the reads a write
 * makes next under it, in one send; the server runs them in order,
 * each read after the lock is held (READ COMMITTED takes a snapshot per
 * statement), so what is read ahead is what reading it then would give.
 * Only this transaction's own writes could change it while it waits in
 * pg->pre, and a write drops it (pg-engine.c).
 */
#include "pg-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Read with a lock, ahead: the incident, its open offers (the 1 is
 * open_only), its chain's head; arguments as role.c, incident.c and
 * event.c bind them. */
static const struct {
	enum store_stmt id;
	int nargs;
	long long b;
} ahead[] = {
	{ SQ_INC_GET, 1, 0 },
	{ SQ_OFFER_EACH, 2, 1 },
	{ SQ_EV_PREV, 1, 0 },
};

void pg_pre_drop(struct pg *pg)
{
	for (size_t i = 0; i < sizeof pg->pre / sizeof pg->pre[0]; i++) {
		PQclear(pg->pre[i].res);
		pg->pre[i].res = NULL;
	}
}

PGresult *pg_pre_take(struct store *st, enum store_stmt id, const struct store_arg *args)
{
	struct pg *pg = st->pg;

	for (size_t i = 0; i < sizeof pg->pre / sizeof pg->pre[0]; i++) {
		struct pg_pre *p = &pg->pre[i];
		int n = 0;

		if (!p->res || p->id != id)
			continue;
		while (args && args[n].kind != ARG_END)
			n++;
		if (n < 1 || args[0].kind != ARG_INT || args[0].null || args[0].i != p->a ||
		    n != ahead[i].nargs ||
		    (n > 1 && (args[1].kind != ARG_INT || args[1].null || args[1].i != p->b)))
			return NULL;
		PGresult *res = p->res;
		p->res = NULL;
		return res;
	}
	return NULL;
}

enum calm_rc pg_begin_now(struct store *st, struct calm_err *err)
{
	const char *begin = st->pg->begin;

	if (!begin)
		return CALM_OK;
	st->pg->begin = NULL;
	return pg_exec(st, begin, true, err);
}

/* The one result of a statement sent in the pipeline, and the NULL that
 * ends it; NULL when the connection broke. */
static PGresult *take_one(PGconn *conn)
{
	PGresult *res = PQgetResult(conn), *end;

	if (!res)
		return NULL;
	while ((end = PQgetResult(conn))) /* never more than one: the end */
		PQclear(end);
	return res;
}

static bool result_ok(const PGresult *res)
{
	return res && (PQresultStatus(res) == PGRES_TUPLES_OK ||
		       PQresultStatus(res) == PGRES_COMMAND_OK);
}

/* Read the pipeline's results to its end; false when it broke off. */
static bool drain_sync(PGconn *conn)
{
	for (;;) {
		PGresult *res = PQgetResult(conn);
		ExecStatusType s;

		if (!res)
			return false;
		s = PQresultStatus(res);
		PQclear(res);
		if (s == PGRES_PIPELINE_SYNC)
			return true;
		if (PQstatus(conn) != CONNECTION_OK)
			return false;
	}
}

PGresult *pg_pipe_run(struct store *st, enum store_stmt id, const char *sql, int n,
		      const struct pg_params *p)
{
	struct pg *pg = st->pg;
	PGconn *conn = pg->conn;
	const char *begin = pg->begin;
	long long incident = 0;
	bool lock = id == SQ_INC_LOCK && n == 1, sent = true;
	PGresult *res = NULL, *first_bad = NULL;
	char arg_b[24];

	pg->begin = NULL;
	pg_pre_drop(pg);
	if (lock)
		incident = strtoll(p->values[0], NULL, 10);
	if (!PQenterPipelineMode(conn))
		return NULL;
	if (begin)
		sent = PQsendQueryParams(conn, begin, 0, NULL, NULL, NULL, NULL, 0);
	sent = sent && PQsendQueryParams(conn, sql, n, p->types, p->values, p->lengths,
					 p->formats, 0);
	for (size_t i = 0; lock && sent && i < sizeof ahead / sizeof ahead[0]; i++) {
		const char *values[2] = { p->values[0], arg_b };
		unsigned int types[2] = { p->types[0], p->types[0] };

		snprintf(arg_b, sizeof arg_b, "%lld", ahead[i].b);
		sent = PQsendQueryParams(conn, pg_sql_text(ahead[i].id), ahead[i].nargs, types,
					 values, NULL, NULL, 0);
	}
	if (!sent || !PQpipelineSync(conn))
		return NULL; /* the caller finds the connection bad and drops it */
	if (begin) {
		PGresult *b = take_one(conn);

		if (!result_ok(b))
			first_bad = b;
		else
			PQclear(b);
	}
	res = take_one(conn);
	for (size_t i = 0; lock && res && i < sizeof ahead / sizeof ahead[0]; i++) {
		PGresult *r = take_one(conn);

		pg->pre[i] = (struct pg_pre){ ahead[i].id, incident, ahead[i].b, NULL };
		if (result_ok(r) && result_ok(res) && !first_bad)
			pg->pre[i].res = r;
		else
			PQclear(r);
	}
	if (!drain_sync(conn) || !PQexitPipelineMode(conn)) {
		PQclear(first_bad);
		pg_pre_drop(pg);
		PQclear(res);
		return NULL;
	}
	if (first_bad) { /* the BEGIN failed: its words, not "aborted" */
		PQclear(res);
		return first_bad;
	}
	return res;
}

void pg_warm_statements(struct store *st)
{
	PGconn *conn = st->pg->conn;
	const char *values[2] = { "0", "1" };
	unsigned int types[2] = { 20, 20 }; /* int8, as pg-engine.c binds an integer */
	PGresult *res;

	/* run on no incident: each plans against the tables a write reads
	 * (its lock is not: the warm connection is read-only) */
	for (size_t i = 0; i < sizeof ahead / sizeof ahead[0]; i++) {
		res = PQexecParams(conn, pg_sql_text(ahead[i].id), ahead[i].nargs, types, values,
				   NULL, NULL, 0);
		PQclear(res);
	}
	/* parsed and planned, not run: the writes' tables and triggers */
	res = PQprepare(conn, "", pg_sql_text(SQ_EV_INSERT), 0, NULL);
	PQclear(res);
}
