/*
 * test-config-scenario.c - loading tabletop scenarios: a good one read
 * back field by field, the shipped example, every schema error with its
 * exact located line, files that are not regular or not trusted, and
 * hostile input that must neither crash nor leak (run it under ASan).
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
#include <sys/stat.h>
#include <unistd.h>

#include "calm/buf.h"
#include "calm/config.h"
#include "calm/scenario.h"
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

/* Load yaml as "s.yaml"; it must fail with exactly the lines given
 * (NULL-terminated), the first of them in err. */
static void expect_errors(const char *yaml, ...)
{
	struct calm_err err = { 0 };
	struct scenario *sc = (struct scenario *)1;
	struct lines got = { .n = 0 };
	const char *want;
	va_list ap;
	int i = 0;

	assert_int_equal(config_load_scenario("s.yaml", yaml, strlen(yaml), collect, &got,
					      &sc, &err),
			 CALM_CONFIG);
	assert_null(sc);
	assert_int_equal(err.rc, CALM_CONFIG);
	va_start(ap, yaml);
	while ((want = va_arg(ap, const char *)) != NULL) {
		if (i == 0)
			assert_string_equal(err.msg, want);
		if (i >= got.n)
			fail_msg("missing: %s", want);
		assert_string_equal(got.v[i], want);
		i++;
	}
	va_end(ap);
	for (int j = i; j < got.n; j++)
		print_message("unexpected: %s\n", got.v[j]);
	assert_int_equal(got.n, i);
	lines_free(&got);
}

/* Every invariant scenario.h promises. */
static void assert_invariants(const struct scenario *sc)
{
	assert_true(sc->title && sc->title[0] && text_is_utf8(sc->title, strlen(sc->title)));
	assert_in_range(sc->severity, 1, 4);
	assert_non_null(sc->source);
	assert_true(sc->nobs >= 1);
	for (size_t i = 0; i < sc->nobs; i++) {
		assert_true(sc->obs[i].at_ms >= 0);
		if (i > 0)
			assert_true(sc->obs[i - 1].at_ms <= sc->obs[i].at_ms);
		assert_true(sc->obs[i].author[0] && sc->obs[i].text[0]);
	}
	assert_true(sc->nfixes >= 1);
	for (size_t i = 0; i < sc->nfixes; i++) {
		assert_true(sc->fixes[i].what[0] && sc->fixes[i].note[0]);
		assert_non_null(scenario_outcome_name(sc->fixes[i].outcome));
	}
	assert_false(sc->from_incident);
	assert_int_equal(sc->orig_fix_ms, -1);
}

static struct scenario *load_ok(const char *yaml)
{
	struct calm_err err = { 0 };
	struct scenario *sc = NULL;
	struct lines got = { .n = 0 };
	enum calm_rc rc = config_load_scenario("s.yaml", yaml, strlen(yaml), collect, &got,
					       &sc, &err);

	for (int i = 0; i < got.n; i++)
		print_message("%s\n", got.v[i]);
	assert_int_equal(rc, CALM_OK);
	assert_int_equal(got.n, 0);
	assert_non_null(sc);
	lines_free(&got);
	assert_invariants(sc);
	return sc;
}

#define HEAD "title: T\nseverity: 2\n"
#define OBS "observations:\n  - {at: 0, text: seen}\n"
#define FIXES "fixes:\n  - {what: roll back, outcome: worked, note: fine}\n"

