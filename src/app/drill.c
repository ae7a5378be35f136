/*
 * drill.c - drills (app-drill.h): the drill database, starting a drill,
 * its ticks, abandoning and deleting one.  The scenario of a past
 * incident is drill-scenario.c's, the score drill-score.c's.
 */
#include "calm/app-drill.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app-int.h"
#include "calm/app-read.h"
#include "calm/buf.h"
#include "calm/store-drill.h"

void app_drill_release(struct app_drill *d)
{
	free(d->title);
	free(d->source);
	free(d->trainee);
	free(d->status);
	memset(d, 0, sizeof *d);
}

enum calm_rc app_drill_open(struct app *app, const char *path, unsigned flags)
{
	struct stat sb;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	if (!(flags & APP_DRILL_CREATE) && stat(path, &sb) != 0 && errno == ENOENT)
		return calm_err_set(&app->err, CALM_NOTFOUND, "no drills yet (none at '%s')", path);
	rc = app_open(app, path, (flags & APP_DRILL_READONLY) != 0);
	if (rc == CALM_OK && !app->drill && (flags & APP_DRILL_CREATE)) {
		long long n = 0;
		/* a new file, or one with no incident: made a drill database */
		rc = app_incident_count(app, 0, &n);
		if (rc == CALM_OK && n == 0)
			rc = store_drill_prepare(app->st, &app->err);
		if (rc == CALM_OK && n == 0)
			rc = store_drill_is(app->st, &app->drill, &app->err);
	}
	if (rc == CALM_OK && !app->drill)
		rc = calm_err_set(&app->err, CALM_USAGE,
				  "'%s' is not a drill database (drills are never kept in a team's)",
				  path);
	if (rc != CALM_OK) {
		struct calm_err keep = app->err;
		app_close(app);
		app->err = keep;
	}
	return rc;
}

/* ---- starting, ticking, ending ---- */

/* s masked as a write's text is (NULL stays NULL): a new string. */
static char *masked(struct app *app, const char *s, enum calm_rc *rc)
{
	struct buf b = BUF_INIT;
	char *out;

	if (!s || *rc != CALM_OK)
		return s ? xstrdup(s) : NULL;
	*rc = app_mask(app, s, strlen(s), &b);
	out = buf_detach(&b);
	return out ? out : xstrdup("");
}

/* The scenario's texts as a drill keeps them in its rows: masked like
 * every other write (a scenario file, or a past incident copied, may
 * hold a secret the playbook's secrets: name); the texts delivered from
 * them are events, masked again on their way (app_append), to the same
 * words.  Release with scenario_free. */
static struct scenario *masked_scenario(struct app *app, const struct scenario *sc,
					enum calm_rc *rc)
{
	struct scenario *m = xcalloc(1, sizeof *m);

	*m = *sc;
	m->title = masked(app, sc->title, rc);
	m->product = masked(app, sc->product, rc);
	m->source = xstrdup(sc->source ? sc->source : "");
	m->obs = xcalloc(sc->nobs + 1, sizeof *m->obs);
	for (size_t i = 0; i < sc->nobs; i++)
		m->obs[i] = (struct scenario_obs){ sc->obs[i].at_ms, xstrdup(sc->obs[i].author ? sc->obs[i].author : ""),
						   masked(app, sc->obs[i].text, rc) };
	m->fixes = xcalloc(sc->nfixes + 1, sizeof *m->fixes);
	for (size_t i = 0; i < sc->nfixes; i++) {
		const struct scenario_fix *f = &sc->fixes[i];
		size_t n = 0;

		while (f->also && f->also[n])
			n++;
		m->fixes[i] = (struct scenario_fix){ .what = masked(app, f->what, rc),
						     .outcome = f->outcome,
						     .note = masked(app, f->note, rc),
						     .at_ms = f->at_ms };
		if (f->also)
			m->fixes[i].also = xcalloc(n + 1, sizeof *m->fixes[i].also);
		for (size_t k = 0; k < n; k++)
			m->fixes[i].also[k] = masked(app, f->also[k], rc);
	}
	return m;
}

