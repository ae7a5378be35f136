/*
 * role.c - who holds which role of an incident, and who has it open.
 *
 * roles: one row per (incident, role) held; setting a role to nobody
 * removes its row.  The timeline event that records each handoff is
 * written by src/app in the same transaction.
 *
 * presence: one row per console (incident, host, pid) with a heartbeat.
 * Rows are written by the consoles themselves, each in a small
 * transaction of its own, and never hash-chained (see store.h).  A
 * console that crashed leaves its row behind: readers skip rows whose
 * heartbeat is older than PRESENCE_TTL_MS or whose pid is gone on
 * this host, and the next enter on the same incident deletes them.
 */
#include "calm/store.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "store-int.h"

static const char sql_role_get[] =
	"SELECT person FROM roles WHERE incident_id = ?1 AND role = ?2";
static const char sql_role_set[] =
	"INSERT INTO roles (incident_id, role, person, since_ms) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT (incident_id, role) DO UPDATE SET person = ?3, since_ms = ?4";
static const char sql_role_clear[] =
	"DELETE FROM roles WHERE incident_id = ?1 AND role = ?2";
static const char sql_role_each[] =
	"SELECT role, person, since_ms FROM roles WHERE incident_id = ?1 ORDER BY role";
static const char sql_presence_enter[] =
	"INSERT INTO presence (incident_id, host, pid, author, started_ms, heartbeat_ms)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT (incident_id, host, pid)"
	" DO UPDATE SET author = ?4, started_ms = ?5, heartbeat_ms = ?5";
static const char sql_presence_beat[] =
	"UPDATE presence SET heartbeat_ms = ?4"
	" WHERE incident_id = ?1 AND host = ?2 AND pid = ?3";
static const char sql_presence_leave[] =
	"DELETE FROM presence WHERE incident_id = ?1 AND"
	" ((host = ?2 AND pid = ?3) OR heartbeat_ms < ?4)";
static const char sql_presence_each[] =
	"SELECT incident_id, author, pid, host, started_ms, heartbeat_ms"
	" FROM presence WHERE incident_id = ?1 AND heartbeat_ms >= ?2"
	" ORDER BY started_ms, pid";

