/*
 * json.c - incidents as JSON, built by SQLite's JSON functions.
 *
 * Each piece comes out of SQLite's JSON functions, so quoting and
 * escaping are SQLite's (control characters as \u00XX) and the bytes of
 * every stored string reach the output exactly.  An incident's events
 * are written a page at a time after the rest of its object, so a
 * million events never sit in memory at once; the bytes are those the
 * one statement that made the whole object gave.  Times are RFC 3339
 * UTC with milliseconds, computed with integer arithmetic so that no
 * millisecond is lost to floating point.  Subquery results pass through
 * json() because a value loses its JSON subtype at a subquery boundary
 * and would otherwise be embedded as a string.
 */
#include "calm/store.h"

#include <stdint.h>
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
	"json((SELECT json_group_array(c.id) FROM (SELECT c.id FROM events c" \
	" WHERE c.incident_id = e.incident_id AND c.kind = '" kind "'" \
	" AND json_valid(c.data) AND " STORE_NAMES("c", "e") " ORDER BY c.id) c))"
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
	"   CASE WHEN EXISTS (SELECT 1 FROM events c WHERE c.incident_id = e.incident_id" \
	"    AND c.kind = 'amend' AND json_valid(c.data) AND " STORE_NAMES("c", "e") ")" \
	"    THEN '$.none' ELSE '$.amended_by' END," \
	"   CASE WHEN EXISTS (SELECT 1 FROM events c WHERE c.incident_id = e.incident_id" \
	"    AND c.kind = 'strike' AND json_valid(c.data) AND " STORE_NAMES("c", "e") ")" \
	"    THEN '$.none' ELSE '$.struck_by' END) END)"

#define SQL_SUMMARY \
	"'id', i.id, 'uuid', i.uuid, 'title', i.title, 'severity', i.severity," \
	" 'product', (SELECT value FROM fields WHERE incident_id = i.id AND name = 'product')," \
	" 'status', i.status, 'stage', i.stage_id, 'stage_index', i.stage_index," \
	" 'declared', " SQL_TS("i.declared_ms")

/* The incident without its events (they come a page at a time). */
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
	"  FROM (SELECT role, person FROM roles WHERE incident_id = i.id ORDER BY role) r)))"
	" FROM incidents i WHERE i.id = ?1";
/* Events written a page at a time. */
#define JSON_EVENTS_PAGE 500
/* A page of its events in view order after the key (?2, ?3), ?4 of them. */
static const char sql_json_events[] =
	"SELECT e.at_ms, e.id, " SQL_EVENT " FROM events e"
	" WHERE e.incident_id = ?1 AND (e.at_ms, e.id) > (?2, ?3)"
	" ORDER BY e.at_ms, e.id LIMIT ?4";

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

/* Run statement id for its one row's first column, into *json. */
static enum calm_rc json_fetch(struct store *st, enum store_stmt id, const char *sql,
			       const struct store_arg *args, long long incident,
			       char **json, struct calm_err *err)
{
	static const struct store_col col[] = { COL_AT(COL_DUP, 0), COL_LAST };
	struct store_q q;
	enum calm_rc rc;

	*json = NULL;
	store_q_open(&q, st, id, sql, args, err);
	store_q_row(&q, col, json);
	rc = store_q_close(&q);
	if (rc == CALM_OK && !*json)
		rc = calm_err_set(err, CALM_NOTFOUND, "no incident %lld", incident);
	if (rc != CALM_OK) {
		free(*json);
		*json = NULL;
	}
	return rc;
}

/* A write callback that keeps everything in a buf. */
static enum calm_rc to_buf(const char *s, size_t n, void *ctx)
{
	buf_add(ctx, s, n);
	return CALM_OK;
}

/* U+2028 and U+2029 (valid in JSON strings, line breaks in JavaScript)
 * as \u escapes; they can only occur inside strings, so a piece that is
 * whole values can be escaped on its own. */
static enum calm_rc write_escaped(const char *s, size_t n,
				  enum calm_rc (*write)(const char *, size_t, void *), void *ctx)
{
	size_t from = 0;
	enum calm_rc rc = CALM_OK;

	for (size_t i = 0; rc == CALM_OK && i + 2 < n; i++)
		if (s[i] == '\xe2' && s[i + 1] == '\x80' && (s[i + 2] == '\xa8' || s[i + 2] == '\xa9')) {
			rc = write(s + from, i - from, ctx);
			if (rc == CALM_OK)
				rc = write(s[i + 2] == '\xa8' ? "\\u2028" : "\\u2029", 6, ctx);
			from = i + 3;
			i += 2;
		}
	return rc == CALM_OK ? write(s + from, n - from, ctx) : rc;
}

