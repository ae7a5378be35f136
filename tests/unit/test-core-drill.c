/*
 * test-core-drill.c - drills in the pure core: a scenario built from a
 * past incident's events (and what the filter keeps out), the drill
 * clock on virtual time (12 notes over 3 hours at 3,600x, pause,
 * resume, speed), matching fix attempts by their words, and the score
 * with its text and JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "calm/drill.h"
#include "calm/scenario.h"
#include "calm/text.h"

#define KV(...) ((const struct replay_kv[]){ __VA_ARGS__ })
#define NKV(kvs) (sizeof(kvs) / sizeof(struct replay_kv))
/* An event written at T0 + min minutes. */
#define T0 1769954700000LL
#define MIN(m) (T0 + (long long)((m) * 60000.0))
#define EV(i, m, k, txt, kvs) \
	{ .id = (i), .ts_ms = MIN(m), .author = "alice", .kind = (k), .text = (txt), \
	  .kv = (kvs), .nkv = NKV(kvs) }
#define NOTE(i, m, txt) EV(i, m, "note", txt, KV({ "", "" }))

/* Twelve notes over three hours, between other events the filter drops. */
static const int twelve_at[12] = { 0, 7, 15, 31, 44, 58, 72, 90, 107, 125, 153, 180 };

static struct scenario *twelve_notes(void)
{
	struct scenario_event ev[40];
	struct scenario *sc = NULL;
	struct calm_err err = { 0 };
	static char text[12][32];
	size_t n = 0;

	ev[n++] = (struct scenario_event)EV(1, 0, "declare", "declared",
					     KV({ "title", "Search is slow" }, { "severity", "3" },
						{ "product", "Search" }, { "stage", "evaluate" }));
	for (int i = 0; i < 12; i++) {
		snprintf(text[i], sizeof text[i], "note %d", i + 1);
		ev[n++] = (struct scenario_event)NOTE(2 + 2 * i, twelve_at[i], text[i]);
		ev[n++] = (struct scenario_event)EV(3 + 2 * i, twelve_at[i], "check", "ticked",
						     KV({ "item", "what-broken" }, { "checked", "1" }));
	}
	assert_int_equal(scenario_from_events(ev, n, "incident 7", &sc, &err), CALM_OK);
	assert_int_equal(sc->nobs, 12);
	return sc;
}

/* Deliver every observation on a virtual clock; now_us advances by each
 * wait plus `late` (a busy machine), or by `tick` when tick > 0. */
static void deliver(const struct scenario *sc, int speed, long long late, long long tick)
{
	struct drill_clock c;
	long long now = 5000000, start = now; /* any monotonic origin */
	size_t next = 0;

	drill_clock_start(&c, speed, 0, now);
	while (next < sc->nobs) {
		long long wait = drill_clock_wait_us(&c, sc->obs[next].at_ms, now), t;
		size_t upto;

		assert_true(wait >= 0);
		now += tick > 0 ? tick : wait + late;
		t = drill_clock_now(&c, now);
		upto = scenario_due(sc, next, t);
		for (size_t i = next; i < upto; i++) {
			char want[32];
			snprintf(want, sizeof want, "note %zu", i + 1);
			assert_string_equal(sc->obs[i].text, want); /* in order */
			/* at the scaled time, within one second of drill time */
			assert_in_range(t - sc->obs[i].at_ms, 0, 1000);
			assert_in_range(now - start, sc->obs[i].at_ms * 1000 / speed,
					sc->obs[i].at_ms * 1000 / speed + 1000000 / speed + late + tick);
		}
		next = upto;
	}
	/* three hours at 3,600x is three seconds */
	assert_in_range(now - start, 2999000, 3001000);
}

static void drill__twelve_notes_over_three_hours_at_3600x(void **state)
{
	struct scenario *sc = twelve_notes();

	(void)state;
	for (int i = 0; i < 12; i++)
		assert_int_equal(sc->obs[i].at_ms, twelve_at[i] * 60000LL);
	deliver(sc, 3600, 0, 0);     /* woken exactly when due */
	deliver(sc, 3600, 250, 0);   /* woken 250 us late: 900 ms of drill time */
	deliver(sc, 3600, 0, 200);   /* polling every 200 us: 720 ms */
	scenario_free(sc);
}