enum calm_rc app_drill_start(struct app *app, const struct scenario *sc, int speed,
			     long long *id)
{
	struct store_drill d = { 0 };
	enum calm_rc rc;

	calm_err_clear(&app->err);
	if (!app->drill)
		return calm_err_set(&app->err, CALM_USAGE, "not a drill database");
	if (speed < 1 || speed > DRILL_SPEED_MAX)
		return calm_err_set(&app->err, CALM_USAGE, "speed must be 1 to %d, not %d",
				    DRILL_SPEED_MAX, speed);
	rc = app_begin(app);
	if (rc != CALM_OK)
		return rc;
	rc = app_declare_in(app, sc->title, sc->severity, sc->product, id);
	if (rc == CALM_OK) {
		struct scenario *m = masked_scenario(app, sc, &rc);

		d = (struct store_drill){ .incident = *id, .source = sc->source,
					  .trainee = (char *)app_author(app), .speed = speed,
					  .started_ms = app_now(app) };
		if (rc == CALM_OK)
			rc = store_drill_add(app->st, &d, m, &app->err);
		scenario_free(m);
	}
	if (rc == CALM_OK) {
		struct buf t = BUF_INIT;
		char sp[24];

		snprintf(sp, sizeof sp, "%d", speed);
		buf_addf(&t, "drill of %s at %dx: %zu observations will arrive as they happened",
			 sc->source, speed, sc->nobs);
		const char *kv[] = { "drill", "start", "source", sc->source, "speed", sp, NULL };
		rc = app_record(app, *id, "drill", buf_cstr(&t), kv);
		buf_release(&t);
	}
	return app_finish(app, rc);
}

/* Fill out from the store's drill, its scenario and incident. */
static void drill_fill(struct app_drill *out, struct store_drill *d, const struct scenario *sc,
		       const struct incident *inc)
{
	memset(out, 0, sizeof *out);
	out->id = d->incident;
	out->title = xstrdup(sc && sc->title ? sc->title : inc->title ? inc->title : "");
	out->source = d->source;
	out->trainee = d->trainee;
	out->status = d->status;
	d->source = d->trainee = d->status = NULL;
	out->speed = d->speed;
	out->drill_ms = d->drill_ms;
	out->paused = d->paused;
	out->started_ms = d->started_ms;
	out->ended_ms = d->ended_ms;
	out->closed = inc->closed;
	out->severity = inc->severity;
	out->delivered = d->next_obs > 0 ? (size_t)d->next_obs : 0;
	out->observations = sc ? sc->nobs : 0;
	out->next_due_ms = sc && out->delivered < sc->nobs ? sc->obs[out->delivered].at_ms : -1;
}

enum calm_rc app_drill_get(struct app *app, long long id, struct app_drill *out,
			   struct scenario **scp)
{
	struct store_drill d;
	struct scenario *sc = NULL;
	struct incident inc;
	enum calm_rc rc;

	memset(out, 0, sizeof *out);
	calm_err_clear(&app->err);
	if (!app->drill)
		return calm_err_set(&app->err, CALM_NOTFOUND, "no drill %lld", id);
	rc = store_drill_get(app->st, id, &d, &sc, &app->err);
	if (rc != CALM_OK)
		return rc;
	rc = store_incident_get(app->st, id, &inc, &app->err);
	if (rc == CALM_OK) {
		drill_fill(out, &d, sc, &inc);
		incident_release(&inc);
	}
	store_drill_release(&d);
	if (rc == CALM_OK && scp)
		*scp = sc;
	else
		scenario_free(sc);
	return rc;
}

/* The trainee's attempts logged since the last tick, copied out. */
struct attempts {
	long long after;
	long long *n;
	char **what;
	size_t count;
	long long newest;
};

static int attempt_one(const struct fix_row *f, void *ctx)
{
	struct attempts *a = ctx;

	if (f->n > a->newest)
		a->newest = f->n;
	if (f->n <= a->after || f->outcome)
		return 0;
	a->n = xrealloc(a->n, (a->count + 1) * sizeof *a->n);
	a->what = xrealloc(a->what, (a->count + 1) * sizeof *a->what);
	a->n[a->count] = f->n;
	a->what[a->count++] = xstrdup(f->what ? f->what : "");
	return 0;
}

/* Answer attempt n with fix fx of the scenario, at ts. */
static enum calm_rc answer(struct app *app, long long id, long long n,
			   const struct scenario_fix *fx, long long ts)
{
	const char *outcome = scenario_outcome_name(fx->outcome);
	struct buf t = BUF_INIT;
	char ns[24], *note = NULL;
	enum calm_rc rc;

	/* the scenario's words are kept like a person's: masked */
	rc = app_text(app, NULL, fx->note ? fx->note : "", fx->note ? strlen(fx->note) : 0, 0,
		      &note);
	if (!note)
		note = xstrdup("");
	if (rc == CALM_OK)
		rc = store_fix_outcome(app->st, id, n, outcome, note[0] ? note : NULL, ts,
				       &app->err);
	snprintf(ns, sizeof ns, "%lld", n);
	buf_addf(&t, "fix attempt %lld %s: what the system does: %s", n, outcome,
		 note[0] ? note : "(nothing noted)");
	const char *kv[] = { "fix", ns, "outcome", outcome, "note", note, NULL };
	struct event ev = { .incident = id, .ts_ms = ts, .author = APP_DRILL_AUTHOR,
			    .kind = "fix", .text = buf_cstr(&t) };
	if (rc == CALM_OK)
		rc = app_append(app, &ev, kv, NULL);
	buf_release(&t);
	free(note);
	return rc;
}

