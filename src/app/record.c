/*
 * record.c - an incident's record as of one event (record.h), read in
 * one snapshot: the events that change the state replayed (the store's
 * index of them: the notes between are never read), the stages walked
 * through and the updates sent, the chain head at that event and the
 * seal that covers it; the events as the documents show them, walked a
 * page at a time; where a document goes (struct pm_sink).
 */
#include "record.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app-int.h"
#include "calm/buf.h"
#include "calm/template.h"
#include "calm/store-replay.h"
#include "calm/when.h"

struct loader {
	struct app *app;
	struct pm_record *r;
};

static void stage_open(struct pm_record *r, struct app *app, const char *stage, long long at)
{
	int i = app->pb ? playbook_stage_index(app->pb, stage) : -1;

	if (r->nstages)
		r->stages[r->nstages - 1].to_ms = at;
	r->stages = xrealloc(r->stages, (r->nstages + 1) * sizeof *r->stages);
	struct rec_stage *s = &r->stages[r->nstages++];
	s->stage = xstrdup(stage);
	s->title = i >= 0 ? app->pb->stages[i].title : s->stage;
	s->from_ms = s->to_ms = at;
}

static int fold(const struct replay_event *ev, void *ctx)
{
	struct loader *l = ctx;
	struct pm_record *r = l->r;
	const char *k = ev->kind ? ev->kind : "";

	replay_apply(&r->s, ev);
	if (ev->damaged)
		return 0;
	if (strcmp(k, "declare") == 0 && replay_get(ev, "stage")) {
		stage_open(r, l->app, replay_get(ev, "stage"), ev->ts_ms);
	} else if (strcmp(k, "stage") == 0 && replay_get(ev, "to")) {
		const char *to = replay_get(ev, "to");
		if (strcmp(to, "closed") == 0) {
			if (r->nstages)
				r->stages[r->nstages - 1].to_ms = ev->ts_ms;
		} else if (!r->nstages || strcmp(r->stages[r->nstages - 1].stage, to) != 0) {
			stage_open(r, l->app, to, ev->ts_ms);
		}
	} else if (strcmp(k, "sent") == 0) {
		int a = audience_parse(replay_get(ev, "audience"));
		const char *rev = replay_get(ev, "revision"), *ch = replay_get(ev, "channel");
		if (a >= 0) {
			r->updates = xrealloc(r->updates, (r->nupdates + 1) * sizeof *r->updates);
			r->updates[r->nupdates++] = (struct rec_update){
				.audience = a, .at_ms = ev->ts_ms,
				.revision = rev ? atoi(rev) : 0,
				.channel = xstrdup(ch ? ch : "manual"),
			};
		}
	}
	return 0;
}

/* pm_each_event's walk: the callback, and where to stop. */
struct walk {
	int (*cb)(const struct rec_event *, void *);
	void *ctx;
	bool stopped;
};

static int walk_one(const struct event *ev, void *ctx)
{
	struct walk *w = ctx;
	const char *t = ev->amended ? (ev->amended_raw ? ev->amended_raw : ev->amended)
				    : (ev->raw ? ev->raw : ev->text);
	size_t len = ev->amended ? (ev->amended_raw ? ev->amended_raw_len : strlen(ev->amended))
				 : (ev->raw ? ev->raw_len : strlen(ev->text));
	struct rec_event e;

	if (strcmp(ev->kind, "amend") == 0 || strcmp(ev->kind, "strike") == 0)
		return 0; /* shown through the event they correct */
	e = (struct rec_event){
		.id = ev->id, .at_ms = ev->occurred_ms, .ts_ms = ev->ts_ms,
		.backfilled = ev->backfilled, .author = (char *)ev->author,
		.kind = (char *)ev->kind, .text = (char *)t, .len = len,
		.amended = ev->amendments > 0, .struck = (char *)ev->struck,
	};
	if (w->cb(&e, w->ctx) == 0)
		return 0;
	w->stopped = true;
	return 1;
}

enum calm_rc pm_each_event(struct app *app, const struct pm_record *r, bool back,
			   int (*cb)(const struct rec_event *, void *), void *ctx)
{
	struct walk w = { cb, ctx, false };
	long long after = 0, last = 0;
	enum calm_rc rc = CALM_OK;

	if (!r->head.event)
		return CALM_OK;
	do {
		rc = store_events_page(app->st, r->id, after, !back, back ? 50 : 500,
				       r->head.event, walk_one, &w, &last, &app->err);
		after = last;
	} while (rc == CALM_OK && last != 0 && !w.stopped);
	return rc;
}

