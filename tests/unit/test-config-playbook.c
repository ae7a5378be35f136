/*
 * test-config-playbook.c - loading playbooks: every schema error with its
 * exact located line, a good playbook read back field by field, the
 * built-in default playbook, and hostile input that must neither crash
 * nor leak (run it under ASan: `make test-asan`).
 *
 * Named test-config-* so that CMake links it against calm_config.
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
#include "calm/config.h"
#include "calm/field.h"
#include "calm/playbook.h"
#include "calm/text.h"

/* The lines a load reported, in order. */
struct lines {
	char *v[64];
	int n;
};

static void collect(const char *line, void *ctx)
{
	struct lines *l = ctx;

	if (l->n < 64)
		l->v[l->n++] = xstrdup(line);
}

static void lines_free(struct lines *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i]);
	l->n = 0;
}

/*
 * Load yaml as "t.yaml"; it must fail with exactly the lines given
 * (NULL-terminated), the first of them in err.
 */
static void expect_errors(const char *yaml, ...)
{
	struct calm_err err = { 0 };
	struct playbook *pb = (struct playbook *)1;
	struct lines got = { .n = 0 };
	const char *want;
	va_list ap;
	int i = 0;

	assert_int_equal(config_load_playbook("t.yaml", yaml, strlen(yaml),
					      collect, &got, &pb, &err),
			 CALM_CONFIG);
	assert_null(pb);
	assert_int_equal(err.rc, CALM_CONFIG);
	va_start(ap, yaml);
	while ((want = va_arg(ap, const char *)) != NULL) {
		if (i == 0)
			assert_string_equal(err.msg, want);
		assert_true(i < got.n);
		assert_string_equal(got.v[i], want);
		i++;
	}
	va_end(ap);
	if (got.n != i) /* show what was not expected */
		for (int j = i; j < got.n; j++)
			print_message("unexpected: %s\n", got.v[j]);
	assert_int_equal(got.n, i);
	lines_free(&got);
}

/* Load yaml that must succeed; the caller frees. */
static struct playbook *load_ok(const char *yaml)
{
	struct calm_err err = { 0 };
	struct playbook *pb = NULL;
	struct lines got = { .n = 0 };
	enum calm_rc rc = config_load_playbook("t.yaml", yaml, strlen(yaml),
					       collect, &got, &pb, &err);

	for (int i = 0; i < got.n; i++)
		print_message("%s\n", got.v[i]);
	assert_int_equal(rc, CALM_OK);
	assert_int_equal(got.n, 0);
	assert_string_equal(err.msg, "");
	assert_non_null(pb);
	lines_free(&got);
	return pb;
}

static bool id_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

static void assert_utf8(const char *s)
{
	assert_non_null(s);
	assert_true(text_is_utf8(s, strlen(s)));
}

/* Every invariant playbook.h promises after a successful load. */
static void assert_invariants(const struct playbook *pb)
{
	assert_utf8(pb->name);
	assert_utf8(pb->source);
	assert_true(pb->nstages >= 1);
	for (size_t s = 0; s < pb->nstages; s++) {
		const struct stage *st = &pb->stages[s];
		assert_true(id_ok(st->id));
		assert_int_equal(playbook_stage_index(pb, st->id), (int)s);
		assert_utf8(st->title);
		assert_utf8(st->guidance);
		assert_non_null(pane_kind_name(st->pane));
		if (st->pane == PANE_COMMS)
			assert_non_null(audience_name(st->audience));
		else
			assert_int_equal(st->audience, -1);
		for (size_t i = 0; i < st->nitems; i++) {
			int where = -1;
			assert_true(id_ok(st->items[i].id));
			assert_utf8(st->items[i].text);
			assert_ptr_equal(playbook_find_item(pb, st->items[i].id, &where),
					 &st->items[i]);
			assert_int_equal(where, (int)s);
		}
		for (size_t g = 0; g < st->ngate; g++) {
			const struct criterion *c = &st->gate[g];
			assert_non_null(crit_kind_name(c->kind));
			if (c->kind == CRIT_MIN_NOTES || c->kind == CRIT_MIN_ACTIONS)
				assert_true(c->n >= 1);
			if (c->kind == CRIT_COMMS_SENT)
				assert_non_null(audience_name(c->audience));
			if (c->kind == CRIT_FIELD_SET)
				assert_non_null(field_find(c->field));
		}
	}
	for (int a = 0; a < AUD_COUNT; a++)
		if (pb->comms[a])
			assert_utf8(pb->comms[a]);
	if (pb->postmortem)
		assert_utf8(pb->postmortem);
}

/* A stage list head that the error cases below extend. */
#define HEAD "name: t\nstages:\n"

