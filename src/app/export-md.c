/*
 * export-md.c - the Markdown postmortem, a writer over one record
 * (record.h): the playbook's template filled with the record's values,
 * whose generated sections are written here - the key events table, the
 * narrative of notes and fix attempts, the full timeline and the
 * Mermaid gantt chart - then the visible Record line that `calm verify`
 * reads back.  Record text goes in through md_text (md.h) and md_finish
 * escapes only real markup.  The narrative and the timeline are walked a
 * page of events at a time and the document is finished and handed on
 * in pieces, each ending between two items of a section (a block
 * boundary, outside any code fence), so it comes out byte for byte as
 * it would whole and memory stays flat however long the timeline.
 */
#include "app-int.h"
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/md.h"
#include "calm/when.h"

/* One row of the key events. */
struct key_row {
	long long at_ms;
	int order;          /* ties: in the order they were added */
	char *what;         /* plain text (record text inside) */
};

struct keys {
	struct key_row *row;
	size_t n;
};

static void key_add(struct keys *k, long long at, struct buf *what)
{
	k->row = xrealloc(k->row, (k->n + 1) * sizeof *k->row);
	k->row[k->n] = (struct key_row){ at, (int)k->n, buf_detach(what) };
	k->n++;
}

static int key_cmp(const void *a, const void *b)
{
	const struct key_row *x = a, *y = b;

	if (x->at_ms != y->at_ms)
		return x->at_ms < y->at_ms ? -1 : 1;
	return x->order - y->order;
}

static void keys_gather(const struct pm_record *r, struct keys *k)
{
	static const char *const ms_words[MS_COUNT] = {
		[MS_DETECTED] = "Impact detected", [MS_STARTED] = "Impact started",
		[MS_MITIGATED] = "Impact mitigated", [MS_RESOLVED] = "Impact resolved",
	};
	struct buf b = BUF_INIT;

	for (int m = 0; m < MS_COUNT; m++)
		if (r->ms[m]) {
			buf_adds(&b, ms_words[m]);
			key_add(k, r->ms[m], &b);
		}
	buf_addf(&b, "Incident declared (severity %d) by %s", r->s.severity,
		 r->s.declared_by ? r->s.declared_by : "?");
	key_add(k, r->s.declared_ms, &b);
	for (size_t i = 0; i < r->nupdates; i++) {
		const char *a = audience_name(r->updates[i].audience);
		buf_addf(&b, "%c%s update sent (%s)", a[0] - 'a' + 'A', a + 1, r->updates[i].channel);
		key_add(k, r->updates[i].at_ms, &b);
	}
	for (size_t i = 0; i < r->s.nfixes; i++) {
		const struct replay_fix *f = &r->s.fixes[i];
		if (f->outcome && strcmp(f->outcome, "no-fix") == 0) {
			buf_addf(&b, "No fix possible; lost: %s", f->note ? f->note : "");
			key_add(k, f->outcome_ms ? f->outcome_ms : f->started_ms, &b);
			continue;
		}
		buf_addf(&b, "Fix %lld tried: %s", f->n, f->what);
		key_add(k, f->started_ms, &b);
		if (f->outcome) {
			buf_addf(&b, "Fix %lld %s%s%s", f->n, strcmp(f->outcome, "worked") == 0 ? "worked"
				 : strcmp(f->outcome, "partial") == 0 ? "worked partly" : f->outcome,
				 f->note ? ": " : "", f->note ? f->note : "");
			key_add(k, f->outcome_ms, &b);
		}
	}
	if (r->s.closed) {
		buf_adds(&b, "Incident closed");
		key_add(k, r->s.closed_ms, &b);
	}
	qsort(k->row, k->n, sizeof *k->row, key_cmp);
	buf_release(&b);
}

/* "+1 hour 5 minutes" from the impact's start. */
static void since(const struct pm_record *r, long long at, char *buf, size_t n)
{
	char d[48];

	long long span = at >= r->start_ms ? at - r->start_ms : r->start_ms - at;

	if (span < 60000) {
		snprintf(buf, n, "0 minutes");
		return;
	}
	template_duration(span, d, sizeof d);
	snprintf(buf, n, "%s%s", at >= r->start_ms ? "+" : "-", d);
}

