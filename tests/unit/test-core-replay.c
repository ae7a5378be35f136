/*
 * test-core-replay.c - time travel (src/core/replay.c): the state after
 * each event of a small timeline, as the console's [ and ] will show it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "calm/replay.h"

#define KV(...) ((const struct replay_kv[]){ __VA_ARGS__ })
#define EV(i, k, kvs) \
	{ .id = (i), .ts_ms = 1000 * (i), .author = "alice", .kind = (k), .text = "", \
	  .kv = (kvs), .nkv = sizeof(kvs) / sizeof(struct replay_kv) }

static const struct replay_event timeline[] = {
	EV(1, "declare", KV({ "title", "Checkout 500" }, { "severity", "2" },
			    { "product", "Checkout" }, { "stage", "evaluate" })),
	EV(2, "note", KV({ "x", "y" })),
	EV(3, "check", KV({ "item", "scope" }, { "checked", "1" })),
	EV(4, "stage", KV({ "from", "evaluate" }, { "to", "write-down" })),
	EV(5, "field", KV({ "field", "cause" }, { "value", "pool leak" })),
	EV(6, "draft", KV({ "audience", "internal" }, { "revision", "1" }, { "id", "7" })),
	EV(7, "sent", KV({ "audience", "internal" }, { "revision", "1" }, { "channel", "file:/x" })),
	EV(8, "fix", KV({ "fix", "1" }, { "what", "restart" }, { "why", "" })),
	EV(9, "fix", KV({ "fix", "1" }, { "outcome", "failed" }, { "note", "still down" })),
	EV(10, "action", KV({ "action", "1" }, { "title", "alert" }, { "owner", "" },
			    { "category", "technical" }, { "due", "" })),
	EV(11, "action", KV({ "action", "1" }, { "status", "done" })),
	EV(12, "role", KV({ "role", "commander" }, { "person", "bob" }, { "from", "" })),
	EV(13, "stage", KV({ "from", "write-down" }, { "to", "evaluate" })),
	EV(14, "check", KV({ "item", "scope" }, { "checked", "0" })),
	EV(15, "field", KV({ "field", "cause" }, { "value", "" })),
	EV(16, "stage", KV({ "from", "evaluate" }, { "to", "closed" }, { "override", "done" },
			   { "unmet", "x" })),
	EV(17, "mystery", KV({ "a", "b" })),
};

/* The state just after event `upto`. */
static void at(struct replay_state *s, long long upto)
{
	replay_init(s);
	for (size_t i = 0; i < sizeof timeline / sizeof timeline[0]; i++)
		if (timeline[i].id <= upto)
			replay_apply(s, &timeline[i]);
}

static void replay__tick_before_and_after(void **state)
{
	struct replay_state s;

	(void)state;
	at(&s, 2); /* the event before the tick */
	assert_false(replay_checked(&s, "scope"));
	assert_string_equal(s.stage, "evaluate");
	assert_string_equal(s.title, "Checkout 500");
	assert_int_equal(s.severity, 2);
	assert_string_equal(replay_field(&s, "product"), "Checkout");
	assert_int_equal(s.notes, 1);
	replay_release(&s);
	at(&s, 3);
	assert_true(replay_checked(&s, "scope"));
	replay_release(&s);
	at(&s, 14); /* unticked again */
	assert_false(replay_checked(&s, "scope"));
	replay_release(&s);
}

static void replay__stage_moves_and_back(void **state)
{
	struct replay_state s;

	(void)state;
	at(&s, 4);
	assert_string_equal(s.stage, "write-down");
	replay_release(&s);
	at(&s, 13); /* after going back: the earlier stage */
	assert_string_equal(s.stage, "evaluate");
	assert_false(s.closed);
	replay_release(&s);
	at(&s, 17);
	assert_true(s.closed);
	assert_int_equal(s.closed_ms, 16000);
	assert_int_equal(s.overrides, 1);
	assert_int_equal(s.event, 17);
	assert_int_equal(s.events, 17);
	replay_release(&s);
}

