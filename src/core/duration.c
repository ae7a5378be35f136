/*
 * duration.c - how long, written for people (duration.h).
 */
#include "calm/duration.h"

#include <stdio.h>

char *duration_format(long long ms, unsigned flags, char *buf, size_t n)
{
	long long s = ms > 0 ? ms / 1000 : 0;
	long long m = (flags & DURATION_MINUTES) && (flags & DURATION_UP) ? (s + 59) / 60 : s / 60;
	long long d = m / 1440;
	const char *sp = (flags & DURATION_TIGHT) ? "" : " ";

	if (flags & DURATION_CLOCK) {
		if (s >= 86400)
			snprintf(buf, n, "%lldd %02lld:%02lld:%02lld", s / 86400, s / 3600 % 24,
				 s / 60 % 60, s % 60);
		else
			snprintf(buf, n, "%02lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
	} else if (s < 60 && (flags & DURATION_TENTHS) && !(flags & DURATION_MINUTES)) {
		snprintf(buf, n, "%lld.%llds", s, ms > 0 ? ms / 100 % 10 : 0);
	} else if (s < 60 && !(flags & DURATION_MINUTES)) {
		snprintf(buf, n, "%llds", s);
	} else if (m < 60 && (flags & DURATION_TIGHT) && (flags & DURATION_SECONDS) &&
		   !(flags & DURATION_MINUTES) && s % 60) {
		snprintf(buf, n, "%lldm%02llds", m, s % 60);
	} else if (m < 60 && (flags & (DURATION_MINUTES | DURATION_TIGHT))) {
		snprintf(buf, n, "%lldm", m);
	} else if (m < 60) {
		snprintf(buf, n, "%lldm %02llds", m, s % 60);
	} else if (d == 0 || (flags & DURATION_TIGHT)) {
		snprintf(buf, n, "%lldh%s%02lldm", m / 60, sp, m % 60);
	} else {
		snprintf(buf, n, "%lldd %02lldh %02lldm", d, m / 60 % 24, m % 60);
	}
	return buf;
}
