/*
 * summary.c - time travel and the review summary: time travel folds an
 * incident's events (store_events_kv hands them over with their data as
 * key/value pairs; replay.h rebuilds the state), the summary folds the
 * few that change what the incident is and counts the rest by index.
 *
 * The summary is what a reviewer asks of a past incident: how long each
 * stage took to reach, when people were first told, how long the
 * impact lasted, who took part and in which roles, how many updates
 * went out, and which gates were overridden and why.
 */
#include "calm/app.h"
#include "app-int.h"
#include "calm/store-replay.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calm/buf.h"
#include "calm/when.h"
#include "calm/jsonw.h"
#include "calm/milestone.h"
#include "calm/replay.h"

static int fold_one(const struct replay_event *ev, void *ctx)
{
	replay_apply(ctx, ev);
	return 0;
}

enum calm_rc app_replay(struct app *app, long long id, long long event,
			struct replay_state *out)
{
	struct incident inc;
	long long last = 0;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	replay_init(out);
	rc = store_incident_get(app->st, id, &inc, &app->err);
	if (rc != CALM_OK)
		return rc;
	incident_release(&inc);
	rc = store_events_kv(app->st, id, 0, event, 0, 0, fold_one, out, &last,
			     &app->err);
	if (rc == CALM_OK && event > 0 && out->event != event) {
		rc = calm_err_set(&app->err, CALM_NOTFOUND,
				  "incident %lld has no event %lld", id, event);
	}
	if (rc != CALM_OK)
		replay_release(out);
	return rc;
}

char *app_replay_json(long long id, const struct replay_state *s)
{
	struct buf b = BUF_INIT;
	bool first = true;

	buf_addf(&b, "{\"incident\":%lld,\"at\":%lld,\"ts\":", id, s->event);
	jsonw_time(&b, s->ts_ms);
	buf_adds(&b, ",\"title\":");
	jsonw_str(&b, s->title);
	buf_addf(&b, ",\"severity\":%d,\"stage\":", s->severity);
	jsonw_str(&b, s->stage);
	buf_addf(&b, ",\"begun\":%s,\"status\":\"%s\",\"closed\":",
		 s->begun ? "true" : "false", s->closed ? "closed" : "active");
	jsonw_time(&b, s->closed ? s->closed_ms : 0);
	buf_addf(&b, ",\"notes\":%lld,\"overrides\":%lld,\"exports\":%lld,\"checked\":[",
		 s->notes, s->overrides, s->exports);
	for (size_t i = 0; i < s->nticks; i++) {
		if (!s->ticks[i].checked)
			continue;
		if (!first)
			buf_addc(&b, ',');
		first = false;
		jsonw_str(&b, s->ticks[i].item);
	}
	buf_adds(&b, "],\"fields\":{");
	for (size_t i = 0; i < s->nfields; i++) {
		if (i)
			buf_addc(&b, ',');
		jsonw_str(&b, s->fields[i].name);
		buf_addc(&b, ':');
		jsonw_str(&b, s->fields[i].value);
	}
	buf_adds(&b, "},\"drafts\":{");
	for (int a = 0; a < AUD_COUNT; a++) {
		const struct replay_draft *d = &s->drafts[a];
		buf_addf(&b, "%s\"%s\":{\"revision\":%d,\"id\":%lld,\"sent_revision\":%d,\"channel\":",
			 a ? "," : "", audience_name(a), d->revision, d->id, d->sent_revision);
		jsonw_str(&b, d->channel);
		buf_addc(&b, '}');
	}
	buf_adds(&b, "},\"fixes\":[");
	for (size_t i = 0; i < s->nfixes; i++) {
		const struct replay_fix *f = &s->fixes[i];
		buf_addf(&b, "%s{\"n\":%lld,\"what\":", i ? "," : "", f->n);
		jsonw_str(&b, f->what);
		buf_adds(&b, ",\"why\":");
		jsonw_str(&b, f->why);
		buf_adds(&b, ",\"outcome\":");
		jsonw_str(&b, f->outcome);
		buf_adds(&b, ",\"note\":");
		jsonw_str(&b, f->note);
		buf_addc(&b, '}');
	}
	buf_adds(&b, "],\"actions\":[");
	for (size_t i = 0; i < s->nactions; i++) {
		const struct replay_action *a = &s->actions[i];
		buf_addf(&b, "%s{\"n\":%lld,\"title\":", i ? "," : "", a->n);
		jsonw_str(&b, a->title);
		buf_adds(&b, ",\"owner\":");
		jsonw_str(&b, a->owner);
		buf_adds(&b, ",\"category\":");
		jsonw_str(&b, a->category);
		buf_adds(&b, ",\"due\":");
		jsonw_str(&b, a->due);
		buf_adds(&b, ",\"status\":");
		jsonw_str(&b, a->status);
		buf_addc(&b, '}');
	}
	buf_adds(&b, "],\"roles\":{");
	for (size_t i = 0; i < s->nroles; i++) {
		if (i)
			buf_addc(&b, ',');
		jsonw_str(&b, s->roles[i].role);
		buf_addc(&b, ':');
		jsonw_str(&b, s->roles[i].person);
	}
	buf_adds(&b, "}}");
	return buf_detach(&b);
}

