/*
 * schema.c - the database schema as a list of migrations.
 *
 * migrations[v] takes a database from user_version v to v + 1; each is
 * one constant SQL script that ends by setting user_version, and runs
 * in its own BEGIN IMMEDIATE transaction, so a crash or a concurrent
 * opener never sees half a schema.  The version is read again inside
 * the transaction: two processes opening a new file at once both wait
 * for the lock, and the second finds the work done.
 *
 * To change the schema: append a script, bump STORE_SCHEMA_VERSION in
 * store.h, never edit a script that has shipped.
 *
 * comms keeps every saved revision of every draft, one row each:
 * revision counts up per (incident, audience); the newest revision is
 * the current draft, and sending marks that row sent.  (Schema 1 was
 * changed in place for this before any database was released.)
 *
 * The events table is append-only: triggers refuse UPDATE and DELETE,
 * and each row's hash chains to the previous one of its incident (see
 * event.c).  CHECKs pin each column's type, because the hash is over
 * the values as read back (a REAL ts_ms would hash like its integer
 * part).  incidents.last_event names the newest event so that removing
 * the tail of a timeline is noticed too.
 *
 * Schema 2 adds the full-text index, role assignments and
 * presence.  The index ("search", FTS5, one row per indexed event, rowid
 * = event id) is written by store_append_event() in the same statement
 * sequence as the event, not by a trigger: with trusted_schema=OFF
 * SQLite refuses a virtual table (and the JSON functions) inside a
 * trigger or view ("unsafe use of virtual table").  Migration 2 fills it
 * from the events already there with the same expression
 * (STORE_SEARCH_BODY), so old databases search like new ones.
 *
 * Schema 4 adds meta (key/value; 'id' is a random 128-bit identity made
 * once, so files kept outside the database - drafts, recovered text -
 * belong to one database and never surface in another) and seals:
 * signed checkpoints of an incident's chain (seal.c).  Neither table is
 * part of the timeline: a seal vouches for itself with its signature.
 *
 * Schema 5 gives each incident a random UUID (incidents.uuid, filled
 * for the rows already there), which the version 2 event hash covers
 * instead of the row id, so a chain still verifies once the incident
 * has moved to another store under another id.  Events get:
 * occurred_ms, the moment a backfilled event happened (NULL: when it
 * was written, ts_ms); at_ms, a generated column (occurred, else
 * written) that views sort and page by with events_at; raw, the exact
 * bytes of the text when they are not the valid UTF-8 in text; hash_v,
 * the version of the event's hash (1 for every event written before
 * schema 5, which still verify as they were).
 *
 * Schema 6 keeps the counts the faces show in the write transaction,
 * so nothing walks a timeline to count it: incidents.events and
 * incidents.notes (with last_event) are set by a trigger on each event
 * inserted, and tally holds how many incidents there are per status
 * and severity, kept by triggers on incidents.  Triggers, not the C
 * code, so a row written by any tool keeps them true; the migration
 * fills them from the rows already there.  events_state indexes the
 * events that change what an incident is (STORE_STATE_KINDS): time
 * travel replays those, not the notes between them.
 *
 * Schema 7 gives each event the unique id of the action that wrote it
 * (events.uid, NULL for the events before, not in the hash: a delivery
 * id, so a write replayed after a lost connection is never applied
 * twice) and keeps role offers (offers: a role handed to someone is
 * theirs once they take it; its open, taken, lapsed or withdrawn state
 * follows the "offer" and "role" events).
 *
 * Schema 8 lets an incident move to another store (store_incident_copy
 * in move.c) and keep every reference inside its timeline: its events
 * get new row ids there, so what names a row by its id is given a name
 * that travels.  events.legacy_id is the id an event was written under
 * when amend and strike events named it by that id alone (every event
 * written before schema 8; NULL for the events after, which amend and
 * strike name by their hash too); it is copied with the event, so an old
 * correction still finds its note in another store.  incidents.hash_id
 * is the number the incident's version 1 event hashes cover (NULL: its
 * id here), seals.signed_db, signed_incident and signed_event what a
 * seal's signed message names (NULL: this database, the incident's id
 * and the event's here); incidents.copy_of says an incident is a
 * read-only copy pulled from another store (NULL: the incident's own).
 * The events_no_update trigger is dropped for the one UPDATE that fills
 * legacy_id, and made again in the same transaction.
 *
 * Schema 9 lets a review count an incident without walking its events
 * (summary.c): events_author (incident, author, kind; the row id is in
 * every SQLite index) gives each author's events, notes and oldest
 * event by one index range, and events_suspect indexes the events that
 * may be damaged (STORE_SUSPECT_WHERE: a bad time or kind, or any data,
 * since no JSON function may run in the schema), which the review
 * checks one by one, skips and names.  Indexes, not counters: they are true of a row written by any
 * tool, and the migration is two CREATE INDEX over the rows there.
 */