/* Deliver observations [from, to) of sc, each at the moment it was due. */
static enum calm_rc deliver(struct app *app, long long id, const struct scenario *sc,
			    long long started_ms, size_t from, size_t to)
{
	enum calm_rc rc = CALM_OK;

	for (size_t i = from; rc == CALM_OK && i < to; i++) {
		char seq[24], at[24];

		snprintf(seq, sizeof seq, "%zu", i + 1);
		snprintf(at, sizeof at, "%lld", sc->obs[i].at_ms);
		const char *kv[] = { "scenario", sc->source, "observation", seq, "at_ms", at, NULL };
		struct event ev = { .incident = id, .ts_ms = started_ms + sc->obs[i].at_ms,
				    .author = sc->obs[i].author, .kind = APP_DRILL_KIND,
				    .text = sc->obs[i].text };
		rc = app_append(app, &ev, kv, NULL);
	}
	return rc;
}

/* The work of a tick inside its transaction. */
static enum calm_rc tick_in(struct app *app, struct store_drill *d, const struct scenario *sc,
			    const struct incident *inc, long long drill_ms, bool paused,
			    struct app_drill_tick *out)
{
	struct attempts a = { .after = d->fixes_seen };
	size_t from = (size_t)(d->next_obs > 0 ? d->next_obs : 0), to;
	enum calm_rc rc = CALM_OK;

	if (inc->closed) { /* the routine is complete */
		free(d->status);
		d->status = xstrdup("done");
		d->ended_ms = app_now(app);
		out->closed = true;
		return store_drill_set(app->st, d, &app->err);
	}
	to = scenario_due(sc, from, drill_ms);
	rc = deliver(app, d->incident, sc, inc->declared_ms, from, to);
	if (rc == CALM_OK)
		rc = store_fix_each(app->st, d->incident, attempt_one, &a, &app->err);
	for (size_t i = 0; rc == CALM_OK && i < a.count; i++) {
		int m = scenario_match(sc, a.what[i]);
		if (m >= 0) {
			rc = answer(app, d->incident, a.n[i], &sc->fixes[m],
				    inc->declared_ms + drill_ms);
			out->answered++;
		}
	}
	for (size_t i = 0; i < a.count; i++)
		free(a.what[i]);
	free(a.what);
	free(a.n);
	out->delivered = to - from;
	out->next_due_ms = to < sc->nobs ? sc->obs[to].at_ms : -1;
	d->next_obs = (long long)to;
	d->fixes_seen = a.newest > d->fixes_seen ? a.newest : d->fixes_seen;
	d->drill_ms = drill_ms;
	d->paused = paused;
	if (rc == CALM_OK)
		rc = store_drill_set(app->st, d, &app->err);
	return rc;
}

/* Whether a tick at drill_ms has anything to write: an observation due,
 * an attempt not looked at yet, the incident closed (read only). */
static enum calm_rc tick_needed(struct app *app, long long id, long long drill_ms,
				bool *needed, struct app_drill_tick *out)
{
	struct store_drill d = { 0 };
	struct scenario *sc = NULL;
	struct incident inc = { 0 };
	struct attempts a = { 0 };
	enum calm_rc rc = store_drill_get(app->st, id, &d, &sc, &app->err);

	if (rc == CALM_OK)
		rc = store_incident_get(app->st, id, &inc, &app->err);
	if (rc == CALM_OK) {
		size_t from = (size_t)(d.next_obs > 0 ? d.next_obs : 0);
		a.after = d.fixes_seen;
		rc = store_fix_each(app->st, id, attempt_one, &a, &app->err);
		out->closed = strcmp(d.status, "running") != 0;
		out->next_due_ms = from < sc->nobs ? sc->obs[from].at_ms : -1;
		*needed = !out->closed && (inc.closed || a.newest > d.fixes_seen ||
					   scenario_due(sc, from, drill_ms) > from);
		incident_release(&inc);
	}
	for (size_t i = 0; i < a.count; i++)
		free(a.what[i]);
	free(a.what);
	free(a.n);
	store_drill_release(&d);
	scenario_free(sc);
	return rc;
}