static int seal_cover(const struct seal *s, void *ctx)
{
	struct pm_record *r = ctx;
	char type[32] = "key";
	size_t n = 0;

	if (s->head.event > r->head.event)
		return 0;
	/* the key's type word only: its comment is anyone's text */
	while (s->key && n + 1 < sizeof type && ((s->key[n] >= 'a' && s->key[n] <= 'z') ||
	       (s->key[n] >= '0' && s->key[n] <= '9') || s->key[n] == '-' || s->key[n] == '@' ||
	       s->key[n] == '.')) {
		type[n] = s->key[n];
		n++;
	}
	if (n)
		type[n] = '\0';
	free(r->sealed);
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s (%s) at event %lld", s->author && s->author[0] ? s->author : "?",
		 type, s->head.event);
	r->sealed = buf_detach(&b);
	return 0;
}

const char *pm_field(const struct pm_record *r, const char *name)
{
	for (size_t i = 0; i < r->s.nfields; i++)
		if (strcmp(r->s.fields[i].name, name) == 0)
			return r->s.fields[i].value && r->s.fields[i].value[0] ? r->s.fields[i].value : NULL;
	return NULL;
}

static void times(struct pm_record *r)
{
	struct milestone_times mt = { .declared_ms = r->s.declared_ms,
				      .closed_ms = r->s.closed ? r->s.closed_ms : 0 };

	for (int m = 0; m < MS_COUNT; m++) {
		const char *v = pm_field(r, milestone_defs[m].field);
		long long ms = 0;
		if (v && when_parse(v, WHEN_DATETIME, 0, &ms, NULL) == CALM_OK)
			r->ms[m] = ms;
		mt.at[m] = r->ms[m];
	}
	r->start_ms = r->ms[MS_STARTED] ? r->ms[MS_STARTED] : r->s.declared_ms;
	r->end_ms = r->s.closed ? r->s.closed_ms : r->last_ms;
	if (r->nstages)
		r->stages[r->nstages - 1].to_ms = r->s.closed ? r->stages[r->nstages - 1].to_ms : r->end_ms;
	milestone_durations(&mt, &r->dur);
}

static int last_time(long long id, long long ts_ms, void *ctx)
{
	(void)id;
	*(long long *)ctx = ts_ms;
	return 1;
}

static enum calm_rc load(struct app *app, long long id, long long upto, struct pm_record *r)
{
	struct loader l = { app, r };
	struct chain_head now;
	enum calm_rc rc;

	rc = store_chain_head(app->st, id, &now, &app->err);
	if (rc == CALM_OK && upto && upto != now.event)
		rc = store_chain_at(app->st, id, upto, &r->head, &app->err);
	else if (rc == CALM_OK)
		r->head = now; /* counted as written: no walk */
	if (rc == CALM_OK)
		rc = store_db_id(app->st, r->dbid, &app->err);
	if (rc != CALM_OK)
		return rc;
	for (int i = 0; i < STORE_HASH_LEN; i++)
		snprintf(r->head_hex + 2 * i, 3, "%02x", r->head.head[i]);
	rc = store_events_kv(app->st, id, 0, r->head.event, 0, STORE_KV_STATE, fold, &l, NULL,
			     &app->err);
	/* the time of the last event: the record's end while it is open */
	if (rc == CALM_OK && r->head.event)
		rc = store_event_ids(app->st, id, r->head.event + 1, false, 1, last_time,
				     &r->last_ms, NULL, &app->err);
	if (rc == CALM_OK)
		rc = store_seal_each(app->st, id, seal_cover, r, &app->err);
	if (rc == CALM_OK)
		times(r);
	return rc;
}

enum calm_rc pm_record_load(struct app *app, long long id, long long upto,
			    struct pm_record *r)
{
	bool own = !store_in_tx(app->st);
	enum calm_rc rc;

	memset(r, 0, sizeof *r);
	r->id = id;
	replay_init(&r->s);
	calm_err_clear(&app->err);
	if (own) {
		rc = store_read_begin(app->st, &app->err);
		if (rc != CALM_OK)
			return rc;
	}
	rc = load(app, id, upto, r);
	if (own)
		store_read_end(app->st);
	return rc;
}