static void playbook__unknown_key_in_stage(void **state)
{
	(void)state;
	expect_errors(HEAD
		      "  - id: a\n"
		      "    titel: A\n"
		      "    pane: timeline\n",
		      "t.yaml:4:5: unknown key 'titel' in stage",
		      "t.yaml:3:5: stage has no 'title'", NULL);
	expect_errors(HEAD "  - {id: a, title: A, pane: timeline}\nextra: 1\n",
		      "t.yaml:4:1: unknown key 'extra' in playbook", NULL);
	expect_errors(HEAD "  - id: a\n    title: A\n    pane: checklist\n"
		      "    checklist:\n      - {id: x, text: X, requird: true}\n",
		      "t.yaml:7:26: unknown key 'requird' in checklist item", NULL);
	expect_errors(HEAD "  - {id: a, title: A, pane: timeline}\ncomms:\n  inside: x\n",
		      "t.yaml:5:3: unknown key 'inside' in comms", NULL);
}

static void playbook__wrong_types(void **state)
{
	(void)state;
	expect_errors("name: t\nstages: none\n",
		      "t.yaml:2:9: expected a list of stages", NULL);
	expect_errors("name: t\nstages:\n  a: b\n",
		      "t.yaml:3:3: expected a list of stages", NULL);
	expect_errors(HEAD "  - evaluate\n",
		      "t.yaml:3:5: a stage must be a mapping with 'id', 'title' and 'pane'",
		      NULL);
	expect_errors(HEAD "  - {id: a, title: [A], pane: timeline}\n",
		      "t.yaml:3:20: 'title' must be text", NULL);
	expect_errors(HEAD "  - {id: a, title: '', pane: timeline}\n",
		      "t.yaml:3:20: 'title' must not be empty", NULL);
	expect_errors(HEAD "  - {id: a, title: A, pane: timeline, gate: {min_notes: 1}}\n",
		      "t.yaml:3:45: expected a list of gate criteria", NULL);
	expect_errors(HEAD "  - {id: a, title: A, pane: checklist, checklist: x}\n",
		      "t.yaml:3:51: expected a list of checklist items", NULL);
	expect_errors(HEAD "  - {id: a, title: A, pane: checklist, checklist: [x]}\n",
		      "t.yaml:3:52: a checklist item must be a mapping with 'id' and 'text'",
		      NULL);
	expect_errors(HEAD "  - {id: a, title: A, pane: timeline}\ncomms: hello\n",
		      "t.yaml:4:8: 'comms' must be a mapping of audience to template", NULL);
	expect_errors(HEAD "  - {id: a, title: A, pane: timeline}\npostmortem: {a: b}\n",
		      "t.yaml:4:13: 'postmortem' must be text", NULL);
	expect_errors("- a\n- b\n",
		      "t.yaml:1:1: expected a mapping at the top level", NULL);
	expect_errors("just text\n",
		      "t.yaml:1:1: expected a mapping at the top level", NULL);
}

static void playbook__booleans_are_strict(void **state)
{
	static const char *const bad[] = { "yes", "no", "True", "1", "'true'", "on" };
	char yaml[256];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(yaml, sizeof yaml, HEAD
			 "  - id: a\n    title: A\n    pane: checklist\n"
			 "    checklist:\n      - id: x\n        text: X\n"
			 "        required: %s\n", bad[i]);
		expect_errors(yaml, "t.yaml:9:19: 'required' must be true or false", NULL);
	}
}

static void playbook__counts_must_be_positive_integers(void **state)
{
	static const char *const bad[] = { "0", "-1", "x", "1.5", "'1'", "0x10",
					   "[1]", "99999999999999999999" };
	char yaml[256];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(yaml, sizeof yaml, HEAD
			 "  - id: a\n    title: A\n    pane: timeline\n"
			 "    gate:\n      - min_notes: %s\n", bad[i]);
		expect_errors(yaml, "t.yaml:7:20: 'min_notes' must be an integer >= 1", NULL);
	}
	expect_errors(HEAD "  - id: a\n    title: A\n    pane: actions\n"
		      "    gate:\n      - min_actions: 10001\n",
		      "t.yaml:7:22: 'min_actions' is too large (at most 10000)", NULL);
}

static void playbook__gate_criteria(void **state)
{
	(void)state;
	expect_errors(HEAD "  - id: a\n    title: A\n    pane: timeline\n"
		      "    gate:\n      - min_note: 1\n",
		      "t.yaml:7:9: unknown gate criterion 'min_note'", NULL);
	expect_errors(HEAD "  - id: a\n    title: A\n    pane: timeline\n"
		      "    gate:\n      - min_notes: 1\n        exported: true\n",
		      "t.yaml:7:9: a gate criterion must be a mapping with one key, like 'min_notes: 1'",
		      NULL);
	expect_errors(HEAD "  - id: a\n    title: A\n    pane: timeline\n"
		      "    gate:\n      - exported\n",
		      "t.yaml:7:9: a gate criterion must be a mapping with one key, like 'min_notes: 1'",
		      NULL);
	expect_errors(HEAD "  - id: a\n    title: A\n    pane: timeline\n"
		      "    gate:\n      - exported: false\n",
		      "t.yaml:7:19: 'exported' can only be true (leave the criterion out instead)",
		      NULL);
	expect_errors(HEAD "  - id: a\n    title: A\n    pane: timeline\n"
		      "    gate:\n      - checklist_complete: yes\n",
		      "t.yaml:7:29: 'checklist_complete' must be true or false", NULL);
	expect_errors(HEAD "  - id: a\n    title: A\n    pane: timeline\n"
		      "    gate:\n      - comms_sent: everyone\n",
		      "t.yaml:7:21: unknown audience 'everyone' (use internal, external or resolution)",
		      NULL);
	expect_errors(HEAD "  - id: a\n    title: A\n    pane: timeline\n"
		      "    gate:\n      - field_set: caus\n",
		      "t.yaml:7:20: unknown field 'caus'", NULL);
}