/* A stored field value "2026-02-01T14:05:00Z" to UTC ms; 0 when unreadable. */
static long long parse_utc(const char *s)
{
	long long ms = 0;

	if (!s || when_parse(s, WHEN_DATETIME, 0, &ms, NULL) != CALM_OK)
		return 0;
	return ms;
}

/*
 * The summary reads no more than the incident's shape: the events that
 * change what it is (the events_state index: stages, updates sent,
 * roles, overrides, fields, fixes, items), one row per author (the
 * events_author index: their events and notes, their oldest event) and
 * the events that may be damaged (the events_suspect index), which
 * count as events but not for their author, nor as notes.  People come
 * in the order they first appear: as the author of a sound event, or
 * as named by a role event (after that event's author).
 */
struct sumctx {
	struct app_summary *s;
	struct replay_state st;
	size_t nreasons;
	long long *first;      /* per person: 2 * event id, + 1 when named by a role */
	struct hurt { long long id; char *author; bool note; } *hurt; /* damaged events */
	size_t nhurt;
};

static struct app_person *person(struct sumctx *c, const char *name, long long first)
{
	struct app_summary *s = c->s;

	for (size_t i = 0; i < s->npeople; i++)
		if (strcmp(s->people[i].name, name) == 0) {
			if (first < c->first[i])
				c->first[i] = first;
			return &s->people[i];
		}
	s->people = xrealloc(s->people, (s->npeople + 1) * sizeof *s->people);
	c->first = xrealloc(c->first, (s->npeople + 1) * sizeof *c->first);
	c->first[s->npeople] = first;
	struct app_person *p = &s->people[s->npeople++];
	*p = (struct app_person){ .name = xstrdup(name) };
	p->roles = xcalloc(1, sizeof *p->roles);
	return p;
}

static void person_role(struct app_person *p, const char *role)
{
	size_t n = 0;

	for (; p->roles[n]; n++)
		if (strcmp(p->roles[n], role) == 0)
			return;
	p->roles = xrealloc(p->roles, (n + 2) * sizeof *p->roles);
	p->roles[n] = xstrdup(role);
	p->roles[n + 1] = NULL;
}

static void stage_reached(struct app_summary *s, const char *stage, long long ms)
{
	for (size_t i = 0; i < s->nstages; i++)
		if (strcmp(s->stages[i].stage, stage) == 0)
			return;
	s->stages = xrealloc(s->stages, (s->nstages + 1) * sizeof *s->stages);
	s->stages[s->nstages++] = (struct app_stage_time){ xstrdup(stage), ms };
}

