/*
 * app.c - the actions on an incident, each one store transaction
 * checked by the core.  See app.h for the contract.
 */
#include "calm/app.h"
#include "app-int.h"
#include "calm/app-read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calm/buf.h"
#include "calm/field.h"
#include "calm/text.h"
#include "calm/when.h"

/* Facts for the gate of one stage, with the storage they point into. */

static long long real_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long app_now(const struct app *app)
{
	if (app->tx_ms && app->st && store_in_tx(app->st))
		return app->tx_ms; /* one time for the whole action */
	return app->now_ms ? app->now_ms() : real_now_ms();
}

static bool one_line(const char *s)
{
	return !strpbrk(s, "\r\n");
}

/* Index of the incident's stage in the playbook. */
static enum calm_rc stage_of(struct app *app, const struct incident *inc,
			     int *stage)
{
	if (!app->pb)
		return calm_err_set(&app->err, CALM_CONFIG, "no playbook loaded");
	*stage = playbook_stage_index(app->pb, inc->stage_id);
	if (*stage < 0)
		return calm_err_set(&app->err, CALM_CONFIG,
				    "incident %lld is at stage '%s', which playbook '%s' (%s) does not have",
				    inc->id, inc->stage_id, app->pb->name,
				    app->pb->source ? app->pb->source : "?");
	return CALM_OK;
}

/* Who moved the stage last, and when, from the newest stage event. */
struct mover {
	char who[TEXT_NAME_MAX + 1];
	char at[32];
};

static int last_move(const struct event *ev, void *ctx)
{
	struct mover *m = ctx;

	snprintf(m->who, sizeof m->who, "%s", ev->author);
	when_format(ev->ts_ms, WHEN_HMS, 0, m->at, sizeof m->at);
	return 1;
}

/*
 * The stage moved on since the person saw `from`: say who moved it and
 * to where, keep the reason they typed as a note, and end the
 * transaction (committing the note).  CALM_GATE.
 */
static enum calm_rc moved_before(struct app *app, const struct incident *inc, int stage,
				 const char *from, const char *reason)
{
	struct mover m = { "someone else", "?" };
	struct buf note = BUF_INIT;
	bool found = false, keep = reason && reason[0];
	enum calm_rc rc;

	rc = store_event_last(app->st, inc->id, "stage", last_move, &m, &found, &app->err);
	if (rc == CALM_OK && keep) {
		buf_addf(&note, "%s's reason for leaving stage '%s', kept (%s moved it first): %s",
			 app_author(app), from, m.who, reason);
		rc = app_record(app, inc->id, "note", buf_cstr(&note), NULL);
	}
	buf_release(&note);
	rc = app_finish(app, rc);
	if (rc == CALM_OK)
		rc = calm_err_set(&app->err, CALM_GATE,
				  "%s moved incident %lld to stage %d/%zu %s at %s, before you: nothing more moved%s",
				  m.who, inc->id, stage + 1, app->pb->nstages, app->pb->stages[stage].title,
				  m.at, keep ? " (your reason is kept as a note)" : "");
	return rc;
}

/* app_act() for a stage move: the incident and the index of its stage
 * in the playbook; on failure nothing is left open.  A stage other than
 * from (when given) is CALM_GATE, said by moved_before(). */
static enum calm_rc act_at_stage(struct app *app, long long id, const char *from,
				 const char *reason, struct incident *inc, int *stage)
{
	enum calm_rc rc;

	calm_err_clear(&app->err);
	rc = app_act(app, id, inc);
	if (rc != CALM_OK)
		return rc;
	rc = stage_of(app, inc, stage);
	if (rc == CALM_OK && from && strcmp(from, inc->stage_id) != 0) {
		rc = moved_before(app, inc, *stage, from, reason);
		incident_release(inc);
		return rc;
	}
	if (rc != CALM_OK) {
		incident_release(inc);
		store_rollback(app->st);
	}
	return rc;
}

static int collect_item(const struct check_row *row, void *ctx)
{
	struct app_facts *fx = ctx;

	if (fx->nitems == fx->capitems) {
		fx->capitems = fx->capitems ? fx->capitems * 2 : 8;
		fx->items = xrealloc(fx->items, fx->capitems * sizeof *fx->items);
	}
	fx->items[fx->nitems++] = (struct gate_item){
		.id = xstrdup(row->id),
		.text = xstrdup(row->text),
		.required = row->required,
		.checked = row->checked,
	};
	return 0;
}

