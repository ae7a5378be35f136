/*
 * test-app-outbox.c - a console's writes while the team's server is
 * down (app->outbox, app-read.h, outbox.c): the app's write functions
 * queue themselves and say CALM_QUEUED, the queue holds each write's
 * words and what it changes (kind, item, value), masked; a stage move
 * is judged on what the console has; without an outbox (the command
 * line) a write says CALM_OFFLINE and nothing is queued.
 *
 * The server is a PostgreSQL URI whose socket directory holds no
 * running server: what a stopped server is to libpq.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <limits.h>
#include <unistd.h>

#include "backend.h"
#include "calm/app.h"
#include "calm/app-read.h"
#include "calm/buf.h"
#include "calm/config.h"
#include "calm/milestone.h"

static long long fixed_now(void)
{
	return 1769954700000LL; /* 2026-02-01T14:05:00Z */
}

struct fixture {
	struct playbook *pb;
	struct app app;
	struct app_outbox ob;
	char *server, *qpath;
};

/* An app on a stopped server, its outbox at a fresh queue file shown
 * incident 1 (with_outbox false: the command line's app). */
static void down(struct fixture *f, bool with_outbox)
{
	struct calm_err err = { 0 };
	struct buf b = BUF_INIT;

	memset(f, 0, sizeof *f);
	assert_int_equal(config_default(&f->pb, &err), CALM_OK);
	buf_addf(&b, "postgresql:///team?host=%s/stopped-%ld", tb_tmp_dir(), (long)getpid());
	f->server = buf_detach(&b);
	buf_addf(&b, "%s/outbox-%ld.db", tb_tmp_dir(), (long)getpid());
	f->qpath = buf_detach(&b);
	unlink(f->qpath);
	f->app = (struct app){ .pb = f->pb, .author = "alice", .now_ms = fixed_now };
	assert_int_equal(app_open(&f->app, f->server, false), CALM_OK);
	assert_true(app_offline(&f->app));
	f->ob = (struct app_outbox){ .qpath = f->qpath, .id = 1 };
	if (with_outbox)
		f->app.outbox = &f->ob;
}

static void up(struct fixture *f)
{
	char wal[4096];

	app_outbox_release(&f->ob);
	app_close(&f->app);
	app_release(&f->app);
	playbook_free(f->pb);
	snprintf(wal, sizeof wal, "%s-wal", f->qpath);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", f->qpath);
	unlink(wal);
	unlink(f->qpath);
	free(f->qpath);
	free(f->server);
}

static void outbox__each_write_queues_itself_and_says_queued(void **state)
{
	struct fixture f;
	const struct app_pending_write *v;

	(void)state;
	down(&f, true);
	assert_int_equal(app_check(&f.app, 1, "who-affected", true), CALM_QUEUED);
	assert_int_equal(f.ob.queued, 1);
	assert_int_equal(f.ob.pending.n, 1);
	assert_int_equal(app_set_field(&f.app, 1, "impact", "-EU cards fail", NULL), CALM_QUEUED);
	assert_int_equal(app_note(&f.app, 1, "pool drained", 12, NULL), CALM_QUEUED);
	assert_int_equal(app_check(&f.app, 1, "what-broken", false), CALM_QUEUED);
	assert_int_equal(app_fix_add(&f.app, 1, "restart the pool", "exhausted", NULL), CALM_QUEUED);
	assert_int_equal(f.ob.queued, 5);
	assert_int_equal(f.ob.pending.n, 5);
	v = f.ob.pending.v;
	assert_int_equal(v[0].kind, PENDING_CHECK);
	assert_string_equal(v[0].what, "who-affected");
	assert_true(v[0].checked);
	assert_string_equal(v[0].words, "check 1 who-affected");
	assert_int_equal(v[1].kind, PENDING_FIELD);
	assert_string_equal(v[1].what, "impact");
	assert_string_equal(v[1].value, "-EU cards fail");
	assert_string_equal(v[1].words, "set 1 impact -- -EU cards fail");
	assert_int_equal(v[2].kind, PENDING_NOTE);
	assert_string_equal(v[2].what, "pool drained");
	assert_int_equal(v[3].kind, PENDING_CHECK);
	assert_false(v[3].checked);
	assert_string_equal(v[3].words, "check 1 what-broken --undo");
	assert_int_equal(v[4].kind, PENDING_OTHER);
	assert_string_equal(v[4].words, "fix 1 --why=exhausted -- restart the pool");

	/* read back from the file, not only from what the outbox kept */
	struct app_pending p;
	struct calm_err err = { 0 };

	assert_int_equal(app_pending_load(f.qpath, f.server, 1, &p, &err), CALM_OK);
	assert_int_equal(p.n, 5);
	assert_string_equal(p.v[1].value, "-EU cards fail");
	app_pending_release(&p);
	up(&f);
}

