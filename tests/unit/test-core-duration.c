/*
 * test-core-duration.c - the one formatter of "how long" (duration.h):
 * each style at the edges of its units (0 s, 59 s, a minute, an hour
 * and no minutes, a day and more), minutes rounded up only for a
 * countdown, seconds kept or tenths written when asked, a negative
 * span (clock skew) written as 0, and a short buffer cut, never overrun.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "calm/duration.h"

#define SEC 1000LL
#define MIN (60 * SEC)
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)

struct dcase {
	long long ms;
	const char *want;
};

static void check(unsigned flags, const struct dcase *c, size_t n)
{
	char buf[DURATION_MAX];

	for (size_t i = 0; i < n; i++) {
		memset(buf, 'x', sizeof buf);
		if (strcmp(duration_format(c[i].ms, flags, buf, sizeof buf), c[i].want) != 0)
			fail_msg("%lld ms, flags %u: got '%s', want '%s'", c[i].ms, flags, buf,
				 c[i].want);
	}
}

static void core__duration_words(void **state)
{
	static const struct dcase c[] = {
		{ 0, "0s" }, { 999, "0s" }, { 59 * SEC + 999, "59s" }, { MIN, "1m 00s" },
		{ 3 * MIN + 20 * SEC, "3m 20s" }, { HOUR - 1, "59m 59s" }, { HOUR, "1h 00m" },
		{ HOUR + 5 * MIN + 59 * SEC, "1h 05m" }, { DAY - 1, "23h 59m" },
		{ DAY, "1d 00h 00m" }, { 2 * DAY + 3 * HOUR + 5 * MIN, "2d 03h 05m" },
		{ 400 * DAY, "400d 00h 00m" }, { -1, "0s" }, { -5 * HOUR, "0s" },
	};
	(void)state;
	check(0, c, sizeof c / sizeof c[0]);
}

static void core__duration_minutes_and_countdown(void **state)
{
	static const struct dcase down[] = {
		{ 0, "0m" }, { 59 * SEC, "0m" }, { MIN, "1m" }, { 40 * MIN + 59 * SEC, "40m" },
		{ HOUR, "1h 00m" }, { 50 * HOUR, "2d 02h 00m" }, { -MIN, "0m" },
	};
	static const struct dcase up[] = {
		{ 0, "0m" }, { 1, "0m" }, { SEC, "1m" }, { 59 * SEC, "1m" }, { MIN, "1m" },
		{ MIN + SEC, "2m" }, { 59 * MIN + SEC, "1h 00m" }, { HOUR, "1h 00m" },
		{ DAY - SEC, "1d 00h 00m" }, { -MIN, "0m" },
	};
	(void)state;
	check(DURATION_MINUTES, down, sizeof down / sizeof down[0]);
	check(DURATION_MINUTES | DURATION_UP, up, sizeof up / sizeof up[0]);
}

static void core__duration_tight(void **state)
{
	static const struct dcase c[] = {
		{ 0, "0s" }, { 40 * SEC, "40s" }, { 59 * SEC, "59s" }, { MIN, "1m" },
		{ 12 * MIN + 30 * SEC, "12m" }, { HOUR, "1h00m" }, { HOUR + 5 * MIN, "1h05m" },
		{ 50 * HOUR, "50h00m" }, { -SEC, "0s" },
	};
	static const struct dcase up[] = {
		{ 0, "0m" }, { 40 * SEC, "1m" }, { 17 * MIN + 1 * SEC, "18m" },
		{ 59 * MIN + 30 * SEC, "1h00m" },
	};
	(void)state;
	check(DURATION_TIGHT, c, sizeof c / sizeof c[0]);
	check(DURATION_TIGHT | DURATION_MINUTES | DURATION_UP, up, sizeof up / sizeof up[0]);
}

static void core__duration_seconds_and_tenths(void **state)
{
	static const struct dcase drill[] = {
		{ 0, "0s" }, { 59 * SEC + 999, "59s" }, { MIN, "1m" }, { 12 * MIN + 30 * SEC, "12m30s" },
		{ HOUR - SEC, "59m59s" }, { HOUR + 5 * MIN + 59 * SEC, "1h05m" },
		{ 30 * HOUR, "30h00m" }, { -SEC, "0s" },
	};
	static const struct dcase ran[] = {
		{ 0, "0.0s" }, { 49, "0.0s" }, { 1234, "1.2s" }, { 59 * SEC + 999, "59.9s" },
		{ MIN, "1m 00s" }, { 3 * MIN + 20 * SEC, "3m 20s" }, { HOUR + 15 * MIN, "1h 15m" },
		{ -SEC, "0.0s" },
	};
	(void)state;
	check(DURATION_TIGHT | DURATION_SECONDS, drill, sizeof drill / sizeof drill[0]);
	check(DURATION_TENTHS, ran, sizeof ran / sizeof ran[0]);
}

static void core__duration_clock(void **state)
{
	static const struct dcase c[] = {
		{ 0, "00:00:00" }, { 59 * SEC, "00:00:59" }, { MIN, "00:01:00" },
		{ HOUR, "01:00:00" }, { DAY - SEC, "23:59:59" }, { DAY, "1d 00:00:00" },
		{ 2 * DAY + 3 * HOUR + 4 * MIN + 5 * SEC, "2d 03:04:05" }, { -DAY, "00:00:00" },
	};
	(void)state;
	check(DURATION_CLOCK, c, sizeof c / sizeof c[0]);
}

static void core__duration_fits_any_span(void **state)
{
	char buf[DURATION_MAX], small[4];

	(void)state;
	/* the longest span there is fits DURATION_MAX in every style */
	for (unsigned f = 0; f < 64; f++) {
		duration_format(LLONG_MAX, f, buf, sizeof buf);
		assert_true(strlen(buf) < sizeof buf - 1);
	}
	/* a short buffer is cut, NUL-terminated */
	assert_string_equal(duration_format(2 * DAY, 0, small, sizeof small), "2d ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(core__duration_words),
		cmocka_unit_test(core__duration_minutes_and_countdown),
		cmocka_unit_test(core__duration_tight),
		cmocka_unit_test(core__duration_seconds_and_tenths),
		cmocka_unit_test(core__duration_clock),
		cmocka_unit_test(core__duration_fits_any_span),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
