/*
 * move-sql.h - the statements that copy an incident from one store to
 * another (move.c), written once for both engines: each macro takes P,
 * the parameter spelling (SQLite ?N, PostgreSQL $N), so move.c and
 * pg-sql.c hold the same text but for that.
 *
 * A row is read as the columns its table copies, in the order the
 * insert binds them from ?2 (?1 is the new incident).  A nullable
 * integer is selected twice (whether it is set, then its value) and
 * bound as NULL when it is not; text and bytes are NULL as they were.
 */
#ifndef CALM_MOVE_SQL_H
#define CALM_MOVE_SQL_H

#define MV_LITE(n) "?" #n
#define MV_PG(n) "$" #n

/* the incident already there with this uuid */
#define MV_BY_UUID(P) "SELECT id FROM incidents WHERE uuid = " P(1)
/* what a read-only copy came from (NULL: the incident's own) */
#define MV_COPY_OF(P) "SELECT copy_of FROM incidents WHERE id = " P(1)

#define MV_INC(P) \
	"SELECT title, severity, status, stage_id, stage_index, declared_ms," \
	" closed_ms, closed_ms, declared_by, uuid, coalesce(hash_id, id) FROM incidents" \
	" WHERE id = " P(1)
#define MV_INC_INSERT(P) \
	"INSERT INTO incidents (title, severity, status, stage_id, stage_index, declared_ms," \
	" closed_ms, declared_by, uuid, hash_id, copy_of) VALUES (" P(1) ", " P(2) ", " P(3) \
	", " P(4) ", " P(5) ", " P(6) ", " P(7) ", " P(8) ", " P(9) ", " P(10) ", " P(11) ")" \
	" RETURNING id"

/* The derived tables, each with its columns' kinds (move.c: I an
 * integer, i one that may be NULL, T text, B bytes). */
#define MV_CHECKLIST_KINDS "TTITII"
#define MV_CHECKLIST(P) \
	"SELECT item_id, stage_id, position, text, required, checked FROM checklist" \
	" WHERE incident_id = " P(1) " ORDER BY position, item_id"
#define MV_CHECKLIST_INSERT(P) \
	"INSERT INTO checklist (incident_id, item_id, stage_id, position, text, required, checked)" \
	" VALUES (" P(1) ", " P(2) ", " P(3) ", " P(4) ", " P(5) ", " P(6) ", " P(7) ")"

#define MV_FIELDS_KINDS "TT"
#define MV_FIELDS(P) "SELECT name, value FROM fields WHERE incident_id = " P(1) " ORDER BY name"
#define MV_FIELDS_INSERT(P) \
	"INSERT INTO fields (incident_id, name, value) VALUES (" P(1) ", " P(2) ", " P(3) ")"

#define MV_COMMS_KINDS "TITITiTT"
#define MV_COMMS(P) \
	"SELECT audience, revision, text, created_ms, author, sent_ms, sent_ms, sent_by, channel" \
	" FROM comms WHERE incident_id = " P(1) " ORDER BY id"
#define MV_COMMS_INSERT(P) \
	"INSERT INTO comms (incident_id, audience, revision, text, created_ms, author, sent_ms," \
	" sent_by, channel) VALUES (" P(1) ", " P(2) ", " P(3) ", " P(4) ", " P(5) ", " P(6) \
	", " P(7) ", " P(8) ", " P(9) ")"

/* fix attempts and action items are numbered by their order: kept */
#define MV_FIXES_KINDS "TTITTTi"
#define MV_FIXES(P) \
	"SELECT what, why, started_ms, author, outcome, outcome_note, outcome_ms, outcome_ms" \
	" FROM fixes WHERE incident_id = " P(1) " ORDER BY id"
#define MV_FIXES_INSERT(P) \
	"INSERT INTO fixes (incident_id, what, why, started_ms, author, outcome, outcome_note," \
	" outcome_ms) VALUES (" P(1) ", " P(2) ", " P(3) ", " P(4) ", " P(5) ", " P(6) ", " P(7) \
	", " P(8) ")"

