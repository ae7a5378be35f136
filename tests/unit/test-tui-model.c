/*
 * test-tui-model.c - the console's models without a terminal: the line
 * editor's buffer (typing, the cursor, the erase keys, UTF-8 in and
 * out, one-line purposes, Esc asking before losing text), the key
 * lookup (the same key is a different action in each place, a key given
 * in the config wins, Enter's three codes) and a list's selection (moves
 * stop at the ends, a page is the rows over the rows per entry, a click
 * past the last entry selects nothing) and the pane table (a full row
 * per view).  No curses screen is opened.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

static void type(struct edit *e, const char *s)
{
	for (; *s; s++)
		assert_int_equal(edit_key(e, (unsigned char)*s), EDIT_GOING);
}

static void assert_text(const struct edit *e, const char *want)
{
	char *s = edit_text(e);

	assert_string_equal(s, want);
	free(s);
}

static void tui__edit_typing_and_cursor(void **state)
{
	struct edit e = { 0 };

	(void)state;
	edit_begin(&e, EDIT_NOTE);
	type(&e, "db is down");
	assert_int_equal(e.cur, 10);
	edit_key(&e, KEY_FN | KEY_HOME);
	type(&e, "the ");
	assert_text(&e, "the db is down");
	edit_key(&e, KEY_FN | KEY_END);
	edit_key(&e, KEY_FN | KEY_LEFT);
	edit_key(&e, KEY_FN | KEY_BACKSPACE);
	assert_text(&e, "the db is don");
	edit_key(&e, KEY_FN | KEY_DC);
	assert_text(&e, "the db is do");
	assert_int_equal(edit_key(&e, '\r'), EDIT_DONE);
	edit_end(&e);
	free(e.s); /* the editor keeps its buffers for reuse */
	free(e.clean);
}

static void tui__edit_erase_word_and_line(void **state)
{
	struct edit e = { 0 };

	(void)state;
	edit_begin(&e, EDIT_NOTE);
	type(&e, "restart the pods  ");
	edit_key(&e, CTRL('w'));
	assert_text(&e, "restart the ");
	edit_key(&e, CTRL('w'));
	assert_text(&e, "restart ");
	edit_key(&e, CTRL('u'));
	assert_text(&e, "");
	assert_int_equal(e.cur, 0);
	edit_key(&e, CTRL('u')); /* nothing left to cut: no change */
	assert_int_equal(e.len, 0);
	edit_end(&e);
	free(e.s); /* the editor keeps its buffers for reuse */
	free(e.clean);
}

static void tui__edit_utf8_kept_and_one_line_purposes(void **state)
{
	struct edit e = { 0 };
	const char bad[] = "caf\xc3\xa9 \xff\n2";

	(void)state;
	edit_begin(&e, EDIT_NOTE);
	assert_true(edit_insert_utf8(&e, bad, sizeof bad - 1));
	assert_text(&e, "caf\xc3\xa9 \n2"); /* the invalid byte dropped */
	assert_int_equal(edit_lines(&e), 2);
	edit_end(&e);
	edit_begin(&e, EDIT_SEARCH);
	assert_true(edit_insert_utf8(&e, "a\nb", 3));
	assert_text(&e, "a b"); /* one line by nature */
	assert_int_equal(edit_lines(&e), 1);
	edit_end(&e);
	free(e.s); /* the editor keeps its buffers for reuse */
	free(e.clean);
}

static void tui__edit_esc_asks_before_losing_a_note(void **state)
{
	struct edit e = { 0 };

	(void)state;
	edit_begin(&e, EDIT_NOTE);
	assert_int_equal(edit_key(&e, 27), EDIT_CANCEL); /* nothing typed */
	edit_begin(&e, EDIT_NOTE);
	type(&e, "x");
	assert_int_equal(edit_key(&e, 27), EDIT_GOING);
	assert_true(e.confirm);
	assert_int_equal(edit_key(&e, 'n'), EDIT_GOING); /* kept */
	assert_text(&e, "x");
	assert_int_equal(edit_key(&e, 27), EDIT_GOING);
	assert_int_equal(edit_key(&e, 'y'), EDIT_CANCEL);
	edit_end(&e);
	edit_begin(&e, EDIT_TITLE); /* one line: Esc never asks */
	type(&e, "x");
	assert_int_equal(edit_key(&e, 27), EDIT_CANCEL);
	edit_end(&e);
	edit_begin(&e, EDIT_DRAFT); /* a saved draft unchanged: no question */
	type(&e, "sent");
	edit_mark_clean(&e);
	assert_int_equal(edit_key(&e, 27), EDIT_CANCEL);
	edit_end(&e);
	free(e.s); /* the editor keeps its buffers for reuse */
	free(e.clean);
}

static void tui__edit_refuses_control_characters(void **state)
{
	struct edit e = { 0 };

	(void)state;
	edit_begin(&e, EDIT_NOTE);
	edit_key(&e, 0xe9);   /* e acute: a character, stored */
	edit_key(&e, 0x85);   /* C1 control: refused */
	edit_key(&e, KEY_FN | KEY_F(1)); /* a function key: not text */
	edit_key(&e, 0x07);   /* BEL: refused */
	assert_int_equal(e.len, 1);
	assert_int_equal(e.s[0], 0xe9);
	edit_key(&e, 0x7f);   /* DEL erases, never stored */
	assert_int_equal(e.len, 0);
	edit_end(&e);
	free(e.s); /* the editor keeps its buffers for reuse */
	free(e.clean);
}