static void drill__pause_stops_delivery(void **state)
{
	struct scenario *sc = twelve_notes();
	struct drill_clock c;
	long long now = 0, t;
	size_t next;

	(void)state;
	drill_clock_start(&c, DRILL_SPEED_DEFAULT, 0, now);
	now += 40 * 60 * 1000000LL / 10; /* 40 drill minutes */
	t = drill_clock_now(&c, now);
	assert_int_equal(t, 40 * 60000);
	next = scenario_due(sc, 0, t);
	assert_int_equal(next, 4); /* 0, 7, 15, 31 */
	drill_clock_pause(&c, now);
	drill_clock_pause(&c, now + 5); /* a second pause changes nothing */
	now += 3600 * 1000000LL;        /* an hour of real time, paused */
	assert_int_equal(drill_clock_now(&c, now), 40 * 60000);
	assert_int_equal(scenario_due(sc, next, drill_clock_now(&c, now)), 4);
	assert_int_equal(drill_clock_wait_us(&c, sc->obs[4].at_ms, now), -1);
	assert_int_equal(drill_clock_wait_us(&c, 39 * 60000, now), 0); /* already past */
	drill_clock_resume(&c, now);
	drill_clock_resume(&c, now + 7); /* running already */
	assert_int_equal(drill_clock_now(&c, now), 40 * 60000);
	/* 4 drill minutes to the note at 44m: 24 real seconds at 10x */
	assert_int_equal(drill_clock_wait_us(&c, sc->obs[4].at_ms, now), 24000000);
	now += 24000000;
	assert_int_equal(scenario_due(sc, next, drill_clock_now(&c, now)), 5);
	scenario_free(sc);
}

static void drill__clock_speed_and_resume_at(void **state)
{
	struct drill_clock c;

	(void)state;
	drill_clock_start(&c, 60, 90000, 1000); /* going on with a drill 90 s in */
	assert_int_equal(drill_clock_now(&c, 1000), 90000);
	assert_int_equal(drill_clock_now(&c, 500), 90000); /* never before the anchor */
	assert_int_equal(drill_clock_now(&c, 1000 + 1000000), 150000);
	drill_clock_set_speed(&c, 1, 1000 + 1000000);
	assert_int_equal(drill_clock_now(&c, 1000 + 1000000), 150000);
	assert_int_equal(drill_clock_now(&c, 1000 + 3000000), 152000);
	drill_clock_pause(&c, 1000 + 3000000);
	drill_clock_set_speed(&c, 3600, 1000 + 9000000); /* paused: still still */
	assert_int_equal(drill_clock_now(&c, 1000 + 9000000), 152000);
	drill_clock_resume(&c, 1000 + 9000000);
	/* waking after the wait, the time has come and is at most 3.6 ms past */
	long long w = drill_clock_wait_us(&c, 152000 + 10001, 1000 + 9000000);
	long long t = drill_clock_now(&c, 1000 + 9000000 + w);
	assert_in_range(t, 162001, 162001 + 4);
	assert_in_range(drill_clock_now(&c, 1000 + 9000000 + w - 1), 0, 162000);
}

static void drill__due_in_order_from_next(void **state)
{
	struct scenario_obs obs[3] = { { 0, "a", "x" }, { 5000, "b", "y" }, { 5000, "c", "z" } };
	struct scenario sc = { .obs = obs, .nobs = 3 };

	(void)state;
	assert_int_equal(scenario_due(&sc, 0, -1), 0);
	assert_int_equal(scenario_due(&sc, 0, 0), 1);
	assert_int_equal(scenario_due(&sc, 1, 4999), 1);
	assert_int_equal(scenario_due(&sc, 1, 5000), 3);
	assert_int_equal(scenario_due(&sc, 3, 99999), 3);
	assert_int_equal(scenario_due(NULL, 2, 99999), 2);
}