static void scenario__round_trip(void **state)
{
	struct scenario *sc;

	(void)state;
	sc = load_ok("title: Checkout fails\n"
		     "severity: 1\n"
		     "product: Shop\n"
		     "observations:\n"
		     "  - {at: 1h30m, text: last}\n"
		     "  - {at: 90s, author: dana, text: \"b\"}\n"
		     "  - at: 0\n"
		     "    text: |\n"
		     "      first\n"
		     "      two lines\n"
		     "  - {at: 1m30s, text: \"a tie, after b\"}\n"
		     "  - {at: 2h5m10s, text: later}\n"
		     "fixes:\n"
		     "  - what: restart pods\n"
		     "    also: restart checkout\n"
		     "    outcome: partial\n"
		     "    note: Errors stop, then return.\n"
		     "  - what: roll back the release\n"
		     "    also: [rollback release, revert release]\n"
		     "    outcome: worked\n"
		     "    note: Errors drain.\n"
		     "  - {what: scale up, outcome: rolled-back, note: worse}\n");
	assert_string_equal(sc->title, "Checkout fails");
	assert_int_equal(sc->severity, 1);
	assert_string_equal(sc->product, "Shop");
	assert_string_equal(sc->source, "s.yaml");
	assert_int_equal(sc->nobs, 5);
	assert_int_equal(sc->obs[0].at_ms, 0);
	assert_string_equal(sc->obs[0].text, "first\ntwo lines\n");
	assert_string_equal(sc->obs[0].author, "scenario");
	assert_int_equal(sc->obs[1].at_ms, 90000);
	assert_string_equal(sc->obs[1].author, "dana");
	assert_string_equal(sc->obs[2].text, "a tie, after b");
	assert_int_equal(sc->obs[3].at_ms, 5400000);
	assert_int_equal(sc->obs[4].at_ms, 2 * 3600000 + 5 * 60000 + 10000);
	assert_int_equal(sc->nfixes, 3);
	assert_string_equal(sc->fixes[0].what, "restart pods");
	assert_string_equal(sc->fixes[0].also[0], "restart checkout");
	assert_null(sc->fixes[0].also[1]);
	assert_int_equal(sc->fixes[0].outcome, SC_PARTIAL);
	assert_string_equal(sc->fixes[0].note, "Errors stop, then return.");
	assert_int_equal(sc->fixes[0].at_ms, -1);
	assert_string_equal(sc->fixes[1].also[1], "revert release");
	assert_int_equal(sc->fixes[1].outcome, SC_WORKED);
	assert_int_equal(sc->fixes[2].outcome, SC_ROLLED_BACK);
	assert_null(sc->fixes[2].also);
	assert_int_equal(scenario_match(sc, "Revert the release"), 1);
	assert_int_equal(scenario_match(sc, "restart checkout"), 0);
	scenario_free(sc);
	sc = load_ok(HEAD OBS FIXES);
	assert_null(sc->product);
	scenario_free(sc);
}

/* The example shipped in scenarios/, read as a user's file is. */
static void scenario__shipped_example_loads(void **state)
{
	const char *src = getenv("CALM_SOURCE_DIR");
	struct calm_err err = { 0 };
	struct scenario *sc = NULL;
	struct lines got = { .n = 0 };
	char path[4096];

	(void)state;
	assert_non_null(src);
	snprintf(path, sizeof path, "%s/scenarios/checkout-errors.yaml", src);
	assert_int_equal(config_read_scenario(path, collect, &got, &sc, &err), CALM_OK);
	assert_int_equal(got.n, 0);
	assert_invariants(sc);
	assert_string_equal(sc->source, path);
	assert_int_equal(sc->nobs, 8);
	assert_int_equal(sc->obs[7].at_ms, 55 * 60000);
	assert_int_equal(sc->nfixes, 4);
	assert_int_equal(sc->fixes[3].outcome, SC_WORKED);
	assert_int_equal(scenario_match(sc, "roll back the release"), 3);
	assert_int_equal(scenario_match(sc, "increase the pool"), 1);
	assert_int_equal(scenario_match(sc, "restart the database"), -1);
	scenario_free(sc);
}

