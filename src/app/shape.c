/*
 * shape.c - an incident's shape over time (app.h, struct app_shape)
 * from its record (record.h), for the console's strip on the
 * postmortem pane: the same stages, impact window, updates and fix
 * attempts the exports' pictures draw.
 */
#include "app-int.h"
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char outcome_mark(const char *o)
{
	if (!o)
		return '?';
	if (strcmp(o, "worked") == 0)
		return 'w';
	if (strcmp(o, "partial") == 0)
		return 'p';
	if (strcmp(o, "no-fix") == 0)
		return 'n';
	return 'f';
}

void app_shape_release(struct app_shape *s)
{
	free(s->stages);
	free(s->updates);
	free(s->fixes);
	memset(s, 0, sizeof *s);
}

enum calm_rc app_postmortem_shape(struct app *app, long long id, struct app_shape *out)
{
	struct pm_record r;
	enum calm_rc rc;

	memset(out, 0, sizeof *out);
	rc = pm_record_load(app, id, 0, &r);
	if (rc != CALM_OK) {
		pm_record_release(&r);
		return rc;
	}
	out->impact_from_ms = r.start_ms;
	out->resolved = r.ms[MS_RESOLVED] != 0;
	out->impact_to_ms = out->resolved ? r.ms[MS_RESOLVED] : r.s.closed ? r.s.closed_ms : app_now(app);
	out->from_ms = r.start_ms < r.s.declared_ms || !r.s.declared_ms ? r.start_ms : r.s.declared_ms;
	out->to_ms = r.s.closed ? r.s.closed_ms : app_now(app);
	if (out->impact_to_ms > out->to_ms)
		out->to_ms = out->impact_to_ms;
	out->stages = xcalloc(r.nstages + 1, sizeof *out->stages);
	for (size_t i = 0; i < r.nstages; i++) {
		struct app_shape_stage *s = &out->stages[out->nstages++];
		snprintf(s->title, sizeof s->title, "%s", r.stages[i].title);
		s->from_ms = r.stages[i].from_ms;
		s->to_ms = i + 1 == r.nstages && !r.s.closed ? out->to_ms : r.stages[i].to_ms;
	}
	out->updates = xcalloc(r.nupdates + 1, sizeof *out->updates);
	for (size_t i = 0; i < r.nupdates; i++)
		out->updates[out->nupdates++] = r.updates[i].at_ms;
	out->fixes = xcalloc(r.s.nfixes + 1, sizeof *out->fixes);
	for (size_t i = 0; i < r.s.nfixes; i++) {
		const struct replay_fix *f = &r.s.fixes[i];
		out->fixes[out->nfixes++] = (struct app_shape_fix){
			.n = f->n, .from_ms = f->started_ms,
			.to_ms = f->outcome_ms ? f->outcome_ms : out->to_ms,
			.outcome = outcome_mark(f->outcome),
		};
	}
	pm_record_release(&r);
	return CALM_OK;
}
