/*
 * action.c - action items: add, edit, complete or drop, each one
 * transaction with its timeline event.
 */
#include "app-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calm/buf.h"
#include "calm/when.h"

#define OWNER_MAX 200

static const char *const categories[] = {
	"technical", "training", "policy", "other", NULL,
};
static const char *const statuses[] = { "open", "done", "dropped", NULL };

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}


/* Check one field's value; "" is fine for all but title. */
static enum calm_rc check_field(struct app *app, const char *field,
				const char *v)
{
	if (strcmp(field, "title") == 0) {
		enum calm_rc rc = app_check_text(app, "action item title", v, strlen(v),
						 APP_MAX_TITLE);
		if (rc == CALM_OK && strpbrk(v, "\r\n"))
			rc = calm_err_set(&app->err, CALM_DATA, "action item title must be one line");
		return rc;
	}
	if (!v || !v[0])
		return CALM_OK;
	if (strcmp(field, "category") == 0 && !in_list(categories, v))
		return calm_err_set(&app->err, CALM_USAGE,
				    "unknown category '%.40s' (use technical, training, policy or other)", v);
	if (strcmp(field, "due") == 0) {
		struct calm_err why = { 0 };
		long long ms;

		if (when_parse(v, WHEN_DATE, 0, &ms, &why) != CALM_OK)
			return calm_err_set(&app->err, CALM_DATA, "due date: %s", why.msg);
	}
	if (strcmp(field, "owner") == 0) {
		enum calm_rc rc = app_check_text(app, "owner", v, strlen(v), OWNER_MAX);
		if (rc == CALM_OK && strpbrk(v, "\r\n"))
			rc = calm_err_set(&app->err, CALM_DATA, "owner must be one line");
		return rc;
	}
	return CALM_OK;
}

static enum calm_rc action_add(struct app *app, long long id, const char *title,
			       const char *owner, const char *category,
			       const char *due, long long *n)
{
	struct buf msg = BUF_INIT;
	long long num = 0;
	char ns[24], *title_m = NULL, *owner_m = NULL;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	rc = check_field(app, "title", title);
	if (rc == CALM_OK && owner)
		rc = check_field(app, "owner", owner);
	if (rc == CALM_OK && category)
		rc = check_field(app, "category", category);
	if (rc == CALM_OK && due)
		rc = check_field(app, "due", due);
	if (rc == CALM_OK)
		rc = app_text(app, NULL, title, strlen(title), APP_MAX_TITLE, &title_m);
	if (rc == CALM_OK && owner)
		rc = app_text(app, NULL, owner, strlen(owner), OWNER_MAX, &owner_m);
	if (rc != CALM_OK) {
		free(title_m);
		return rc;
	}
	title = title_m;
	owner = owner_m;
	rc = app_act(app, id, NULL);
	if (rc == CALM_OK)
		rc = store_action_add(app->st, id, title, owner, category, due,
				      app_now(app), app_author(app), &num, &app->err);
	if (rc == CALM_OK) {
		snprintf(ns, sizeof ns, "%lld", num);
		buf_addf(&msg, "action item %lld: %s", num, title);
		if (owner && owner[0])
			buf_addf(&msg, " (owner %s)", owner);
		const char *kv[] = { "action", ns, "title", title,
				     "owner", owner ? owner : "",
				     "category", category ? category : "",
				     "due", due ? due : "", NULL };
		rc = app_record(app, id, "action", buf_cstr(&msg), kv);
	}
	buf_release(&msg);
	free(title_m);
	free(owner_m);
	rc = app_finish(app, rc);
	if (rc == CALM_OK && n)
		*n = num;
	return rc;
}