static void replay__fields_drafts_fixes_actions_roles(void **state)
{
	struct replay_state s;

	(void)state;
	at(&s, 5);
	assert_string_equal(replay_field(&s, "cause"), "pool leak");
	assert_int_equal(s.drafts[AUD_INTERNAL].revision, 0);
	replay_release(&s);
	at(&s, 6);
	assert_int_equal(s.drafts[AUD_INTERNAL].revision, 1);
	assert_int_equal(s.drafts[AUD_INTERNAL].id, 7);
	assert_int_equal(s.drafts[AUD_INTERNAL].sent_revision, 0);
	replay_release(&s);
	at(&s, 8);
	assert_int_equal(s.drafts[AUD_INTERNAL].sent_revision, 1);
	assert_string_equal(s.drafts[AUD_INTERNAL].channel, "file:/x");
	assert_int_equal(s.nfixes, 1);
	assert_string_equal(s.fixes[0].what, "restart");
	assert_null(s.fixes[0].why);
	assert_null(s.fixes[0].outcome);
	replay_release(&s);
	at(&s, 10);
	assert_string_equal(s.fixes[0].outcome, "failed");
	assert_string_equal(s.fixes[0].note, "still down");
	assert_int_equal(s.nactions, 1);
	assert_string_equal(s.actions[0].status, "open");
	assert_string_equal(s.actions[0].category, "technical");
	assert_null(s.actions[0].owner);
	assert_null(replay_role(&s, "commander"));
	replay_release(&s);
	at(&s, 15);
	assert_string_equal(s.actions[0].status, "done");
	assert_string_equal(replay_role(&s, "commander"), "bob");
	assert_null(replay_field(&s, "cause"));
	assert_string_equal(replay_field(&s, "product"), "Checkout");
	replay_release(&s);
}

/* Each row a table keeps beside the timeline takes its event's time and
 * author, so verify can recompute the table. */
static void replay__rows_take_event_time_and_author(void **state)
{
	struct replay_state s;
	static const struct replay_kv decl[] = { { "title", "x" }, { "checklist", "abc" } };
	static const struct replay_kv draft[] = { { "audience", "internal" },
						  { "revision", "1" }, { "sha256", "d1" } };
	static const struct replay_kv exp[] = { { "format", "md" }, { "path", "/pm.md" } };
	const struct replay_event extra[] = {
		{ .id = 1, .ts_ms = 500, .author = "carol", .kind = "declare", .kv = decl, .nkv = 2 },
		{ .id = 2, .ts_ms = 600, .author = "dave", .kind = "draft", .kv = draft, .nkv = 3 },
		{ .id = 3, .ts_ms = 700, .author = "erin", .kind = "export", .kv = exp, .nkv = 2 },
	};

	(void)state;
	at(&s, 12);
	assert_int_equal(s.declared_ms, 1000);
	assert_string_equal(s.declared_by, "alice");
	assert_null(s.checklist); /* not recorded: an older writer */
	assert_int_equal(s.fixes[0].started_ms, 8000);
	assert_int_equal(s.fixes[0].outcome_ms, 9000);
	assert_string_equal(s.fixes[0].author, "alice");
	assert_int_equal(s.actions[0].created_ms, 10000);
	assert_int_equal(s.roles[0].since_ms, 12000);
	assert_int_equal(s.nrevs, 1);
	assert_int_equal(s.revs[0].created_ms, 6000);
	assert_int_equal(s.revs[0].sent_ms, 7000);
	assert_string_equal(s.revs[0].channel, "file:/x");
	assert_null(s.revs[0].sha256);
	replay_release(&s);
	replay_init(&s);
	for (size_t i = 0; i < 3; i++)
		replay_apply(&s, &extra[i]);
	assert_string_equal(s.checklist, "abc");
	assert_string_equal(s.revs[0].sha256, "d1");
	assert_string_equal(s.revs[0].author, "dave");
	assert_int_equal(s.revs[0].sent_ms, 0);
	assert_int_equal(s.nexps, 1);
	assert_string_equal(s.exps[0].path, "/pm.md");
	assert_string_equal(s.exps[0].author, "erin");
	assert_int_equal(s.exps[0].ts_ms, 700);
	replay_release(&s);
}