/* The rest of a console's writes: each queues the words of the calm
 * command that replays it (the command line's grammar: options before
 * "--", free text after it), read back from the file in the order made. */
static void outbox__every_other_write_queues_its_command(void **state)
{
	static const char *const want[] = {
		"action 1 --owner=bob --category=technical --due=2026-03-01 -- add a pool alarm",
		"action 1 -- -",
		"action-done 1 2",
		"action-done 1 3 --drop",
		"action-done 1 4 --reopen",
		"outcome 1 1 worked -- pool refilled",
		"outcome 1 2 failed",
		"nofix 1 -- two minutes of orders",
		"fix 1 -- restart the pool",
		"mark 1 mitigated",
		"mark 1 detected 2026-02-01T14:05:00Z",
		"amend 7 -- the pool, not the cache",
		"strike 8 -- wrong incident",
		"role 1 communications -- bob",
		"role 1 communications --clear",
		"role 1 commander --accept",
		"back 1",
	};
	const size_t n = sizeof want / sizeof want[0];
	struct fixture f;
	struct app_pending p;
	struct calm_err err = { 0 };

	(void)state;
	down(&f, true);
	assert_int_equal(app_action_add(&f.app, 1, "add a pool alarm", "bob", "technical",
					"2026-03-01", NULL),
			 CALM_QUEUED);
	assert_int_equal(app_action_add(&f.app, 1, "-", NULL, NULL, "", NULL), CALM_QUEUED);
	assert_int_equal(app_action_status(&f.app, 1, 2, "done"), CALM_QUEUED);
	assert_int_equal(app_action_status(&f.app, 1, 3, "dropped"), CALM_QUEUED);
	assert_int_equal(app_action_status(&f.app, 1, 4, "open"), CALM_QUEUED);
	assert_int_equal(app_fix_outcome(&f.app, 1, 1, "worked", "pool refilled"), CALM_QUEUED);
	assert_int_equal(app_fix_outcome(&f.app, 1, 2, "failed", NULL), CALM_QUEUED);
	assert_int_equal(app_no_fix(&f.app, 1, "two minutes of orders"), CALM_QUEUED);
	assert_int_equal(app_fix_add(&f.app, 1, "restart the pool", "", NULL), CALM_QUEUED);
	assert_int_equal(app_mark(&f.app, 1, MS_MITIGATED, fixed_now(), false), CALM_QUEUED);
	assert_int_equal(app_mark(&f.app, 1, MS_DETECTED, fixed_now(), true), CALM_QUEUED);
	assert_int_equal(app_amend(&f.app, 7, "the pool, not the cache", 23), CALM_QUEUED);
	assert_int_equal(app_strike(&f.app, 8, "wrong incident"), CALM_QUEUED);
	assert_int_equal(app_role_assign(&f.app, 1, "communications", "bob"), CALM_QUEUED);
	assert_int_equal(app_role_assign(&f.app, 1, "communications", NULL), CALM_QUEUED);
	assert_int_equal(app_role_accept(&f.app, 1, "commander"), CALM_QUEUED);
	assert_int_equal(app_back(&f.app, 1, "fix", NULL), CALM_QUEUED);
	assert_int_equal(f.ob.queued, (long long)n);
	assert_int_equal(app_pending_load(f.qpath, f.server, 1, &p, &err), CALM_OK);
	assert_int_equal(p.n, n); /* an amend's and a strike's listed under the outbox's */
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(p.v[i].words, want[i]);
		assert_int_equal(p.v[i].kind, i + 1 < n ? PENDING_OTHER : PENDING_BACK);
	}
	assert_string_equal(p.v[n - 1].from, "fix");
	app_pending_release(&p);
	up(&f);
}

