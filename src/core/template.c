/*
 * template.c - placeholders in comms and postmortem templates, the date
 * and duration phrases they print, and Markdown escaping for the
 * postmortem.  See template.h for the syntax.
 */
#include "calm/template.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "calm/text.h"

/* Longest placeholder name looked at; longer brace runs are text. */
#define NAME_MAX_LEN 32

static size_t placeholder_len(const char *s);

const char *const template_names[] = {
	"title", "product", "severity", "impact", "impact_start", "elapsed",
	"stage", "recent_notes", "fix_status", "outstanding", "data_lost",
	"date", "downtime", "cause", "fix", "action_items", "timeline",
	"time_to_detect", "time_to_mitigate", "resolved_at", "key_events",
	"narrative", "timeline_chart", "duration_rule",
	NULL,
};

const struct template_fact template_facts[] = {
	{ "product", "product", "[product: not set]" },
	{ "impact", "impact", "[impact: not set]" },
	{ "impact_start", "impact-start", "[impact start: not set]" },
	{ "cause", "cause", "[cause: not set]" },
	{ "fix", "fix", "[fix: not set]" },
	{ "outstanding", "outstanding",
	  "[outstanding issues: not stated yet - say 'none' if none]" },
	{ "data_lost", "data-lost", "[data lost: not stated yet - say 'none' if none]" },
	{ "downtime", "resolved-at", "[duration unknown: resolved-at not set]" },
	{ "resolved_at", "resolved-at", "[resolved at: not set]" },
	{ "time_to_detect", "impact-start", "[time to detect unknown: impact-start not set]" },
	{ "time_to_mitigate", "mitigated-at", "[time to mitigate unknown: mitigated-at not set]" },
	{ NULL, NULL, NULL },
};

const struct template_fact *template_fact(const char *name)
{
	for (const struct template_fact *f = template_facts; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

size_t template_markers(const char *text, void (*cb)(const char *marker, void *ctx),
			void *ctx)
{
	size_t n = 0;

	for (const struct template_fact *f = template_facts; f->name; f++) {
		bool seen = false;
		for (const struct template_fact *g = template_facts; g < f; g++)
			seen |= strcmp(g->marker, f->marker) == 0;
		if (!seen && text && strstr(text, f->marker)) {
			n++;
			if (cb)
				cb(f->marker, ctx);
		}
	}
	return n;
}

void template_fields_needed(const char *text, void (*cb)(const char *field, void *ctx),
			    void *ctx)
{
	const char *done[16];
	size_t ndone = 0;

	for (const char *p = text ? strchr(text, '{') : NULL; p; p = strchr(p + 1, '{')) {
		size_t len = p[1] == '{' ? 0 : placeholder_len(p);
		if (p[1] == '{') {
			p++;
			continue;
		}
		if (!len)
			continue;
		for (const struct template_fact *f = template_facts; f->name; f++) {
			if (strlen(f->name) != len - 2 || strncmp(f->name, p + 1, len - 2) != 0)
				continue;
			bool seen = false;
			for (size_t i = 0; i < ndone; i++)
				seen |= strcmp(done[i], f->field) == 0;
			if (!seen && ndone < 16) {
				done[ndone++] = f->field;
				cb(f->field, ctx);
			}
		}
	}
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/*
 * Length of the placeholder at s (s[0] == '{'), braces included, or 0
 * when s does not start one.
 */
static size_t placeholder_len(const char *s)
{
	size_t i = 1;

	while (i <= NAME_MAX_LEN && name_char(s[i]))
		i++;
	if (i == 1 || i > NAME_MAX_LEN || s[i] != '}')
		return 0;
	return i + 1;
}

static bool known_name(const char *const *known, const char *name, size_t len)
{
	for (; *known; known++)
		if (strlen(*known) == len && strncmp(*known, name, len) == 0)
			return true;
	return false;
}

size_t template_check(const char *text, const char *const *known,
		      template_report_fn report, void *ctx)
{
	size_t unknown = 0, n;
	int line = 1, col = 1;

	if (!known)
		known = template_names;
	for (const char *p = text; *p; p++, col++) {
		if (*p == '\n') {
			line++;
			col = 0;
		} else if (p[0] == '{' && p[1] == '{') {
			p++;
			col++;
		} else if (*p == '{' && (n = placeholder_len(p)) > 0) {
			if (!known_name(known, p + 1, n - 2)) {
				char name[NAME_MAX_LEN + 1];

				snprintf(name, sizeof name, "%.*s", (int)(n - 2), p + 1);
				unknown++;
				if (report)
					report(name, (size_t)(p - text), line, col, ctx);
			}
			p += n - 1;
			col += (int)n - 1;
		}
	}
	return unknown;
}

int template_render_with(struct buf *out, const char *text,
			 const struct template_value *vals, size_t nvals,
			 int (*section)(const char *name, size_t len, struct buf *out,
					void *ctx),
			 void *ctx)
{
	const char *p = text;
	size_t n;
	int r;

	while (*p) {
		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
			buf_addc(out, p[0]);
			p += 2;
			continue;
		}
		if (*p == '{' && (n = placeholder_len(p)) > 0) {
			const struct template_value *v = NULL;

			for (size_t i = 0; i < nvals && !v; i++)
				if (strlen(vals[i].name) == n - 2 &&
				    strncmp(vals[i].name, p + 1, n - 2) == 0)
					v = &vals[i];
			if (v)
				buf_adds(out, v->value);
			else if (section && (r = section(p + 1, n - 2, out, ctx)) != 0)
				return r;
			else if (!section)
				buf_add(out, p, n);
			p += n;
			continue;
		}
		buf_addc(out, *p++);
	}
	if (!out->s)
		buf_add(out, "", 0);
	return 0;
}

void template_render(struct buf *out, const char *text,
		     const struct template_value *vals, size_t nvals)
{
	template_render_with(out, text, vals, nvals, NULL, NULL);
}

/* Append " N unit(s)" (without the leading space when first). */
static void add_unit(struct buf *b, long long v, const char *unit)
{
	buf_addf(b, "%s%lld %s%s", b->len ? " " : "", v, unit, v == 1 ? "" : "s");
}

void template_duration(long long ms, char *buf, size_t n)
{
	long long min = ms > 0 ? ms / 60000 : 0;
	long long days = min / (24 * 60), hours = min / 60 % 24, mins = min % 60;
	struct buf b = BUF_INIT;

	if (min == 0) {
		snprintf(buf, n, "less than a minute");
		return;
	}
	if (days) {
		add_unit(&b, days, "day");
		if (hours)
			add_unit(&b, hours, "hour");
	} else {
		if (hours)
			add_unit(&b, hours, "hour");
		if (mins)
			add_unit(&b, mins, "minute");
	}
	snprintf(buf, n, "%s", buf_cstr(&b));
	buf_release(&b);
}
