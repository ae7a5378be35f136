/*
 * postmortem.c - an incident's facts as template values, the postmortem
 * rendered from them, and its export.
 *
 * Values are built once per render from the store: fields, the last
 * notes, fix attempts, action items, the timeline.  An unset field is a
 * visible marker, never a blank.  For Markdown every piece of user text
 * is escaped (template.h) before it goes into the document, so a title
 * like "*x* | <b>" reads the same after rendering; the template's own
 * Markdown is left alone.
 *
 * Export order: render, write the file (temporary beside it, fsync,
 * rename, fsync the directory), then one transaction records the export
 * row and its timeline event.  A crash between the two leaves a file
 * and no record; exporting again fixes that.
 */
#include "app-int.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "calm/buf.h"
#include "calm/when.h"
#include "calm/milestone.h"
#include "calm/text.h"

/* Notes shown by {recent_notes}. */
#define RECENT_NOTES 5

/* Gathers lists while walking the store. */
struct walk {
	struct buf b;
	bool md;
	unsigned tz;          /* when_format flags: the zone times are shown in */
	int count;
	const char *last_fix; /* fix_status, built from the newest attempt */
	char *fix_status;
};

static void add_text(struct buf *b, const char *s, bool md)
{
	if (md)
		template_md_escape(b, s, strlen(s));
	else
		buf_adds(b, s);
}

