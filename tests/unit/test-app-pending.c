/*
 * test-app-pending.c - what a console shows of its queue while the
 * team's server is away (app-read.h, pending.c): the queued words read
 * back into ticks, field values, notes and stage moves for one
 * incident; only the writes still waiting for that server; and the
 * gate judged on the facts last read with the queue counted, on both
 * engines (backend.h) for the facts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend.h"
#include "calm/app.h"
#include "calm/app-read.h"
#include "calm/buf.h"
#include "calm/config.h"

#define SERVER "postgresql:///team?host=/nowhere"

static long long fixed_now(void)
{
	return 1769954700000LL; /* 2026-02-01T14:05:00Z */
}

static char *tmp_queue(const char *name)
{
	const char *d = getenv("CALM_TEST_TMP");
	struct buf b = BUF_INIT;

	if (!d || !*d)
		d = "/tmp/calm-test";
	if (mkdir(d, 0700) != 0 && errno != EEXIST)
		fail_msg("cannot make %s: %s", d, strerror(errno));
	buf_addf(&b, "%s/pending-%s-%ld.db", d, name, (long)getpid());
	unlink(buf_cstr(&b));
	return buf_detach(&b);
}

/* Queue the words (NULL-terminated) for server, made from stage. */
static void queue(const char *qpath, const char *server, const char *stage, ...)
{
	static int n;
	const char *argv[16];
	char uid[EVENT_UID_LEN + 1];
	struct calm_err err = { 0 };
	va_list ap;
	int argc = 0;

	va_start(ap, stage);
	while (argc < 15 && (argv[argc] = va_arg(ap, const char *)) != NULL)
		argc++;
	va_end(ap);
	snprintf(uid, sizeof uid, "%032x", ++n);
	if (app_queue_put(NULL, qpath, server, uid, fixed_now(), "alice", argc, (char *const *)argv,
			  NULL, stage, false, &err) != CALM_OK)
		fail_msg("queue: %s", err.msg);
}

static bool parse(long long id, struct app_pending_write *w, int argc, const char *const *argv)
{
	return app_pending_parse(id, argc, argv, w);
}

static void release_one(struct app_pending_write *w)
{
	struct app_pending p = { w, 1 };
	struct app_pending_write *copy = malloc(sizeof *copy);

	*copy = *w;
	p.v = copy;
	app_pending_release(&p);
}

static void pending__words_read_as_what_they_change(void **state)
{
	struct app_pending_write w;

	(void)state;
	assert_true(parse(1, &w, 4, (const char *[]){ "log", "1", "--", "pool drained" }));
	assert_int_equal(w.kind, PENDING_NOTE);
	assert_string_equal(w.what, "pool drained");
	assert_string_equal(w.words, "log 1 -- pool drained");
	release_one(&w);
	assert_true(parse(1, &w, 4, (const char *[]){ "log", "1", "pool", "drained" }));
	assert_int_equal(w.kind, PENDING_NOTE); /* the shell's words, joined */
	assert_string_equal(w.what, "pool drained");
	release_one(&w);
	assert_true(parse(1, &w, 3, (const char *[]){ "check", "1", "who-affected" }));
	assert_int_equal(w.kind, PENDING_CHECK);
	assert_string_equal(w.what, "who-affected");
	assert_true(w.checked);
	release_one(&w);
	assert_true(parse(1, &w, 4, (const char *[]){ "tick", "1", "who-affected", "--undo" }));
	assert_int_equal(w.kind, PENDING_CHECK);
	assert_false(w.checked);
	release_one(&w);
	assert_true(parse(1, &w, 4, (const char *[]){ "set", "1", "impact", "EU cards" }));
	assert_int_equal(w.kind, PENDING_FIELD);
	assert_string_equal(w.what, "impact");
	assert_string_equal(w.value, "EU cards");
	release_one(&w);
	assert_true(parse(1, &w, 5, (const char *[]){ "set", "1", "impact", "--", "-" }));
	assert_string_equal(w.value, "-"); /* after --: the value, even one like an option */
	release_one(&w);
	assert_true(parse(1, &w, 4, (const char *[]){ "advance", "1", "--override", "paged" }));
	assert_int_equal(w.kind, PENDING_ADVANCE);
	release_one(&w);
	assert_true(parse(1, &w, 2, (const char *[]){ "back", "1" }));
	assert_int_equal(w.kind, PENDING_BACK);
	release_one(&w);
	assert_true(parse(1, &w, 3, (const char *[]){ "fix", "1", "restart the pool" }));
	assert_int_equal(w.kind, PENDING_OTHER); /* listed by its words, changes nothing shown */
	assert_string_equal(w.words, "fix 1 restart the pool");
	release_one(&w);
	assert_false(parse(1, &w, 3, (const char *[]){ "check", "12", "who-affected" }));
	assert_false(parse(1, &w, 2, (const char *[]){ "new", "Checkout down" }));
	assert_false(parse(1, &w, 3, (const char *[]){ "amend", "1", "new text" })); /* event 1 */
}