static void tui__keys_differ_by_place(void **state)
{
	(void)state;
	actions_init(NULL);
	assert_int_equal(actions_lookup('j', W_TIMELINE), ACT_DOWN);
	assert_int_equal(actions_lookup(KEY_FN | KEY_DOWN, W_PICKER), ACT_DOWN);
	assert_int_equal(actions_lookup('a', W_FIXES), ACT_FIX_ADD);
	assert_int_equal(actions_lookup('a', W_ACTIONS), ACT_ITEM_ADD);
	assert_int_equal(actions_lookup('a', W_PICKER), ACT_FILTER_STATUS);
	assert_int_equal(actions_lookup('a', W_CHECKLIST), ACT_NONE);
	assert_int_equal(actions_lookup('n', W_PICKER), ACT_DECLARE);
	assert_int_equal(actions_lookup('n', W_INCIDENT | W_TIMELINE), ACT_NOTE);
	/* Enter is three codes */
	assert_int_equal(actions_lookup('\r', W_PICKER), ACT_OPEN);
	assert_int_equal(actions_lookup('\n', W_PICKER), ACT_OPEN);
	assert_int_equal(actions_lookup(KEY_FN | KEY_ENTER, W_PICKER), ACT_OPEN);
	assert_int_equal(actions_lookup(CTRL('c'), W_INCIDENT), ACT_QUIT);
	assert_int_equal(actions_lookup('Z', W_INCIDENT | W_LISTS), ACT_NONE);
	assert_true(actions_flags(ACT_NOTE) & ACTF_MUTATES);
	assert_false(actions_flags(ACT_DOWN) & ACTF_MUTATES);
}

static void tui__keys_from_the_config_win(void **state)
{
	struct config cfg;

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	cfg.keys[KEYACT_NOTE] = "a C-n";
	actions_init(&cfg);
	/* a, the note's key now, wins over the fixes pane's own a */
	assert_int_equal(actions_lookup('a', W_INCIDENT | W_FIXES), ACT_NOTE);
	assert_int_equal(actions_lookup(CTRL('n'), W_INCIDENT), ACT_NOTE);
	assert_int_equal(actions_lookup('n', W_INCIDENT), ACT_NONE);
	/* where the note does not work, the place's key still does */
	assert_int_equal(actions_lookup('a', W_PICKER), ACT_FILTER_STATUS);
	actions_init(NULL);
	assert_int_equal(actions_lookup('n', W_INCIDENT), ACT_NOTE);
}

static void tui__list_moves_stop_at_the_ends(void **state)
{
	size_t sel = 0;

	(void)state;
	assert_true(list_move(&sel, 5, ACT_UP, 10, 2));
	assert_int_equal(sel, 0);
	assert_true(list_move(&sel, 5, ACT_DOWN, 10, 2));
	assert_int_equal(sel, 1);
	assert_true(list_move(&sel, 5, ACT_PGDN, 10, 2)); /* 10 rows / 2 = 5 */
	assert_int_equal(sel, 4);
	assert_true(list_move(&sel, 5, ACT_DOWN, 10, 2));
	assert_int_equal(sel, 4);
	assert_true(list_move(&sel, 5, ACT_TOP, 10, 2));
	assert_int_equal(sel, 0);
	assert_true(list_move(&sel, 5, ACT_BOTTOM, 10, 2));
	assert_int_equal(sel, 4);
	assert_true(list_move(&sel, 20, ACT_PGUP, 6, 2)); /* a page of 3 */
	assert_int_equal(sel, 1);
	assert_false(list_move(&sel, 20, ACT_NOTE, 6, 2));
	assert_int_equal(sel, 1);
	sel = 0;
	assert_true(list_move(&sel, 0, ACT_BOTTOM, 6, 2)); /* empty: stays 0 */
	assert_int_equal(sel, 0);
}

static void tui__list_click_selects_the_entry_under_it(void **state)
{
	size_t sel = 0;

	(void)state;
	assert_true(list_click(&sel, 3, 10, 5, 2)); /* row 5: 3rd entry shown */
	assert_int_equal(sel, 5);
	assert_false(list_click(&sel, 3, 10, 14, 2)); /* past the last */
	assert_int_equal(sel, 5);
	assert_false(list_click(&sel, 0, 10, -1, 2));
	assert_int_equal(sel, 5);
}

/* The pane table has a full row per view: the loop calls through it
 * without checking (a click is the one operation a pane may lack). */
static void tui__every_pane_has_its_operations(void **state)
{
	(void)state;
	for (int v = 0; v < V_COUNT; v++) {
		const struct pane_ops *p = &pane_table[v];

		assert_non_null(p->name);
		assert_non_null(p->load);
		assert_non_null(p->release);
		assert_non_null(p->draw);
		assert_non_null(p->key);
	}
	assert_string_equal(pane_table[V_TIMELINE].name, "Timeline");
	assert_true(pane_table[V_CHECKLIST].always); /* the gate names it */
	assert_false(pane_table[V_COMMS].always);    /* read only when shown */
	assert_false(pane_table[V_POSTMORTEM].always);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tui__edit_typing_and_cursor),
		cmocka_unit_test(tui__edit_erase_word_and_line),
		cmocka_unit_test(tui__edit_utf8_kept_and_one_line_purposes),
		cmocka_unit_test(tui__edit_esc_asks_before_losing_a_note),
		cmocka_unit_test(tui__edit_refuses_control_characters),
		cmocka_unit_test(tui__keys_differ_by_place),
		cmocka_unit_test(tui__keys_from_the_config_win),
		cmocka_unit_test(tui__list_moves_stop_at_the_ends),
		cmocka_unit_test(tui__list_click_selects_the_entry_under_it),
		cmocka_unit_test(tui__every_pane_has_its_operations),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