/* One line for a list item: newlines folded to spaces. */
static void add_line(struct buf *b, const char *s, bool md)
{
	char *one = xstrdup(s);

	for (char *p = one; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	add_text(b, one, md);
	free(one);
}

/* An event's own bytes on one line (exact when not its text). */
static void add_bytes(struct buf *b, const char *text, const char *raw,
		      size_t raw_len, bool md)
{
	struct buf one = BUF_INIT;

	if (!raw) {
		add_line(b, text, md);
		return;
	}
	/* NUL and bytes that are not UTF-8 become visible (^@, <E9>) */
	text_sanitize(&one, raw, raw_len, TEXT_KEEP_NEWLINE | TEXT_TAB_SPACE);
	add_line(b, one.s, md);
	buf_release(&one);
}

/* Parse a stored RFC 3339 field value into ms; false when unset/bad. */
static bool field_ms(const char *v, long long *ms)
{
	return v && when_parse(v, WHEN_DATETIME, 0, ms, NULL) == CALM_OK;
}

static int collect_note(const struct event *ev, void *ctx)
{
	struct walk *w = ctx;
	char t[16];

	if (strcmp(ev->kind, "note") != 0)
		return 0;
	/* newest first: prepend by building in reverse, fixed below */
	when_format(ev->occurred_ms, WHEN_HM, w->tz, t, sizeof t);
	struct buf line = BUF_INIT;
	buf_addf(&line, "- %s ", t);
	add_line(&line, ev->text, w->md);
	buf_addc(&line, '\n');
	buf_adds(&line, buf_cstr(&w->b));
	buf_release(&w->b);
	w->b = line;
	return ++w->count >= RECENT_NOTES;
}

static int collect_event(const struct event *ev, void *ctx)
{
	struct walk *w = ctx;
	char t[32];

	when_format(ev->occurred_ms, WHEN_MINUTE, w->tz, t, sizeof t);
	buf_addf(&w->b, "- %s ", t);
	add_line(&w->b, ev->author, w->md);
	buf_adds(&w->b, ": ");
	if (ev->backfilled) {
		when_format(ev->ts_ms, WHEN_MINUTE, w->tz, t, sizeof t);
		buf_addf(&w->b, "(backfilled, written %s) ", t);
	}
	if (ev->struck) {
		buf_adds(&w->b, "(struck out: ");
		add_line(&w->b, ev->struck, w->md);
		buf_adds(&w->b, ") ");
	}
	if (ev->amendments) {
		buf_adds(&w->b, "(amended) ");
		add_bytes(&w->b, ev->amended, ev->amended_raw, ev->amended_raw_len, w->md);
	} else {
		add_bytes(&w->b, ev->text, ev->raw, ev->raw_len, w->md);
	}
	buf_addc(&w->b, '\n');
	return 0;
}

static int collect_fix(const struct fix_row *f, void *ctx)
{
	struct walk *w = ctx;
	struct buf s = BUF_INIT;

	if (f->outcome && strcmp(f->outcome, "no-fix") == 0) {
		buf_adds(&s, "no fix possible; lost: ");
		buf_adds(&s, f->note ? f->note : "");
	} else {
		buf_addf(&s, "attempt %lld, %s", f->n, f->what);
		if (f->outcome)
			buf_addf(&s, ": %s%s%s", f->outcome, f->note ? " - " : "",
				 f->note ? f->note : "");
		else
			buf_adds(&s, ": in progress");
	}
	free(w->fix_status);
	w->fix_status = buf_detach(&s);
	return 0;
}

static int collect_action(const struct action_row *a, void *ctx)
{
	struct walk *w = ctx;

	if (strcmp(a->status, "dropped") == 0)
		return 0;
	buf_adds(&w->b, "- ");
	add_line(&w->b, a->title, w->md);
	if (a->owner || a->category || a->due) {
		buf_adds(&w->b, " (");
		if (a->owner)
			add_line(&w->b, a->owner, w->md);
		if (a->category)
			buf_addf(&w->b, "%s%s", a->owner ? ", " : "", a->category);
		if (a->due)
			buf_addf(&w->b, "%sdue %s", a->owner || a->category ? ", " : "",
				 a->due);
		buf_adds(&w->b, ")");
	}
	if (strcmp(a->status, "done") == 0)
		buf_adds(&w->b, " - done");
	buf_addc(&w->b, '\n');
	w->count++;
	return 0;
}

/* Take a list out of w, without its final newline; empty -> none. */
static char *take_list(struct walk *w, const char *none)
{
	if (w->b.len && w->b.s[w->b.len - 1] == '\n')
		w->b.s[--w->b.len] = '\0';
	if (w->b.len == 0) {
		buf_release(&w->b);
		return xstrdup(none);
	}
	return buf_detach(&w->b);
}

static void put(struct app_tvals *tv, const char *name, char *owned)
{
	tv->owned[tv->n] = owned;
	tv->v[tv->n++] = (struct template_value){ name, owned };
}

/* An atomic value: escaped for Markdown when md. */
static void put_text(struct app_tvals *tv, const char *name, const char *s, bool md)
{
	struct buf b = BUF_INIT;

	add_text(&b, s, md);
	put(tv, name, buf_detach(&b));
}

/* The value of a field, or a visible marker. */
static void put_field(struct app_tvals *tv, struct app *app, long long id,
		      const char *tname, const char *field, const char *marker,
		      bool md)
{
	char *v = NULL;

	store_field_get(app->st, id, field, &v, NULL);
	put_text(tv, tname, v && v[0] ? v : marker, md);
	free(v);
}

/* A time field as ms, 0 when unset. */
static long long field_at(struct app *app, long long id, const char *name)
{
	char *v = NULL;
	long long ms = 0;

	store_field_get(app->st, id, name, &v, NULL);
	if (!field_ms(v, &ms))
		ms = 0;
	free(v);
	return ms;
}

/*
 * impact_start, elapsed, date, and the durations by the milestone rule
 * (milestone.h), the one calm stats and calm review use: downtime (time
 * to resolve), time_to_detect, time_to_mitigate.
 */
static void put_times(struct app_tvals *tv, struct app *app,
		      const struct incident *inc, bool md)
{
	struct milestone_times mt = { .declared_ms = inc->declared_ms,
				      .closed_ms = inc->closed ? inc->closed_ms : 0 };
	struct milestone_durations dur;
	const char *names[3] = { "downtime", "time_to_detect", "time_to_mitigate" };
	const char *unknown[3] = { "[downtime unknown: resolved-at not set]",
				   "[unknown: calm mark ID started and detected]",
				   "[unknown: calm mark ID started and mitigated]" };
	long long start, end;
	char buf[64];

	for (int m = 0; m < MS_COUNT; m++)
		mt.at[m] = field_at(app, inc->id, milestone_defs[m].field);
	start = mt.at[MS_STARTED] ? mt.at[MS_STARTED] : inc->declared_ms; /* best known */
	end = mt.at[MS_RESOLVED] ? mt.at[MS_RESOLVED] : inc->closed ? inc->closed_ms : app_now(app);
	if (mt.at[MS_STARTED]) {
		when_format(start, WHEN_MINUTE, app->when_flags, buf, sizeof buf);
		put_text(tv, "impact_start", buf, md);
	} else {
		put_text(tv, "impact_start", "[impact start: not set]", md);
	}
	template_duration(end - start, buf, sizeof buf);
	put_text(tv, "elapsed", buf, md);
	when_format(start, WHEN_LONG_DAY, app->when_flags, buf, sizeof buf);
	put_text(tv, "date", buf, md);
	milestone_durations(&mt, &dur);
	long long spans[3] = { dur.resolve_ms, dur.detect_ms, dur.mitigate_ms };
	for (int k = 0; k < 3; k++) {
		if (spans[k] >= 0)
			template_duration(spans[k], buf, sizeof buf);
		put_text(tv, names[k], spans[k] >= 0 ? buf : unknown[k], md);
	}
}

void app_tvals_release(struct app_tvals *tv)
{
	for (size_t i = 0; i < tv->n; i++)
		free(tv->owned[i]);
	memset(tv, 0, sizeof *tv);
}

enum calm_rc app_tvals_load(struct app *app, long long id, bool md,
			    struct app_tvals *tv)
{
	struct incident inc;
	struct walk w = { .b = BUF_INIT, .md = md, .tz = app->when_flags };
	char buf[64];
	enum calm_rc rc;
	int stage;

	memset(tv, 0, sizeof *tv);
	rc = store_incident_get(app->st, id, &inc, &app->err);
	if (rc != CALM_OK)
		return rc;
	put_text(tv, "title", inc.title, md);
	snprintf(buf, sizeof buf, "%d", inc.severity);
	put_text(tv, "severity", buf, md);
	put_field(tv, app, id, "product", "product", "[product: not set]", md);
	put_field(tv, app, id, "impact", "impact", "[impact: not set]", md);
	put_field(tv, app, id, "cause", "cause", "[cause: not set]", md);
	put_field(tv, app, id, "fix", "fix", "[fix: not set]", md);
	put_field(tv, app, id, "outstanding", "outstanding",
		  "[outstanding issues: " APP_NOT_STATED " - say 'none' if none]", md);
	put_field(tv, app, id, "data_lost", "data-lost",
		  "[data lost: " APP_NOT_STATED " - say 'none' if none]", md);
	stage = app->pb ? playbook_stage_index(app->pb, inc.stage_id) : -1;
	if (inc.closed)
		put_text(tv, "stage", "closed", md);
	else
		put_text(tv, "stage", stage >= 0 ? app->pb->stages[stage].title : inc.stage_id, md);

	put_times(tv, app, &inc, md);

	rc = store_events_page(app->st, id, 0, false, 10000, 0, collect_note, &w,
			       NULL, &app->err);
	if (rc == CALM_OK)
		put(tv, "recent_notes", take_list(&w, "(no notes yet)"));
	if (rc == CALM_OK)
		rc = store_fix_each(app->st, id, collect_fix, &w, &app->err);
	if (rc == CALM_OK) {
		put_text(tv, "fix_status", w.fix_status ? w.fix_status : "no fix attempted yet", md);
		w.count = 0;
		rc = store_action_each(app->st, id, collect_action, &w, &app->err);
	}
	if (rc == CALM_OK)
		put(tv, "action_items", take_list(&w, "- (no action items yet)"));
	if (rc == CALM_OK) {
		long long after = 0, last = 0;
		do {
			rc = store_events_page(app->st, id, after, true, 500, 0,
					       collect_event, &w, &last, &app->err);
			after = last;
		} while (rc == CALM_OK && last != 0);
	}
	if (rc == CALM_OK)
		put(tv, "timeline", take_list(&w, "(empty)"));
	buf_release(&w.b);
	free(w.fix_status);
	incident_release(&inc);
	if (rc != CALM_OK)
		app_tvals_release(tv);
	return rc;
}

int app_export_format_parse(const char *name)
{
	if (strcmp(name, "md") == 0 || strcmp(name, "markdown") == 0)
		return APP_EXPORT_MD;
	if (strcmp(name, "json") == 0)
		return APP_EXPORT_JSON;
	if (strcmp(name, "csv") == 0)
		return APP_EXPORT_CSV;
	return -1;
}

static const char *format_name(enum app_export_format fmt)
{
	return fmt == APP_EXPORT_JSON ? "json" : fmt == APP_EXPORT_CSV ? "csv" : "md";
}

/*
 * A seal carried by the Markdown export, in an HTML comment (nothing
 * shows when rendered): what was signed and the signature, so the
 * document can be checked against the database later.  Only text calm
 * made goes in (numbers, hex, ssh-keygen's fingerprint and armour), so
 * nothing can end the comment early.
 */
static int md_seal(const struct seal *s, void *ctx)
{
	struct buf *b = ctx;
	char when[40];

	when_format(s->signed_ms, WHEN_RFC3339, 0, when, sizeof when);
	buf_addf(b, "\n<!-- calm seal: incident %lld, event %lld (%lld events), signed %s\nhead ",
		 s->incident, s->head.event, s->head.events, when);
	for (int i = 0; i < STORE_HASH_LEN; i++)
		buf_addf(b, "%02x", s->head.head[i]);
	buf_adds(b, "\n");
	for (const char *p = s->key ? s->key : ""; *p; p++)
		if (*p != '-' && *p != '>' && *p != '<' && (unsigned char)*p >= 0x20 && *p != 0x7f)
			buf_addc(b, *p);
	buf_adds(b, "\n");
	for (const char *p = s->signature ? s->signature : ""; *p; p++)
		if ((*p == '\n' || ((unsigned char)*p >= 0x20 && *p != 0x7f)) && *p != '>')
			buf_addc(b, *p);
	buf_adds(b, "-->\n");
	return 0;
}

enum calm_rc app_postmortem_render(struct app *app, long long id,
				   enum app_export_format fmt, char **out)
{
	struct app_tvals tv;
	struct buf b = BUF_INIT;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	*out = NULL;
	if (fmt == APP_EXPORT_CSV) {
		size_t len;
		return app_export_render(app, id, fmt, out, &len);
	}
	if (fmt == APP_EXPORT_JSON) {
		rc = store_postmortem_json(app->st, id, out, &app->err);
		if (rc == CALM_OK) {
			buf_adds(&b, *out);
			buf_addc(&b, '\n');
			free(*out);
			*out = buf_detach(&b);
		}
		return rc;
	}
	if (!app->pb || !app->pb->postmortem)
		return calm_err_set(&app->err, CALM_CONFIG,
				    "the playbook has no postmortem template");
	rc = app_tvals_load(app, id, true, &tv);
	if (rc != CALM_OK)
		return rc;
	template_render(&b, app->pb->postmortem, tv.v, tv.n);
	if (b.len == 0 || b.s[b.len - 1] != '\n')
		buf_addc(&b, '\n');
	app_tvals_release(&tv);
	rc = store_seal_each(app->st, id, md_seal, &b, &app->err);
	if (rc != CALM_OK) {
		buf_release(&b);
		return rc;
	}
	*out = buf_detach(&b);
	return CALM_OK;
}

enum calm_rc app_export_record(struct app *app, long long id,
			       enum app_export_format fmt, const char *path)
{
	struct incident inc;
	struct buf text = BUF_INIT;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	rc = store_incident_get(app->st, id, &inc, &app->err);
	if (rc != CALM_OK)
		return rc;
	bool closed = inc.closed;
	incident_release(&inc);
	if (closed || store_readonly(app->st) || fmt == APP_EXPORT_CSV)
		return CALM_OK; /* history / a read-only database: nothing to record */
	rc = app_begin(app);
	if (rc != CALM_OK)
		return rc;
	rc = app_load_active(app, id, &inc);
	if (rc == CALM_OK) {
		incident_release(&inc);
		rc = store_export_record(app->st, id, app_now(app), format_name(fmt),
					 path, app_author(app), &app->err);
	}
	if (rc == CALM_OK) {
		buf_addf(&text, "postmortem exported (%s) to %s", format_name(fmt),
			 path ? path : "stdout");
		const char *kv[] = { "format", format_name(fmt), "path",
				     path ? path : "", NULL };
		rc = app_record(app, id, "export", buf_cstr(&text), kv);
	}
	buf_release(&text);
	return app_finish(app, rc);
}

enum calm_rc app_export_render(struct app *app, long long id,
			       enum app_export_format fmt, char **out,
			       size_t *len)
{
	struct buf b = BUF_INIT;
	enum calm_rc rc;

	*out = NULL;
	*len = 0;
	if (fmt != APP_EXPORT_CSV) {
		rc = app_postmortem_render(app, id, fmt, out);
		if (rc == CALM_OK)
			*len = strlen(*out);
		return rc;
	}
	calm_err_clear(&app->err);
	rc = app_timeline_csv(app, id, &b);
	if (rc == CALM_OK) {
		*len = b.len;
		*out = buf_detach(&b);
	}
	buf_release(&b);
	return rc;
}

enum calm_rc app_export(struct app *app, long long id,
			enum app_export_format fmt, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	enum calm_rc rc;

	rc = app_export_render(app, id, fmt, &text, &len);
	if (rc == CALM_OK)
		rc = app_write_file(path, text, len, &app->err);
	free(text);
	if (rc == CALM_OK) {
		rc = app_export_record(app, id, fmt, path);
		if (rc != CALM_OK) {
			char msg[sizeof app->err.msg];
			snprintf(msg, sizeof msg, "%s", app->err.msg);
			calm_err_clear(&app->err);
			calm_err_set(&app->err, rc, "'%s' was written but the export is not recorded: %.900s",
				     path, msg);
		}
	}
	return rc;
}
