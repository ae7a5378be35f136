/*
 * drill-scenario.c - the scenario of a past incident (app-drill.h): its
 * events read in one snapshot, in two passes (their data as key/value
 * pairs, then their text and when they happened), handed to core's
 * scenario_from_events, which decides what a trainee may be shown.
 */
#include "calm/app-drill.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app-int.h"
#include "calm/app-read.h"

/* The original's events as scenario_from_events takes them. */
struct gather {
	struct scenario_event *ev;
	struct replay_kv **kv;   /* each event's own copy */
	size_t n, next;          /* next: the text pass's place */
};

static int gather_kv(const struct replay_event *re, void *ctx)
{
	struct gather *g = ctx;
	struct replay_kv *kv = xcalloc(re->nkv + 1, sizeof *kv);

	g->ev = xrealloc(g->ev, (g->n + 1) * sizeof *g->ev);
	g->kv = xrealloc(g->kv, (g->n + 1) * sizeof *g->kv);
	for (size_t i = 0; i < re->nkv; i++)
		kv[i] = (struct replay_kv){ xstrdup(re->kv[i].key),
					    xstrdup(re->kv[i].value ? re->kv[i].value : "") };
	g->kv[g->n] = kv;
	g->ev[g->n++] = (struct scenario_event){
		.id = re->id, .ts_ms = re->ts_ms, .author = xstrdup(re->author ? re->author : "?"),
		.kind = xstrdup(re->kind ? re->kind : ""), .kv = kv, .nkv = re->nkv,
		.damaged = re->damaged != NULL,
	};
	return 0;
}

/* The second pass: each event's text and when it happened. */
static int gather_text(const struct event *e, void *ctx)
{
	struct gather *g = ctx;

	while (g->next < g->n && g->ev[g->next].id < e->id)
		g->next++;
	if (g->next < g->n && g->ev[g->next].id == e->id) {
		struct scenario_event *s = &g->ev[g->next];
		s->text = xstrdup(e->text ? e->text : "");
		/* a correction names its note by the id the store found for it
		 * (its data's id is the one it had where it was written) */
		for (size_t k = 0; e->ref && k < s->nkv; k++) {
			if (strcmp(s->kv[k].key, "event") == 0) {
				char ref[24];

				snprintf(ref, sizeof ref, "%lld", e->ref);
				free((char *)s->kv[k].value);
				g->kv[g->next][k].value = xstrdup(ref);
			}
		}
		s->occurred_ms = e->occurred_ms;
		s->damaged = s->damaged || e->damaged;
	}
	return 0;
}

static void gather_release(struct gather *g)
{
	for (size_t i = 0; i < g->n; i++) {
		for (size_t k = 0; k < g->ev[i].nkv; k++) {
			free((char *)g->kv[i][k].key);
			free((char *)g->kv[i][k].value);
		}
		free(g->kv[i]);
		free((char *)g->ev[i].author);
		free((char *)g->ev[i].kind);
		free((char *)g->ev[i].text);
	}
	free(g->ev);
	free(g->kv);
}

enum calm_rc app_drill_scenario(struct app *app, long long id, struct scenario **out)
{
	struct gather g = { 0 };
	struct incident inc;
	char source[48];
	enum calm_rc rc;

	*out = NULL;
	calm_err_clear(&app->err);
	rc = app_read_begin(app);
	if (rc != CALM_OK)
		return rc;
	rc = app_incident(app, id, &inc);
	if (rc == CALM_OK && !inc.closed)
		rc = calm_err_set(&app->err, CALM_USAGE,
				  "incident %lld is still active: a drill replays a closed incident", id);
	if (rc == CALM_OK || rc == CALM_USAGE)
		incident_release(&inc);
	if (rc == CALM_OK)
		rc = app_replay_events(app, id, 0, 0, 0, gather_kv, &g, NULL);
	if (rc == CALM_OK)
		rc = app_events_after(app, id, 0, 0, gather_text, &g, NULL);
	app_read_end(app);
	snprintf(source, sizeof source, "incident %lld", id);
	if (rc == CALM_OK)
		rc = scenario_from_events(g.ev, g.n, source, out, &app->err);
	gather_release(&g);
	return rc;
}
