/*
 * export-html.c - the postmortem as one self-contained, printable HTML
 * page, a writer over one record (record.h): the facts, the key events,
 * the picture as inline SVG (export-svg.c), the narrative, the action
 * items, the full timeline in a collapsed <details> and the Record line,
 * which is also in the page's metadata.  No script, nothing fetched: a
 * style sheet in the page, with print rules.
 *
 * Every piece of record text is sanitised and escaped (pm_xml_text).
 * The page has the default postmortem's sections whatever the
 * playbook's Markdown template says.  Each line holding record text is
 * marked as generated, for calm verify.  The narrative and the timeline
 * are walked a page of events at a time and the page is handed on in
 * pieces between their items, so memory stays flat.
 */
#include "app-int.h"
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/when.h"

#define ON '\x01'
#define OFF '\x02'

static const char style[] =
	"body{font:15px/1.45 system-ui,sans-serif;color:#111;margin:0 auto;max-width:62em;padding:1em 2em}"
	"h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ccc;margin-top:1.6em}"
	"table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.25em .5em;"
	"text-align:left;vertical-align:top}dt{font-weight:bold}dd{margin:0 0 .4em 1.5em}"
	"figure{margin:1em 0}svg{width:100%;height:auto}.record{font:12px monospace;"
	"word-break:break-all;color:#444}.missing{background:#fff3cd}"
	"@media print{body{max-width:none;padding:0}h2,table,figure{break-inside:avoid}"
	"details>summary{list-style:none}}";

/* Record text, escaped, marked as generated. */
static void text(struct buf *b, const char *s, size_t len)
{
	buf_addc(b, ON);
	pm_xml_text(b, s, len);
	buf_addc(b, OFF);
}

static void texts(struct buf *b, const char *s)
{
	text(b, s ? s : "", s ? strlen(s) : 0);
}

/* A fact: <dt>name</dt><dd>value or its marker</dd>. */
static void fact(struct buf *b, const char *name, const char *placeholder, const char *value)
{
	buf_addf(b, "<dt>%s</dt><dd%s>", name, value ? "" : " class=\"missing\"");
	texts(b, value ? value : template_fact(placeholder)->marker);
	buf_adds(b, "</dd>\n");
}

static void facts(struct buf *b, const struct pm_record *r)
{
	char t[64], d[64];
	long long spans[3] = { r->dur.resolve_ms, r->dur.detect_ms, r->dur.mitigate_ms };

	buf_adds(b, "<dl>\n");
	when_format(r->start_ms, WHEN_LONG_DAY, 0, d, sizeof d);
	when_format(r->start_ms, WHEN_DAY, 0, t, sizeof t);
	buf_adds(b, "<dt>Date</dt><dd>");
	buf_addc(b, ON);
	buf_addf(b, "%s (%s)", d, t);
	buf_addc(b, OFF);
	buf_adds(b, "</dd>\n");
	fact(b, "Product", "product", pm_field(r, "product"));
	snprintf(d, sizeof d, "%d", r->s.severity);
	fact(b, "Severity", "title", d);
	if (r->ms[MS_STARTED])
		pm_time(r->ms[MS_STARTED], t, sizeof t);
	fact(b, "Impact began", "impact_start", r->ms[MS_STARTED] ? t : NULL);
	if (r->ms[MS_RESOLVED])
		pm_time(r->ms[MS_RESOLVED], t, sizeof t);
	fact(b, "Impact resolved", "resolved_at", r->ms[MS_RESOLVED] ? t : NULL);
	static const char *const names[3][2] = { { "Duration of the impact", "downtime" },
		{ "Time to detect", "time_to_detect" }, { "Time to mitigate", "time_to_mitigate" } };
	for (int k = 0; k < 3; k++) {
		if (spans[k] >= 0)
			template_duration(spans[k], d, sizeof d);
		if (spans[k] >= 0 || k == 0)
			fact(b, names[k][0], names[k][1], spans[k] >= 0 ? d : NULL);
	}
	buf_adds(b, "</dl>\n<p>" PM_DURATION_RULE "</p>\n");
}

static void summary(struct buf *b, const struct pm_record *r)
{
	static const char *const f[][3] = {
		{ "What was affected", "impact", "impact" }, { "Cause", "cause", "cause" },
		{ "Fix", "fix", "fix" }, { "Still open", "outstanding", "outstanding" },
		{ "Data lost", "data-lost", "data_lost" },
	};

	buf_adds(b, "<h2>Summary</h2>\n<dl>\n");
	for (size_t i = 0; i < sizeof f / sizeof *f; i++)
		fact(b, f[i][0], f[i][2], pm_field(r, f[i][1]));
	buf_adds(b, "</dl>\n");
}

/* The page being written: marked text, finished and handed on. */
struct page {
	struct pm_sink *sink;
	struct buf b;         /* marked text not yet finished */
	size_t n;             /* items of the list being written */
};

static void finish(struct buf *out, const struct buf *doc, struct buf *lines);

static enum calm_rc page_flush(struct page *p)
{
	finish(&p->sink->out, &p->b, p->sink->lines);
	buf_reset(&p->b);
	return pm_sink_flush(p->sink);
}

/* One item of a section as a list item (the list opened at the first). */
static enum calm_rc list_item(const char *s, size_t len, void *ctx)
{
	struct page *p = ctx;
	size_t at = p->sink->flush_at ? p->sink->flush_at : PM_FLUSH_AT;