void pm_key_events(const struct pm_record *r, bool md, struct buf *out)
{
	struct keys k = { 0 };
	char t[48], s[64];

	keys_gather(r, &k);
	if (md)
		buf_adds(out, "| When (UTC) | What | Since the impact began |\n|---|---|---|");
	for (size_t i = 0; i < k.n; i++) {
		pm_time(k.row[i].at_ms, t, sizeof t);
		since(r, k.row[i].at_ms, s, sizeof s);
		if (md) {
			buf_adds(out, "\n| ");
			t[strlen(t) - 4] = '\0'; /* the column says UTC */
			md_texts(out, t, MD_CELL);
			buf_adds(out, " | ");
			md_texts(out, k.row[i].what, MD_CELL);
			buf_adds(out, " | ");
			md_texts(out, s, MD_CELL);
			buf_adds(out, " |");
		} else {
			buf_addf(out, "%s%s  %s (%s)", i ? "\n" : "", t, k.row[i].what, s);
		}
		free(k.row[i].what);
	}
	free(k.row);
}

/* "2023-02-01 14:05:09 UTC" */
static void full_time(long long ms, char *buf, size_t n)
{
	char t[48];

	when_format(ms, WHEN_FULL, 0, t, sizeof t);
	if (strlen(t) > 1 && t[strlen(t) - 1] == 'Z')
		t[strlen(t) - 1] = '\0';
	snprintf(buf, n, "%s UTC", t);
}

/* One event as a list item's text: author, corrections, its text. */
static void event_text(const struct rec_event *e, bool md, unsigned flags, struct buf *out)
{
	struct buf b = BUF_INIT;
	char t[48];

	buf_adds(&b, e->author);
	buf_adds(&b, ": ");
	if (e->backfilled) {
		full_time(e->ts_ms, t, sizeof t);
		buf_addf(&b, "(written later, at %s) ", t);
	}
	if (e->struck)
		buf_addf(&b, "(struck out: %s) ", e->struck);
	if (e->amended)
		buf_adds(&b, "(corrected) ");
	buf_add(&b, e->text, e->len);
	if (md) {
		md_text(out, b.s, b.len, flags);
	} else { /* one line: a list item of an update or the HTML page */
		for (size_t i = 0; i < b.len; i++)
			buf_addc(out, b.s[i] == '\n' || b.s[i] == '\r' ? ' ' : b.s[i]);
	}
	buf_release(&b);
}

/* A section's walk: its items handed on one at a time. */
struct section {
	bool md, narrative;
	pm_item_fn item;
	void *ctx;
	size_t n;
	struct buf b;       /* the item being made */
	enum calm_rc rc;
};

static int section_event(const struct rec_event *e, void *ctx)
{
	struct section *sc = ctx;
	char t[48];

	if (sc->narrative && strcmp(e->kind, "note") != 0 && strcmp(e->kind, "fix") != 0)
		return 0;
	buf_reset(&sc->b);
	full_time(e->at_ms, t, sizeof t);
	if (sc->narrative) {
		t[16] = '\0'; /* to the minute: the timeline below has seconds */
		if (sc->md) {
			buf_adds(&sc->b, "**");
			md_texts(&sc->b, t, 0);
			buf_adds(&sc->b, "** ");
		} else {
			buf_addf(&sc->b, "%s ", t);
		}
	} else if (sc->md) {
		md_texts(&sc->b, t, 0);
		buf_addc(&sc->b, ' ');
	} else {
		buf_addf(&sc->b, "%s ", t);
	}
	event_text(e, sc->md, sc->narrative ? 0 : MD_ONE_LINE, &sc->b);
	sc->n++;
	sc->rc = sc->item(buf_cstr(&sc->b), sc->b.len, sc->ctx);
	return sc->rc != CALM_OK;
}

