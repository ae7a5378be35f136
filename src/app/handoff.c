/*
 * handoff.c - the brief a role's receiver reads: where the incident
 * stands, in the few lines someone taking over at 3 a.m. needs, made
 * from what the incident holds (never typed by the one handing over):
 *
 *   incident 3: Checkout returns 500 (severity 2, 1h 12m since declared)
 *   stage 5/8 Fix: gate open (1 of 1 met)
 *   tried: 1. rolled back payments-gw to v41: worked (error rate back to 0.1%)
 *          2. restarted the pool: failed
 *   updates: internal sent 10:20 by alice, next due 10:50 (in 18m)
 *            external not sent yet, due now
 *   open actions: 1. Load-test large changes (dana, due 2026-12-15)
 */
#include "calm/app.h"
#include "app-int.h"

#include <stdio.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/duration.h"
#include "calm/when.h"

static int brief_fix(const struct fix_row *f, void *ctx)
{
	struct buf *b = ctx;

	buf_addf(b, "%s%lld. %s: %s", f->n == 1 ? "tried: " : "       ", f->n, f->what,
		 f->outcome ? f->outcome : "no outcome yet");
	if (f->note && f->note[0])
		buf_addf(b, " (%s)", f->note);
	buf_addc(b, '\n');
	return 0;
}

/* The newest revision of an audience that was sent. */
struct sent {
	long long ms;
	char by[64];
};

static int newest_sent(const struct draft *d, void *ctx)
{
	struct sent *s = ctx;

	if (d->sent_ms && d->sent_ms >= s->ms) {
		s->ms = d->sent_ms;
		snprintf(s->by, sizeof s->by, "%s", d->sent_by ? d->sent_by : "?");
	}
	return 0;
}

/* One audience's line: the last update sent, when the next is due. */
static enum calm_rc brief_update(struct app *app, long long id, int a, int minutes,
				 bool first, struct buf *b)
{
	struct sent s = { 0, "" };
	long long due = 0, now = app_now(app);
	char at[32];
	enum calm_rc rc = store_draft_each(app->st, id, a, newest_sent, &s, &app->err);

	if (rc == CALM_OK)
		rc = app_update_due(app, id, a, minutes, &due);
	if (rc != CALM_OK)
		return rc;
	buf_addf(b, "%s%s ", first ? "updates: " : "         ", audience_name(a));
	if (s.ms)
		buf_addf(b, "sent %s by %s", when_format(s.ms, WHEN_HM, app->when_flags, at, sizeof at),
			 s.by);
	else
		buf_adds(b, "not sent yet");
	if (due) {
		buf_addf(b, ", %s %s", s.ms ? "next due" : "due",
			 when_format(due, WHEN_HM, app->when_flags, at, sizeof at));
		buf_adds(b, due <= now ? " (overdue)" : " (in ");
		if (due > now) {
			char d[DURATION_MAX]; /* a countdown: a part minute counts */

			buf_adds(b, duration_format(due - now, DURATION_MINUTES | DURATION_UP, d,
						    sizeof d));
			buf_addc(b, ')');
		}
	}
	buf_addc(b, '\n');
	return CALM_OK;
}

/* The open action items, on one line each. */
struct open_actions {
	struct buf *b;
	int n;
};

static int brief_action(const struct action_row *r, void *ctx)
{
	struct open_actions *o = ctx;

	if (strcmp(r->status, "open") != 0)
		return 0;
	buf_addf(o->b, "%s%lld. %s", o->n++ ? "              " : "open actions: ", r->n, r->title);
	if (r->owner || r->due)
		buf_addf(o->b, " (%s%s%s)", r->owner ? r->owner : "no owner",
			 r->due ? ", due " : "", r->due ? r->due : "");
	buf_addc(o->b, '\n');
	return 0;
}

/* The first lines: the incident, its stage and gate. */
static enum calm_rc brief_head(struct app *app, long long id, struct buf *out)
{
	struct incident inc;
	struct gate_report gate = { 0 };
	char span[DURATION_MAX];
	int stage;
	enum calm_rc rc = store_incident_get(app->st, id, &inc, &app->err);

	if (rc != CALM_OK)
		return rc;
	buf_addf(out, "incident %lld: %s (severity %d, ", inc.id, inc.title, inc.severity);
	buf_adds(out, duration_format(app_now(app) - inc.declared_ms, DURATION_MINUTES, span,
				      sizeof span));
	buf_adds(out, " since declared)\n");
	stage = app->pb ? playbook_stage_index(app->pb, inc.stage_id) : -1;
	if (stage >= 0) {
		buf_addf(out, "stage %d/%zu %s", stage + 1, app->pb->nstages,
			 app->pb->stages[stage].title);
		rc = app_gate(app, id, &gate);
		if (rc == CALM_OK)
			buf_addf(out, ": gate %s (%zu of %zu met)", gate.nunmet ? "not met" : "open",
				 gate.n - gate.nunmet, gate.n);
		gate_report_release(&gate);
		buf_addc(out, '\n');
	} else {
		buf_addf(out, "stage %s\n", inc.stage_id);
	}
	incident_release(&inc);
	return rc;
}

enum calm_rc app_handoff_brief(struct app *app, long long id, const int cadence[AUD_COUNT],
			       struct buf *out)
{
	struct open_actions oa = { out, 0 };
	long long before;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	rc = brief_head(app, id, out);
	before = (long long)out->len;
	if (rc == CALM_OK)
		rc = store_fix_each(app->st, id, brief_fix, out, &app->err);
	if (rc == CALM_OK && (long long)out->len == before)
		buf_adds(out, "tried: nothing yet\n");
	for (int a = 0; rc == CALM_OK && a < AUD_COUNT; a++)
		rc = brief_update(app, id, a, cadence ? cadence[a] : 0, a == 0, out);
	if (rc == CALM_OK)
		rc = store_action_each(app->st, id, brief_action, &oa, &app->err);
	if (rc == CALM_OK && oa.n == 0)
		buf_adds(out, "open actions: none\n");
	return rc;
}
