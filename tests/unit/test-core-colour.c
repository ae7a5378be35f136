/*
 * test-core-colour.c - colours as themes write them and the nearest
 * colour a terminal shows (colour.c), and a role's colour at each depth
 * with explicit fallbacks (theme_style_colour).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "calm/theme.h"

static int parse(const char *s)
{
	int c = 12345;

	assert_true(colour_parse(s, &c));
	return c;
}

static void colour__parse_forms(void **state)
{
	(void)state;
	assert_int_equal(parse("default"), COLOUR_DEFAULT);
	assert_int_equal(parse("black"), 0);
	assert_int_equal(parse("white"), 7);
	assert_int_equal(parse("brightred"), 9);
	assert_int_equal(parse("brightwhite"), 15);
	assert_int_equal(parse("0"), 0);
	assert_int_equal(parse("196"), 196);
	assert_int_equal(parse("255"), 255);
	assert_int_equal(parse("#ff0000"), COLOUR_RGB(255, 0, 0));
	assert_int_equal(parse("#D75F00"), COLOUR_RGB(0xd7, 0x5f, 0x00));
	assert_true(COLOUR_IS_RGB(parse("#000000")));
}

static void colour__parse_refuses(void **state)
{
	const char *bad[] = { "", "256", "-1", "007", "1000", "#fff", "#ff00001",
			      "#gg0000", "Red", "bright-red", "grey", "0x10", NULL };
	int c;

	(void)state;
	for (int i = 0; bad[i]; i++) {
		if (colour_parse(bad[i], &c))
			fail_msg("'%s' parsed", bad[i]);
	}
	assert_false(colour_parse(NULL, &c));
}

static void colour__format_round_trip(void **state)
{
	const char *in[] = { "default", "red", "brightcyan", "16", "231", "#d75f00", NULL };
	char buf[32];

	(void)state;
	for (int i = 0; in[i]; i++) {
		colour_format(parse(in[i]), buf, sizeof buf);
		assert_string_equal(buf, in[i]);
	}
}

static void colour__palette(void **state)
{
	(void)state;
	assert_int_equal(colour_index_rgb(1), 0xcd0000);
	assert_int_equal(colour_index_rgb(9), 0xff0000);
	assert_int_equal(colour_index_rgb(16), 0x000000);
	assert_int_equal(colour_index_rgb(196), 0xff0000);
	assert_int_equal(colour_index_rgb(166), 0xd75f00);
	assert_int_equal(colour_index_rgb(231), 0xffffff);
	assert_int_equal(colour_index_rgb(232), 0x080808);
	assert_int_equal(colour_index_rgb(255), 0xeeeeee);
}

/* #ff0000: 196 in 256, bright red in 16, red in 8 */
static void colour__fit_red(void **state)
{
	int red = COLOUR_RGB(255, 0, 0);

	(void)state;
	assert_int_equal(colour_fit(red, DEPTH_TRUE), red);
	assert_int_equal(colour_fit(red, DEPTH_256), 196);
	assert_int_equal(colour_fit(red, DEPTH_16), 9);
	assert_int_equal(colour_fit(red, DEPTH_8), 1);
	assert_int_equal(colour_fit(red, DEPTH_MONO), COLOUR_DEFAULT);
}

