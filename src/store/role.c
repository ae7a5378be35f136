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
static const char sql_offer_insert[] =
	"INSERT INTO offers (incident_id, role, person, offered_by, offered_ms, state)"
	" VALUES (?1, ?2, ?3, ?4, ?5, 'open') RETURNING id";
static const char sql_offer_end[] =
	"UPDATE offers SET state = ?2, ended_ms = ?3 WHERE id = ?1 AND state = 'open'";
static const char sql_offer_each[] =
	"SELECT id, incident_id, role, person, offered_by, offered_ms, state, coalesce(ended_ms, 0)"
	" FROM offers WHERE incident_id = ?1 AND (?2 = 0 OR state = 'open') ORDER BY id";
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

/* A role and its holder, as role_each hands them out. */
struct role_row {
	const char *role, *person;
	long long since_ms;
};

static const struct store_col role_cols[] = {
	COL(struct role_row, COL_TEXT, role),
	COL(struct role_row, COL_TEXT, person),
	COL(struct role_row, COL_INT64, since_ms),
	COL_LAST,
};

static const struct store_col presence_cols[] = {
	COL(struct presence, COL_INT64, incident),
	COL(struct presence, COL_TEXT, author),
	COL(struct presence, COL_INT64, pid),
	COL(struct presence, COL_TEXT, host),
	COL(struct presence, COL_INT64, started_ms),
	COL(struct presence, COL_INT64, heartbeat_ms),
	COL_LAST,
};

enum calm_rc store_role_get(struct store *st, long long incident,
			    const char *role, char **person,
			    struct calm_err *err)
{
	static const struct store_col holder[] = { COL_AT(COL_DUP, 0), COL_LAST };
	struct store_q q;

	*person = NULL;
	store_q_open(&q, st, SQ_ROLE_GET, sql_role_get, ARGS(A_INT(incident), A_TEXT(role)),
		     err);
	if (store_q_row(&q, holder, person) && !*person)
		*person = xstrdup("");
	return store_q_close(&q);
}

enum calm_rc store_role_set(struct store *st, long long incident,
			    const char *role, const char *person,
			    long long ts_ms, struct calm_err *err)
{
	enum calm_rc rc;

	if (!person || !person[0])
		rc = store_write(st, SQ_ROLE_CLEAR, sql_role_clear,
				 ARGS(A_INT(incident), A_TEXT(role)), NULL, err);
	else
		rc = store_write(st, SQ_ROLE_SET, sql_role_set,
				 ARGS(A_INT(incident), A_TEXT(role), A_TEXT(person), A_INT(ts_ms)),
				 NULL, err);
	return store_fk_notfound(st, rc, incident, err);
}

enum calm_rc store_role_each(struct store *st, long long incident,
			     int (*cb)(const char *, const char *, long long, void *),
			     void *ctx, struct calm_err *err)
{
	struct role_row r;
	struct store_q q;

	store_q_open(&q, st, SQ_ROLE_EACH, sql_role_each, ARGS(A_INT(incident)), err);
	while (store_q_row(&q, role_cols, &r) && cb(r.role, r.person, r.since_ms, ctx) == 0)
		;
	return store_q_close(&q);
}

/* ---- role offers ---- */

static const struct store_col offer_cols[] = {
	COL(struct offer, COL_INT64, id),
	COL(struct offer, COL_INT64, incident),
	COL(struct offer, COL_TEXT, role),
	COL(struct offer, COL_TEXT, person),
	COL(struct offer, COL_TEXT, by),
	COL(struct offer, COL_INT64, offered_ms),
	COL(struct offer, COL_TEXT, state),
	COL(struct offer, COL_INT64, ended_ms),
	COL_LAST,
};

enum calm_rc store_offer_add(struct store *st, long long incident, const char *role,
			     const char *person, const char *by, long long ts_ms,
			     long long *id, struct calm_err *err)
{
	enum calm_rc rc = store_write(st, SQ_OFFER_INSERT, sql_offer_insert,
				      ARGS(A_INT(incident), A_TEXT(role), A_TEXT(person), A_TEXT(by),
					   A_INT(ts_ms)),
				      id, err);

	return store_fk_notfound(st, rc, incident, err);
}

enum calm_rc store_offer_end(struct store *st, long long id, const char *state,
			     long long ts_ms, struct calm_err *err)
{
	enum calm_rc rc = store_write(st, SQ_OFFER_END, sql_offer_end,
				      ARGS(A_INT(id), A_TEXT(state), A_INT(ts_ms)), NULL, err);

	if (rc == CALM_OK && store_changes(st) == 0)
		rc = calm_err_set(err, CALM_NOTFOUND, "no open offer %lld", id);
	return rc;
}

enum calm_rc store_offer_each(struct store *st, long long incident, bool open_only,
			      int (*cb)(const struct offer *, void *), void *ctx,
			      struct calm_err *err)
{
	struct offer o;
	struct store_q q;

	store_q_open(&q, st, SQ_OFFER_EACH, sql_offer_each,
		     ARGS(A_INT(incident), A_INT(open_only)), err);
	while (store_q_row(&q, offer_cols, &o) && cb(&o, ctx) == 0)
		;
	return store_q_close(&q);
}

/* ---- presence ---- */

/* Run one presence write in its own short transaction. */
static enum calm_rc presence_write(struct store *st, enum store_stmt id,
				   const char *sql, const struct store_arg *args,
				   long long incident, struct calm_err *err)
{
	enum calm_rc rc = store_begin(st, err);

	if (rc != CALM_OK)
		return rc;
	rc = store_fk_notfound(st, store_write(st, id, sql, args, NULL, err), incident, err);
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
					 ARGS(A_INT(incident), A_TEXT(host), A_INT(pid),
					      A_INT(now_ms - PRESENCE_TTL_MS)),
					 incident, err);
	if (rc == CALM_OK)
		rc = presence_write(st, SQ_PRESENCE_ENTER, sql_presence_enter,
				    ARGS(A_INT(incident), A_TEXT(host), A_INT(pid),
					 A_TEXT(author), A_INT(now_ms)),
				    incident, err);
	return rc;
}

enum calm_rc store_presence_heartbeat(struct store *st, long long incident,
				      long long pid, const char *host,
				      long long now_ms, struct calm_err *err)
{
	return presence_write(st, SQ_PRESENCE_BEAT, sql_presence_beat,
			      ARGS(A_INT(incident), A_TEXT(host), A_INT(pid), A_INT(now_ms)),
			      incident, err);
}

enum calm_rc store_presence_leave(struct store *st, long long incident,
				  long long pid, const char *host,
				  struct calm_err *err)
{
	/* a cutoff no heartbeat is below: remove only our own row */
	return presence_write(st, SQ_PRESENCE_LEAVE, sql_presence_leave,
			      ARGS(A_INT(incident), A_TEXT(host), A_INT(pid), A_INT(-1)),
			      incident, err);
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
	struct presence p;
	struct store_q q;

	store_q_open(&q, st, SQ_PRESENCE_EACH, sql_presence_each,
		     ARGS(A_INT(incident), A_INT(now_ms - PRESENCE_TTL_MS)), err);
	while (store_q_row(&q, presence_cols, &p)) {
		if (this_host && p.host && strcmp(p.host, this_host) == 0 &&
		    pid_gone(p.pid))
			continue;
		if (cb(&p, ctx) != 0)
			break;
	}
	return store_q_close(&q);
}
