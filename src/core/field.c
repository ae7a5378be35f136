/*
 * field.c - the known incident fields and the checks on their values.
 */
#include "calm/field.h"

#include <stdio.h>
#include <string.h>

#include "calm/text.h"
#include "calm/when.h"

const struct field_def field_defs[] = {
	{ "title", FIELD_TEXT, "what is broken, in a few words" },
	{ "severity", FIELD_SEVERITY, "1 (worst) to 4" },
	{ "product", FIELD_TEXT, "the product or service affected" },
	{ "impact", FIELD_TEXT, "who or what is affected, and how" },
	{ "impact-start", FIELD_TIME, "when the impact began: now, 21:48, 2026-02-01 14:05" },
	{ "detected-at", FIELD_TIME, "when the impact was noticed: now, 21:48, 2026-02-01 14:05" },
	{ "mitigated-at", FIELD_TIME, "when the impact was contained: now, 21:48, 2026-02-01 14:05" },
	{ "resolved-at", FIELD_TIME, "when the impact ended: now, 21:48, 2026-02-01 14:05" },
	{ "cause", FIELD_TEXT, "what caused it (no names: causes, not people)" },
	{ "fix", FIELD_TEXT, "what fixed it" },
	{ "outstanding", FIELD_TEXT, "known issues still outstanding ('none' if none)" },
	{ "data-lost", FIELD_TEXT, "what data was lost ('none' if none)" },
};
const size_t field_ndefs = sizeof field_defs / sizeof field_defs[0];

const struct field_def *field_find(const char *name)
{
	for (size_t i = 0; name && i < field_ndefs; i++)
		if (strcmp(field_defs[i].name, name) == 0)
			return &field_defs[i];
	return NULL;
}

enum calm_rc field_validate(const struct field_def *def, const char *value,
			    long long now_ms, unsigned when_flags, char *out,
			    size_t outsz, struct calm_err *err)
{
	struct calm_err why = { 0 };
	long long ms;

	if (!text_is_utf8(value, strlen(value)))
		return calm_err_set(err, CALM_DATA,
				    "field '%s': value is not valid UTF-8",
				    def->name);
	switch (def->type) {
	case FIELD_SEVERITY:
		if (strlen(value) != 1 || value[0] < '1' || value[0] > '4')
			return calm_err_set(err, CALM_DATA,
					    "field 'severity': expected 1 to 4, got '%.40s'",
					    value);
		snprintf(out, outsz, "%c", value[0]);
		return CALM_OK;
	case FIELD_TIME:
		if (value[0] == '\0') {
			snprintf(out, outsz, "%s", "");
			return CALM_OK;
		}
		if (when_parse(value, WHEN_TYPED | (when_flags & WHEN_LOCAL), now_ms,
			       &ms, &why) != CALM_OK)
			return calm_err_set(err, CALM_DATA, "field '%s': %s", def->name,
					    why.msg);
		when_format(ms, WHEN_RFC3339, 0, out, outsz);
		return CALM_OK;
	case FIELD_TEXT:
		if (strlen(value) >= outsz)
			return calm_err_set(err, CALM_DATA,
					    "field '%s': value longer than %zu bytes",
					    def->name, outsz - 1);
		snprintf(out, outsz, "%s", value);
		return CALM_OK;
	}
	return calm_err_set(err, CALM_DATA, "field '%s': unknown type", def->name);
}