static int collect_field(const char *name, const char *value, void *ctx)
{
	struct app_facts *fx = ctx;

	if (!value || !value[0])
		return 0;
	if (fx->nfields == fx->capfields) {
		fx->capfields = fx->capfields ? fx->capfields * 2 : 8;
		fx->fields = xrealloc(fx->fields, fx->capfields * sizeof *fx->fields);
	}
	fx->fields[fx->nfields++] = xstrdup(name);
	return 0;
}

static void facts_release(struct app_facts *fx)
{
	for (size_t i = 0; i < fx->nitems; i++) {
		free((char *)fx->items[i].id);
		free((char *)fx->items[i].text);
	}
	free(fx->items);
	for (size_t i = 0; i < fx->nfields; i++)
		free(fx->fields[i]);
	free(fx->fields);
	memset(fx, 0, sizeof *fx);
}

/* Read what the gate of the incident's current stage looks at. */
static enum calm_rc facts_load(struct app *app, const struct incident *inc,
			       struct app_facts *fx)
{
	struct incident_counts c;
	enum calm_rc rc;

	memset(fx, 0, sizeof *fx);
	rc = store_checklist_each(app->st, inc->id, inc->stage_id,
				  collect_item, fx, &app->err);
	if (rc == CALM_OK)
		rc = store_fields_each(app->st, inc->id, collect_field, fx,
				       &app->err);
	if (rc == CALM_OK)
		rc = store_incident_counts(app->st, inc->id, &c, &app->err);
	if (rc != CALM_OK) {
		facts_release(fx);
		return rc;
	}
	fx->f.items = fx->items;
	fx->f.nitems = fx->nitems;
	fx->f.notes = c.notes;
	fx->f.fixes_worked = c.fixes_worked;
	fx->f.fixes_failed = c.fixes_failed;
	fx->f.no_fix = c.no_fix;
	fx->f.actions = c.actions;
	fx->f.exported = c.exported;
	memcpy(fx->f.comms_sent, c.comms_sent, sizeof c.comms_sent);
	fx->f.fields_set = (const char *const *)fx->fields;
	fx->f.nfields_set = fx->nfields;
	return CALM_OK;
}

/* What a declaration may be, checked before the transaction; *title_m
 * and *product_m the title and product masked (free them). */
static enum calm_rc declare_check(struct app *app, const char *title, int severity,
				  const char *product, char **title_m, char **product_m)
{
	enum calm_rc rc;

	calm_err_clear(&app->err);
	*title_m = *product_m = NULL;
	rc = app_text(app, "title", title, strlen(title), APP_MAX_TITLE, title_m);
	if (rc != CALM_OK)
		return rc;
	if (!one_line(title))
		return calm_err_set(&app->err, CALM_DATA, "title must be one line");
	if (severity < 1 || severity > 4)
		return calm_err_set(&app->err, CALM_USAGE,
				    "severity must be 1 (worst) to 4, not %d",
				    severity);
	if (product && (rc = app_text(app, product[0] ? "product" : NULL, product,
				      strlen(product), 200, product_m)) != CALM_OK)
		return rc;
	if (!app->pb || app->pb->nstages == 0)
		return calm_err_set(&app->err, CALM_CONFIG, "no playbook loaded");
	return CALM_OK;
}

/* The declaration inside the open transaction, of a title and product
 * checked and masked (declare_check). */
static enum calm_rc declare_masked(struct app *app, const char *title, int severity,
				   const char *product, long long *id)
{
	char sev[8], text[APP_MAX_TITLE + 64], digest[2 * STORE_HASH_LEN + 1];
	enum calm_rc rc;

	rc = store_incident_create(app->st, title, severity, app_now(app), app_author(app), app->pb,
				   id, &app->err);
	if (rc == CALM_OK && product && product[0])
		rc = store_field_set(app->st, *id, "product", product, &app->err);
	/* the checklist copied from the playbook, as a digest the chain
	 * covers: verify tells an item edited behind calm's back */
	if (rc == CALM_OK)
		rc = store_checklist_digest(app->st, *id, digest, &app->err);
	snprintf(sev, sizeof sev, "%d", severity);
	snprintf(text, sizeof text, "declared: %s (severity %d)", title, severity);
	if (rc == CALM_OK) {
		const char *kv[] = { "title", title, "severity", sev,
				     "product", product ? product : "",
				     "stage", app->pb->stages[0].id,
				     "checklist", digest, NULL };
		rc = app_record(app, *id, "declare", text, kv);
	}
	return rc;
}

