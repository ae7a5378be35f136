/*
 * drill.c - a drill database's own tables: each drill's scenario and
 * where it stands, beside the drill incident it runs on.
 *
 * A drill database is an ordinary calm database (the same schema, so
 * every action, read and export works on a drill incident) that also
 * has these tables, made by store_drill_prepare() and nowhere else: a
 * team's database never has them, so nothing here can touch one.
 *
 *   drill        one row per drill incident: where the scenario came
 *                from, its premise and the original's figures (for the
 *                score), the speed, and the state the console saves
 *                (clock, paused, observations delivered, attempts
 *                answered, running / done / abandoned)
 *   drill_obs    the scenario's observations, by seq (delivery order)
 *   drill_fix    what the system does for a matching attempt, by seq
 *   drill_also   a fix's other wordings
 *
 * The drill row is state, not record: the record of what happened in a
 * drill is its incident's timeline, as for any incident.  A drill is
 * deleted whole (store_drill_delete): its incident and every row kept
 * for it, events included.  That is the one place calm deletes events,
 * so the append-only trigger is dropped and made again inside the
 * deleting transaction, which nothing else ever sees half done.
 */
#include "calm/store-drill.h"

#include <stdlib.h>
#include <string.h>

#include "calm/scenario.h"
#include "store-int.h"

static const char sql_prepare[] =
	"CREATE TABLE IF NOT EXISTS drill ("
	" incident_id INTEGER PRIMARY KEY REFERENCES incidents (id),"
	" source TEXT NOT NULL,"
	" trainee TEXT NOT NULL,"
	" speed INTEGER NOT NULL CHECK (speed >= 1),"
	" status TEXT NOT NULL DEFAULT 'running'"
	"  CHECK (status IN ('running', 'done', 'abandoned')),"
	" drill_ms INTEGER NOT NULL DEFAULT 0,"
	" paused INTEGER NOT NULL DEFAULT 0,"
	" next_obs INTEGER NOT NULL DEFAULT 0,"
	" fixes_seen INTEGER NOT NULL DEFAULT 0,"
	" started_ms INTEGER NOT NULL,"
	" ended_ms INTEGER,"
	" title TEXT NOT NULL,"
	" severity INTEGER NOT NULL,"
	" product TEXT,"
	" from_incident INTEGER NOT NULL,"
	" orig_internal_ms INTEGER NOT NULL,"
	" orig_external_ms INTEGER NOT NULL,"
	" orig_resolution_ms INTEGER NOT NULL,"
	" orig_fix_ms INTEGER NOT NULL,"
	" orig_attempts INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS drill_obs ("
	" incident_id INTEGER NOT NULL REFERENCES drill (incident_id),"
	" seq INTEGER NOT NULL,"
	" at_ms INTEGER NOT NULL,"
	" author TEXT NOT NULL,"
	" text TEXT NOT NULL,"
	" PRIMARY KEY (incident_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS drill_fix ("
	" incident_id INTEGER NOT NULL REFERENCES drill (incident_id),"
	" seq INTEGER NOT NULL,"
	" what TEXT NOT NULL,"
	" outcome INTEGER NOT NULL,"
	" note TEXT,"
	" at_ms INTEGER NOT NULL,"
	" PRIMARY KEY (incident_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS drill_also ("
	" incident_id INTEGER NOT NULL REFERENCES drill (incident_id),"
	" fix INTEGER NOT NULL,"
	" seq INTEGER NOT NULL,"
	" text TEXT NOT NULL,"
	" PRIMARY KEY (incident_id, fix, seq)) WITHOUT ROWID;";

/* The trigger as migration 1 made it: dropped and made again, word for
 * word, around a drill's deletion. */
#define EVENTS_NO_DELETE \
	"CREATE TRIGGER events_no_delete BEFORE DELETE ON events" \
	" BEGIN SELECT RAISE(ABORT, 'the timeline is append-only'); END;"

/* The counts per status and severity (tally, schema 6) are kept by
 * triggers on insert and update only: a deletion counts them again
 * from the incidents left, which also mends a drill database whose
 * counts an earlier deletion left behind.  A drill database holds a few
 * incidents, so the count is cheap. */