static void outbox__a_refused_or_unqueueable_write_is_not_queued(void **state)
{
	struct fixture f;

	(void)state;
	down(&f, true);
	/* refused before the server is tried: as online */
	assert_int_equal(app_set_field(&f.app, 1, "no-such-field", "x", NULL), CALM_USAGE);
	assert_int_equal(app_note(&f.app, 1, "  ", 2, NULL), CALM_USAGE);
	/* replayed, a text of just "-" would read stdin; a NUL byte cannot be kept */
	assert_int_equal(app_note(&f.app, 1, "-", 1, NULL), CALM_OFFLINE);
	assert_non_null(strstr(f.app.err.msg, "cannot be queued"));
	assert_int_equal(app_note(&f.app, 1, "a\0b", 3, NULL), CALM_OFFLINE);
	assert_non_null(strstr(f.app.err.msg, "NUL bytes"));
	assert_int_equal(app_note(&f.app, 1, "-\0", 2, NULL), CALM_OFFLINE); /* not just '-' */
	assert_non_null(strstr(f.app.err.msg, "NUL bytes"));
	/* an amend and a strike read a text of "-" from stdin as a note does */
	assert_int_equal(app_amend(&f.app, 7, "-", 1), CALM_OFFLINE);
	assert_non_null(strstr(f.app.err.msg, "cannot be queued"));
	assert_int_equal(app_amend(&f.app, 7, "x\0y", 3), CALM_OFFLINE);
	assert_int_equal(app_strike(&f.app, 7, "-"), CALM_OFFLINE);
	assert_non_null(strstr(f.app.err.msg, "cannot be queued"));
	assert_int_equal(f.ob.queued, 0);
	assert_int_equal(access(f.qpath, F_OK), -1); /* never even made */
	/* a title never is: "-" is queued as itself, as are notes that hold one */
	assert_int_equal(app_action_add(&f.app, 1, "-", NULL, NULL, NULL, NULL), CALM_QUEUED);
	assert_int_equal(app_note(&f.app, 1, "--", 2, NULL), CALM_QUEUED);
	assert_int_equal(f.ob.queued, 2);
	assert_string_equal(f.ob.pending.v[0].words, "action 1 -- -");
	up(&f);
}

static void outbox__a_secret_is_masked_in_the_queue(void **state)
{
	struct fixture f;

	(void)state;
	down(&f, true);
	assert_int_equal(app_note(&f.app, 1, "db password=hunter2 rotated", 27, NULL), CALM_QUEUED);
	assert_int_equal(f.ob.pending.n, 1);
	assert_null(strstr(f.ob.pending.v[0].what, "hunter2"));
	assert_null(strstr(f.ob.pending.v[0].words, "hunter2"));
	up(&f);
}

/* What a console read of stage 1 before the server went: nothing ticked. */
static void facts_unticked(const struct playbook *pb, struct app_facts *fx)
{
	const struct stage *st = &pb->stages[0];

	memset(fx, 0, sizeof *fx);
	fx->items = calloc(st->nitems + 1, sizeof *fx->items);
	for (size_t i = 0; i < st->nitems; i++)
		fx->items[i] = (struct gate_item){ strdup(st->items[i].id), strdup(st->items[i].text),
						   st->items[i].required, false };
	fx->nitems = st->nitems;
	fx->f.items = fx->items;
	fx->f.nitems = fx->nitems;
	fx->read = true;
}

