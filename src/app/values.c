/*
 * values.c - an incident's facts as template values, from its record
 * (record.h), for the updates (plain text) and the postmortem
 * (Markdown: every piece of record text goes in through md_text, so
 * md_finish escapes only what would be markup where it lands).
 *
 * A fact that is not known shows as its visible marker (template.h),
 * never as a blank.  Durations follow the one rule (milestone.h): from
 * the impact's start (impact-start, else the declaration) to the moment
 * named; {elapsed} ends at resolved-at, else the close, else now (the
 * update being written) or the record's last event (the postmortem).
 *
 * The values that read the timeline are made only for a template that
 * names them: {recent_notes} walks back from the newest event until it
 * has its notes.  {narrative} and {timeline}, which walk every event,
 * are never values: the writer streams them into the text a page of
 * events at a time (the postmortem's, pm_write_md; an update's,
 * app_template_render), so no whole timeline is held as one string.  An update whose template names
 * neither costs the same on a million events as on ten.
 */
#include "app-int.h"
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/md.h"
#include "calm/when.h"

/* Notes shown by {recent_notes}. */
#define RECENT_NOTES 5

struct vals {
	struct app_tvals *tv;
	const struct pm_record *r;
	bool md;
	unsigned tz;        /* when_format flags for times the values show */
};

static void put(struct app_tvals *tv, const char *name, char *owned)
{
	if (tv->n >= sizeof tv->v / sizeof *tv->v) {
		free(owned);
		return;
	}
	tv->owned[tv->n] = owned;
	tv->v[tv->n++] = (struct template_value){ name, owned };
}

/* Record text: marked for md_finish in Markdown. */
static void add(const struct vals *c, struct buf *b, const char *s, size_t len, unsigned flags)
{
	if (c->md)
		md_text(b, s, len, flags);
	else
		buf_add(b, s, len);
}

static void adds(const struct vals *c, struct buf *b, const char *s, unsigned flags)
{
	add(c, b, s ? s : "", s ? strlen(s) : 0, flags);
}

static void put_text(const struct vals *c, const char *name, const char *s)
{
	struct buf b = BUF_INIT;

	adds(c, &b, s, 0);
	put(c->tv, name, buf_detach(&b));
}

/* A fact: its value, else its marker. */
static void put_fact(const struct vals *c, const char *name, const char *value)
{
	put_text(c, name, value ? value : template_fact(name)->marker);
}

void pm_time(long long ms, char *buf, size_t n)
{
	char t[48];

	when_format(ms, WHEN_MINUTE, 0, t, sizeof t);
	if (strlen(t) > 1 && t[strlen(t) - 1] == 'Z')
		t[strlen(t) - 1] = '\0';
	snprintf(buf, n, "%s UTC", t);
}

/* A moment as the values show it: the postmortem in UTC, said so; an
 * update in the config's zone, as every time calm shows. */
static void fmt_time(const struct vals *c, long long ms, char *buf, size_t n)
{
	if (c->md)
		pm_time(ms, buf, n);
	else
		when_format(ms, WHEN_MINUTE, c->tz, buf, n);
}

static void put_times(const struct vals *c, long long now_ms)
{
	const struct pm_record *r = c->r;
	char buf[64];
	long long spans[3] = { r->dur.resolve_ms, r->dur.detect_ms, r->dur.mitigate_ms };
	static const char *const names[3] = { "downtime", "time_to_detect", "time_to_mitigate" };

	if (r->ms[MS_STARTED])
		fmt_time(c, r->ms[MS_STARTED], buf, sizeof buf);
	put_fact(c, "impact_start", r->ms[MS_STARTED] ? buf : NULL);
	if (r->ms[MS_RESOLVED])
		fmt_time(c, r->ms[MS_RESOLVED], buf, sizeof buf);
	put_fact(c, "resolved_at", r->ms[MS_RESOLVED] ? buf : NULL);
	long long end = r->ms[MS_RESOLVED] ? r->ms[MS_RESOLVED] : r->s.closed ? r->s.closed_ms : now_ms;
	template_duration(end - r->start_ms, buf, sizeof buf);
	put_text(c, "elapsed", buf);
	when_format(r->start_ms, WHEN_LONG_DAY, c->tz, buf, sizeof buf);
	put_text(c, "date", buf);
	for (int k = 0; k < 3; k++) {
		if (spans[k] >= 0)
			template_duration(spans[k], buf, sizeof buf);
		put_fact(c, names[k], spans[k] >= 0 ? buf : NULL);
	}
	put(c->tv, "duration_rule", xstrdup(PM_DURATION_RULE));
}

/* The newest notes, newest first, as the walk back finds them. */
struct recent {
	char *text[RECENT_NOTES];
	size_t len[RECENT_NOTES];
	long long at[RECENT_NOTES];
	int n;
};

static int take_note(const struct rec_event *e, void *ctx)
{
	struct recent *rn = ctx;

	if (strcmp(e->kind, "note") != 0)
		return 0;
	rn->text[rn->n] = xstrndup(e->text, e->len);
	rn->len[rn->n] = e->len;
	rn->at[rn->n] = e->at_ms;
	return ++rn->n == RECENT_NOTES;
}

static enum calm_rc put_notes(struct app *app, const struct vals *c)
{
	struct recent rn = { 0 };
	struct buf b = BUF_INIT;
	char t[16];
	enum calm_rc rc = pm_each_event(app, c->r, true, take_note, &rn);

	for (int i = rn.n - 1; i >= 0; i--) {
		when_format(rn.at[i], WHEN_HM, c->tz, t, sizeof t);
		buf_addf(&b, "%s- %s ", b.len ? "\n" : "", t);
		add(c, &b, rn.text[i], rn.len[i], MD_ONE_LINE);
		free(rn.text[i]);
	}
	put(c->tv, "recent_notes", b.len ? buf_detach(&b) : xstrdup("(no notes yet)"));
	buf_release(&b);
	return rc;
}