enum calm_rc app_declare_in(struct app *app, const char *title, int severity,
			    const char *product, long long *id)
{
	char *title_m, *product_m;
	enum calm_rc rc = declare_check(app, title, severity, product, &title_m, &product_m);

	if (rc == CALM_OK)
		rc = declare_masked(app, title_m, severity, product_m, id);
	free(title_m);
	free(product_m);
	return rc;
}

enum calm_rc app_declare(struct app *app, const char *title, int severity,
			 const char *product, long long *id)
{
	char *title_m, *product_m; /* checked and masked before the transaction begins */
	enum calm_rc rc = declare_check(app, title, severity, product, &title_m, &product_m);

	if (rc == CALM_OK)
		rc = app_begin(app);
	if (rc == CALM_OK)
		rc = app_finish(app, declare_masked(app, title_m, severity, product_m, id));
	free(title_m);
	free(product_m);
	return rc;
}

enum calm_rc app_resolve(struct app *app, const char *arg, long long *id)
{
	struct incident inc;
	long long count = 0;
	enum calm_rc rc;
	char *end;

	calm_err_clear(&app->err);
	if (arg) {
		errno = 0;
		long long v = strtoll(arg, &end, 10);
		if (errno || end == arg || *end || v <= 0)
			return calm_err_set(&app->err, CALM_USAGE,
					    "'%.40s' is not an incident id", arg);
		rc = store_incident_get(app->st, v, &inc, &app->err);
		if (rc == CALM_OK)
			incident_release(&inc);
		*id = v;
		return rc;
	}
	rc = store_active_count(app->st, &count, id, &app->err);
	if (rc != CALM_OK)
		return rc;
	if (count == 0)
		return calm_err_set(&app->err, CALM_USAGE,
				    "no active incident: declare one with 'calm new TITLE'");
	if (count > 1)
		return calm_err_set(&app->err, CALM_USAGE,
				    "%lld incidents are active: name one by id (see 'calm list')",
				    count);
	return CALM_OK;
}

static enum calm_rc check(struct app *app, long long id, const char *item, bool checked)
{
	struct incident inc;
	struct buf text = BUF_INIT;
	bool changed = false;
	char *item_text = NULL;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	rc = app_act(app, id, &inc);
	if (rc != CALM_OK)
		return rc;
	rc = store_check_set(app->st, id, item, checked, &changed, &app->err);
	if (rc == CALM_OK && changed) {
		/* find the item's text for a readable timeline line */
		struct app_facts fx = { 0 };
		rc = store_checklist_each(app->st, id, NULL, collect_item, &fx,
					  &app->err);
		for (size_t i = 0; rc == CALM_OK && i < fx.nitems; i++)
			if (strcmp(fx.items[i].id, item) == 0)
				item_text = xstrdup(fx.items[i].text);
		facts_release(&fx);
		buf_addf(&text, "%s: %s", checked ? "ticked" : "unticked",
			 item_text ? item_text : item);
		const char *kv[] = { "item", item, "checked",
				     checked ? "1" : "0", NULL };
		if (rc == CALM_OK)
			rc = app_record(app, id, "check", buf_cstr(&text), kv);
	}
	free(item_text);
	buf_release(&text);
	incident_release(&inc);
	return app_finish(app, rc);
}

enum calm_rc app_check(struct app *app, long long id, const char *item, bool checked)
{
	struct app_write w = { .id = id, .argc = checked ? 3 : 4,
			       .words = { "check", NULL, item, "--undo" },
			       .what = { PENDING_CHECK, id, item, NULL, checked } };

	app_write_begin(app, &w);
	return app_write_end(app, &w, check(app, id, item, checked));
}

