/*
 * pg-sql.c - the PostgreSQL text of every statement of the store, by
 * its enum store_stmt (store-int.h).
 *
 * Each takes the parameters its SQLite twin takes, in the same order
 * ($1 for ?1...), typed by what is bound (pg-engine.c: an integer is
 * int8, text is text, a blob bytea), and gives the same columns in the
 * same order, so the code around a statement is written once.  What
 * differs is the dialect:
 *   - a flag bound as an integer is compared with 0 ($2 <> 0), since
 *     PostgreSQL has no integer truth;
 *   - an event's data is stored as the exact text written (the hash is
 *     over its bytes) and read as JSON with calm_json(data) ->> 'key'
 *     (pg-schema.c: NULL for text that is not JSON, which a CHECK keeps
 *     out unless someone removes it, so a crafted row degrades like
 *     SQLite's, never failing the whole read);
 *   - the full-text index is a tsvector of the 'simple' configuration
 *     (words lower-cased, never stemmed, as FTS5's unicode61 does; but
 *     diacritics are kept: "cafe" does not find "café"), queried
 *     through PG_TSQUERY below;
 *   - text is ordered bytewise (COLLATE "C"), as SQLite's BINARY is,
 *     whatever the database's collation.
 * The JSON documents are pg-json.c's.  Statements only SQLite has (its
 * pragmas and transaction words) are NULL here.
 */
#include "pg-int.h"

#include "move-sql.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * An insert of events (HEAD, the INSERT, TAIL) that in the same
 * statement counts them in their incident's row (events, notes,
 * last_event) and tells listeners once an incident (NOTIFY calm,
 * "INCIDENT NEWEST-EVENT", sent by the server at COMMIT): what schema
 * 3's statement triggers did, without running PL/pgSQL (pg-schema.c,
 * schema 4).  Its rows are the inserted events' ids, as RETURNING id
 * gave, one per event.  The UPDATE is a WITH part: it runs once, however
 * the rows are read.
 */
#define PG_EVENTS_ADDED_HEAD "WITH e AS ("
#define PG_EVENTS_ADDED_TAIL " RETURNING id, incident_id, kind)," PG_EVENTS_COUNTED
#define PG_EVENTS_COUNTED \
	" n AS (SELECT incident_id, max(id) AS last, count(*) AS count," \
	"  count(*) FILTER (WHERE kind = 'note') AS notes FROM e GROUP BY incident_id)," \
	" c AS (UPDATE incidents i SET last_event = n.last, events = i.events + n.count," \
	"  notes = i.notes + n.notes FROM n WHERE i.id = n.incident_id)" \
	" SELECT e.id, (SELECT count(pg_notify('" PG_CHANNEL "', n.incident_id || ' ' || n.last))" \
	" FROM n) FROM e ORDER BY e.id"

#define PG_INCIDENT_COLS \
	"id, substr(title, 1, 1024), severity, status = 'closed', substr(stage_id, 1, 1024)," \
	" stage_index, declared_ms, coalesce(closed_ms, 0), substr(declared_by, 1, 1024)," \
	" status IN ('active', 'closed'), octet_length(title), substr(coalesce(uuid, ''), 1, 64)," \
	" copy_of IS NOT NULL"

/* The corrections of event e, of the correctable kinds; upto limits
 * them to those written by then ("" for all). */
#define PG_CORRECTION_OF(kind, agg, upto) \
	"CASE WHEN e.kind IN ('note', 'run', 'shell') THEN (SELECT " agg \
	" FROM events c WHERE c.incident_id = e.incident_id AND c.kind = '" kind "'" upto \
	" AND " PG_NAMES("c", "e") ") END"

/* x names its columns, cut to their prefixes, never e.*: a page is kept
 * whole while it is sorted, and e.* would carry every text through it at
 * its full size. */
#define PG_PAGE_SELECT(upto) \
	"SELECT x.id, x.incident_id, x.ts_ms, x.author, x.kind, x.text, x.data," \
	" x.occurred_ms, x.at_ms, x.raw, x.amends," \
	" substr(a.text, 1, 65536), substring(a.raw from 1 for 65536), substr(s.text, 1, 1024)," \
	" CASE WHEN x.kind IN ('amend', 'strike') THEN " PG_NAMED("x") " END," \
	" x.data IS NULL OR calm_json(x.data) IS NOT NULL, x.text_len FROM" \
	" (SELECT e.id, e.incident_id, e.ts_ms, substr(e.author, 1, 1024) AS author," \
	"  substr(e.kind, 1, 1024) AS kind, substr(e.text, 1, 65536) AS text," \
	"  octet_length(e.text) AS text_len, e.data, e.occurred_ms, e.at_ms, e.legacy_id," \
	"  substring(e.raw from 1 for 65536) AS raw," \
	"  " PG_CORRECTION_OF("amend", "max(c.id)", upto) " AS amend_id," \
	"  " PG_CORRECTION_OF("amend", "count(*)", upto) " AS amends," \
	"  " PG_CORRECTION_OF("strike", "min(c.id)", upto) " AS strike_id" \
	"  FROM events e WHERE e.incident_id = $1 AND "
