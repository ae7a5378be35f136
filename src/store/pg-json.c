/*
 * pg-json.c - incidents as JSON on PostgreSQL: the same documents, byte
 * for byte, that SQLite's JSON functions build in json.c.
 *
 * PostgreSQL's own builders would not do: json_build_object puts spaces
 * around colons and commas, jsonb reorders keys.  So each document is
 * written out with || : to_json(text) quotes a string exactly as
 * SQLite's json_quote does (\" \\ \b \f \n \r \t, other control
 * characters as \u00xx in lower case, everything else as it is), numbers
 * and booleans are their text, arrays are string_agg over rows in the
 * order SQLite's subqueries give them, and a stored event's data (kept
 * as the minified text it was written as) is embedded as it is (text
 * that is not JSON, in a crafted row, as a string, as json.c does).
 */
#include "pg-int.h"

/* ms since the epoch as "YYYY-MM-DDTHH:MM:SS.mmmZ". */
#define J_TS(x) \
	"(to_char(to_timestamp((" x ") / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')" \
	" || '.' || lpad(((" x ") % 1000)::text, 3, '0') || 'Z')"
/* the same as a JSON string, and that or "null" for NULL or 0 */
#define J_TS_STR(x) "'\"' || " J_TS(x) " || '\"'"
#define J_TS_OR_NULL(x) "CASE WHEN " x " IS NULL OR " x " = 0 THEN 'null' ELSE " J_TS_STR(x) " END"
/* a string, a number, a boolean, each "null" for NULL */
#define J_STR(x) "coalesce(to_json(" x ")::text, 'null')"
#define J_NUM(x) "coalesce((" x ")::text, 'null')"
#define J_BOOL(x) "CASE WHEN " x " THEN 'true' ELSE 'false' END"
/* "key": */
#define J_KEY(k) "'\"" k "\":' || "
/* the array of objects obj from rows (a subquery), in order */
#define J_ARRAY(obj, order, from) \
	"'[' || coalesce((SELECT string_agg(" obj ", ',' ORDER BY " order ") FROM " from "), '') || ']'"

/* ,"amended_by":[ids] (or struck_by) when event e has any */
#define J_CORRECTIONS(key, kind) \
	"coalesce((SELECT '," key ":[' || string_agg(c.id::text, ',' ORDER BY c.id) || ']'" \
	" FROM events c WHERE c.incident_id = e.incident_id AND c.kind = '" kind "'" \
	" AND " PG_NAMES("c", "e") "), '')"

/* One event: text_b64 only when the stored bytes are not the text;
 * amended_by and struck_by only for a corrected note, run or shell. */
#define J_EVENT \
	"'{' || " J_KEY("id") "e.id || ',' || " J_KEY("ts") J_TS_STR("e.ts_ms") \
	" || ',' || " J_KEY("occurred") J_TS_STR("e.at_ms") \
	" || ',' || " J_KEY("backfilled") J_BOOL("e.occurred_ms IS NOT NULL") \
	" || ',' || " J_KEY("author") J_STR("e.author") \
	" || ',' || " J_KEY("kind") J_STR("e.kind") \
	" || ',' || " J_KEY("text") J_STR("e.text") \
	" || ',' || " J_KEY("data") "CASE WHEN e.data IS NULL THEN 'null'" \
	"  WHEN calm_json(e.data) IS NOT NULL THEN e.data ELSE to_json(e.data)::text END" \
	" || CASE WHEN e.raw IS NULL THEN '' ELSE ',\"text_b64\":\"' ||" \
	"  translate(encode(e.raw, 'base64'), E'\\n', '') || '\"' END" \
	" || CASE WHEN e.kind IN ('note', 'run', 'shell') THEN " \
	J_CORRECTIONS("\"amended_by\"", "amend") " || " J_CORRECTIONS("\"struck_by\"", "strike") \
	" ELSE '' END || '}'"

#define J_SUMMARY \
	J_KEY("id") "i.id || ',' || " J_KEY("uuid") J_STR("i.uuid") \
	" || ',' || " J_KEY("title") J_STR("i.title") \
	" || ',' || " J_KEY("severity") J_NUM("i.severity") \
	" || ',' || " J_KEY("product") \
	J_STR("(SELECT value FROM fields WHERE incident_id = i.id AND name = 'product')") \
	" || ',' || " J_KEY("status") J_STR("i.status") \
	" || ',' || " J_KEY("stage") J_STR("i.stage_id") \
	" || ',' || " J_KEY("stage_index") J_NUM("i.stage_index") \
	" || ',' || " J_KEY("declared") J_TS_STR("i.declared_ms")

/* The incident without its events (they come a page at a time). */
static const char json_one[] =
	"SELECT '{' || " J_SUMMARY
	" || ',' || " J_KEY("closed") J_TS_OR_NULL("i.closed_ms")
	" || ',' || " J_KEY("checklist")
	J_ARRAY("'{' || " J_KEY("id") J_STR("c.item_id") " || ',' || " J_KEY("stage") J_STR("c.stage_id")
		" || ',' || " J_KEY("text") J_STR("c.text")
		" || ',' || " J_KEY("required") J_BOOL("c.required <> 0")
		" || ',' || " J_KEY("checked") J_BOOL("c.checked <> 0") " || '}'",
		"c.position", "checklist c WHERE c.incident_id = i.id")
	" || ',' || " J_KEY("fields")
	"'{' || coalesce((SELECT string_agg(to_json(f.name)::text || ':' || to_json(f.value)::text,"
	" ',' ORDER BY f.name COLLATE \"C\") FROM fields f WHERE f.incident_id = i.id), '') || '}'"
	" || ',' || " J_KEY("roles")
	"'{' || coalesce((SELECT string_agg(to_json(r.role)::text || ':' || to_json(r.person)::text,"
	" ',' ORDER BY r.role COLLATE \"C\") FROM roles r WHERE r.incident_id = i.id), '') || '}'"
	" || '}' FROM incidents i WHERE i.id = $1";

