/*
 * gate.c - evaluating a stage's gate and the moves of the stage machine.
 * The lifecycle diagram and transition table are in gate.h.
 */
#include "calm/gate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/template.h"
#include "calm/text.h"

static bool field_is_set(const struct gate_facts *f, const char *name)
{
	for (size_t i = 0; i < f->nfields_set; i++)
		if (strcmp(f->fields_set[i], name) == 0)
			return true;
	return false;
}

static const char *plural(long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* The required items not yet ticked, quoted and comma-separated, in
 * their own words (a person reads the gate; ids are for commands). */
static bool checklist_missing(const struct gate_facts *f, char *buf, size_t n)
{
	size_t used = 0;
	bool any = false;

	buf[0] = '\0';
	for (size_t i = 0; i < f->nitems; i++) {
		const struct gate_item *it = &f->items[i];
		if (!it->required || it->checked)
			continue;
		int w = snprintf(buf + used, n - used, "%s'%s'", any ? ", " : "",
				 it->text && it->text[0] ? it->text : it->id);
		any = true;
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
	return any;
}

struct facts_walk {
	const struct gate_facts *f;
	char *buf;
	size_t n, used;
	bool missing;
};

static void need_field(const char *field, void *ctx)
{
	struct facts_walk *w = ctx;

	if (field_is_set(w->f, field))
		return;
	int k = snprintf(w->buf + w->used, w->n - w->used, "%s%s", w->missing ? ", " : "", field);
	w->missing = true;
	if (k > 0 && (size_t)k < w->n - w->used)
		w->used += (size_t)k;
}

/* The fields the template of c (an update, or the postmortem) uses
 * that are not set, into status s. */
static void facts_for(const struct playbook *pb, const struct criterion *c,
		      const struct gate_facts *f, struct gate_status *s)
{
	char missing[400] = "";
	struct facts_walk w = { f, missing, sizeof missing, 0, false };
	bool pm = c->audience == AUD_COUNT;
	const char *aud = pm ? NULL : audience_name(c->audience);
	const char *text = !pb ? NULL : pm ? pb->postmortem : aud ? pb->comms[c->audience] : NULL;

	template_fields_needed(text, need_field, &w);
	s->met = !w.missing;
	snprintf(s->text, sizeof s->text, "the facts the %s%s uses filled in%s%s%s",
		 pm ? "postmortem" : aud ? aud : "?", pm ? "" : " update",
		 w.missing ? " (not yet: " : "", missing, w.missing ? ")" : "");
}

static void criterion_check(const struct playbook *pb, const struct criterion *c,
			    const struct gate_facts *f, struct gate_status *s)
{
	char missing[sizeof s->text - 64];

	s->crit = c;
	switch (c->kind) {
	case CRIT_CHECKLIST:
		s->met = !checklist_missing(f, missing, sizeof missing);
		if (s->met)
			snprintf(s->text, sizeof s->text,
				 "required checklist items ticked");
		else
			snprintf(s->text, sizeof s->text,
				 "required checklist items ticked (not yet: %s)",
				 missing);
		break;
	case CRIT_MIN_NOTES:
		s->met = f->notes >= c->n;
		snprintf(s->text, sizeof s->text,
			 "at least %d %s in the timeline (%lld so far)", c->n,
			 plural(c->n, "note", "notes"), f->notes);
		break;
	case CRIT_COMMS_SENT: {
		const char *aud = audience_name(c->audience);
		s->met = aud && f->comms_sent[c->audience];
		aud = aud ? aud : "?";
		snprintf(s->text, sizeof s->text, "%s %s update marked sent",
			 strchr("aeiou", aud[0]) ? "an" : "a", aud);
		break;
	}
	case CRIT_FIX_OUTCOME: /* the routine: a fix that worked, or none possible */
		s->met = f->fixes_worked > 0 || f->no_fix;
		snprintf(s->text, sizeof s->text,
			 "a fix that worked (or partly), or 'no fix possible' declared");
		if (!s->met && f->fixes_failed > 0)
			snprintf(s->text + strlen(s->text), sizeof s->text - strlen(s->text),
				 " (%lld tried, none worked yet)", f->fixes_failed);
		break;
	case CRIT_MIN_ACTIONS:
		s->met = f->actions >= c->n;
		snprintf(s->text, sizeof s->text,
			 "at least %d action %s (%lld so far)", c->n,
			 plural(c->n, "item", "items"), f->actions);
		break;
	case CRIT_FIELD_SET:
		s->met = c->field && field_is_set(f, c->field);
		snprintf(s->text, sizeof s->text, "field '%s' set",
			 c->field ? c->field : "?");
		break;
	case CRIT_EXPORTED:
		s->met = f->exported;
		snprintf(s->text, sizeof s->text, "postmortem exported");
		break;
	case CRIT_FACTS_FOR:
		facts_for(pb, c, f, s);
		break;
	default:
		s->met = false;
		snprintf(s->text, sizeof s->text, "unknown criterion");
		break;
	}
}

void gate_check(const struct playbook *pb, int stage,
		const struct gate_facts *f, struct gate_report *out)
{
	memset(out, 0, sizeof *out);
	out->stage = stage;
	if (!pb || stage < 0 || (size_t)stage >= pb->nstages)
		return;
	const struct stage *st = &pb->stages[stage];
	out->n = st->ngate;
	out->status = xcalloc(st->ngate, sizeof *out->status);
	for (size_t i = 0; i < st->ngate; i++) {
		criterion_check(pb, &st->gate[i], f, &out->status[i]);
		if (!out->status[i].met)
			out->nunmet++;
	}
}

void gate_report_release(struct gate_report *r)
{
	free(r->status);
	memset(r, 0, sizeof *r);
}

void gate_report_unmet(const struct gate_report *r, char *buf, size_t n)
{
	size_t used = 0;

	if (n == 0)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < r->n; i++) {
		if (r->status[i].met)
			continue;
		int w = snprintf(buf + used, n - used, "%s%s",
				 used ? "; " : "", r->status[i].text);
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

enum calm_rc stage_advance(const struct playbook *pb, int cur, bool closed,
			   const struct gate_report *report,
			   const char *reason, struct stage_move *mv,
			   struct calm_err *err)
{
	memset(mv, 0, sizeof *mv);
	if (closed)
		return calm_err_set(err, CALM_CLOSED,
				    "incident is closed: closed incidents are read-only");
	if (cur < 0 || (size_t)cur >= pb->nstages)
		return calm_err_set(err, CALM_CONFIG,
				    "stage %d is not in playbook '%s'", cur + 1,
				    pb->name);
	if (reason && blank(reason))
		return calm_err_set(err, CALM_USAGE,
				    "an override needs a reason");
	if (report->nunmet > 0 && !reason)
		return calm_err_set(err, CALM_GATE,
				    "stage '%s' is not done: %zu of %zu %s unmet",
				    pb->stages[cur].id, report->nunmet,
				    report->n,
				    report->n == 1 ? "criterion" : "criteria");
	mv->from = cur;
	mv->overridden = report->nunmet > 0;
	if ((size_t)cur + 1 == pb->nstages) {
		mv->to = cur;
		mv->closes = true;
	} else {
		mv->to = cur + 1;
	}
	return CALM_OK;
}

enum calm_rc stage_back(const struct playbook *pb, int cur, bool closed,
			struct stage_move *mv, struct calm_err *err)
{
	memset(mv, 0, sizeof *mv);
	if (closed)
		return calm_err_set(err, CALM_CLOSED,
				    "incident is closed: closed incidents are read-only");
	if (cur < 0 || (size_t)cur >= pb->nstages)
		return calm_err_set(err, CALM_CONFIG,
				    "stage %d is not in playbook '%s'", cur + 1,
				    pb->name);
	if (cur == 0)
		return calm_err_set(err, CALM_GATE,
				    "already at the first stage");
	mv->from = cur;
	mv->to = cur - 1;
	return CALM_OK;
}