#define PG_PAGE_JOIN \
	" LEFT JOIN events a ON a.id = x.amend_id" \
	" LEFT JOIN events s ON s.id = x.strike_id"

/*
 * The text a person would search for in one event (STORE_SEARCH_BODY's
 * twin) from its kind $3, text $4, data $5 and incident $2.
 */
#define PG_SEARCH_BODY PG_SEARCH_BODY_OF("$3", "$4", "$5", "$2")
#define PG_SEARCH_BODY_OF(K, T, D, I) \
	"CASE " K " WHEN 'note' THEN " T \
	" WHEN 'declare' THEN calm_json(" D ") ->> 'title'" \
	" WHEN 'field' THEN CASE WHEN calm_json(" D ") ->> 'field' IN" \
	"  ('title', 'product', 'impact', 'cause', 'fix', 'outstanding', 'data-lost')" \
	"  THEN calm_json(" D ") ->> 'value' END" \
	" WHEN 'fix' THEN trim(coalesce(calm_json(" D ") ->> 'what', '') || ' ' ||" \
	"  coalesce(calm_json(" D ") ->> 'why', '') || ' ' || coalesce(calm_json(" D ") ->> 'note', '') || ' ' ||" \
	"  coalesce(calm_json(" D ") ->> 'lost', ''))" \
	" WHEN 'action' THEN calm_json(" D ") ->> 'title'" \
	" WHEN 'run' THEN " T " WHEN 'shell' THEN " T " WHEN 'amend' THEN " T \
	" WHEN 'draft' THEN (SELECT c.text FROM comms c WHERE c.incident_id = " I \
	"  AND c.audience = calm_json(" D ") ->> 'audience'" \
	"  AND c.revision::text = calm_json(" D ") ->> 'revision')" \
	" END"

/*
 * The tsquery a search parameter stands for (pg-text.c builds it): its
 * first character says how the rest reads.  't': typed words, one per
 * line, each a phrase of its words that must all be there, a word
 * ending in '*' a prefix; 'w': websearch_to_tsquery's syntax (calm
 * search --advanced); 'q': to_tsquery's (the similar incidents').
 */
#define PG_TSQUERY \
	"(SELECT CASE left($1, 1)" \
	" WHEN 'w' THEN websearch_to_tsquery('simple', substr($1, 2))" \
	" WHEN 'q' THEN to_tsquery('simple', substr($1, 2))" \
	" ELSE (SELECT string_agg('(' || CASE WHEN w LIKE '%*' AND length(w) > 1" \
	"   THEN nullif(phraseto_tsquery('simple', left(w, -1))::text, '') || ':*'" \
	"   ELSE nullif(phraseto_tsquery('simple', w)::text, '') END || ')', ' & ')" \
	"  FROM regexp_split_to_table(substr($1, 2), E'\\n') AS w)::tsquery END AS q)"

/*
 * A hit's snippet, as FTS5's snippet() gives it: a text of 16 words or
 * fewer whole, a longer one as the 16 words around the best match with
 * "…" where it was cut; matched words between \x01 and \x02.  The
 * inner query (s) has incident, event_id, kind, body, q and r.
 */
#define PG_SEARCH_OUTER \
	"SELECT h.incident, h.event_id, e.ts_ms, h.kind, e.author, i.title," \
	" CASE WHEN NOT h.long THEN h.hl ELSE" \
	"  CASE WHEN starts_with(h.body, h.plain) THEN '' ELSE '…' END || h.hl ||" \
	"  CASE WHEN right(h.body, length(h.plain)) = h.plain THEN '' ELSE '…' END END, h.r" \
	" FROM (SELECT g.*, replace(replace(g.hl, chr(1), ''), chr(2), '') AS plain FROM" \
	"  (SELECT s.*, array_length(regexp_split_to_array(btrim(s.body), '\\s+'), 1) > 16 AS long," \
	"   CASE WHEN array_length(regexp_split_to_array(btrim(s.body), '\\s+'), 1) > 16" \
	"    THEN ts_headline('simple', s.body, s.q, 'StartSel=\x01, StopSel=\x02, MaxWords=16," \
	"     MinWords=6, ShortWord=0, MaxFragments=1')" \
	"    ELSE ts_headline('simple', s.body, s.q, 'StartSel=\x01, StopSel=\x02, MaxWords=40," \
	"     MinWords=20, ShortWord=0') END AS hl FROM"
#define PG_SEARCH_JOIN \
	" AS s) AS g) AS h JOIN events e ON e.id = h.event_id JOIN incidents i ON i.id = h.incident"

/* The severity bits $4 wanted (0: any) and a text $5 the title holds
 * (NULL: any), ASCII letters in either case as SQLite's lower() folds
 * them (incident.c's PAGE_WHERE). */
#define PG_ASCII_LOWER(x) \
	"translate(" x ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
#define PG_PAGE_WHERE \
	" AND ($4 = 0 OR (($4 >> (severity + 2)) & 1) <> 0)" \
	" AND ($5 IS NULL OR strpos(" PG_ASCII_LOWER("title") ", " PG_ASCII_LOWER("$5") ") > 0)"

