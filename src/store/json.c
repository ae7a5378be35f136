/*
 * json.c - incidents as JSON, built by SQLite's JSON functions.
 *
 * The whole document comes out of one statement, so quoting and
 * escaping are SQLite's (control characters as \u00XX) and the bytes of
 * every stored string reach the output exactly.  Times are RFC 3339
 * UTC with milliseconds, computed with integer arithmetic so that no
 * millisecond is lost to floating point.  Subquery results pass through
 * json() because a value loses its JSON subtype at a subquery boundary
 * and would otherwise be embedded as a string.
 */
#include "calm/store.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "store-int.h"

/* ms since the epoch (an integer column) as "YYYY-MM-DDTHH:MM:SS.mmmZ". */
#define SQL_TS(x) \
	"(strftime('%Y-%m-%dT%H:%M:%S', " x " / 1000, 'unixepoch')" \
	" || format('.%03dZ', " x " % 1000))"
#define SQL_BOOL(x) "json(CASE WHEN " x " THEN 'true' ELSE 'false' END)"
/* Stored data that is not valid JSON (edited by hand) becomes a string. */
#define SQL_DATA(x) \
	"CASE WHEN " x " IS NULL THEN NULL WHEN json_valid(" x ") THEN json(" x ")" \
	" ELSE " x " END"

/* Ids of the amend (or strike) events naming event e, as a JSON array. */
#define SQL_CORRECTIONS(kind) \
	"json((SELECT json_group_array(c.id) FROM (SELECT id FROM events" \
	" WHERE incident_id = e.incident_id AND kind = '" kind "'" \
	" AND CAST(json_extract(data, '$.event') AS INTEGER) = e.id ORDER BY id) c))"
/* One event: text_b64 only when the stored bytes are not the text;
 * amended_by and struck_by only for a corrected note, run or shell. */
#define SQL_EVENT \
	"json_patch(json_patch(json_object(" \
	"  'id', e.id, 'ts', " SQL_TS("e.ts_ms") ", 'occurred', " SQL_TS("e.at_ms") "," \
	"  'backfilled', " SQL_BOOL("e.occurred_ms IS NOT NULL") "," \
	"  'author', e.author, 'kind', e.kind, 'text', e.text, 'data', " SQL_DATA("e.data") ")," \
	" CASE WHEN e.raw IS NULL THEN '{}'" \
	"  ELSE json_object('text_b64', calm_base64(e.raw)) END)," \
	" CASE WHEN e.kind NOT IN ('note', 'run', 'shell') THEN '{}'" \
	"  ELSE json_remove(json_object('amended_by', " SQL_CORRECTIONS("amend") "," \
	"   'struck_by', " SQL_CORRECTIONS("strike") ")," \
	"   CASE WHEN EXISTS (SELECT 1 FROM events WHERE incident_id = e.incident_id" \
	"    AND kind = 'amend' AND CAST(json_extract(data, '$.event') AS INTEGER) = e.id)" \
	"    THEN '$.none' ELSE '$.amended_by' END," \
	"   CASE WHEN EXISTS (SELECT 1 FROM events WHERE incident_id = e.incident_id" \
	"    AND kind = 'strike' AND CAST(json_extract(data, '$.event') AS INTEGER) = e.id)" \
	"    THEN '$.none' ELSE '$.struck_by' END) END)"

#define SQL_SUMMARY \
	"'id', i.id, 'uuid', i.uuid, 'title', i.title, 'severity', i.severity," \
	" 'product', (SELECT value FROM fields WHERE incident_id = i.id AND name = 'product')," \
	" 'status', i.status, 'stage', i.stage_id, 'stage_index', i.stage_index," \
	" 'declared', " SQL_TS("i.declared_ms")

static const char sql_json_one[] =
	"SELECT json_object(" SQL_SUMMARY ","
	" 'closed', CASE WHEN i.closed_ms IS NULL THEN NULL ELSE " SQL_TS("i.closed_ms") " END,"
	" 'checklist', json((SELECT json_group_array(json_object("
	"   'id', c.item_id, 'stage', c.stage_id, 'text', c.text,"
	"   'required', " SQL_BOOL("c.required") ", 'checked', " SQL_BOOL("c.checked") "))"
	"  FROM (SELECT * FROM checklist WHERE incident_id = i.id ORDER BY position) c)),"
	" 'fields', json((SELECT json_group_object(f.name, f.value)"
	"  FROM (SELECT name, value FROM fields WHERE incident_id = i.id ORDER BY name) f)),"
	" 'roles', json((SELECT json_group_object(r.role, r.person)"
	"  FROM (SELECT role, person FROM roles WHERE incident_id = i.id ORDER BY role) r)),"
	" 'events', json((SELECT json_group_array(" SQL_EVENT ")"
	"  FROM (SELECT * FROM events WHERE incident_id = i.id ORDER BY at_ms, id) e)))"
	" FROM incidents i WHERE i.id = ?1";

static const char sql_json_list[] =
	"SELECT json_group_array(json(s.obj)) FROM (SELECT json_object(" SQL_SUMMARY ","
	" 'events', i.events) AS obj"
	" FROM incidents i"
	" WHERE (?1 AND i.status = 'active') OR (?2 AND i.status = 'closed')"
	" ORDER BY i.id DESC) s";

#define SQL_TS_OR_NULL(x) \
	"CASE WHEN " x " IS NULL OR " x " = 0 THEN NULL ELSE " SQL_TS(x) " END"

