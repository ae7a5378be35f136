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

const char *const template_names[] = {
	"title", "product", "severity", "impact", "impact_start", "elapsed",
	"stage", "recent_notes", "fix_status", "outstanding", "data_lost",
	"date", "downtime", "cause", "fix", "action_items", "timeline",
	"time_to_detect", "time_to_mitigate",
	NULL,
};

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

void template_render(struct buf *out, const char *text,
		     const struct template_value *vals, size_t nvals)
{
	const char *p = text;
	size_t n;

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
			else
				buf_add(out, p, n);
			p += n;
			continue;
		}
		buf_addc(out, *p++);
	}
	if (!out->s)
		buf_add(out, "", 0);
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

void template_md_escape(struct buf *out, const char *raw, size_t rawlen)
{
	bool line_start = true;
	struct buf inert = BUF_INIT;

	/* a postmortem is read in terminals and pagers too: control,
	 * bidi and invisible characters are made visible first (text.h),
	 * then what CommonMark would read as markup is escaped */
	text_sanitize(&inert, raw, rawlen, TEXT_KEEP_NEWLINE | TEXT_TAB_SPACE);
	const char *s = buf_cstr(&inert);
	size_t len = inert.len;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (line_start && (c == ' ' || c == '\t'))
			continue;
		if (c == '\n' || c == '\r') {
			buf_addc(out, c);
			line_start = true;
			continue;
		}
		if (line_start && (c == '-' || c == '+' || c == '=')) {
			buf_addc(out, '\\');
		} else if (line_start && c >= '0' && c <= '9') {
			size_t j = i;
			while (j < len && s[j] >= '0' && s[j] <= '9')
				j++;
			if (j < len && (s[j] == '.' || s[j] == ')')) {
				buf_add(out, s + i, j - i);
				buf_addc(out, '\\');
				buf_addc(out, s[j]);
				i = j;
				line_start = false;
				continue;
			}
		} else if (strchr("\\`*_[]<>#|~!&", c) && c != '\0') {
			buf_addc(out, '\\');
		}
		buf_addc(out, c);
		line_start = false;
	}
	buf_release(&inert);
	if (!out->s)
		buf_add(out, "", 0);
}
