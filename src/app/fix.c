/*
 * fix.c - fix attempts, their outcomes, and "no fix possible": each one
 * transaction with its timeline event.
 */
#include "app-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"

static const char *const outcomes[] = {
	"worked", "failed", "partial", "rolled-back", NULL,
};

static enum calm_rc fix_add(struct app *app, long long id, const char *what,
			    const char *why, long long *n)
{
	struct buf msg = BUF_INIT;
	char ns[24], *what_m = NULL, *why_m = NULL;
	long long num = 0;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	rc = app_text(app, "fix attempt", what, strlen(what), APP_MAX_TEXT, &what_m);
	if (rc == CALM_OK && why)
		rc = app_text(app, why[0] ? "why" : NULL, why, strlen(why), APP_MAX_TEXT, &why_m);
	if (rc != CALM_OK) {
		free(what_m);
		return rc;
	}
	what = what_m;
	why = why_m;
	rc = app_act(app, id, NULL);
	if (rc == CALM_OK)
		rc = store_fix_add(app->st, id, what, why, app_now(app),
				   app_author(app), &num, &app->err);
	if (rc == CALM_OK) {
		snprintf(ns, sizeof ns, "%lld", num);
		buf_addf(&msg, "fix attempt %lld: %s", num, what);
		if (why && why[0])
			buf_addf(&msg, " (why: %s)", why);
		const char *kv[] = { "fix", ns, "what", what, "why", why ? why : "", NULL };
		rc = app_record(app, id, "fix", buf_cstr(&msg), kv);
	}
	buf_release(&msg);
	free(what_m);
	free(why_m);
	rc = app_finish(app, rc);
	if (rc == CALM_OK && n)
		*n = num;
	return rc;
}

enum calm_rc app_fix_add(struct app *app, long long id, const char *what,
			 const char *why, long long *n)
{
	struct buf whyw = BUF_INIT; /* fix ID [--why=WHY] -- WHAT */
	struct app_write w = { .id = id, .argc = 2, .words = { "fix", NULL },
			       .what = { .kind = PENDING_OTHER } };
	enum calm_rc rc;

	buf_addf(&whyw, "--why=%s", why ? why : "");
	if (why && why[0])
		w.words[w.argc++] = buf_cstr(&whyw);
	w.words[w.argc++] = "--";
	w.words[w.argc++] = what;
	app_write_begin(app, &w);
	rc = app_write_end(app, &w, fix_add(app, id, what, why, n));
	buf_release(&whyw);
	return rc;
}

static enum calm_rc fix_outcome(struct app *app, long long id, long long n,
				const char *outcome, const char *note)
{
	struct buf msg = BUF_INIT;
	bool known = false;
	char ns[24], *note_m = NULL;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	for (size_t i = 0; outcomes[i]; i++)
		known = known || strcmp(outcomes[i], outcome) == 0;
	if (!known)
		return calm_err_set(&app->err, CALM_USAGE,
				    "unknown outcome '%.40s' (use " FIX_OUTCOMES ")",
				    outcome);
	if (note && (rc = app_text(app, note[0] ? "note" : NULL, note, strlen(note),
				   APP_MAX_TEXT, &note_m)) != CALM_OK)
		return rc;
	note = note_m;
	rc = app_act(app, id, NULL);
	if (rc == CALM_OK)
		rc = store_fix_outcome(app->st, id, n, outcome, note, app_now(app),
				       &app->err);
	if (rc == CALM_OK) {
		snprintf(ns, sizeof ns, "%lld", n);
		buf_addf(&msg, "fix attempt %lld %s", n, outcome);
		if (note && note[0])
			buf_addf(&msg, ": %s", note);
		const char *kv[] = { "fix", ns, "outcome", outcome, "note",
				     note ? note : "", NULL };
		rc = app_record(app, id, "fix", buf_cstr(&msg), kv);
	}
	buf_release(&msg);
	free(note_m);
	return app_finish(app, rc);
}

enum calm_rc app_fix_outcome(struct app *app, long long id, long long n,
			     const char *outcome, const char *note)
{
	char num[24];
	struct app_write w = { .id = id, .argc = note && note[0] ? 6 : 4,
			       .words = { "outcome", NULL, num, outcome, "--", note },
			       .what = { .kind = PENDING_OTHER } };

	snprintf(num, sizeof num, "%lld", n);
	app_write_begin(app, &w);
	return app_write_end(app, &w, fix_outcome(app, id, n, outcome, note));
}

static enum calm_rc no_fix(struct app *app, long long id, const char *lost)
{
	struct buf msg = BUF_INIT;
	long long num = 0;
	char ns[24], *lost_m = NULL;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	rc = app_text(app, "what was lost", lost, strlen(lost), APP_MAX_TEXT, &lost_m);
	if (rc != CALM_OK)
		return rc;
	lost = lost_m;
	rc = app_act(app, id, NULL);
	if (rc == CALM_OK)
		rc = store_no_fix(app->st, id, lost, app_now(app), app_author(app),
				  &num, &app->err);
	if (rc == CALM_OK)
		rc = store_field_set(app->st, id, "data-lost", lost, &app->err);
	if (rc == CALM_OK) {
		snprintf(ns, sizeof ns, "%lld", num);
		buf_addf(&msg, "no fix possible; lost: %s", lost);
		const char *kv[] = { "fix", ns, "outcome", "no-fix", "lost", lost, NULL };
		rc = app_record(app, id, "fix", buf_cstr(&msg), kv);
	}
	if (rc == CALM_OK) {
		buf_reset(&msg);
		buf_addf(&msg, "data-lost: %s", lost);
		const char *kv[] = { "field", "data-lost", "value", lost, NULL };
		rc = app_record(app, id, "field", buf_cstr(&msg), kv);
	}
	buf_release(&msg);
	free(lost_m);
	return app_finish(app, rc);
}

enum calm_rc app_no_fix(struct app *app, long long id, const char *lost)
{
	struct app_write w = { .id = id, .argc = 4, .words = { "nofix", NULL, "--", lost },
			       .what = { .kind = PENDING_OTHER } };

	app_write_begin(app, &w);
	return app_write_end(app, &w, no_fix(app, id, lost));
}

/* The newest attempt as an update. */
static int latest_fix(const struct fix_row *f, void *ctx)
{
	struct buf *b = ctx;

	buf_reset(b);
	if (f->outcome && strcmp(f->outcome, "no-fix") == 0) {
		buf_addf(b, "Update: no fix is possible. What was lost: %s", f->note ? f->note : "");
		return 0;
	}
	buf_addf(b, "Update: fix attempt %lld: %s", f->n, f->what);
	if (f->why)
		buf_addf(b, "\nWhy we tried it: %s", f->why);
	if (f->outcome)
		buf_addf(b, "\nOutcome: %s%s%s", f->outcome, f->note ? " - " : "",
			 f->note ? f->note : "");
	else
		buf_adds(b, "\nOutcome: not known yet");
	return 0;
}

enum calm_rc app_fix_post_draft(struct app *app, long long id, int *rev)
{
	struct buf b = BUF_INIT;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	rc = store_fix_each(app->st, id, latest_fix, &b, &app->err);
	if (rc == CALM_OK && b.len == 0)
		rc = calm_err_set(&app->err, CALM_GATE,
				  "incident %lld has no fix attempt to post", id);
	if (rc == CALM_OK)
		rc = app_draft_save(app, id, AUD_INTERNAL, b.s, b.len, rev);
	buf_release(&b);
	return rc;
}
