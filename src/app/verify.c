/*
 * verify.c - is the database what its timeline says?
 *
 * The chained events are the record; every other table is kept beside
 * them for speed and must be what the events say.  Verifying an
 * incident, in one read transaction (one snapshot, whatever others
 * write meanwhile):
 *   1. the hash chain and the seals' heads (store_verify);
 *   2. the events replayed (core/replay.c) and every table recomputed
 *      from them, row by row: the incident (title, severity, stage,
 *      closed, declared by and when), fields, the checklist's ticks and
 *      items (against the digest the declaration recorded), roles, each
 *      draft revision (its text against the digest its event recorded),
 *      fix attempts, action items and exports;
 *   3. each seal's signature (seal.c).
 * A difference is one line naming the incident, the table, the row, the
 * value there and the value the timeline says.
 *
 * Older databases: events written before calm recorded digests (schema
 * 3) cannot vouch for a checklist item's text or a draft's text; the
 * rest is compared the same.  Those calm versions also read the clock
 * twice per action (the row a little earlier than its event), so their
 * rows' times are compared to within TIME_SLACK_MS; an incident
 * declared with a checklist digest was written by this calm, which uses
 * one time per action, and is compared exactly.
 */
#include "calm/app.h"
#include "app-int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/replay.h"

#define TIME_SLACK_MS 1000
#define MAX_DIFFS 1000

/* The comparison of one incident. */
struct cmp {
	struct app *app;
	struct app_verify *v;
	long long id;
	const struct replay_state *s;
	bool strict;          /* times must match exactly */
	size_t seen;          /* rows of the current table found in the replay */
	long long untracked;  /* draft revisions with no digest to check */
};

