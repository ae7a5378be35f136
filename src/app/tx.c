/*
 * tx.c - the steps of one action, shared by every action file (app.c,
 * comms.c, fix.c, action.c, postmortem.c): check typed text, load the
 * incident as writable, record the event, commit or roll back.
 */
#include "app-int.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "calm/text.h"

const char *app_author(const struct app *app)
{
	return app->author && app->author[0] ? app->author : "unknown";
}

enum calm_rc app_check_text(struct app *app, const char *what, const char *s,
			    size_t len, size_t max)
{
	bool blank = true;

	if (len > max)
		return calm_err_set(&app->err, CALM_DATA,
				    "%s is longer than %zu bytes", what, max);
	if (memchr(s, '\0', len))
		return calm_err_set(&app->err, CALM_DATA, "%s contains a NUL byte", what);
	if (!text_is_utf8(s, len))
		return calm_err_set(&app->err, CALM_DATA, "%s is not valid UTF-8", what);
	for (size_t i = 0; i < len && blank; i++)
		blank = strchr(" \t\r\n", s[i]) != NULL;
	if (blank)
		return calm_err_set(&app->err, CALM_USAGE, "%s is empty", what);
	return CALM_OK;
}

/* A fresh action id: EVENT_UID_LEN hex digits of the kernel's random
 * bytes (a clock and pid mix only when getrandom is refused). */
void app_new_uid(char out[EVENT_UID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[EVENT_UID_LEN / 2];
	struct timespec ts;

	if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b) {
		clock_gettime(CLOCK_REALTIME, &ts);
		unsigned long long x = (unsigned long long)ts.tv_nsec ^
				       ((unsigned long long)ts.tv_sec << 20) ^ (unsigned long long)getpid();
		for (size_t i = 0; i < sizeof b; i++, x = x * 6364136223846793005ULL + 1442695040888963407ULL)
			b[i] = (unsigned char)(x >> 56);
	}
	for (size_t i = 0; i < sizeof b; i++) {
		out[2 * i] = hex[b[i] >> 4];
		out[2 * i + 1] = hex[b[i] & 15];
	}
	out[EVENT_UID_LEN] = '\0';
}

enum calm_rc app_begin(struct app *app)
{
	app->tx_ms = 0;
	app->tx_ms = app_now(app);
	app->uid_events = 0;
	if (app->replay_uid && app->uid_tx++ == 0)
		snprintf(app->uid, sizeof app->uid, "%s", app->replay_uid);
	else if (app->replay_uid)
		snprintf(app->uid, sizeof app->uid, "%.*s.0%u", EVENT_UID_LEN, app->replay_uid,
			 (unsigned)(app->uid_tx - 1) % 10000u);
	else
		app_new_uid(app->uid);
	return store_begin(app->st, &app->err);
}

enum calm_rc app_load_active(struct app *app, long long id,
			     struct incident *inc)
{
	enum calm_rc rc = store_incident_get(app->st, id, inc, &app->err);

	if (rc == CALM_OK && inc->closed) {
		rc = calm_err_set(&app->err, CALM_CLOSED,
				  "incident %lld is closed: closed incidents are read-only",
				  id);
		incident_release(inc);
	} else if (rc == CALM_OK && inc->copy && (rc = app_check_own(app, id)) != CALM_OK) {
		incident_release(inc);
	}
	return rc;
}

enum calm_rc app_act(struct app *app, long long id, struct incident *inc)
{
	struct incident own;
	enum calm_rc rc = app_begin(app);

	/* this action is the incident's one writer until it ends: what it
	 * judges by below is what the writer before it left */
	if (rc == CALM_OK)
		rc = store_incident_lock(app->st, id, &app->err);
	if (rc == CALM_OK)
		rc = app_load_active(app, id, inc ? inc : &own);
	if (rc == CALM_OK)
		rc = app_offers_lapse(app, id);
	if (rc != CALM_OK) {
		store_rollback(app->st);
		return rc;
	}
	if (!inc)
		incident_release(&own);
	return CALM_OK;
}

enum calm_rc app_record(struct app *app, long long id, const char *kind,
			const char *text, const char *const *kv)
{
	return app_record_id(app, id, kind, text, kv, NULL);
}

enum calm_rc app_record_id(struct app *app, long long id, const char *kind,
			   const char *text, const char *const *kv,
			   long long *event_id)
{
	struct event ev = {
		.incident = id,
		.ts_ms = app_now(app),
		.author = app_author(app),
		.kind = kind,
		.text = text,
	};
	return app_append(app, &ev, kv, event_id);
}

enum calm_rc app_finish(struct app *app, enum calm_rc rc)
{
	if (rc == CALM_OK)
		return store_commit(app->st, &app->err);
	store_rollback(app->st);
	return rc;
}
