/*
 * test-core.c - the stage machine, every gate kind, fields and the
 * text sanitiser: pure functions, no database, no terminal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/field.h"
#include "calm/gate.h"
#include "calm/model.h"
#include "calm/playbook.h"
#include "calm/text.h"

/* A playbook of three stages built by hand:
 *   one: checklist a (required), b (optional); gate checklist_complete
 *   two: gate min_notes 2, comms_sent external, field_set cause
 *   three: gate fix_outcome, min_actions 1, exported
 */
static struct playbook *test_playbook(void)
{
	struct playbook *pb = xcalloc(1, sizeof *pb);
	struct stage *s;

	pb->name = xstrdup("test");
	pb->source = xstrdup("test");
	pb->nstages = 3;
	pb->stages = xcalloc(3, sizeof *pb->stages);
	const char *ids[] = { "one", "two", "three" };
	for (int i = 0; i < 3; i++) {
		pb->stages[i].id = xstrdup(ids[i]);
		pb->stages[i].title = xstrdup(ids[i]);
		pb->stages[i].guidance = xstrdup("breathe");
		pb->stages[i].audience = -1;
	}
	s = &pb->stages[0];
	s->nitems = 2;
	s->items = xcalloc(2, sizeof *s->items);
	s->items[0] = (struct check_item){ xstrdup("a"), xstrdup("do a"), true };
	s->items[1] = (struct check_item){ xstrdup("b"), xstrdup("do b"), false };
	s->ngate = 1;
	s->gate = xcalloc(1, sizeof *s->gate);
	s->gate[0].kind = CRIT_CHECKLIST;

	s = &pb->stages[1];
	s->ngate = 3;
	s->gate = xcalloc(3, sizeof *s->gate);
	s->gate[0] = (struct criterion){ .kind = CRIT_MIN_NOTES, .n = 2 };
	s->gate[1] = (struct criterion){ .kind = CRIT_COMMS_SENT, .audience = AUD_EXTERNAL };
	s->gate[2] = (struct criterion){ .kind = CRIT_FIELD_SET, .field = xstrdup("cause") };

	s = &pb->stages[2];
	s->ngate = 3;
	s->gate = xcalloc(3, sizeof *s->gate);
	s->gate[0] = (struct criterion){ .kind = CRIT_FIX_OUTCOME };
	s->gate[1] = (struct criterion){ .kind = CRIT_MIN_ACTIONS, .n = 1 };
	s->gate[2] = (struct criterion){ .kind = CRIT_EXPORTED };
	return pb;
}

static int setup(void **state)
{
	*state = test_playbook();
	return 0;
}

static int teardown(void **state)
{
	playbook_free(*state);
	return 0;
}

static void core__checklist_gate_needs_required_items_only(void **state)
{
	struct playbook *pb = *state;
	struct gate_item items[2] = {
		{ "a", "do a", true, false },
		{ "b", "do b", false, false },
	};
	struct gate_facts f = { .items = items, .nitems = 2 };
	struct gate_report r;

	gate_check(pb, 0, &f, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.nunmet, 1);
	assert_string_equal(r.status[0].text,
			    "required checklist items ticked (not yet: 'do a')");
	gate_report_release(&r);

	items[0].checked = true; /* b is optional: stays unticked */
	gate_check(pb, 0, &f, &r);
	assert_int_equal(r.nunmet, 0);
	assert_true(r.status[0].met);
	assert_string_equal(r.status[0].text, "required checklist items ticked");
	gate_report_release(&r);
}

static void core__notes_comms_field_gates(void **state)
{
	struct playbook *pb = *state;
	const char *fields[] = { "impact" };
	struct gate_facts f = { .notes = 1, .fields_set = fields, .nfields_set = 1 };
	struct gate_report r;
	char unmet[512];

	f.comms_sent[AUD_INTERNAL] = true; /* the wrong audience */
	gate_check(pb, 1, &f, &r);
	assert_int_equal(r.nunmet, 3);
	gate_report_unmet(&r, unmet, sizeof unmet);
	assert_string_equal(unmet,
			    "at least 2 notes in the timeline (1 so far); "
			    "an external update marked sent; field 'cause' set");
	gate_report_release(&r);

	const char *fields2[] = { "impact", "cause" };
	f.notes = 2;
	f.comms_sent[AUD_EXTERNAL] = true;
	f.fields_set = fields2;
	f.nfields_set = 2;
	gate_check(pb, 1, &f, &r);
	assert_int_equal(r.nunmet, 0);
	gate_report_release(&r);
}

