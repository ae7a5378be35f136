/*
 * test-core-capture.c - the pure parts of writing everything down: the
 * secret filter, lossless text and base64, the time parser, the
 * milestone rule, and the CSV and Markdown import parsers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calm/buf.h"
#include "calm/import.h"
#include "calm/milestone.h"
#include "calm/secret.h"
#include "calm/text.h"
#include "calm/when.h"

#define T0 1769940000000LL /* 2026-02-01T10:00:00Z */

static char *masked(const struct secret_filter *f, const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	secret_mask(f, s, len, &b);
	return buf_detach(&b);
}

static void core__secret_defaults_mask_the_values(void **state)
{
	struct secret_filter *f = NULL;
	struct calm_err err = { 0 };
	static const char *const cases[][2] = {
		{ "mysql -u root password=hunter2 -h db", "mysql -u root password=**** -h db" },
		{ "TOKEN: abc123 and api_key=\"x y\"", "TOKEN: **** and api_key=****" },
		{ "psql --password s3cret", "psql --password ****" },
		{ "curl -H 'Authorization: Bearer eyJhbGciOi.x.y' /api", "curl -H 'Authorization: ****' /api" },
		{ "key AKIAIOSFODNN7EXAMPLE used", "key **** used" },
		{ "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		  "aws_secret_access_key = ****" },
		{ "git clone https://bob:pa55@git.example/x", "git clone https://bob:****@git.example/x" },
		{ "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nAAAA\n-----END RSA PRIVATE KEY-----\nafter",
		  "-----BEGIN RSA PRIVATE KEY-----****-----END RSA PRIVATE KEY-----\nafter" },
		{ "nothing secret here: a password policy", "nothing secret here: a password policy" },
	};

	(void)state;
	assert_int_equal(secret_filter_new(NULL, &f, &err), CALM_OK);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = masked(f, cases[i][0], strlen(cases[i][0]));

		assert_string_equal(got, cases[i][1]);
		free(got);
	}
	/* bytes around it are kept, NUL and invalid UTF-8 included */
	char *got = masked(f, "a\0b\xff password=x\0c", 17);
	assert_memory_equal(got, "a\0b\xff password=****\0c", 20);
	free(got);
	secret_filter_free(f);
}

/* A place in the text moves with the masking: before a secret it stays,
 * at a secret's start it stays before the mask, inside one it moves to
 * the mask's end, after one it moves by the change in length. */
static void core__secret_mask_at_moves_a_place(void **state)
{
	struct secret_filter *f = NULL;
	struct calm_err err = { 0 };
	const char *s = "ab password=hunter2 cd"; /* the secret is [12, 19) */
	static const size_t from[] = { 0, 3, 12, 13, 18, 19, 20, 22 };
	static const size_t to[] = { 0, 3, 12, 16, 16, 16, 17, 19 };

	(void)state;
	assert_int_equal(secret_filter_new(NULL, &f, &err), CALM_OK);
	for (size_t i = 0; i < sizeof from / sizeof from[0]; i++) {
		struct buf b = BUF_INIT;
		size_t pos = from[i];

		buf_adds(&b, "xy"); /* appended after what out holds */
		assert_int_equal(secret_mask_at(f, s, strlen(s), &b, &pos), 1);
		assert_string_equal(buf_cstr(&b), "xyab password=**** cd");
		assert_int_equal(pos, to[i]);
		buf_release(&b);
	}
	/* no secret: the place is where it was */
	struct buf b = BUF_INIT;
	size_t pos = 4;
	assert_int_equal(secret_mask_at(f, "plain", 5, &b, &pos), 0);
	assert_int_equal(pos, 4);
	buf_release(&b);
	secret_filter_free(f);
}