static void scenario__unknown_and_missing_keys(void **state)
{
	(void)state;
	expect_errors(HEAD "titel: x\n" OBS FIXES,
		      "s.yaml:3:1: unknown key 'titel' in scenario", NULL);
	expect_errors(HEAD "observations:\n  - {at: 0, txt: seen}\n" FIXES,
		      "s.yaml:4:13: unknown key 'txt' in observation",
		      "s.yaml:4:5: observation has no 'text'", NULL);
	expect_errors(HEAD OBS "fixes:\n  - {what: x, outcome: worked, nots: y}\n",
		      "s.yaml:6:32: unknown key 'nots' in fix",
		      "s.yaml:6:5: fix has no 'note' (what the system does)", NULL);
	expect_errors("severity: 2\n" OBS FIXES, "s.yaml:1:1: scenario has no 'title'", NULL);
	expect_errors("title: T\n" OBS FIXES, "s.yaml:1:1: scenario has no 'severity'", NULL);
	expect_errors(HEAD FIXES, "s.yaml:1:1: scenario has no observations", NULL);
	expect_errors(HEAD OBS, "s.yaml:1:1: scenario has no fixes", NULL);
	expect_errors(HEAD "observations:\n  - {text: seen}\n" "fixes:\n  - {note: y}\n",
		      "s.yaml:4:5: observation has no 'at'",
		      "s.yaml:6:5: fix has no 'what'",
		      "s.yaml:6:5: fix has no 'outcome'", NULL);
}

static void scenario__wrong_values(void **state)
{
	(void)state;
	expect_errors("title: T\nseverity: 0\n" OBS FIXES,
		      "s.yaml:2:11: 'severity' must be an integer >= 1", NULL);
	expect_errors("title: T\nseverity: 5\n" OBS FIXES,
		      "s.yaml:2:11: 'severity' is too large (at most 4)", NULL);
	expect_errors("title: [T]\nseverity: high\n" OBS FIXES,
		      "s.yaml:1:8: 'title' must be text",
		      "s.yaml:2:11: 'severity' must be an integer >= 1", NULL);
	expect_errors("title: \"two\\nlines\"\nseverity: 2\nproduct: ''\n" OBS FIXES,
		      "s.yaml:1:8: 'title' must be one line",
		      "s.yaml:3:10: 'product' must not be empty", NULL);
	expect_errors(HEAD "observations: {at: 0}\nfixes: seen\n",
		      "s.yaml:3:15: expected a list of observations",
		      "s.yaml:4:8: expected a list of fixes", NULL);
	expect_errors(HEAD "observations: []\nfixes: []\n",
		      "s.yaml:3:15: scenario has no observations",
		      "s.yaml:4:8: scenario has no fixes", NULL);
	expect_errors(HEAD "observations: [seen]\nfixes: [[x]]\n",
		      "s.yaml:3:16: an observation must be a mapping with 'at' and 'text'",
		      "s.yaml:4:9: a fix must be a mapping with 'what', 'outcome' and 'note'", NULL);
	expect_errors(HEAD "observations:\n  - {at: 0, author: \"a\\nb\", text: ''}\n" FIXES,
		      "s.yaml:4:21: 'author' must be a name: one line of at most 64 bytes",
		      "s.yaml:4:35: 'text' must not be empty", NULL);
}

static void scenario__times_from_the_start(void **state)
{
	static const char *const bad[] = { "5", "-5m", "5 m", "m", "30m1h", "1h1h", "1d",
					   "1.5h", "''", "[5m]", "1000001s", NULL };
	struct buf b = BUF_INIT;

	(void)state;
	for (size_t i = 0; bad[i]; i++) {
		buf_reset(&b);
		buf_addf(&b, HEAD "observations:\n  - {at: %s, text: x}\n" FIXES, bad[i]);
		expect_errors(buf_cstr(&b),
			      "s.yaml:4:10: 'at' must be a time from the start like 0, 90s, 5m or 1h30m",
			      NULL);
	}
	expect_errors(HEAD "observations:\n  - {at: 168h1s, text: x}\n" FIXES,
		      "s.yaml:4:10: 'at' is too late (at most 168h)", NULL);
	buf_release(&b);
	scenario_free(load_ok(HEAD "observations:\n  - {at: 168h, text: x}\n"
			      "  - {at: 0s, text: y}\n  - {at: '10m', text: z}\n" FIXES));
}

