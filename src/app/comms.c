/*
 * comms.c - drafts of updates and sending them.  See app.h for the
 * three steps of a send and why the lock is not held while a channel
 * runs.
 */
#include "app-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/text.h"
#include "calm/when.h"

static enum calm_rc check_audience(struct app *app, int audience)
{
	if (!audience_name(audience))
		return calm_err_set(&app->err, CALM_USAGE,
				    "unknown audience (use internal, external or resolution)");
	return CALM_OK;
}

void app_send_release(struct app_send *s)
{
	if (!s)
		return;
	blame_result_release(&s->blame);
	free(s->text);
	s->text = NULL;
	channel_result_release(&s->res);
}

enum calm_rc app_draft_render(struct app *app, long long id, int audience,
			      char **text)
{
	struct buf b = BUF_INIT;
	enum calm_rc rc;

	*text = NULL;
	rc = check_audience(app, audience);
	if (rc != CALM_OK)
		return rc;
	if (!app->pb || !app->pb->comms[audience])
		return calm_err_set(&app->err, CALM_CONFIG,
				    "the playbook has no %s template", audience_name(audience));
	rc = app_template_render(app, id, app->pb->comms[audience], &b);
	if (rc != CALM_OK) {
		buf_release(&b);
		return rc;
	}
	while (b.len && b.s[b.len - 1] == '\n')
		b.s[--b.len] = '\0';
	*text = buf_detach(&b);
	return CALM_OK;
}

enum calm_rc app_draft_current(struct app *app, long long id, int audience,
			       char **text, int *rev)
{
	struct draft d;
	bool found = false;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	*text = NULL;
	*rev = 0;
	rc = check_audience(app, audience);
	if (rc == CALM_OK)
		rc = store_draft_latest(app->st, id, audience, &d, &found, &app->err);
	if (rc != CALM_OK)
		return rc;
	if (found && d.sent_ms == 0) {
		*text = d.text;
		*rev = d.revision;
		d.text = NULL;
		draft_release(&d);
		return CALM_OK;
	}
	draft_release(&d);
	return app_draft_render(app, id, audience, text);
}

enum calm_rc app_draft_save(struct app *app, long long id, int audience,
			    const char *text, size_t len, int *rev)
{
	struct draft d;
	struct buf msg = BUF_INIT;
	char *copy = NULL, revs[16], rows[24], digest[2 * STORE_HASH_LEN + 1];
	long long row = 0;
	bool found = false;
	int r = 0;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	rc = check_audience(app, audience);
	if (rc == CALM_OK) /* the copy saved, compared and digested: masked */
		rc = app_text(app, "draft", text, len, APP_MAX_TEXT, &copy);
	if (rc != CALM_OK)
		return rc;
	rc = app_act(app, id, NULL);
	if (rc != CALM_OK)
		goto out;
	rc = store_draft_latest(app->st, id, audience, &d, &found, &app->err);
	if (rc == CALM_OK && found && d.sent_ms == 0 && strcmp(d.text, copy) == 0) {
		r = d.revision; /* unchanged: nothing to save */
		draft_release(&d);
		store_rollback(app->st);
		goto out;
	}
	if (found)
		draft_release(&d);
	if (rc == CALM_OK)
		rc = store_draft_save(app->st, id, audience, copy, app_now(app),
				      app_author(app), &r, &row, &app->err);
	/* the text's digest: the chain covers the revision's text, which
	 * lives in the comms table (verify recomputes it) */
	if (rc == CALM_OK) {
		store_digest(copy, strlen(copy), digest);
		snprintf(revs, sizeof revs, "%d", r);
		snprintf(rows, sizeof rows, "%lld", row);
		buf_addf(&msg, "draft saved (%s, rev %d)", audience_name(audience), r);
		/* id: the comms row, so time travel can show this revision */
		const char *kv[] = { "audience", audience_name(audience),
				     "revision", revs, "id", rows,
				     "sha256", digest, NULL };
		rc = app_record(app, id, "draft", buf_cstr(&msg), kv);
	}
	rc = app_finish(app, rc);
out:
	if (rc == CALM_OK && rev)
		*rev = r;
	buf_release(&msg);
	free(copy);
	return rc;
}