static void playbook__duplicate_ids(void **state)
{
	(void)state;
	expect_errors(HEAD
		      "  - {id: fix, title: A, pane: fixes}\n"
		      "  - {id: fix, title: B, pane: fixes}\n",
		      "t.yaml:4:10: duplicate stage id 'fix' (first at 3:10)", NULL);
	expect_errors(HEAD
		      "  - id: a\n    title: A\n    pane: checklist\n"
		      "    checklist:\n      - {id: scope, text: X}\n"
		      "  - id: b\n    title: B\n    pane: checklist\n"
		      "    checklist:\n      - {id: scope, text: Y}\n",
		      "t.yaml:12:14: duplicate item id 'scope' (first at 7:14)", NULL);
}

static void playbook__duplicate_keys(void **state)
{
	(void)state;
	expect_errors(HEAD "  - id: a\n    title: A\n    title: B\n    pane: timeline\n",
		      "t.yaml:5:5: duplicate key 'title' (first at 4:5)", NULL);
	expect_errors("name: t\nname: u\nstages: [{id: a, title: A, pane: timeline}]\n",
		      "t.yaml:2:1: duplicate key 'name' (first at 1:1)", NULL);
}

static void playbook__missing_keys(void **state)
{
	(void)state;
	expect_errors("name: t\nstages: []\n", "t.yaml:2:9: playbook has no stages", NULL);
	expect_errors("name: t\n", "t.yaml:1:1: playbook has no stages", NULL);
	expect_errors("stages: [{id: a, title: A, pane: timeline}]\n",
		      "t.yaml:1:1: playbook has no 'name'", NULL);
	expect_errors(HEAD "  - title: A\n    pane: timeline\n",
		      "t.yaml:3:5: stage has no 'id'", NULL);
	expect_errors(HEAD "  - id: a\n    title: A\n",
		      "t.yaml:3:5: stage has no 'pane'", NULL);
	expect_errors(HEAD "  - id: a\n    title: A\n    pane: checklist\n"
		      "    checklist:\n      - text: X\n      - id: y\n",
		      "t.yaml:7:9: checklist item has no 'id'",
		      "t.yaml:8:9: checklist item has no 'text'", NULL);
	expect_errors(HEAD "  - {id: a, title: A, pane: comms}\n",
		      "t.yaml:3:5: stage has no 'audience' (a comms stage needs one)", NULL);
}

static void playbook__bad_ids(void **state)
{
	(void)state;
	expect_errors(HEAD "  - {id: Fix, title: A, pane: fixes}\n",
		      "t.yaml:3:10: bad stage id 'Fix': use only a-z, 0-9 and '-'", NULL);
	expect_errors(HEAD "  - {id: 'a b', title: A, pane: fixes}\n",
		      "t.yaml:3:10: bad stage id 'a b': use only a-z, 0-9 and '-'", NULL);
	/* tabs and invisible characters in ids are shown inert in the message */
	expect_errors(HEAD "  - {id: \"a\\tb\\u202e\", title: A, pane: fixes}\n",
		      "t.yaml:3:10: bad stage id 'a^Ib<U+202E>': use only a-z, 0-9 and '-'",
		      NULL);
	/* an escape making a terminal control is refused before the id check */
	expect_errors(HEAD "  - {id: \"a\\e[2J\", title: A, pane: fixes}\n",
		      "t.yaml:3:10: control character U+001B in text: escapes that make terminal controls are not allowed",
		      NULL);
	expect_errors(HEAD "  - {id: '', title: A, pane: fixes}\n",
		      "t.yaml:3:10: 'id' must not be empty", NULL);
	expect_errors(HEAD "  - id: a\n    title: A\n    pane: checklist\n"
		      "    checklist: [{id: x_y, text: X}]\n",
		      "t.yaml:6:22: bad item id 'x_y': use only a-z, 0-9 and '-'", NULL);
	expect_errors(HEAD "  - {id: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,"
		      " title: A, pane: fixes}\n",
		      "t.yaml:3:10: stage id 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is too long (at most 64 characters)",
		      NULL);
}