/* A replay's run: the first write refused, then the server away. */
static enum calm_rc refuse_first(const struct app_queued *w, void *ctx, struct calm_err *why)
{
	int *n = ctx;

	(void)w;
	if ((*n)++ == 0)
		return calm_err_set(why, CALM_GATE, "incident 1 is closed");
	return CALM_OFFLINE;
}

static void pending__only_what_waits_for_this_server_and_incident(void **state)
{
	char *q = tmp_queue("waits");
	struct app_pending p;
	struct calm_err err = { 0 };
	struct playbook *pb = NULL;

	(void)state;
	assert_int_equal(app_pending_load(q, SERVER, 1, &p, &err), CALM_OK);
	assert_int_equal(p.n, 0); /* no file: nothing, and none made */
	assert_int_equal(access(q, F_OK), -1);
	/* refused by the server (kept aside) and acknowledged (the journal):
	 * neither waits */
	queue(q, SERVER, NULL, "log", "1", "--", "refused", NULL);
	assert_int_equal(app_queue_replay(q, SERVER, refuse_first, &(int){ 0 }, &(long long){ 0 },
					  &(long long){ 0 }, &err), CALM_OK);
	assert_int_equal(app_queue_put(NULL, q, SERVER, "f00d", fixed_now(), "alice", 3,
				       (char *const[]){ "check", "1", "what-broken" }, NULL, NULL, true,
				       &err),
			 CALM_OK);
	queue(q, SERVER, NULL, "check", "1", "who-affected", NULL);
	queue(q, SERVER, NULL, "check", "2", "who-sees-it", NULL);
	queue(q, "service=other", NULL, "set", "1", "cause", "elsewhere", NULL);
	queue(q, SERVER, NULL, "set", "1", "impact", "EU cards", NULL);
	queue(q, SERVER, "evaluate", "advance", "1", NULL);
	queue(q, SERVER, NULL, "check", "1", "who-affected", "--undo", NULL);
	queue(q, SERVER, NULL, "set", "1", "impact", "all cards", NULL);
	queue(q, SERVER, "write-down", "advance", "1", NULL);
	queue(q, SERVER, "tell-team", "back", "1", NULL);
	assert_int_equal(app_pending_load(q, SERVER, 1, &p, &err), CALM_OK);
	assert_int_equal(p.n, 7);
	assert_string_equal(p.v[0].words, "check 1 who-affected");
	assert_int_equal(p.v[2].kind, PENDING_ADVANCE);
	assert_string_equal(p.v[2].from, "evaluate");
	assert_null(p.v[0].from);
	/* the last queued is what the console shows */
	assert_int_equal(app_pending_checked(&p, "who-affected"), 0);
	assert_int_equal(app_pending_checked(&p, "who-sees-it"), -1);
	assert_string_equal(app_pending_field(&p, "impact"), "all cards");
	assert_null(app_pending_field(&p, "cause"));
	assert_int_equal(config_default(&pb, &err), CALM_OK);
	assert_int_equal(app_pending_stage(&p, pb, 0), 1); /* two on, one back */
	assert_int_equal(app_pending_stage(&p, pb, (int)pb->nstages - 1), (int)pb->nstages - 2);
	app_pending_release(&p);
	assert_int_equal(p.n, 0);
	playbook_free(pb);
	unlink(q);
	free(q);
}