/* One state event (the damaged ones are the suspect walk's). */
static int fold_state(const struct replay_event *ev, void *ctx)
{
	struct sumctx *c = ctx;
	struct app_summary *s = c->s;
	const char *k = ev->kind ? ev->kind : "";

	if (ev->damaged)
		return 0;
	if (strcmp(k, "declare") == 0 && replay_get(ev, "stage")) {
		stage_reached(s, replay_get(ev, "stage"), ev->ts_ms);
	} else if (strcmp(k, "stage") == 0 && replay_get(ev, "to") &&
		   strcmp(replay_get(ev, "to"), "closed") != 0) {
		stage_reached(s, replay_get(ev, "to"), ev->ts_ms);
	} else if (strcmp(k, "sent") == 0) {
		int a = audience_parse(replay_get(ev, "audience"));
		if (a >= 0) {
			if (!s->first_update_ms[a])
				s->first_update_ms[a] = ev->ts_ms;
			s->updates_sent[a]++;
		}
	} else if (strcmp(k, "role") == 0) {
		const char *who = replay_get(ev, "person"), *role = replay_get(ev, "role");
		if (who && who[0] && role)
			person_role(person(c, who, 2 * ev->id + 1), role);
	}
	if (strcmp(k, "stage") == 0 && replay_get(ev, "override")) {
		struct buf b = BUF_INIT;
		const char *from = replay_get(ev, "from");
		buf_addf(&b, "%s: %s", from ? from : "?", replay_get(ev, "override"));
		s->override_reasons = xrealloc(s->override_reasons,
					       (c->nreasons + 2) * sizeof *s->override_reasons);
		s->override_reasons[c->nreasons++] = buf_detach(&b);
		s->override_reasons[c->nreasons] = NULL;
	}
	replay_apply(&c->st, ev);
	return 0;
}

/* One event that may be damaged: the damaged ones kept aside. */
static int take_hurt(const struct replay_event *ev, void *ctx)
{
	struct sumctx *c = ctx;

	if (!ev->damaged)
		return 0;
	if (!c->s->damaged++)
		c->s->first_damaged = ev->id;
	c->hurt = xrealloc(c->hurt, (c->nhurt + 1) * sizeof *c->hurt);
	c->hurt[c->nhurt++] = (struct hurt){ ev->id, xstrdup(ev->author ? ev->author : ""),
					     ev->kind && strcmp(ev->kind, "note") == 0 };
	return 0;
}

static bool is_hurt(const struct sumctx *c, long long id)
{
	for (size_t i = 0; i < c->nhurt; i++)
		if (c->hurt[i].id == id)
			return true;
	return false;
}

/* One author's row: their sound events are theirs (rows alike in the
 * name the replay reads are one person, as the fold made them). */
struct author_sum { char *name; long long events, notes, first; };
struct authors { struct author_sum *v; size_t n; };

static int take_author(const struct store_author *a, void *ctx)
{
	struct authors *as = ctx;

	for (size_t i = 0; i < as->n; i++)
		if (strcmp(as->v[i].name, a->author) == 0) {
			as->v[i].events += a->events;
			as->v[i].notes += a->notes;
			if (a->first < as->v[i].first)
				as->v[i].first = a->first;
			return 0;
		}
	as->v = xrealloc(as->v, (as->n + 1) * sizeof *as->v);
	as->v[as->n++] = (struct author_sum){ xstrdup(a->author), a->events, a->notes, a->first };
	return 0;
}

/* The authors into people and the counts; their damaged events taken
 * off, an oldest event that is damaged passed over for the next. */
static enum calm_rc count_authors(struct app *app, long long id, struct sumctx *c)
{
	struct authors as = { 0 };
	enum calm_rc rc = store_event_authors(app->st, id, take_author, &as, &app->err);

	for (size_t i = 0; i < as.n; i++) {
		struct author_sum *a = &as.v[i];

		c->s->events += a->events;
		c->s->notes += a->notes;
		for (size_t h = 0; h < c->nhurt; h++)
			if (strcmp(c->hurt[h].author, a->name) == 0) {
				a->events--;
				c->s->notes -= c->hurt[h].note;
			}
		while (rc == CALM_OK && a->events > 0 && is_hurt(c, a->first))
			rc = store_author_next(app->st, id, a->name, a->first, &a->first, &app->err);
		if (rc == CALM_OK && a->events > 0)
			person(c, a->name, 2 * a->first)->events += a->events;
		free(a->name);
	}
	free(as.v);
	return rc;
}