static void outbox__a_stage_move_is_judged_on_what_the_console_has(void **state)
{
	const struct stage *st;
	struct fixture f;
	struct app_facts fx;
	struct gate_report rep;
	char *stage = NULL;
	struct calm_err err = { 0 };

	(void)state;
	down(&f, true);
	st = &f.pb->stages[0];
	/* the gate never read: only an override can be judged */
	assert_int_equal(app_advance(&f.app, 1, "evaluate", NULL, &rep, NULL), CALM_OFFLINE);
	gate_report_release(&rep);
	facts_unticked(f.pb, &fx);
	f.ob.facts = &fx;
	/* as read, nothing queued: the gate of stage 1 does not hold */
	assert_int_equal(app_advance(&f.app, 1, "evaluate", NULL, &rep, NULL), CALM_GATE);
	assert_int_equal(rep.stage, 0);
	assert_true(rep.nunmet > 0);
	gate_report_release(&rep);
	assert_int_equal(f.ob.queued, 0);
	/* its items ticked in the queue: it holds, and the advance is queued */
	for (size_t i = 0; i < st->nitems; i++)
		assert_int_equal(app_check(&f.app, 1, st->items[i].id, true), CALM_QUEUED);
	assert_int_equal(app_advance(&f.app, 1, "evaluate", NULL, &rep, NULL), CALM_QUEUED);
	gate_report_release(&rep);
	assert_int_equal(f.ob.pending.n, st->nitems + 1);
	assert_int_equal(f.ob.pending.v[st->nitems].kind, PENDING_ADVANCE);
	assert_string_equal(f.ob.pending.v[st->nitems].from, "evaluate");
	assert_int_equal(app_queue_view_get(f.qpath, f.server, 1, &stage, &err), CALM_OK);
	assert_string_equal(stage, f.pb->stages[1].id);
	free(stage);
	/* an override goes from where the queued advance leads */
	assert_int_equal(app_advance(&f.app, 1, "evaluate", "the pager says so", NULL, NULL),
			 CALM_QUEUED);
	assert_string_equal(f.ob.pending.v[st->nitems + 1].from, f.pb->stages[1].id);
	assert_string_equal(f.ob.pending.v[st->nitems + 1].words,
			    "advance 1 --override the pager says so");
	/* back twice from stage 3 once sent, and no further than the first */
	assert_int_equal(app_back(&f.app, 1, "evaluate", NULL), CALM_QUEUED);
	assert_int_equal(f.ob.pending.v[st->nitems + 2].kind, PENDING_BACK);
	assert_string_equal(f.ob.pending.v[st->nitems + 2].from, f.pb->stages[2].id);
	assert_int_equal(app_back(&f.app, 1, "evaluate", NULL), CALM_QUEUED);
	assert_int_equal(app_back(&f.app, 1, "evaluate", NULL), CALM_GATE);
	assert_int_equal(f.ob.queued, (long long)st->nitems + 4);
	app_facts_release(&fx);
	up(&f);
}

static void outbox__without_one_a_write_says_offline(void **state)
{
	struct fixture f;

	(void)state;
	down(&f, false); /* the command line queues the whole command itself */
	assert_int_equal(app_check(&f.app, 1, "who-affected", true), CALM_OFFLINE);
	assert_int_equal(app_advance(&f.app, 1, "evaluate", "why", NULL, NULL), CALM_OFFLINE);
	assert_int_equal(access(f.qpath, F_OK), -1);
	assert_null(f.app.replay_uid); /* no id of the outbox's left behind */
	up(&f);
}

/* A reload reads the queue again only when it changed: reading it (a
 * count, the pending writes) is no change; another calm's write is. */