static enum calm_rc set_field(struct app *app, long long id, const char *name,
			      const char *value, char **stored)
{
	const struct field_def *def = field_find(name);
	struct buf text = BUF_INIT;
	char *norm;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	if (stored)
		*stored = NULL;
	if (!def) {
		struct buf names = BUF_INIT;
		for (size_t i = 0; i < field_ndefs; i++)
			buf_addf(&names, "%s%s", i ? ", " : "", field_defs[i].name);
		rc = calm_err_set(&app->err, CALM_USAGE,
				  "unknown field '%.40s' (fields: %s)", name,
				  buf_cstr(&names));
		buf_release(&names);
		return rc;
	}
	if (strlen(value) > APP_MAX_TEXT)
		return calm_err_set(&app->err, CALM_DATA,
				    "field '%s': value longer than %d bytes",
				    name, APP_MAX_TEXT);
	norm = xmalloc(strlen(value) + 64);
	rc = field_validate(def, value, app_now(app), app->when_flags, norm,
			    strlen(value) + 64, &app->err);
	if (rc == CALM_OK && def->type == FIELD_TEXT && !one_line(norm) &&
	    strcmp(name, "title") == 0)
		rc = calm_err_set(&app->err, CALM_DATA, "title must be one line");
	if (rc == CALM_OK && def->type == FIELD_TEXT) { /* free text: checked (a title), masked */
		char *masked = NULL;

		rc = app_text(app, strcmp(name, "title") == 0 ? "title" : NULL, norm,
			      strlen(norm), APP_MAX_TITLE, &masked); /* max: a title's */
		free(norm);
		norm = masked;
	}
	if (rc != CALM_OK) {
		free(norm);
		return rc;
	}
	rc = app_act(app, id, NULL);
	if (rc == CALM_OK) {
		if (strcmp(name, "title") == 0)
			rc = store_incident_set_title(app->st, id, norm, &app->err);
		else if (def->type == FIELD_SEVERITY)
			rc = store_incident_set_severity(app->st, id, atoi(norm),
							 &app->err);
		else
			rc = store_field_set(app->st, id, name, norm, &app->err);
		if (norm[0])
			buf_addf(&text, "%s: %s", name, norm);
		else
			buf_addf(&text, "%s cleared", name);
		const char *kv[] = { "field", name, "value", norm, NULL };
		if (rc == CALM_OK)
			rc = app_record(app, id, "field", buf_cstr(&text), kv);
	}
	buf_release(&text);
	rc = app_finish(app, rc);
	if (rc == CALM_OK && stored)
		*stored = norm;
	else
		free(norm);
	return rc;
}

enum calm_rc app_set_field(struct app *app, long long id, const char *name,
			   const char *value, char **stored)
{
	struct app_write w = { .id = id, .argc = 5, /* a value may start with - */
			       .words = { "set", NULL, name, "--", value },
			       .what = { PENDING_FIELD, id, name, value, false } };

	app_write_begin(app, &w);
	return app_write_end(app, &w, set_field(app, id, name, value, stored));
}

enum calm_rc app_gate(struct app *app, long long id,
		      struct gate_report *report)
{
	struct incident inc;
	struct app_facts fx;
	int stage = -1;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	memset(report, 0, sizeof *report);
	rc = store_incident_get(app->st, id, &inc, &app->err);
	if (rc != CALM_OK)
		return rc;
	rc = stage_of(app, &inc, &stage);
	if (rc == CALM_OK)
		rc = facts_load(app, &inc, &fx);
	if (rc == CALM_OK) {
		gate_check(app->pb, stage, &fx.f, report);
		facts_release(&fx);
	}
	incident_release(&inc);
	return rc;
}

enum calm_rc app_facts_read(struct app *app, long long id, struct app_facts *out)
{
	struct incident inc;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	memset(out, 0, sizeof *out);
	rc = store_incident_get(app->st, id, &inc, &app->err);
	if (rc == CALM_OK) {
		rc = app_facts_of(app, &inc, out);
		incident_release(&inc);
	}
	return rc;
}

enum calm_rc app_facts_of(struct app *app, const struct incident *inc, struct app_facts *out)
{
	enum calm_rc rc;

	calm_err_clear(&app->err);
	memset(out, 0, sizeof *out);
	rc = facts_load(app, inc, out);
	out->read = rc == CALM_OK;
	return rc;
}

void app_facts_release(struct app_facts *fx)
{
	facts_release(fx);
}

/* "stage 2/8 Write down everything" */
static void stage_line(struct buf *b, const struct playbook *pb, int i)
{
	buf_addf(b, "stage %d/%zu %s", i + 1, pb->nstages, pb->stages[i].title);
}

static enum calm_rc advance(struct app *app, long long id, const char *from,
			    const char *reason, struct gate_report *report,
			    struct stage_move *mv)
{
	struct incident inc;
	struct gate_report gate = { 0 };
	struct stage_move move;
	struct app_facts fx;
	struct buf text = BUF_INIT;
	char unmet[1024] = "";
	int stage = -1;
	enum calm_rc rc;