/* A resolution update needs both facts said by a person. */
static enum calm_rc check_resolution(struct app *app, long long id,
				     const char *text)
{
	char *out = NULL, *lost = NULL;
	struct buf missing = BUF_INIT;
	enum calm_rc rc;

	rc = store_field_get(app->st, id, "outstanding", &out, &app->err);
	if (rc == CALM_OK)
		rc = store_field_get(app->st, id, "data-lost", &lost, &app->err);
	if (rc == CALM_OK) {
		if (!out || !out[0])
			buf_adds(&missing, "'outstanding'");
		if (!lost || !lost[0])
			buf_addf(&missing, "%s'data-lost'", missing.len ? " and " : "");
		if (missing.len)
			rc = calm_err_set(&app->err, CALM_GATE,
					  "the resolution update needs %s set (say 'none' if none): calm set %lld FIELD TEXT",
					  buf_cstr(&missing), id);
		else if (strstr(text, APP_NOT_STATED))
			rc = calm_err_set(&app->err, CALM_GATE,
					  "the resolution draft still says '" APP_NOT_STATED "': edit it, or render it again from the template");
	}
	buf_release(&missing);
	free(out);
	free(lost);
	return rc;
}

static void marker_word(const char *m, void *ctx)
{
	struct buf *b = ctx;

	buf_addf(b, "%s%s", b->len ? ", " : "", m);
}

/* No fact's marker left in the text, unless the person says so. */
static enum calm_rc check_markers(struct app *app, long long id, int audience,
				  const char *text)
{
	struct buf b = BUF_INIT;
	enum calm_rc rc = CALM_OK;

	if (template_markers(text, marker_word, &b) > 0)
		rc = calm_err_set(&app->err, CALM_GATE,
				  "the %s update still has facts not filled in: %.600s (set them, then calm draft %lld %s --template; or send anyway with --allow-missing)",
				  audience_name(audience), buf_cstr(&b), id, audience_name(audience));
	buf_release(&b);
	return rc;
}

/* Step 3: record the outcome of a channel run in one transaction. */
static enum calm_rc record_send(struct app *app, long long id, int audience,
				const struct draft *d, const char *where,
				enum calm_rc sent_rc, const char *why)
{
	struct buf msg = BUF_INIT;
	char revs[16];
	enum calm_rc rc;

	snprintf(revs, sizeof revs, "%d", d->revision);
	rc = app_act(app, id, NULL);
	if (rc != CALM_OK)
		return rc;
	if (sent_rc == CALM_OK) {
		rc = store_draft_mark_sent(app->st, d->id, app_now(app), app_author(app),
					   where, &app->err);
		buf_addf(&msg, "%s update sent via %s (rev %d)", audience_name(audience),
			 where, d->revision);
		const char *kv[] = { "audience", audience_name(audience),
				     "revision", revs, "channel", where, NULL };
		if (rc == CALM_OK)
			rc = app_record(app, id, "sent", buf_cstr(&msg), kv);
	} else {
		buf_addf(&msg, "%s update not sent: %s", audience_name(audience), why);
		const char *kv[] = { "audience", audience_name(audience),
				     "revision", revs, "channel", where,
				     "error", why, NULL };
		rc = app_record(app, id, "send-failed", buf_cstr(&msg), kv);
	}
	buf_release(&msg);
	return app_finish(app, rc);
}

enum calm_rc app_send(struct app *app, long long id, int audience,
		      struct app_send *s)
{
	struct incident inc;
	struct draft d;
	struct calm_err cerr = { 0 };
	bool found = false;
	const char *where;
	enum calm_rc rc, sent_rc = CALM_OK;