/* A past incident with everything a filter must keep out. */
static struct scenario *leaky_incident(void)
{
	const struct scenario_event ev[] = {
		EV(1, 0, "declare", "declared", KV({ "title", "Checkout 500s" }, { "severity", "2" },
						   { "product", "Checkout" }, { "stage", "evaluate" })),
		NOTE(2, 1, "Error rate at 30% on checkout"),
		EV(3, 2, "field", "impact: a third fail", KV({ "field", "impact" },
							 { "value", "IMPACT-FIELD a third fail" })),
		NOTE(4, 3, "Deploy 42 went out at 09:58"),
		EV(5, 4, "draft", "UPDATE-TEXT internal draft", KV({ "audience", "internal" },
								  { "revision", "1" }, { "id", "1" })),
		EV(6, 5, "sent", "UPDATE-TEXT sent", KV({ "audience", "internal" }, { "revision", "1" },
							 { "channel", "file" })),
		EV(7, 6, "run", "$ kubectl rollout undo RUN-OUTPUT", KV({ "cmd", "kubectl" })),
		EV(8, 7, "shell", "$ systemctl restart SHELL-LINE", KV({ "shell", "bash" })),
		NOTE(9, 8, "I think it's a connection pool leak in release 42"),
		EV(10, 9, "fix", "fix attempt 1", KV({ "fix", "1" }, { "what", "restart checkout pods" },
						     { "why", "WHY-TEXT-1" })),
		EV(11, 10, "fix", "fix attempt 1 partial", KV({ "fix", "1" }, { "outcome", "partial" },
							      { "note", "errors back after 2 minutes" })),
		NOTE(12, 11, "typo note"),
		EV(13, 12, "strike", "typo", KV({ "event", "12" })),
		NOTE(14, 13, "pool at 50 of 50"),
		EV(15, 14, "amend", "pool at 50 of 50, all idle in transaction", KV({ "event", "14" })),
		NOTE(16, 14.5, "Restart checkout pods did little"),
		EV(17, 15, "fix", "fix attempt 2", KV({ "fix", "2" }, { "what", "roll back release 42" },
						     { "why", "WHY-TEXT-2" })),
		{ .id = 18, .ts_ms = MIN(16), .occurred_ms = MIN(0.5), .author = "bob",
		  .kind = "note", .text = "first alert fired at 09:59", .kv = NULL, .nkv = 0 },
		NOTE(19, 16.5, "hoping the rollback helps"),
		{ .id = 20, .ts_ms = MIN(16.6), .author = "eve", .kind = "note",
		  .text = "DAMAGED-ROW", .damaged = true },
		EV(21, 16.7, "fix", "fix attempt 3", KV({ "fix", "3" }, { "what", "scale the database" },
						       { "why", "" })),
		EV(22, 17, "fix", "fix attempt 2 worked", KV({ "fix", "2" }, { "outcome", "worked" },
							     { "note", "errors gone within a minute" })),
		NOTE(23, 18, "All good now, it was the pool"),
		EV(24, 19, "amend", "AFTER-FIX-AMEND rolled back", KV({ "event", "2" })),
		EV(25, 20, "field", "cause", KV({ "field", "cause" },
						 { "value", "connection pool leak in release 42" })),
		EV(26, 21, "field", "fix", KV({ "field", "fix" }, { "value", "rolled back release 42" })),
		EV(27, 22, "field", "title", KV({ "field", "title" }, { "value", "Pool leak in 42" })),
		EV(28, 23, "sent", "UPDATE-TEXT external", KV({ "audience", "external" },
							     { "revision", "1" }, { "channel", "file" })),
		EV(29, 24, "action", "ACTION-TEXT", KV({ "action", "1" }, { "title", "ACTION-TEXT" })),
		EV(30, 25, "stage", "closed", KV({ "from", "document" }, { "to", "closed" })),
	};
	struct scenario *sc = NULL;
	struct calm_err err = { 0 };

	assert_int_equal(scenario_from_events(ev, sizeof ev / sizeof ev[0], "incident 3", &sc,
					      &err),
			 CALM_OK);
	return sc;
}