static enum calm_rc section_walk(struct app *app, const struct pm_record *r, bool md,
				 bool narrative, pm_item_fn item, void *ctx, size_t *n)
{
	struct section sc = { md, narrative, item, ctx, 0, BUF_INIT, CALM_OK };
	enum calm_rc rc = pm_each_event(app, r, false, section_event, &sc);

	buf_release(&sc.b);
	if (n)
		*n = sc.n;
	return rc != CALM_OK ? rc : sc.rc;
}

enum calm_rc pm_narrative(struct app *app, const struct pm_record *r, bool md,
			  pm_item_fn item, void *ctx, size_t *n)
{
	return section_walk(app, r, md, true, item, ctx, n);
}

enum calm_rc pm_timeline(struct app *app, const struct pm_record *r, bool md,
			 pm_item_fn item, void *ctx, size_t *n)
{
	return section_walk(app, r, md, false, item, ctx, n);
}

/* ---- the Mermaid gantt chart ---- */

/* A name Mermaid reads as plain text: letters, digits, blanks, - . ( ) / */
static void gantt_name(struct buf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || strchr(" -.()/", c);
		buf_addc(out, ok ? (char)c : ' ');
	}
}

static void gantt_time(struct buf *out, long long ms)
{
	char t[48];

	when_format(ms, WHEN_FULL, 0, t, sizeof t);
	if (strlen(t) > 1 && t[strlen(t) - 1] == 'Z')
		t[strlen(t) - 1] = '\0';
	md_texts(out, t, 0);
}

static void gantt_task(struct buf *out, const char *name, const char *tags,
		       long long from, long long to)
{
	buf_adds(out, "    ");
	gantt_name(out, name);
	buf_addf(out, " :%s%s", tags, tags[0] ? ", " : "");
	gantt_time(out, from);
	buf_adds(out, ", ");
	if (to > from + 1000)
		gantt_time(out, to);
	else
		buf_adds(out, "1m");
	buf_addc(out, '\n');
}

/* The tag that colours a fix attempt by its outcome. */
static const char *fix_tag(const char *outcome)
{
	if (!outcome)
		return "active";
	if (strcmp(outcome, "worked") == 0)
		return "done";
	if (strcmp(outcome, "partial") == 0)
		return "active";
	return "crit"; /* failed, rolled back, no fix */
}

void pm_write_gantt(const struct pm_record *r, struct buf *out)
{
	long long impact_end = r->ms[MS_RESOLVED] ? r->ms[MS_RESOLVED] : r->end_ms;

	buf_addf(out, "```mermaid\ngantt\n    title Incident %lld, times in UTC\n"
		 "    dateFormat YYYY-MM-DD HH:mm:ss\n    axisFormat %%H:%%M\n", r->id);
	buf_adds(out, "    section Impact\n");
	gantt_task(out, r->ms[MS_RESOLVED] ? "Impact" : "Impact (not resolved)", "crit",
		   r->start_ms, impact_end);
	for (int m = 0; m < MS_COUNT; m++)
		if (r->ms[m] && m != MS_STARTED)
			gantt_task(out, milestone_defs[m].words, "milestone", r->ms[m], 0);
	buf_adds(out, "    section Stages\n");
	for (size_t i = 0; i < r->nstages; i++)
		gantt_task(out, r->stages[i].title, "", r->stages[i].from_ms, r->stages[i].to_ms);
	if (r->nupdates)
		buf_adds(out, "    section Updates\n");
	for (size_t i = 0; i < r->nupdates; i++) {
		char name[48];
		snprintf(name, sizeof name, "%s update", audience_name(r->updates[i].audience));
		gantt_task(out, name, "milestone", r->updates[i].at_ms, 0);
	}
	if (r->s.nfixes)
		buf_adds(out, "    section Fixes\n");
	for (size_t i = 0; i < r->s.nfixes; i++) {
		const struct replay_fix *f = &r->s.fixes[i];
		char name[64];
		if (f->outcome && strcmp(f->outcome, "no-fix") == 0)
			snprintf(name, sizeof name, "No fix possible");
		else
			snprintf(name, sizeof name, "Fix %lld %s", f->n, f->outcome ? f->outcome : "in progress");
		gantt_task(out, name, fix_tag(f->outcome), f->started_ms,
			   f->outcome_ms ? f->outcome_ms : r->end_ms);
	}
	buf_adds(out, "```");
}

