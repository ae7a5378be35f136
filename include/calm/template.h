/*
 * template.h - comms and postmortem templates: placeholders, dates,
 * durations and Markdown escaping.  Pure C, no I/O.
 *
 * A template is text with placeholders written {name}, name made of
 * a-z, 0-9 and '_'.  "{{" stands for a literal '{' and "}}" for '}'.
 * Any other brace is literal text, so a JSON snippet or "{ Large
 * changes }" in a template stays as written.  Placeholder names are a
 * closed set (template_names); a playbook naming another one is refused
 * when it loads (template_check), so a draft never silently shows a
 * blank where a fact should be.
 */
#ifndef CALM_TEMPLATE_H
#define CALM_TEMPLATE_H

#include <stddef.h>

#include "calm/buf.h"

/* Every placeholder a template may use, NULL-terminated:
 * title product severity impact impact_start elapsed stage recent_notes
 * fix_status outstanding data_lost date downtime cause fix action_items
 * timeline time_to_detect time_to_mitigate resolved_at key_events
 * narrative timeline_chart duration_rule. */
extern const char *const template_names[];

/*
 * A placeholder that needs an incident field: the field, and the
 * visible marker a text shows in its place while the field is not set
 * ("[cause: not set]").  A text holding a marker is not sent or
 * exported unless the person says so (calm send/export --allow-missing).
 */
struct template_fact {
	const char *name;   /* the placeholder: "cause" */
	const char *field;  /* the field it needs: "cause" */
	const char *marker; /* "[cause: not set]" */
};

/* Every such placeholder, ending with a NULL name. */
extern const struct template_fact template_facts[];

/* The fact for placeholder name, or NULL. */
const struct template_fact *template_fact(const char *name);

/* Call cb (may be NULL) with each different marker text holds, in the
 * table's order; returns how many. */
size_t template_markers(const char *text, void (*cb)(const char *marker, void *ctx),
			void *ctx);

/* Call cb once with each field the placeholders of text need, in the
 * order they first appear. */
void template_fields_needed(const char *text, void (*cb)(const char *field, void *ctx),
			    void *ctx);

/* One placeholder's value for template_render(). */
struct template_value {
	const char *name;  /* without braces: "title" */
	const char *value; /* what replaces it, never NULL */
};

/*
 * Called by template_check() for each unknown placeholder: name is its
 * text without braces (NUL-terminated, valid during the call), off the
 * byte offset of its '{' in the template, line/col its place in the
 * template counting from 1.
 */
typedef void (*template_report_fn)(const char *name, size_t off, int line,
				   int col, void *ctx);

/*
 * Check text's placeholders against known (NULL-terminated; NULL means
 * template_names).  report (may be NULL) hears each unknown one.
 * Returns how many were unknown; 0 means the template is good.
 */
size_t template_check(const char *text, const char *const *known,
		      template_report_fn report, void *ctx);

/*
 * Append text to out with each {name} replaced by its value from
 * vals[0..nvals) and "{{"/"}}" collapsed.  A placeholder without a value
 * is kept as written, braces included (a checked template has none).
 */
void template_render(struct buf *out, const char *text,
		     const struct template_value *vals, size_t nvals);

/*
 * As template_render, but a placeholder with no value in vals is
 * written by section(name, len, out, ctx), name being its text without
 * braces (len bytes, not NUL-terminated): a section too long to hold as
 * one value, written a piece at a time.  A non-zero return from section
 * stops the render and is returned; 0 when it went through.
 */
int template_render_with(struct buf *out, const char *text,
			 const struct template_value *vals, size_t nvals,
			 int (*section)(const char *name, size_t len, struct buf *out,
					void *ctx),
			 void *ctx);

/*
 * A span of ms as a person says it, rounded down to the minute:
 * "45 minutes", "1 hour", "3 hours", "2 hours 30 minutes", "1 day 2
 * hours" (days drop the minutes), "less than a minute".  Negative spans
 * are treated as 0.  buf needs n >= 48.
 */
void template_duration(long long ms, char *buf, size_t n);


#endif
