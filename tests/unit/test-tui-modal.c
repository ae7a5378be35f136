/*
 * test-tui-modal.c - the console's stack of modals without a terminal:
 * opening pushes in order and closing from the middle keeps the rest in
 * order, each modal's close runs once; the top gets a key first, a key
 * it does not take goes to the one under it and a key none takes is
 * left to the actions table; a modal of the kind on top is updated in
 * place; a full stack refuses one more; closing a box over the editor
 * gives the keys back to the editor with its text, and a box's answer
 * can open the editor in its place; inside a paste every key is text,
 * even with a box opened over it meanwhile.
 * No curses screen is opened: nothing here is drawn.
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

#include "calm/buf.h"

/* What the test modals saw, in order: "A:x" a key x reached A, "A-" A
 * was closed. */
static char seen[256];

static void note(const char *name, const char *what)
{
	strncat(seen, name, sizeof seen - strlen(seen) - 1);
	strncat(seen, what, sizeof seen - strlen(seen) - 1);
	strncat(seen, " ", sizeof seen - strlen(seen) - 1);
}

/* Takes every key but 'p' and '?', which B and C pass down; 'c' closes
 * it. */
static bool test_key(struct tui *t, struct modal *m, int key)
{
	char k[4] = { ':', (char)key, '\0' };

	if ((key == 'p' || key == '?') && strcmp(m->ops->name, "A") != 0)
		return false;
	note(m->ops->name, k);
	if (key == 'c')
		modal_close(t, m->ops);
	return true;
}

static void test_close(struct tui *t, struct modal *m)
{
	(void)t;
	note(m->ops->name, "-");
}

static const struct modal_ops mod_a = { .name = "A", .key = test_key, .close = test_close };
static const struct modal_ops mod_b = { .name = "B", .key = test_key, .close = test_close };
static const struct modal_ops mod_c = { .name = "C", .key = test_key, .close = test_close };

static struct tui *new_tui(void)
{
	struct tui *t = calloc(1, sizeof *t);

	assert_non_null(t);
	t->W = 80;
	t->H = 12;
	seen[0] = '\0';
	return t;
}

static void free_tui(struct tui *t)
{
	modal_clear(t);
	free(t->ed.s);
	free(t->ed.clean);
	free(t->paste);
	free(t);
}

static void assert_editor_text(const struct tui *t, const char *want)
{
	char *s = edit_text(&t->ed);

	assert_string_equal(s, want);
	free(s);
}

static void tui_modal__push_and_pop_keep_the_order(void **state)
{
	struct tui *t = new_tui();

	(void)state;
	assert_null(modal_top(t));
	modal_open(t, &mod_a, "a", NULL);
	modal_open(t, &mod_b, "b", NULL);
	modal_open(t, &mod_c, "c", NULL);
	assert_int_equal(t->nmodal, 3);
	assert_ptr_equal(modal_top(t)->ops, &mod_c);
	assert_true(modal_close(t, &mod_b)); /* from the middle */
	assert_string_equal(seen, "B- ");
	assert_int_equal(t->nmodal, 2);
	assert_ptr_equal(t->modals[0].ops, &mod_a);
	assert_ptr_equal(t->modals[1].ops, &mod_c);
	assert_string_equal(t->modals[0].title, "a");
	assert_string_equal(t->modals[1].title, "c");
	assert_false(modal_close(t, &mod_b)); /* not open any more */
	modal_clear(t); /* top first */
	assert_string_equal(seen, "B- C- A- ");
	assert_null(modal_top(t));
	free_tui(t);
}

static void tui_modal__the_top_gets_the_key_first(void **state)
{
	struct tui *t = new_tui();

	(void)state;
	modal_open(t, &mod_a, NULL, NULL);
	modal_open(t, &mod_b, NULL, NULL);
	assert_true(modal_key(t, 'x'));
	assert_string_equal(seen, "B:x "); /* A never saw it */
	seen[0] = '\0';
	assert_true(modal_key(t, 'p')); /* B passes p down: A takes it */
	assert_string_equal(seen, "A:p ");
	free_tui(t);
}

static void tui_modal__a_key_none_takes_goes_to_the_actions(void **state)
{
	struct tui *t = new_tui();

	(void)state;
	assert_false(modal_key(t, 'x')); /* nothing open */
	modal_open(t, &mod_b, NULL, NULL);
	modal_open(t, &mod_c, NULL, NULL);
	seen[0] = '\0';
	/* p: neither takes it, so input_key looks it up in the actions */
	assert_false(modal_key(t, 'p'));
	assert_string_equal(seen, "");
	/* ... where ? is the help: it opens over the two */
	input_key(t, '?');
	assert_string_equal(seen, "");
	assert_int_equal(t->nmodal, 3);
	assert_ptr_equal(modal_top(t)->ops, &help_modal);
	free_tui(t);
}

static void tui_modal__close_returns_to_the_parent(void **state)
{
	struct tui *t = new_tui();

	(void)state;
	modal_open(t, &mod_a, NULL, NULL);
	modal_open(t, &mod_b, NULL, NULL);
	assert_true(modal_key(t, 'c')); /* B closes itself */
	assert_string_equal(seen, "B:c B- ");
	seen[0] = '\0';
	assert_true(modal_key(t, 'y'));
	assert_string_equal(seen, "A:y ");
	assert_int_equal(t->nmodal, 1);
	free_tui(t);
}