static void assert_clean(const char *s)
{
	static const char *const never[] = {
		"UPDATE-TEXT", "IMPACT-FIELD", "RUN-OUTPUT", "SHELL-LINE", "WHY-TEXT",
		"AFTER-FIX", "ACTION-TEXT", "DAMAGED", "connection pool leak", "it was the pool",
		"Pool leak", "typo", "Restart checkout pods", NULL,
	};

	for (size_t i = 0; s && never[i]; i++)
		if (strstr(s, never[i]))
			fail_msg("'%s' leaked into the scenario: %s", never[i], s);
}

static void scenario__filter_never_leaks_the_answer(void **state)
{
	static const struct { long long at; const char *author, *text; } want[] = {
		{ 30000, "bob", "first alert fired at 09:59" },  /* backfilled: where it happened */
		{ 60000, "alice", "Error rate at 30% on checkout" },
		{ 180000, "alice", "Deploy 42 went out at 09:58" },
		{ 780000, "alice", "pool at 50 of 50, all idle in transaction" }, /* amended */
		{ 990000, "alice", "hoping the rollback helps" },
	};
	struct scenario *sc = leaky_incident();

	(void)state;
	assert_string_equal(sc->title, "Checkout 500s"); /* as declared, not as renamed */
	assert_int_equal(sc->severity, 2);
	assert_string_equal(sc->product, "Checkout");
	assert_string_equal(sc->source, "incident 3");
	assert_true(sc->from_incident);
	assert_int_equal(sc->nobs, 5);
	for (size_t i = 0; i < sc->nobs; i++) {
		assert_int_equal(sc->obs[i].at_ms, want[i].at);
		assert_string_equal(sc->obs[i].author, want[i].author);
		assert_string_equal(sc->obs[i].text, want[i].text);
		assert_clean(sc->obs[i].text);
		assert_clean(sc->obs[i].author);
	}
	/* the attempts with an outcome, their last outcome, never the why */
	assert_int_equal(sc->nfixes, 2);
	assert_string_equal(sc->fixes[0].what, "restart checkout pods");
	assert_int_equal(sc->fixes[0].outcome, SC_PARTIAL);
	assert_string_equal(sc->fixes[0].note, "errors back after 2 minutes");
	assert_int_equal(sc->fixes[0].at_ms, 9 * 60000);
	assert_null(sc->fixes[0].also);
	assert_string_equal(sc->fixes[1].what, "roll back release 42");
	assert_int_equal(sc->fixes[1].outcome, SC_WORKED);
	assert_string_equal(sc->fixes[1].note, "errors gone within a minute");
	for (size_t i = 0; i < sc->nfixes; i++) {
		assert_clean(sc->fixes[i].what);
		assert_clean(sc->fixes[i].note);
	}
	scenario_free(sc);
}

static void scenario__original_figures_kept_for_the_score(void **state)
{
	struct scenario *sc = leaky_incident();
	struct scenario_event none[] = { NOTE(1, 0, "x") };
	struct calm_err err = { 0 };

	(void)state;
	assert_int_equal(sc->orig_first_sent_ms[AUD_INTERNAL], 5 * 60000);
	assert_int_equal(sc->orig_first_sent_ms[AUD_EXTERNAL], 23 * 60000);
	assert_int_equal(sc->orig_first_sent_ms[AUD_RESOLUTION], -1);
	assert_int_equal(sc->orig_fix_ms, 17 * 60000);
	assert_int_equal(sc->orig_attempts, 1); /* restart, then the rollback worked */
	scenario_free(sc);

	sc = (struct scenario *)1;
	assert_int_equal(scenario_from_events(none, 1, "incident 9", &sc, &err), CALM_DATA);
	assert_null(sc);
	assert_string_equal(err.msg, "the incident has no declaration to start a drill from");
}