/* ?1 is the incident's JSON from sql_json_one, ?2 its id. */
static const char sql_json_postmortem[] =
	"SELECT json_object('incident', json(?1),"
	" 'comms', json((SELECT json_group_array(json_object("
	"   'audience', c.audience, 'revision', c.revision, 'text', c.text,"
	"   'created', " SQL_TS("c.created_ms") ", 'author', c.author,"
	"   'sent', " SQL_TS_OR_NULL("c.sent_ms") ", 'sent_by', c.sent_by,"
	"   'channel', c.channel))"
	"  FROM (SELECT * FROM comms WHERE incident_id = ?2 ORDER BY id) c)),"
	" 'fixes', json((SELECT json_group_array(json_object("
	"   'n', f.n, 'what', f.what, 'why', f.why,"
	"   'started', " SQL_TS("f.started_ms") ", 'author', f.author,"
	"   'outcome', f.outcome, 'note', f.outcome_note,"
	"   'outcome_at', " SQL_TS_OR_NULL("f.outcome_ms") "))"
	"  FROM (SELECT row_number() OVER (ORDER BY id) AS n, * FROM fixes"
	"   WHERE incident_id = ?2 ORDER BY id) f)),"
	" 'actions', json((SELECT json_group_array(json_object("
	"   'n', a.n, 'title', a.title, 'owner', a.owner, 'category', a.category,"
	"   'due', a.due, 'status', a.status,"
	"   'created', " SQL_TS("a.created_ms") ", 'author', a.author))"
	"  FROM (SELECT row_number() OVER (ORDER BY id) AS n, * FROM actions"
	"   WHERE incident_id = ?2 ORDER BY id) a)),"
	" 'exports', json((SELECT json_group_array(json_object("
	"   'ts', " SQL_TS("x.ts_ms") ", 'format', x.format, 'path', x.path,"
	"   'author', x.author))"
	"  FROM (SELECT * FROM exports WHERE incident_id = ?2 ORDER BY id) x)),"
	/* the chain head and its seals, so a copy can be checked later */
	" 'chain', json_object("
	"   'database', (SELECT value FROM meta WHERE key = 'id'),"
	"   'event', (SELECT last_event FROM incidents WHERE id = ?2),"
	"   'events', (SELECT events FROM incidents WHERE id = ?2),"
	"   'head', (SELECT lower(hex(e.hash)) FROM events e, incidents i"
	"            WHERE i.id = ?2 AND e.id = i.last_event),"
	"   'seals', json((SELECT json_group_array(json_object("
	"     'event', z.event_id, 'events', z.events, 'head', lower(hex(z.head)),"
	"     'signed', " SQL_TS("z.signed_ms") ", 'author', z.author, 'key', z.key,"
	"     'signature', z.signature))"
	"    FROM (SELECT * FROM seals WHERE incident_id = ?2 ORDER BY event_id, id) z))))";

/* Step stmt for one row and copy its first column into *json. */
static enum calm_rc json_fetch(struct store *st, sqlite3_stmt *stmt,
			       long long id, char **json, struct calm_err *err)
{
	int src = sqlite3_step(stmt);

	if (src == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
		*json = store_column_dup(stmt, 0);
		return CALM_OK;
	}
	if (src == SQLITE_DONE)
		return calm_err_set(err, CALM_NOTFOUND, "no incident %lld", id);
	return store_fail(st, src, false, err);
}

enum calm_rc store_incident_json(struct store *st, long long id, char **json,
				 struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;

	*json = NULL;
	rc = store_prep(st, SQ_JSON_ONE, sql_json_one, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	rc = json_fetch(st, stmt, id, json, err);
out:
	store_done(st, SQ_JSON_ONE, stmt);
	return rc;
}

enum calm_rc store_incidents_json(struct store *st, unsigned filter,
				  char **json, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	enum calm_rc rc;

	*json = NULL;
	if (filter == 0)
		filter = INCIDENT_ACTIVE | INCIDENT_CLOSED;
	rc = store_prep(st, SQ_JSON_LIST, sql_json_list, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	sqlite3_bind_int(stmt, 1, (filter & INCIDENT_ACTIVE) != 0);
	sqlite3_bind_int(stmt, 2, (filter & INCIDENT_CLOSED) != 0);
	rc = json_fetch(st, stmt, 0, json, err);
out:
	store_done(st, SQ_JSON_LIST, stmt);
	return rc;
}

/* U+2028 and U+2029 (valid in JSON strings, line breaks in JavaScript)
 * as \u escapes; they can only occur inside strings. */
static char *escape_line_separators(char *json)
{
	struct buf b = BUF_INIT;

	if (!strstr(json, "\xe2\x80\xa8") && !strstr(json, "\xe2\x80\xa9"))
		return json;
	for (const char *p = json; *p; p++) {
		if (p[0] == '\xe2' && p[1] == '\x80' && (p[2] == '\xa8' || p[2] == '\xa9')) {
			buf_adds(&b, p[2] == '\xa8' ? "\\u2028" : "\\u2029");
			p += 2;
		} else {
			buf_addc(&b, *p);
		}
	}
	free(json);
	return buf_detach(&b);
}

enum calm_rc store_postmortem_json(struct store *st, long long id,
				   char **json, struct calm_err *err)
{
	sqlite3_stmt *stmt = NULL;
	char *inc = NULL;
	enum calm_rc rc;

	*json = NULL;
	rc = store_incident_json(st, id, &inc, err);
	if (rc == CALM_OK)
		rc = store_prep(st, SQ_JSON_POSTMORTEM, sql_json_postmortem, &stmt, err);
	if (rc != CALM_OK)
		goto out;
	store_bind_text(stmt, 1, inc);
	sqlite3_bind_int64(stmt, 2, id);
	rc = json_fetch(st, stmt, id, json, err);
	if (rc == CALM_OK)
		*json = escape_line_separators(*json);
out:
	store_done(st, SQ_JSON_POSTMORTEM, stmt);
	free(inc);
	return rc;
}