static void tui_modal__the_same_kind_on_top_is_updated_in_place(void **state)
{
	struct tui *t = new_tui();
	struct modal *m;

	(void)state;
	m = modal_open(t, &mod_a, "first", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12");
	assert_non_null(m);
	prompt_scroll(t, m, 3);
	assert_int_equal(m->top, 3);
	assert_ptr_equal(modal_open(t, &mod_a, "again", "x"), m);
	assert_int_equal(t->nmodal, 1);
	assert_string_equal(m->title, "again");
	assert_int_equal(m->top, 0); /* shown from its first line */
	assert_string_equal(seen, ""); /* not closed: updated */
	free_tui(t);
}

static void tui_modal__a_full_stack_refuses_one_more(void **state)
{
	struct tui *t = new_tui();

	(void)state;
	for (int i = 0; i < MODAL_MAX; i++)
		assert_non_null(modal_open(t, i % 2 ? &mod_a : &mod_b, NULL, NULL));
	assert_null(modal_open(t, &mod_c, NULL, NULL));
	assert_int_equal(t->nmodal, MODAL_MAX);
	assert_true(t->status_warn);
	assert_non_null(strstr(t->status, "too many"));
	free_tui(t);
}

/* The help over the editor: it scrolls on j, closes on another key, and
 * the editor has its text and the keys again. */
static void tui_modal__a_box_over_the_editor_gives_it_back(void **state)
{
	struct tui *t = new_tui();
	struct buf body = BUF_INIT;

	(void)state;
	tui_edit_begin(t, EDIT_NOTE);
	for (const char *s = "db is down"; *s; s++)
		input_key(t, (unsigned char)*s);
	for (int i = 0; i < 40; i++)
		buf_addf(&body, "line %d\n", i);
	modal_open(t, &help_modal, "Keys", buf_cstr(&body));
	buf_release(&body);
	input_key(t, 'j'); /* the help's: scrolls, not typed */
	assert_ptr_equal(modal_top(t)->ops, &help_modal);
	assert_int_equal(modal_top(t)->top, 1);
	assert_editor_text(t, "db is down");
	input_key(t, 'x'); /* closes the help, typed nowhere */
	assert_ptr_equal(modal_top(t)->ops, &edit_modal);
	assert_int_equal(t->nmodal, 1);
	assert_editor_text(t, "db is down");
	input_key(t, '!');
	assert_editor_text(t, "db is down!");
	input_key(t, 27); /* Esc on a typed note asks first */
	input_key(t, 'y');
	assert_false(t->ed.open);
	assert_null(modal_top(t)); /* the editor closed: its modal popped */
	free_tui(t);
}

/* o in the closed gate's box: the box goes, the editor takes its place. */
static void tui_modal__the_gate_box_opens_the_override_editor(void **state)
{
	struct tui *t = new_tui();

	(void)state;
	modal_open(t, &gate_modal, "Stage 1/3 Triage is not done yet", "Still missing:");
	input_key(t, 'o');
	assert_int_equal(t->nmodal, 1);
	assert_ptr_equal(modal_top(t)->ops, &edit_modal);
	assert_true(t->ed.open);
	assert_int_equal(t->ed.purpose, EDIT_OVERRIDE);
	free_tui(t);
}

/* Inside a paste, q (quit) is text; its end puts it in a new note. */
static void tui_modal__a_paste_takes_every_key(void **state)
{
	struct tui *t = new_tui();

	(void)state;
	input_key(t, KEY_PASTE_BEGIN);
	assert_ptr_equal(modal_top(t)->ops, &paste_modal);
	input_key(t, 'q');
	input_key(t, '?');
	assert_false(t->quit);
	assert_int_equal(t->nmodal, 1); /* no help box either */
	input_key(t, KEY_PASTE_END);
	assert_false(t->pasting);
	assert_ptr_equal(modal_top(t)->ops, &edit_modal);
	assert_editor_text(t, "q?");
	free_tui(t);
}

/* A box the clock opens mid-paste (the database gone) waits: the rest
 * of the paste is still text, and then the box answers keys. */
static void tui_modal__a_box_opened_mid_paste_waits_for_its_end(void **state)
{
	struct tui *t = new_tui();

	(void)state;
	tui_edit_begin(t, EDIT_NOTE);
	input_key(t, KEY_PASTE_BEGIN);
	input_key(t, 'a');
	modal_open(t, &info_modal, "The database file is gone", "r puts it back");
	input_key(t, 'b');
	assert_ptr_equal(modal_top(t)->ops, &info_modal); /* not answered by b */
	input_key(t, KEY_PASTE_END);
	assert_editor_text(t, "ab");
	assert_int_equal(t->nmodal, 2);
	input_key(t, 'x'); /* the box's now */
	assert_ptr_equal(modal_top(t)->ops, &edit_modal);
	assert_editor_text(t, "ab");
	free_tui(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tui_modal__push_and_pop_keep_the_order),
		cmocka_unit_test(tui_modal__the_top_gets_the_key_first),
		cmocka_unit_test(tui_modal__a_key_none_takes_goes_to_the_actions),
		cmocka_unit_test(tui_modal__close_returns_to_the_parent),
		cmocka_unit_test(tui_modal__the_same_kind_on_top_is_updated_in_place),
		cmocka_unit_test(tui_modal__a_full_stack_refuses_one_more),
		cmocka_unit_test(tui_modal__a_box_over_the_editor_gives_it_back),
		cmocka_unit_test(tui_modal__the_gate_box_opens_the_override_editor),
		cmocka_unit_test(tui_modal__a_paste_takes_every_key),
		cmocka_unit_test(tui_modal__a_box_opened_mid_paste_waits_for_its_end),
	};

	setlocale(LC_ALL, "C.UTF-8");
	actions_init(NULL); /* the default keys: ? help, q quit... as the console binds them */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