static void core__fix_actions_export_gates(void **state)
{
	struct playbook *pb = *state;
	struct gate_facts f = { 0 };
	struct gate_report r;

	gate_check(pb, 2, &f, &r);
	assert_int_equal(r.nunmet, 3);
	assert_string_equal(r.status[0].text,
			    "a fix that worked (or partly), or 'no fix possible' declared");
	assert_string_equal(r.status[1].text, "at least 1 action item (0 so far)");
	assert_string_equal(r.status[2].text, "postmortem exported");
	gate_report_release(&r);

	f.no_fix = true; /* the data-loss path satisfies the fix gate */
	f.actions = 1;
	f.exported = true;
	gate_check(pb, 2, &f, &r);
	assert_int_equal(r.nunmet, 0);
	gate_report_release(&r);

	/* attempts that failed or were rolled back do not meet it: the
	 * routine moves on once something worked, or nothing can */
	f.no_fix = false;
	f.fixes_failed = 2;
	gate_check(pb, 2, &f, &r);
	assert_false(r.status[0].met);
	assert_string_equal(r.status[0].text,
			    "a fix that worked (or partly), or 'no fix possible' declared "
			    "(2 tried, none worked yet)");
	gate_report_release(&r);
	f.fixes_worked = 1;
	gate_check(pb, 2, &f, &r);
	assert_true(r.status[0].met);
	assert_string_equal(r.status[0].text,
			    "a fix that worked (or partly), or 'no fix possible' declared");
	gate_report_release(&r);
}

static void core__advance_refuses_closed_gate(void **state)
{
	struct playbook *pb = *state;
	struct gate_item items[1] = { { "a", "do a", true, false } };
	struct gate_facts f = { .items = items, .nitems = 1 };
	struct gate_report r;
	struct stage_move mv;
	struct calm_err err = { 0 };

	gate_check(pb, 0, &f, &r);
	assert_int_equal(stage_advance(pb, 0, false, &r, NULL, &mv, &err), CALM_GATE);
	assert_string_equal(err.msg, "stage 'one' is not done: 1 of 1 criterion unmet");
	calm_err_clear(&err);
	/* a blank reason is no reason */
	assert_int_equal(stage_advance(pb, 0, false, &r, "  \t", &mv, &err), CALM_USAGE);
	assert_string_equal(err.msg, "an override needs a reason");
	calm_err_clear(&err);
	assert_int_equal(stage_advance(pb, 0, false, &r, "customers first", &mv, &err), CALM_OK);
	assert_true(mv.overridden);
	assert_int_equal(mv.from, 0);
	assert_int_equal(mv.to, 1);
	assert_false(mv.closes);
	gate_report_release(&r);
}

static void core__advance_met_gate_moves_without_override(void **state)
{
	struct playbook *pb = *state;
	struct gate_item items[1] = { { "a", "do a", true, true } };
	struct gate_facts f = { .items = items, .nitems = 1 };
	struct gate_report r;
	struct stage_move mv;

	gate_check(pb, 0, &f, &r);
	assert_int_equal(stage_advance(pb, 0, false, &r, NULL, &mv, NULL), CALM_OK);
	assert_false(mv.overridden);
	assert_int_equal(mv.to, 1);
	gate_report_release(&r);
}

