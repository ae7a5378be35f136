/*
 * travel-state.c - the past on the panes.
 *
 * travel_apply() runs after each reload while travelling: the panes
 * have read the incident as it is now, and each model is overwritten
 * with the replay state (replay.h) just after the selected event: the
 * title, severity and stage (the rail), the checklist of that stage
 * with its ticks then, the fields, the draft revision then (its text
 * read with app_draft_text), the fix attempts and action items that
 * existed then, with their outcome and status then.  The gate is hidden
 * (rail.c): it would judge the present.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/field.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void set(char **dst, const char *v)
{
	free(*dst);
	*dst = dup_or_null(v);
}

static void comms_past(struct tui *t, const struct replay_state *s)
{
	struct comms_pane *cm = &t->cm;
	const struct replay_draft *d = &s->drafts[cm->aud];
	char *text = NULL;

	app_draft_text(t->app, t->id, cm->aud, d->revision, &text);
	free(cm->text);
	cm->text = text ? text : xstrdup("(no draft for this audience yet at this time)");
	cm->rev = d->revision;
	cm->revisions = d->revision;
	cm->sent_rev = d->sent_revision;
	if (d->sent_revision == 0)
		cm->sent_ms = 0;
	set(&cm->channel, d->channel ? d->channel : "?");
	if (!cm->sent_by)
		cm->sent_by = xstrdup("?");
}

static const struct replay_fix *fix_then(const struct replay_state *s, long long n)
{
	for (size_t i = 0; i < s->nfixes; i++)
		if (s->fixes[i].n == n)
			return &s->fixes[i];
	return NULL;
}

static const struct replay_action *item_then(const struct replay_state *s, long long n)
{
	for (size_t i = 0; i < s->nactions; i++)
		if (s->actions[i].n == n)
			return &s->actions[i];
	return NULL;
}

/* Keep the attempts and items that existed then, as they were. */
static void lists_past(struct tui *t, const struct replay_state *s)
{
	struct fixes_pane *fx = &t->fx;
	struct items_pane *it = &t->it;
	size_t k = 0;

	for (size_t i = 0; i < fx->n; i++) {
		struct fix_entry *e = &fx->v[i];
		const struct replay_fix *f = fix_then(s, e->n);

		if (!f) {
			free(e->what); free(e->why); free(e->author);
			free(e->outcome); free(e->note);
			continue;
		}
		set(&e->what, f->what);
		set(&e->why, f->why);
		set(&e->outcome, f->outcome);
		set(&e->note, f->note);
		fx->v[k++] = *e;
	}
	fx->n = k;
	fx->sel = fx->top = 0;
	k = 0;
	for (size_t i = 0; i < it->n; i++) {
		struct item_entry *e = &it->v[i];
		const struct replay_action *x = item_then(s, e->n);

		if (!x) {
			free(e->title); free(e->owner); free(e->category);
			free(e->due); free(e->status);
			continue;
		}
		set(&e->title, x->title);
		set(&e->owner, x->owner);
		set(&e->category, x->category);
		set(&e->due, x->due);
		set(&e->status, x->status ? x->status : "open");
		it->v[k++] = *e;
	}
	it->n = k;
	it->sel = it->top = 0;
}

void travel_apply(struct tui *t)
{
	const struct replay_state *s = &t->tr.st;

	if (!t->tr.on || t->picking || !t->inc.title)
		return;
	if (s->title)
		set(&t->inc.title, s->title);
	t->inc.severity = s->severity;
	t->inc.closed = s->closed;
	if (s->stage)
		set(&t->inc.stage_id, s->stage);
	t->stage = t->inc.stage_id ? playbook_stage_index(t->pb, t->inc.stage_id) : -1;
	gate_report_release(&t->gate);
	memset(&t->gate, 0, sizeof t->gate);
	checklist_load(t); /* the items of that stage... */
	for (size_t i = 0; i < t->cl.n; i++) /* ...ticked as they were */
		t->cl.v[i].checked = replay_checked(s, t->cl.v[i].id);
	for (size_t i = 0; i < t->fl.n; i++) {
		const char *name = field_defs[i].name;
		char sev[16];

		if (strcmp(name, "title") == 0) {
			set(&t->fl.val[i], s->title);
		} else if (strcmp(name, "severity") == 0) {
			snprintf(sev, sizeof sev, "%d", s->severity);
			set(&t->fl.val[i], sev);
		} else {
			set(&t->fl.val[i], replay_field(s, name));
		}
	}
	comms_past(t, s);
	lists_past(t, s);
	t->dirty = D_ALL;
}