enum calm_rc app_drill_tick(struct app *app, long long id, long long drill_ms, unsigned flags,
			    struct app_drill_tick *out)
{
	struct store_drill d = { 0 };
	struct scenario *sc = NULL;
	struct incident inc = { 0 };
	bool needed = true;
	enum calm_rc rc;

	memset(out, 0, sizeof *out);
	out->next_due_ms = -1;
	calm_err_clear(&app->err);
	if (!app->drill)
		return calm_err_set(&app->err, CALM_NOTFOUND, "no drill %lld", id);
	drill_ms = drill_ms < 0 ? 0 : drill_ms;
	rc = tick_needed(app, id, drill_ms, &needed, out);
	if (rc != CALM_OK || out->closed || (!needed && !(flags & APP_DRILL_SAVE)))
		return rc; /* nothing to write */
	memset(out, 0, sizeof *out);
	out->next_due_ms = -1;
	rc = app_begin(app);
	if (rc != CALM_OK)
		return rc;
	rc = store_drill_get(app->st, id, &d, &sc, &app->err);
	if (rc == CALM_OK)
		rc = store_incident_get(app->st, id, &inc, &app->err);
	if (rc == CALM_OK && strcmp(d.status, "running") != 0)
		out->closed = true; /* over: nothing changes */
	else if (rc == CALM_OK)
		rc = tick_in(app, &d, sc, &inc, drill_ms, (flags & APP_DRILL_PAUSED) != 0, out);
	incident_release(&inc);
	store_drill_release(&d);
	scenario_free(sc);
	return app_finish(app, rc);
}

enum calm_rc app_drill_abandon(struct app *app, long long id, long long drill_ms)
{
	struct store_drill d = { 0 };
	char when[32];
	struct buf t = BUF_INIT;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	if (!app->drill)
		return calm_err_set(&app->err, CALM_NOTFOUND, "no drill %lld", id);
	rc = app_begin(app);
	if (rc == CALM_OK)
		rc = store_drill_get(app->st, id, &d, NULL, &app->err);
	if (rc == CALM_OK && strcmp(d.status, "running") != 0)
		rc = calm_err_set(&app->err, CALM_USAGE, "drill %lld is already %s", id, d.status);
	if (rc == CALM_OK) {
		if (drill_ms >= 0)
			d.drill_ms = drill_ms;
		free(d.status);
		d.status = xstrdup("abandoned");
		d.ended_ms = app_now(app);
		rc = store_drill_set(app->st, &d, &app->err);
	}
	if (rc == CALM_OK) {
		buf_addf(&t, "drill abandoned at %s of drill time",
			 drill_duration(d.drill_ms, when, sizeof when));
		const char *kv[] = { "drill", "abandoned", NULL };
		rc = app_record(app, id, "drill", buf_cstr(&t), kv);
	}
	buf_release(&t);
	store_drill_release(&d);
	return app_finish(app, rc);
}

enum calm_rc app_drill_delete(struct app *app, long long id)
{
	enum calm_rc rc;

	calm_err_clear(&app->err);
	if (!app->drill)
		return calm_err_set(&app->err, CALM_NOTFOUND, "no drill %lld", id);
	rc = app_begin(app);
	if (rc == CALM_OK)
		rc = store_drill_delete(app->st, id, &app->err);
	return app_finish(app, rc);
}

struct each_ctx {
	struct app *app;
	long long *ids;
	size_t n;
};

static int each_id(const struct store_drill *d, void *ctx)
{
	struct each_ctx *c = ctx;

	c->ids = xrealloc(c->ids, (c->n + 1) * sizeof *c->ids);
	c->ids[c->n++] = d->incident;
	return 0;
}

enum calm_rc app_drill_each(struct app *app, int (*cb)(const struct app_drill *, void *),
			    void *ctx)
{
	struct each_ctx c = { app, NULL, 0 };
	enum calm_rc rc;
	int stop = 0;

	calm_err_clear(&app->err);
	if (!app->drill)
		return CALM_OK;
	/* the ids first: cb may read (a score) while no statement is open */
	rc = store_drill_each(app->st, each_id, &c, &app->err);
	for (size_t i = 0; rc == CALM_OK && !stop && i < c.n; i++) {
		struct app_drill d;
		rc = app_drill_get(app, c.ids[i], &d, NULL);
		if (rc == CALM_OK)
			stop = cb(&d, ctx);
		app_drill_release(&d);
	}
	free(c.ids);
	return rc;
}