/* A page of its events in view order after the key ($2, $3), $4 of them. */
static const char json_events[] =
	"SELECT e.at_ms, e.id, " J_EVENT " FROM events e"
	" WHERE e.incident_id = $1 AND (e.at_ms, e.id) > ($2, $3)"
	" ORDER BY e.at_ms, e.id LIMIT $4";

static const char json_list[] =
	"SELECT '[' || coalesce(string_agg(s.obj, ',' ORDER BY s.id DESC), '') || ']' FROM"
	" (SELECT i.id, '{' || " J_SUMMARY
	" || ',' || " J_KEY("events") "i.events::text"
	" || '}' AS obj FROM incidents i"
	" WHERE ($1 <> 0 AND i.status = 'active') OR ($2 <> 0 AND i.status = 'closed')) AS s";

/* $1 is the incident's JSON (json.c gives "{}" and writes the incident
 * in its place), $2 its id. */
static const char json_postmortem[] =
	"SELECT '{' || " J_KEY("incident") "$1"
	" || ',' || " J_KEY("comms")
	J_ARRAY("'{' || " J_KEY("audience") J_STR("c.audience")
		" || ',' || " J_KEY("revision") J_NUM("c.revision")
		" || ',' || " J_KEY("text") J_STR("c.text")
		" || ',' || " J_KEY("created") J_TS_STR("c.created_ms")
		" || ',' || " J_KEY("author") J_STR("c.author")
		" || ',' || " J_KEY("sent") J_TS_OR_NULL("c.sent_ms")
		" || ',' || " J_KEY("sent_by") J_STR("c.sent_by")
		" || ',' || " J_KEY("channel") J_STR("c.channel") " || '}'",
		"c.id", "comms c WHERE c.incident_id = $2")
	" || ',' || " J_KEY("fixes")
	J_ARRAY("'{' || " J_KEY("n") J_NUM("f.n")
		" || ',' || " J_KEY("what") J_STR("f.what")
		" || ',' || " J_KEY("why") J_STR("f.why")
		" || ',' || " J_KEY("started") J_TS_STR("f.started_ms")
		" || ',' || " J_KEY("author") J_STR("f.author")
		" || ',' || " J_KEY("outcome") J_STR("f.outcome")
		" || ',' || " J_KEY("note") J_STR("f.outcome_note")
		" || ',' || " J_KEY("outcome_at") J_TS_OR_NULL("f.outcome_ms") " || '}'",
		"f.id", "(SELECT row_number() OVER (ORDER BY id) AS n, * FROM fixes"
		" WHERE incident_id = $2) AS f")
	" || ',' || " J_KEY("actions")
	J_ARRAY("'{' || " J_KEY("n") J_NUM("a.n")
		" || ',' || " J_KEY("title") J_STR("a.title")
		" || ',' || " J_KEY("owner") J_STR("a.owner")
		" || ',' || " J_KEY("category") J_STR("a.category")
		" || ',' || " J_KEY("due") J_STR("a.due")
		" || ',' || " J_KEY("status") J_STR("a.status")
		" || ',' || " J_KEY("created") J_TS_STR("a.created_ms")
		" || ',' || " J_KEY("author") J_STR("a.author") " || '}'",
		"a.id", "(SELECT row_number() OVER (ORDER BY id) AS n, * FROM actions"
		" WHERE incident_id = $2) AS a")
	" || ',' || " J_KEY("exports")
	J_ARRAY("'{' || " J_KEY("ts") J_TS_STR("x.ts_ms")
		" || ',' || " J_KEY("format") J_STR("x.format")
		" || ',' || " J_KEY("path") J_STR("x.path")
		" || ',' || " J_KEY("author") J_STR("x.author") " || '}'",
		"x.id", "exports x WHERE x.incident_id = $2")
	/* the chain head and its seals, so a copy can be checked later */
	" || ',' || " J_KEY("chain") "'{' || "
	J_KEY("database") J_STR("(SELECT value FROM meta WHERE key = 'id')")
	" || ',' || " J_KEY("event") J_NUM("(SELECT last_event FROM incidents WHERE id = $2)")
	" || ',' || " J_KEY("events") J_NUM("(SELECT events FROM incidents WHERE id = $2)")
	" || ',' || " J_KEY("head")
	J_STR("(SELECT encode(e.hash, 'hex') FROM events e, incidents i"
	      " WHERE i.id = $2 AND e.id = i.last_event)")
	" || ',' || " J_KEY("seals")
	J_ARRAY("'{' || " J_KEY("event") J_NUM("z.event_id")
		" || ',' || " J_KEY("events") J_NUM("z.events")
		" || ',' || " J_KEY("head") J_STR("encode(z.head, 'hex')")
		" || ',' || " J_KEY("signed") J_TS_STR("z.signed_ms")
		" || ',' || " J_KEY("author") J_STR("z.author")
		" || ',' || " J_KEY("key") J_STR("z.key")
		" || ',' || " J_KEY("signature") J_STR("z.signature") " || '}'",
		"z.event_id, z.id", "seals z WHERE z.incident_id = $2")
	" || '}}'";

const char *pg_json_text(enum store_stmt id)
{
	switch (id) {
	case SQ_JSON_ONE:
		return json_one;
	case SQ_JSON_EVENTS:
		return json_events;
	case SQ_JSON_LIST:
		return json_list;
	case SQ_JSON_POSTMORTEM:
		return json_postmortem;
	default:
		return NULL;
	}
}