#define TALLY_FROM_ROWS \
	"DELETE FROM tally;" \
	"INSERT INTO tally (status, severity, n)" \
	" SELECT status, severity, count(*) FROM incidents GROUP BY status, severity;"

static const char sql_delete[] =
	"DROP TRIGGER events_no_delete;"
	"DELETE FROM search WHERE incident = ?1;"
	"DELETE FROM events WHERE incident_id = ?1;"
	"DELETE FROM checklist WHERE incident_id = ?1;"
	"DELETE FROM fields WHERE incident_id = ?1;"
	"DELETE FROM comms WHERE incident_id = ?1;"
	"DELETE FROM fixes WHERE incident_id = ?1;"
	"DELETE FROM actions WHERE incident_id = ?1;"
	"DELETE FROM exports WHERE incident_id = ?1;"
	"DELETE FROM roles WHERE incident_id = ?1;"
	"DELETE FROM offers WHERE incident_id = ?1;"
	"DELETE FROM presence WHERE incident_id = ?1;"
	"DELETE FROM seals WHERE incident_id = ?1;"
	"DELETE FROM drill_also WHERE incident_id = ?1;"
	"DELETE FROM drill_fix WHERE incident_id = ?1;"
	"DELETE FROM drill_obs WHERE incident_id = ?1;"
	"DELETE FROM drill WHERE incident_id = ?1;"
	"DELETE FROM incidents WHERE id = ?1;"
	TALLY_FROM_ROWS
	EVENTS_NO_DELETE;

static const char sql_add[] =
	"INSERT INTO drill (incident_id, source, trainee, speed, started_ms, title,"
	" severity, product, from_incident, orig_internal_ms, orig_external_ms,"
	" orig_resolution_ms, orig_fix_ms, orig_attempts)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
static const char sql_add_obs[] =
	"INSERT INTO drill_obs (incident_id, seq, at_ms, author, text) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_add_fix[] =
	"INSERT INTO drill_fix (incident_id, seq, what, outcome, note, at_ms)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_add_also[] =
	"INSERT INTO drill_also (incident_id, fix, seq, text) VALUES (?1, ?2, ?3, ?4)";
#define DRILL_COLS \
	"incident_id, source, trainee, speed, status, drill_ms, paused, next_obs," \
	" fixes_seen, started_ms, coalesce(ended_ms, 0), title, severity, product," \
	" from_incident, orig_internal_ms, orig_external_ms, orig_resolution_ms," \
	" orig_fix_ms, orig_attempts"
static const char sql_get[] = "SELECT " DRILL_COLS " FROM drill WHERE incident_id = ?1";
static const char sql_each[] = "SELECT " DRILL_COLS " FROM drill ORDER BY incident_id DESC";
static const char sql_obs[] =
	"SELECT at_ms, author, text FROM drill_obs WHERE incident_id = ?1 ORDER BY seq";
static const char sql_fixes[] =
	"SELECT what, outcome, note, at_ms FROM drill_fix WHERE incident_id = ?1 ORDER BY seq";
static const char sql_also[] =
	"SELECT fix, text FROM drill_also WHERE incident_id = ?1 ORDER BY fix, seq";
static const char sql_set[] =
	"UPDATE drill SET speed = ?2, status = ?3, drill_ms = ?4, paused = ?5, next_obs = ?6,"
	" fixes_seen = ?7, ended_ms = nullif(?8, 0) WHERE incident_id = ?1";

/* The columns of DRILL_COLS into a struct store_drill; the original's
 * figures go into a row's scenario head (drill_head). */
struct drill_head {
	struct store_drill d;
	const char *title, *product;
	int severity;
	bool from_incident;
	long long orig[AUD_COUNT], orig_fix_ms, orig_attempts;
};

_Static_assert(AUD_COUNT == 3, "one original's column per audience");

