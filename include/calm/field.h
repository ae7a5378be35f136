/*
 * field.h - the closed set of incident fields.
 *
 * Fields are named facts about an incident (what is impacted, the cause,
 * the fix, when the impact started...).  Their names are fixed here so a
 * playbook's field_set criterion, `calm set` and the templates agree.
 * Values are stored as text; field_validate() checks and normalises one.
 */
#ifndef CALM_FIELD_H
#define CALM_FIELD_H

#include <stddef.h>

#include "calm/rc.h"

enum field_type {
	FIELD_TEXT,     /* free text, one paragraph */
	FIELD_SEVERITY, /* 1 (worst) .. 4 */
	FIELD_TIME,     /* a time, stored as RFC 3339 UTC "YYYY-MM-DDTHH:MM:SSZ" */
};

struct field_def {
	const char *name;   /* as typed: "impact-start" */
	enum field_type type;
	const char *help;   /* one line for --help and docs */
};

/* The table of known fields and its length. */
extern const struct field_def field_defs[];
extern const size_t field_ndefs;

/* The definition for name, or NULL when unknown. */
const struct field_def *field_find(const char *name);

/*
 * Check value for field def and write its normalised form into out
 * (size outsz).  A time takes the forms of when.h's WHEN_TYPED (now,
 * 21:48, 2026-02-01 14:05), read against now_ms in the zone when_flags
 * says (WHEN_LOCAL or UTC), and is stored as RFC 3339 UTC
 * "YYYY-MM-DDTHH:MM:SSZ".  Returns CALM_OK, or CALM_DATA with a message
 * naming the field and the problem.
 */
enum calm_rc field_validate(const struct field_def *def, const char *value,
			    long long now_ms, unsigned when_flags, char *out,
			    size_t outsz, struct calm_err *err);

#endif
