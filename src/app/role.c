/*
 * role.c - roles and handoffs: who holds incident command,
 * communications, the fix lead, the scribe (names from the playbook).
 *
 * A role handed to someone else is offered, never pushed: it becomes
 * theirs when they take it (calm role ID ROLE --accept, or a key in
 * their console), so nobody wakes up holding a role they never saw.
 * An offer not taken within OFFER_TTL_MS lapses; the next action on the
 * incident records that it did (an "offer" event backdated to the
 * moment it lapsed), and until then every reader shows it as lapsed.
 *
 *   offered --take (by the person offered)--> taken    "role" event
 *      |----(OFFER_TTL_MS pass)-------------> lapsed   "offer" event
 *      `----(offered again, or cleared)-----> withdrawn "offer" event
 *
 * Each change is one transaction: the offers or roles row and the event
 * that says it in words, with {role, person, from} as the data of a
 * "role" event so time travel can rebuild who held what (replay.h).
 */
#include "calm/app.h"
#include "app-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/text.h"
#include "calm/when.h"

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

/* The playbook's role named id; CALM_USAGE naming the roles when none. */
static enum calm_rc find_role(struct app *app, const char *id, const struct role_def **r)
{
	struct buf names = BUF_INIT;
	enum calm_rc rc;
	char *safe;

	if (!app->pb)
		return calm_err_set(&app->err, CALM_CONFIG, "no playbook loaded");
	*r = playbook_find_role(app->pb, id);
	if (*r)
		return CALM_OK;
	for (size_t i = 0; i < app->pb->nroles; i++)
		buf_addf(&names, "%s%s", i ? ", " : "", app->pb->roles[i].id);
	safe = text_sanitize_dup(id, 0);
	rc = calm_err_set(&app->err, CALM_USAGE, "unknown role '%.40s' (roles: %s)", safe,
			  buf_cstr(&names));
	free(safe);
	buf_release(&names);
	return rc;
}

/* What an offer's role is called in words (its id when the playbook
 * no longer has it). */
static const char *duty_of(struct app *app, const char *role)
{
	const struct role_def *r = app->pb ? playbook_find_role(app->pb, role) : NULL;

	return r ? r->duty : role;
}

/* The open offers of one incident, copied out of the store's rows. */
struct offers {
	struct offer *v;
	size_t n;
};

static int collect_offer(const struct offer *o, void *ctx)
{
	struct offers *l = ctx;

	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = (struct offer){
		.id = o->id, .incident = o->incident, .role = xstrdup(o->role),
		.person = xstrdup(o->person), .by = xstrdup(o->by),
		.offered_ms = o->offered_ms, .state = xstrdup(o->state),
		.ended_ms = o->ended_ms,
	};
	return 0;
}