/* Judge stage 1's gate on the facts read with the queue counted. */
static void pending__gate_on_the_facts_and_the_queue(void **state)
{
	char *path = tb_fresh("pending-gate"), *q = tmp_queue("gate");
	struct playbook *pb = NULL;
	struct calm_err err = { 0 };
	struct app app;
	struct app_facts fx;
	struct app_pending p;
	struct gate_report rep;
	long long id = 0;
	int stage = -1;

	(void)state;
	assert_int_equal(config_default(&pb, &err), CALM_OK);
	app = (struct app){ .pb = pb, .author = "alice", .now_ms = fixed_now };
	assert_int_equal(app_open(&app, path, false), CALM_OK);
	assert_int_equal(app_declare(&app, "Payments time out", 2, NULL, &id), CALM_OK);
	assert_int_equal(app_check(&app, id, "what-broken", true), CALM_OK);
	assert_int_equal(app_check(&app, id, "who-sees-it", true), CALM_OK);
	assert_int_equal(app_check(&app, id, "when-started", true), CALM_OK);
	assert_int_equal(app_set_field(&app, id, "impact-start", "13:50", NULL), CALM_OK);
	assert_int_equal(app_facts_read(&app, id, &fx), CALM_OK);
	assert_true(fx.read);

	/* nothing queued: the gate is the server's, one item missing */
	assert_int_equal(app_pending_load(q, SERVER, id, &p, &err), CALM_OK);
	app_gate_pending(pb, 0, &fx, &p, true, &stage, &rep);
	assert_int_equal(stage, 0);
	assert_int_equal(rep.nunmet, 1);
	gate_report_release(&rep);
	app_pending_release(&p);

	/* the last item ticked in the queue: the gate holds here */
	queue(q, SERVER, NULL, "check", "1", "who-affected", NULL);
	assert_int_equal(app_pending_load(q, SERVER, id, &p, &err), CALM_OK);
	app_gate_pending(pb, 0, &fx, &p, true, &stage, &rep);
	assert_int_equal(rep.nunmet, 0);
	gate_report_release(&rep);
	app_pending_release(&p);

	/* an advance queued: stage 2's gate, which wants a note and the
	 * internal update's facts (impact among them) */
	queue(q, SERVER, "evaluate", "advance", "1", NULL);
	assert_int_equal(app_pending_load(q, SERVER, id, &p, &err), CALM_OK);
	app_gate_pending(pb, 0, &fx, &p, true, &stage, &rep);
	assert_int_equal(stage, 1);
	assert_int_equal(rep.nunmet, 2);
	gate_report_release(&rep);
	app_gate_pending(pb, 0, &fx, &p, false, &stage, &rep); /* moves left out */
	assert_int_equal(stage, 0);
	assert_int_equal(rep.nunmet, 0);
	gate_report_release(&rep);
	app_pending_release(&p);

	queue(q, SERVER, NULL, "log", "1", "--", "pool drained", NULL);
	queue(q, SERVER, NULL, "set", "1", "impact", "EU cards fail", NULL);
	assert_int_equal(app_pending_load(q, SERVER, id, &p, &err), CALM_OK);
	app_gate_pending(pb, 0, &fx, &p, true, &stage, &rep);
	assert_int_equal(stage, 1);
	assert_int_equal(rep.nunmet, 0);
	gate_report_release(&rep);
	app_pending_release(&p);

	/* a field cleared in the queue no longer counts as set */
	queue(q, SERVER, NULL, "set", "1", "impact-start", "", NULL);
	assert_int_equal(app_pending_load(q, SERVER, id, &p, &err), CALM_OK);
	app_gate_pending(pb, 0, &fx, &p, true, &stage, &rep);
	assert_int_equal(rep.nunmet, 1);
	gate_report_release(&rep);
	app_pending_release(&p);

	app_facts_release(&fx);
	app_close(&app);
	app_release(&app);
	playbook_free(pb);
	tb_drop(path);
	unlink(q);
	free(q);
}

/* A write queued with what it changes is shown from that, not from its
 * words (here words that would read as a fix attempt); one queued
 * without (an older calm's row) is read from its words. */
static void pending__what_was_kept_is_read_not_the_words(void **state)
{
	char *q = tmp_queue("what");
	struct calm_err err = { 0 };
	struct app_pending p;
	const struct app_queued_what untick = { .kind = PENDING_CHECK, .incident = 1,
						.what = "who-affected", .checked = false };
	const struct app_queued_what other = { .kind = PENDING_CHECK, .incident = 2,
					       .what = "who-affected", .checked = true };

	(void)state;
	assert_int_equal(app_queue_put(NULL, q, SERVER, "a1", fixed_now(), "alice", 3,
				       (char *const[]){ "fix", "1", "restart" }, &untick, NULL,
				       false, &err),
			 CALM_OK);
	assert_int_equal(app_queue_put(NULL, q, SERVER, "a2", fixed_now(), "alice", 3,
				       (char *const[]){ "check", "1", "what-broken" }, &other, NULL,
				       false, &err),
			 CALM_OK);
	queue(q, SERVER, NULL, "set", "1", "impact", "EU cards", NULL);
	assert_int_equal(app_pending_load(q, SERVER, 1, &p, &err), CALM_OK);
	assert_int_equal(p.n, 2); /* the second is incident 2's, as kept */
	assert_int_equal(p.v[0].kind, PENDING_CHECK);
	assert_string_equal(p.v[0].what, "who-affected");
	assert_false(p.v[0].checked);
	assert_string_equal(p.v[0].words, "fix 1 restart");
	assert_int_equal(app_pending_checked(&p, "who-affected"), 0);
	assert_int_equal(p.v[1].kind, PENDING_FIELD); /* no kind kept: its words */
	assert_string_equal(app_pending_field(&p, "impact"), "EU cards");
	app_pending_release(&p);
	unlink(q);
	free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pending__words_read_as_what_they_change),
		cmocka_unit_test(pending__only_what_waits_for_this_server_and_incident),
		cmocka_unit_test(pending__gate_on_the_facts_and_the_queue),
		cmocka_unit_test(pending__what_was_kept_is_read_not_the_words),
	};

	return tb_run("pending", tests, sizeof tests / sizeof tests[0]);
}