/* people into the order they first appeared */
struct ranked { long long first; struct app_person p; };

static int by_first(const void *a, const void *b)
{
	long long x = ((const struct ranked *)a)->first, y = ((const struct ranked *)b)->first;

	return x < y ? -1 : x > y;
}

static void order_people(struct sumctx *c)
{
	struct app_summary *s = c->s;
	struct ranked *r = xcalloc(s->npeople + 1, sizeof *r);

	for (size_t i = 0; i < s->npeople; i++)
		r[i] = (struct ranked){ c->first[i], s->people[i] };
	qsort(r, s->npeople, sizeof *r, by_first);
	for (size_t i = 0; i < s->npeople; i++)
		s->people[i] = r[i].p;
	free(r);
}

static void milestones(struct app_summary *out, const struct replay_state *st)
{
	struct milestone_times mt = { .declared_ms = out->declared_ms,
				      .closed_ms = out->closed_ms };
	struct milestone_durations d;

	for (int m = 0; m < MS_COUNT; m++)
		mt.at[m] = parse_utc(replay_field(st, milestone_defs[m].field));
	milestone_durations(&mt, &d);
	out->impact_start_ms = mt.at[MS_STARTED];
	out->resolved_ms = mt.at[MS_RESOLVED];
	out->downtime_ms = d.resolve_ms;
	out->detect_ms = d.detect_ms;
	out->mitigate_ms = d.mitigate_ms;
}

enum calm_rc app_summary(struct app *app, long long id, struct app_summary *out)
{
	struct sumctx c = { .s = out };
	struct incident inc;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	memset(out, 0, sizeof *out);
	out->override_reasons = xcalloc(1, sizeof *out->override_reasons);
	rc = store_incident_get(app->st, id, &inc, &app->err);
	if (rc != CALM_OK)
		return rc;
	out->id = inc.id;
	out->title = xstrdup(inc.title);
	out->severity = inc.severity;
	out->closed = inc.closed;
	out->declared_ms = inc.declared_ms;
	out->closed_ms = inc.closed_ms;
	out->incident_damaged = inc.damaged ? xstrdup(inc.damaged) : NULL;
	incident_release(&inc);
	replay_init(&c.st);
	rc = store_events_kv(app->st, id, 0, 0, 0, STORE_KV_SUSPECT, take_hurt, &c, NULL,
			     &app->err);
	if (rc == CALM_OK)
		rc = store_events_kv(app->st, id, 0, 0, 0, STORE_KV_STATE, fold_state, &c, NULL,
				     &app->err);
	if (rc == CALM_OK)
		rc = count_authors(app, id, &c);
	if (rc == CALM_OK) {
		order_people(&c);
		out->overrides = c.st.overrides;
		out->fixes = (long long)c.st.nfixes;
		out->actions = (long long)c.st.nactions;
		milestones(out, &c.st);
	}
	replay_release(&c.st);
	for (size_t i = 0; i < c.nhurt; i++)
		free(c.hurt[i].author);
	free(c.hurt);
	free(c.first);
	if (rc != CALM_OK)
		app_summary_release(out);
	return rc;
}

void app_summary_release(struct app_summary *s)
{
	free(s->title);
	free(s->incident_damaged);
	for (size_t i = 0; i < s->nstages; i++)
		free(s->stages[i].stage);
	free(s->stages);
	for (size_t i = 0; i < s->npeople; i++) {
		free(s->people[i].name);
		for (size_t r = 0; s->people[i].roles && s->people[i].roles[r]; r++)
			free(s->people[i].roles[r]);
		free(s->people[i].roles);
	}
	free(s->people);
	for (size_t i = 0; s->override_reasons && s->override_reasons[i]; i++)
		free(s->override_reasons[i]);
	free(s->override_reasons);
	memset(s, 0, sizeof *s);
}

