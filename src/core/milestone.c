/*
 * milestone.c - the four moments of an incident and the rule that
 * measures between them (see milestone.h).
 */
#include "calm/milestone.h"

#include <string.h>

const struct milestone_def milestone_defs[MS_COUNT] = {
	[MS_DETECTED] = { "detected", "detected-at", "impact detected" },
	[MS_STARTED] = { "started", "impact-start", "impact started" },
	[MS_MITIGATED] = { "mitigated", "mitigated-at", "impact mitigated" },
	[MS_RESOLVED] = { "resolved", "resolved-at", "impact resolved" },
};

int milestone_parse(const char *name)
{
	for (int i = 0; name && i < MS_COUNT; i++)
		if (strcmp(milestone_defs[i].name, name) == 0)
			return i;
	return -1;
}

int milestone_of_field(const char *field)
{
	for (int i = 0; field && i < MS_COUNT; i++)
		if (strcmp(milestone_defs[i].field, field) == 0)
			return i;
	return -1;
}

/* end - start, or -1 when either is unknown or the difference negative. */
static long long span(long long start, long long end)
{
	if (start <= 0 || end <= 0 || end < start)
		return -1;
	return end - start;
}

void milestone_durations(const struct milestone_times *t,
			 struct milestone_durations *out)
{
	long long start = t->at[MS_STARTED] ? t->at[MS_STARTED] : t->declared_ms;
	long long detected = t->at[MS_DETECTED] ? t->at[MS_DETECTED] : t->declared_ms;
	long long resolved = t->at[MS_RESOLVED] ? t->at[MS_RESOLVED] : t->closed_ms;

	out->detect_ms = t->at[MS_STARTED] ? span(start, detected) : -1;
	out->mitigate_ms = span(start, t->at[MS_MITIGATED]);
	out->resolve_ms = span(start, resolved);
}