static void core__advance_from_last_stage_closes(void **state)
{
	struct playbook *pb = *state;
	struct gate_facts f = { .fixes_worked = 1, .actions = 2, .exported = true };
	struct gate_report r;
	struct stage_move mv;
	struct calm_err err = { 0 };

	gate_check(pb, 2, &f, &r);
	assert_int_equal(stage_advance(pb, 2, false, &r, NULL, &mv, &err), CALM_OK);
	assert_true(mv.closes);
	assert_int_equal(mv.from, 2);
	assert_int_equal(mv.to, 2);
	/* once closed, nothing moves */
	assert_int_equal(stage_advance(pb, 2, true, &r, NULL, &mv, &err), CALM_CLOSED);
	calm_err_clear(&err);
	assert_int_equal(stage_back(pb, 2, true, &mv, &err), CALM_CLOSED);
	gate_report_release(&r);
}

static void core__back_moves_one_stage_but_not_before_first(void **state)
{
	struct playbook *pb = *state;
	struct stage_move mv;
	struct calm_err err = { 0 };

	assert_int_equal(stage_back(pb, 2, false, &mv, &err), CALM_OK);
	assert_int_equal(mv.from, 2);
	assert_int_equal(mv.to, 1);
	assert_int_equal(stage_back(pb, 0, false, &mv, &err), CALM_GATE);
	assert_string_equal(err.msg, "already at the first stage");
}

static void core__stage_out_of_playbook_is_config_error(void **state)
{
	struct playbook *pb = *state;
	struct gate_report r = { 0 };
	struct stage_move mv;
	struct calm_err err = { 0 };

	assert_int_equal(stage_advance(pb, 7, false, &r, NULL, &mv, &err), CALM_CONFIG);
	assert_int_equal(playbook_stage_index(pb, "two"), 1);
	assert_int_equal(playbook_stage_index(pb, "nine"), -1);
	int st = -1;
	assert_non_null(playbook_find_item(pb, "b", &st));
	assert_int_equal(st, 0);
	assert_null(playbook_find_item(pb, "zz", NULL));
}

static void core__enum_names_round_trip(void **state)
{
	(void)state;
	for (int k = 0; k < CRIT_KIND_COUNT; k++)
		assert_int_equal(crit_kind_parse(crit_kind_name(k)), k);
	for (int a = 0; a < AUD_COUNT; a++)
		assert_int_equal(audience_parse(audience_name(a)), a);
	for (int p = 0; p < PANE_KIND_COUNT; p++)
		assert_int_equal(pane_kind_parse(pane_kind_name(p)), p);
	assert_int_equal(crit_kind_parse("min_note"), -1);
	assert_null(audience_name(AUD_COUNT));
}

static void core__field_validation(void **state)
{
	char out[64];
	struct calm_err err = { 0 };
	const long long now = 1769954700000LL; /* 2026-02-01T14:05:00Z */

	(void)state;
	assert_null(field_find("blame"));
	assert_int_equal(field_validate(field_find("severity"), "2", now, 0, out, sizeof out, &err), CALM_OK);
	assert_string_equal(out, "2");
	assert_int_equal(field_validate(field_find("severity"), "5", now, 0, out, sizeof out, &err), CALM_DATA);
	assert_string_equal(err.msg, "field 'severity': expected 1 to 4, got '5'");
	calm_err_clear(&err);
	assert_int_equal(field_validate(field_find("impact-start"), "2026-02-01 13:30", now, 0, out, sizeof out, &err), CALM_OK);
	assert_string_equal(out, "2026-02-01T13:30:00Z");
	assert_int_equal(field_validate(field_find("impact-start"), "2026-02-01T13:30:15Z", now, 0, out, sizeof out, &err), CALM_OK);
	assert_string_equal(out, "2026-02-01T13:30:15Z");
	assert_int_equal(field_validate(field_find("impact-start"), "now", now, 0, out, sizeof out, &err), CALM_OK);
	assert_string_equal(out, "2026-02-01T14:05:00Z");
	assert_int_equal(field_validate(field_find("impact-start"), "2026-02-31 10:00", now, 0, out, sizeof out, &err), CALM_DATA);
	assert_string_equal(err.msg, "field 'impact-start': no such date: 2026-02-31");
	calm_err_clear(&err);
	/* a bare time: the latest such moment not in the future */
	assert_int_equal(field_validate(field_find("impact-start"), "21:48", now, 0, out, sizeof out, &err), CALM_OK);
	assert_string_equal(out, "2026-01-31T21:48:00Z");
	assert_int_equal(field_validate(field_find("impact-start"), "13:48", now, 0, out, sizeof out, &err), CALM_OK);
	assert_string_equal(out, "2026-02-01T13:48:00Z");
	assert_int_equal(field_validate(field_find("impact-start"), "yesterday", now, 0, out, sizeof out, &err), CALM_DATA);
	assert_string_equal(err.msg,
			    "field 'impact-start': expected a time like 21:48, 2026-02-01 14:05 or now, got 'yesterday'");
	calm_err_clear(&err);
	assert_int_equal(field_validate(field_find("cause"), "\xff", now, 0, out, sizeof out, &err), CALM_DATA);
}