static void add_line(char ***v, size_t *n, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void add_line(char ***v, size_t *n, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	char line[1200];

	vsnprintf(line, sizeof line, fmt, ap);
	buf_adds(&b, line);
	*v = xrealloc(*v, (*n + 2) * sizeof **v);
	(*v)[(*n)++] = buf_detach(&b);
	(*v)[*n] = NULL;
}

static void diff(struct cmp *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void diff(struct cmp *c, const char *fmt, ...)
{
	va_list ap;

	if (c->v->ndiffs >= MAX_DIFFS)
		return;
	va_start(ap, fmt);
	add_line(&c->v->diffs, &c->v->ndiffs, fmt, ap);
	va_end(ap);
}

static void note(struct app_verify *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct app_verify *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_line(&v->notes, &v->nnotes, fmt, ap);
	va_end(ap);
}

void app_verify_release(struct app_verify *v)
{
	for (size_t i = 0; i < v->ndiffs; i++)
		free(v->diffs[i]);
	free(v->diffs);
	for (size_t i = 0; i < v->nnotes; i++)
		free(v->notes[i]);
	free(v->notes);
	memset(v, 0, sizeof *v);
}

/* NULL and "" are the same: an unset value. */
static const char *nz(const char *s)
{
	return s ? s : "";
}

static bool same(const char *a, const char *b)
{
	return strcmp(nz(a), nz(b)) == 0;
}

static bool same_time(const struct cmp *c, long long a, long long b)
{
	return c->strict ? a == b : llabs(a - b) <= TIME_SLACK_MS;
}

/* One column: a line when it differs. */
static void col(struct cmp *c, const char *table, const char *row, const char *name,
		const char *have, const char *want)
{
	if (same(have, want))
		return;
	if (!table) /* the incident's own row */
		diff(c, "incident %lld: %s is '%.200s', the timeline says '%.200s'",
		     c->id, name, nz(have), nz(want));
	else
		diff(c, "incident %lld: %s %s: %s is '%.200s', the timeline says '%.200s'",
		     c->id, table, row, name, nz(have), nz(want));
}

static void col_time(struct cmp *c, const char *table, const char *row,
		     const char *name, long long have, long long want)
{
	if (same_time(c, have, want))
		return;
	if (!table)
		diff(c, "incident %lld: %s is %lld, the timeline says %lld",
		     c->id, name, have, want);
	else
		diff(c, "incident %lld: %s %s: %s is %lld, the timeline says %lld",
		     c->id, table, row, name, have, want);
}

/* ---- the tables ---- */

static void check_incident(struct cmp *c, const struct incident *inc)
{
	const struct replay_state *s = c->s;
	char sev[16], want[16];

	c->v->rows++;
	if (inc->damaged) /* a value no calm writes: read back replaced, said here */
		diff(c, "incident %lld: damaged: %s", c->id, inc->damaged);
	col(c, NULL, NULL, "title", inc->title, s->title);
	snprintf(sev, sizeof sev, "%d", inc->severity);
	snprintf(want, sizeof want, "%d", s->severity);
	col(c, NULL, NULL, "severity", sev, want);
	col(c, NULL, NULL, "status", inc->closed ? "closed" : "active",
	    s->closed ? "closed" : "active");
	if (inc->closed && s->closed)
		col_time(c, NULL, NULL, "closed time", inc->closed_ms, s->closed_ms);
	col(c, NULL, NULL, "stage", inc->stage_id, s->stage);
	col(c, NULL, NULL, "declared by", inc->declared_by, s->declared_by);
	col_time(c, NULL, NULL, "declared time", inc->declared_ms, s->declared_ms);
}

static int field_row(const char *name, const char *value, void *ctx)
{
	struct cmp *c = ctx;
	char row[120];

	c->v->rows++;
	snprintf(row, sizeof row, "'%.80s'", name);
	if (!replay_field(c->s, name))
		diff(c, "incident %lld: fields %s: is '%.200s', the timeline never set it",
		     c->id, row, nz(value));
	else
		col(c, "fields", row, "value", value, replay_field(c->s, name));
	c->seen++;
	return 0;
}

static int check_row(const struct check_row *r, void *ctx)
{
	struct cmp *c = ctx;

	c->v->rows++;
	if (r->checked != replay_checked(c->s, r->id))
		diff(c, "incident %lld: checklist '%.80s': is %s, the timeline says %s",
		     c->id, r->id, r->checked ? "ticked" : "unticked",
		     r->checked ? "unticked" : "ticked");
	return 0;
}

static int role_row(const char *role, const char *person, long long since, void *ctx)
{
	struct cmp *c = ctx;
	char row[120];

	c->v->rows++;
	c->seen++;
	snprintf(row, sizeof row, "'%.80s'", role);
	if (!replay_role(c->s, role)) {
		diff(c, "incident %lld: roles %s: held by '%.100s', the timeline gave it to nobody",
		     c->id, row, nz(person));
		return 0;
	}
	col(c, "roles", row, "holder", person, replay_role(c->s, role));
	for (size_t i = 0; i < c->s->nroles; i++)
		if (strcmp(c->s->roles[i].role, role) == 0)
			col_time(c, "roles", row, "since", since, c->s->roles[i].since_ms);
	return 0;
}

static int draft_row(const struct draft *d, void *ctx)
{
	struct cmp *c = ctx;
	const struct replay_rev *r = NULL;
	char row[64], digest[2 * STORE_HASH_LEN + 1];

	c->v->rows++;
	c->seen++;
	snprintf(row, sizeof row, "%s rev %d", audience_name(d->audience), d->revision);
	for (size_t i = 0; i < c->s->nrevs && !r; i++)
		if (c->s->revs[i].audience == d->audience && c->s->revs[i].revision == d->revision)
			r = &c->s->revs[i];
	if (!r) {
		diff(c, "incident %lld: drafts %s: no event saved it", c->id, row);
		return 0;
	}
	col(c, "drafts", row, "author", d->author, r->author);
	col_time(c, "drafts", row, "saved time", d->created_ms, r->created_ms);
	if (!r->sha256) {
		c->untracked++;
	} else {
		store_digest(d->text, strlen(d->text), digest);
		if (strcmp(digest, r->sha256) != 0)
			diff(c, "incident %lld: drafts %s: the text is not the text that was saved",
			     c->id, row);
	}
	col(c, "drafts", row, "sent by", d->sent_ms ? d->sent_by : NULL,
	    r->sent_ms ? r->sent_by : NULL);
	col(c, "drafts", row, "channel", d->sent_ms ? d->channel : NULL,
	    r->sent_ms ? r->channel : NULL);
	col_time(c, "drafts", row, "sent time", d->sent_ms, r->sent_ms);
	return 0;
}

static int fix_row(const struct fix_row *f, void *ctx)
{
	struct cmp *c = ctx;
	const struct replay_fix *r = NULL;
	char row[40];

	c->v->rows++;
	c->seen++;
	snprintf(row, sizeof row, "#%lld", f->n);
	for (size_t i = 0; i < c->s->nfixes && !r; i++)
		if (c->s->fixes[i].n == f->n)
			r = &c->s->fixes[i];
	if (!r) {
		diff(c, "incident %lld: fix attempts %s: no event logged it", c->id, row);
		return 0;
	}
	col(c, "fix attempts", row, "what", f->what, r->what);
	col(c, "fix attempts", row, "why", f->why, r->why);
	col(c, "fix attempts", row, "outcome", f->outcome, r->outcome);
	col(c, "fix attempts", row, "note", f->note, r->note);
	col(c, "fix attempts", row, "author", f->author, r->author);
	col_time(c, "fix attempts", row, "time", f->started_ms, r->started_ms);
	col_time(c, "fix attempts", row, "outcome time", f->outcome_ms, r->outcome_ms);
	return 0;
}

static int action_row(const struct action_row *a, void *ctx)
{
	struct cmp *c = ctx;
	const struct replay_action *r = NULL;
	char row[40];

	c->v->rows++;
	c->seen++;
	snprintf(row, sizeof row, "#%lld", a->n);
	for (size_t i = 0; i < c->s->nactions && !r; i++)
		if (c->s->actions[i].n == a->n)
			r = &c->s->actions[i];
	if (!r) {
		diff(c, "incident %lld: action items %s: no event added it", c->id, row);
		return 0;
	}
	col(c, "action items", row, "title", a->title, r->title);
	col(c, "action items", row, "owner", a->owner, r->owner);
	col(c, "action items", row, "category", a->category, r->category);
	col(c, "action items", row, "due", a->due, r->due);
	col(c, "action items", row, "status", a->status, r->status);
	col(c, "action items", row, "author", a->author, r->author);
	col_time(c, "action items", row, "time", a->created_ms, r->created_ms);
	return 0;
}

static int export_row(const struct export_row *x, void *ctx)
{
	struct cmp *c = ctx;
	char row[40];

	c->v->rows++;
	snprintf(row, sizeof row, "#%zu", c->seen + 1);
	if (c->seen >= c->s->nexps) {
		diff(c, "incident %lld: exports %s: no event recorded it", c->id, row);
	} else {
		const struct replay_export *r = &c->s->exps[c->seen];

		col(c, "exports", row, "format", x->format, r->format);
		col(c, "exports", row, "path", x->path, r->path);
		col(c, "exports", row, "author", x->author, r->author);
		col_time(c, "exports", row, "time", x->ts_ms, r->ts_ms);
	}
	c->seen++;
	return 0;
}

/* Rows the replay has that the table lacks. */
static void missing(struct cmp *c, const char *table, size_t want)
{
	if (c->seen < want)
		diff(c, "incident %lld: %s: %zu row%s the timeline made %s missing",
		     c->id, table, want - c->seen, want - c->seen == 1 ? "" : "s",
		     want - c->seen == 1 ? "is" : "are");
	c->seen = 0;
}

/* Recompute the incident's tables from its events; differences to v. */
static enum calm_rc check_tables(struct app *app, long long id, struct app_verify *v)
{
	struct replay_state s;
	struct incident inc;
	struct cmp c = { .app = app, .v = v, .id = id, .s = &s };
	struct calm_err *e = &app->err;
	char digest[2 * STORE_HASH_LEN + 1];
	enum calm_rc rc;

	rc = app_replay(app, id, 0, &s);
	if (rc != CALM_OK)
		return rc;
	c.strict = s.checklist != NULL;
	rc = store_incident_get(app->st, id, &inc, e);
	if (rc == CALM_OK) {
		check_incident(&c, &inc);
		incident_release(&inc);
	}
	if (rc == CALM_OK)
		rc = store_fields_each(app->st, id, field_row, &c, e);
	missing(&c, "fields", s.nfields);
	if (rc == CALM_OK)
		rc = store_checklist_each(app->st, id, NULL, check_row, &c, e);
	if (rc == CALM_OK && s.checklist &&
	    (rc = store_checklist_digest(app->st, id, digest, e)) == CALM_OK &&
	    strcmp(digest, s.checklist) != 0)
		diff(&c, "incident %lld: checklist: its items are not the ones it was declared with", id);
	if (rc == CALM_OK && !s.checklist)
		note(v, "incident %lld: declared before calm recorded a checklist's digest: its items' texts are not covered (their ticks are)", id);
	if (rc == CALM_OK)
		rc = store_role_each(app->st, id, role_row, &c, e);
	missing(&c, "roles", s.nroles);
	if (rc == CALM_OK)
		rc = store_draft_each(app->st, id, -1, draft_row, &c, e);
	missing(&c, "drafts", s.nrevs);
	if (rc == CALM_OK && c.untracked)
		note(v, "incident %lld: %lld draft revision%s saved before calm recorded digests: %s text is not covered",
		     id, c.untracked, c.untracked == 1 ? "" : "s", c.untracked == 1 ? "its" : "their");
	if (rc == CALM_OK)
		rc = store_fix_each(app->st, id, fix_row, &c, e);
	missing(&c, "fix attempts", s.nfixes);
	if (rc == CALM_OK)
		rc = store_action_each(app->st, id, action_row, &c, e);
	missing(&c, "action items", s.nactions);
	if (rc == CALM_OK)
		rc = store_export_each(app->st, id, export_row, &c, e);
	missing(&c, "exports", s.nexps);
	replay_release(&s);
	return rc;
}

/* ---- seals ---- */

struct seal_walk {
	struct app *app;
	const char *allowed;
	struct app_verify *v;
	long long bad;           /* first bad seal */
	char why[600];
	enum calm_rc rc;
};

static int seal_one(const struct seal *s, void *ctx)
{
	struct seal_walk *w = ctx;
	struct app_seal_status st;

	w->rc = app_seal_check(w->app, s, w->allowed, &st);
	if (w->rc != CALM_OK)
		return 1;
	switch (st.result) {
	case SEAL_GOOD:
		w->v->seals_good++;
		break;
	case SEAL_UNCHECKED:
		w->v->seals_unchecked++;
		note(w->v, "incident %lld: seal %lld (%s): %s", s->incident, s->id,
		     st.signer[0] ? st.signer : "?", st.why);
		break;
	case SEAL_NO_TOOL:
		note(w->v, "incident %lld: seal %lld: not checked: %s", s->incident, s->id, st.why);
		break;
	case SEAL_BAD:
		if (!w->bad) {
			w->bad = s->id;
			snprintf(w->why, sizeof w->why, "incident %lld: seal %lld: %s",
				 s->incident, s->id, st.why);
		}
		break;
	}
	return 0;
}

static int collect_id(const struct incident *inc, void *ctx)
{
	struct buf *ids = ctx;

	buf_add(ids, &inc->id, sizeof inc->id);
	return 0;
}

enum calm_rc app_verify(struct app *app, long long id, const char *allowed,
			struct app_verify *out)
{
	struct seal_walk sw = { .app = app, .allowed = allowed, .v = out, .rc = CALM_OK };
	struct verify_result vr;
	struct buf ids = BUF_INIT;
	long long first_bad = 0, n;
	size_t before;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	memset(out, 0, sizeof *out);
	rc = store_read_begin(app->st, &app->err);
	if (rc != CALM_OK)
		return rc;
	rc = store_verify(app->st, id, &vr, &app->err);
	out->events = vr.events;
	if (rc == CALM_OK && id) {
		buf_add(&ids, &id, sizeof id);
	} else if (rc == CALM_OK) {
		rc = store_incident_each(app->st, 0, collect_id, &ids, &app->err);
	}
	n = (long long)(ids.len / sizeof id);
	for (long long i = 0; rc == CALM_OK && i < n; i++) {
		long long inc;

		memcpy(&inc, ids.s + (size_t)i * sizeof inc, sizeof inc);
		before = out->ndiffs;
		rc = check_tables(app, inc, out);
		if (rc == CALM_OK && out->ndiffs > before && !first_bad)
			first_bad = inc;
		out->incidents++;
	}
	for (long long i = 0; rc == CALM_OK && i < n && sw.rc == CALM_OK; i++) {
		long long inc;

		memcpy(&inc, ids.s + (size_t)i * sizeof inc, sizeof inc);
		rc = store_seal_each(app->st, inc, seal_one, &sw, &app->err);
	}
	store_read_end(app->st);
	buf_release(&ids);
	if (rc == CALM_OK)
		rc = sw.rc;
	if (rc == CALM_OK && out->ndiffs)
		rc = calm_err_set(&app->err, CALM_DATA,
				  "incident %lld: %zu row%s differ%s from the timeline (changed behind calm's back)",
				  first_bad, out->ndiffs, out->ndiffs == 1 ? "" : "s",
				  out->ndiffs == 1 ? "s" : "");
	if (rc == CALM_OK && sw.bad)
		rc = calm_err_set(&app->err, CALM_DATA, "%s", sw.why);
	return rc;
}