static void playbook__panes_and_audiences(void **state)
{
	(void)state;
	expect_errors(HEAD "  - {id: a, title: A, pane: chat}\n",
		      "t.yaml:3:29: unknown pane 'chat' (use checklist, timeline, comms, fixes, actions or postmortem)",
		      NULL);
	expect_errors(HEAD "  - {id: a, title: A, pane: comms, audience: board}\n",
		      "t.yaml:3:46: unknown audience 'board' (use internal, external or resolution)",
		      NULL);
	expect_errors(HEAD "  - {id: a, title: A, pane: [comms]}\n",
		      "t.yaml:3:29: 'pane' must be one of checklist, timeline, comms, fixes, actions or postmortem",
		      NULL);
	expect_errors(HEAD "  - {id: a, title: A, pane: timeline, gate: [{field_set: [cause]}]}\n",
		      "t.yaml:3:58: 'field_set' must be a field name", NULL);
	expect_errors(HEAD "  - {id: a, title: A, pane: timeline, audience: internal}\n",
		      "t.yaml:3:49: 'audience' is only for a stage with pane comms", NULL);
}

static void playbook__yaml_level_errors(void **state)
{
	(void)state;
	expect_errors("name: t\nstages: [a\n",
		      "t.yaml:3:1: did not find expected ',' or ']'", NULL);
	expect_errors("name: t\n  x: 1\n",
		      "t.yaml:2:4: mapping values are not allowed in this context", NULL);
	expect_errors("name: \"a\\0b\"\nstages: [{id: a, title: A, pane: timeline}]\n",
		      "t.yaml:1:7: NUL character in text", NULL);
	expect_errors(HEAD "  - {id: a, title: !!str A, pane: timeline}\n",
		      "t.yaml:3:20: tags are not supported", NULL);
	expect_errors(HEAD "  - &s {id: a, title: A, pane: timeline}\n  - *s\n",
		      "t.yaml:3:5: anchors and aliases are not supported",
		      "t.yaml:4:5: anchors and aliases are not supported", NULL);
	expect_errors("name: t\nstages: [{id: a, title: A, pane: timeline}]\n---\nname: u\n",
		      "t.yaml:3:1: only one document is allowed", NULL);
	expect_errors("name: \xc3\x28\n", "t.yaml:1:8: invalid trailing UTF-8 octet", NULL);
	expect_errors("", "t.yaml:1:1: playbook is empty", NULL);
	expect_errors("---\n", "t.yaml:1:1: playbook is empty", NULL);
	expect_errors("# only a comment\n", "t.yaml:1:1: playbook is empty", NULL);
}

static void playbook__depth_limit(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	for (int i = 0; i < 10000; i++)
		buf_addc(&b, '[');
	expect_errors(buf_cstr(&b), "t.yaml:1:17: nesting deeper than 16 levels", NULL);
	buf_reset(&b);
	/* block nesting is counted the same way */
	for (int i = 0; i < 20; i++)
		buf_addf(&b, "%*sk%d:\n", 2 * i, "", i);
	expect_errors(buf_cstr(&b), "t.yaml:17:33: nesting deeper than 16 levels", NULL);
	buf_release(&b);
}

static void playbook__reports_every_mistake(void **state)
{
	(void)state;
	expect_errors(HEAD
		      "  - id: a\n"
		      "    titel: A\n"            /* 1: unknown key, 2: no title */
		      "    pane: timeline\n"
		      "    gate:\n"
		      "      - min_notes: 0\n",   /* 3 */
		      "t.yaml:4:5: unknown key 'titel' in stage",
		      "t.yaml:7:20: 'min_notes' must be an integer >= 1",
		      "t.yaml:3:5: stage has no 'title'", NULL);
	expect_errors(HEAD
		      "  - {id: a, title: A, pane: timeline, gate: [{min_note: 1}]}\n"
		      "  - {id: a, title: B, pane: fixes}\n"
		      "  - {id: c, title: C, pane: comms, audience: all}\n",
		      "t.yaml:3:47: unknown gate criterion 'min_note'",
		      "t.yaml:4:10: duplicate stage id 'a' (first at 3:10)",
		      "t.yaml:5:46: unknown audience 'all' (use internal, external or resolution)",
		      NULL);
}