#include "calm/store.h"

#include "store-int.h"

static const char *const migrations[] = {
	/* 0 -> 1: everything */
	"PRAGMA application_id = 1667329133;" /* STORE_APP_ID, 'calm' */
	"CREATE TABLE incidents ("
	" id INTEGER PRIMARY KEY,"
	" title TEXT NOT NULL,"
	" severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 4),"
	" status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),"
	" stage_id TEXT NOT NULL,"
	" stage_index INTEGER NOT NULL CHECK (stage_index >= 0),"
	" declared_ms INTEGER NOT NULL,"
	" closed_ms INTEGER,"
	" declared_by TEXT NOT NULL,"
	" last_event INTEGER,"
	" CHECK ((status = 'closed') = (closed_ms IS NOT NULL)));"
	"CREATE INDEX incidents_status ON incidents (status, id);"
	"CREATE TABLE checklist ("
	" incident_id INTEGER NOT NULL REFERENCES incidents (id),"
	" item_id TEXT NOT NULL,"
	" stage_id TEXT NOT NULL,"
	" position INTEGER NOT NULL,"
	" text TEXT NOT NULL,"
	" required INTEGER NOT NULL CHECK (required IN (0, 1)),"
	" checked INTEGER NOT NULL DEFAULT 0 CHECK (checked IN (0, 1)),"
	" PRIMARY KEY (incident_id, item_id)) WITHOUT ROWID;"
	"CREATE TABLE fields ("
	" incident_id INTEGER NOT NULL REFERENCES incidents (id),"
	" name TEXT NOT NULL,"
	" value TEXT NOT NULL,"
	" PRIMARY KEY (incident_id, name)) WITHOUT ROWID;"
	"CREATE TABLE events ("
	" id INTEGER PRIMARY KEY,"
	" incident_id INTEGER NOT NULL REFERENCES incidents (id),"
	" ts_ms INTEGER NOT NULL CHECK (typeof(ts_ms) = 'integer'),"
	" author TEXT NOT NULL CHECK (typeof(author) = 'text'),"
	" kind TEXT NOT NULL CHECK (typeof(kind) = 'text'),"
	" text TEXT NOT NULL CHECK (typeof(text) = 'text'),"
	" data TEXT CHECK (data IS NULL OR typeof(data) = 'text'),"
	" hash BLOB NOT NULL CHECK (typeof(hash) = 'blob' AND length(hash) = 32));"
	"CREATE INDEX events_incident ON events (incident_id, id);"
	"CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
	" BEGIN SELECT RAISE(ABORT, 'the timeline is append-only'); END;"
	"CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
	" BEGIN SELECT RAISE(ABORT, 'the timeline is append-only'); END;"
	"CREATE TABLE comms ("
	" id INTEGER PRIMARY KEY,"
	" incident_id INTEGER NOT NULL REFERENCES incidents (id),"
	" audience TEXT NOT NULL,"
	" revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),"
	" text TEXT NOT NULL,"
	" created_ms INTEGER NOT NULL,"
	" author TEXT NOT NULL,"
	" sent_ms INTEGER,"
	" sent_by TEXT,"
	" channel TEXT,"
	" UNIQUE (incident_id, audience, revision));"
	"CREATE TABLE fixes ("
	" id INTEGER PRIMARY KEY,"
	" incident_id INTEGER NOT NULL REFERENCES incidents (id),"
	" what TEXT NOT NULL,"
	" why TEXT,"
	" started_ms INTEGER NOT NULL,"
	" author TEXT NOT NULL,"
	" outcome TEXT CHECK (outcome IS NULL OR outcome IN"
	"  ('worked', 'failed', 'partial', 'rolled-back', 'no-fix')),"
	" outcome_note TEXT,"
	" outcome_ms INTEGER);"
	"CREATE INDEX fixes_incident ON fixes (incident_id);"
	"CREATE TABLE actions ("
	" id INTEGER PRIMARY KEY,"
	" incident_id INTEGER NOT NULL REFERENCES incidents (id),"
	" title TEXT NOT NULL,"
	" owner TEXT,"
	" category TEXT,"
	" due TEXT,"
	" status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),"
	" created_ms INTEGER NOT NULL,"
	" author TEXT NOT NULL);"
	"CREATE INDEX actions_incident ON actions (incident_id);"
	"CREATE TABLE exports ("
	" id INTEGER PRIMARY KEY,"
	" incident_id INTEGER NOT NULL REFERENCES incidents (id),"
	" ts_ms INTEGER NOT NULL,"
	" format TEXT NOT NULL,"
	" path TEXT,"
	" author TEXT NOT NULL);"
	"CREATE INDEX exports_incident ON exports (incident_id);"
	"PRAGMA user_version = 1;",

	/* 1 -> 2: search, roles, presence */
	"CREATE VIRTUAL TABLE search USING fts5("
	" incident UNINDEXED, kind UNINDEXED, body,"
	" tokenize = 'unicode61 remove_diacritics 2');"
	"INSERT INTO search (rowid, incident, kind, body)"
	" SELECT id, incident_id, kind, b FROM (SELECT id, incident_id, kind, "
	STORE_SEARCH_BODY("kind", "text", "data", "incident_id") " AS b FROM events)"
	" WHERE b IS NOT NULL AND b <> '';"
	"CREATE TABLE roles ("
	" incident_id INTEGER NOT NULL REFERENCES incidents (id),"
	" role TEXT NOT NULL,"
	" person TEXT NOT NULL,"
	" since_ms INTEGER NOT NULL,"
	" PRIMARY KEY (incident_id, role)) WITHOUT ROWID;"
	"CREATE TABLE presence ("
	" incident_id INTEGER NOT NULL REFERENCES incidents (id),"
	" host TEXT NOT NULL,"
	" pid INTEGER NOT NULL,"
	" author TEXT NOT NULL,"
	" started_ms INTEGER NOT NULL,"
	" heartbeat_ms INTEGER NOT NULL,"
	" PRIMARY KEY (incident_id, host, pid)) WITHOUT ROWID;"
	"PRAGMA user_version = 2;",

	/* 2 -> 3: the newest event of a kind, at once (stage begun checks);
	 * parenthesised so clang sees one deliberate concatenation */
	("CREATE INDEX events_kind ON events (incident_id, kind, id);"
	 "PRAGMA user_version = 3;"),

	/* 3 -> 4: the database's identity (drafts and recovered text are
	 * keyed by it) and signed checkpoints of the chain */
	("CREATE TABLE meta ("
	 " key TEXT PRIMARY KEY,"
	 " value TEXT NOT NULL) WITHOUT ROWID;"
	 "INSERT INTO meta (key, value) VALUES ('id', lower(hex(randomblob(16))));"
	 "CREATE TABLE seals ("
	 " id INTEGER PRIMARY KEY,"
	 " incident_id INTEGER NOT NULL REFERENCES incidents (id),"
	 " event_id INTEGER NOT NULL,"
	 " events INTEGER NOT NULL,"
	 " head BLOB NOT NULL CHECK (typeof(head) = 'blob' AND length(head) = 32),"
	 " signed_ms INTEGER NOT NULL,"
	 " author TEXT NOT NULL,"
	 " key TEXT NOT NULL,"
	 " signature TEXT NOT NULL);"
	 "CREATE INDEX seals_incident ON seals (incident_id, event_id);"
	 "PRAGMA user_version = 4;"),

	/* 4 -> 5: incidents get a unique id; events get the moment they
	 * happened (backfill), their exact bytes and a hash version */
	"ALTER TABLE incidents ADD COLUMN uuid TEXT;"
	"UPDATE incidents SET uuid = " STORE_UUID_SQL ";"
	"CREATE UNIQUE INDEX incidents_uuid ON incidents (uuid);"
	"ALTER TABLE events ADD COLUMN occurred_ms INTEGER"
	" CHECK (occurred_ms IS NULL OR typeof(occurred_ms) = 'integer');"
	"ALTER TABLE events ADD COLUMN raw BLOB CHECK (raw IS NULL OR typeof(raw) = 'blob');"
	"ALTER TABLE events ADD COLUMN hash_v INTEGER NOT NULL DEFAULT 1 CHECK (hash_v IN (1, 2));"
	"ALTER TABLE events ADD COLUMN at_ms INTEGER AS (coalesce(occurred_ms, ts_ms)) VIRTUAL;"
	"CREATE INDEX events_at ON events (incident_id, at_ms, id);"
	"PRAGMA user_version = 5;",

	/* 5 -> 6: counts kept as rows are written; the state events indexed */
	"ALTER TABLE incidents ADD COLUMN events INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE incidents ADD COLUMN notes INTEGER NOT NULL DEFAULT 0;"
	"UPDATE incidents SET"
	" events = (SELECT count(*) FROM events e WHERE e.incident_id = incidents.id),"
	" notes = (SELECT count(*) FROM events e WHERE e.incident_id = incidents.id"
	"  AND e.kind = 'note');"
	"CREATE TRIGGER events_count AFTER INSERT ON events BEGIN"
	" UPDATE incidents SET last_event = NEW.id, events = events + 1,"
	"  notes = notes + (NEW.kind = 'note') WHERE id = NEW.incident_id; END;"
	"CREATE TABLE tally ("
	" status TEXT NOT NULL,"
	" severity INTEGER NOT NULL,"
	" n INTEGER NOT NULL,"
	" PRIMARY KEY (status, severity)) WITHOUT ROWID;"
	"INSERT INTO tally (status, severity, n)"
	" SELECT status, severity, count(*) FROM incidents GROUP BY status, severity;"
	"CREATE TRIGGER tally_insert AFTER INSERT ON incidents BEGIN"
	" INSERT INTO tally (status, severity, n) VALUES (NEW.status, NEW.severity, 1)"
	"  ON CONFLICT (status, severity) DO UPDATE SET n = n + 1; END;"
	"CREATE TRIGGER tally_update AFTER UPDATE OF status, severity ON incidents"
	" WHEN OLD.status IS NOT NEW.status OR OLD.severity IS NOT NEW.severity BEGIN"
	" UPDATE tally SET n = n - 1 WHERE status = OLD.status AND severity = OLD.severity;"
	" INSERT INTO tally (status, severity, n) VALUES (NEW.status, NEW.severity, 1)"
	"  ON CONFLICT (status, severity) DO UPDATE SET n = n + 1; END;"
	"CREATE INDEX events_state ON events (incident_id, id) WHERE " STORE_STATE_WHERE ";"
	"PRAGMA user_version = 6;",

	/* 6 -> 7: each event's action id; role offers */
	"ALTER TABLE events ADD COLUMN uid TEXT CHECK (uid IS NULL OR typeof(uid) = 'text');"
	"CREATE UNIQUE INDEX events_uid ON events (uid);"
	"CREATE TABLE offers ("
	" id INTEGER PRIMARY KEY,"
	" incident_id INTEGER NOT NULL REFERENCES incidents (id),"
	" role TEXT NOT NULL,"
	" person TEXT NOT NULL,"
	" offered_by TEXT NOT NULL,"
	" offered_ms INTEGER NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'taken', 'lapsed', 'withdrawn')),"
	" ended_ms INTEGER);"
	"CREATE INDEX offers_incident ON offers (incident_id, role, id);"
	"PRAGMA user_version = 7;",

	/* 7 -> 8: what lets an incident move between stores */
	"DROP TRIGGER events_no_update;"
	"ALTER TABLE events ADD COLUMN legacy_id INTEGER"
	" CHECK (legacy_id IS NULL OR typeof(legacy_id) = 'integer');"
	"UPDATE events SET legacy_id = id;"
	"CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
	" BEGIN SELECT RAISE(ABORT, 'the timeline is append-only'); END;"
	"ALTER TABLE incidents ADD COLUMN hash_id INTEGER;"
	"ALTER TABLE incidents ADD COLUMN copy_of TEXT;"
	"ALTER TABLE seals ADD COLUMN signed_db TEXT;"
	"ALTER TABLE seals ADD COLUMN signed_incident INTEGER;"
	"ALTER TABLE seals ADD COLUMN signed_event INTEGER;"
	"PRAGMA user_version = 8;",

	/* 8 -> 9: what a review counts, from indexes */
	"CREATE INDEX events_author ON events (incident_id, author, kind);"
	"CREATE INDEX events_suspect ON events (incident_id, id) WHERE " STORE_SUSPECT_WHERE ";"
	"PRAGMA user_version = 9;",
};