static const struct store_col drill_cols[] = {
	COL(struct drill_head, COL_INT64, d.incident),
	COL(struct drill_head, COL_DUP, d.source),
	COL(struct drill_head, COL_DUP, d.trainee),
	COL(struct drill_head, COL_INT, d.speed),
	COL(struct drill_head, COL_DUP, d.status),
	COL(struct drill_head, COL_INT64, d.drill_ms),
	COL(struct drill_head, COL_BOOL, d.paused),
	COL(struct drill_head, COL_INT64, d.next_obs),
	COL(struct drill_head, COL_INT64, d.fixes_seen),
	COL(struct drill_head, COL_INT64, d.started_ms),
	COL(struct drill_head, COL_INT64, d.ended_ms),
	COL(struct drill_head, COL_TEXT, title),
	COL(struct drill_head, COL_INT, severity),
	COL(struct drill_head, COL_TEXT, product),
	COL(struct drill_head, COL_BOOL, from_incident),
	COL(struct drill_head, COL_INT64, orig[0]),
	COL(struct drill_head, COL_INT64, orig[1]),
	COL(struct drill_head, COL_INT64, orig[2]),
	COL(struct drill_head, COL_INT64, orig_fix_ms),
	COL(struct drill_head, COL_INT64, orig_attempts),
	COL_LAST,
};

void store_drill_release(struct store_drill *d)
{
	free(d->source);
	free(d->trainee);
	free(d->status);
	memset(d, 0, sizeof *d);
}

enum calm_rc store_drill_prepare(struct store *st, struct calm_err *err)
{
	enum calm_rc rc = store_begin(st, err);
	int src;

	if (rc != CALM_OK)
		return rc;
	src = sqlite3_exec(st->db, sql_prepare, NULL, NULL, NULL);
	if (src != SQLITE_OK) {
		rc = store_fail(st, src, true, err);
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}

/* Asked of the schema SQLite has read already (every open reads it): no
 * statement to prepare, no read of its own.  A team's server has no
 * drill: drills live in a file of their own (app/read.c never asks a
 * server, app/drill.c opens the drills' file). */
enum calm_rc store_drill_is(struct store *st, bool *yes, struct calm_err *err)
{
	int src;

	*yes = false;
	if (!st->db)
		return CALM_OK;
	src = sqlite3_table_column_metadata(st->db, "main", "drill", NULL, NULL, NULL, NULL, NULL,
					    NULL);
	*yes = src == SQLITE_OK;
	/* SQLITE_ERROR: no such table */
	return src == SQLITE_OK || src == SQLITE_ERROR ? CALM_OK : store_fail(st, src, false, err);
}

static enum calm_rc add_fix(struct store *st, long long incident, long long seq,
			    const struct scenario_fix *f, struct calm_err *err)
{
	enum calm_rc rc = store_write(st, SQ_DRILL_ADD_FIX, sql_add_fix,
				      ARGS(A_INT(incident), A_INT(seq), A_TEXT(f->what),
					   A_INT(f->outcome), A_TEXT(f->note), A_INT(f->at_ms)),
				      NULL, err);

	for (long long k = 0; rc == CALM_OK && f->also && f->also[k]; k++)
		rc = store_write(st, SQ_DRILL_ADD_ALSO, sql_add_also,
				 ARGS(A_INT(incident), A_INT(seq), A_INT(k), A_TEXT(f->also[k])),
				 NULL, err);
	return rc;
}

enum calm_rc store_drill_add(struct store *st, const struct store_drill *d,
			     const struct scenario *sc, struct calm_err *err)
{
	enum calm_rc rc = store_writable(st, err);

	if (rc == CALM_OK)
		rc = store_write(st, SQ_DRILL_ADD, sql_add,
				 ARGS(A_INT(d->incident), A_TEXT(d->source), A_TEXT(d->trainee),
				      A_INT(d->speed), A_INT(d->started_ms), A_TEXT(sc->title),
				      A_INT(sc->severity), A_TEXT(sc->product),
				      A_INT(sc->from_incident), A_INT(sc->orig_first_sent_ms[0]),
				      A_INT(sc->orig_first_sent_ms[1]),
				      A_INT(sc->orig_first_sent_ms[2]), A_INT(sc->orig_fix_ms),
				      A_INT(sc->orig_attempts)),
				 NULL, err);
	for (size_t i = 0; rc == CALM_OK && i < sc->nobs; i++)
		rc = store_write(st, SQ_DRILL_ADD_OBS, sql_add_obs,
				 ARGS(A_INT(d->incident), A_INT((long long)i),
				      A_INT(sc->obs[i].at_ms), A_TEXT(sc->obs[i].author),
				      A_TEXT(sc->obs[i].text)),
				 NULL, err);
	for (size_t i = 0; rc == CALM_OK && i < sc->nfixes; i++)
		rc = add_fix(st, d->incident, (long long)i, &sc->fixes[i], err);
	return store_fk_notfound(st, rc, d->incident, err);
}

/* A string read back, never NULL. */
static char *dup_text(const char *s)
{
	return xstrdup(s ? s : "");
}

/* Rows of the scenario's lists as read. */
struct obs_row { long long at_ms; const char *author, *text; };
struct fix_row_in { const char *what; int outcome; const char *note; long long at_ms; };
struct also_row { long long fix; const char *text; };

static const struct store_col obs_cols[] = {
	COL(struct obs_row, COL_INT64, at_ms),
	COL(struct obs_row, COL_TEXT, author),
	COL(struct obs_row, COL_TEXT, text),
	COL_LAST,
};
static const struct store_col fix_cols[] = {
	COL(struct fix_row_in, COL_TEXT, what),
	COL(struct fix_row_in, COL_INT, outcome),
	COL(struct fix_row_in, COL_TEXT, note),
	COL(struct fix_row_in, COL_INT64, at_ms),
	COL_LAST,
};
static const struct store_col also_cols[] = {
	COL(struct also_row, COL_INT64, fix),
	COL(struct also_row, COL_TEXT, text),
	COL_LAST,
};

/* The scenario of a drill whose head h was read: its lists. */
static enum calm_rc read_scenario(struct store *st, const struct drill_head *h,
				  struct scenario **out, struct calm_err *err)
{
	struct scenario *sc = xcalloc(1, sizeof *sc);
	struct obs_row o;
	struct fix_row_in f;
	struct also_row a;
	struct store_q q;
	enum calm_rc rc;

