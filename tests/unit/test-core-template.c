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
	assert_int_equal(n, 19);
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

static void template__markdown_escape(void **state)
{
	struct buf out = BUF_INIT;
	const char *s = "*bold* _it_ # h | <b> [l](x) `c` \\ ~ ! & ok.";

	(void)state;
	template_md_escape(&out, s, strlen(s));
	assert_string_equal(buf_cstr(&out),
			    "\\*bold\\* \\_it\\_ \\# h \\| \\<b\\> \\[l\\](x) \\`c\\` \\\\ \\~ \\! \\& ok.");
	buf_reset(&out);
	s = "# title\n- item\n    code\n12. list\n3) x\n+ y\n= z\nplain 1. no";
	template_md_escape(&out, s, strlen(s));
	assert_string_equal(buf_cstr(&out),
			    "\\# title\n\\- item\ncode\n12\\. list\n3\\) x\n\\+ y\n\\= z\nplain 1. no");
	/* controls, bidi and invisibles shown inert, then escaped */
	buf_reset(&out);
	s = "a\033]0;t\a\033[31m*x*\rOK\xe2\x80\xae\xe2\x80\x8b";
	template_md_escape(&out, s, strlen(s));
	assert_string_equal(buf_cstr(&out),
			    "a^\\[\\]0;t^G^\\[\\[31m\\*x\\*^MOK\\<U+202E\\>\\<U+200B\\>");
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(template__renders_every_placeholder),
		cmocka_unit_test(template__escapes_and_literal_braces),
		cmocka_unit_test(template__unknown_placeholder_is_found),
		cmocka_unit_test(template__durations),
		cmocka_unit_test(template__markdown_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