_Static_assert(sizeof migrations / sizeof migrations[0] == STORE_SCHEMA_VERSION,
	       "one migration per schema version");
_Static_assert(STORE_APP_ID == 1667329133, "migration 1 spells STORE_APP_ID");

/* user_version, read inside the migration's transaction. */
static enum calm_rc schema_version(struct store *st, int *version,
				   struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	int src;
	enum calm_rc rc = CALM_OK;

	src = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &stmt, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		*version = sqlite3_column_int(stmt, 0);
	else
		rc = store_fail(st, src, false, err);
	sqlite3_finalize(stmt);
	return rc;
}

enum calm_rc store_migrate(struct store *st, int from, struct calm_err *err)
{
	enum calm_rc rc = CALM_OK;
	int version = from, src;

	while (rc == CALM_OK && version < STORE_SCHEMA_VERSION) {
		rc = store_begin(st, err);
		if (rc != CALM_OK)
			break;
		rc = schema_version(st, &version, err);
		if (rc == CALM_OK && version > STORE_SCHEMA_VERSION)
			rc = calm_err_set(err, CALM_DATA,
					  "database '%s' has schema version %d; this calm knows up to %d: upgrade calm",
					  st->path, version, STORE_SCHEMA_VERSION);
		if (rc == CALM_OK && version < STORE_SCHEMA_VERSION) {
			src = sqlite3_exec(st->db, migrations[version], NULL, NULL, NULL);
			if (src != SQLITE_OK)
				rc = store_fail(st, src, true, err);
			else
				version++;
		}
		if (rc == CALM_OK)
			rc = store_commit(st, err);
		else
			store_rollback(st);
	}
	return rc;
}