char *app_summary_json(const struct app_summary *s)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "{\"id\":%lld,\"title\":", s->id);
	jsonw_str(&b, s->title);
	buf_addf(&b, ",\"severity\":%d,\"status\":\"%s\",\"declared\":", s->severity,
		 s->closed ? "closed" : "active");
	jsonw_time(&b, s->declared_ms);
	buf_adds(&b, ",\"closed\":");
	jsonw_time(&b, s->closed_ms);
	buf_adds(&b, ",\"stages\":[");
	for (size_t i = 0; i < s->nstages; i++) {
		buf_adds(&b, i ? ",{\"stage\":" : "{\"stage\":");
		jsonw_str(&b, s->stages[i].stage);
		buf_adds(&b, ",\"entered\":");
		jsonw_time(&b, s->stages[i].entered_ms);
		buf_addf(&b, ",\"after_s\":%lld}",
			 (s->stages[i].entered_ms - s->declared_ms) / 1000);
	}
	buf_adds(&b, "],\"first_update\":{");
	for (int a = 0; a < AUD_COUNT; a++) {
		buf_addf(&b, "%s\"%s\":", a ? "," : "", audience_name(a));
		jsonw_time(&b, s->first_update_ms[a]);
	}
	buf_adds(&b, "},\"updates_sent\":{");
	for (int a = 0; a < AUD_COUNT; a++)
		buf_addf(&b, "%s\"%s\":%lld", a ? "," : "", audience_name(a),
			 s->updates_sent[a]);
	buf_adds(&b, "},\"impact_start\":");
	jsonw_time(&b, s->impact_start_ms);
	buf_adds(&b, ",\"resolved\":");
	jsonw_time(&b, s->resolved_ms);
	const char *names[] = { "downtime_s", "time_to_detect_s", "time_to_mitigate_s" };
	long long spans[] = { s->downtime_ms, s->detect_ms, s->mitigate_ms };
	for (int i = 0; i < 3; i++) {
		if (spans[i] >= 0)
			buf_addf(&b, ",\"%s\":%lld", names[i], spans[i] / 1000);
		else
			buf_addf(&b, ",\"%s\":null", names[i]);
	}
	buf_adds(&b, ",\"people\":[");
	for (size_t i = 0; i < s->npeople; i++) {
		buf_adds(&b, i ? ",{\"name\":" : "{\"name\":");
		jsonw_str(&b, s->people[i].name);
		buf_addf(&b, ",\"events\":%lld,\"roles\":[", s->people[i].events);
		for (size_t r = 0; s->people[i].roles[r]; r++) {
			if (r)
				buf_addc(&b, ',');
			jsonw_str(&b, s->people[i].roles[r]);
		}
		buf_adds(&b, "]}");
	}
	buf_addf(&b, "],\"overrides\":%lld,\"override_reasons\":[", s->overrides);
	for (size_t i = 0; s->override_reasons && s->override_reasons[i]; i++) {
		if (i)
			buf_addc(&b, ',');
		jsonw_str(&b, s->override_reasons[i]);
	}
	buf_addf(&b, "],\"notes\":%lld,\"fixes\":%lld,\"actions\":%lld,\"events\":%lld,"
		     "\"damaged_events\":%lld}",
		 s->notes, s->fixes, s->actions, s->events, s->damaged);
	return buf_detach(&b);
}

/* The durations of every incident, one list per kind; months: the
 * same per month of the start (YYYY*12 + MM - 1). */
struct spans {
	long long *v[3];
	size_t n[3], cap[3];
	struct month_spans { int key; long long *v[3]; size_t n[3]; } *m;
	size_t nm;
};

static void span_add(long long **v, size_t *n, size_t *cap, long long x)
{
	if (!cap || *n == *cap) {
		size_t c = cap ? (*cap ? 2 * *cap : 16) : *n + 1;
		*v = xrealloc(*v, c * sizeof **v);
		if (cap)
			*cap = c;
	}
	(*v)[(*n)++] = x;
}

static struct month_spans *month_of(struct spans *sp, long long start_ms)
{
	long long month = when_month_index(start_ms);

	if (month < 0 || month > INT_MAX)
		return NULL;
	int key = (int)month;
	for (size_t i = 0; i < sp->nm; i++)
		if (sp->m[i].key == key)
			return &sp->m[i];
	sp->m = xrealloc(sp->m, (sp->nm + 1) * sizeof *sp->m);
	memset(&sp->m[sp->nm], 0, sizeof *sp->m);
	sp->m[sp->nm].key = key;
	return &sp->m[sp->nm++];
}

