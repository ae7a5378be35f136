/*
 * test-core-when.c - the one time parser and formatter (when.h): every
 * form it accepts, the impossible dates and times it refuses with the
 * same message, bare HH:MM against the reference moment (the latest
 * such moment not in the future; or the reference's own day), the local
 * zone, and damaged values (INT64 extremes) formatted without overflow.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "calm/when.h"

/* 2026-02-01T09:00:00Z, a Sunday */
#define REF 1769936400000LL
#define MIN 60000LL
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)

static long long parse_ok(const char *s, unsigned forms, long long ref)
{
	struct calm_err err = { 0 };
	long long ms = -1;

	if (when_parse(s, forms, ref, &ms, &err) != CALM_OK)
		fail_msg("'%s' refused: %s", s, err.msg);
	return ms;
}

static const char *parse_err(const char *s, unsigned forms, long long ref)
{
	static struct calm_err err;
	long long ms = 12345;

	calm_err_clear(&err);
	assert_int_equal(when_parse(s, forms, ref, &ms, &err), CALM_DATA);
	assert_int_equal(ms, 12345); /* untouched */
	return err.msg;
}

static void when__datetime_forms(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-02-01T09:00Z", WHEN_TYPED, 0), REF);
	assert_int_equal(parse_ok("2026-02-01 09:00", WHEN_TYPED, 0), REF);
	assert_int_equal(parse_ok("2026-02-01T09:00:00Z", WHEN_TYPED, 0), REF);
	assert_int_equal(parse_ok("2026-02-01 09:00:07Z", WHEN_TYPED, 0), REF + 7000);
	assert_int_equal(parse_ok("2026-02-01T14:05", WHEN_TYPED, 0),
			 REF + 5 * HOUR + 5 * MIN);
	assert_int_equal(parse_ok("1970-01-01 00:00", WHEN_TYPED, 0), 0);
	assert_int_equal(parse_ok("now", WHEN_TYPED, REF + 1), REF + 1);
	assert_int_equal(parse_ok("2026-02-01", WHEN_DATE, 0), REF - 9 * HOUR);
	assert_int_equal(parse_ok("1769936400000", WHEN_EPOCH_MS, 0), REF);
	/* leap years */
	assert_int_equal(parse_ok("2024-02-29 12:00", WHEN_TYPED, 0),
			 parse_ok("2024-03-01 12:00", WHEN_TYPED, 0) - DAY);
	assert_int_equal(parse_ok("2000-02-29", WHEN_DATE, 0) + DAY,
			 parse_ok("2000-03-01", WHEN_DATE, 0));
}

static void when__impossible_dates_refused_alike(void **state)
{
	(void)state;
	assert_string_equal(parse_err("2026-02-31 10:00", WHEN_TYPED, REF),
			    "no such date: 2026-02-31");
	assert_string_equal(parse_err("2026-02-31T10:00Z", WHEN_TYPED, REF),
			    "no such date: 2026-02-31");
	assert_string_equal(parse_err("2026-02-31", WHEN_DATE, REF),
			    "no such date: 2026-02-31");
	assert_string_equal(parse_err("2025-02-29", WHEN_DATE, REF),
			    "no such date: 2025-02-29");
	assert_string_equal(parse_err("1900-02-29", WHEN_DATE, REF),
			    "no such date: 1900-02-29");
	assert_string_equal(parse_err("2026-13-01", WHEN_DATE, REF),
			    "no such date: 2026-13-01");
	assert_string_equal(parse_err("2026-04-31 00:00", WHEN_TYPED, REF),
			    "no such date: 2026-04-31");
	assert_string_equal(parse_err("2026-00-10", WHEN_DATE, REF),
			    "no such date: 2026-00-10");
	assert_string_equal(parse_err("25:00", WHEN_TYPED, REF), "no such time: 25:00");
	assert_string_equal(parse_err("10:60", WHEN_TYPED, REF), "no such time: 10:60");
	assert_string_equal(parse_err("2026-02-01 24:00", WHEN_TYPED, REF),
			    "no such time: 24:00");
	assert_string_equal(parse_err("1969-12-31 23:59", WHEN_TYPED, REF),
			    "no such date: 1969-12-31 (calm's times begin in 1970)");
}