static void scenario__match_by_words(void **state)
{
	char *also2[] = { "purge cache", "vider le cache \xc3\xa9t\xc3\xa9", NULL };
	struct scenario_fix fixes[] = {
		{ .what = "Roll back deploy #42" },
		{ .what = "restart the checkout database" },
		{ .what = "Flush the cache", .also = also2 },
		{ .what = "roll back deploy 42 and restart" },
	};
	struct scenario sc = { .fixes = fixes, .nfixes = 4 };
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(scenario_match(&sc, "rollback deploy 42"), 0);  /* two of four */
	assert_int_equal(scenario_match(&sc, "ROLL BACK deploy 42!!"), 0); /* all of 0 */
	assert_int_equal(scenario_match(&sc, "roll back deploy 42, restart"), 3); /* more words */
	assert_int_equal(scenario_match(&sc, "restart api"), -1);       /* one of three */
	assert_int_equal(scenario_match(&sc, "restart checkout database now"), 1);
	assert_int_equal(scenario_match(&sc, "purge the cache"), 2);    /* another wording */
	assert_int_equal(scenario_match(&sc, "cache"), -1);             /* one of two */
	assert_int_equal(scenario_match(&sc, "Vider le cache \xc3\xa9t\xc3\xa9"), 2);
	assert_int_equal(scenario_match(&sc, "the a an it"), -1);
	assert_int_equal(scenario_match(&sc, ""), -1);
	assert_int_equal(scenario_match(&sc, NULL), -1);
	assert_int_equal(scenario_match(NULL, "x"), -1);
	/* typographic dashes and quotes separate; the words come once */
	scenario_words(&b, "Roll back \xe2\x80\x94 \xe2\x80\x9c" "deploy\xe2\x80\x9d #42, roll BACK");
	assert_string_equal(buf_cstr(&b), "roll back deploy 42");
	buf_release(&b);
}

/* Guidance sentences of a hand-made playbook. */
static struct playbook *guided(void)
{
	static struct stage stages[8];
	static struct playbook pb;

	pb.stages = stages;
	pb.nstages = 8;
	for (int i = 0; i < SCORE_ITEM_COUNT; i++) {
		static char text[SCORE_ITEM_COUNT][32];
		snprintf(text[i], sizeof text[i], "say %s", score_item_name(i));
		pb.scoring[i] = text[i];
	}
	return &pb;
}

static void drill__score_all_met(void **state)
{
	struct scenario *sc = leaky_incident();
	struct drill_gate gates[8];
	struct drill_draft drafts[] = {
		{ AUD_INTERNAL, 1, "Bob's fault, careless deploy", false },
		{ AUD_INTERNAL, 2, "Checkout fails for a third of orders", true },
	};
	struct drill_attempt atts[] = {
		{ 20 * 60000, "failed", 22 * 60000 },
		{ 25 * 60000, "partial", 28 * 60000 },
		{ 30 * 60000, "worked", 31 * 60000 + 30000 },
		{ 40 * 60000, NULL, 0 }, /* after the fix: not counted */
	};
	struct drill_facts f = {
		.first_sent_ms = { 12 * 60000 + 30000, 20 * 60000, -1 },
		.cadence_min = { 30, 0, 0 },
		.gates = gates, .ngates = 8, .drafts = drafts, .ndrafts = 2,
		.data_lost = "none", .outstanding = "search\nis slow",
		.attempts = atts, .nattempts = 4,
	};
	struct drill_report r;

	(void)state;
	for (int i = 0; i < 8; i++)
		gates[i] = (struct drill_gate){ "s", false, NULL };
	drill_score(sc, guided(), &f, &r);
	assert_int_equal(r.met, 7);
	assert_string_equal(r.line[SCORE_FIRST_INTERNAL].text,
			    "sent at 12m30s (original 5m; cadence 30m)");
	assert_int_equal(r.line[SCORE_FIRST_INTERNAL].drill_ms, 750000);
	assert_int_equal(r.line[SCORE_FIRST_INTERNAL].original_ms, 300000);
	assert_int_equal(r.line[SCORE_FIRST_INTERNAL].target_ms, 1800000);
	assert_string_equal(r.line[SCORE_FIRST_EXTERNAL].text, "sent at 20m (original 23m)");
	assert_int_equal(r.line[SCORE_FIRST_EXTERNAL].target_ms, -1);
	assert_string_equal(r.line[SCORE_GATES].text, "8 of 8 gates met (8 of 8 stages done)");
	assert_string_equal(r.line[SCORE_BLAME].text,
			    "2 blame words in drafts ('Bob's fault', 'careless'), none in updates sent");
	assert_int_equal(r.line[SCORE_BLAME].count, 2);
	assert_int_equal(r.line[SCORE_BLAME].total, 0);
	assert_string_equal(r.line[SCORE_DATA_LOST].text, "answered: none");
	assert_string_equal(r.line[SCORE_OUTSTANDING].text, "answered: search is slow");
	assert_string_equal(r.line[SCORE_FIX_LOG].text,
			    "fixed at 31m30s after 2 attempts, each with its outcome "
			    "(original: fixed at 17m after 1)");
	assert_int_equal(r.line[SCORE_FIX_LOG].total, 2);
	assert_int_equal(r.line[SCORE_FIX_LOG].count, 2);
	assert_int_equal(r.line[SCORE_FIX_LOG].original_count, 1);
	for (int i = 0; i < SCORE_ITEM_COUNT; i++) {
		assert_int_equal(r.line[i].verdict, DRILL_MET);
		assert_ptr_equal(r.line[i].guidance, guided()->scoring[i]);
	}
	scenario_free(sc);
}