#define MV_ACTIONS_KINDS "TTTTTIT"
#define MV_ACTIONS(P) \
	"SELECT title, owner, category, due, status, created_ms, author" \
	" FROM actions WHERE incident_id = " P(1) " ORDER BY id"
#define MV_ACTIONS_INSERT(P) \
	"INSERT INTO actions (incident_id, title, owner, category, due, status, created_ms, author)" \
	" VALUES (" P(1) ", " P(2) ", " P(3) ", " P(4) ", " P(5) ", " P(6) ", " P(7) ", " P(8) ")"

#define MV_EXPORTS_KINDS "ITTT"
#define MV_EXPORTS(P) \
	"SELECT ts_ms, format, path, author FROM exports WHERE incident_id = " P(1) " ORDER BY id"
#define MV_EXPORTS_INSERT(P) \
	"INSERT INTO exports (incident_id, ts_ms, format, path, author)" \
	" VALUES (" P(1) ", " P(2) ", " P(3) ", " P(4) ", " P(5) ")"

#define MV_ROLES_KINDS "TTI"
#define MV_ROLES(P) \
	"SELECT role, person, since_ms FROM roles WHERE incident_id = " P(1) " ORDER BY role"
#define MV_ROLES_INSERT(P) \
	"INSERT INTO roles (incident_id, role, person, since_ms)" \
	" VALUES (" P(1) ", " P(2) ", " P(3) ", " P(4) ")"

#define MV_OFFERS_KINDS "TTTITi"
#define MV_OFFERS(P) \
	"SELECT role, person, offered_by, offered_ms, state, ended_ms, ended_ms" \
	" FROM offers WHERE incident_id = " P(1) " ORDER BY id"
#define MV_OFFERS_INSERT(P) \
	"INSERT INTO offers (incident_id, role, person, offered_by, offered_ms, state, ended_ms)" \
	" VALUES (" P(1) ", " P(2) ", " P(3) ", " P(4) ", " P(5) ", " P(6) ", " P(7) ")"

/* the events as stored, a page at a time after event P(2); the search
 * index is filled from the copied events in one statement (move.c) */
#define MV_EVENTS_KINDS "ITTTTBiBITi"
#define MV_EVENTS(P) \
	"SELECT id, ts_ms, author, kind, text, data, hash, occurred_ms, occurred_ms, raw, hash_v," \
	" uid, legacy_id, legacy_id FROM events WHERE incident_id = " P(1) " AND id > " P(2) \
	" ORDER BY id LIMIT " P(3)
#define MV_EVENTS_COLS 11
#define MV_EVENTS_BATCH_HEAD \
	"INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash, occurred_ms, raw," \
	" hash_v, uid, legacy_id) VALUES "
#define MV_EVENTS_INSERT(P) \
	MV_EVENTS_BATCH_HEAD "(" P(1) ", " P(2) ", " P(3) ", " P(4) ", " P(5) \
	", " P(6) ", " P(7) ", " P(8) ", " P(9) ", " P(10) ", " P(11) ", " P(12) ")"
/* MV_BATCH rows at once: the same columns, row r bound from
 * P(2 + 11r) on, P(1) the incident in each (store_mv_batch_sql) */

/* seals, each with what its signed message names (P(2): the source
 * database's id), placed at the event of the same count here */
#define MV_SEALS_KINDS "IBITTTTII"
#define MV_SEALS(P) \
	"SELECT events, head, signed_ms, author, key, signature, coalesce(signed_db, " P(2) ")," \
	" coalesce(signed_incident, incident_id), coalesce(signed_event, event_id)" \
	" FROM seals WHERE incident_id = " P(1) " ORDER BY event_id, id"
#define MV_SEALS_INSERT(P) \
	"INSERT INTO seals (incident_id, event_id, events, head, signed_ms, author, key, signature," \
	" signed_db, signed_incident, signed_event) VALUES (" P(1) ", (SELECT id FROM events" \
	" WHERE incident_id = " P(1) " ORDER BY id LIMIT 1 OFFSET " P(2) " - 1), " P(2) ", " P(3) \
	", " P(4) ", " P(5) ", " P(6) ", " P(7) ", " P(8) ", " P(9) ", " P(10) ")"

#endif