static void playbook__round_trip(void **state)
{
	const char *yaml =
		"name: ops\n"
		"stages:\n"
		"  - id: look\n"
		"    title: Look\n"
		"    pane: checklist\n"
		"    guidance: |\n"
		"      Breathe.\n"
		"      Look first.\n"
		"    checklist:\n"
		"      - id: what\n"
		"        text: Say what broke\n"
		"      - id: maybe\n"
		"        text: Optional thing\n"
		"        required: false\n"
		"      - id: sure\n"
		"        text: Explicit\n"
		"        required: true\n"
		"    gate:\n"
		"      - checklist_complete: true\n"
		"      - min_notes: 2\n"
		"      - field_set: cause\n"
		"  - id: tell-2\n"
		"    title: \"Tell: ops\"\n"
		"    pane: comms\n"
		"    audience: external\n"
		"    gate: [{comms_sent: external}, {fix_outcome: true}, {min_actions: 3}, {exported: true}]\n"
		"comms:\n"
		"  internal: \"Hi {title}\"\n"
		"  resolution: |\n"
		"    Back: {title}\n"
		"postmortem: On {date}\n";
	struct playbook *pb = load_ok(yaml);
	const struct stage *st;

	(void)state;
	assert_invariants(pb);
	assert_string_equal(pb->name, "ops");
	assert_string_equal(pb->source, "t.yaml");
	assert_int_equal(pb->nstages, 2);

	st = &pb->stages[0];
	assert_string_equal(st->id, "look");
	assert_string_equal(st->title, "Look");
	assert_string_equal(st->guidance, "Breathe.\nLook first.\n");
	assert_int_equal(st->pane, PANE_CHECKLIST);
	assert_int_equal(st->audience, -1);
	assert_int_equal(st->nitems, 3);
	assert_string_equal(st->items[0].id, "what");
	assert_string_equal(st->items[0].text, "Say what broke");
	assert_true(st->items[0].required);
	assert_false(st->items[1].required);
	assert_true(st->items[2].required);
	assert_int_equal(st->ngate, 3);
	assert_int_equal(st->gate[0].kind, CRIT_CHECKLIST);
	assert_int_equal(st->gate[1].kind, CRIT_MIN_NOTES);
	assert_int_equal(st->gate[1].n, 2);
	assert_int_equal(st->gate[2].kind, CRIT_FIELD_SET);
	assert_string_equal(st->gate[2].field, "cause");

	st = &pb->stages[1];
	assert_string_equal(st->id, "tell-2");
	assert_string_equal(st->title, "Tell: ops");
	assert_string_equal(st->guidance, "");
	assert_int_equal(st->pane, PANE_COMMS);
	assert_int_equal(st->audience, AUD_EXTERNAL);
	assert_int_equal(st->nitems, 0);
	assert_int_equal(st->ngate, 4);
	assert_int_equal(st->gate[0].kind, CRIT_COMMS_SENT);
	assert_int_equal(st->gate[0].audience, AUD_EXTERNAL);
	assert_int_equal(st->gate[1].kind, CRIT_FIX_OUTCOME);
	assert_int_equal(st->gate[2].kind, CRIT_MIN_ACTIONS);
	assert_int_equal(st->gate[2].n, 3);
	assert_int_equal(st->gate[3].kind, CRIT_EXPORTED);

	assert_string_equal(pb->comms[AUD_INTERNAL], "Hi {title}");
	assert_null(pb->comms[AUD_EXTERNAL]);
	assert_string_equal(pb->comms[AUD_RESOLUTION], "Back: {title}\n");
	assert_string_equal(pb->postmortem, "On {date}");
	playbook_free(pb);
}

static void playbook__escapes_making_controls_are_refused(void **state)
{
	/* a shared playbook is shown by every command and pane: an escape
	 * that makes a terminal control (ESC, C1 CSI, CR, BS, DEL) is
	 * refused where it is written; tabs, newlines and bidi characters
	 * are text, kept exactly (and shown inert) */
	struct playbook *pb;

	(void)state;
	expect_errors(HEAD "  - {id: a, title: \"\\e[31mred\", pane: timeline}\n",
		      "t.yaml:3:20: control character U+001B in text: escapes that make terminal controls are not allowed",
		      NULL);
	expect_errors(HEAD "  - {id: a, title: \"red\\x9b\", pane: timeline}\n",
		      "t.yaml:3:20: control character U+009B in text: escapes that make terminal controls are not allowed",
		      NULL);
	expect_errors(HEAD "  - {id: a, title: \"FAILED\\rOK\", pane: timeline}\n",
		      "t.yaml:3:20: control character U+000D in text: escapes that make terminal controls are not allowed",
		      NULL);
	pb = load_ok(HEAD "  - {id: a, title: \"a\\tb\\u202ec\", guidance: \"x\\ny\", pane: timeline}\n");
	assert_string_equal(pb->stages[0].title, "a\tb\xe2\x80\xae" "c");
	assert_string_equal(pb->stages[0].guidance, "x\ny");
	playbook_free(pb);
}