	sc->title = dup_text(h->title);
	sc->severity = h->severity >= 1 && h->severity <= 4 ? h->severity : 3;
	sc->product = h->product ? xstrdup(h->product) : NULL;
	sc->source = dup_text(h->d.source);
	sc->from_incident = h->from_incident;
	for (int k = 0; k < AUD_COUNT; k++)
		sc->orig_first_sent_ms[k] = h->orig[k];
	sc->orig_fix_ms = h->orig_fix_ms;
	sc->orig_attempts = h->orig_attempts;
	store_q_open(&q, st, SQ_DRILL_OBS, sql_obs, ARGS(A_INT(h->d.incident)), err);
	while (store_q_row(&q, obs_cols, &o)) {
		sc->obs = xrealloc(sc->obs, (sc->nobs + 1) * sizeof *sc->obs);
		sc->obs[sc->nobs++] = (struct scenario_obs){ o.at_ms < 0 ? 0 : o.at_ms,
							     dup_text(o.author), dup_text(o.text) };
	}
	rc = store_q_close(&q);
	if (rc == CALM_OK) {
		store_q_open(&q, st, SQ_DRILL_FIXES, sql_fixes, ARGS(A_INT(h->d.incident)), err);
		while (store_q_row(&q, fix_cols, &f)) {
			sc->fixes = xrealloc(sc->fixes, (sc->nfixes + 1) * sizeof *sc->fixes);
			sc->fixes[sc->nfixes++] = (struct scenario_fix){
				.what = dup_text(f.what),
				.outcome = f.outcome >= 0 && f.outcome < SC_OUTCOME_COUNT
						   ? (enum scenario_outcome)f.outcome : SC_FAILED,
				.note = f.note ? xstrdup(f.note) : NULL, .at_ms = f.at_ms };
		}
		rc = store_q_close(&q);
	}
	if (rc == CALM_OK) {
		store_q_open(&q, st, SQ_DRILL_ALSO, sql_also, ARGS(A_INT(h->d.incident)), err);
		while (store_q_row(&q, also_cols, &a)) {
			if (a.fix < 0 || (size_t)a.fix >= sc->nfixes)
				continue;
			struct scenario_fix *fx = &sc->fixes[a.fix];
			size_t n = 0;
			while (fx->also && fx->also[n])
				n++;
			fx->also = xrealloc(fx->also, (n + 2) * sizeof *fx->also);
			fx->also[n] = dup_text(a.text);
			fx->also[n + 1] = NULL;
		}
		rc = store_q_close(&q);
	}
	if (rc != CALM_OK) {
		scenario_free(sc);
		sc = NULL;
	}
	*out = sc;
	return rc;
}

enum calm_rc store_drill_get(struct store *st, long long incident, struct store_drill *out,
			     struct scenario **sc, struct calm_err *err)
{
	struct drill_head h = { 0 };
	struct store_q q;
	enum calm_rc rc;
	bool found;

