/*
 * test-tui-news.c - another writer's change reaches the console's model
 * where it lands, without the screen read again: a partner's note is a
 * new line at the end of the followed timeline;
 * a tick shows in the checklist; a timeline scrolled up stays where it
 * is, saying more follows; a stage move, which changes the whole screen,
 * reloads.  Two connections to one SQLite file (the console's and the
 * partner's, as two `calm` processes); no curses screen is opened (the
 * layout reads COLS and LINES, set here to a 200x50 terminal).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calm/config.h"
#include "fixture-app.h"
#include "tui.h"

struct fixture {
	char path[512];
	struct playbook *pb;
	struct config cfg;
	struct console_opts opts;
	struct app app, partner;
	struct tui t;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	const char *tmp = getenv("CALM_TEST_TMP");
	long long id;

	COLS = 200;
	LINES = 50;
	mkdir(tmp ? tmp : "/tmp", 0700);
	snprintf(fx->path, sizeof fx->path, "%s/news-%d.db", tmp ? tmp : "/tmp", (int)getpid());
	app_fixture_unlink(fx->path);
	app_fixture_open(&fx->pb, &fx->app, fx->path, "alice", NULL);
	assert_int_equal(app_declare(&fx->app, "Checkout down", 2, "Checkout", &id), CALM_OK);
	for (int i = 0; i < 60; i++) /* more than the screen shows */
		assert_int_equal(app_note(&fx->app, id, "checking", 8, NULL), CALM_OK);
	app_fixture_join(&fx->partner, fx->pb, fx->path, "bob", NULL);
	fx->opts = (struct console_opts){ .app = &fx->app, .config = &fx->cfg, .incident = id };
	fx->t = (struct tui){ .opts = &fx->opts, .app = &fx->app, .pb = fx->pb, .id = id,
			      .view = V_CHECKLIST, .main = V_CHECKLIST };
	fx->t.tl.follow = true;
	tui_reload(&fx->t);
	assert_true(fx->t.wide); /* the timeline beside the checklist */
	assert_true(fx->t.tl.n > 5);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	tui_release(&fx->t);
	app_fixture_leave(&fx->partner);
	app_fixture_close(&fx->pb, &fx->app);
	app_fixture_unlink(fx->path);
	free(fx);
	return 0;
}

/* The partner committed: the console's tick notices it (the data
 * version) and applies what came. */
static void partner_committed(struct fixture *fx)
{
	long long v;

	assert_int_equal(app_db_version(&fx->app, &v), CALM_OK);
	assert_true(v != fx->t.data_version);
	news_apply(&fx->t, v);
	assert_int_equal(fx->t.data_version, v);
}

static const char *last_line(const struct timeline *tl)
{
	return tl->v[tl->n - 1].lines[0];
}

static void tui_news__a_partners_note_is_appended_without_a_reload(void **state)
{
	struct fixture *fx = *state;
	struct timeline *tl = &fx->t.tl;
	long long reloads = fx->t.reloads, first = tl->v[0].id, note;
	size_t n = tl->n;

	assert_int_equal(app_note(&fx->partner, fx->t.id, "db failover started", 19, &note), CALM_OK);
	partner_committed(fx);
	assert_int_equal(fx->t.reloads, reloads); /* nothing read again */
	assert_int_equal(tl->n, n);               /* a full page: the oldest line went */
	assert_int_equal(tl->v[tl->n - 1].id, note);
	assert_non_null(strstr(last_line(tl), "db failover started"));
	assert_true(tl->v[0].id > first);
	assert_int_equal(fx->t.seen, note);       /* the next news starts after it */
	/* no news: nothing changes, nothing is read again */
	news_apply(&fx->t, fx->t.data_version);
	assert_int_equal(fx->t.reloads, reloads);
	assert_int_equal(tl->v[tl->n - 1].id, note);
	/* the page is the one a reload reads */
	long long ids[256];
	n = tl->n;
	assert_true(n <= 256);
	for (size_t i = 0; i < n; i++)
		ids[i] = tl->v[i].id;
	tui_reload(&fx->t);
	assert_int_equal(tl->n, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(tl->v[i].id, ids[i]);
}

static void tui_news__a_tick_shows_in_the_checklist(void **state)
{
	struct fixture *fx = *state;
	long long reloads = fx->t.reloads;
	const char *item;

	assert_true(fx->t.cl.n > 0);
	assert_false(fx->t.cl.v[0].checked);
	item = fx->pb->stages[fx->t.stage].items[0].id;
	assert_int_equal(app_check(&fx->partner, fx->t.id, item, true), CALM_OK);
	partner_committed(fx);
	assert_int_equal(fx->t.reloads, reloads);
	assert_true(fx->t.cl.v[0].checked);
	assert_string_equal(fx->t.tl.v[fx->t.tl.n - 1].tag, "[check]");
}

static void tui_news__a_page_scrolled_up_stays(void **state)
{
	struct fixture *fx = *state;
	struct timeline *tl = &fx->t.tl;
	long long reloads = fx->t.reloads, first, sel;
	size_t n;

	assert_true(timeline_action(&fx->t, tl, ACT_UP, tl->rows)); /* leaves the end */
	assert_false(tl->follow);
	first = tl->v[0].id;
	sel = tl->sel;
	n = tl->n;
	assert_int_equal(app_note(&fx->partner, fx->t.id, "more", 4, NULL), CALM_OK);
	partner_committed(fx);
	assert_int_equal(fx->t.reloads, reloads);
	assert_int_equal(tl->v[0].id, first);
	assert_int_equal(tl->sel, sel);
	assert_int_equal(tl->n, n);
	assert_true(tl->more);
}

static void tui_news__a_stage_move_reloads(void **state)
{
	struct fixture *fx = *state;
	long long reloads = fx->t.reloads;
	int stage = fx->t.stage;

	assert_int_equal(app_advance(&fx->partner, fx->t.id, fx->t.inc.stage_id, "walked in the test",
				     NULL, NULL), CALM_OK);
	partner_committed(fx);
	assert_int_equal(fx->t.reloads, reloads + 1);
	assert_int_equal(fx->t.stage, stage + 1);
	assert_true(fx->t.stage_news); /* the console says who moved it */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(tui_news__a_partners_note_is_appended_without_a_reload,
						setup, teardown),
		cmocka_unit_test_setup_teardown(tui_news__a_tick_shows_in_the_checklist, setup, teardown),
		cmocka_unit_test_setup_teardown(tui_news__a_page_scrolled_up_stays, setup, teardown),
		cmocka_unit_test_setup_teardown(tui_news__a_stage_move_reloads, setup, teardown),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