static void when__says_which_form_it_expected(void **state)
{
	(void)state;
	assert_string_equal(parse_err("yesterday", WHEN_TYPED, REF),
			    "expected a time like 21:48, 2026-02-01 14:05 or now, got 'yesterday'");
	assert_string_equal(parse_err("14:05", WHEN_DATE, REF),
			    "expected a date like 2026-02-01, got '14:05'");
	assert_string_equal(parse_err("now", WHEN_DATETIME | WHEN_CLOCK_DAY, REF),
			    "expected a time like 21:48 or 2026-02-01 14:05, got 'now'");
	assert_string_equal(parse_err("", WHEN_TYPED, REF),
			    "expected a time like 21:48, 2026-02-01 14:05 or now, got ''");
	/* near misses are not read loosely */
	const char *bad[] = { " 2026-02-01 14:05", "2026-2-1 14:05", "+2026-02-01 14:05",
			      "2026-02-01 14:05 ", "2026-02-01  14:05", "2026-02-01x14:05",
			      "2026-02-01 14:5", "14:05Z", "1:05", "2026-02-01 14:05:7",
			      "2026-02-01 14:05ZZ", "12345678901234567890", "-5" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct calm_err err = { 0 };
		long long ms;

		if (when_parse(bad[i], WHEN_TYPED | WHEN_EPOCH_MS | WHEN_DATE, REF, &ms,
			       &err) != CALM_DATA)
			fail_msg("'%s' was accepted", bad[i]);
	}
	/* an overlong string is quoted clipped, on one line */
	char long_s[600];
	memset(long_s, 'x', sizeof long_s - 1);
	long_s[sizeof long_s - 1] = '\0';
	assert_true(strlen(parse_err(long_s, WHEN_TYPED, REF)) < 200);
}

static void when__bare_time_is_latest_not_in_future(void **state)
{
	(void)state;
	/* typed at 09:00: 21:48 is yesterday's, 08:59 and 09:00 today's */
	assert_int_equal(parse_ok("21:48", WHEN_TYPED, REF),
			 REF - 9 * HOUR + 21 * HOUR + 48 * MIN - DAY);
	assert_int_equal(parse_ok("08:59", WHEN_TYPED, REF), REF - MIN);
	assert_int_equal(parse_ok("09:00", WHEN_TYPED, REF), REF);
	assert_int_equal(parse_ok("09:00:01", WHEN_TYPED, REF), REF + 1000 - DAY);
	assert_int_equal(parse_ok("00:00", WHEN_TYPED, REF), REF - 9 * HOUR);
	/* across a month and a year */
	assert_int_equal(parse_ok("23:30", WHEN_TYPED, parse_ok("2026-01-01 00:10", WHEN_TYPED, 0)),
			 parse_ok("2025-12-31 23:30", WHEN_TYPED, 0));
	/* time travel: on the reference's own day, even if later */
	assert_int_equal(parse_ok("21:48", WHEN_CLOCK_DAY, REF),
			 REF - 9 * HOUR + 21 * HOUR + 48 * MIN);
}

static void when__format_styles(void **state)
{
	char b[64];
	long long t = REF + 5 * HOUR + 5 * MIN + 9000 + 123;

	(void)state;
	assert_string_equal(when_format(t, WHEN_RFC3339, 0, b, sizeof b), "2026-02-01T14:05:09Z");
	assert_string_equal(when_format(t, WHEN_RFC3339_MS, 0, b, sizeof b),
			    "2026-02-01T14:05:09.123Z");
	assert_string_equal(when_format(t, WHEN_FULL, 0, b, sizeof b), "2026-02-01 14:05:09Z");
	assert_string_equal(when_format(t, WHEN_MINUTE, 0, b, sizeof b), "2026-02-01 14:05Z");
	assert_string_equal(when_format(t, WHEN_HMS, 0, b, sizeof b), "14:05:09");
	assert_string_equal(when_format(t, WHEN_HM, 0, b, sizeof b), "14:05");
	assert_string_equal(when_format(t, WHEN_DAY, 0, b, sizeof b), "2026-02-01");
	assert_string_equal(when_format(t, WHEN_MONTH_DAY_HM, 0, b, sizeof b), "02-01 14:05");
	assert_string_equal(when_format(t, WHEN_LONG_DAY, 0, b, sizeof b), "Sunday 1st Feb");
	assert_string_equal(when_format(parse_ok("2023-02-22", WHEN_DATE, 0), WHEN_LONG_DAY, 0,
					b, sizeof b), "Wednesday 22nd Feb");
	assert_string_equal(when_format(parse_ok("2023-02-13", WHEN_DATE, 0), WHEN_LONG_DAY, 0,
					b, sizeof b), "Monday 13th Feb");
	assert_string_equal(when_format(0, WHEN_FULL, 0, b, sizeof b), "1970-01-01 00:00:00Z");
	/* what is written is what is read */
	for (long long ms = 0; ms < WHEN_MAX_MS; ms += 86399999LL * 97) {
		when_format(ms, WHEN_RFC3339, 0, b, sizeof b);
		assert_int_equal(parse_ok(b, WHEN_DATETIME, 0), ms / 1000 * 1000);
	}
	/* a small buffer is cut, NUL-terminated */
	char small[6];
	assert_string_equal(when_format(t, WHEN_FULL, 0, small, sizeof small), "2026-");
}