static void core__secret_playbook_patterns(void **state)
{
	const char *const pats[] = { "ticket=([A-Z0-9]+)", "internal-[0-9]+", NULL };
	const char *const bad[] = { "([unclosed", NULL };
	struct secret_filter *f = NULL;
	struct calm_err err = { 0 };
	char why[100], *got;

	(void)state;
	assert_int_equal(secret_filter_new(pats, &f, &err), CALM_OK);
	got = masked(f, "ticket=AB12 on internal-42 ok", 29);
	assert_string_equal(got, "ticket=**** on **** ok");
	free(got);
	secret_filter_free(f);
	assert_int_equal(secret_filter_new(bad, &f, &err), CALM_CONFIG);
	assert_null(f);
	assert_non_null(strstr(err.msg, "bad secret pattern '([unclosed'"));
	assert_false(secret_pattern_ok("a(", why, sizeof why));
	assert_true(secret_pattern_ok("a(b)", why, sizeof why));
}

static void core__every_byte_survives_the_filter(void **state)
{
	struct secret_filter *f = NULL;
	struct calm_err err = { 0 };
	char all[256], *got;

	(void)state;
	for (int i = 0; i < 256; i++)
		all[i] = (char)i;
	assert_int_equal(secret_filter_new(NULL, &f, &err), CALM_OK);
	got = masked(f, all, sizeof all);
	assert_memory_equal(got, all, sizeof all);
	free(got);
	secret_filter_free(f);
}

static void core__lossy_text_and_base64(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_true(text_utf8_lossy(&b, "caf\xc3\xa9", 5));
	assert_string_equal(b.s, "caf\xc3\xa9");
	buf_reset(&b);
	assert_false(text_utf8_lossy(&b, "caf\xe9\0x\r\n", 8));
	assert_string_equal(b.s, "caf\xef\xbf\xbd\xef\xbf\xbdx\r\n");
	assert_true(text_is_utf8(b.s, b.len));
	buf_reset(&b);
	text_base64(&b, "caf\xe9\0x\r\n", 8);
	assert_string_equal(b.s, "Y2Fm6QB4DQo=");
	buf_reset(&b);
	text_base64(&b, "ab", 2);
	assert_string_equal(b.s, "YWI=");
	buf_release(&b);
}

/* The forms calm's capture adds to the one time parser (when.h): a
 * fraction and an offset in RFC 3339 (CSV exports read back to the
 * millisecond) and spans before now. */
static void core__when_fraction_offset_and_ago(void **state)
{
	long long ms = 0;
	struct calm_err err = { 0 };
	char out[40];

	(void)state;
	assert_int_equal(when_parse("2026-02-01T10:00:00.007Z", WHEN_DATETIME, 0, &ms, &err), CALM_OK);
	assert_int_equal(ms, T0 + 7);
	assert_int_equal(when_parse("2026-02-01T11:15:30.25+02:00", WHEN_DATETIME, 0, &ms, &err), CALM_OK);
	assert_int_equal(ms, T0 - 45 * 60000 + 30250);
	assert_int_equal(when_parse("2026-02-01 04:30-05:30", WHEN_DATETIME, 0, &ms, &err), CALM_OK);
	assert_int_equal(ms, T0);
	assert_int_equal(when_parse("-15m", WHEN_PAST_TYPED, T0, &ms, &err), CALM_OK);
	assert_int_equal(ms, T0 - 15 * 60000);
	assert_int_equal(when_parse("2h ago", WHEN_PAST_TYPED, T0, &ms, &err), CALM_OK);
	assert_int_equal(ms, T0 - 2 * 3600000);
	assert_int_equal(when_parse("-1d", WHEN_PAST_TYPED, T0, &ms, &err), CALM_OK);
	assert_int_equal(ms, T0 - 86400000);
	/* a span is not a time where spans are not asked for, nor malformed */
	assert_int_equal(when_parse("-15m", WHEN_TYPED, T0, &ms, &err), CALM_DATA);
	calm_err_clear(&err);
	assert_int_equal(when_parse("15m", WHEN_PAST_TYPED, T0, &ms, &err), CALM_DATA);
	assert_string_equal(err.msg, "expected a time like 21:48, 2026-02-01 14:05, now or -15m, got '15m'");
	calm_err_clear(&err);
	assert_int_equal(when_parse("2026-02-01T10:00:00.Z", WHEN_DATETIME, 0, &ms, &err), CALM_DATA);
	assert_int_equal(when_parse("2026-02-01T10:00+25:00", WHEN_DATETIME, 0, &ms, &err), CALM_DATA);
	assert_string_equal(when_format(T0 + 7, WHEN_RFC3339_MS, 0, out, sizeof out),
			    "2026-02-01T10:00:00.007Z");
}