static void scenario__fixes_and_wordings(void **state)
{
	(void)state;
	expect_errors(HEAD OBS "fixes:\n  - {what: x, outcome: fixed, note: y}\n",
		      "s.yaml:6:24: unknown outcome 'fixed' (use worked, partial, failed or rolled-back)",
		      NULL);
	expect_errors(HEAD OBS "fixes:\n  - {what: x, outcome: [worked], note: y}\n",
		      "s.yaml:6:24: 'outcome' must be one of worked, partial, failed or rolled-back",
		      NULL);
	expect_errors(HEAD OBS "fixes:\n  - {what: x, outcome: failed, note: y}\n",
		      "s.yaml:6:3: scenario has no fix that works (give one fix outcome: worked)",
		      NULL);
	expect_errors(HEAD OBS "fixes:\n  - {what: 'the - it', outcome: worked, note: y}\n",
		      "s.yaml:6:12: 'what' has no words to match (only stop words or punctuation)",
		      NULL);
	expect_errors(HEAD OBS
		      "fixes:\n"
		      "  - {what: Roll back, outcome: worked, note: y}\n"
		      "  - {what: x, also: [y, 'roll, BACK!'], outcome: failed, note: z}\n"
		      "  - {what: z, also: {a: b}, outcome: failed, note: z}\n",
		      "s.yaml:7:25: fix wording 'roll, BACK!' has the same words as the one at 6:12",
		      "s.yaml:8:21: 'also' must be text or a list of texts", NULL);
}

static void scenario__yaml_level_errors(void **state)
{
	(void)state;
	expect_errors("", "s.yaml:1:1: scenario is empty", NULL);
	expect_errors("---\n", "s.yaml:1:1: scenario is empty", NULL);
	expect_errors("- a\n", "s.yaml:1:1: expected a mapping at the top level", NULL);
	expect_errors(HEAD "title: U\n" OBS FIXES,
		      "s.yaml:3:1: duplicate key 'title' (first at 1:1)", NULL);
	expect_errors(HEAD OBS "fixes:\n  - {what: x, what: y, outcome: worked, note: z}\n",
		      "s.yaml:6:15: duplicate key 'what' (first at 6:6)", NULL);
	expect_errors("title: 'T\n", "s.yaml:2:1: found unexpected end of stream", NULL);
	expect_errors("title: &a T\nseverity: *a\n" OBS FIXES,
		      "s.yaml:1:8: anchors and aliases are not supported",
		      "s.yaml:2:11: anchors and aliases are not supported", NULL);
	expect_errors(HEAD "observations:\n  - {at: 0, text: \"\\e[2J gone\"}\n" FIXES,
		      "s.yaml:4:19: control character U+001B in text: escapes that make "
		      "terminal controls are not allowed", NULL);
	expect_errors(HEAD OBS "fixes:\n  - {what: x, outcome: worked, note: \"ok\\x9b\"}\n",
		      "s.yaml:6:38: control character U+009B in text: escapes that make "
		      "terminal controls are not allowed", NULL);
}

static void scenario__depth_limit(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_adds(&b, HEAD "observations: ");
	for (int i = 0; i < 10000; i++)
		buf_addc(&b, '[');
	expect_errors(buf_cstr(&b), "s.yaml:3:30: nesting deeper than 16 levels", NULL);
	buf_release(&b);
}

/* Ten errors are shown, then only counted. */
static void scenario__ten_errors_then_a_count(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_adds(&b, HEAD OBS FIXES);
	for (int i = 0; i < 13; i++)
		buf_addf(&b, "bad%d: x\n", i);
	expect_errors(buf_cstr(&b),
		      "s.yaml:7:1: unknown key 'bad0' in scenario",
		      "s.yaml:8:1: unknown key 'bad1' in scenario",
		      "s.yaml:9:1: unknown key 'bad2' in scenario",
		      "s.yaml:10:1: unknown key 'bad3' in scenario",
		      "s.yaml:11:1: unknown key 'bad4' in scenario",
		      "s.yaml:12:1: unknown key 'bad5' in scenario",
		      "s.yaml:13:1: unknown key 'bad6' in scenario",
		      "s.yaml:14:1: unknown key 'bad7' in scenario",
		      "s.yaml:15:1: unknown key 'bad8' in scenario",
		      "s.yaml:16:1: unknown key 'bad9' in scenario",
		      "s.yaml: and 3 more errors", NULL);
	buf_release(&b);
}