enum calm_rc store_role_get(struct store *st, long long incident,
			    const char *role, char **person,
			    struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src;

	*person = NULL;
	rc = store_prep(st, SQ_ROLE_GET, sql_role_get, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	store_bind_text(stmt, 2, role);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		*person = store_column_dup(stmt, 0);
	else if (src != SQLITE_DONE)
		rc = store_fail(st, src, false, err);
out:
	store_done(st, SQ_ROLE_GET, stmt);
	return rc;
}

enum calm_rc store_role_set(struct store *st, long long incident,
			    const char *role, const char *person,
			    long long ts_ms, struct calm_err *err)
{
	bool clear = !person || !person[0];
	enum store_stmt sid = clear ? SQ_ROLE_CLEAR : SQ_ROLE_SET;
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;

	rc = store_writable(st, err);
	if (rc == CALM_OK)
		rc = store_prep(st, sid, clear ? sql_role_clear : sql_role_set,
				&stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	store_bind_text(stmt, 2, role);
	if (!clear) {
		store_bind_text(stmt, 3, person);
		sqlite3_bind_int64(stmt, 4, ts_ms);
	}
	rc = store_exec_stmt(st, stmt, true, err);
	rc = store_fk_notfound(st, rc, incident, err);
out:
	store_done(st, sid, stmt);
	return rc;
}

enum calm_rc store_role_each(struct store *st, long long incident,
			     int (*cb)(const char *, const char *, long long, void *),
			     void *ctx, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;
	int src;

	rc = store_prep(st, SQ_ROLE_EACH, sql_role_each, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (cb((const char *)sqlite3_column_text(stmt, 0),
		       (const char *)sqlite3_column_text(stmt, 1),
		       sqlite3_column_int64(stmt, 2), ctx) != 0)
			goto out;
	}
	if (src != SQLITE_DONE)
		rc = store_fail(st, src, false, err);
out:
	store_done(st, SQ_ROLE_EACH, stmt);
	return rc;
}

/* ---- presence ---- */

/* Run one presence write in its own short transaction. */
static enum calm_rc presence_write(struct store *st, enum store_stmt id,
				   const char *sql, long long incident,
				   const char *host, long long pid,
				   const char *author, long long ms,
				   struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;

	rc = store_begin(st, err);
	if (rc != CALM_OK)
		return rc;
	rc = store_prep(st, id, sql, &stmt, err);
	if (rc == CALM_OK) {
		sqlite3_bind_int64(stmt, 1, incident);
		store_bind_text(stmt, 2, host);
		sqlite3_bind_int64(stmt, 3, pid);
		if (id == SQ_PRESENCE_ENTER) {
			store_bind_text(stmt, 4, author);
			sqlite3_bind_int64(stmt, 5, ms);
		} else {
			sqlite3_bind_int64(stmt, 4, ms);
		}
		rc = store_exec_stmt(st, stmt, true, err);
		rc = store_fk_notfound(st, rc, incident, err);
	}
	store_done(st, id, stmt);
	if (rc == CALM_OK)
		return store_commit(st, err);
	store_rollback(st);
	return rc;
}

enum calm_rc store_presence_enter(struct store *st, long long incident,
				  const char *author, long long pid,
				  const char *host, long long now_ms,
				  struct calm_err *err)
{
	/* clear out our own old row and every long-expired one first */
	enum calm_rc rc = presence_write(st, SQ_PRESENCE_LEAVE, sql_presence_leave,
					 incident, host, pid, NULL,
					 now_ms - PRESENCE_TTL_MS, err);
	if (rc == CALM_OK)
		rc = presence_write(st, SQ_PRESENCE_ENTER, sql_presence_enter,
				    incident, host, pid, author, now_ms, err);
	return rc;
}

enum calm_rc store_presence_heartbeat(struct store *st, long long incident,
				      long long pid, const char *host,
				      long long now_ms, struct calm_err *err)
{
	return presence_write(st, SQ_PRESENCE_BEAT, sql_presence_beat, incident,
			      host, pid, NULL, now_ms, err);
}

enum calm_rc store_presence_leave(struct store *st, long long incident,
				  long long pid, const char *host,
				  struct calm_err *err)
{
	/* a cutoff no heartbeat is below: remove only our own row */
	return presence_write(st, SQ_PRESENCE_LEAVE, sql_presence_leave, incident,
			      host, pid, NULL, -1, err);
}

/* Is pid gone?  Only a definite ESRCH counts (EPERM: alive, not ours). */
static bool pid_gone(long long pid)
{
	if (pid <= 0 || pid > 0x7fffffff)
		return true;
	return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

enum calm_rc store_presence_each(struct store *st, long long incident,
				 const char *this_host, long long now_ms,
				 int (*cb)(const struct presence *, void *),
				 void *ctx, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	struct presence p;
	enum calm_rc rc;
	int src;

	rc = store_prep(st, SQ_PRESENCE_EACH, sql_presence_each, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, incident);
	sqlite3_bind_int64(stmt, 2, now_ms - PRESENCE_TTL_MS);
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		p.incident = sqlite3_column_int64(stmt, 0);
		p.author = (const char *)sqlite3_column_text(stmt, 1);
		p.pid = sqlite3_column_int64(stmt, 2);
		p.host = (const char *)sqlite3_column_text(stmt, 3);
		p.started_ms = sqlite3_column_int64(stmt, 4);
		p.heartbeat_ms = sqlite3_column_int64(stmt, 5);
		if (this_host && p.host && strcmp(p.host, this_host) == 0 &&
		    pid_gone(p.pid))
			continue;
		if (cb(&p, ctx) != 0)
			goto out;
	}
	if (src != SQLITE_DONE)
		rc = store_fail(st, src, false, err);
out:
	store_done(st, SQ_PRESENCE_EACH, stmt);
	return rc;
}