/* The incident's object: its head, then its events a page at a time.
 * escape: U+2028 and U+2029 escaped (the postmortem's JSON). */
static enum calm_rc incident_write(struct store *st, long long id, bool escape,
				   enum calm_rc (*write)(const char *, size_t, void *),
				   void *ctx, struct calm_err *err)
{
	struct ev_row {
		long long at, id;
		const char *json;
		size_t len;
	} r;
	static const struct store_col cols[] = {
		COL(struct ev_row, COL_INT64, at),
		COL(struct ev_row, COL_INT64, id),
		COL_BYTES_OF(struct ev_row, json, len),
		COL_LAST,
	};
	struct store_q q;
	char *head = NULL;
	long long at = INT64_MIN, after = 0, n = 0, page;
	enum calm_rc rc;

	rc = json_fetch(st, SQ_JSON_ONE, sql_json_one, ARGS(A_INT(id)), id, &head, err);
	if (rc == CALM_OK) /* the object without its closing brace */
		rc = escape ? write_escaped(head, strlen(head) - 1, write, ctx)
			    : write(head, strlen(head) - 1, ctx);
	free(head);
	if (rc == CALM_OK)
		rc = write(",\"events\":[", 11, ctx);
	while (rc == CALM_OK) {
		page = 0;
		store_q_open(&q, st, SQ_JSON_EVENTS, sql_json_events,
			     ARGS(A_INT(id), A_INT(at), A_INT(after), A_INT(JSON_EVENTS_PAGE)), err);
		while (rc == CALM_OK && store_q_row(&q, cols, &r)) {
			at = r.at;
			after = r.id;
			page++;
			if (n++)
				rc = write(",", 1, ctx);
			if (rc == CALM_OK)
				rc = escape ? write_escaped(r.json ? r.json : "null", r.json ? r.len : 4,
							    write, ctx)
					    : write(r.json ? r.json : "null", r.json ? r.len : 4, ctx);
		}
		if (store_q_close(&q) != CALM_OK && rc == CALM_OK)
			rc = q.rc;
		if (page < JSON_EVENTS_PAGE)
			break;
	}
	if (rc == CALM_OK)
		rc = write("]}", 2, ctx);
	return rc;
}

enum calm_rc store_incident_json_write(struct store *st, long long id,
				       enum calm_rc (*write)(const char *, size_t, void *),
				       void *ctx, struct calm_err *err)
{
	return incident_write(st, id, false, write, ctx, err);
}

enum calm_rc store_incident_json(struct store *st, long long id, char **json,
				 struct calm_err *err)
{
	struct buf b = BUF_INIT;
	enum calm_rc rc = incident_write(st, id, false, to_buf, &b, err);

	*json = rc == CALM_OK ? buf_detach(&b) : NULL;
	buf_release(&b);
	return rc;
}

enum calm_rc store_incidents_json(struct store *st, unsigned filter,
				  char **json, struct calm_err *err)
{
	if (filter == 0)
		filter = INCIDENT_ACTIVE | INCIDENT_CLOSED;
	return json_fetch(st, SQ_JSON_LIST, sql_json_list,
			  ARGS(A_INT((filter & INCIDENT_ACTIVE) != 0),
			       A_INT((filter & INCIDENT_CLOSED) != 0)),
			  0, json, err);
}

enum calm_rc store_postmortem_json_write(struct store *st, long long id,
					 enum calm_rc (*write)(const char *, size_t, void *),
					 void *ctx, struct calm_err *err)
{
	static const char prefix[] = "{\"incident\":{}";
	char *rest = NULL;
	enum calm_rc rc;

	/* the rest first: a missing incident is said before anything is written */
	rc = json_fetch(st, SQ_JSON_POSTMORTEM, sql_json_postmortem, ARGS(A_TEXT("{}"), A_INT(id)),
			id, &rest, err);
	if (rc == CALM_OK && strncmp(rest, prefix, sizeof prefix - 1) != 0)
		rc = calm_err_set(err, CALM_IO, "the postmortem's JSON of '%s' is not as made", st->path);
	if (rc == CALM_OK)
		rc = write("{\"incident\":", 12, ctx);
	if (rc == CALM_OK)
		rc = incident_write(st, id, true, write, ctx, err);
	if (rc == CALM_OK)
		rc = write_escaped(rest + sizeof prefix - 1, strlen(rest) - (sizeof prefix - 1),
				   write, ctx);
	free(rest);
	return rc;
}

enum calm_rc store_postmortem_json(struct store *st, long long id,
				   char **json, struct calm_err *err)
{
	struct buf b = BUF_INIT;
	enum calm_rc rc = store_postmortem_json_write(st, id, to_buf, &b, err);

	*json = rc == CALM_OK ? buf_detach(&b) : NULL;
	buf_release(&b);
	return rc;
}