/* The Markdown document being written: marked text, finished and
 * handed to the sink in pieces. */
struct md_doc {
	struct app *app;
	const struct pm_record *r;
	struct pm_sink *sink;
	struct buf doc;       /* marked text not yet finished */
	bool first;           /* no item of the section written yet */
	enum calm_rc rc;
};

/* Finish what doc holds and hand it on. */
static enum calm_rc md_flush(struct md_doc *d)
{
	md_finish(&d->sink->out, d->doc.s ? d->doc.s : "", d->doc.len, d->sink->lines);
	buf_reset(&d->doc);
	return pm_sink_flush(d->sink);
}

static enum calm_rc md_item(const char *s, size_t len, void *ctx)
{
	struct md_doc *d = ctx;
	size_t at = d->sink->flush_at ? d->sink->flush_at : PM_FLUSH_AT;

	if (!d->first) {
		buf_addc(&d->doc, '\n');
		/* between two items, at a line break: a block boundary */
		if (d->doc.len >= at && d->sink->write && !md_in_fence(d->doc.s, d->doc.len)) {
			enum calm_rc rc = md_flush(d);

			if (rc != CALM_OK)
				return rc;
		}
	}
	d->first = false;
	buf_adds(&d->doc, "- ");
	buf_add(&d->doc, s, len);
	return CALM_OK;
}

int pm_section(struct app *app, const struct pm_record *r, bool md, const char *name,
	       size_t len, struct buf *out, pm_item_fn item, void *ctx, enum calm_rc *rc)
{
	bool narrative = len == 9 && strncmp(name, "narrative", 9) == 0;
	size_t n = 0;

	*rc = CALM_OK;
	if (!narrative && !(len == 8 && strncmp(name, "timeline", 8) == 0)) {
		buf_addc(out, '{'); /* not a section: as written */
		buf_add(out, name, len);
		buf_addc(out, '}');
		return 0;
	}
	*rc = narrative ? pm_narrative(app, r, md, item, ctx, &n)
			: pm_timeline(app, r, md, item, ctx, &n);
	if (*rc == CALM_OK && !n)
		buf_adds(out, narrative ? "(no notes)" : "(empty)");
	return *rc != CALM_OK;
}

/* {narrative} and {timeline}, walked into the document as it goes. */
static int md_section(const char *name, size_t len, struct buf *out, void *ctx)
{
	struct md_doc *d = ctx;

	d->first = true;
	return pm_section(d->app, d->r, true, name, len, out, md_item, d, &d->rc);
}

enum calm_rc pm_write_md(struct app *app, const struct pm_record *r,
			 struct pm_sink *sink, unsigned flags)
{
	struct app_tvals tv;
	struct md_doc d = { app, r, sink, BUF_INIT, true, CALM_OK };
	struct buf line = BUF_INIT;
	enum calm_rc rc;

	if (!app->pb || !app->pb->postmortem)
		return calm_err_set(&app->err, CALM_CONFIG, "the playbook has no postmortem template");
	rc = pm_values(app, r, app->pb->postmortem, true, r->end_ms, &tv);
	if (rc == CALM_OK && (flags & PM_NO_SECTIONS))
		template_render(&d.doc, app->pb->postmortem, tv.v, tv.n);
	else if (rc == CALM_OK && template_render_with(&d.doc, app->pb->postmortem, tv.v, tv.n,
						       md_section, &d) != 0)
		rc = d.rc;
	app_tvals_release(&tv);
	if (rc == CALM_OK) {
		while (d.doc.len && d.doc.s[d.doc.len - 1] == '\n')
			d.doc.s[--d.doc.len] = '\0';
		pm_record_line(r, &line);
		buf_adds(&d.doc, "\n\n---\n\n");
		md_text(&d.doc, line.s, line.len, MD_ONE_LINE);
		buf_addc(&d.doc, '\n');
		rc = md_flush(&d);
	}
	buf_release(&d.doc);
	buf_release(&line);
	return rc;
}
