/*
 * drill-clock.c - drill time from real time: speed times the real time
 * run since the last anchor, plus the drill time at that anchor.  Every
 * change (pause, resume, speed) first folds the time run so far into
 * the base, so a change never moves drill time.
 */
#include "calm/drill.h"

#include <assert.h>
#include <limits.h>

/* Real time run since the anchor, never negative (a clock set back). */
static long long ran_us(const struct drill_clock *c, long long now_us)
{
	return now_us > c->anchor_us ? now_us - c->anchor_us : 0;
}

/* Fold the time run into base_ms and anchor at now_us. */
static void anchor(struct drill_clock *c, long long now_us)
{
	c->base_ms = drill_clock_now(c, now_us);
	c->anchor_us = now_us;
}

void drill_clock_start(struct drill_clock *c, int speed, long long at_ms,
		       long long now_us)
{
	assert(speed >= 1 && speed <= DRILL_SPEED_MAX);
	assert(at_ms >= 0);
	c->speed = speed;
	c->paused = false;
	c->base_ms = at_ms;
	c->anchor_us = now_us;
}

long long drill_clock_now(const struct drill_clock *c, long long now_us)
{
	if (c->paused)
		return c->base_ms;
	/* µs * speed / 1000: a year of real time at the largest speed fits */
	return c->base_ms + ran_us(c, now_us) * c->speed / 1000;
}

void drill_clock_pause(struct drill_clock *c, long long now_us)
{
	if (c->paused)
		return;
	anchor(c, now_us);
	c->paused = true;
}

void drill_clock_resume(struct drill_clock *c, long long now_us)
{
	if (!c->paused)
		return;
	c->anchor_us = now_us;
	c->paused = false;
}

void drill_clock_set_speed(struct drill_clock *c, int speed, long long now_us)
{
	assert(speed >= 1 && speed <= DRILL_SPEED_MAX);
	if (!c->paused)
		anchor(c, now_us);
	c->speed = speed;
}

long long drill_clock_wait_us(const struct drill_clock *c, long long drill_ms,
			      long long now_us)
{
	long long left = drill_ms - drill_clock_now(c, now_us);

	if (left <= 0)
		return 0;
	if (c->paused)
		return -1;
	if (left > LLONG_MAX / 1000 - DRILL_SPEED_MAX)
		return LLONG_MAX / DRILL_SPEED_MAX; /* centuries: never, in effect */
	/* rounded up: waking then, the drill time has reached drill_ms */
	return (left * 1000 + c->speed - 1) / c->speed;
}