static void core__milestone_rule(void **state)
{
	struct milestone_times t = { .declared_ms = T0 };
	struct milestone_durations d;

	(void)state;
	assert_int_equal(milestone_parse("mitigated"), MS_MITIGATED);
	assert_int_equal(milestone_parse("over"), -1);
	assert_int_equal(milestone_of_field("impact-start"), MS_STARTED);
	/* nothing set, active: only the detect rule's fallback, unknown */
	milestone_durations(&t, &d);
	assert_int_equal(d.detect_ms, -1);
	assert_int_equal(d.mitigate_ms, -1);
	assert_int_equal(d.resolve_ms, -1);
	/* closed without resolved-at: resolved is the close */
	t.closed_ms = T0 + 3600000;
	milestone_durations(&t, &d);
	assert_int_equal(d.resolve_ms, 3600000);
	/* every moment set */
	t.at[MS_STARTED] = T0 - 1800000;
	t.at[MS_DETECTED] = T0 - 600000;
	t.at[MS_MITIGATED] = T0 + 600000;
	t.at[MS_RESOLVED] = T0 + 1800000;
	milestone_durations(&t, &d);
	assert_int_equal(d.detect_ms, 1200000);
	assert_int_equal(d.mitigate_ms, 2400000);
	assert_int_equal(d.resolve_ms, 3600000);
	/* started without detected-at: detected at the declaration */
	t.at[MS_DETECTED] = 0;
	milestone_durations(&t, &d);
	assert_int_equal(d.detect_ms, 1800000);
	/* a negative span is unknown */
	t.at[MS_MITIGATED] = T0 - 3600000;
	milestone_durations(&t, &d);
	assert_int_equal(d.mitigate_ms, -1);
}

static void core__import_csv(void **state)
{
	const char csv[] = "\xef\xbb\xbftime, Author ,TEXT\r\n"
			   "2026-02-01 09:05,alice,plain\r\n"
			   "\r\n"
			   "2026-02-01T09:06:00.5Z,bob,\"comma, \"\"quote\"\"\r\nand CR LF\"\n"
			   "2026-02-01T09:07:00Z,carol,\"nul\0and \xff\"\n";
	struct import_list l;
	struct calm_err err = { 0 };

	(void)state;
	assert_int_equal(import_csv("t.csv", csv, sizeof csv - 1, 0, &l, &err), CALM_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].author, "alice");
	assert_string_equal(l.v[0].text, "plain");
	assert_int_equal(l.v[0].ms, T0 - 55 * 60000);
	assert_int_equal(l.v[0].line, 2);
	assert_string_equal(l.v[1].text, "comma, \"quote\"\r\nand CR LF");
	assert_int_equal(l.v[1].ms, T0 - 54 * 60000 + 500);
	assert_int_equal(l.v[1].line, 4);
	assert_int_equal(l.v[2].len, 9);
	assert_memory_equal(l.v[2].text, "nul\0and \xff", 9);
	assert_int_equal(l.v[2].line, 6);
	import_list_release(&l);
}

static void core__import_csv_errors_name_the_line(void **state)
{
	static const char *const cases[][2] = {
		{ "when,who,what\n", "t.csv:1: expected the header 'time,author,text'" },
		{ "time,author,text\n2026-02-01 09:00,a,ok\nyesterday,b,x\n",
		  "t.csv:3: bad time (expected RFC 3339 or YYYY-MM-DD HH:MM): 'yesterday'" },
		{ "time,author,text\n2026-02-01 09:00,a\n", "t.csv:2: too few fields: expected time,author,text" },
		{ "time,author,text\n2026-02-01 09:00,a,b,c\n",
		  "t.csv:2: too many fields: expected time,author,text (quote text with commas)" },
		{ "time,author,text\n2026-02-01 09:00,a,\"open\n", "t.csv:3: a quoted field is not closed" },
		{ "time,author,text\n2026-02-01 09:00,,x\n",
		  "t.csv:2: bad author (1 to 64 printable characters): ''" },
		{ "time,author,text\n2026-02-01 09:00,a,\n", "t.csv:2: empty text" },
		{ "", "t.csv:1: expected the header 'time,author,text'" },
	};
	struct import_list l;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct calm_err err = { 0 };

		assert_int_equal(import_csv("t.csv", cases[i][0], strlen(cases[i][0]), 0, &l, &err),
				 CALM_DATA);
		assert_string_equal(err.msg, cases[i][1]);
		assert_int_equal(l.n, 0);
	}
}