static void offers_release(struct offers *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free((char *)l->v[i].role);
		free((char *)l->v[i].person);
		free((char *)l->v[i].by);
		free((char *)l->v[i].state);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* End offer o as state ("lapsed", "withdrawn") at ms, with its event. */
static enum calm_rc end_offer(struct app *app, const struct offer *o, const char *state,
			      long long ms)
{
	struct buf text = BUF_INIT;
	char oid[24];
	enum calm_rc rc = store_offer_end(app->st, o->id, state, ms, &app->err);

	snprintf(oid, sizeof oid, "%lld", o->id);
	if (strcmp(state, "lapsed") == 0)
		buf_addf(&text, "the offer of %s to %s lapsed: not taken within %d minutes",
			 duty_of(app, o->role), o->person, OFFER_TTL_MS / 60000);
	else
		buf_addf(&text, "the offer of %s to %s is withdrawn", duty_of(app, o->role), o->person);
	const char *kv[] = { "role", o->role, "person", o->person, "offer", oid,
			     "state", state, NULL };
	struct event ev = {
		.incident = o->incident, .ts_ms = app_now(app), .kind = "offer",
		.text = buf_cstr(&text), .backfilled = ms < app_now(app), .occurred_ms = ms,
	};
	if (rc == CALM_OK)
		rc = app_append(app, &ev, kv, NULL);
	buf_release(&text);
	return rc;
}

enum calm_rc app_offers_lapse(struct app *app, long long id)
{
	struct offers l = { 0 };
	long long now = app_now(app);
	enum calm_rc rc = store_offer_each(app->st, id, true, collect_offer, &l, &app->err);

	for (size_t i = 0; rc == CALM_OK && i < l.n; i++)
		if (l.v[i].offered_ms + OFFER_TTL_MS <= now)
			rc = end_offer(app, &l.v[i], "lapsed", l.v[i].offered_ms + OFFER_TTL_MS);
	offers_release(&l);
	return rc;
}

/* Give r to person (NULL: nobody) now: the roles row and its event;
 * offer is the offer it was taken from (0: none). */
static enum calm_rc set_holder(struct app *app, long long id, const struct role_def *r,
			       const char *holder, const char *person, long long offer)
{
	struct buf text = BUF_INIT;
	char oid[24] = "";
	enum calm_rc rc = store_role_set(app->st, id, r->id, person, app_now(app), &app->err);

	handoff_text(&text, r, app_author(app), holder, person);
	if (offer)
		snprintf(oid, sizeof oid, "%lld", offer);
	const char *kv[] = { "role", r->id, "person", person ? person : "",
			     "from", holder ? holder : "", offer ? "offer" : NULL, oid, NULL };
	if (rc == CALM_OK)
		rc = app_record(app, id, "role", buf_cstr(&text), kv);
	buf_release(&text);
	return rc;
}

/* Withdraw every open offer of role r (inside the transaction). */
static enum calm_rc withdraw(struct app *app, long long id, const struct role_def *r)
{
	struct offers l = { 0 };
	enum calm_rc rc = store_offer_each(app->st, id, true, collect_offer, &l, &app->err);

	for (size_t i = 0; rc == CALM_OK && i < l.n; i++)
		if (strcmp(l.v[i].role, r->id) == 0)
			rc = end_offer(app, &l.v[i], "withdrawn", app_now(app));
	offers_release(&l);
	return rc;
}

/* Offer r to person: the offers row and its event. */
static enum calm_rc offer(struct app *app, long long id, const struct role_def *r,
			  const char *person)
{
	struct buf text = BUF_INIT;
	long long oid = 0;
	char num[24];
	enum calm_rc rc = store_offer_add(app->st, id, r->id, person, app_author(app),
					  app_now(app), &oid, &app->err);

	snprintf(num, sizeof num, "%lld", oid);
	buf_addf(&text, "%s offers %s to %s (to take within %d minutes)", app_author(app),
		 r->duty, person, OFFER_TTL_MS / 60000);
	const char *kv[] = { "role", r->id, "person", person, "offer", num, NULL };
	if (rc == CALM_OK)
		rc = app_record(app, id, "offer", buf_cstr(&text), kv);
	buf_release(&text);
	return rc;
}

static enum calm_rc role_assign(struct app *app, long long id, const char *role,
				const char *person)
{
	const struct role_def *r;
	char *holder = NULL;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	rc = find_role(app, role, &r);
	if (rc != CALM_OK)
		return rc;
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
		rc = withdraw(app, id, r);
	if (rc == CALM_OK && (!person || strcmp(person, app_author(app)) == 0))
		rc = set_holder(app, id, r, holder, person, 0);
	else if (rc == CALM_OK)
		rc = offer(app, id, r, person);
	free(holder);
	return app_finish(app, rc);
}

enum calm_rc app_role_assign(struct app *app, long long id, const char *role,
			     const char *person)
{
	bool to = person && person[0];
	struct app_write w = { .id = id, .argc = to ? 5 : 4,
			       .words = { "role", NULL, role, to ? "--" : "--clear", person },
			       .what = { .kind = PENDING_OTHER } };

	app_write_begin(app, &w);
	return app_write_end(app, &w, role_assign(app, id, role, person));
}

/* The newest offer of role to person (any state) into *o; false when
 * there is none. */
static bool newest_offer(const struct offers *l, const char *role, const char *person,
			 struct offer *o)
{
	bool found = false;

	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].role, role) == 0 && strcmp(l->v[i].person, person) == 0) {
			*o = l->v[i];
			found = true;
		}
	}
	return found;
}

