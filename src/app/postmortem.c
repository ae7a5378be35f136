/*
 * postmortem.c - the postmortem rendered in each format and exported.
 *
 * Markdown and HTML are writers over one record (record.h): the
 * incident as of its newest event, read in one snapshot, so the
 * document and the chain head it names agree.  JSON is the store's one
 * statement (store_postmortem_json), CSV the timeline (csv.c).
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

enum calm_rc app_postmortem_render(struct app *app, long long id,
				   enum app_export_format fmt, char **out)
{
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
	struct pm_record r;
	rc = pm_record_load(app, id, 0, &r);
	if (rc == CALM_OK)
		rc = fmt == APP_EXPORT_HTML ? pm_write_html(app, &r, &b, NULL)
					    : pm_write_md(app, &r, &b, NULL);
	pm_record_release(&r);
	if (rc == CALM_OK && fmt == APP_EXPORT_MD)
		rc = store_seal_each(app->st, id, md_seal, &b, &app->err);
	if (rc != CALM_OK) {
		buf_release(&b);
		return rc;
	}
	*out = buf_detach(&b);
	return CALM_OK;
}

enum calm_rc app_export_markers(struct app *app, enum app_export_format fmt,
				const char *text, char ***markers)
{
	*markers = fmt == APP_EXPORT_MD || fmt == APP_EXPORT_HTML ? pm_markers(text) : NULL;
	if (!*markers)
		return CALM_OK;
	struct buf b = BUF_INIT;
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
			enum app_export_format fmt, const char *path, unsigned flags)
{
	char *text = NULL, **markers = NULL;
	size_t len = 0;
	enum calm_rc rc;

	rc = app_export_render(app, id, fmt, &text, &len);
	if (rc == CALM_OK && !(flags & APP_EXPORT_ALLOW_MISSING))
		rc = app_export_markers(app, fmt, text, &markers);
	app_markers_free(markers);
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