static void drill__score_all_missed(void **state)
{
	struct drill_gate gates[] = {
		{ "evaluate", false, NULL },
		{ "tell-team", true, "nobody\nawake" },
	};
	struct drill_draft drafts[] = {
		{ AUD_INTERNAL, 1, "it was careless", true },
		{ AUD_EXTERNAL, 1, NULL, false },
	};
	struct drill_attempt atts[] = {
		{ 60000, NULL, 0 },
		{ 120000, "failed", 180000 },
	};
	struct drill_facts f = {
		.first_sent_ms = { 45 * 60000, -1, -1 },
		.cadence_min = { 30, 20, 0 },
		.gates = gates, .ngates = 2, .drafts = drafts, .ndrafts = 2,
		.data_lost = " \n", .outstanding = NULL,
		.attempts = atts, .nattempts = 2,
	};
	struct drill_report r;

	(void)state;
	drill_score(NULL, NULL, &f, &r);
	assert_int_equal(r.met, 0);
	assert_string_equal(r.line[SCORE_FIRST_INTERNAL].text, "sent at 45m (cadence 30m)");
	assert_string_equal(r.line[SCORE_FIRST_EXTERNAL].text, "not sent (cadence 20m)");
	assert_string_equal(r.line[SCORE_GATES].text,
			    "1 of 2 gates met; overridden: tell-team ('nobody awake')");
	assert_string_equal(r.line[SCORE_BLAME].text, "1 blame word in updates sent ('careless')");
	assert_string_equal(r.line[SCORE_DATA_LOST].text, "not answered (data-lost is empty)");
	assert_string_equal(r.line[SCORE_OUTSTANDING].text, "not answered (outstanding is empty)");
	assert_string_equal(r.line[SCORE_FIX_LOG].text, "no attempt worked (2 logged), 1 without an outcome");
	for (int i = 0; i < SCORE_ITEM_COUNT; i++) {
		assert_int_equal(r.line[i].verdict, DRILL_MISSED);
		assert_null(r.line[i].guidance);
	}
	/* no gate passed at all is not met either; a file scenario has no original */
	f.ngates = 0;
	f.first_sent_ms[AUD_EXTERNAL] = 60000;
	atts[0].outcome = "no-fix";
	atts[0].outcome_ms = 90000;
	struct scenario file = { .from_incident = false, .orig_fix_ms = -1 };
	drill_score(&file, NULL, &f, &r);
	assert_string_equal(r.line[SCORE_GATES].text, "no stage left yet");
	assert_int_equal(r.line[SCORE_GATES].verdict, DRILL_MISSED);
	assert_string_equal(r.line[SCORE_FIRST_EXTERNAL].text, "sent at 1m (cadence 20m)");
	assert_string_equal(r.line[SCORE_FIX_LOG].text, "no fix possible at 1m30s after 0 attempts");
	assert_int_equal(r.line[SCORE_FIX_LOG].verdict, DRILL_MET);

	/* many overrides: the line is cut on a character, never inside one
	 * (stage names of four lengths put the cut at each byte of one) */
	static const char *const names[] = { "st\xc3\xa9p", "st\xc3\xa9ps", "st\xc3\xa9ps2",
					     "st\xc3\xa9ps23" };
	struct drill_gate many[60];
	for (int n = 0; n < 4; n++) {
		for (int i = 0; i < 60; i++)
			many[i] = (struct drill_gate){ names[n], true,
						       "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9" };
		f.gates = many;
		f.ngates = 60;
		drill_score(NULL, NULL, &f, &r);
		size_t len = strlen(r.line[SCORE_GATES].text);
		assert_in_range(len, sizeof r.line[0].text - 8, sizeof r.line[0].text - 1);
		assert_string_equal(r.line[SCORE_GATES].text + len - 3, "...");
		assert_true(text_is_utf8(r.line[SCORE_GATES].text, len));
	}
}