static void sanitized(const char *in, size_t len, unsigned flags, const char *want)
{
	struct buf b = BUF_INIT;

	text_sanitize(&b, in, len, flags);
	assert_string_equal(buf_cstr(&b), want);
	buf_release(&b);
	/* the console decodes as it sanitises, one character at a time: the
	 * same text, character by character */
	for (size_t i = 0; i < len;) {
		char rep[TEXT_REP_MAX], u[4];
		unsigned cp;
		size_t n = text_inert_next(in + i, len - i, flags, &cp, rep);

		assert_true(n >= 1 && n <= len - i);
		if (rep[0])
			buf_adds(&b, rep);
		else
			buf_add(&b, u, text_utf8_encode(cp, u));
		i += n;
	}
	assert_string_equal(buf_cstr(&b), want);
	buf_release(&b);
}

static void core__sanitize_renders_controls_inert(void **state)
{
	(void)state;
	sanitized("x\033[31mRED", 9, 0, "x^[[31mRED");
	sanitized("FAILED\rOK", 9, 0, "FAILED^MOK");
	sanitized("a\nb", 3, 0, "a^Jb");
	sanitized("a\nb", 3, TEXT_KEEP_NEWLINE, "a\nb");
	sanitized("a\tb", 3, 0, "a^Ib");
	sanitized("a\tb", 3, TEXT_TAB_SPACE, "a b");
	sanitized("\x7f", 1, 0, "^?");
	sanitized("\xc2\x9b" "2J", 4, 0, "<U+009B>2J");            /* C1 CSI */
	sanitized("abc\xe2\x80\xae" "cba", 9, 0, "abc<U+202E>cba"); /* RLO */
	sanitized("a\xe2\x80\x8b" "b", 5, 0, "a<U+200B>b");         /* ZWSP */
	sanitized("\xf3\xa0\x80\x81", 4, 0, "<U+E0001>");          /* tag */
	sanitized("bad\xff", 4, 0, "bad<FF>");
	sanitized("caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80", 14, 0,
		  "caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80");
	sanitized("", 0, 0, "");
	/* runs kept whole between what is changed, at either end too */
	sanitized("\033ab\tc\nd\x7f", 8, TEXT_KEEP_TAB, "^[ab\tc^Jd^?");
	sanitized("\tab\tc\n", 6, TEXT_TAB_SPACE | TEXT_KEEP_TAB | TEXT_KEEP_NEWLINE,
		  " ab c\n");
	sanitized("\xff\xfe", 2, 0, "<FF><FE>");
	struct buf b = BUF_INIT;

	buf_adds(&b, "kept ");
	text_sanitize(&b, "a\rb", 3, 0);
	text_sanitize(&b, " c", 2, 0);
	assert_string_equal(buf_cstr(&b), "kept a^Mb c");
	buf_release(&b);
}