void pm_record_release(struct pm_record *r)
{
	for (size_t i = 0; i < r->nstages; i++)
		free(r->stages[i].stage);
	free(r->stages);
	for (size_t i = 0; i < r->nupdates; i++)
		free(r->updates[i].channel);
	free(r->updates);
	free(r->sealed);
	replay_release(&r->s);
	memset(r, 0, sizeof *r);
}

void pm_record_line(const struct pm_record *r, struct buf *out)
{
	buf_addf(out, "Record: incident %lld, %lld events up to event %lld, chain head %s, "
		 "database %s, ", r->id, r->head.events, r->head.event, r->head_hex, r->dbid);
	if (r->sealed)
		buf_addf(out, "sealed by %s", r->sealed);
	else
		buf_adds(out, "not sealed");
}

static bool hex_word(const char *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdef", p[i]))
			return false;
	if (p[n] >= '0' && (strchr("0123456789abcdef", p[n]) && p[n]))
		return false;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}

/* The words at *p, a space in them standing for any run of white
 * space (none too); *p moves past them. */
static bool words(const char **p, const char *w)
{
	const char *s = *p;

	for (; *w; w++) {
		if (*w == ' ') {
			while (isspace((unsigned char)*s))
				s++;
		} else if (*s++ != *w) {
			return false;
		}
	}
	*p = s;
	return true;
}

/* The words at *p, then a decimal number into *v; *p moves past both. */
static bool word_num(const char **p, const char *w, long long *v)
{
	char *end;

	if (!words(p, w))
		return false;
	errno = 0;
	*v = strtoll(*p, &end, 10);
	if (errno || end == *p)
		return false;
	*p = end;
	return true;
}

bool pm_record_parse(const char *line, long long *id, long long *events,
		     long long *event, char head[2 * STORE_HASH_LEN + 1],
		     char dbid[DB_ID_LEN + 1])
{
	const char *p = strstr(line, "Record: incident ");

	if (!p || !word_num(&p, "Record: incident ", id) || !word_num(&p, ", ", events) ||
	    !word_num(&p, " events up to event ", event) || !words(&p, ", chain head "))
		return false;
	if (!hex_word(p, 2 * STORE_HASH_LEN, head))
		return false;
	p += 2 * STORE_HASH_LEN;
	if (strncmp(p, ", database ", 11) != 0)
		return false;
	return hex_word(p + 11, DB_ID_LEN, dbid);
}

enum calm_rc pm_sink_flush(struct pm_sink *s)
{
	enum calm_rc rc = CALM_OK;

	if (s->write && s->out.len) {
		rc = s->write(s->out.s, s->out.len, s->ctx);
		buf_reset(&s->out);
	}
	return rc;
}

void pm_sink_release(struct pm_sink *s)
{
	buf_release(&s->out);
}

enum calm_rc pm_missing(struct app *app, const struct pm_record *r,
			enum app_export_format fmt, char ***missing)
{
	struct pm_sink sink = { 0 };
	enum calm_rc rc;

	*missing = NULL;
	/* the document without the sections that walk the timeline: the
	 * facts' markers are in what is left */
	rc = fmt == APP_EXPORT_HTML ? pm_write_html(app, r, &sink, PM_NO_SECTIONS)
				    : pm_write_md(app, r, &sink, PM_NO_SECTIONS);
	if (rc == CALM_OK)
		*missing = pm_markers(buf_cstr(&sink.out));
	pm_sink_release(&sink);
	return rc;
}

void pm_missing_free(char **missing)
{
	for (size_t i = 0; missing && missing[i]; i++)
		free(missing[i]);
	free(missing);
}

static void marker_add(const char *m, void *ctx)
{
	char ***v = ctx;
	size_t n = 0;

	while ((*v)[n])
		n++;
	*v = xrealloc(*v, (n + 2) * sizeof **v);
	(*v)[n] = xstrdup(m);
	(*v)[n + 1] = NULL;
}

char **pm_markers(const char *text)
{
	char **v = xcalloc(1, sizeof *v);

	template_markers(text, marker_add, &v);
	if (!v[0]) {
		free(v);
		return NULL;
	}
	return v;
}
