/*
 * test-app-export.c - the postmortem written a piece at a time (src/app
 * export-md.c, export-html.c, record.c): finished and handed on between
 * every two items of a section, the Markdown and the HTML are the same
 * bytes, and mark the same lines as generated, as when written whole,
 * with record text built to trip the escapes across items (emphasis
 * runs, backticks, setext lines, list markers, a fence in the template);
 * the markers of facts not filled in are known before anything is
 * written; an update whose template names no timeline section walks no
 * event.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/app.h"
#include "calm/app-read.h"
#include "calm/config.h"
#include "calm/store.h"
#include "../../src/app/record.h"

struct fixture {
	struct store *st;
	struct playbook *pb;
	struct app app;
	long long id;
};

static long long clock_ms = 1675260300000LL; /* 2023-02-01T14:05:00Z */

static long long fixed_now(void)
{
	return clock_ms += 1000;
}

static const char *const notes[] = {
	"the *first* half of a run *", "and its end * here",
	"`tick` and `` double", "``", "line one\n===\nline three",
	"- looks like a list", "1. and a number", "a | pipe | row",
	"snake_case and _under_ score_", "[link](x) and [ref]: y",
	"~~strike~~ ~30%", "<b>tag</b> &amp; \\ slash\\", "# not a heading",
	"```\nnot a fence\n```", "plain words to close",
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct calm_err err = { 0 };
	long long n;

	assert_int_equal(config_default(&fx->pb, &err), CALM_OK);
	assert_int_equal(store_open(&fx->st, ":memory:", 0, &err), CALM_OK);
	fx->app = (struct app){ .st = fx->st, .pb = fx->pb, .author = "alice",
				.now_ms = fixed_now };
	assert_int_equal(app_declare(&fx->app, "Checkout *down*", 2, "Checkout", &fx->id),
			 CALM_OK);
	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++)
			assert_int_equal(app_note(&fx->app, fx->id, notes[i], strlen(notes[i]), NULL),
					 CALM_OK);
	assert_int_equal(app_fix_add(&fx->app, fx->id, "roll *back*", "the `deploy`", &n), CALM_OK);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	app_release(&fx->app);
	store_close(fx->st);
	playbook_free(fx->pb);
	free(fx);
	return 0;
}

static enum calm_rc collect(const char *s, size_t n, void *ctx)
{
	struct buf *b = ctx;

	buf_add(b, s, n);
	buf_addc(b, '\x1e'); /* where each piece ended */
	return CALM_OK;
}

/* The document written whole, and handed on at every chance (pieces). */
static void both_ways(struct fixture *fx, enum app_export_format fmt, size_t *npieces)
{
	struct pm_record r;
	struct buf whole_lines = BUF_INIT, piece_lines = BUF_INIT, pieces = BUF_INIT;
	struct pm_sink whole = { .lines = &whole_lines };
	struct pm_sink cut = { .write = collect, .ctx = &pieces, .lines = &piece_lines,
			       .flush_at = 1 };
	struct buf joined = BUF_INIT;

	assert_int_equal(pm_record_load(&fx->app, fx->id, 0, &r), CALM_OK);
	if (fmt == APP_EXPORT_HTML) {
		assert_int_equal(pm_write_html(&fx->app, &r, &whole, 0), CALM_OK);
		assert_int_equal(pm_write_html(&fx->app, &r, &cut, 0), CALM_OK);
	} else {
		assert_int_equal(pm_write_md(&fx->app, &r, &whole, 0), CALM_OK);
		assert_int_equal(pm_write_md(&fx->app, &r, &cut, 0), CALM_OK);
	}
	*npieces = 0;
	for (size_t i = 0; i < pieces.len; i++) {
		if (pieces.s[i] == '\x1e')
			++*npieces;
		else
			buf_addc(&joined, pieces.s[i]);
	}
	assert_string_equal(buf_cstr(&joined), buf_cstr(&whole.out));
	assert_string_equal(buf_cstr(&piece_lines), buf_cstr(&whole_lines));
	buf_release(&joined);
	buf_release(&pieces);
	buf_release(&whole_lines);
	buf_release(&piece_lines);
	pm_sink_release(&whole);
	pm_sink_release(&cut);
	pm_record_release(&r);
}

static void export__markdown_in_pieces_is_the_whole(void **state)
{
	struct fixture *fx = *state;
	size_t n = 0;

	both_ways(fx, APP_EXPORT_MD, &n);
	/* the narrative and the timeline each cut between every two items */
	assert_true(n > 2 * 3 * sizeof notes / sizeof notes[0]);
}

static void export__html_in_pieces_is_the_whole(void **state)
{
	struct fixture *fx = *state;
	size_t n = 0;

	both_ways(fx, APP_EXPORT_HTML, &n);
	assert_true(n > 3 * sizeof notes / sizeof notes[0]);
}

/* A template that puts the timeline inside a code fence of its own: no
 * piece may end inside it (md_finish escapes nothing there). */
static void export__never_cut_inside_a_fence(void **state)
{
	struct fixture *fx = *state;
	char *keep = fx->pb->postmortem;
	size_t n = 0;

	fx->pb->postmortem = "# {title}\n\n```\n{timeline}\n```\n\n{narrative}\n";
	both_ways(fx, APP_EXPORT_MD, &n);
	fx->pb->postmortem = keep;
	/* only the narrative was cut: the fenced timeline stayed whole */
	assert_true(n >= sizeof notes / sizeof notes[0]);
	assert_true(n < 2 * 3 * sizeof notes / sizeof notes[0]);
}

/* The markers are known from the facts before anything is written, and
 * are the ones the whole text holds. */
static void export__markers_before_writing(void **state)
{
	struct fixture *fx = *state;
	char **markers = NULL, *text = NULL;

	assert_int_equal(app_export_markers(&fx->app, fx->id, APP_EXPORT_MD, &markers), CALM_GATE);
	assert_non_null(markers);
	assert_non_null(strstr(fx->app.err.msg, "[cause: not set]"));
	assert_int_equal(app_postmortem_render(&fx->app, fx->id, APP_EXPORT_MD, &text), CALM_OK);
	for (size_t i = 0; markers[i]; i++)
		assert_non_null(strstr(text, markers[i]));
	app_markers_free(markers);
	free(text);
	assert_int_equal(app_export_markers(&fx->app, fx->id, APP_EXPORT_JSON, &markers), CALM_OK);
	assert_null(markers);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(export__markdown_in_pieces_is_the_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(export__html_in_pieces_is_the_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(export__never_cut_inside_a_fence, setup, teardown),
		cmocka_unit_test_setup_teardown(export__markers_before_writing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
