/*
 * read.c - what the faces read (app-read.h): the database they have
 * open, incidents, the timeline, comms, fix attempts, action items,
 * roles, presence and search, each read from the store with its
 * message in app->err.
 */
#include "calm/app-read.h"
#include "app-int.h"
#include "calm/store-drill.h"
#include "calm/store-replay.h"

#include <stdlib.h>
#include <string.h>

/* Every read starts with no message from an earlier call. */
static struct calm_err *fresh(struct app *app)
{
	calm_err_clear(&app->err);
	return &app->err;
}

/* ---- the database ---- */

enum calm_rc app_open(struct app *app, const char *path, bool readonly)
{
	enum calm_rc rc;

	app_close(app);
	rc = store_open(&app->st, path, readonly ? STORE_READONLY : 0, fresh(app));
	/* drills live in a file of their own, never on a team's server
	 * (which is not asked: it may be unreachable, the writes queued) */
	if (rc == CALM_OK && !app_on_server(app))
		rc = store_drill_is(app->st, &app->drill, &app->err);
	if (rc != CALM_OK)
		app_close(app);
	return rc;
}

void app_close(struct app *app)
{
	store_close(app->st);
	app->st = NULL;
	app->drill = false;
}

bool app_is_open(const struct app *app)
{
	return app->st != NULL;
}

bool app_readonly(const struct app *app)
{
	return store_readonly(app->st);
}

const char *app_db_path(const struct app *app)
{
	return store_path(app->st);
}

enum calm_rc app_db_id(struct app *app, char id[DB_ID_LEN + 1])
{
	return store_db_id(app->st, id, fresh(app));
}

enum calm_rc app_db_version(struct app *app, long long *version)
{
	return store_data_version(app->st, version, fresh(app));
}

enum calm_rc app_db_same_file(struct app *app)
{
	return store_same_file(app->st, fresh(app));
}

enum calm_rc app_db_restore(struct app *app)
{
	return store_restore(app->st, fresh(app));
}

void app_on_wait(struct app *app, void (*fn)(void *ctx), void *ctx)
{
	store_on_wait(app->st, fn, ctx);
}

enum calm_rc app_read_begin(struct app *app)
{
	return store_read_begin(app->st, fresh(app));
}

void app_read_end(struct app *app)
{
	store_read_end(app->st);
}

bool app_snapshot_begin(struct app *app)
{
	struct calm_err err = { 0 };

	if (!app->st || app_on_server(app) || store_in_tx(app->st))
		return false;
	return store_read_begin(app->st, &err) == CALM_OK;
}

void app_snapshot_end(struct app *app, bool began)
{
	if (began)
		store_read_end(app->st);
}

/* ---- incidents ---- */

enum calm_rc app_incident(struct app *app, long long id, struct incident *out)
{
	return store_incident_get(app->st, id, out, fresh(app));
}

enum calm_rc app_incidents_page(struct app *app, unsigned filter, long long before,
				size_t limit,
				int (*cb)(const struct incident *, void *), void *ctx,
				long long *last)
{
	return store_incident_page(app->st, filter, before, limit, cb, ctx, last, fresh(app));
}

enum calm_rc app_incidents_walk(struct app *app, unsigned filter, const char *title,
				long long from, bool newer, size_t limit,
				int (*cb)(const struct incident *, void *), void *ctx,
				long long *last)
{
	return store_incident_walk(app->st, filter, title, from, newer, limit, cb, ctx, last,
				   fresh(app));
}

enum calm_rc app_incident_count_title(struct app *app, unsigned filter, const char *title,
				      long long *count)
{
	return store_incident_count_title(app->st, filter, title, count, fresh(app));
}

enum calm_rc app_incident_count(struct app *app, unsigned filter, long long *count)
{
	return store_incident_count(app->st, filter, count, fresh(app));
}