#define PG_FIELD_OF(name) \
	"(SELECT value FROM fields WHERE incident_id = i.id AND name = '" name "')"

static const char *const pg_sql[SQ_COUNT] = {
	/* incident.c */
	[SQ_INC_LOCK] = "SELECT id FROM incidents WHERE id = $1 FOR UPDATE",
	[SQ_INC_INSERT] =
		"INSERT INTO incidents (title, severity, status, stage_id, stage_index,"
		" declared_ms, declared_by, uuid) VALUES ($1, $2, 'active', $3, 0, $4, $5,"
		" gen_random_uuid()::text) RETURNING id",
	[SQ_CHECK_INSERT] =
		"INSERT INTO checklist (incident_id, item_id, stage_id, position, text,"
		" required, checked) VALUES ($1, $2, $3, $4, $5, $6, 0)",
	[SQ_INC_GET] = "SELECT " PG_INCIDENT_COLS " FROM incidents WHERE id = $1",
	[SQ_INC_PAGE] =
		"SELECT " PG_INCIDENT_COLS " FROM incidents"
		" WHERE status = $2 AND id < $1" PG_PAGE_WHERE " ORDER BY id DESC LIMIT $3",
	[SQ_INC_PAGE_NEWER] =
		"SELECT " PG_INCIDENT_COLS " FROM incidents"
		" WHERE status = $2 AND id > $1" PG_PAGE_WHERE " ORDER BY id LIMIT $3",
	[SQ_INC_ALL_OLDER] =
		"SELECT " PG_INCIDENT_COLS " FROM incidents"
		" WHERE id < $1 AND $2 IS NOT NULL" PG_PAGE_WHERE " ORDER BY id DESC LIMIT $3",
	[SQ_INC_ALL_NEWER] =
		"SELECT " PG_INCIDENT_COLS " FROM incidents"
		" WHERE id > $1 AND $2 IS NOT NULL" PG_PAGE_WHERE " ORDER BY id LIMIT $3",
	[SQ_TITLE_COUNT] =
		"SELECT count(*) FROM incidents WHERE (($1 <> 0 AND status = 'active') OR"
		" ($2 <> 0 AND status = 'closed')) AND $3 IS NOT NULL" PG_PAGE_WHERE,
	[SQ_ACTIVE_COUNT] =
		"SELECT (SELECT coalesce(sum(n), 0) FROM tally WHERE status = 'active')::bigint,"
		" (SELECT coalesce(max(id), 0) FROM incidents WHERE status = 'active')",
	[SQ_INC_COUNT] =
		"SELECT coalesce(sum(n), 0)::bigint FROM tally"
		" WHERE (($1 <> 0 AND status = 'active') OR ($2 <> 0 AND status = 'closed'))"
		" AND $3 IS NOT NULL AND ($4 = 0 OR (($4 >> (severity + 2)) & 1) <> 0) AND $5 IS NULL",
	[SQ_STAGE_BEGUN] =
		"SELECT (calm_json(data) ->> 'begun') IS NOT NULL AND (calm_json(data) ->> 'stage') = $2"
		" FROM events WHERE incident_id = $1 AND kind = 'stage' ORDER BY id DESC LIMIT 1",
	[SQ_SET_STAGE] =
		"UPDATE incidents SET stage_id = $2, stage_index = $3,"
		" status = CASE WHEN $4 <> 0 THEN 'closed' ELSE status END,"
		" closed_ms = CASE WHEN $4 <> 0 THEN $5 ELSE closed_ms END WHERE id = $1",
	[SQ_SET_TITLE] = "UPDATE incidents SET title = $2 WHERE id = $1",
	[SQ_SET_SEVERITY] = "UPDATE incidents SET severity = $2 WHERE id = $1",
	[SQ_CHECK_EACH] =
		"SELECT item_id, stage_id, text, required <> 0, checked <> 0 FROM checklist"
		" WHERE incident_id = $1 AND ($2 IS NULL OR stage_id = $2) ORDER BY position",
	[SQ_CHECK_GET] =
		"SELECT checked <> 0 FROM checklist WHERE incident_id = $1 AND item_id = $2",
	[SQ_CHECK_UPDATE] =
		"UPDATE checklist SET checked = $3 WHERE incident_id = $1 AND item_id = $2",
	/* field.c */
	[SQ_FIELD_UPSERT] =
		"INSERT INTO fields (incident_id, name, value) VALUES ($1, $2, $3)"
		" ON CONFLICT (incident_id, name) DO UPDATE SET value = excluded.value",
	[SQ_FIELD_DELETE] = "DELETE FROM fields WHERE incident_id = $1 AND name = $2",
	[SQ_FIELD_GET] = "SELECT value FROM fields WHERE incident_id = $1 AND name = $2",
	[SQ_FIELD_EACH] =
		"SELECT name, value FROM fields WHERE incident_id = $1 ORDER BY name COLLATE \"C\"",
	[SQ_COUNTS] =
		"SELECT EXISTS (SELECT 1 FROM incidents WHERE id = $1),"
		" (SELECT events FROM incidents WHERE id = $1),"
		" (SELECT notes FROM incidents WHERE id = $1),"
		" (SELECT count(*) FROM fixes WHERE incident_id = $1"
		"   AND outcome IN ('worked', 'partial')),"
		" EXISTS (SELECT 1 FROM fixes WHERE incident_id = $1 AND outcome = 'no-fix'),"
		" (SELECT count(*) FROM actions WHERE incident_id = $1 AND status <> 'dropped'),"
		" EXISTS (SELECT 1 FROM exports WHERE incident_id = $1),"
		" (SELECT count(*) FROM fixes WHERE incident_id = $1"
		"   AND outcome IN ('failed', 'rolled-back'))",
	[SQ_COMMS_SENT] =
		"SELECT DISTINCT audience FROM comms WHERE incident_id = $1 AND sent_ms IS NOT NULL",
	/* event.c */
	[SQ_EV_PREV] =
		"SELECT (SELECT hash FROM events WHERE incident_id = $1 ORDER BY id DESC LIMIT 1),"
		" coalesce(uuid, '') FROM incidents WHERE id = $1",
	[SQ_EV_INSERT] =
		PG_EVENTS_ADDED_HEAD
		"INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash,"
		" occurred_ms, raw, hash_v, uid) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 2, $10)"
		" RETURNING id, incident_id, kind),"
		/* its search row in the same statement (pg_engine.insert_indexes) */
		" s AS (INSERT INTO search (event_id, incident, kind, body)"
		"  SELECT e.id, e.incident_id, e.kind, x.b FROM e,"
		"  (SELECT " PG_SEARCH_BODY_OF("$4", "$5", "$6", "$1") " AS b) AS x"
		"  WHERE x.b IS NOT NULL AND x.b <> '')," PG_EVENTS_COUNTED,
	[SQ_VERIFY_NEXT_INC] =
		"SELECT id, coalesce(last_event, 0), coalesce(uuid, ''), coalesce(hash_id, id) FROM incidents"
		" WHERE id > $1 AND ($2 = 0 OR id = $2) ORDER BY id LIMIT 1",
	[SQ_VERIFY_EVENTS] =
		"SELECT id, ts_ms, author, kind, text, data, hash, hash_v,"
		" occurred_ms, occurred_ms, raw FROM events WHERE incident_id = $1 AND id > $2"
		" ORDER BY id LIMIT $3",
	[SQ_CHECKLIST_DIGEST] =
		"SELECT item_id, stage_id, position, text, required FROM checklist"
		" WHERE incident_id = $1 ORDER BY position, item_id COLLATE \"C\"",
	/* timeline.c */
	[SQ_EV_INCIDENT] = "SELECT incident_id FROM events WHERE id = $1",
	[SQ_EV_AT] = "SELECT at_ms FROM events WHERE id = $2 AND incident_id = $1",
	[SQ_EV_PAGE_FWD] =
		PG_PAGE_SELECT(" AND c.id <= $5") "(e.at_ms, e.id) > ($2, $3) AND e.id <= $5"
		" ORDER BY e.at_ms, e.id LIMIT $4) x" PG_PAGE_JOIN " ORDER BY x.at_ms, x.id",
	[SQ_EV_PAGE_BACK] =
		PG_PAGE_SELECT(" AND c.id <= $5") "(e.at_ms, e.id) < ($2, $3) AND e.id <= $5"
		" ORDER BY e.at_ms DESC, e.id DESC LIMIT $4) x" PG_PAGE_JOIN
		" ORDER BY x.at_ms DESC, x.id DESC",
	[SQ_EV_SINCE] =
		PG_PAGE_SELECT("") "e.id > $2 ORDER BY e.id LIMIT $3) x" PG_PAGE_JOIN " ORDER BY x.id",
	[SQ_EV_GET] = PG_PAGE_SELECT("") "e.id = $2) x" PG_PAGE_JOIN,
	[SQ_EV_LAST_KIND] =
		PG_PAGE_SELECT("") "e.kind = $2 ORDER BY e.id DESC LIMIT 1) x" PG_PAGE_JOIN,
	[SQ_UID_FIND] = "SELECT id, incident_id FROM events WHERE uid = $1",
	[SQ_UIDS_PRESENT] =
		"SELECT uid FROM events WHERE uid = ANY (ARRAY(SELECT json_array_elements_text($1::json)))",
	[SQ_CORRECTIONS] =
		"SELECT c.id, c.incident_id, c.ts_ms, substr(c.author, 1, 1024), substr(c.kind, 1, 1024),"
		" substr(c.text, 1, 65536), c.data, c.occurred_ms, c.at_ms,"
		" substring(c.raw from 1 for 65536), 0, NULL, NULL, NULL, NULL,"
		" c.data IS NULL OR calm_json(c.data) IS NOT NULL, octet_length(c.text)"
		" FROM events e JOIN events c ON c.incident_id = e.incident_id"
		" WHERE e.id = $2 AND c.incident_id = $1 AND c.kind IN ('amend', 'strike')"
		" AND " PG_NAMES("c", "e") " ORDER BY c.id",
	[SQ_COUNT_SAME] =
		"SELECT count(*) FROM events WHERE incident_id = $1 AND at_ms = $2"
		" AND author = $3 AND coalesce(raw, convert_to(text, 'UTF8')) = $4",
	[SQ_LAST_DATA] =
		"SELECT calm_json(data) ->> $5 FROM events WHERE incident_id = $1 AND kind = $2"
		" AND (calm_json(data) ->> $3) = $4 ORDER BY id DESC LIMIT 1",
	/* comms.c */
	[SQ_DRAFT_INSERT] =
		"INSERT INTO comms (incident_id, audience, revision, text, created_ms, author)"
		" VALUES ($1, $2, (SELECT coalesce(max(revision), 0) + 1 FROM comms"
		"  WHERE incident_id = $1 AND audience = $2), $3, $4, $5) RETURNING id, revision",
	[SQ_DRAFT_LATEST] =
		"SELECT id, audience, revision, text, created_ms, author, coalesce(sent_ms, 0),"
		" sent_by, channel FROM comms WHERE incident_id = $1 AND audience = $2"
		" ORDER BY revision DESC LIMIT 1",
	[SQ_DRAFT_COUNT] =
		"SELECT count(*), count(sent_ms) FROM comms WHERE incident_id = $1 AND audience = $2",
	[SQ_DRAFT_SENT] =
		"UPDATE comms SET sent_ms = $2, sent_by = $3, channel = $4"
		" WHERE id = $1 AND sent_ms IS NULL",
	[SQ_DRAFT_EACH] =
		"SELECT id, audience, revision, text, created_ms, author, coalesce(sent_ms, 0),"
		" sent_by, channel FROM comms WHERE incident_id = $1"
		" AND ($2 IS NULL OR audience = $2) ORDER BY id",
	/* fix.c */
	[SQ_FIX_INSERT] =
		"INSERT INTO fixes (incident_id, what, why, started_ms, author,"
		" outcome, outcome_note, outcome_ms) VALUES ($1, $2, $3, $4, $5, $6, $7,"
		" CASE WHEN $6 IS NULL THEN NULL ELSE $4 END)"
		" RETURNING (SELECT count(*) FROM fixes f WHERE f.incident_id = $1"
		" AND f.id < fixes.id) + 1",
	[SQ_FIX_OUTCOME] =
		"UPDATE fixes SET outcome = $3, outcome_note = $4, outcome_ms = $5"
		" WHERE id = (SELECT id FROM fixes WHERE incident_id = $1"
		"  ORDER BY id LIMIT 1 OFFSET $2 - 1) AND outcome IS DISTINCT FROM 'no-fix'",
	[SQ_FIX_EACH] =
		"SELECT row_number() OVER (ORDER BY id), what, why, started_ms, author,"
		" outcome, outcome_note, coalesce(outcome_ms, 0)"
		" FROM fixes WHERE incident_id = $1 ORDER BY id",
	/* action.c */
	[SQ_ACTION_INSERT] =
		"INSERT INTO actions (incident_id, title, owner, category, due, status,"
		" created_ms, author) VALUES ($1, $2, $3, $4, $5, 'open', $6, $7)"
		" RETURNING (SELECT count(*) FROM actions f WHERE f.incident_id = $1"
		" AND f.id < actions.id) + 1",
	[SQ_ACTION_SET] =
		"UPDATE actions SET"
		" title = CASE WHEN $3 = 'title' THEN $4 ELSE title END,"
		" owner = CASE WHEN $3 = 'owner' THEN nullif($4, '') ELSE owner END,"
		" category = CASE WHEN $3 = 'category' THEN nullif($4, '') ELSE category END,"
		" due = CASE WHEN $3 = 'due' THEN nullif($4, '') ELSE due END,"
		" status = CASE WHEN $3 = 'status' THEN $4 ELSE status END"
		" WHERE id = (SELECT id FROM actions WHERE incident_id = $1"
		"  ORDER BY id LIMIT 1 OFFSET $2 - 1)",
	[SQ_ACTION_EACH] =
		"SELECT row_number() OVER (ORDER BY id), title, owner, category, due,"
		" status, created_ms, author FROM actions WHERE incident_id = $1 ORDER BY id",
	[SQ_EXPORT_INSERT] =
		"INSERT INTO exports (incident_id, ts_ms, format, path, author)"
		" VALUES ($1, $2, $3, $4, $5)",
	[SQ_EXPORT_EACH] =
		"SELECT ts_ms, format, coalesce(path, ''), author FROM exports"
		" WHERE incident_id = $1 ORDER BY id",
	/* search.c */
	[SQ_SEARCH_INDEX] =
		"INSERT INTO search (event_id, incident, kind, body)"
		" SELECT $1, $2, $3, b FROM (SELECT " PG_SEARCH_BODY " AS b) AS x"
		" WHERE b IS NOT NULL AND b <> ''",
	[SQ_SEARCH_PROBE] =
		"SELECT event_id FROM search, " PG_TSQUERY " AS t WHERE tsv @@ t.q"
		" ORDER BY event_id DESC LIMIT 1 OFFSET $2",
	[SQ_SEARCH] =
		PG_SEARCH_OUTER " (SELECT incident, event_id, kind, body, t.q, -ts_rank(tsv, t.q) AS r"
		" FROM search, " PG_TSQUERY " AS t WHERE tsv @@ t.q ORDER BY r, event_id DESC LIMIT $2)"
		PG_SEARCH_JOIN " ORDER BY h.r, h.event_id DESC",
	[SQ_SEARCH_NEWEST] =
		PG_SEARCH_OUTER " (SELECT incident, event_id, kind, body, t.q, 0.0::float8 AS r"
		" FROM search, " PG_TSQUERY " AS t WHERE tsv @@ t.q ORDER BY event_id DESC LIMIT $2)"
		PG_SEARCH_JOIN " ORDER BY h.event_id DESC",
	[SQ_SIMILAR] =
		"SELECT i.id, i.title, i.status = 'closed', m.r FROM"
		" (SELECT incident, min(r) AS r FROM"
		"  (SELECT incident, -ts_rank(tsv, t.q) AS r FROM search, " PG_TSQUERY " AS t"
		"   WHERE tsv @@ t.q AND kind IN ('declare', 'note', 'field') AND incident <> $2) AS h"
		"  GROUP BY incident ORDER BY r LIMIT $3) AS m"
		" JOIN incidents i ON i.id = m.incident ORDER BY m.r, i.id DESC",
	/* role.c */
	[SQ_ROLE_GET] = "SELECT person FROM roles WHERE incident_id = $1 AND role = $2",
	[SQ_ROLE_SET] =
		"INSERT INTO roles (incident_id, role, person, since_ms) VALUES ($1, $2, $3, $4)"
		" ON CONFLICT (incident_id, role) DO UPDATE SET person = $3, since_ms = $4",
	[SQ_ROLE_CLEAR] = "DELETE FROM roles WHERE incident_id = $1 AND role = $2",
	[SQ_ROLE_EACH] =
		"SELECT role, person, since_ms FROM roles WHERE incident_id = $1"
		" ORDER BY role COLLATE \"C\"",
	[SQ_OFFER_INSERT] =
		"INSERT INTO offers (incident_id, role, person, offered_by, offered_ms, state)"
		" VALUES ($1, $2, $3, $4, $5, 'open') RETURNING id",
	[SQ_OFFER_END] =
		"UPDATE offers SET state = $2, ended_ms = $3 WHERE id = $1 AND state = 'open'",
	[SQ_OFFER_EACH] =
		"SELECT id, incident_id, role, person, offered_by, offered_ms, state, coalesce(ended_ms, 0)"
		" FROM offers WHERE incident_id = $1 AND ($2 = 0 OR state = 'open') ORDER BY id",
	/* seal.c */
	[SQ_META_ID] = "SELECT value FROM meta WHERE key = 'id'",
	[SQ_CHAIN_HEAD] =
		"SELECT i.last_event, i.events,"
		" (SELECT hash FROM events e WHERE e.id = i.last_event)"
		" FROM incidents i WHERE i.id = $1",
	[SQ_LAST_EVENT] = "SELECT coalesce(last_event, 0) FROM incidents WHERE id = $1",
	[SQ_CHAIN_AT] =
		"SELECT e.id, (SELECT count(*) FROM events x WHERE x.incident_id = $1 AND x.id <= e.id),"
		" e.hash FROM events e WHERE e.incident_id = $1 AND e.id = $2",
	[SQ_SEAL_INSERT] =
		"INSERT INTO seals (incident_id, event_id, events, head, signed_ms, author, key, signature)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
	[SQ_SEAL_EACH] =
		"SELECT id, incident_id, event_id, events, head, signed_ms, author, key, signature,"
		" signed_db, coalesce(signed_incident, 0), coalesce(signed_event, 0)"
		" FROM seals WHERE incident_id = $1 ORDER BY event_id, id",
	/* presence (role.c) */
	[SQ_PRESENCE_ENTER] =
		"INSERT INTO presence (incident_id, host, pid, author, started_ms, heartbeat_ms)"
		" VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (incident_id, host, pid)"
		" DO UPDATE SET author = $4, started_ms = $5, heartbeat_ms = $5",
	[SQ_PRESENCE_BEAT] =
		"UPDATE presence SET heartbeat_ms = $4 WHERE incident_id = $1 AND host = $2 AND pid = $3",
	[SQ_PRESENCE_LEAVE] =
		"DELETE FROM presence WHERE incident_id = $1 AND"
		" ((host = $2 AND pid = $3) OR heartbeat_ms < $4)",
	[SQ_PRESENCE_EACH] =
		"SELECT incident_id, author, pid, host, started_ms, heartbeat_ms"
		" FROM presence WHERE incident_id = $1 AND heartbeat_ms >= $2 ORDER BY started_ms, pid",
	/* replay.c: json keeps the keys in the order written (jsonb would sort them) */
	[SQ_EVENTS_KV] =
		"SELECT e.id, e.ts_ms, e.author, e.kind, e.text, j.key, j.value,"
		" e.data IS NULL OR calm_json(e.data) IS NOT NULL"
		" FROM (SELECT id, ts_ms, substr(author, 1, 1024) AS author,"
		"  substr(kind, 1, 1024) AS kind, '' AS text, data FROM events"
		"  WHERE incident_id = $1 AND id > $2 AND id <= $3 ORDER BY id LIMIT $4) AS e"
		" LEFT JOIN LATERAL json_each_text(CASE WHEN jsonb_typeof(calm_json(e.data)) = 'object'"
		"  THEN e.data::json END) AS j ON true ORDER BY e.id",
	[SQ_STATE_KV] =
		"SELECT e.id, e.ts_ms, e.author, e.kind, e.text, j.key, j.value,"
		" e.data IS NULL OR calm_json(e.data) IS NOT NULL"
		" FROM (SELECT id, ts_ms, substr(author, 1, 1024) AS author,"
		"  substr(kind, 1, 1024) AS kind, '' AS text, data FROM events"
		"  WHERE incident_id = $1 AND id > $2 AND id <= $3 AND " STORE_STATE_WHERE
		"  ORDER BY id LIMIT $4) AS e"
		" LEFT JOIN LATERAL json_each_text(CASE WHEN jsonb_typeof(calm_json(e.data)) = 'object'"
		"  THEN e.data::json END) AS j ON true ORDER BY e.id",
	[SQ_SUSPECT_KV] =
		"SELECT e.id, e.ts_ms, e.author, e.kind, e.text, j.key, j.value,"
		" e.data IS NULL OR calm_json(e.data) IS NOT NULL"
		" FROM (SELECT id, ts_ms, substr(author, 1, 1024) AS author,"
		"  substr(kind, 1, 1024) AS kind, '' AS text, data FROM events"
		"  WHERE incident_id = $1 AND id > $2 AND id <= $3 AND " PG_SUSPECT_WHERE
		"  ORDER BY id LIMIT $4) AS e"
		" LEFT JOIN LATERAL json_each_text(CASE WHEN jsonb_typeof(calm_json(e.data)) = 'object'"
		"  THEN e.data::json END) AS j ON true ORDER BY e.id",
	[SQ_AUTHORS] =
		"SELECT substr(author, 1, 1024), count(*), count(*) FILTER (WHERE kind = 'note'),"
		" min(id) FROM events WHERE incident_id = $1 GROUP BY author",
	[SQ_AUTHOR_NEXT] =
		"SELECT id FROM events WHERE incident_id = $1 AND substr(author, 1, 1024) = $2"
		" AND id > $3 ORDER BY id LIMIT 1",
	[SQ_IDS_FWD] =
		"SELECT id, ts_ms FROM events WHERE incident_id = $1 AND id > $2 ORDER BY id LIMIT $3",
	[SQ_IDS_BACK] =
		"SELECT id, ts_ms FROM events WHERE incident_id = $1 AND id < $2"
		" ORDER BY id DESC LIMIT $3",
	[SQ_POSITION] =
		"SELECT CASE WHEN EXISTS (SELECT 1 FROM events WHERE id = $2 AND incident_id = $1)"
		" THEN (SELECT count(*) FROM events WHERE incident_id = $1 AND id <= $2) ELSE 0 END",
	[SQ_BY_TIME] =
		"SELECT id FROM events WHERE incident_id = $1 AND at_ms <= $2"
		" ORDER BY at_ms DESC, id DESC LIMIT 1",
	/* stats.c */
	[SQ_STATS_SEV] =
		"SELECT severity, status = 'closed', count(*) FROM incidents GROUP BY severity, status",
	[SQ_STATS_OVERDUE] =
		"SELECT count(*) FROM actions WHERE status = 'open' AND due IS NOT NULL"
		" AND due COLLATE \"C\" < $1",
	[SQ_OVERDUE_EACH] =
		"SELECT incident_id, n, title, owner, due FROM"
		" (SELECT incident_id, row_number() OVER (PARTITION BY incident_id ORDER BY id) AS n,"
		"  title, owner, due, status FROM actions) AS a"
		" WHERE status = 'open' AND due IS NOT NULL AND due COLLATE \"C\" < $1"
		" ORDER BY due COLLATE \"C\", incident_id, n",
	[SQ_MILESTONES] =
		"SELECT i.id, i.declared_ms, coalesce(i.closed_ms, 0), " PG_FIELD_OF("detected-at") ","
		" " PG_FIELD_OF("impact-start") ", " PG_FIELD_OF("mitigated-at") ", "
		PG_FIELD_OF("resolved-at") " FROM incidents i ORDER BY i.id",
	/* move.c: the same text as SQLite's but for the parameters */
	[SQ_MV_BY_UUID] = MV_BY_UUID(MV_PG),
	[SQ_MV_ANALYZE] = "ANALYZE events",
	[SQ_MV_SEARCH_INDEX] =
		"INSERT INTO search (event_id, incident, kind, body)"
		" SELECT id, incident_id, kind, b FROM (SELECT e.id, e.incident_id, e.kind, "
		PG_SEARCH_BODY_OF("e.kind", "e.text", "e.data", "e.incident_id")
		" AS b FROM events e WHERE e.incident_id = $1) AS x WHERE b IS NOT NULL AND b <> ''",
	[SQ_MV_COPY_OF] = MV_COPY_OF(MV_PG),
	[SQ_MV_INC] = MV_INC(MV_PG),
	[SQ_MV_INC_INSERT] = MV_INC_INSERT(MV_PG),
	[SQ_MV_CHECKLIST] = MV_CHECKLIST(MV_PG),
	[SQ_MV_CHECKLIST_INSERT] = MV_CHECKLIST_INSERT(MV_PG),
	[SQ_MV_FIELDS] = MV_FIELDS(MV_PG),
	[SQ_MV_FIELDS_INSERT] = MV_FIELDS_INSERT(MV_PG),
	[SQ_MV_COMMS] = MV_COMMS(MV_PG),
	[SQ_MV_COMMS_INSERT] = MV_COMMS_INSERT(MV_PG),
	[SQ_MV_FIXES] = MV_FIXES(MV_PG),
	[SQ_MV_FIXES_INSERT] = MV_FIXES_INSERT(MV_PG),
	[SQ_MV_ACTIONS] = MV_ACTIONS(MV_PG),
	[SQ_MV_ACTIONS_INSERT] = MV_ACTIONS_INSERT(MV_PG),
	[SQ_MV_EXPORTS] = MV_EXPORTS(MV_PG),
	[SQ_MV_EXPORTS_INSERT] = MV_EXPORTS_INSERT(MV_PG),
	[SQ_MV_ROLES] = MV_ROLES(MV_PG),
	[SQ_MV_ROLES_INSERT] = MV_ROLES_INSERT(MV_PG),
	[SQ_MV_OFFERS] = MV_OFFERS(MV_PG),
	[SQ_MV_OFFERS_INSERT] = MV_OFFERS_INSERT(MV_PG),
	[SQ_MV_EVENTS] = MV_EVENTS(MV_PG),
	[SQ_MV_EVENTS_INSERT] = PG_EVENTS_ADDED_HEAD MV_EVENTS_INSERT(MV_PG) PG_EVENTS_ADDED_TAIL,
	[SQ_MV_SEALS] = MV_SEALS(MV_PG),
	[SQ_MV_SEALS_INSERT] = MV_SEALS_INSERT(MV_PG),
};