static void put_fix_status(const struct vals *c)
{
	const struct replay_state *s = &c->r->s;
	struct buf b = BUF_INIT, out = BUF_INIT;

	if (s->nfixes == 0) {
		buf_adds(&b, "no fix attempted yet");
	} else {
		const struct replay_fix *f = &s->fixes[s->nfixes - 1];
		if (f->outcome && strcmp(f->outcome, "no-fix") == 0)
			buf_addf(&b, "no fix possible; lost: %s", f->note ? f->note : "");
		else if (f->outcome)
			buf_addf(&b, "attempt %lld, %s: %s%s%s", f->n, f->what, f->outcome,
				 f->note ? " - " : "", f->note ? f->note : "");
		else
			buf_addf(&b, "attempt %lld, %s: in progress", f->n, f->what);
	}
	adds(c, &out, buf_cstr(&b), MD_ONE_LINE);
	put(c->tv, "fix_status", buf_detach(&out));
	buf_release(&b);
}

static void put_actions(const struct vals *c)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < c->r->s.nactions; i++) {
		const struct replay_action *a = &c->r->s.actions[i];
		if (strcmp(a->status, "dropped") == 0)
			continue;
		buf_adds(&b, b.len ? "\n- " : "- ");
		adds(c, &b, a->title, MD_ONE_LINE);
		if (a->owner || a->category || a->due) {
			buf_adds(&b, " (");
			if (a->owner)
				adds(c, &b, a->owner, MD_ONE_LINE);
			if (a->category)
				buf_addf(&b, "%s%s", a->owner ? ", " : "", a->category);
			if (a->due)
				buf_addf(&b, "%sdue %s", a->owner || a->category ? ", " : "", a->due);
			buf_adds(&b, ")");
		}
		if (strcmp(a->status, "done") == 0)
			buf_adds(&b, " - done");
	}
	put(c->tv, "action_items", b.len ? buf_detach(&b) : xstrdup("- (no action items yet)"));
	buf_release(&b);
}

void app_tvals_release(struct app_tvals *tv)
{
	for (size_t i = 0; i < tv->n; i++)
		free(tv->owned[i]);
	memset(tv, 0, sizeof *tv);
}

/* Whether template names placeholder name (a quick look: a literal
 * "{{name}}" makes it true too, which only costs a walk). */
static bool names(const char *template, const char *name)
{
	char want[40];

	snprintf(want, sizeof want, "{%s}", name);
	return template && strstr(template, want);
}

enum calm_rc pm_values(struct app *app, const struct pm_record *r, const char *template,
		       bool md, long long now_ms, struct app_tvals *tv)
{
	struct vals c = { tv, r, md, md ? 0 : app->when_flags };
	char buf[32];
	int stage = app->pb && r->s.stage ? playbook_stage_index(app->pb, r->s.stage) : -1;
	struct buf b = BUF_INIT;
	enum calm_rc rc = CALM_OK;

	memset(tv, 0, sizeof *tv);
	put_text(&c, "title", r->s.title);
	snprintf(buf, sizeof buf, "%d", r->s.severity);
	put_text(&c, "severity", buf);
	put_fact(&c, "product", pm_field(r, "product"));
	put_fact(&c, "impact", pm_field(r, "impact"));
	put_fact(&c, "cause", pm_field(r, "cause"));
	put_fact(&c, "fix", pm_field(r, "fix"));
	put_fact(&c, "outstanding", pm_field(r, "outstanding"));
	put_fact(&c, "data_lost", pm_field(r, "data-lost"));
	put_text(&c, "stage", r->s.closed ? "closed" : stage >= 0 ? app->pb->stages[stage].title
				       : r->s.stage ? r->s.stage : "?");
	put_times(&c, now_ms);
	if (names(template, "recent_notes"))
		rc = put_notes(app, &c);
	put_fix_status(&c);
	put_actions(&c);
	pm_key_events(r, md, &b);
	put(tv, "key_events", buf_detach(&b));
	if (md)
		pm_write_gantt(r, &b);
	put(tv, "timeline_chart", b.len ? buf_detach(&b) : xstrdup(""));
	buf_release(&b);
	return rc;
}

/* {timeline} and {narrative} of an update, written as they are walked. */
struct stream {
	struct app *app;
	const struct pm_record *r;
	struct buf *out;
	bool first;
	enum calm_rc rc;
};

static enum calm_rc stream_item(const char *s, size_t len, void *ctx)
{
	struct stream *st = ctx;

	buf_adds(st->out, st->first ? "- " : "\n- ");
	buf_add(st->out, s, len);
	st->first = false;
	return CALM_OK;
}

static int stream_section(const char *name, size_t len, struct buf *out, void *ctx)
{
	struct stream *st = ctx;

	st->out = out;
	st->first = true;
	return pm_section(st->app, st->r, false, name, len, out, stream_item, st, &st->rc);
}

enum calm_rc app_template_render(struct app *app, long long id, const char *template,
				 struct buf *out)
{
	struct pm_record r;
	struct app_tvals tv;
	struct stream st = { app, &r, out, true, CALM_OK };
	enum calm_rc rc;

	memset(&tv, 0, sizeof tv);
	rc = pm_record_load(app, id, 0, &r);
	if (rc == CALM_OK)
		rc = pm_values(app, &r, template, false, app_now(app), &tv);
	if (rc == CALM_OK && template_render_with(out, template, tv.v, tv.n, stream_section,
						  &st) != 0)
		rc = st.rc;
	app_tvals_release(&tv);
	pm_record_release(&r);
	return rc;
}
