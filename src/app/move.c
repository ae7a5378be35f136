/*
 * move.c - an incident copied between stores: pushed to the team's
 * server as its own incident there, or pulled from one as a read-only
 * copy to review away from it (store_incident_copy does the copying and
 * the verifying).
 *
 * A pulled copy says where it came from (incidents.copy_of: the
 * incident's number and the store's path or URI, which never holds a
 * password: store_open refuses one), and every write to it is refused (CALM_CLOSED, exit 77):
 * the incident lives on where it came from.  A read-only copy is not
 * pushed on either: it would fork the incident.
 */
#include "app-int.h"
#include "calm/app-read.h"
#include "calm/store-move.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"

enum calm_rc app_copy_of(struct app *app, long long id, char **copy_of)
{
	calm_err_clear(&app->err);
	return store_incident_copy_of(app->st, id, copy_of, &app->err);
}

/* CALM_CLOSED when incident id is a read-only copy, its message ending
 * with what to do instead. */
static enum calm_rc refuse_copy(struct app *app, long long id, const char *instead)
{
	char *copy_of = NULL;
	enum calm_rc rc = store_incident_copy_of(app->st, id, &copy_of, &app->err);

	if (rc == CALM_OK && copy_of)
		rc = calm_err_set(&app->err, CALM_CLOSED, "incident %lld is a read-only copy of %.300s: %s",
				  id, copy_of, instead);
	free(copy_of);
	return rc;
}

/* Refuse a write to a read-only copy (inside the action's transaction). */
enum calm_rc app_check_own(struct app *app, long long id)
{
	return refuse_copy(app, id, "change it where it lives");
}

enum calm_rc app_push(struct app *app, long long id, const char *to, long long *new_id)
{
	struct store *dst = NULL;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	*new_id = 0;
	rc = refuse_copy(app, id, "push it from there");
	if (rc == CALM_OK)
		rc = store_open(&dst, to, 0, &app->err);
	if (rc == CALM_OK)
		rc = store_incident_copy(app->st, id, dst, NULL, new_id, &app->err);
	store_close(dst);
	return rc;
}

enum calm_rc app_pull(struct app *app, const char *from, long long id, long long *local_id)
{
	struct store *src = NULL;
	struct buf origin = BUF_INIT;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	*local_id = 0;
	rc = store_open(&src, from, STORE_READONLY, &app->err);
	if (rc == CALM_OK) {
		/* the store refuses a URI that holds a password: none is kept */
		buf_addf(&origin, "incident %lld of %s", id, from);
		rc = store_incident_copy(src, id, app->st, buf_cstr(&origin), local_id, &app->err);
	}
	store_close(src);
	buf_release(&origin);
	return rc;
}
