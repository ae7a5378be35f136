/*
 * test-core-template.c - templates: every placeholder rendered, unknown
 * ones found with their place, brace escapes, ordinal dates, human
 * durations across midnight and days, Markdown escaping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/template.h"

#define MIN 60000LL
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)
/* 2023-02-01T00:00:00Z, a Wednesday */
#define FEB1_2023 1675209600000LL

static void template__renders_every_placeholder(void **state)
{
	struct template_value vals[32];
	struct buf in = BUF_INIT, want = BUF_INIT, out = BUF_INIT;
	size_t n = 0;
	static char values[32][32];

	(void)state;
	for (const char *const *p = template_names; *p; p++, n++) {
		snprintf(values[n], sizeof values[n], "<%s>", *p);
		vals[n] = (struct template_value){ *p, values[n] };
		buf_addf(&in, "%s={%s};", *p, *p);
		buf_addf(&want, "%s=<%s>;", *p, *p);
	}
	assert_int_equal(n, 24);
	assert_int_equal(template_check(buf_cstr(&in), NULL, NULL, NULL), 0);
	template_render(&out, buf_cstr(&in), vals, n);
	assert_string_equal(buf_cstr(&out), buf_cstr(&want));
	buf_release(&in);
	buf_release(&want);
	buf_release(&out);
}

static void template__escapes_and_literal_braces(void **state)
{
	const struct template_value v[] = { { "title", "T" } };
	struct buf out = BUF_INIT;

	(void)state;
	template_render(&out, "{{title}} {title} }} { Large changes } {\"a\": 1} {Title} {",
			v, 1);
	assert_string_equal(buf_cstr(&out),
			    "{title} T } { Large changes } {\"a\": 1} {Title} {");
	assert_int_equal(template_check("{{nope}} { x } {Nope}", NULL, NULL, NULL), 0);
	buf_release(&out);
}

struct seen {
	char names[4][40];
	int line[4], col[4];
	size_t off[4];
	int n;
};

static void report(const char *name, size_t off, int line, int col, void *ctx)
{
	struct seen *s = ctx;
	if (s->n < 4) {
		snprintf(s->names[s->n], 40, "%s", name);
		s->off[s->n] = off;
		s->line[s->n] = line;
		s->col[s->n++] = col;
	}
}

static void template__unknown_placeholder_is_found(void **state)
{
	struct seen s = { .n = 0 };

	(void)state;
	assert_int_equal(template_check("Hi {title}\n  {ttle} and {x_1}", NULL,
					report, &s), 2);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.names[0], "ttle");
	assert_int_equal(s.line[0], 2);
	assert_int_equal(s.col[0], 3);
	assert_int_equal(s.off[0], 13);
	assert_string_equal(s.names[1], "x_1");
	assert_int_equal(s.line[1], 2);
	assert_int_equal(s.col[1], 14);
	/* a custom known list */
	const char *const known[] = { "a", NULL };
	assert_int_equal(template_check("{a}{title}", known, NULL, NULL), 1);
	/* unknown at render time stays visible, never blank */
	struct buf out = BUF_INIT;
	template_render(&out, "x{nope}y", NULL, 0);
	assert_string_equal(buf_cstr(&out), "x{nope}y");
	buf_release(&out);
}

static void template__durations(void **state)
{
	char b[64];
	long long start = FEB1_2023 + 22 * HOUR; /* 22:00 */

	(void)state;
	template_duration(3 * HOUR, b, sizeof b);
	assert_string_equal(b, "3 hours");
	template_duration(45 * MIN, b, sizeof b);
	assert_string_equal(b, "45 minutes");
	template_duration(HOUR, b, sizeof b);
	assert_string_equal(b, "1 hour");
	template_duration(MIN, b, sizeof b);
	assert_string_equal(b, "1 minute");
	template_duration(2 * HOUR + 30 * MIN + 59999, b, sizeof b);
	assert_string_equal(b, "2 hours 30 minutes");
	template_duration(59999, b, sizeof b);
	assert_string_equal(b, "less than a minute");
	template_duration(-5 * MIN, b, sizeof b);
	assert_string_equal(b, "less than a minute");
	/* 22:00 to 01:15 the next day: across midnight */
	template_duration(start + 3 * HOUR + 15 * MIN - start, b, sizeof b);
	assert_string_equal(b, "3 hours 15 minutes");
	/* across days: minutes dropped */
	template_duration(DAY + 2 * HOUR + 5 * MIN, b, sizeof b);
	assert_string_equal(b, "1 day 2 hours");
	template_duration(3 * DAY, b, sizeof b);
	assert_string_equal(b, "3 days");
}

static void collect(const char *s, void *ctx)
{
	buf_addf(ctx, "%s,", s);
}

static void template__facts_and_markers(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	template_fields_needed("{product} is back ({downtime}); {downtime} {title} {{cause}} {data_lost}",
			       collect, &b);
	assert_string_equal(buf_cstr(&b), "product,resolved-at,data-lost,");
	buf_reset(&b);
	assert_int_equal(template_markers("x [cause: not set] y [product: not set] [cause: not set]",
					  collect, &b), 2);
	assert_string_equal(buf_cstr(&b), "[product: not set],[cause: not set],");
	assert_int_equal(template_markers("[cause: set]", NULL, NULL), 0);
	assert_string_equal(template_fact("impact_start")->field, "impact-start");
	assert_null(template_fact("title"));
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(template__renders_every_placeholder),
		cmocka_unit_test(template__escapes_and_literal_braces),
		cmocka_unit_test(template__unknown_placeholder_is_found),
		cmocka_unit_test(template__durations),
		cmocka_unit_test(template__facts_and_markers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