/* The postmortem's "On Wednesday 1st Feb": weekdays, months, ordinals. */
static void when__long_day(void **state)
{
	static const struct { int day; const char *suffix; } ord[] = {
		{ 1, "st" }, { 2, "nd" }, { 3, "rd" }, { 4, "th" }, { 11, "th" },
		{ 12, "th" }, { 13, "th" }, { 21, "st" }, { 22, "nd" },
		{ 23, "rd" }, { 24, "th" }, { 30, "th" }, { 31, "st" },
	};
	const long long feb1_2023 = 1675209600000LL;
	char b[64], want[32], day[16];

	(void)state;
	for (size_t i = 0; i < sizeof ord / sizeof ord[0]; i++) {
		snprintf(day, sizeof day, "2023-01-%02d", ord[i].day);
		when_format(parse_ok(day, WHEN_DATE, 0), WHEN_LONG_DAY, 0, b, sizeof b);
		snprintf(want, sizeof want, " %d%s Jan", ord[i].day, ord[i].suffix);
		assert_non_null(strstr(b, want));
	}
	assert_string_equal(when_format(feb1_2023 + 10 * HOUR, WHEN_LONG_DAY, 0, b, sizeof b),
			    "Wednesday 1st Feb");
	assert_string_equal(when_format(feb1_2023 + DAY, WHEN_LONG_DAY, 0, b, sizeof b),
			    "Thursday 2nd Feb");
	assert_string_equal(when_format(feb1_2023 + 2 * DAY + 23 * HOUR + 59 * MIN,
					WHEN_LONG_DAY, 0, b, sizeof b), "Friday 3rd Feb");
	assert_string_equal(when_format(feb1_2023 + 10 * DAY, WHEN_LONG_DAY, 0, b, sizeof b),
			    "Saturday 11th Feb");
	assert_string_equal(when_format(feb1_2023 + 20 * DAY, WHEN_LONG_DAY, 0, b, sizeof b),
			    "Tuesday 21st Feb");
	assert_string_equal(when_format(feb1_2023 + 30 * DAY, WHEN_LONG_DAY, 0, b, sizeof b),
			    "Friday 3rd Mar");
	assert_string_equal(when_format(feb1_2023 - DAY, WHEN_LONG_DAY, 0, b, sizeof b),
			    "Tuesday 31st Jan");
}

static void when__damaged_values_format_without_overflow(void **state)
{
	const long long odd[] = { INT64_MIN, INT64_MIN + 1, -1, -86400000, INT64_MAX,
				  WHEN_MAX_MS + 1 };
	char b[64];

	(void)state;
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++)
		for (int s = WHEN_RFC3339; s <= WHEN_LONG_DAY; s++)
			assert_string_equal(when_format(odd[i], (enum when_style)s, 0, b, sizeof b),
					    "?");
	assert_string_equal(when_format(WHEN_MAX_MS, WHEN_RFC3339_MS, 0, b, sizeof b),
			    "9999-12-31T23:59:59.999Z");
}

static void when__local_zone(void **state)
{
	char b[64];

	(void)state;
	if (access("/usr/share/zoneinfo/Europe/Berlin", R_OK) != 0)
		skip();
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	/* 15:05 in Berlin in winter is 14:05Z; Z still means UTC */
	assert_int_equal(parse_ok("2026-02-01 15:05", WHEN_TYPED | WHEN_LOCAL, 0),
			 parse_ok("2026-02-01T14:05Z", WHEN_TYPED, 0));
	assert_int_equal(parse_ok("2026-02-01 15:05Z", WHEN_TYPED | WHEN_LOCAL, 0),
			 parse_ok("2026-02-01T15:05Z", WHEN_TYPED, 0));
	/* summer time: 15:05 CEST is 13:05Z */
	assert_int_equal(parse_ok("2026-07-01 15:05", WHEN_TYPED | WHEN_LOCAL, 0),
			 parse_ok("2026-07-01T13:05Z", WHEN_TYPED, 0));
	/* bare: 00:30 local typed at 09:00Z (10:00 local) is today's */
	assert_int_equal(parse_ok("00:30", WHEN_TYPED | WHEN_LOCAL, REF),
			 parse_ok("2026-01-31T23:30Z", WHEN_TYPED, 0));
	assert_int_equal(parse_ok("10:30", WHEN_TYPED | WHEN_LOCAL, REF),
			 parse_ok("2026-01-31T09:30Z", WHEN_TYPED, 0));
	assert_string_equal(when_format(REF, WHEN_FULL, WHEN_LOCAL, b, sizeof b),
			    "2026-02-01 10:00:00 CET");
	assert_string_equal(when_format(REF, WHEN_HM, WHEN_LOCAL, b, sizeof b), "10:00");
	assert_string_equal(when_format(REF, WHEN_RFC3339, WHEN_LOCAL, b, sizeof b),
			    "2026-02-01T09:00:00Z");
	assert_string_equal(parse_err("2026-02-30 10:00", WHEN_TYPED | WHEN_LOCAL, REF),
			    "no such date: 2026-02-30");
	setenv("TZ", "UTC", 1);
	tzset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(when__datetime_forms),
		cmocka_unit_test(when__impossible_dates_refused_alike),
		cmocka_unit_test(when__says_which_form_it_expected),
		cmocka_unit_test(when__bare_time_is_latest_not_in_future),
		cmocka_unit_test(when__format_styles),
		cmocka_unit_test(when__long_day),
		cmocka_unit_test(when__damaged_values_format_without_overflow),
		cmocka_unit_test(when__local_zone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