static int add_spans(const struct store_milestones *m, void *ctx)
{
	struct spans *sp = ctx;
	struct milestone_times t = { .declared_ms = m->declared_ms,
				     .closed_ms = m->closed_ms };
	struct milestone_durations d;

	t.at[MS_DETECTED] = parse_utc(m->detected);
	t.at[MS_STARTED] = parse_utc(m->started);
	t.at[MS_MITIGATED] = parse_utc(m->mitigated);
	t.at[MS_RESOLVED] = parse_utc(m->resolved);
	milestone_durations(&t, &d);
	long long got[3] = { d.detect_ms, d.mitigate_ms, d.resolve_ms };
	struct month_spans *ms = NULL;
	for (int k = 0; k < 3; k++) {
		if (got[k] < 0)
			continue;
		span_add(&sp->v[k], &sp->n[k], &sp->cap[k], got[k]);
		if (!ms)
			ms = month_of(sp, t.at[MS_STARTED] ? t.at[MS_STARTED] : t.declared_ms);
		if (ms)
			span_add(&ms->v[k], &ms->n[k], NULL, got[k]);
	}
	return 0;
}

static int by_value(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* The median of v[0..n) (sorted here), -1 when n is 0. */
static long long median(long long *v, size_t n)
{
	if (n == 0)
		return -1;
	qsort(v, n, sizeof *v, by_value);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int by_key(const void *a, const void *b)
{
	return ((const struct month_spans *)a)->key - ((const struct month_spans *)b)->key;
}

/* Every month from the first to the last, the empty ones too. */
static void months(struct spans *sp, struct app_stats *out)
{
	if (sp->nm == 0)
		return;
	qsort(sp->m, sp->nm, sizeof *sp->m, by_key);
	int first = sp->m[0].key, last = sp->m[sp->nm - 1].key;
	size_t j = 0;
	out->nmonths = (size_t)(last - first + 1);
	out->months = xcalloc(out->nmonths, sizeof *out->months);
	for (int key = first; key <= last; key++) {
		struct app_month *am = &out->months[key - first];
		snprintf(am->month, sizeof am->month, "%04u-%02u", (unsigned)(key / 12) % 10000u,
			 (unsigned)(key % 12) % 12u + 1u);
		for (int k = 0; k < 3; k++)
			am->median_ms[k] = -1;
		if (j < sp->nm && sp->m[j].key == key) {
			for (int k = 0; k < 3; k++) {
				am->known[k] = (long long)sp->m[j].n[k];
				am->median_ms[k] = median(sp->m[j].v[k], sp->m[j].n[k]);
			}
			j++;
		}
	}
}

void app_stats_release(struct app_stats *s)
{
	free(s->months);
	s->months = NULL;
	s->nmonths = 0;
}

enum calm_rc app_stats(struct app *app, struct app_stats *out, char today[ACTION_DAY_LEN + 1])
{
	struct spans sp = { { NULL, NULL, NULL }, { 0, 0, 0 }, { 0, 0, 0 }, NULL, 0 };
	enum calm_rc rc;

	calm_err_clear(&app->err);
	memset(out, 0, sizeof *out);
	action_today(app_now(app), today);
	rc = store_stats(app->st, today, &out->s, &app->err);
	if (rc == CALM_OK)
		rc = store_milestones_each(app->st, add_spans, &sp, &app->err);
	for (int k = 0; k < 3; k++) {
		size_t n = sp.n[k];

		out->known[k] = (long long)n;
		out->median_ms[k] = -1;
		if (rc == CALM_OK)
			out->median_ms[k] = median(sp.v[k], n);
		free(sp.v[k]);
	}
	if (rc == CALM_OK)
		months(&sp, out);
	for (size_t i = 0; i < sp.nm; i++)
		for (int k = 0; k < 3; k++)
			free(sp.m[i].v[k]);
	free(sp.m);
	return rc;
}