static void assert_str_same(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void assert_list_same(char *const *a, char *const *b)
{
	size_t i = 0;

	if (!a || !b) {
		assert_ptr_equal(a, b);
		return;
	}
	for (; a[i] && b[i]; i++)
		assert_string_equal(a[i], b[i]);
	assert_null(a[i]);
	assert_null(b[i]);
}

static void assert_stage_same(const struct stage *a, const struct stage *b)
{
	assert_str_same(a->id, b->id);
	assert_str_same(a->title, b->title);
	assert_str_same(a->guidance, b->guidance);
	assert_int_equal(a->pane, b->pane);
	assert_int_equal(a->audience, b->audience);
	assert_int_equal(a->nitems, b->nitems);
	for (size_t i = 0; i < a->nitems; i++) {
		assert_str_same(a->items[i].id, b->items[i].id);
		assert_str_same(a->items[i].text, b->items[i].text);
		assert_int_equal(a->items[i].required, b->items[i].required);
	}
	assert_int_equal(a->ngate, b->ngate);
	for (size_t g = 0; g < a->ngate; g++) {
		assert_int_equal(a->gate[g].kind, b->gate[g].kind);
		assert_int_equal(a->gate[g].n, b->gate[g].n);
		assert_int_equal(a->gate[g].audience, b->gate[g].audience);
		assert_str_same(a->gate[g].field, b->gate[g].field);
	}
}

/* Every field of a and b equal, every string a copy of its own. */
static void assert_playbook_same(const struct playbook *a, const struct playbook *b)
{
	assert_str_same(a->name, b->name);
	assert_str_same(a->source, b->source);
	assert_int_equal(a->nstages, b->nstages);
	for (size_t s = 0; s < a->nstages; s++)
		assert_stage_same(&a->stages[s], &b->stages[s]);
	for (int k = 0; k < AUD_COUNT; k++)
		assert_str_same(a->comms[k], b->comms[k]);
	assert_str_same(a->postmortem, b->postmortem);
	assert_list_same(a->blame, b->blame);
	assert_list_same(a->secrets, b->secrets);
	assert_int_equal(a->nroles, b->nroles);
	for (size_t i = 0; i < a->nroles; i++) {
		assert_str_same(a->roles[i].id, b->roles[i].id);
		assert_str_same(a->roles[i].title, b->roles[i].title);
		assert_str_same(a->roles[i].duty, b->roles[i].duty);
	}
	for (int i = 0; i < SCORE_ITEM_COUNT; i++)
		assert_str_same(a->scoring[i], b->scoring[i]);
}

/* The built-in playbook is compiled into C data at build time
 * (config_builtin_playbook): it is playbooks/default.yaml as the loader
 * reads it, field for field, and config_default() hands out a copy of
 * its own (freed without touching the data). */
static void playbook__builtin_data_is_the_yaml(void **state)
{
	struct calm_err err = { 0 };
	struct playbook *yaml = NULL, *def = NULL, *again = NULL;
	const char *src = getenv("CALM_SOURCE_DIR");
	char *text = NULL, path[4096];
	size_t len = 0;

	(void)state;
	if (!src)
		fail_msg("CALM_SOURCE_DIR is not set: run the tests through ctest");
	snprintf(path, sizeof path, "%s/playbooks/default.yaml", src);
	assert_int_equal(config_read_file(path, &text, &len, &err), CALM_OK);
	assert_int_equal(len, config_default_playbook_len);
	assert_memory_equal(text, config_default_playbook, len);
	assert_int_equal(config_load_playbook("built-in", text, len, NULL, NULL, &yaml, &err),
			 CALM_OK);
	assert_int_equal(config_default(&def, &err), CALM_OK);
	assert_playbook_same(def, yaml);
	assert_playbook_same(&config_builtin_playbook, yaml);
	assert_ptr_not_equal(def->stages[0].title, config_builtin_playbook.stages[0].title);
	playbook_free(def);
	assert_int_equal(config_default(&again, &err), CALM_OK);
	assert_playbook_same(again, yaml);
	playbook_free(again);
	playbook_free(yaml);
	free(text);
}

/* The built-in playbook: the routine of the seed, gates as in DESIGN.md. */
static void playbook__default_loads(void **state)
{
	static const struct {
		const char *id;
		enum pane_kind pane;
		int audience;
		enum crit_kind gate;
		int arg; /* n, or audience */
	} want[] = {
		{ "evaluate", PANE_CHECKLIST, -1, CRIT_CHECKLIST, 0 },
		{ "write-down", PANE_TIMELINE, -1, CRIT_MIN_NOTES, 1 },
		{ "tell-team", PANE_COMMS, AUD_INTERNAL, CRIT_COMMS_SENT, AUD_INTERNAL },
		{ "tell-company", PANE_COMMS, AUD_EXTERNAL, CRIT_COMMS_SENT, AUD_EXTERNAL },
		{ "fix", PANE_FIXES, -1, CRIT_FIX_OUTCOME, 0 },
		{ "tell-back", PANE_COMMS, AUD_RESOLUTION, CRIT_COMMS_SENT, AUD_RESOLUTION },
		{ "discuss", PANE_ACTIONS, -1, CRIT_MIN_ACTIONS, 1 },
		{ "document", PANE_POSTMORTEM, -1, CRIT_EXPORTED, 0 },
	};
	struct calm_err err = { 0 };
	struct playbook *pb = NULL;
	size_t required = 0;

	(void)state;
	assert_int_equal(config_default(&pb, &err), CALM_OK);
	assert_string_equal(err.msg, "");
	assert_invariants(pb);
	assert_string_equal(pb->name, "default");
	assert_string_equal(pb->source, "built-in");
	assert_int_equal(config_default_playbook[config_default_playbook_len], '\0');
	/* writes skip loading the built-in playbook for its secrets (cli.c) */
	assert_null(pb->secrets);
	assert_int_equal(pb->nstages, 8);
	for (size_t i = 0; i < 8; i++) {
		const struct stage *st = &pb->stages[i];
		int lines = 0;
		assert_string_equal(st->id, want[i].id);
		assert_int_equal(st->pane, want[i].pane);
		assert_int_equal(st->audience, want[i].audience);
		/* the stage before each template's is asked for its facts */
		static const int facts[8] = { -1, AUD_INTERNAL, AUD_EXTERNAL, -1, AUD_RESOLUTION,
					      -1, AUD_COUNT, -1 };
		assert_int_equal(st->ngate, facts[i] >= 0 ? 2 : 1);
		if (facts[i] >= 0) {
			assert_int_equal(st->gate[1].kind, CRIT_FACTS_FOR);
			assert_int_equal(st->gate[1].audience, facts[i]);
		}
		assert_int_equal(st->gate[0].kind, want[i].gate);
		if (want[i].gate == CRIT_MIN_NOTES || want[i].gate == CRIT_MIN_ACTIONS)
			assert_int_equal(st->gate[0].n, want[i].arg);
		if (want[i].gate == CRIT_COMMS_SENT)
			assert_int_equal(st->gate[0].audience, want[i].arg);
		/* the calm prompt: 3 to 6 short lines */
		for (const char *p = st->guidance; *p; p++)
			lines += *p == '\n';
		assert_in_range(lines, 3, 6);
		assert_true(st->nitems >= 1);
		if (i > 0)
			for (size_t j = 0; j < st->nitems; j++)
				assert_false(st->items[j].required);
	}
	for (size_t j = 0; j < pb->stages[0].nitems; j++)
		required += pb->stages[0].items[j].required;
	assert_in_range(required, 3, 4);
	assert_string_equal(pb->stages[0].title, "Evaluate");
	assert_string_equal(pb->stages[5].title, "Communicate: we are back");
	for (int a = 0; a < AUD_COUNT; a++)
		assert_non_null(pb->comms[a]);
	assert_non_null(strstr(pb->comms[AUD_INTERNAL], "{recent_notes}"));
	assert_non_null(strstr(pb->comms[AUD_RESOLUTION], "{data_lost}"));
	assert_non_null(strstr(pb->comms[AUD_RESOLUTION], "{outstanding}"));
	assert_non_null(strstr(pb->postmortem,
			       "- **Impact:** from {impact_start} to {resolved_at}, {downtime} in all"));
	assert_non_null(strstr(pb->postmortem, "{key_events}"));
	assert_non_null(strstr(pb->postmortem, "{narrative}"));
	assert_non_null(strstr(pb->postmortem, "{timeline_chart}"));
	assert_non_null(strstr(pb->comms[AUD_RESOLUTION], "({downtime} in all)"));
	assert_non_null(strstr(pb->postmortem, "{action_items}"));
	assert_non_null(strstr(pb->postmortem, "{timeline}"));
	playbook_free(pb);
}

/* A drill's guidance: scoring: maps score items to one line each. */
static void playbook__scoring_sentences(void **state)
{
	struct calm_err err = { 0 };
	struct playbook *pb, *def = NULL;
	struct buf b = BUF_INIT;

	(void)state;
	expect_errors(HEAD "  - {id: a, title: A, pane: fixes}\n"
		      "scoring:\n"
		      "  gate: Pass them.\n"
		      "  blame: \"two\\nlines\"\n"
		      "  fix_log: '   '\n"
		      "  data_lost: [x]\n",
		      "t.yaml:5:3: unknown key 'gate' in scoring",
		      "t.yaml:6:10: 'scoring.blame' must be one line of at most 400 bytes",
		      "t.yaml:7:12: 'scoring.fix_log' must not be empty",
		      "t.yaml:8:14: 'scoring.data_lost' must be text", NULL);
	expect_errors(HEAD "  - {id: a, title: A, pane: fixes}\nscoring: [x]\n",
		      "t.yaml:4:10: 'scoring' must be a mapping of score item to a sentence", NULL);
	buf_adds(&b, HEAD "  - {id: a, title: A, pane: fixes}\nscoring: {gates: ");
	for (int i = 0; i < 401; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "}\n");
	expect_errors(buf_cstr(&b),
		      "t.yaml:4:18: 'scoring.gates' must be one line of at most 400 bytes", NULL);
	buf_release(&b);

	/* a block scalar's newline goes; items left out take the built-in ones */
	pb = load_ok(HEAD "  - {id: a, title: A, pane: fixes}\n"
		     "scoring:\n  gates: >\n    Pass them\n    all.\n");
	assert_string_equal(pb->scoring[SCORE_GATES], "Pass them all.");
	assert_null(pb->scoring[SCORE_BLAME]);
	assert_int_equal(config_default_scoring(pb, &err), CALM_OK);
	assert_int_equal(config_default(&def, &err), CALM_OK);
	assert_string_equal(pb->scoring[SCORE_GATES], "Pass them all.");
	for (int i = 0; i < SCORE_ITEM_COUNT; i++) {
		const char *s = def->scoring[i];
		assert_non_null(s); /* the built-in playbook explains every item */
		assert_null(strchr(s, '\n'));
		assert_in_range(strlen(s), 40, 200);
		if (i != SCORE_GATES)
			assert_string_equal(pb->scoring[i], s);
	}
	playbook_free(def);
	playbook_free(pb);
}

/* Load and throw away: only crashes, leaks and a broken contract count. */
static void load_any(const char *text, size_t len)
{
	struct calm_err err = { 0 };
	struct playbook *pb = (struct playbook *)1;
	struct lines got = { .n = 0 };
	enum calm_rc rc = config_load_playbook("h.yaml", text, len, collect,
					       &got, &pb, &err);

	if (rc == CALM_OK) {
		assert_non_null(pb);
		assert_int_equal(got.n, 0);
		assert_invariants(pb);
	} else {
		assert_int_equal(rc, CALM_CONFIG);
		assert_null(pb);
		assert_true(got.n >= 1);
		assert_string_equal(err.msg, got.v[0]);
		assert_true(text_is_utf8(err.msg, strlen(err.msg)));
		assert_null(strchr(err.msg, '\n'));
	}
	playbook_free(pb == (struct playbook *)1 ? NULL : pb);
	lines_free(&got);
}

static void playbook__hostile_input(void **state)
{
	static const char *const inputs[] = {
		"&a [*a]", "*a", "&a a: *a", "a: &x b\nc: *x\n", "[[[[[[[[[[", "{{{{",
		"name: t\nstages:\n  - id: a\n    title", "name: 't", "\"\\ud800\"",
		"? [a]\n: b\n", "? {a: b}\n: c\n", "!!binary aGk=", "%YAML 1.1\n---\na: b\n",
		"%TAG ! tag:x,2000:\n---\n!a {}\n", "\xef\xbb\xbfname: t\n", "\xff\xfe\x00\x00",
		"a: |\n  \x1b\n", "- - - - - - - - - - - - - - - - - - - - -\n", "...\n...\n",
		"name: t\nstages: [{id: a, title: A, pane: comms, audience: internal, "
		"audience: external}]\n",
	};
	struct buf b = BUF_INIT;
	uint32_t seed = 12345;

	(void)state;
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
		load_any(inputs[i], strlen(inputs[i]));
	load_any(NULL, 0);
	load_any("a\0b: c", 6);
	load_any("name: t\0\n", 9);
	/* binary junk */
	for (int n = 0; n < 300; n++) {
		buf_reset(&b);
		for (int i = 0; i < 200; i++) {
			seed = seed * 1103515245u + 12345u;
			buf_addc(&b, (char)(seed >> 16));
		}
		load_any(b.s, b.len);
	}
	/* the default playbook cut short at every third byte */
	for (size_t cut = 0; cut <= config_default_playbook_len; cut += 3)
		load_any(config_default_playbook, cut);
	/* and with single bytes changed */
	for (int n = 0; n < 300; n++) {
		buf_reset(&b);
		buf_add(&b, config_default_playbook, config_default_playbook_len);
		for (int k = 0; k < 4; k++) {
			seed = seed * 1103515245u + 12345u;
			b.s[(seed >> 8) % b.len] = "[]{}&*!:-\n\"'#|>\0 x"[(seed >> 4) % 18];
		}
		load_any(b.s, b.len);
	}
	/* many values: bounded, located */
	buf_reset(&b);
	buf_adds(&b, "a: [");
	for (int i = 0; i < 20000; i++)
		buf_adds(&b, "1,");
	buf_adds(&b, "]\n");
	load_any(b.s, b.len);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(playbook__unknown_key_in_stage),
		cmocka_unit_test(playbook__wrong_types),
		cmocka_unit_test(playbook__booleans_are_strict),
		cmocka_unit_test(playbook__counts_must_be_positive_integers),
		cmocka_unit_test(playbook__gate_criteria),
		cmocka_unit_test(playbook__duplicate_ids),
		cmocka_unit_test(playbook__duplicate_keys),
		cmocka_unit_test(playbook__missing_keys),
		cmocka_unit_test(playbook__bad_ids),
		cmocka_unit_test(playbook__panes_and_audiences),
		cmocka_unit_test(playbook__yaml_level_errors),
		cmocka_unit_test(playbook__depth_limit),
		cmocka_unit_test(playbook__reports_every_mistake),
		cmocka_unit_test(playbook__round_trip),
		cmocka_unit_test(playbook__escapes_making_controls_are_refused),
		cmocka_unit_test(playbook__default_loads),
		cmocka_unit_test(playbook__builtin_data_is_the_yaml),
		cmocka_unit_test(playbook__scoring_sentences),
		cmocka_unit_test(playbook__hostile_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