/* Why there is no open offer to take: it lapsed, it was withdrawn or
 * taken, or there never was one. */
static enum calm_rc no_offer(struct app *app, const struct role_def *r, const struct offers *l)
{
	struct offer o;
	char at[32] = "";

	if (!newest_offer(l, r->id, app_author(app), &o))
		return calm_err_set(&app->err, CALM_NOTFOUND, "nobody offered %s %s to take",
				    app_author(app), r->duty);
	when_format(o.ended_ms, WHEN_MINUTE, app->when_flags, at, sizeof at);
	if (strcmp(o.state, "lapsed") == 0)
		return calm_err_set(&app->err, CALM_GATE,
				    "the offer of %s lapsed at %s (offered by %s, not taken within %d minutes): ask again",
				    r->duty, at, o.by, OFFER_TTL_MS / 60000);
	return calm_err_set(&app->err, CALM_GATE, "the offer of %s by %s was %s at %s", r->duty,
			    o.by, o.state, at);
}

static enum calm_rc role_accept(struct app *app, long long id, const char *role)
{
	const struct role_def *r;
	struct offers l = { 0 };
	struct offer o;
	char *holder = NULL;
	bool open = false;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	rc = find_role(app, role, &r);
	if (rc != CALM_OK)
		return rc;
	rc = app_act(app, id, NULL); /* lapses what is due first */
	if (rc != CALM_OK)
		return rc;
	rc = store_offer_each(app->st, id, false, collect_offer, &l, &app->err);
	if (rc == CALM_OK)
		open = newest_offer(&l, r->id, app_author(app), &o) && strcmp(o.state, "open") == 0;
	if (rc == CALM_OK && !open) {
		/* nothing to take; a lapse just recorded is kept */
		enum calm_rc why = no_offer(app, r, &l);

		offers_release(&l);
		rc = app_finish(app, CALM_OK);
		return rc == CALM_OK ? why : rc;
	}
	if (rc == CALM_OK)
		rc = store_role_get(app->st, id, r->id, &holder, &app->err);
	if (rc == CALM_OK)
		rc = store_offer_end(app->st, o.id, "taken", app_now(app), &app->err);
	if (rc == CALM_OK)
		rc = set_holder(app, id, r, holder, app_author(app), o.id);
	free(holder);
	offers_release(&l);
	return app_finish(app, rc);
}

enum calm_rc app_role_accept(struct app *app, long long id, const char *role)
{
	struct app_write w = { .id = id, .argc = 4, .words = { "role", NULL, role, "--accept" },
			       .what = { .kind = PENDING_OTHER } };

	app_write_begin(app, &w);
	return app_write_end(app, &w, role_accept(app, id, role));
}

/* Pass an open offer on, marked lapsed when its time is up. */
struct lapse_view {
	long long now;
	int (*cb)(const struct offer *, void *);
	void *ctx;
};

static int view_offer(const struct offer *o, void *ctx)
{
	struct lapse_view *v = ctx;
	struct offer shown = *o;

	if (o->offered_ms + OFFER_TTL_MS <= v->now) {
		shown.state = "lapsed";
		shown.ended_ms = o->offered_ms + OFFER_TTL_MS;
	}
	return v->cb(&shown, v->ctx);
}

enum calm_rc app_offers_each(struct app *app, long long id,
			     int (*cb)(const struct offer *, void *), void *ctx)
{
	struct lapse_view v = { app_now(app), cb, ctx };

	calm_err_clear(&app->err);
	return store_offer_each(app->st, id, true, view_offer, &v, &app->err);
}