static void drill__report_text_and_json(void **state)
{
	struct drill_facts f = {
		.first_sent_ms = { 90000, -1, -1 },
		.outstanding = "a \"quoted\" answer",
	};
	struct drill_report r;
	struct buf b = BUF_INIT;
	const char *text =
		"drill score: 3 of 7 met\n"
		"  met     first internal update  sent at 1m30s\n"
		"          say first_internal\n"
		"  missed  first external update  not sent\n"
		"          say first_external\n"
		"  missed  gates                  no stage left yet\n"
		"          say gates\n"
		"  met     blame check            no blame words in any draft\n"
		"          say blame\n"
		"  missed  data lost              not answered (data-lost is empty)\n"
		"          say data_lost\n"
		"  met     outstanding issues     answered: a \"quoted\" answer\n"
		"          say outstanding\n"
		"  missed  fix attempts           no attempt worked (0 logged)\n"
		"          say fix_log\n";

	(void)state;
	drill_score(NULL, guided(), &f, &r);
	assert_int_equal(r.met, 3);
	drill_report_text(&b, &r);
	assert_string_equal(b.s, text);
	buf_reset(&b);
	r.line[SCORE_BLAME].guidance = NULL;
	drill_report_json(&b, &r);
	assert_non_null(strstr(b.s, "{\"met\":3,\"of\":7,\"items\":[{\"item\":\"first_internal\","
				    "\"label\":\"first internal update\",\"verdict\":\"met\","
				    "\"text\":\"sent at 1m30s\",\"guidance\":\"say first_internal\","
				    "\"drill_ms\":90000,\"original_ms\":null,\"target_ms\":null,"
				    "\"count\":null,\"total\":null,\"original_count\":null},"));
	assert_non_null(strstr(b.s, "\"guidance\":null,"));
	assert_non_null(strstr(b.s, "\"text\":\"answered: a \\\"quoted\\\" answer\""));
	assert_non_null(strstr(b.s, "\"item\":\"fix_log\""));
	assert_string_equal(b.s + b.len - 2, "]}");
	buf_release(&b);
}

static void drill__durations(void **state)
{
	char d[32];

	(void)state;
	assert_string_equal(drill_duration(0, d, sizeof d), "0s");
	assert_string_equal(drill_duration(59999, d, sizeof d), "59s");
	assert_string_equal(drill_duration(60000, d, sizeof d), "1m");
	assert_string_equal(drill_duration(750000, d, sizeof d), "12m30s");
	assert_string_equal(drill_duration(3600000 + 5 * 60000 + 59000, d, sizeof d), "1h05m");
	assert_string_equal(drill_duration(30 * 3600000LL, d, sizeof d), "30h00m");
	assert_string_equal(drill_duration(-1, d, sizeof d), "-");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(drill__twelve_notes_over_three_hours_at_3600x),
		cmocka_unit_test(drill__pause_stops_delivery),
		cmocka_unit_test(drill__clock_speed_and_resume_at),
		cmocka_unit_test(drill__due_in_order_from_next),
		cmocka_unit_test(scenario__filter_never_leaks_the_answer),
		cmocka_unit_test(scenario__original_figures_kept_for_the_score),
		cmocka_unit_test(scenario__match_by_words),
		cmocka_unit_test(drill__score_all_met),
		cmocka_unit_test(drill__score_all_missed),
		cmocka_unit_test(drill__report_text_and_json),
		cmocka_unit_test(drill__durations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