static void colour__fit_nearest(void **state)
{
	(void)state;
	/* Solarized orange and base03 to the cube and greys */
	assert_int_equal(colour_fit(COLOUR_RGB(0xd7, 0x5f, 0x00), DEPTH_256), 166);
	assert_int_equal(colour_fit(COLOUR_RGB(0x80, 0x80, 0x80), DEPTH_256), 244);
	/* an RGB colour never lands on 0-15 in 256 (the user's scheme) */
	assert_int_equal(colour_fit(COLOUR_RGB(0, 0, 0), DEPTH_256), 16);
	/* 256 indexes down to 16 and 8 */
	assert_int_equal(colour_fit(196, DEPTH_16), 9);
	assert_int_equal(colour_fit(196, DEPTH_8), 1);
	assert_int_equal(colour_fit(21, DEPTH_16), 4); /* #0000ff: xterm blue is #0000ee */
	assert_int_equal(colour_fit(21, DEPTH_8), 4);
	assert_int_equal(colour_fit(231, DEPTH_8), 7);
	/* the 16 keep their index where they exist */
	assert_int_equal(colour_fit(9, DEPTH_256), 9);
	assert_int_equal(colour_fit(9, DEPTH_16), 9);
	assert_int_equal(colour_fit(9, DEPTH_8), 1);
	assert_int_equal(colour_fit(8, DEPTH_8), 7); /* grey: nearer white than black */
	assert_int_equal(colour_fit(3, DEPTH_8), 3);
	assert_int_equal(colour_fit(COLOUR_DEFAULT, DEPTH_8), COLOUR_DEFAULT);
}

/* direct colour reads 8 and up as 0xrrggbb: indexes become RGB */
static void colour__fit_true(void **state)
{
	(void)state;
	assert_int_equal(colour_fit(3, DEPTH_TRUE), 3);
	assert_int_equal(colour_fit(9, DEPTH_TRUE), COLOUR_RGB(255, 0, 0));
	assert_int_equal(colour_fit(166, DEPTH_TRUE), COLOUR_RGB(0xd7, 0x5f, 0));
}

static void theme__style_fallbacks(void **state)
{
	struct theme_style s;

	(void)state;
	theme_style_plain(&s);
	for (int d = DEPTH_MONO; d < DEPTH_COUNT; d++) {
		assert_int_equal(theme_style_colour(&s, false, d), COLOUR_DEFAULT);
		assert_int_equal(theme_style_colour(&s, true, d), COLOUR_DEFAULT);
	}
	/* fg: "#d75f00" with fg16: yellow */
	s.fg[DEPTH_TRUE] = COLOUR_RGB(0xd7, 0x5f, 0x00);
	s.fg[DEPTH_16] = 3;
	assert_int_equal(theme_style_colour(&s, false, DEPTH_TRUE), COLOUR_RGB(0xd7, 0x5f, 0));
	assert_int_equal(theme_style_colour(&s, false, DEPTH_256), 166);
	assert_int_equal(theme_style_colour(&s, false, DEPTH_16), 3);
	assert_int_equal(theme_style_colour(&s, false, DEPTH_8), 3); /* from fg16 */
	assert_int_equal(theme_style_colour(&s, false, DEPTH_MONO), COLOUR_DEFAULT);
	/* an explicit 8 wins over the 16 */
	s.fg[DEPTH_8] = 1;
	assert_int_equal(theme_style_colour(&s, false, DEPTH_8), 1);
}

static void theme__names(void **state)
{
	(void)state;
	assert_int_equal(theme_role_parse("title"), ROLE_TITLE);
	assert_int_equal(theme_role_parse("kind_system"), ROLE_KIND_SYSTEM);
	assert_int_equal(theme_role_parse("titel"), -1);
	assert_string_equal(theme_role_help(ROLE_TITLE), "the title bar");
	assert_null(theme_role_help(ROLE_COUNT));
	assert_int_equal(theme_attr_parse("bold"), THEME_BOLD);
	assert_int_equal(theme_attr_parse("italic"), THEME_ITALIC);
	assert_int_equal(theme_attr_parse("blink"), 0);
	assert_int_equal(theme_attr_parse(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(colour__parse_forms),
		cmocka_unit_test(colour__parse_refuses),
		cmocka_unit_test(colour__format_round_trip),
		cmocka_unit_test(colour__palette),
		cmocka_unit_test(colour__fit_red),
		cmocka_unit_test(colour__fit_nearest),
		cmocka_unit_test(colour__fit_true),
		cmocka_unit_test(theme__style_fallbacks),
		cmocka_unit_test(theme__names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