static void core__import_markdown(void **state)
{
	const char md[] = "# Chat from the bridge\n"
			  "\n"
			  "- 23:50 alerts fire\n"
			  "  for checkout only\n"
			  "* 23:58 rollback started\n"
			  "- 0:10 back: a time before the last is the next day\n"
			  "- 00:05 and again\n";
	struct import_list l;
	struct calm_err err = { 0 };
	long long day = T0 - 10 * 3600000LL; /* midnight, 2026-02-01 */

	(void)state;
	assert_int_equal(import_md("c.md", md, sizeof md - 1, day, 0, "alice", &l, &err), CALM_OK);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[0].text, "alerts fire\nfor checkout only");
	assert_int_equal(l.v[0].ms, day + (23 * 60 + 50) * 60000LL);
	assert_int_equal(l.v[1].ms, day + (23 * 60 + 58) * 60000LL);
	assert_int_equal(l.v[2].ms, day + 86400000LL + 10 * 60000);
	assert_int_equal(l.v[3].ms, day + 2 * 86400000LL + 5 * 60000);
	assert_int_equal(l.v[3].line, 7);
	assert_string_equal(l.v[3].author, "alice");
	import_list_release(&l);
	assert_int_equal(import_md("c.md", "- 10:00 ok\nstray words\n", 22, day, 0, "a", &l, &err),
			 CALM_DATA);
	assert_string_equal(err.msg, "c.md:2: expected '- HH:MM text', not 'stray words'");
	assert_int_equal(l.n, 0);
}

/* With a timezone configured, times without a zone are the local ones:
 * Berlin is UTC+1 in February. */
static void core__import_reads_times_in_the_zone(void **state)
{
	static const char csv[] = "time,author,text\n"
				  "2026-02-01 14:05,alice,local\n"
				  "2026-02-01T14:05:00Z,bob,utc\n";
	struct import_list l;
	struct calm_err err = { 0 };
	long long day = T0 - 10 * 3600000LL; /* 2026-02-01 */

	(void)state;
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	assert_int_equal(import_csv("t.csv", csv, sizeof csv - 1, WHEN_LOCAL, &l, &err), CALM_OK);
	assert_int_equal(l.v[0].ms, day + 13 * 3600000LL + 5 * 60000);
	assert_int_equal(l.v[1].ms, day + 14 * 3600000LL + 5 * 60000);
	import_list_release(&l);
	assert_int_equal(import_md("c.md", "- 00:30 just after midnight\n", 28, day, WHEN_LOCAL,
				   "a", &l, &err), CALM_OK);
	assert_int_equal(l.v[0].ms, day - 30 * 60000);
	import_list_release(&l);
	setenv("TZ", "UTC", 1);
	tzset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(core__secret_defaults_mask_the_values),
		cmocka_unit_test(core__secret_mask_at_moves_a_place),
		cmocka_unit_test(core__secret_playbook_patterns),
		cmocka_unit_test(core__every_byte_survives_the_filter),
		cmocka_unit_test(core__lossy_text_and_base64),
		cmocka_unit_test(core__when_fraction_offset_and_ago),
		cmocka_unit_test(core__milestone_rule),
		cmocka_unit_test(core__import_reads_times_in_the_zone),
		cmocka_unit_test(core__import_csv),
		cmocka_unit_test(core__import_csv_errors_name_the_line),
		cmocka_unit_test(core__import_markdown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