	memset(out, 0, sizeof *out);
	if (sc)
		*sc = NULL;
	store_q_open(&q, st, SQ_DRILL_GET, sql_get, ARGS(A_INT(incident)), err);
	found = store_q_row(&q, drill_cols, &h);
	if (found && sc)
		rc = read_scenario(st, &h, sc, err); /* h's texts live until q closes */
	else
		rc = CALM_OK;
	enum calm_rc qrc = store_q_close(&q);
	if (rc == CALM_OK)
		rc = qrc;
	if (rc == CALM_OK && !found)
		rc = calm_err_set(err, CALM_NOTFOUND, "no drill %lld", incident);
	if (rc == CALM_OK)
		*out = h.d;
	else
		store_drill_release(&h.d);
	return rc;
}

enum calm_rc store_drill_set(struct store *st, const struct store_drill *d,
			     struct calm_err *err)
{
	enum calm_rc rc = store_writable(st, err);

	if (rc == CALM_OK)
		rc = store_write(st, SQ_DRILL_SET, sql_set,
				 ARGS(A_INT(d->incident), A_INT(d->speed), A_TEXT(d->status),
				      A_INT(d->drill_ms), A_INT(d->paused), A_INT(d->next_obs),
				      A_INT(d->fixes_seen), A_INT(d->ended_ms)),
				 NULL, err);
	if (rc == CALM_OK && sqlite3_changes(st->db) == 0)
		rc = calm_err_set(err, CALM_NOTFOUND, "no drill %lld", d->incident);
	return rc;
}

enum calm_rc store_drill_each(struct store *st,
			      int (*cb)(const struct store_drill *, void *), void *ctx,
			      struct calm_err *err)
{
	struct drill_head h;
	struct store_q q;
	int stop = 0;

	store_q_open(&q, st, SQ_DRILL_EACH, sql_each, NULL, err);
	while (!stop && store_q_row(&q, drill_cols, &h)) {
		stop = cb(&h.d, ctx);
		store_drill_release(&h.d);
	}
	return store_q_close(&q);
}

enum calm_rc store_drill_delete(struct store *st, long long incident, struct calm_err *err)
{
	struct store_drill d;
	sqlite3_stmt *stmt = NULL;
	const char *sql = sql_delete, *tail = NULL;
	enum calm_rc rc = store_writable(st, err);
	int src = SQLITE_OK;

	if (rc == CALM_OK)
		rc = store_drill_get(st, incident, &d, NULL, err); /* only a drill */
	if (rc != CALM_OK)
		return rc;
	store_drill_release(&d);
	/* a script of statements, each bound to the one id; DDL is not
	 * cached (the trigger it drops would invalidate the cache) */
	while (src == SQLITE_OK && sql && *sql) {
		src = sqlite3_prepare_v2(st->db, sql, -1, &stmt, &tail);
		if (src != SQLITE_OK || !stmt)
			break;
		if (sqlite3_bind_parameter_count(stmt) > 0)
			sqlite3_bind_int64(stmt, 1, incident);
		src = sqlite3_step(stmt);
		src = src == SQLITE_DONE ? SQLITE_OK : src;
		sqlite3_finalize(stmt);
		stmt = NULL;
		sql = tail;
	}
	return src == SQLITE_OK ? CALM_OK : store_fail(st, src, true, err);
}