static void core__utf8_validation(void **state)
{
	(void)state;
	assert_true(text_is_utf8("caf\xc3\xa9", 5));
	assert_false(text_is_utf8("\xc0\xaf", 2));         /* overlong '/' */
	assert_false(text_is_utf8("\xed\xa0\x80", 3));     /* surrogate */
	assert_false(text_is_utf8("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
	assert_false(text_is_utf8("a\0b", 3));             /* NUL */
	assert_false(text_is_utf8("\xe4\xb8", 2));         /* truncated */
	/* encode and decode agree at every length's edges */
	const unsigned cps[] = { 0x41, 0x7f, 0x80, 0x7ff, 0x800, 0xffff, 0x10000, 0x10ffff };
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		char u[4];
		unsigned back = 0;
		size_t n = text_utf8_encode(cps[i], u);
		assert_int_equal(n, i < 2 ? 1 : i < 4 ? 2 : i < 6 ? 3 : 4);
		assert_int_equal(text_utf8_decode(u, n, &back), n);
		assert_int_equal(back, cps[i]);
	}
}

static void core__buf_grows_and_trims(void **state)
{
	struct buf b = BUF_INIT;
	char s[] = "  spaced out \n";

	(void)state;
	assert_string_equal(buf_cstr(&b), "");
	for (int i = 0; i < 1000; i++)
		buf_addf(&b, "%d,", i % 10);
	assert_int_equal(b.len, 2000);
	assert_int_equal(strlen(b.s), 2000);
	buf_release(&b);
	assert_string_equal(text_trim(s), "spaced out");
}

/* The rules said once in core: when an action item and when an update
 * are overdue, and what makes a name. */
static void core__overdue_and_name_rules(void **state)
{
	char today[ACTION_DAY_LEN + 1];

	(void)state;
	action_today(1769954700000LL, today); /* 2026-02-01T14:05:00Z */
	assert_string_equal(today, "2026-02-01");
	assert_true(action_overdue("open", "2026-01-31", today));
	assert_false(action_overdue("open", "2026-02-01", today)); /* due today: not yet */
	assert_false(action_overdue("done", "2026-01-31", today));
	assert_false(action_overdue("open", NULL, today));
	assert_false(update_overdue(0, 5000));  /* no cadence: never due */
	assert_false(update_overdue(5000, 5000));
	assert_true(update_overdue(5000, 5001));
	assert_true(text_is_name("alice", 5));
	assert_false(text_is_name("", 0));
	assert_false(text_is_name("a\nb", 3));
	assert_true(text_is_name("0123456789012345678901234567890123456789012345678901234567890123", 64));
	assert_false(text_is_name("01234567890123456789012345678901234567890123456789012345678901234", 65));
	assert_string_equal(TEXT_NAME_RULE, "1 to 64 printable characters");
}

/* Which database strings name a team's server: the rule the config
 * and the store both go by. */
static void core__db_is_server(void **state)
{
	(void)state;
	assert_true(db_is_server("postgresql:///calm?host=/run/pg"));
	assert_true(db_is_server("postgres://team.example/calm"));
	assert_true(db_is_server("service=calm"));
	assert_false(db_is_server("calm.db"));
	assert_false(db_is_server("/var/lib/postgresql://x.db")); /* a path, whatever it holds */
	assert_false(db_is_server("./service=calm"));
	assert_false(db_is_server("postgresql:"));
	assert_false(db_is_server(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(core__checklist_gate_needs_required_items_only, setup, teardown),
		cmocka_unit_test_setup_teardown(core__notes_comms_field_gates, setup, teardown),
		cmocka_unit_test_setup_teardown(core__fix_actions_export_gates, setup, teardown),
		cmocka_unit_test_setup_teardown(core__advance_refuses_closed_gate, setup, teardown),
		cmocka_unit_test_setup_teardown(core__advance_met_gate_moves_without_override, setup, teardown),
		cmocka_unit_test_setup_teardown(core__advance_from_last_stage_closes, setup, teardown),
		cmocka_unit_test_setup_teardown(core__back_moves_one_stage_but_not_before_first, setup, teardown),
		cmocka_unit_test_setup_teardown(core__stage_out_of_playbook_is_config_error, setup, teardown),
		cmocka_unit_test(core__enum_names_round_trip),
		cmocka_unit_test(core__field_validation),
		cmocka_unit_test(core__sanitize_renders_controls_inert),
		cmocka_unit_test(core__utf8_validation),
		cmocka_unit_test(core__buf_grows_and_trims),
		cmocka_unit_test(core__overdue_and_name_rules),
		cmocka_unit_test(core__db_is_server),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