	if (p->n++ == 0)
		buf_adds(&p->b, "<ul>\n");
	buf_adds(&p->b, "<li>");
	text(&p->b, s, len);
	buf_adds(&p->b, "</li>\n");
	return p->b.len >= at && p->sink->write ? page_flush(p) : CALM_OK;
}

/* A section as a list, or none when it has no item. */
static enum calm_rc list(struct app *app, const struct pm_record *r, struct page *p,
			 bool narrative, const char *none)
{
	enum calm_rc rc;

	p->n = 0;
	rc = narrative ? pm_narrative(app, r, false, list_item, p, NULL)
		       : pm_timeline(app, r, false, list_item, p, NULL);
	if (rc == CALM_OK)
		buf_addf(&p->b, p->n ? "</ul>\n" : "<p>%s</p>\n", none);
	return rc;
}

static void key_events(struct buf *b, const struct pm_record *r)
{
	struct buf plain = BUF_INIT;
	const char *p;

	pm_key_events(r, false, &plain);
	buf_adds(b, "<h2>Key events</h2>\n<table>\n<thead><tr><th>When (UTC)</th><th>What</th>"
		 "<th>Since the impact began</th></tr></thead>\n<tbody>\n");
	for (p = buf_cstr(&plain); *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		/* "2023-02-01 14:05 UTC  what (+since)" */
		const char *what = strstr(p, " UTC  ");
		const char *since = len > 2 && p[len - 1] == ')' ? p + len - 1 : NULL;
		while (since && since > p && *since != '(')
			since--;
		if (what && what < p + len && since && since > what) {
			buf_adds(b, "<tr><td>");
			text(b, p, (size_t)(what - p));
			buf_adds(b, "</td><td>");
			text(b, what + 6, (size_t)(since - what - 7));
			buf_adds(b, "</td><td>");
			text(b, since + 1, (size_t)(p + len - since - 2));
			buf_adds(b, "</td></tr>\n");
		}
		p += len + (nl != NULL);
	}
	buf_adds(b, "</tbody>\n</table>\n");
	buf_release(&plain);
}

static void actions(struct buf *b, const struct pm_record *r)
{
	size_t n = 0;

	buf_adds(b, "<h2>What we are changing</h2>\n");
	for (size_t i = 0; i < r->s.nactions; i++) {
		const struct replay_action *a = &r->s.actions[i];
		if (strcmp(a->status, "dropped") == 0)
			continue;
		buf_adds(b, n++ ? "<li>" : "<ul>\n<li>");
		texts(b, a->title);
		if (a->owner) {
			buf_adds(b, " (");
			texts(b, a->owner);
			buf_adds(b, ")");
		}
		if (a->due) {
			buf_adds(b, ", due ");
			texts(b, a->due);
		}
		if (strcmp(a->status, "done") == 0)
			buf_adds(b, " - done");
		buf_adds(b, "</li>\n");
	}
	buf_adds(b, n ? "</ul>\n" : "<p>No action items yet.</p>\n");
}

/* Take the marks out; one '1'/'0' per line into lines (may be NULL). */
static void finish(struct buf *out, const struct buf *doc, struct buf *lines)
{
	bool rec = false;

	for (size_t i = 0; i < doc->len; i++) {
		char c = doc->s[i];
		if (c == ON || c == OFF) {
			rec |= c == ON;
			continue;
		}
		buf_addc(out, c);
		if (c == '\n') {
			if (lines)
				buf_addc(lines, rec ? '1' : '0');
			rec = false;
		}
	}
}

enum calm_rc pm_write_html(struct app *app, const struct pm_record *r,
			   struct pm_sink *sink, unsigned flags)
{
	struct page p = { sink, BUF_INIT, 0 };
	struct buf line = BUF_INIT, *b = &p.b;
	bool sections = !(flags & PM_NO_SECTIONS);
	enum calm_rc rc = CALM_OK;

	pm_record_line(r, &line);
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		 "<meta name=\"generator\" content=\"calm\">\n<meta name=\"calm-record\" content=\"");
	texts(b, line.s);
	buf_addf(b, "\">\n<meta name=\"calm-chain-head\" content=\"%s\">\n"
		 "<meta name=\"calm-events\" content=\"%lld\">\n<title>Postmortem: ", r->head_hex,
		 r->head.events);
	texts(b, r->s.title);
	buf_addf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n<h1>Postmortem: ", style);
	texts(b, r->s.title);
	buf_adds(b, "</h1>\n");
	facts(b, r);
	summary(b, r);
	key_events(b, r);
	buf_adds(b, "<figure>\n");
	pm_write_svg(r, b);
	buf_adds(b, "\n<figcaption>The incident over time (UTC): the impact with its milestones, "
		 "each stage, the updates sent and each fix attempt (green worked, amber partly, "
		 "red failed, grey in progress).</figcaption>\n</figure>\n<h2>What happened</h2>\n");
	if (sections)
		rc = list(app, r, &p, true, "No notes.");
	actions(b, r);
	buf_addf(b, "<h2>Full timeline</h2>\n<details>\n<summary>Every event in the record "
		 "(%lld)</summary>\n", r->head.events);
	if (rc == CALM_OK && sections)
		rc = list(app, r, &p, false, "The timeline is empty.");
	buf_adds(b, "</details>\n</main>\n<footer>\n<p class=\"record\">");
	texts(b, line.s);
	buf_adds(b, "</p>\n</footer>\n</body>\n</html>\n");
	if (rc == CALM_OK)
		rc = page_flush(&p);
	buf_release(b);
	buf_release(&line);
	return rc;
}
