/*
 * export-svg.c - the incident's picture as an inline SVG element, a
 * writer over one record (record.h): the impact window with its
 * milestones, one bar per stage, the updates as marks, one bar per fix
 * attempt coloured by its outcome, over a time axis in UTC.  The same
 * picture as the Markdown's Mermaid gantt chart.
 *
 * Every text in it (stage titles come from a playbook) is sanitised and
 * XML-escaped; nothing in it is fetched or run.
 */
#include "app-int.h"
#include "record.h"

#include <stdio.h>
#include <string.h>

#include "calm/text.h"
#include "calm/when.h"

#define W 960         /* picture width */
#define X0 170        /* where the time axis starts */
#define X1 940        /* and ends */
#define ROW 22        /* one row's height */
#define TOP 30        /* above the first row */

struct pic {
	struct buf *out;
	long long t0, t1;
	int y;            /* the next row's top */
};

void pm_xml_text(struct buf *out, const char *s, size_t len)
{
	struct buf inert = BUF_INIT;

	text_sanitize(&inert, s, len, TEXT_TAB_SPACE);
	for (size_t i = 0; i < inert.len; i++) {
		char c = inert.s[i];
		if (c == '&')
			buf_adds(out, "&amp;");
		else if (c == '<')
			buf_adds(out, "&lt;");
		else if (c == '>')
			buf_adds(out, "&gt;");
		else if (c == '"')
			buf_adds(out, "&quot;");
		else
			buf_addc(out, c);
	}
	buf_release(&inert);
}

static double xat(const struct pic *p, long long ms)
{
	if (p->t1 <= p->t0)
		return X0;
	if (ms < p->t0)
		ms = p->t0;
	if (ms > p->t1)
		ms = p->t1;
	return X0 + (double)(ms - p->t0) * (X1 - X0) / (double)(p->t1 - p->t0);
}

static void label(struct pic *p, const char *text)
{
	buf_addf(p->out, "<text x=\"8\" y=\"%d\" class=\"label\">", p->y + 15);
	pm_xml_text(p->out, text, strlen(text));
	buf_adds(p->out, "</text>\n");
}

static void bar(struct pic *p, long long from, long long to, const char *cls, const char *title)
{
	double a = xat(p, from), b = xat(p, to);

	if (b - a < 2)
		b = a + 2;
	buf_addf(p->out, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" class=\"%s\"><title>",
		 a, p->y + 3, b - a, ROW - 6, cls);
	pm_xml_text(p->out, title, strlen(title));
	buf_adds(p->out, "</title></rect>\n");
}

static void mark(struct pic *p, long long at, const char *cls, const char *title)
{
	double x = xat(p, at);

	buf_addf(p->out, "<path d=\"M%.1f %d l6 8 l-6 8 l-6 -8 z\" class=\"%s\"><title>",
		 x, p->y + 3, cls);
	pm_xml_text(p->out, title, strlen(title));
	buf_adds(p->out, "</title></path>\n");
}

/* Ticks at a step that gives 4-12 of them, labelled HH:MM (UTC). */
static void axis(struct pic *p)
{
	static const long long steps[] = { 60000, 300000, 900000, 1800000, 3600000, 7200000,
					   21600000, 43200000, 86400000, 604800000 };
	long long span = p->t1 - p->t0, step = steps[9];
	char t[32];

	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
		if (span / steps[i] <= 10) {
			step = steps[i];
			break;
		}
	buf_addf(p->out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>\n",
		 X0, p->y + 2, X1, p->y + 2);
	for (long long at = (p->t0 + step - 1) / step * step; at <= p->t1; at += step) {
		double x = xat(p, at);
		when_format(at, step >= 86400000 ? WHEN_DAY : WHEN_HM, 0, t, sizeof t);
		buf_addf(p->out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"grid\"/>\n",
			 x, TOP - 4, x, p->y + 6);
		buf_addf(p->out, "<text x=\"%.1f\" y=\"%d\" class=\"tick\">%s</text>\n", x, p->y + 20, t);
	}
	p->y += 26;
}

