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
	FIELD_TIME,     /* a UTC time, stored as RFC 3339 "YYYY-MM-DDTHH:MM:SSZ" */
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
 * (size outsz).  A time accepts "YYYY-MM-DDTHH:MM[:SS]Z", "YYYY-MM-DD
 * HH:MM[:SS]" (UTC) and "now" (given as now_ms).  Returns CALM_OK, or
 * CALM_DATA with a message naming the field and the problem.
 */
enum calm_rc field_validate(const struct field_def *def, const char *value,
			    long long now_ms, char *out, size_t outsz,
			    struct calm_err *err);

#endif
