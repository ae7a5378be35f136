/*
 * postmortem.c - the postmortem rendered in each format and exported.
 *
 * Markdown and HTML are writers over one record (record.h): the
 * incident as of its newest event, read in one snapshot with the events
 * the writers walk, so the document and the chain head it names agree.
 * JSON is the store's (store_postmortem_json_write), CSV the timeline
 * (csv.c).  Every format is written a piece at a time to where it goes
 * (a file, stdout), so memory stays flat however long the timeline; a
 * text that is only shown (the console's preview) is the same written
 * into memory.
 *
 * A text that still holds a fact's marker ("[cause: not set]") is not
 * exported to a file or recorded unless the person says so
 * (APP_EXPORT_ALLOW_MISSING); the markers are named.  Only a recorded
 * export counts for the document stage's gate: showing the postmortem
 * (the console's preview, `calm export` to stdout) records nothing.
 *
 * Export order: render, write the file (temporary beside it, fsync,
 * rename, fsync the directory), then one transaction records the export
 * row and its timeline event.  A crash between the two leaves a file
 * and no record; exporting again fixes that.
 */
#include "app-int.h"
#include "record.h"

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

int app_export_format_parse(const char *name)
{
	if (strcmp(name, "md") == 0 || strcmp(name, "markdown") == 0)
		return APP_EXPORT_MD;
	if (strcmp(name, "json") == 0)
		return APP_EXPORT_JSON;
	if (strcmp(name, "csv") == 0)
		return APP_EXPORT_CSV;
	if (strcmp(name, "html") == 0)
		return APP_EXPORT_HTML;
	return -1;
}

static const char *format_name(enum app_export_format fmt)
{
	return fmt == APP_EXPORT_JSON ? "json" : fmt == APP_EXPORT_CSV ? "csv"
	     : fmt == APP_EXPORT_HTML ? "html" : "md";
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

/* Where the Markdown's seal comments go: after the document. */
struct seal_out {
	app_write_fn write;
	void *ctx;
	enum calm_rc rc;
};

static int seal_write(const struct seal *s, void *ctx)
{
	struct seal_out *o = ctx;
	struct buf b = BUF_INIT;

	md_seal(s, &b);
	o->rc = o->write(b.s, b.len, o->ctx);
	buf_release(&b);
	return o->rc != CALM_OK;
}

/* The Markdown or HTML document of id to write. */
static enum calm_rc write_document(struct app *app, long long id, enum app_export_format fmt,
				   app_write_fn write, void *ctx)
{
	struct pm_sink sink = { .write = write, .ctx = ctx };
	struct seal_out so = { write, ctx, CALM_OK };
	struct pm_record r;
	enum calm_rc rc;

	rc = pm_record_load(app, id, 0, &r);
	if (rc == CALM_OK)
		rc = fmt == APP_EXPORT_HTML ? pm_write_html(app, &r, &sink, 0)
					    : pm_write_md(app, &r, &sink, 0);
	pm_record_release(&r);
	pm_sink_release(&sink);
	if (rc == CALM_OK && fmt == APP_EXPORT_MD) {
		rc = store_seal_each(app->st, id, seal_write, &so, &app->err);
		if (rc == CALM_OK)
			rc = so.rc;
	}
	return rc;
}

/* The JSON, with its final line break. */
static enum calm_rc write_json(struct app *app, long long id, app_write_fn write, void *ctx)
{
	enum calm_rc rc = store_postmortem_json_write(app->st, id, write, ctx, &app->err);

	return rc == CALM_OK ? write("\n", 1, ctx) : rc;
}

enum calm_rc app_export_write(struct app *app, long long id, enum app_export_format fmt,
			      app_write_fn write, void *ctx)
{
	bool own = !store_in_tx(app->st);
	enum calm_rc rc = CALM_OK;

	calm_err_clear(&app->err);
	/* one snapshot: the record and the events written from it agree */
	if (own)
		rc = store_read_begin(app->st, &app->err);
	if (rc != CALM_OK)
		return rc;
	if (fmt == APP_EXPORT_CSV)
		rc = app_timeline_csv(app, id, write, ctx);
	else if (fmt == APP_EXPORT_JSON)
		rc = write_json(app, id, write, ctx);
	else
		rc = write_document(app, id, fmt, write, ctx);
	if (own)
		store_read_end(app->st);
	return rc;
}

static enum calm_rc into_buf(const char *s, size_t n, void *ctx)
{
	buf_add(ctx, s, n);
	return CALM_OK;
}

enum calm_rc app_export_render(struct app *app, long long id,
			       enum app_export_format fmt, char **out,
			       size_t *len)
{
	struct buf b = BUF_INIT;
	enum calm_rc rc = app_export_write(app, id, fmt, into_buf, &b);

	*len = rc == CALM_OK ? b.len : 0;
	if (rc == CALM_OK && !b.s)
		buf_add(&b, "", 0);
	*out = rc == CALM_OK ? buf_detach(&b) : NULL;
	buf_release(&b);
	return rc;
}

enum calm_rc app_postmortem_render(struct app *app, long long id,
				   enum app_export_format fmt, char **out)
{
	size_t len;

	return app_export_render(app, id, fmt, out, &len);
}

enum calm_rc app_export_markers(struct app *app, long long id,
				enum app_export_format fmt, char ***markers)
{
	struct pm_record r;
	struct buf b = BUF_INIT;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	*markers = NULL;
	if (fmt != APP_EXPORT_MD && fmt != APP_EXPORT_HTML)
		return CALM_OK;
	rc = pm_record_load(app, id, 0, &r);
	if (rc == CALM_OK)
		rc = pm_missing(app, &r, fmt, markers);
	pm_record_release(&r);
	if (rc != CALM_OK || !*markers)
		return rc;
	for (size_t i = 0; (*markers)[i]; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", (*markers)[i]);
	calm_err_set(&app->err, CALM_GATE,
		     "the postmortem still has facts not filled in: %.700s (set them with calm set or calm mark; or export anyway with --allow-missing)",
		     buf_cstr(&b));
	buf_release(&b);
	return CALM_GATE;
}

void app_markers_free(char **markers)
{
	pm_missing_free(markers);
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
	rc = app_act(app, id, NULL);
	if (rc == CALM_OK)
		rc = store_export_record(app->st, id, app_now(app), format_name(fmt),
					 path, app_author(app), &app->err);
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

static enum calm_rc into_file(const char *s, size_t n, void *ctx)
{
	struct app_file *f = ctx;

	return app_file_write(f, s, n, f->err);
}

enum calm_rc app_export(struct app *app, long long id,
			enum app_export_format fmt, const char *path, unsigned flags)
{
	char **markers = NULL;
	struct app_file f;
	enum calm_rc rc = CALM_OK;

	if (!(flags & APP_EXPORT_ALLOW_MISSING))
		rc = app_export_markers(app, id, fmt, &markers);
	app_markers_free(markers);
	if (rc == CALM_OK)
		rc = app_file_open(&f, path, &app->err);
	if (rc != CALM_OK)
		return rc;
	f.err = &app->err;
	rc = app_export_write(app, id, fmt, into_file, &f);
	if (rc != CALM_OK) {
		app_file_abort(&f);
		return rc;
	}
	rc = app_file_commit(&f, &app->err);
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
