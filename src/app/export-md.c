/*
 * export-md.c - the Markdown postmortem, a writer over one record
 * (record.h): the playbook's template filled with the record's values,
 * whose generated sections are written here - the key events table, the
 * narrative of notes and fix attempts, the full timeline and the
 * Mermaid gantt chart - then the visible Record line that `calm verify`
 * reads back.  Record text goes in through md_text (md.h); the whole
 * document is finished at once, so only real markup is escaped.
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

void pm_narrative(const struct pm_record *r, bool md, struct buf *out)
{
	size_t n = 0;
	char t[48];

	for (size_t i = 0; i < r->nev; i++) {
		const struct rec_event *e = &r->ev[i];
		if (strcmp(e->kind, "note") != 0 && strcmp(e->kind, "fix") != 0)
			continue;
		full_time(e->at_ms, t, sizeof t);
		t[16] = '\0'; /* to the minute: the timeline below has seconds */
		buf_addf(out, "%s- ", n++ ? "\n" : "");
		if (md) {
			buf_adds(out, "**");
			md_texts(out, t, 0);
			buf_adds(out, "** ");
		} else {
			buf_addf(out, "%s ", t);
		}
		event_text(e, md, 0, out);
	}
	if (!n)
		buf_adds(out, "(no notes)");
}

void pm_timeline(const struct pm_record *r, bool md, struct buf *out)
{
	char t[48];

	for (size_t i = 0; i < r->nev; i++) {
		full_time(r->ev[i].at_ms, t, sizeof t);
		buf_addf(out, "%s- ", i ? "\n" : "");
		if (md) {
			md_texts(out, t, 0);
			buf_addc(out, ' ');
		} else {
			buf_addf(out, "%s ", t);
		}
		event_text(&r->ev[i], md, MD_ONE_LINE, out);
	}
	if (!r->nev)
		buf_adds(out, "(empty)");
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

enum calm_rc pm_write_md(struct app *app, const struct pm_record *r,
			 struct buf *out, struct pm_render *opt)
{
	struct app_tvals tv;
	struct buf doc = BUF_INIT, line = BUF_INIT;
	size_t from = out->len;

	if (!app->pb || !app->pb->postmortem)
		return calm_err_set(&app->err, CALM_CONFIG, "the playbook has no postmortem template");
	pm_values(app, r, true, r->end_ms, &tv);
	template_render(&doc, app->pb->postmortem, tv.v, tv.n);
	app_tvals_release(&tv);
	while (doc.len && doc.s[doc.len - 1] == '\n')
		doc.s[--doc.len] = '\0';
	pm_record_line(r, &line);
	buf_adds(&doc, "\n\n---\n\n");
	md_text(&doc, line.s, line.len, MD_ONE_LINE);
	buf_addc(&doc, '\n');
	md_finish(out, doc.s, doc.len, opt ? opt->lines : NULL);
	buf_release(&doc);
	buf_release(&line);
	if (opt)
		opt->missing = pm_markers(out->s + from);
	return CALM_OK;
}
