/*
 * test-app-race.c - two people acting on one incident at the same
 * moment, on both engines (backend.h): each action is the incident's
 * one writer while it runs, so two advances of the stage both people
 * saw make exactly one move; the other is told who moved it and where
 * to, and the reason they gave is kept as a note.  The concurrent case
 * forks two processes, each with its own connection, released together
 * by one write to a pipe: on PostgreSQL they run at once and the
 * incident's row lock decides, on SQLite the file's lock does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend.h"
#include "calm/app.h"
#include "calm/app-read.h"
#include "calm/config.h"

static long long fixed_now(void)
{
	return 1769954700000LL; /* 2026-02-01T14:05:00Z */
}

/* An app on path as author, with the playbook. */
static void open_app(struct app *a, const char *path, const char *author,
		     struct playbook *pb)
{
	*a = (struct app){ .pb = pb, .author = author, .now_ms = fixed_now };
	if (app_open(a, path, false) != CALM_OK)
		fail_msg("open: %s", a->err.msg);
}

static void close_app(struct app *a)
{
	app_close(a);
	app_release(a);
}

static long long count(const char *path, const char *kind)
{
	char sql[128];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE kind = '%s'", kind);
	return tb_int(path, sql);
}

static void race__second_advance_is_told(void **state)
{
	char *path = tb_fresh("race-told"), *note;
	struct playbook *pb = NULL;
	struct app alice, bob;
	struct incident inc;
	struct calm_err err = { 0 };
	long long id = 0;

	(void)state;
	assert_int_equal(config_default(&pb, &err), CALM_OK);
	open_app(&alice, path, "alice", pb);
	open_app(&bob, path, "bob", pb);
	assert_int_equal(app_declare(&alice, "Checkout returns 500", 2, NULL, &id), CALM_OK);
	assert_int_equal(app_incident(&bob, id, &inc), CALM_OK); /* both see stage 1 */
	assert_string_equal(inc.stage_id, "evaluate");
	assert_int_equal(app_advance(&alice, id, "evaluate", "seen enough", NULL, NULL), CALM_OK);
	assert_int_equal(app_advance(&bob, id, inc.stage_id, "also seen enough", NULL, NULL),
			 CALM_GATE);
	assert_string_equal(bob.err.msg,
			    "alice moved incident 1 to stage 2/8 Write down everything at 14:05:00,"
			    " before you: nothing more moved (your reason is kept as a note)");
	assert_int_equal(count(path, "stage"), 1);
	note = tb_text(path, "SELECT author || ': ' || text FROM events WHERE kind = 'note'");
	assert_string_equal(note, "bob: bob's reason for leaving stage 'evaluate', kept (alice moved"
			    " it first): also seen enough");
	free(note);
	/* going back races the same way */
	assert_int_equal(app_back(&alice, id, "write-down", NULL), CALM_OK);
	assert_int_equal(app_back(&bob, id, "write-down", NULL), CALM_GATE);
	assert_int_equal(count(path, "stage"), 2);
	incident_release(&inc);
	close_app(&alice);
	close_app(&bob);
	playbook_free(pb);
	tb_drop(path);
}

/* A child: open, wait for the go, advance from stage `from`, exit with
 * the code. */
static void advancer(const char *path, struct playbook *pb, const char *who,
		     const char *from, int go)
{
	struct app a;
	char c;
	enum calm_rc rc;

	open_app(&a, path, who, pb);
	if (read(go, &c, 1) != 1)
		_exit(100);
	rc = app_advance(&a, 1, from, "both at once", NULL, NULL);
	close_app(&a);
	_exit(rc);
}

static void race__two_advances_at_once_make_one(void **state)
{
	char *path = tb_fresh("race-once");
	struct playbook *pb = NULL;
	struct app a;
	struct calm_err err = { 0 };
	long long id = 0;
	int rounds = 12;

	(void)state;
	assert_int_equal(config_default(&pb, &err), CALM_OK);
	open_app(&a, path, "alice", pb);
	assert_int_equal(app_declare(&a, "Checkout returns 500", 2, NULL, &id), CALM_OK);
	for (int r = 0; r < rounds; r++) {
		int go[2], status[2], ok = 0, told = 0;
		pid_t kids[2];

		assert_int_equal(pipe(go), 0);
		for (int k = 0; k < 2; k++) {
			kids[k] = fork();
			assert_true(kids[k] >= 0);
			if (kids[k] == 0)
				advancer(path, pb, k ? "bob" : "carol", "evaluate", go[0]);
		}
		usleep(50000); /* both connected and waiting; the go is one write */
		assert_int_equal(write(go[1], "gg", 2), 2);
		for (int k = 0; k < 2; k++) {
			assert_int_equal(waitpid(kids[k], &status[k], 0), kids[k]);
			assert_true(WIFEXITED(status[k]));
			ok += WEXITSTATUS(status[k]) == CALM_OK;
			told += WEXITSTATUS(status[k]) == CALM_GATE;
		}
		close(go[0]);
		close(go[1]);
		assert_int_equal(ok, 1);
		assert_int_equal(told, 1);
		assert_int_equal(count(path, "stage"), 2 * r + 1); /* one move, then the back below */
		assert_int_equal(app_back(&a, id, "write-down", NULL), CALM_OK);
	}
	assert_int_equal(count(path, "note"), rounds); /* every loser's reason kept */
	close_app(&a);
	playbook_free(pb);
	tb_drop(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(race__second_advance_is_told),
		cmocka_unit_test(race__two_advances_at_once_make_one),
	};

	return tb_run("race", tests, sizeof tests / sizeof tests[0]);
}