	if (report)
		memset(report, 0, sizeof *report);
	rc = act_at_stage(app, id, from, reason, &inc, &stage);
	if (rc != CALM_OK)
		return rc;
	rc = facts_load(app, &inc, &fx);
	if (rc == CALM_OK) {
		gate_check(app->pb, stage, &fx.f, &gate);
		facts_release(&fx);
		rc = stage_advance(app->pb, stage, inc.closed, &gate, reason,
				   &move, &app->err);
	}
	if (rc == CALM_OK) {
		const struct playbook *pb = app->pb;
		gate_report_unmet(&gate, unmet, sizeof unmet);
		if (move.closes)
			buf_addf(&text, "incident closed after ");
		else
			buf_addf(&text, "advanced to ");
		stage_line(&text, pb, move.closes ? move.from : move.to);
		if (move.overridden)
			buf_addf(&text, " (override: %s; unmet: %s)", reason, unmet);
		/* a plain move stops the list after "to" */
		const char *kv[] = {
			"from", pb->stages[move.from].id,
			"to", move.closes ? "closed" : pb->stages[move.to].id,
			move.overridden ? "override" : NULL, reason,
			"unmet", unmet, NULL,
		};
		rc = store_incident_set_stage(app->st, id,
					      pb->stages[move.to].id, move.to,
					      move.closes, app_now(app),
					      &app->err);
		if (rc == CALM_OK)
			rc = app_record(app, id, "stage", buf_cstr(&text), kv);
	}
	if (report)
		*report = gate;
	else
		gate_report_release(&gate);
	if (mv && rc == CALM_OK)
		*mv = move;
	buf_release(&text);
	incident_release(&inc);
	return app_finish(app, rc);
}

enum calm_rc app_advance(struct app *app, long long id, const char *from,
			 const char *reason, struct gate_report *report,
			 struct stage_move *mv)
{
	struct app_write w = { .id = id, .argc = reason ? 4 : 2,
			       .words = { "advance", NULL, "--override", reason },
			       .what = { .kind = PENDING_ADVANCE } };

	app_write_begin(app, &w);
	return app_move_end(app, &w, advance(app, id, from, reason, report, mv), from, 1, reason,
			    report);
}

static enum calm_rc back(struct app *app, long long id, const char *from,
			 struct stage_move *mv)
{
	struct incident inc;
	struct stage_move move;
	struct buf text = BUF_INIT;
	int stage = -1;
	enum calm_rc rc;

	rc = act_at_stage(app, id, from, NULL, &inc, &stage);
	if (rc != CALM_OK)
		return rc;
	rc = stage_back(app->pb, stage, inc.closed, &move, &app->err);
	if (rc == CALM_OK) {
		buf_adds(&text, "went back to ");
		stage_line(&text, app->pb, move.to);
		const char *kv[] = { "from", app->pb->stages[move.from].id,
				     "to", app->pb->stages[move.to].id, NULL };
		rc = store_incident_set_stage(app->st, id,
					      app->pb->stages[move.to].id,
					      move.to, false, app_now(app),
					      &app->err);
		if (rc == CALM_OK)
			rc = app_record(app, id, "stage", buf_cstr(&text), kv);
	}
	if (mv && rc == CALM_OK)
		*mv = move;
	buf_release(&text);
	incident_release(&inc);
	return app_finish(app, rc);
}

enum calm_rc app_back(struct app *app, long long id, const char *from,
		      struct stage_move *mv)
{
	struct app_write w = { .id = id, .argc = 2, .words = { "back", NULL },
			       .what = { .kind = PENDING_BACK } };

	app_write_begin(app, &w);
	return app_move_end(app, &w, back(app, id, from, mv), from, -1, NULL, NULL);
}

enum calm_rc app_stage_begun(struct app *app, long long id)
{
	struct incident inc;
	struct buf text = BUF_INIT;
	bool begun = false;
	int stage = -1;
	enum calm_rc rc;

	rc = act_at_stage(app, id, NULL, NULL, &inc, &stage);
	if (rc != CALM_OK)
		return rc;
	rc = store_stage_begun(app->st, id, app->pb->stages[stage].id, &begun, &app->err);
	/* reopened (or a pairing partner's console): already begun, and
	 * the timeline says so once */
	if (rc == CALM_OK && !begun) {
		buf_adds(&text, "began ");
		stage_line(&text, app->pb, stage);
		const char *kv[] = { "stage", app->pb->stages[stage].id,
				     "begun", "1", NULL };
		rc = app_record(app, id, "stage", buf_cstr(&text), kv);
	}
	buf_release(&text);
	incident_release(&inc);
	return app_finish(app, rc);
}
