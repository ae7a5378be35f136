/*
 * test-core-blame.c - the blame check: phrases and names found with
 * their places, case-insensitively, whole words only where it matters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "calm/blame.h"

/* The words found in text with the default patterns and names, as one line. */
static const char *words(const char *text, const char *const *names)
{
	static char buf[512];
	struct blame_result r;

	blame_check(text, NULL, names, &r);
	blame_result_words(&r, text, buf, sizeof buf);
	blame_result_release(&r);
	return buf;
}

static void blame__clean_text_has_no_hits(void **state)
{
	const char *const names[] = { "alice", "bob", NULL };

	(void)state;
	assert_string_equal(words("A slow query exhausted the pool. Blameless review "
				  "follows; some faulty code was rolled back. Caused by "
				  "a config change.", names), "");
	assert_string_equal(words("", names), "");
	assert_string_equal(words("alicexyz bobby", names), "");
}

static void blame__phrases_and_names(void **state)
{
	const char *const names[] = { "alice", "Bob Smith", NULL };

	(void)state;
	assert_string_equal(words("It was Bob's fault.", NULL), "'Bob's fault'");
	assert_string_equal(words("It was Bob\xe2\x80\x99s fault.", NULL),
			    "'Bob\xe2\x80\x99s fault'");
	assert_string_equal(words("Don't BLAME the team", NULL), "'BLAME'");
	assert_string_equal(words("caused by Dave pushing", NULL), "'caused by Dave'");
	assert_string_equal(words("caused by alice", names), "'caused by alice'");
	assert_string_equal(words("caused by a typo", NULL), "");
	assert_string_equal(words("ask ALICE and bob smith", names), "'ALICE', 'bob smith'");
	assert_string_equal(words("someone   screwed\nup, careless and\tmessed up", NULL),
			    "'screwed up', 'careless', 'messed up'");
	assert_string_equal(words("we should have known", NULL), "'should have known'");
}

static void blame__positions_and_custom_patterns(void **state)
{
	const char *const pats[] = { "oops", "big mistake", NULL };
	const char *text = "x oops, a BIG MISTAKE; oopsie";
	struct blame_result r;

	(void)state;
	assert_int_equal(blame_check(text, pats, NULL, &r), 2);
	assert_int_equal(r.m[0].off, 2);
	assert_int_equal(r.m[0].len, 4);
	assert_string_equal(r.m[0].pattern, "oops");
	assert_int_equal(r.m[1].off, 10);
	assert_int_equal(r.m[1].len, 11);
	blame_result_release(&r);
	/* an empty list disables the phrases; names still count */
	const char *const none[] = { NULL };
	const char *const names[] = { "carol", NULL };
	assert_int_equal(blame_check("fault of Carol", none, names, &r), 1);
	assert_int_equal(r.m[0].off, 9);
	blame_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(blame__clean_text_has_no_hits),
		cmocka_unit_test(blame__phrases_and_names),
		cmocka_unit_test(blame__positions_and_custom_patterns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
