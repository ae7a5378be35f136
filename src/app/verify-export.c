/*
 * verify-export.c - does an exported postmortem say what the record
 * says?  `calm verify FILE.md|FILE.json|FILE.html`.
 *
 * A Markdown or HTML export ends with its Record line (record.h): the
 * incident, the event it was made at, the number of events and the
 * chain head there, the database.  The chain head is checked against
 * the database, then the document is made again from the record as of
 * that event, and every line of it that was generated from the record
 * (md.h marks them: the facts, key events, narrative, timeline...) must
 * be in the file, in order.  A line that is not is named: changed (the
 * file has another line in its place) or missing.  Lines the file has
 * besides them (prose people added) are not looked at.  A JSON export
 * carries its chain in "chain"; each of its events, the title, severity
 * and fields are compared with the record.  Events written after the
 * export are listed as such: they are not a difference.
 */
#include "app-int.h"
#include "record.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/when.h"

static void add(char ***v, size_t *n, struct buf *b)
{
	*v = xrealloc(*v, (*n + 2) * sizeof **v);
	(*v)[(*n)++] = buf_detach(b);
	(*v)[*n] = NULL;
}

static void problem(struct app_verify_file *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void problem(struct app_verify_file *o, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	char line[1400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	buf_adds(&b, line);
	add(&o->problems, &o->nproblems, &b);
}

void app_verify_file_release(struct app_verify_file *o)
{
	for (size_t i = 0; i < o->nproblems; i++)
		free(o->problems[i]);
	free(o->problems);
	for (size_t i = 0; i < o->nafter; i++)
		free(o->after[i]);
	free(o->after);
	memset(o, 0, sizeof *o);
}

/* Split text into lines (pointers into a copy); *n set. */
static char **split(char *text, size_t *n)
{
	char **v = NULL;
	size_t k = 0;

	for (char *p = text; *p || (k == 0 && !*p);) {
		char *nl = strchr(p, '\n');
		v = xrealloc(v, (k + 1) * sizeof *v);
		v[k++] = p;
		if (!nl)
			break;
		*nl = '\0';
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		p = nl + 1;
		if (!*p)
			break;
	}
	*n = k;
	return v;
}

/* The document's chain head against the database's. */
static enum calm_rc check_head(struct app *app, struct app_verify_file *o, const char *head,
			       const char *dbid)
{
	char mine[DB_ID_LEN + 1], hex[2 * STORE_HASH_LEN + 1];
	struct chain_head h;
	struct verify_result vr;
	enum calm_rc rc;

	rc = store_db_id(app->st, mine, &app->err);
	if (rc == CALM_OK && strcmp(mine, dbid) != 0)
		return calm_err_set(&app->err, CALM_DATA,
				    "%s was exported from another database (%s, this is %s)",
				    o->path, dbid, mine);
	if (rc == CALM_OK)
		rc = store_verify(app->st, o->id, &vr, &app->err);
	if (rc == CALM_OK)
		rc = store_chain_at(app->st, o->id, o->event, &h, &app->err);
	if (rc != CALM_OK)
		return rc;
	for (int i = 0; i < STORE_HASH_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", h.head[i]);
	if (strcmp(hex, head) != 0 || h.events != o->events)
		return calm_err_set(&app->err, CALM_DATA,
				    "%s: the chain head it names (%lld events, %.12s...) is not the record's at event %lld (%lld events, %.12s...)",
				    o->path, o->events, head, o->event, h.events, hex);
	return CALM_OK;
}

/* The events written after the export, walked in the order they happened. */
static int later_one(const struct rec_event *e, void *ctx)
{
	struct app_verify_file *o = ctx;
	struct buf b = BUF_INIT;
	char t[48];

	if (e->id <= o->event)
		return 0;
	pm_time(e->at_ms, t, sizeof t);
	buf_addf(&b, "event %lld, %s, %s: ", e->id, t, e->author);
	buf_add(&b, e->text, e->len > 200 ? 200 : e->len);
	add(&o->after, &o->nafter, &b);
	return 0;
}

static enum calm_rc after(struct app *app, struct app_verify_file *o, const struct pm_record *now)
{
	return pm_each_event(app, now, false, later_one, o);
}

/* How alike two lines are: the bytes of their common prefix and suffix. */
static size_t alike(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), p = 0, q = 0;

	while (p < la && p < lb && a[p] == b[p])
		p++;
	while (q < la - p && q < lb - p && a[la - 1 - q] == b[lb - 1 - q])
		q++;
	return p + q;
}

/* Every generated line of want (lines[i] == '1') in have, in order. */
static void compare_lines(struct app_verify_file *o, char **want, size_t nwant,
			  const char *gen, char **have, size_t nhave)
{
	size_t *at = xcalloc(nwant + 1, sizeof *at);  /* have index + 1, 0: none */
	size_t cur = 0;

	for (size_t i = 0; i < nwant; i++) {
		if (gen[i] != '1')
			continue;
		o->checked++;
		for (size_t j = cur; j < nhave; j++)
			if (strcmp(want[i], have[j]) == 0) {
				at[i] = j + 1;
				cur = j + 1;
				break;
			}
	}
	/* each line not found: the file's line in its place, if any */
	size_t prev = 0;
	for (size_t i = 0; i < nwant; i++) {
		if (gen[i] != '1')
			continue;
		if (at[i]) {
			prev = at[i];
			continue;
		}
		size_t next = nhave + 1;
		for (size_t k = i + 1; k < nwant; k++)
			if (at[k]) {
				next = at[k];
				break;
			}
		/* the line in the gap most like it (the longest prefix and
		 * suffix in common), when it shares any */
		size_t cand = 0, best = 0;
		for (size_t j = prev + 1; j < next && j <= nhave; j++) {
			size_t like = alike(want[i], have[j - 1]);
			if (like > best)
				best = like, cand = j;
		}
		if (cand) {
			problem(o, "%s:%zu: changed: the record says '%.600s'", o->path, cand, want[i]);
			prev = cand;
		} else {
			problem(o, "%s:%zu: missing: '%.600s'", o->path, prev ? prev : 1, want[i]);
		}
	}
	free(at);
}

static enum calm_rc verify_doc(struct app *app, struct app_verify_file *o, char *text)
{
	char head[2 * STORE_HASH_LEN + 1], dbid[DB_ID_LEN + 1];
	size_t nhave = 0, nwant = 0;
	bool found = false;
	enum calm_rc rc;

	char **have = split(text, &nhave);
	for (size_t i = 0; i < nhave; i++) {
		long long id, events, event;
		if (pm_record_parse(have[i], &id, &events, &event, head, dbid)) {
			o->id = id, o->events = events, o->event = event;
			found = true;
		}
	}
	if (!found) {
		free(have);
		return calm_err_set(&app->err, CALM_DATA,
				    "%s has no Record line (\"Record: incident I, N events up to event E, chain head ...\"): it is not an export of calm's, or the line was lost",
				    o->path);
	}
	rc = check_head(app, o, head, dbid);
	struct pm_record r = { 0 }, now = { 0 };
	struct buf gen = BUF_INIT;
	struct pm_sink sink = { .lines = &gen };
	if (rc == CALM_OK)
		rc = pm_record_load(app, o->id, o->event, &r);
	if (rc == CALM_OK)
		rc = o->fmt == APP_EXPORT_HTML ? pm_write_html(app, &r, &sink, 0)
					       : pm_write_md(app, &r, &sink, 0);
	if (rc == CALM_OK) {
		char **want = split(sink.out.s, &nwant);
		compare_lines(o, want, nwant < gen.len ? nwant : gen.len, buf_cstr(&gen), have, nhave);
		free(want);
		rc = pm_record_load(app, o->id, 0, &now);
	}
	if (rc == CALM_OK)
		rc = after(app, o, &now);
	pm_record_release(&r);
	pm_record_release(&now);
	pm_sink_release(&sink);
	buf_release(&gen);
	free(have);
	return rc;
}

/* ---- JSON ---- */

static const char *jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static json_t *event_by_id(json_t *events, long long id)
{
	size_t i;
	json_t *e;

	json_array_foreach(events, i, e)
		if (json_integer_value(json_object_get(e, "id")) == id)
			return e;
	return NULL;
}

static void compare_json(struct app_verify_file *o, json_t *file, json_t *rec,
			 const struct pm_record *r)
{
	json_t *fe = json_object_get(json_object_get(file, "incident"), "events");
	json_t *re = json_object_get(json_object_get(rec, "incident"), "events");
	json_t *ff = json_object_get(json_object_get(file, "incident"), "fields");
	size_t i;
	json_t *e;
	const char *key;

	json_array_foreach(re, i, e) {
		long long id = json_integer_value(json_object_get(e, "id"));
		if (id > o->event)
			continue;
		o->checked++;
		json_t *f = event_by_id(fe, id);
		if (!f)
			problem(o, "%s: event %lld is missing: '%.400s'", o->path, id, jstr(e, "text"));
		else if (!json_equal(f, e))
			problem(o, "%s: event %lld changed: the record says '%.400s' by %s at %s",
				o->path, id, jstr(e, "text"), jstr(e, "author"), jstr(e, "occurred"));
	}
	json_array_foreach(fe, i, e) {
		long long id = json_integer_value(json_object_get(e, "id"));
		if (!event_by_id(re, id) || id > o->event)
			problem(o, "%s: event %lld is not in the record as exported", o->path, id);
	}
	o->checked += 2;
	if (strcmp(jstr(json_object_get(file, "incident"), "title"), r->s.title ? r->s.title : "") != 0)
		problem(o, "%s: title changed: the record says '%.400s'", o->path, r->s.title);
	if (json_integer_value(json_object_get(json_object_get(file, "incident"), "severity")) !=
	    r->s.severity)
		problem(o, "%s: severity changed: the record says %d", o->path, r->s.severity);
	for (size_t k = 0; k < r->s.nfields; k++) {
		o->checked++;
		const char *v = json_string_value(json_object_get(ff, r->s.fields[k].name));
		if (!v || strcmp(v, r->s.fields[k].value) != 0)
			problem(o, "%s: field %s %s: the record says '%.400s'", o->path,
				r->s.fields[k].name, v ? "changed" : "missing", r->s.fields[k].value);
	}
	json_object_foreach(ff, key, e)
		if (!pm_field(r, key))
			problem(o, "%s: field %s is not in the record as exported", o->path, key);
}

static enum calm_rc verify_json(struct app *app, struct app_verify_file *o, const char *text)
{
	json_error_t je;
	json_t *file = json_loads(text, 0, &je), *rec = NULL;
	struct pm_record r = { 0 }, now = { 0 };
	char *js = NULL;
	enum calm_rc rc;

	if (!file)
		return calm_err_set(&app->err, CALM_DATA, "%s:%d:%d: %s", o->path, je.line,
				    je.column, je.text);
	json_t *chain = json_object_get(file, "chain");
	o->id = json_integer_value(json_object_get(json_object_get(file, "incident"), "id"));
	o->event = json_integer_value(json_object_get(chain, "event"));
	o->events = json_integer_value(json_object_get(chain, "events"));
	const char *head = jstr(chain, "head"), *dbid = jstr(chain, "database");
	if (!o->id || !o->event || strlen(head) != 2 * STORE_HASH_LEN || strlen(dbid) != DB_ID_LEN) {
		json_decref(file);
		return calm_err_set(&app->err, CALM_DATA,
				    "%s has no chain (incident, chain.event, events, head, database): not a postmortem export of calm's",
				    o->path);
	}
	rc = check_head(app, o, head, dbid);
	if (rc == CALM_OK)
		rc = pm_record_load(app, o->id, o->event, &r);
	if (rc == CALM_OK)
		rc = store_postmortem_json(app->st, o->id, &js, &app->err);
	if (rc == CALM_OK && !(rec = json_loads(js, 0, &je)))
		rc = calm_err_set(&app->err, CALM_DATA, "the record's JSON does not parse: %s", je.text);
	if (rc == CALM_OK)
		compare_json(o, file, rec, &r);
	if (rc == CALM_OK)
		rc = pm_record_load(app, o->id, 0, &now);
	if (rc == CALM_OK)
		rc = after(app, o, &now);
	pm_record_release(&r);
	pm_record_release(&now);
	json_decref(file);
	json_decref(rec);
	free(js);
	return rc;
}

enum calm_rc app_verify_file(struct app *app, const char *path, struct app_verify_file *o)
{
	char *text = NULL;
	size_t len = 0;
	enum calm_rc rc;

	memset(o, 0, sizeof *o);
	calm_err_clear(&app->err);
	o->path = path;
	rc = app_read_file(app, path, &text, &len);
	if (rc != CALM_OK)
		return rc;
	const char *p = text;
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	o->fmt = *p == '{' ? APP_EXPORT_JSON
	       : strncmp(p, "<!DOCTYPE html", 14) == 0 ? APP_EXPORT_HTML : APP_EXPORT_MD;
	rc = o->fmt == APP_EXPORT_JSON ? verify_json(app, o, text) : verify_doc(app, o, text);
	free(text);
	if (rc == CALM_OK && o->nproblems)
		rc = calm_err_set(&app->err, CALM_DATA,
				  "%s: %zu line%s the export made from the record %s changed or missing",
				  path, o->nproblems, o->nproblems == 1 ? "" : "s",
				  o->nproblems == 1 ? "is" : "are");
	return rc;
}
