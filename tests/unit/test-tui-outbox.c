/*
 * test-tui-outbox.c - what a console shows of its queue (outbox.c): the
 * writes waiting for the incident shown are marked over what was read,
 * and a reload reads the queue file again only when it may say
 * something new (another incident shown, or the file changed: another
 * calm queued, or the queue was sent), never once per reload.  A SQLite
 * database stands for the team's server; the queue file's connections
 * are counted through SQLite's auto-extension.  No curses screen is
 * opened (the layout reads COLS and LINES, set here to 200x50).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calm/app-read.h"
#include "calm/config.h"
#include "fixture-app.h"
#include "tui.h"

struct fixture {
	char path[512], qpath[512];
	struct playbook *pb;
	struct config cfg;
	struct console_opts opts;
	struct app app;
	struct tui t;
	long long id, other;
};

/* Connections opened on the queue file since the last reset. */
static int queue_opens;

static int count_queue(sqlite3 *db, char **msg, const void *api)
{
	const char *name = sqlite3_db_filename(db, "main");

	(void)msg;
	(void)api;
	if (name && strstr(name, "outbox-queue-"))
		queue_opens++;
	return SQLITE_OK;
}

/* Queue a tick of item for incident id, as another calm would. */
static void queue_tick(struct fixture *fx, long long id, const char *uid, const char *item)
{
	struct calm_err err = { 0 };
	char ids[24];
	const char *words[] = { "check", ids, item };
	struct app_queued_what what = { PENDING_CHECK, id, item, NULL, true };

	snprintf(ids, sizeof ids, "%lld", id);
	assert_int_equal(app_queue_words(&fx->app, fx->qpath, app_db_path(&fx->app), uid, 3, words,
					 &what, NULL, false, &err),
			 CALM_OK);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	const char *tmp = getenv("CALM_TEST_TMP");

	COLS = 200;
	LINES = 50;
	tmp = tmp ? tmp : "/tmp";
	mkdir(tmp, 0700);
	snprintf(fx->path, sizeof fx->path, "%s/outbox-db-%d.db", tmp, (int)getpid());
	snprintf(fx->qpath, sizeof fx->qpath, "%s/outbox-queue-%d.db", tmp, (int)getpid());
	app_fixture_unlink(fx->path);
	app_fixture_unlink(fx->qpath);
	app_fixture_open(&fx->pb, &fx->app, fx->path, "alice", NULL);
	assert_int_equal(app_declare(&fx->app, "Checkout down", 2, "Checkout", &fx->id), CALM_OK);
	assert_int_equal(app_declare(&fx->app, "Search slow", 3, "Search", &fx->other), CALM_OK);
	fx->opts = (struct console_opts){ .app = &fx->app, .config = &fx->cfg,
					  .incident = fx->id, .queue_path = fx->qpath };
	fx->t = (struct tui){ .opts = &fx->opts, .app = &fx->app, .pb = fx->pb, .id = fx->id,
			      .view = V_CHECKLIST, .main = V_CHECKLIST };
	assert_int_equal(sqlite3_auto_extension((void (*)(void))count_queue), SQLITE_OK);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	sqlite3_reset_auto_extension();
	tui_release(&fx->t);
	app_fixture_close(&fx->pb, &fx->app);
	app_fixture_unlink(fx->path);
	app_fixture_unlink(fx->qpath);
	free(fx);
	return 0;
}

/* The checklist row of item, or NULL. */
static const struct check_entry *row(const struct tui *t, const char *item)
{
	for (size_t i = 0; i < t->cl.n; i++)
		if (strcmp(t->cl.v[i].id, item) == 0)
			return &t->cl.v[i];
	return NULL;
}

static void tui_outbox__a_reload_reads_the_queue_only_when_it_changed(void **state)
{
	struct fixture *fx = *state;
	struct tui *t = &fx->t;

	queue_tick(fx, fx->id, "00000000000000000000000000000001", "what-broken");
	queue_opens = 0;
	tui_reload(t); /* the first: read */
	assert_int_equal(queue_opens, 1);
	assert_int_equal(t->ob.queued, 1);
	assert_int_equal(t->ob.pending.n, 1);
	assert_non_null(row(t, "what-broken"));
	assert_int_equal(row(t, "what-broken")->queued, 1);
	/* nothing new in the file: shown as read, without opening it */
	for (int i = 0; i < 3; i++)
		tui_reload(t);
	assert_int_equal(queue_opens, 1);
	assert_int_equal(t->ob.pending.n, 1);
	assert_int_equal(row(t, "what-broken")->queued, 1); /* still marked over the read */
	/* another calm queues (for another incident): read again, once */
	queue_tick(fx, fx->other, "00000000000000000000000000000002", "who-sees-it");
	queue_opens = 0;
	tui_reload(t);
	tui_reload(t);
	assert_int_equal(queue_opens, 1);
	assert_int_equal(t->ob.queued, 2);
	assert_int_equal(t->ob.pending.n, 1); /* this incident's only */
	/* another incident shown: its writes read */
	t->id = fx->other;
	queue_opens = 0;
	tui_reload(t);
	assert_int_equal(queue_opens, 1);
	assert_int_equal(t->ob.pending.n, 1);
	assert_string_equal(t->ob.pending.v[0].what, "who-sees-it");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(tui_outbox__a_reload_reads_the_queue_only_when_it_changed,
						setup, teardown),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests_name("tui-outbox", tests, NULL, NULL);
}