enum calm_rc app_action_add(struct app *app, long long id, const char *title,
			    const char *owner, const char *category,
			    const char *due, long long *n)
{
	struct buf o = BUF_INIT, c = BUF_INIT, d = BUF_INIT;
	struct app_write w = { .id = id, .argc = 2, .words = { "action", NULL },
			       .what = { .kind = PENDING_OTHER } };
	enum calm_rc rc;

	/* action ID [--owner= --category= --due=] -- TITLE */
	buf_addf(&o, "--owner=%s", owner ? owner : "");
	buf_addf(&c, "--category=%s", category ? category : "");
	buf_addf(&d, "--due=%s", due ? due : "");
	if (owner)
		w.words[w.argc++] = buf_cstr(&o);
	if (category)
		w.words[w.argc++] = buf_cstr(&c);
	if (due && due[0])
		w.words[w.argc++] = buf_cstr(&d);
	w.words[w.argc++] = "--";
	w.words[w.argc++] = title;
	app_write_begin(app, &w);
	rc = app_write_end(app, &w, action_add(app, id, title, owner, category, due, n));
	buf_release(&o);
	buf_release(&c);
	buf_release(&d);
	return rc;
}

/* One change to item n: column and value already checked. */
static enum calm_rc action_change(struct app *app, long long id, long long n,
				  const char *column, const char *value,
				  const char *text)
{
	char ns[24];
	enum calm_rc rc;

	rc = app_act(app, id, NULL);
	if (rc == CALM_OK)
		rc = store_action_set(app->st, id, n, column, value, &app->err);
	if (rc == CALM_OK) {
		snprintf(ns, sizeof ns, "%lld", n);
		const char *kv[] = { "action", ns, column, value, NULL };
		rc = app_record(app, id, "action", text, kv);
	}
	return app_finish(app, rc);
}

enum calm_rc app_action_edit(struct app *app, long long id, long long n,
			     const char *field, const char *value)
{
	struct buf msg = BUF_INIT;
	char *value_m = NULL;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	if (strcmp(field, "title") != 0 && strcmp(field, "owner") != 0 &&
	    strcmp(field, "category") != 0 && strcmp(field, "due") != 0)
		return calm_err_set(&app->err, CALM_USAGE,
				    "unknown action item field '%.40s' (use title, owner, category or due)",
				    field);
	rc = check_field(app, field, value);
	/* a title and an owner are free text; a category and a date not */
	if (rc == CALM_OK && (strcmp(field, "title") == 0 || strcmp(field, "owner") == 0))
		rc = app_text(app, NULL, value, strlen(value), APP_MAX_TEXT, &value_m);
	if (rc != CALM_OK)
		return rc;
	if (value_m)
		value = value_m;
	if (value[0])
		buf_addf(&msg, "action item %lld %s: %s", n, field, value);
	else
		buf_addf(&msg, "action item %lld %s cleared", n, field);
	rc = action_change(app, id, n, field, value, buf_cstr(&msg));
	buf_release(&msg);
	free(value_m);
	return rc;
}

static enum calm_rc action_status(struct app *app, long long id, long long n,
				  const char *status)
{
	struct buf msg = BUF_INIT;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	if (!in_list(statuses, status))
		return calm_err_set(&app->err, CALM_USAGE,
				    "unknown status '%.40s' (use open, done or dropped)", status);
	buf_addf(&msg, "action item %lld %s", n,
		 strcmp(status, "open") == 0 ? "reopened" : status);
	rc = action_change(app, id, n, "status", status, buf_cstr(&msg));
	buf_release(&msg);
	return rc;
}

enum calm_rc app_action_status(struct app *app, long long id, long long n,
			       const char *status)
{
	char num[24];
	struct app_write w = { .id = id, .argc = strcmp(status, "done") == 0 ? 3 : 4,
			       .words = { "action-done", NULL, num,
				 strcmp(status, "dropped") == 0 ? "--drop" : "--reopen" },
			       .what = { .kind = PENDING_OTHER } };

	snprintf(num, sizeof num, "%lld", n);
	app_write_begin(app, &w);
	return app_write_end(app, &w, action_status(app, id, n, status));
}
