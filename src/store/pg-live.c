/*
 * pg-live.c - other writers' commits as they happen, and the incident
 * lock of a write.
 *
 * Every commit that adds events notifies on PG_CHANNEL (a trigger,
 * pg-schema.c); a handle that asked for store_live_fd() LISTENs, and
 * its connection's socket becomes readable when a notification arrives,
 * so a console puts that descriptor beside the terminal in its wait and
 * never polls.  pg_take_notifies() reads what arrived without waiting
 * and counts it (store_data_version), and the console then reads the
 * events after the last one it saw.  NOTIFY does not replay what a
 * connection missed: after a reconnect, the reader reads everything
 * after its last event anyway.
 */
#include "pg-int.h"

#include <stdio.h>
#include <string.h>

void pg_take_notifies(struct store *st)
{
	struct pg *pg = st->pg;
	PGnotify *n;

	if (!pg->conn)
		return;
	if (!PQconsumeInput(pg->conn)) {
		if (PQstatus(pg->conn) == CONNECTION_BAD)
			pg_fail(st, NULL, false, NULL);
		return;
	}
	while ((n = PQnotifies(pg->conn))) {
		pg->notified++;
		PQfreemem(n);
	}
}

int store_live_fd(struct store *st, struct calm_err *err)
{
	struct pg *pg = st->pg;

	if (st->eng != &pg_engine)
		return -1;
	if (pg->conn && !pg->listening && !pg->tx) {
		if (pg_exec(st, "LISTEN " PG_CHANNEL, false, err) != CALM_OK)
			return -1;
		pg->listening = true;
	}
	return pg->conn ? PQsocket(pg->conn) : -1;
}

enum calm_rc store_incident_lock(struct store *st, long long incident,
				 struct calm_err *err)
{
	static const struct store_col col[] = { COL_AT(COL_INT64, 0), COL_LAST };
	struct store_q q;
	long long id = 0;
	bool found;
	enum calm_rc rc;

	/* SQLite: BEGIN IMMEDIATE already holds the whole file */
	if (st->eng != &pg_engine || st->pg->locked == incident)
		return CALM_OK;
	rc = store_writable(st, err);
	if (rc != CALM_OK)
		return rc;
	store_q_open(&q, st, SQ_INC_LOCK, NULL, ARGS(A_INT(incident)), err);
	found = store_q_row(&q, col, &id);
	rc = store_q_close(&q);
	if (rc == CALM_OK && !found)
		return calm_err_set(err, CALM_NOTFOUND, "no incident %lld", incident);
	if (rc == CALM_OK)
		st->pg->locked = incident;
	return rc;
}

const char *store_server_instance(struct store *st)
{
	struct pg *pg = st->pg;
	PGresult *res;

	if (st->eng != &pg_engine || !pg->conn || pg->tx)
		return "";
	if (!pg->instance[0]) {
		res = PQexec(pg->conn, "SELECT pg_postmaster_start_time()::text");
		if (res && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
			snprintf(pg->instance, sizeof pg->instance, "%s", PQgetvalue(res, 0, 0));
		PQclear(res);
	}
	return pg->instance;
}
