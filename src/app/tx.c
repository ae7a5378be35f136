/*
 * tx.c - the steps of one action, shared by every action file (app.c,
 * comms.c, fix.c, action.c, postmortem.c): check typed text, load the
 * incident as writable, record the event, commit or roll back.
 */
#include "app-int.h"

#include <string.h>

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

enum calm_rc app_begin(struct app *app)
{
	app->tx_ms = 0;
	app->tx_ms = app_now(app);
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
	}
	return rc;
}

enum calm_rc app_act(struct app *app, long long id, struct incident *inc)
{
	struct incident own;
	enum calm_rc rc = app_begin(app);

	if (rc == CALM_OK)
		rc = app_load_active(app, id, inc ? inc : &own);
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
	return store_append_event(app->st, &ev, kv, event_id, &app->err);
}

enum calm_rc app_finish(struct app *app, enum calm_rc rc)
{
	if (rc == CALM_OK)
		return store_commit(app->st, &app->err);
	store_rollback(app->st);
	return rc;
}
