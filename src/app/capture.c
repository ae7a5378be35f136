/*
 * capture.c - writing down what happened, whatever its bytes: notes
 * (now or backfilled), corrections (amend, strike) and milestones.
 *
 * Captured text is refused only for being blank or too long: the store
 * keeps any bytes exactly (store.h).  Every event is masked for secrets
 * on its way to the store (app_append, mask.c).
 */
#include "app-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/duration.h"
#include "calm/field.h"
#include "calm/milestone.h"
#include "calm/when.h"

/* The kinds a person may amend or strike: what people wrote or ran. */
static bool correctable(const char *kind)
{
	return kind && (strcmp(kind, "note") == 0 || strcmp(kind, "run") == 0 ||
			strcmp(kind, "shell") == 0);
}

enum calm_rc app_check_bytes(struct app *app, const char *what, const char *s,
			     size_t len)
{
	if (len > APP_MAX_TEXT)
		return calm_err_set(&app->err, CALM_DATA,
				    "%s is %zu bytes: the limit is %d (1 MiB)", what, len,
				    APP_MAX_TEXT);
	for (size_t i = 0; i < len; i++)
		if (!strchr(" \t\r\n", s[i]) || s[i] == '\0')
			return CALM_OK;
	return calm_err_set(&app->err, CALM_USAGE, "%s is empty", what);
}

enum calm_rc app_append(struct app *app, struct event *ev,
			const char *const *kv, long long *event_id)
{
	struct app_masked m;
	struct event out;
	char uid[EVENT_UID_LEN + 32];
	enum calm_rc rc;

	if (!ev->ts_ms)
		ev->ts_ms = app_now(app);
	if (!ev->author)
		ev->author = app_author(app);
	/* the action's id; its later events the id and their number */
	if (!ev->uid && app->uid[0]) {
		if (app->uid_events == 0)
			snprintf(uid, sizeof uid, "%s", app->uid);
		else
			snprintf(uid, sizeof uid, "%s.%d", app->uid, app->uid_events);
		ev->uid = uid;
	}
	app->uid_events++;
	rc = app_mask_event(app, ev, kv, &m);
	if (rc != CALM_OK)
		return rc;
	out = *ev;
	out.text = ev->text ? buf_cstr(&m.text) : NULL;
	out.text_len = m.text.len;
	rc = store_append_event(app->st, &out, m.kv, event_id, &app->err);
	app_masked_release(&m);
	return rc;
}

/* A note at occurred_ms when backfilled. */
static enum calm_rc note(struct app *app, long long id, const char *text,
			 size_t len, bool backfilled, long long occurred_ms,
			 long long *event_id)
{
	enum calm_rc rc;

	calm_err_clear(&app->err);
	rc = app_check_bytes(app, "note", text, len);
	if (rc == CALM_OK && backfilled && occurred_ms > app_now(app) + 60000)
		rc = calm_err_set(&app->err, CALM_DATA, "a backfilled note cannot be in the future");
	if (rc != CALM_OK)
		return rc;
	rc = app_act(app, id, NULL);
	if (rc == CALM_OK) { /* not blank, so len is not 0 (0 would mean strlen) */
		struct event ev = { .incident = id, .kind = "note", .text = text,
				    .text_len = len, .backfilled = backfilled,
				    .occurred_ms = occurred_ms };

		rc = app_append(app, &ev, NULL, event_id);
	}
	return app_finish(app, rc);
}

enum calm_rc app_note(struct app *app, long long id, const char *text,
		      size_t len, long long *event_id)
{
	struct app_write w = { .id = id, .argc = 4, /* a text may start with - */
			       .words = { "log", NULL, "--", text },
			       .what = { .kind = PENDING_NOTE, .what = text },
			       .text = text, .len = len };

	app_write_begin(app, &w);
	return app_write_end(app, &w, note(app, id, text, len, false, 0, event_id));
}

enum calm_rc app_backfill(struct app *app, long long id, const char *text,
			  size_t len, long long occurred_ms,
			  long long *event_id)
{
	return note(app, id, text, len, true, occurred_ms, event_id);
}

enum calm_rc app_event_incident(struct app *app, long long event, long long *id)
{
	calm_err_clear(&app->err);
	return store_event_incident(app->st, event, id, &app->err);
}

/* What a correction needs to know of its target. */
struct target {
	char kind[16];
	bool struck;
};

static int take_target(const struct event *ev, void *ctx)
{
	struct target *t = ctx;

	snprintf(t->kind, sizeof t->kind, "%s", ev->kind ? ev->kind : "");
	t->struck = ev->struck != NULL;
	return 1;
}

