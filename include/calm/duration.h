/*
 * duration.h - a span of time as people read it: the one formatter of
 * calm for "how long" (when.h writes "when").
 *
 * Styles (one of them, or 0 for words) and what they write:
 *   words (0)        45s | 3m 20s | 1h 05m | 2d 03h 05m
 *   DURATION_TIGHT   45s | 3m     | 1h05m  | 50h00m      (a title bar)
 *   DURATION_CLOCK   00:00:45 | 00:03:20 | 01:05:00 | 2d 03:05:00
 * DURATION_MINUTES drops the seconds of words and tight: under a minute
 * is "0m", and DURATION_UP then counts a part minute (of whole seconds)
 * as a whole one (a countdown: "due in 1m", never "in 0m").
 * DURATION_SECONDS keeps tight's seconds under an hour when there are
 * any ("12m30s", "12m"; a drill's clock and score).  DURATION_TENTHS
 * writes under a minute with its tenths ("1.2s", "0.0s"; how long a
 * command ran).  The unit after the largest is always two digits.  A negative span (a clock that went back) is
 * written as 0; a caller with words of its own for it ("now",
 * "unknown") says them before calling.
 *
 * Pure: libc alone.
 */
#ifndef CALM_DURATION_H
#define CALM_DURATION_H

#include <stddef.h>

#define DURATION_TIGHT   1u
#define DURATION_CLOCK   2u
#define DURATION_MINUTES 4u
#define DURATION_UP      8u
#define DURATION_SECONDS 16u
#define DURATION_TENTHS  32u

/* Room for any span in any style. */
#define DURATION_MAX 32

/* ms written into buf (size n, truncated to fit); returns buf. */
char *duration_format(long long ms, unsigned flags, char *buf, size_t n);

#endif