	calm_err_clear(&app->err);
	memset(&s->blame, 0, sizeof s->blame);
	memset(&s->res, 0, sizeof s->res);
	s->text = NULL;
	s->revision = 0;
	rc = check_audience(app, audience);
	if (rc != CALM_OK)
		return rc;
	/* step 1: read-only checks */
	rc = store_incident_get(app->st, id, &inc, &app->err);
	if (rc != CALM_OK)
		return rc;
	if (inc.closed)
		rc = calm_err_set(&app->err, CALM_CLOSED,
				  "incident %lld is closed: closed incidents are read-only", id);
	incident_release(&inc);
	if (rc == CALM_OK)
		rc = store_draft_latest(app->st, id, audience, &d, &found, &app->err);
	if (rc != CALM_OK)
		return rc;
	if (!found || d.sent_ms != 0) {
		draft_release(&d);
		return calm_err_set(&app->err, CALM_GATE,
				    "no unsent %s draft to send: save one first (calm draft %lld %s -)",
				    audience_name(audience), id, audience_name(audience));
	}
	s->revision = d.revision;
	s->text = xstrdup(d.text);
	if (audience == AUD_RESOLUTION)
		rc = check_resolution(app, id, d.text);
	if (rc == CALM_OK && !s->allow_missing)
		rc = check_markers(app, id, audience, d.text);
	if (rc == CALM_OK && !s->confirmed &&
	    blame_check(d.text, app->pb && app->pb->blame ?
				(const char *const *)app->pb->blame : NULL,
			s->names, &s->blame) > 0) {
		char words[512];
		blame_result_words(&s->blame, d.text, words, sizeof words);
		rc = calm_err_set(&app->err, CALM_GATE,
				  "blame words in the %s update: %s (blame the system, not people; send anyway with --yes)",
				  audience_name(audience), words);
	}
	if (rc != CALM_OK) {
		draft_release(&d);
		return rc;
	}
	/* step 2: deliver, no lock held; a drill's update goes nowhere
	 * but the drill's own record, whatever channel was asked for */
	static const struct config_channel drill_channel = { .name = "drill",
							     .kind = CHANNEL_DRILL };
	if (app->drill)
		s->channel = &drill_channel;
	if (!s->channel) {
		where = "manual";
	} else {
		char when[48];
		struct buf heading = BUF_INIT;

		buf_addf(&heading, "--- %s: %s update, rev %d, sent by %s ---",
			 when_format(app_now(app), WHEN_FULL, app->when_flags, when, sizeof when),
			 audience_name(audience), d.revision, app->author ? app->author : "?");
		sent_rc = channel_run(s->channel, d.text, strlen(d.text), buf_cstr(&heading),
				      &s->res, &cerr);
		buf_release(&heading);
		if (sent_rc == CALM_OK && s->res.osc52) {
			if (!s->emit)
				sent_rc = calm_err_set(&cerr, CALM_IO,
						       "no terminal to put the clipboard on");
			else
				sent_rc = s->emit(s->res.osc52, strlen(s->res.osc52),
						  s->emit_ctx);
			if (sent_rc != CALM_OK && !cerr.msg[0])
				calm_err_set(&cerr, sent_rc, "no terminal to put the clipboard on");
		}
		where = s->res.where;
	}
	/* step 3: record */
	rc = record_send(app, id, audience, &d, where, sent_rc, cerr.msg);
	if (rc == CALM_OK && sent_rc != CALM_OK)
		rc = calm_err_set(&app->err, sent_rc, "%s update not sent: %s",
				  audience_name(audience), cerr.msg);
	draft_release(&d);
	return rc;
}

struct last_sent {
	long long ms;
};

static int newest_sent(const struct draft *d, void *ctx)
{
	struct last_sent *ls = ctx;

	if (d->sent_ms > ls->ms)
		ls->ms = d->sent_ms;
	return 0;
}

enum calm_rc app_update_due(struct app *app, long long id, int audience,
			    int minutes, long long *due_ms)
{
	struct incident inc;
	struct last_sent ls = { 0 };
	enum calm_rc rc;

	calm_err_clear(&app->err);
	*due_ms = 0;
	rc = check_audience(app, audience);
	if (rc != CALM_OK || minutes <= 0)
		return rc;
	rc = store_incident_get(app->st, id, &inc, &app->err);
	if (rc != CALM_OK)
		return rc;
	ls.ms = inc.declared_ms;
	incident_release(&inc);
	rc = store_draft_each(app->st, id, audience, newest_sent, &ls, &app->err);
	if (rc == CALM_OK)
		*due_ms = ls.ms + (long long)minutes * 60000;
	return rc;
}
