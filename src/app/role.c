/*
 * role.c - roles and handoffs: who holds incident command,
 * communications, the fix lead, the scribe (names from the playbook).
 *
 * Each change is one transaction: the roles row and a "role" event that
 * says the handoff in words, with {role, person, from} as data so time
 * travel can rebuild who held what (replay.h).
 */
#include "calm/app.h"
#include "app-int.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/text.h"

/* The timeline's words for a change of holder of r from `from` to `to`
 * (either NULL for nobody), made by `by`. */
static void handoff_text(struct buf *b, const struct role_def *r,
			 const char *by, const char *from, const char *to)
{
	bool by_from = from && strcmp(by, from) == 0, by_to = to && strcmp(by, to) == 0;

	if (to && !from && by_to)
		buf_addf(b, "%s takes %s", to, r->duty);
	else if (to && !from)
		buf_addf(b, "%s gives %s to %s", by, r->duty, to);
	else if (to && by_from)
		buf_addf(b, "%s hands %s to %s", from, r->duty, to);
	else if (to && by_to)
		buf_addf(b, "%s takes %s from %s", to, r->duty, from);
	else if (to)
		buf_addf(b, "%s hands %s from %s to %s", by, r->duty, from, to);
	else if (by_from)
		buf_addf(b, "%s releases %s", from, r->duty);
	else
		buf_addf(b, "%s releases %s (held by %s)", by, r->duty, from);
}

enum calm_rc app_role_assign(struct app *app, long long id, const char *role,
			     const char *person)
{
	const struct role_def *r;
	struct buf text = BUF_INIT;
	char *holder = NULL;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	if (!app->pb)
		return calm_err_set(&app->err, CALM_CONFIG, "no playbook loaded");
	r = playbook_find_role(app->pb, role);
	if (!r) {
		struct buf names = BUF_INIT;
		for (size_t i = 0; i < app->pb->nroles; i++)
			buf_addf(&names, "%s%s", i ? ", " : "", app->pb->roles[i].id);
		char *safe = text_sanitize_dup(role, 0);
		rc = calm_err_set(&app->err, CALM_USAGE, "unknown role '%.40s' (roles: %s)",
				  safe, buf_cstr(&names));
		free(safe);
		buf_release(&names);
		return rc;
	}
	if (person && !person[0])
		person = NULL;
	if (person && !text_is_name(person, strlen(person)))
		return calm_err_set(&app->err, CALM_USAGE,
				    "bad name for %s: " TEXT_NAME_RULE, r->title);
	rc = app_act(app, id, NULL);
	if (rc != CALM_OK)
		return rc;
	rc = store_role_get(app->st, id, r->id, &holder, &app->err);
	if (rc == CALM_OK && ((!holder && !person) ||
			      (holder && person && strcmp(holder, person) == 0))) {
		free(holder);
		return app_finish(app, CALM_OK); /* nothing changes */
	}
	if (rc == CALM_OK)
		rc = store_role_set(app->st, id, r->id, person, app_now(app), &app->err);
	if (rc == CALM_OK) {
		handoff_text(&text, r, app_author(app), holder, person);
		const char *kv[] = { "role", r->id, "person", person ? person : "",
				     "from", holder ? holder : "", NULL };
		rc = app_record(app, id, "role", buf_cstr(&text), kv);
	}
	free(holder);
	buf_release(&text);
	return app_finish(app, rc);
}
