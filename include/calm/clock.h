/*
 * clock.h - the monotonic clock, for deadlines and durations: it never
 * jumps with the wall clock (NTP, a user setting the date).
 */
#ifndef CALM_CLOCK_H
#define CALM_CLOCK_H

/* Milliseconds of CLOCK_MONOTONIC (from an arbitrary start). */
long long mono_ms(void);

#endif