enum calm_rc app_active(struct app *app, long long *count, long long *id)
{
	return store_active_count(app->st, count, id, fresh(app));
}

enum calm_rc app_incident_json(struct app *app, long long id, char **json)
{
	return store_incident_json(app->st, id, json, fresh(app));
}

enum calm_rc app_incident_json_write(struct app *app, long long id, app_write_fn write,
				     void *ctx)
{
	bool own = !store_in_tx(app->st);
	enum calm_rc rc = own ? store_read_begin(app->st, fresh(app)) : CALM_OK;

	if (rc == CALM_OK)
		rc = store_incident_json_write(app->st, id, write, ctx, fresh(app));
	if (own)
		store_read_end(app->st);
	return rc;
}

enum calm_rc app_incidents_json(struct app *app, unsigned filter, char **json)
{
	return store_incidents_json(app->st, filter, json, fresh(app));
}

enum calm_rc app_incident_counts(struct app *app, long long id,
				 struct incident_counts *out)
{
	return store_incident_counts(app->st, id, out, fresh(app));
}

enum calm_rc app_checklist_each(struct app *app, long long id, const char *stage_id,
				int (*cb)(const struct check_row *, void *), void *ctx)
{
	return store_checklist_each(app->st, id, stage_id, cb, ctx, fresh(app));
}

enum calm_rc app_fields_each(struct app *app, long long id,
			     int (*cb)(const char *, const char *, void *), void *ctx)
{
	return store_fields_each(app->st, id, cb, ctx, fresh(app));
}

/* ---- the timeline ---- */

enum calm_rc app_timeline_page(struct app *app, long long id, long long after,
			       bool forward, size_t limit, long long upto,
			       int (*cb)(const struct event *, void *), void *ctx,
			       long long *last)
{
	return store_events_page(app->st, id, after, forward, limit, upto, cb, ctx, last,
				 fresh(app));
}

enum calm_rc app_last_event(struct app *app, long long id, long long *event)
{
	return store_last_event(app->st, id, event, fresh(app));
}

enum calm_rc app_events_after(struct app *app, long long id, long long after,
			      size_t limit,
			      int (*cb)(const struct event *, void *), void *ctx,
			      long long *last)
{
	return store_events_since(app->st, id, after, limit, cb, ctx, last, fresh(app));
}

enum calm_rc app_event(struct app *app, long long id, long long event,
		       int (*cb)(const struct event *, void *), void *ctx)
{
	return store_event_get(app->st, id, event, cb, ctx, fresh(app));
}

enum calm_rc app_corrections_each(struct app *app, long long id, long long event,
				  int (*cb)(const struct event *, void *), void *ctx)
{
	return store_corrections_each(app->st, id, event, cb, ctx, fresh(app));
}

enum calm_rc app_replay_events(struct app *app, long long id, long long after,
			       long long upto, size_t limit,
			       int (*cb)(const struct replay_event *, void *), void *ctx,
			       long long *last)
{
	return store_events_kv(app->st, id, after, upto, limit, 0, cb, ctx, last, fresh(app));
}

enum calm_rc app_replay_state(struct app *app, long long id, long long after,
			      long long upto,
			      int (*cb)(const struct replay_event *, void *), void *ctx)
{
	return store_events_kv(app->st, id, after, upto, 0, STORE_KV_STATE, cb, ctx, NULL,
			       fresh(app));
}

enum calm_rc app_event_steps(struct app *app, long long id, long long from, bool forward,
			     size_t limit, int (*cb)(long long event, long long ts_ms, void *),
			     void *ctx, long long *last)
{
	return store_event_ids(app->st, id, from, forward, limit, cb, ctx, last, fresh(app));
}

enum calm_rc app_event_position(struct app *app, long long id, long long event,
				long long *position)
{
	return store_event_position(app->st, id, event, position, fresh(app));
}