/* Record a correction (kind amend or strike) of event in one transaction. */
static enum calm_rc correct(struct app *app, long long event, const char *kind,
			    const char *text, size_t len)
{
	struct target tg = { "", false };
	struct buf ref = BUF_INIT;
	struct chain_head at;
	long long id = 0;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	rc = app_check_bytes(app, strcmp(kind, "amend") == 0 ? "the new text" : "reason",
			     text, len);
	if (rc == CALM_OK) /* an event never moves: its incident, then the action */
		rc = store_event_incident(app->st, event, &id, &app->err);
	if (rc == CALM_OK)
		rc = app_act(app, id, NULL);
	if (rc != CALM_OK)
		goto out;
	rc = store_event_get(app->st, id, event, take_target, &tg, &app->err);
	if (rc == CALM_OK && !correctable(tg.kind))
		rc = calm_err_set(&app->err, CALM_USAGE,
				  "event %lld is a '%s' event: only notes, commands run and shell commands can be corrected",
				  event, tg.kind);
	else if (rc == CALM_OK && tg.struck)
		rc = calm_err_set(&app->err, CALM_USAGE, "event %lld is struck out already", event);
	if (rc == CALM_OK)
		rc = store_chain_at(app->st, id, event, &at, &app->err);
	if (rc == CALM_OK) {
		struct event ev = { .incident = id, .kind = kind, .text = text, .text_len = len };
		char hex[2 * STORE_HASH_LEN + 1];

		/* named by its id here and by its hash, which stays the same in
		 * every store the incident moves to (its id does not) */
		for (size_t i = 0; i < STORE_HASH_LEN; i++)
			snprintf(hex + 2 * i, 3, "%02x", at.head[i]);
		buf_addf(&ref, "%lld", event);
		const char *kv[] = { "event", buf_cstr(&ref), "hash", hex, NULL };
		rc = app_append(app, &ev, kv, NULL);
	}
	rc = app_finish(app, rc);
out:
	buf_release(&ref);
	return rc;
}

/* An amend or strike: its number is an event's, its incident the outbox's. */
static enum calm_rc correct_write(struct app *app, long long event, const char *kind,
				  const char *text, size_t len)
{
	char num[24];
	struct app_write w = { .argc = 4, .words = { kind, num, "--", text },
			       .what = { .kind = PENDING_OTHER }, .text = text, .len = len };

	snprintf(num, sizeof num, "%lld", event);
	app_write_begin(app, &w);
	return app_write_end(app, &w, correct(app, event, kind, text, len));
}

enum calm_rc app_amend(struct app *app, long long event, const char *text,
		       size_t len)
{
	return correct_write(app, event, "amend", text, len);
}

enum calm_rc app_strike(struct app *app, long long event, const char *reason)
{
	return correct_write(app, event, "strike", reason, strlen(reason));
}

static enum calm_rc mark(struct app *app, long long id, int milestone,
			 long long at_ms, bool backfilled)
{
	const struct milestone_def *m;
	struct buf text = BUF_INIT;
	char value[32], shown[32];
	enum calm_rc rc;

	calm_err_clear(&app->err);
	if (milestone < 0 || milestone >= MS_COUNT)
		return calm_err_set(&app->err, CALM_USAGE,
				    "unknown milestone: use detected, started, mitigated or resolved");
	if (at_ms > app_now(app) + 60000)
		return calm_err_set(&app->err, CALM_DATA, "a milestone cannot be in the future");
	m = &milestone_defs[milestone];
	when_format(at_ms, WHEN_RFC3339, 0, value, sizeof value); /* as fields keep times */
	when_format(at_ms, WHEN_FULL, 0, shown, sizeof shown);
	buf_addf(&text, "milestone: %s at %s", m->words, shown);
	rc = app_act(app, id, NULL);
	if (rc == CALM_OK) {
		struct event ev = { .incident = id, .kind = "field", .text = buf_cstr(&text),
				    .backfilled = backfilled, .occurred_ms = at_ms };
		const char *kv[] = { "field", m->field, "value", value, "milestone", m->name,
				     NULL };

		rc = store_field_set(app->st, id, m->field, value, &app->err);
		if (rc == CALM_OK)
			rc = app_append(app, &ev, kv, NULL);
	}
	rc = app_finish(app, rc);
	buf_release(&text);
	return rc;
}

enum calm_rc app_mark(struct app *app, long long id, int milestone,
		      long long at_ms, bool backfilled)
{
	char at[40];
	struct app_write w = { .id = id, .argc = 1, .words = { "mark" }, /* mark ID NAME [TIME] */
			       .what = { .kind = PENDING_OTHER } };

	if (milestone >= 0 && milestone < MS_COUNT) { /* else refused before it is tried */
		w.words[2] = milestone_defs[milestone].name;
		w.argc = 3;
		if (backfilled) { /* as typed in UTC, to the second */
			when_format(at_ms, WHEN_RFC3339, 0, at, sizeof at);
			w.words[w.argc++] = at;
		}
	}
	app_write_begin(app, &w);
	return app_write_end(app, &w, mark(app, id, milestone, at_ms, backfilled));
}

void app_outcome_words(struct buf *b, int status, int signal, long long ms)
{
	char d[DURATION_MAX];

	if (signal)
		buf_addf(b, "killed by signal %d", signal);
	else
		buf_addf(b, "exit %d", status);
	buf_addf(b, ", %s", duration_format(ms, DURATION_TENTHS, d, sizeof d));
}