static void outbox__changed_only_when_someone_writes_the_queue(void **state)
{
	struct fixture f;
	struct calm_err err = { 0 };
	long long n = 0, refused = 0;
	const char *words[] = { "log", "2", "--", "from the shell" };

	(void)state;
	down(&f, true);
	assert_false(app_outbox_changed(&f.app)); /* no file, none read */
	assert_int_equal(app_check(&f.app, 1, "who-affected", true), CALM_QUEUED);
	assert_false(app_outbox_changed(&f.app)); /* its own write, read back */
	assert_int_equal(app_outbox_load(&f.app), CALM_OK);
	assert_int_equal(app_queue_count(f.qpath, f.server, &n, &refused, NULL, &err), CALM_OK);
	assert_int_equal(n, 1);
	assert_false(app_outbox_changed(&f.app));
	/* the command line queues for another incident meanwhile */
	assert_int_equal(app_queue_words(&f.app, f.qpath, f.server, "00000000000000000000000000000abc",
					 4, words, NULL, NULL, false, &err),
			 CALM_OK);
	assert_true(app_outbox_changed(&f.app));
	assert_int_equal(app_outbox_load(&f.app), CALM_OK);
	assert_false(app_outbox_changed(&f.app));
	assert_int_equal(f.ob.queued, 2);
	assert_int_equal(f.ob.pending.n, 1); /* incident 1's only */
	up(&f);
}

/* How many of this process's descriptors are open on path itself. */
static int fds_on(const char *path)
{
	char real[PATH_MAX], link[PATH_MAX + 64], to[PATH_MAX];
	struct dirent *e;
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(realpath(path, real));
	assert_non_null(d);
	while ((e = readdir(d))) {
		ssize_t len;

		snprintf(link, sizeof link, "/proc/self/fd/%s", e->d_name);
		len = readlink(link, to, sizeof to - 1);
		if (len > 0) {
			to[len] = '\0';
			n += strcmp(to, real) == 0;
		}
	}
	closedir(d);
	return n;
}

/* A console's outbox reads the queue under a hold of its own: inside
 * another hold it uses that one's connection, and its release leaves
 * the file open for the outer span, which alone closes it. */
static void outbox__a_hold_inside_a_hold_keeps_the_file_open(void **state)
{
	struct fixture f;
	struct calm_err err = { 0 };
	long long n = 0, refused = 0;

	(void)state;
	down(&f, true);
	assert_int_equal(app_check(&f.app, 1, "who-affected", true), CALM_QUEUED);
	assert_int_equal(fds_on(f.qpath), 0); /* the write's own span closed it */
	app_queue_hold();
	assert_int_equal(app_queue_count(f.qpath, f.server, &n, &refused, NULL, &err), CALM_OK);
	assert_int_equal(fds_on(f.qpath), 1);
	assert_int_equal(app_outbox_load(&f.app), CALM_OK); /* holds and releases inside */
	assert_int_equal(f.ob.pending.n, 1);
	assert_int_equal(fds_on(f.qpath), 1); /* still the outer span's */
	app_queue_hold();
	app_queue_release();
	assert_int_equal(fds_on(f.qpath), 1);
	assert_int_equal(app_queue_count(f.qpath, f.server, &n, &refused, NULL, &err), CALM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(fds_on(f.qpath), 1); /* one connection all along */
	app_queue_release();
	assert_int_equal(fds_on(f.qpath), 0);
	up(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(outbox__each_write_queues_itself_and_says_queued),
		cmocka_unit_test(outbox__every_other_write_queues_its_command),
		cmocka_unit_test(outbox__a_refused_or_unqueueable_write_is_not_queued),
		cmocka_unit_test(outbox__a_secret_is_masked_in_the_queue),
		cmocka_unit_test(outbox__a_stage_move_is_judged_on_what_the_console_has),
		cmocka_unit_test(outbox__without_one_a_write_says_offline),
		cmocka_unit_test(outbox__changed_only_when_someone_writes_the_queue),
		cmocka_unit_test(outbox__a_hold_inside_a_hold_keeps_the_file_open),
	};

	return cmocka_run_group_tests_name("outbox", tests, NULL, NULL);
}
