/*
 * field.c - the known incident fields and the checks on their values.
 */
#include "calm/field.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "calm/text.h"

const struct field_def field_defs[] = {
	{ "title", FIELD_TEXT, "what is broken, in a few words" },
	{ "severity", FIELD_SEVERITY, "1 (worst) to 4" },
	{ "product", FIELD_TEXT, "the product or service affected" },
	{ "impact", FIELD_TEXT, "who or what is affected, and how" },
	{ "impact-start", FIELD_TIME, "when the impact began (UTC)" },
	{ "resolved-at", FIELD_TIME, "when the impact ended (UTC)" },
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

/* Parse "YYYY-MM-DD[T ]HH:MM[:SS][Z]" as UTC into *t. */
static int parse_utc(const char *s, time_t *t)
{
	struct tm tm = { 0 };
	int y, mo, d, h, mi, sec = 0, n = 0;
	char sep;

	if (sscanf(s, "%4d-%2d-%2d%c%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &n) != 6)
		return -1;
	if (sep != 'T' && sep != ' ')
		return -1;
	s += n;
	if (*s == ':') {
		n = 0;
		if (sscanf(s, ":%2d%n", &sec, &n) != 1)
			return -1;
		s += n;
	}
	if (*s == 'Z')
		s++;
	if (*s != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || sec > 60 || y < 1970 || h < 0 || mi < 0 || sec < 0)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*t = timegm(&tm);
	/* timegm normalises 31 Feb to 3 Mar: refuse dates that moved */
	struct tm back;
	gmtime_r(t, &back);
	if (back.tm_mday != d || back.tm_mon != mo - 1)
		return -1;
	return 0;
}

enum calm_rc field_validate(const struct field_def *def, const char *value,
			    long long now_ms, char *out, size_t outsz,
			    struct calm_err *err)
{
	time_t t;
	struct tm tm;

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
		if (strcmp(value, "now") == 0)
			t = (time_t)(now_ms / 1000);
		else if (value[0] == '\0')
			t = -1;
		else if (parse_utc(value, &t) != 0)
			return calm_err_set(err, CALM_DATA,
					    "field '%s': expected a UTC time like 2026-02-01T14:05Z or 'now'",
					    def->name);
		if (t < 0) {
			snprintf(out, outsz, "%s", "");
			return CALM_OK;
		}
		gmtime_r(&t, &tm);
		strftime(out, outsz, "%Y-%m-%dT%H:%M:%SZ", &tm);
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