static void replay__many_items_grow(void **state)
{
	struct replay_state s;
	char names[40][8], n[40][8];

	(void)state;
	replay_init(&s);
	for (int i = 0; i < 40; i++) {
		snprintf(names[i], sizeof names[i], "i%02d", 39 - i);
		snprintf(n[i], sizeof n[i], "%d", i + 1);
		struct replay_kv c[] = { { "item", names[i] }, { "checked", "1" } };
		struct replay_kv f[] = { { "field", names[i] }, { "value", "v" } };
		struct replay_kv a[] = { { "action", n[i] }, { "title", "t" } };
		struct replay_event e1 = { .id = 3 * i + 1, .kind = "check", .kv = c, .nkv = 2 };
		struct replay_event e2 = { .id = 3 * i + 2, .kind = "field", .kv = f, .nkv = 2 };
		struct replay_event e3 = { .id = 3 * i + 3, .kind = "action", .kv = a, .nkv = 2 };
		replay_apply(&s, &e1);
		replay_apply(&s, &e2);
		replay_apply(&s, &e3);
	}
	assert_int_equal(s.nticks, 40);
	assert_int_equal(s.nfields, 40);
	assert_int_equal(s.nactions, 40);
	for (size_t i = 1; i < s.nfields; i++) /* kept sorted */
		assert_true(strcmp(s.fields[i - 1].name, s.fields[i].name) < 0);
	assert_true(replay_checked(&s, "i00"));
	replay_release(&s);
}

/* A copy owns everything it holds: the original released, the copy
 * still reads the same and goes on folding events (time travel steps
 * back from copies), growing its arrays past their first size. */
static void replay__copy_is_deep_and_grows(void **state)
{
	struct replay_state s, c;
	static const struct replay_kv draft[] = { { "audience", "external" },
						  { "revision", "1" }, { "sha256", "d1" } };
	static const struct replay_kv exp[] = { { "format", "md" }, { "path", "/pm.md" } };
	const struct replay_event extra[] = {
		{ .id = 13, .ts_ms = 600, .author = "dave", .kind = "draft", .kv = draft, .nkv = 3 },
		{ .id = 14, .ts_ms = 700, .author = "erin", .kind = "export", .kv = exp, .nkv = 2 },
	};
	char items[8][8];

	(void)state;
	at(&s, 12);
	replay_apply(&s, &extra[0]);
	replay_apply(&s, &extra[1]);
	replay_state_copy(&c, &s);
	replay_release(&s);
	assert_string_equal(c.title, "Checkout 500");
	assert_string_equal(c.declared_by, "alice");
	assert_string_equal(c.stage, "write-down");
	assert_string_equal(replay_field(&c, "cause"), "pool leak");
	assert_string_equal(c.fixes[0].what, "restart");
	assert_string_equal(c.fixes[0].author, "alice");
	assert_int_equal(c.fixes[0].started_ms, 8000);
	assert_string_equal(c.actions[0].status, "done");
	assert_string_equal(c.actions[0].author, "alice");
	assert_string_equal(replay_role(&c, "commander"), "bob");
	assert_int_equal(c.roles[0].since_ms, 12000);
	assert_int_equal(c.nrevs, 2);
	assert_string_equal(c.revs[1].sha256, "d1");
	assert_string_equal(c.revs[1].author, "dave");
	assert_string_equal(c.drafts[AUD_INTERNAL].channel, "file:/x");
	assert_string_equal(c.exps[0].path, "/pm.md");
	for (int i = 0; i < 8; i++) { /* 1 tick becomes 9: past 4 and 8 */
		snprintf(items[i], sizeof items[i], "x%d", i);
		struct replay_kv kv[] = { { "item", items[i] }, { "checked", "1" } };
		struct replay_event e = { .id = 20 + i, .kind = "check", .kv = kv, .nkv = 2 };
		replay_apply(&c, &e);
	}
	assert_int_equal(c.nticks, 9);
	assert_true(replay_checked(&c, "x7"));
	replay_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(replay__tick_before_and_after),
		cmocka_unit_test(replay__stage_moves_and_back),
		cmocka_unit_test(replay__fields_drafts_fixes_actions_roles),
		cmocka_unit_test(replay__rows_take_event_time_and_author),
		cmocka_unit_test(replay__many_items_grow),
		cmocka_unit_test(replay__copy_is_deep_and_grows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
