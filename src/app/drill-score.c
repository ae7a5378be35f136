/*
 * drill-score.c - a drill's score from its record: the facts drill.h's
 * drill_score() judges, read from the drill incident's timeline, drafts,
 * fix attempts and fields, in drill time (from its declaration).
 */
#include "calm/app-drill.h"

#include <stdlib.h>
#include <string.h>

#include "app-int.h"
#include "calm/app-read.h"

/* The facts with the strings they point to, owned. */
struct facts {
	struct drill_facts f;
	long long declared_ms;
	struct drill_gate *gates;
	struct drill_draft *drafts;
	struct drill_attempt *attempts;
	size_t ngates, ndrafts, nattempts;
	char *data_lost, *outstanding;
	const struct playbook *pb;
};

static int draft_one(const struct draft *d, void *ctx)
{
	struct facts *x = ctx;
	long long at = d->sent_ms - x->declared_ms;

	x->drafts = xrealloc(x->drafts, (x->ndrafts + 1) * sizeof *x->drafts);
	x->drafts[x->ndrafts++] = (struct drill_draft){ d->audience, d->revision,
							xstrdup(d->text ? d->text : ""),
							d->sent_ms != 0 };
	if (d->sent_ms && d->audience >= 0 && d->audience < AUD_COUNT &&
	    (x->f.first_sent_ms[d->audience] < 0 || at < x->f.first_sent_ms[d->audience]))
		x->f.first_sent_ms[d->audience] = at < 0 ? 0 : at;
	return 0;
}

/* A stage event that moved forward (or closed the incident): a gate. */
static int stage_one(const struct replay_event *ev, void *ctx)
{
	struct facts *x = ctx;
	const char *from = NULL, *to = NULL, *reason = NULL;

	if (!ev->kind || strcmp(ev->kind, "stage") != 0 || ev->damaged)
		return 0;
	for (size_t i = 0; i < ev->nkv; i++) {
		if (strcmp(ev->kv[i].key, "from") == 0)
			from = ev->kv[i].value;
		else if (strcmp(ev->kv[i].key, "to") == 0)
			to = ev->kv[i].value;
		else if (strcmp(ev->kv[i].key, "override") == 0)
			reason = ev->kv[i].value;
	}
	if (!from || !to)
		return 0;
	if (strcmp(to, "closed") != 0 && x->pb &&
	    playbook_stage_index(x->pb, to) <= playbook_stage_index(x->pb, from))
		return 0; /* back a stage */
	x->gates = xrealloc(x->gates, (x->ngates + 1) * sizeof *x->gates);
	x->gates[x->ngates++] = (struct drill_gate){ xstrdup(from), reason != NULL,
						     reason ? xstrdup(reason) : NULL };
	return 0;
}

static int attempt_one(const struct fix_row *f, void *ctx)
{
	struct facts *x = ctx;

	x->attempts = xrealloc(x->attempts, (x->nattempts + 1) * sizeof *x->attempts);
	x->attempts[x->nattempts++] = (struct drill_attempt){
		f->started_ms - x->declared_ms, f->outcome ? xstrdup(f->outcome) : NULL,
		f->outcome ? f->outcome_ms - x->declared_ms : -1,
	};
	return 0;
}

static int field_one(const char *name, const char *value, void *ctx)
{
	struct facts *x = ctx;

	if (strcmp(name, "data-lost") == 0)
		x->data_lost = xstrdup(value);
	else if (strcmp(name, "outstanding") == 0)
		x->outstanding = xstrdup(value);
	return 0;
}

static void facts_release(struct facts *x)
{
	for (size_t i = 0; i < x->ngates; i++) {
		free((char *)x->gates[i].stage);
		free((char *)x->gates[i].reason);
	}
	for (size_t i = 0; i < x->ndrafts; i++)
		free((char *)x->drafts[i].text);
	for (size_t i = 0; i < x->nattempts; i++)
		free((char *)x->attempts[i].outcome);
	free(x->gates);
	free(x->drafts);
	free(x->attempts);
	free(x->data_lost);
	free(x->outstanding);
}

/* Read every fact of drill id into x. */
static enum calm_rc facts_read(struct app *app, long long id, struct facts *x)
{
	struct incident inc;
	enum calm_rc rc = app_incident(app, id, &inc);

	if (rc != CALM_OK)
		return rc;
	x->declared_ms = inc.declared_ms;
	incident_release(&inc);
	for (int a = 0; a < AUD_COUNT; a++)
		x->f.first_sent_ms[a] = -1;
	rc = app_drafts_each(app, id, -1, draft_one, x);
	if (rc == CALM_OK)
		rc = app_replay_events(app, id, 0, 0, 0, stage_one, x, NULL);
	if (rc == CALM_OK)
		rc = app_fixes_each(app, id, attempt_one, x);
	if (rc == CALM_OK)
		rc = app_fields_each(app, id, field_one, x);
	return rc;
}

enum calm_rc app_drill_score(struct app *app, long long id, const struct app_drill_cfg *cfg,
			     struct drill_report *out)
{
	struct facts x = { .pb = app->pb };
	struct scenario *sc = NULL;
	struct app_drill d;
	enum calm_rc rc;

	memset(out, 0, sizeof *out);
	rc = app_drill_get(app, id, &d, &sc);
	if (rc != CALM_OK)
		return rc;
	app_drill_release(&d);
	rc = app_read_begin(app);
	if (rc == CALM_OK) {
		rc = facts_read(app, id, &x);
		app_read_end(app);
	}
	if (rc == CALM_OK) {
		for (int a = 0; a < AUD_COUNT; a++)
			x.f.cadence_min[a] = cfg ? cfg->cadence[a] : 0;
		x.f.gates = x.gates;
		x.f.ngates = x.ngates;
		x.f.drafts = x.drafts;
		x.f.ndrafts = x.ndrafts;
		x.f.names = cfg ? cfg->names : NULL;
		x.f.data_lost = x.data_lost;
		x.f.outstanding = x.outstanding;
		x.f.attempts = x.attempts;
		x.f.nattempts = x.nattempts;
		drill_score(sc, app->pb, &x.f, out);
	}
	facts_release(&x);
	scenario_free(sc);
	return rc;
}