/* move.c's batch insert of events, counted and notified as the others. */
static const char *mv_batch_added(void)
{
	static char text[34 * 1024];

	if (!text[0] && (size_t)snprintf(text, sizeof text, "%s%s%s", PG_EVENTS_ADDED_HEAD,
					 store_mv_batch_sql(true), PG_EVENTS_ADDED_TAIL) >= sizeof text)
		abort(); /* sized for move.c's batch: a build error */
	return text;
}

/* The statements that change rows (an INSERT, UPDATE or DELETE, or a
 * WITH that inserts): their failures say "cannot write", and what was
 * read ahead under a lock is dropped before one runs (pg-pipe.c).  A
 * statement added that writes is named here. */
static const bool pg_writes[SQ_COUNT] = {
	[SQ_INC_INSERT] = true, [SQ_CHECK_INSERT] = true, [SQ_SET_STAGE] = true,
	[SQ_SET_TITLE] = true, [SQ_SET_SEVERITY] = true, [SQ_CHECK_UPDATE] = true,
	[SQ_FIELD_UPSERT] = true, [SQ_FIELD_DELETE] = true, [SQ_EV_INSERT] = true,
	[SQ_DRAFT_INSERT] = true, [SQ_DRAFT_SENT] = true, [SQ_FIX_INSERT] = true,
	[SQ_FIX_OUTCOME] = true, [SQ_ACTION_INSERT] = true, [SQ_ACTION_SET] = true,
	[SQ_EXPORT_INSERT] = true, [SQ_SEARCH_INDEX] = true, [SQ_ROLE_SET] = true,
	[SQ_ROLE_CLEAR] = true, [SQ_OFFER_INSERT] = true, [SQ_OFFER_END] = true,
	[SQ_SEAL_INSERT] = true, [SQ_PRESENCE_ENTER] = true, [SQ_PRESENCE_BEAT] = true,
	[SQ_PRESENCE_LEAVE] = true, [SQ_MV_INC_INSERT] = true, [SQ_MV_CHECKLIST_INSERT] = true,
	[SQ_MV_FIELDS_INSERT] = true, [SQ_MV_COMMS_INSERT] = true, [SQ_MV_FIXES_INSERT] = true,
	[SQ_MV_ACTIONS_INSERT] = true, [SQ_MV_EXPORTS_INSERT] = true,
	[SQ_MV_ROLES_INSERT] = true, [SQ_MV_OFFERS_INSERT] = true,
	[SQ_MV_EVENTS_INSERT] = true, [SQ_MV_EVENTS_BATCH] = true, [SQ_MV_SEARCH_INDEX] = true,
	[SQ_MV_SEALS_INSERT] = true,
};

bool pg_sql_writes(enum store_stmt id)
{
	return id >= 0 && id < SQ_COUNT && pg_writes[id];
}

const char *pg_sql_text(enum store_stmt id)
{
	const char *json = pg_json_text(id); /* NULL: not a JSON statement */

	if (json)
		return json;
	if (id == SQ_MV_EVENTS_BATCH)
		return mv_batch_added();
	return id >= 0 && id < SQ_COUNT ? pg_sql[id] : NULL;
}