enum calm_rc app_event_by_time(struct app *app, long long id, long long at_ms,
			       long long *event)
{
	return store_event_by_time(app->st, id, at_ms, event, fresh(app));
}

/* ---- comms, fix attempts, action items ---- */

enum calm_rc app_draft_latest(struct app *app, long long id, int audience,
			      struct draft *out, bool *found)
{
	return store_draft_latest(app->st, id, audience, out, found, fresh(app));
}

enum calm_rc app_drafts_each(struct app *app, long long id, int audience,
			     int (*cb)(const struct draft *, void *), void *ctx)
{
	return store_draft_each(app->st, id, audience, cb, ctx, fresh(app));
}

struct rev_find {
	int want;
	char *text;
};

static int find_rev(const struct draft *d, void *ctx)
{
	struct rev_find *f = ctx;

	if (d->revision != f->want)
		return 0;
	f->text = xstrdup(d->text ? d->text : "");
	return 1;
}

enum calm_rc app_draft_text(struct app *app, long long id, int audience, int rev,
			    char **text)
{
	struct rev_find f = { rev, NULL };
	enum calm_rc rc = CALM_OK;

	if (rev > 0)
		rc = store_draft_each(app->st, id, audience, find_rev, &f, fresh(app));
	*text = f.text;
	return rc;
}

enum calm_rc app_fixes_each(struct app *app, long long id,
			    int (*cb)(const struct fix_row *, void *), void *ctx)
{
	return store_fix_each(app->st, id, cb, ctx, fresh(app));
}

enum calm_rc app_actions_each(struct app *app, long long id,
			      int (*cb)(const struct action_row *, void *), void *ctx)
{
	return store_action_each(app->st, id, cb, ctx, fresh(app));
}

enum calm_rc app_overdue_each(struct app *app, char today[ACTION_DAY_LEN + 1],
			      int (*cb)(const struct overdue_row *, void *), void *ctx)
{
	action_today(app_now(app), today);
	return store_overdue_each(app->st, today, cb, ctx, fresh(app));
}

/* ---- roles and presence ---- */

enum calm_rc app_role_holder(struct app *app, long long id, const char *role,
			     char **person)
{
	return store_role_get(app->st, id, role, person, fresh(app));
}

enum calm_rc app_roles_each(struct app *app, long long id,
			    int (*cb)(const char *, const char *, long long, void *),
			    void *ctx)
{
	return store_role_each(app->st, id, cb, ctx, fresh(app));
}

enum calm_rc app_presence_enter(struct app *app, long long id, long long pid,
				const char *host)
{
	return store_presence_enter(app->st, id, app_author(app), pid, host, app_now(app),
				    fresh(app));
}

enum calm_rc app_presence_beat(struct app *app, long long id, long long pid,
			       const char *host)
{
	return store_presence_heartbeat(app->st, id, pid, host, app_now(app), fresh(app));
}

enum calm_rc app_presence_leave(struct app *app, long long id, long long pid,
				const char *host)
{
	return store_presence_leave(app->st, id, pid, host, fresh(app));
}

enum calm_rc app_presence_each(struct app *app, long long id, const char *this_host,
			       int (*cb)(const struct presence *, void *), void *ctx)
{
	return store_presence_each(app->st, id, this_host, app_now(app), cb, ctx, fresh(app));
}

/* ---- search ---- */

enum calm_rc app_search(struct app *app, const char *query, unsigned flags,
			size_t limit,
			int (*cb)(const struct search_hit *, void *), void *ctx)
{
	return store_search(app->st, query, flags, limit, cb, ctx, fresh(app));
}

enum calm_rc app_similar(struct app *app, const char *title, long long exclude,
			 size_t limit,
			 int (*cb)(const struct similar_hit *, void *), void *ctx)
{
	if (app->drill) /* a past drill of the scenario would give the answer away */
		return CALM_OK;
	return store_similar(app->st, title, exclude, limit, cb, ctx, fresh(app));
}