static const char *fix_class(const char *outcome)
{
	if (!outcome)
		return "fix-open";
	if (strcmp(outcome, "worked") == 0)
		return "fix-worked";
	if (strcmp(outcome, "partial") == 0)
		return "fix-partial";
	return "fix-failed";
}

void pm_write_svg(const struct pm_record *r, struct buf *out)
{
	struct pic p = { .out = out, .t0 = r->start_ms, .t1 = r->end_ms, .y = TOP };
	long long impact_end = r->ms[MS_RESOLVED] ? r->ms[MS_RESOLVED] : r->end_ms;
	int rows = 1 + (int)r->nstages + (r->nupdates ? 1 : 0) + (int)r->s.nfixes;
	char t[48], title[160];

	for (int m = 0; m < MS_COUNT; m++)
		if (r->ms[m] && r->ms[m] < p.t0)
			p.t0 = r->ms[m];
	for (int m = 0; m < MS_COUNT; m++)
		if (r->ms[m] > p.t1)
			p.t1 = r->ms[m];
	if (r->s.declared_ms && r->s.declared_ms < p.t0)
		p.t0 = r->s.declared_ms;
	if (p.t1 <= p.t0)
		p.t1 = p.t0 + 60000;
	buf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		 "role=\"img\" aria-labelledby=\"picture-title\">\n", W, TOP + rows * ROW + 30);
	buf_addf(out, "<title id=\"picture-title\">Incident %lld over time (UTC): impact, stages, "
		 "updates and fix attempts</title>\n", r->id);
	buf_adds(out, "<style>.label,.tick{font:12px sans-serif;fill:#222}.tick{text-anchor:middle}"
		 ".impact{fill:#d62728}.stage{fill:#4c78a8}.stage2{fill:#9ecae9}.update{fill:#6f42c1}"
		 ".milestone{fill:#222}.fix-worked{fill:#2ca02c}.fix-partial{fill:#ff9f1c}"
		 ".fix-failed{fill:#d62728}.fix-open{fill:#999}.axis{stroke:#222}"
		 ".grid{stroke:#ddd}</style>\n");
	label(&p, "Impact");
	pm_time(r->start_ms, t, sizeof t);
	snprintf(title, sizeof title, "impact from %s%s", t, r->ms[MS_RESOLVED] ? "" : " (not resolved)");
	bar(&p, r->start_ms, impact_end, "impact", title);
	for (int m = 0; m < MS_COUNT; m++)
		if (r->ms[m] && m != MS_STARTED) {
			pm_time(r->ms[m], t, sizeof t);
			snprintf(title, sizeof title, "%s %s", milestone_defs[m].words, t);
			mark(&p, r->ms[m], "milestone", title);
		}
	p.y += ROW;
	for (size_t i = 0; i < r->nstages; i++) {
		label(&p, r->stages[i].title);
		template_duration(r->stages[i].to_ms - r->stages[i].from_ms, t, sizeof t);
		bar(&p, r->stages[i].from_ms, r->stages[i].to_ms, i % 2 ? "stage2" : "stage", t);
		p.y += ROW;
	}
	if (r->nupdates) {
		label(&p, "Updates sent");
		for (size_t i = 0; i < r->nupdates; i++) {
			pm_time(r->updates[i].at_ms, t, sizeof t);
			snprintf(title, sizeof title, "%s update %s", audience_name(r->updates[i].audience), t);
			mark(&p, r->updates[i].at_ms, "update", title);
		}
		p.y += ROW;
	}
	for (size_t i = 0; i < r->s.nfixes; i++) {
		const struct replay_fix *f = &r->s.fixes[i];
		snprintf(title, sizeof title, "Fix %lld", f->n);
		label(&p, title);
		snprintf(title, sizeof title, "fix %lld: %s", f->n, f->outcome ? f->outcome : "in progress");
		bar(&p, f->started_ms, f->outcome_ms ? f->outcome_ms : r->end_ms, fix_class(f->outcome), title);
		p.y += ROW;
	}
	axis(&p);
	buf_adds(out, "</svg>");
}