/* A scratch directory for files. */
static const char *tmpdir(void)
{
	const char *d = getenv("CALM_TEST_TMP");

	if (!d || !*d)
		d = "/tmp";
	mkdir(d, 0700);
	return d;
}

static void scenario__files_that_are_not_trusted(void **state)
{
	struct calm_err err = { 0 };
	struct scenario *sc = (struct scenario *)1;
	char path[2048], want[4300];
	FILE *f;

	(void)state;
	snprintf(path, sizeof path, "%s/scenario-fifo-%d.yaml", tmpdir(), (int)getpid());
	unlink(path);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(config_read_scenario(path, NULL, NULL, &sc, &err), CALM_CONFIG);
	snprintf(want, sizeof want, "'%s' is not a regular file", path);
	assert_string_equal(err.msg, want);
	assert_null(sc);
	unlink(path);

	calm_err_clear(&err);
	assert_int_equal(config_read_scenario(tmpdir(), NULL, NULL, &sc, &err), CALM_IO);
	snprintf(want, sizeof want, "cannot read '%s': Is a directory", tmpdir());
	assert_string_equal(err.msg, want);

	calm_err_clear(&err);
	assert_int_equal(config_read_scenario("/nonexistent/s.yaml", NULL, NULL, &sc, &err),
			 CALM_IO);
	assert_string_equal(err.msg, "cannot read '/nonexistent/s.yaml': No such file or directory");

	snprintf(path, sizeof path, "%s/scenario-%d.yaml", tmpdir(), (int)getpid());
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(HEAD OBS FIXES, f);
	fclose(f);
	assert_int_equal(chmod(path, 0666), 0);
	calm_err_clear(&err);
	assert_int_equal(config_read_scenario(path, NULL, NULL, &sc, &err), CALM_CONFIG);
	snprintf(want, sizeof want, "'%s' is writable by others: fix it with chmod o-w '%s'",
		 path, path);
	assert_string_equal(err.msg, want);
	assert_int_equal(chmod(path, 0644), 0);
	calm_err_clear(&err);
	assert_int_equal(config_read_scenario(path, NULL, NULL, &sc, &err), CALM_OK);
	assert_invariants(sc);
	scenario_free(sc);
	unlink(path);
}

/* Load and throw away: only crashes, leaks and a broken contract count. */
static void load_any(const char *text, size_t len)
{
	struct calm_err err = { 0 };
	struct scenario *sc = NULL;

	if (config_load_scenario("h.yaml", text, len, NULL, NULL, &sc, &err) == CALM_OK)
		assert_invariants(sc);
	else
		assert_true(sc == NULL && strncmp(err.msg, "h.yaml:", 7) == 0);
	scenario_free(sc);
}

static void scenario__hostile_input(void **state)
{
	const char *good = HEAD "product: P\n" OBS "  - {at: 1h, author: a, text: b}\n" FIXES
			   "  - {what: x y, also: [z, w v], outcome: failed, note: n}\n";
	size_t len = strlen(good);
	unsigned seed = 7;
	char *mut;

	(void)state;
	for (size_t i = 0; i <= len; i++)
		load_any(good, i); /* every prefix */
	mut = xmalloc(len);
	for (int round = 0; round < 3000; round++) {
		memcpy(mut, good, len);
		for (int k = 0; k < 3; k++) {
			seed = seed * 1103515245 + 12345;
			mut[(seed >> 8) % len] = (char)(seed >> 20);
		}
		load_any(mut, len);
	}
	free(mut);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scenario__round_trip),
		cmocka_unit_test(scenario__shipped_example_loads),
		cmocka_unit_test(scenario__unknown_and_missing_keys),
		cmocka_unit_test(scenario__wrong_values),
		cmocka_unit_test(scenario__times_from_the_start),
		cmocka_unit_test(scenario__fixes_and_wordings),
		cmocka_unit_test(scenario__yaml_level_errors),
		cmocka_unit_test(scenario__depth_limit),
		cmocka_unit_test(scenario__ten_errors_then_a_count),
		cmocka_unit_test(scenario__files_that_are_not_trusted),
		cmocka_unit_test(scenario__hostile_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
