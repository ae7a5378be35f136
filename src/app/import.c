/*
 * import.c - timelines from elsewhere into an incident (calm import).
 *
 * Reading (app_import_read) picks the format, reads the file and hands
 * the bytes to the parsers (import.h; Slack exports: slack.c).  Writing
 * (app_import) is one transaction: every entry becomes a backfilled note
 * at its own moment, by its own author, masked like any captured text.
 *
 * Importing the same file twice adds nothing: an entry is skipped when
 * the incident already holds as many events with its moment, author and
 * exact bytes as the file has entries like it up to this one (so two
 * identical "ack" lines import as two, once).  The check looks at every
 * event, whatever its kind, so a timeline exported with `calm export
 * --format csv` imports back into its own incident as nothing new.
 */
#include "app-int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "calm/import.h"
#include "calm/when.h"

#define DAY_MS 86400000LL

int app_import_format_parse(const char *name)
{
	if (strcmp(name, "csv") == 0)
		return APP_IMPORT_CSV;
	if (strcmp(name, "md") == 0 || strcmp(name, "markdown") == 0)
		return APP_IMPORT_MD;
	if (strcmp(name, "slack") == 0)
		return APP_IMPORT_SLACK;
	return -1;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* The format of path by its name, or -1. */
static int guess(const char *path, bool dir)
{
	if (dir)
		return APP_IMPORT_SLACK;
	if (ends_with(path, ".csv"))
		return APP_IMPORT_CSV;
	if (ends_with(path, ".md") || ends_with(path, ".markdown") || ends_with(path, ".txt"))
		return APP_IMPORT_MD;
	return -1;
}

/* The date of the declaration, in the zone times are read in, at
 * midnight UTC (what import_md takes). */
static long long declared_day(const struct app *app, long long declared_ms)
{
	char day[40];
	long long ms = 0;

	when_format(declared_ms, WHEN_DAY, app->when_flags, day, sizeof day);
	if (when_parse(day, WHEN_DATE, 0, &ms, NULL) != CALM_OK)
		ms = declared_ms - declared_ms % DAY_MS; /* a damaged row */
	return ms;
}

enum calm_rc app_import_read(struct app *app, long long id, const char *path,
			     int fmt, long long day_ms,
			     struct import_list *out)
{
	struct stat sb;
	struct incident inc;
	char *text = NULL;
	size_t len = 0;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	memset(out, 0, sizeof *out);
	if (stat(path, &sb) != 0)
		return calm_err_set(&app->err, CALM_IO, "cannot read '%s': %s", path,
				    strerror(errno));
	if (fmt < 0)
		fmt = guess(path, S_ISDIR(sb.st_mode));
	if (fmt < 0)
		return calm_err_set(&app->err, CALM_USAGE,
				    "cannot tell the format of '%s' from its name: use --format csv, md or slack",
				    path);
	if (fmt == APP_IMPORT_SLACK)
		return app_slack_read(app, path, out);
	if (S_ISDIR(sb.st_mode))
		return calm_err_set(&app->err, CALM_USAGE,
				    "'%s' is a directory: only a Slack export is read from one (--format slack)",
				    path);
	rc = app_read_file(app, path, &text, &len);
	if (rc == CALM_OK && fmt == APP_IMPORT_CSV) {
		rc = import_csv(path, text, len, app->when_flags & WHEN_LOCAL, out, &app->err);
	} else if (rc == CALM_OK) {
		if (!day_ms && (rc = store_incident_get(app->st, id, &inc, &app->err)) == CALM_OK) {
			day_ms = declared_day(app, inc.declared_ms);
			incident_release(&inc);
		}
		if (rc == CALM_OK)
			rc = import_md(path, text, len, day_ms, app->when_flags & WHEN_LOCAL,
				       app_author(app), out, &app->err);
	}
	if (rc == CALM_OK)
		out->source = xstrdup(path);
	free(text);
	return rc;
}

enum calm_rc app_read_file(struct app *app, const char *path, char **text,
			   size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	*text = NULL;
	*len = 0;
	if (!f)
		return calm_err_set(&app->err, CALM_IO, "cannot read '%s': %s", path,
				    strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > APP_IMPORT_MAX) {
			fclose(f);
			buf_release(&b);
			return calm_err_set(&app->err, CALM_DATA,
					    "'%s' is larger than %d MiB: the limit of one import",
					    path, APP_IMPORT_MAX >> 20);
		}
	}
	if (ferror(f)) {
		fclose(f);
		buf_release(&b);
		return calm_err_set(&app->err, CALM_IO, "cannot read '%s': %s", path,
				    strerror(errno));
	}
	fclose(f);
	*len = b.len;
	*text = b.s ? buf_detach(&b) : xstrdup("");
	return CALM_OK;
}

/* The file name in path (for data: where an entry came from). */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && slash[1] ? slash + 1 : path;
}

/* Order entries by moment, author, bytes, then position. */
static const struct import_list *sorting;

static int same_order(const void *a, const void *b)
{
	const struct import_entry *x = &sorting->v[*(const size_t *)a];
	const struct import_entry *y = &sorting->v[*(const size_t *)b];
	int c;

	if (x->ms != y->ms)
		return x->ms < y->ms ? -1 : 1;
	if ((c = strcmp(x->author, y->author)) != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if ((c = memcmp(x->text, y->text, x->len)) != 0)
		return c;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* rep[i]: how many entries before i in the file are the same as i. */
static long long *repeats(const struct import_list *l)
{
	size_t *ix = xcalloc(l->n + 1, sizeof *ix);
	long long *rep = xcalloc(l->n + 1, sizeof *rep);

	for (size_t i = 0; i < l->n; i++)
		ix[i] = i;
	sorting = l;
	qsort(ix, l->n, sizeof *ix, same_order);
	for (size_t k = 1; k < l->n; k++) {
		const struct import_entry *x = &l->v[ix[k - 1]], *y = &l->v[ix[k]];

		if (x->ms == y->ms && x->len == y->len && strcmp(x->author, y->author) == 0 &&
		    memcmp(x->text, y->text, x->len) == 0)
			rep[ix[k]] = rep[ix[k - 1]] + 1;
	}
	free(ix);
	return rep;
}

/* Import entry i unless the incident has it already: the text is
 * masked first (into m), as the incident keeps it, to compare. */
static enum calm_rc import_one(struct app *app, long long id,
			       const struct import_list *l, size_t i,
			       long long repeats_before, struct buf *m, bool *added)
{
	const struct import_entry *e = &l->v[i];
	struct buf where = BUF_INIT;
	long long have = 0;
	enum calm_rc rc;

	*added = false;
	buf_reset(m);
	rc = app_check_bytes(app, "text", e->text, e->len);
	if (rc == CALM_OK)
		rc = app_mask(app, e->text, e->len, m);
	if (rc == CALM_OK)
		rc = store_event_count_same(app->st, id, e->ms, e->author, buf_cstr(m),
					    m->len, &have, &app->err);
	if (rc != CALM_OK || have > repeats_before)
		goto out;
	if (e->where)
		buf_adds(&where, e->where);
	else
		buf_addf(&where, "%s:%ld", base_name(l->source ? l->source : "-"), e->line);
	const char *kv[] = { "import", buf_cstr(&where), "by", app_author(app), NULL };
	struct event ev = { .incident = id, .kind = "note", .author = e->author,
			    .text = buf_cstr(m), .text_len = m->len, .backfilled = true,
			    .occurred_ms = e->ms };
	rc = app_append(app, &ev, kv, NULL);
	*added = rc == CALM_OK;
out:
	if (rc != CALM_OK) { /* say where */
		struct buf msg = BUF_INIT;

		if (e->where)
			buf_addf(&msg, "%s: %s", e->where, app->err.msg);
		else
			buf_addf(&msg, "%s:%ld: %s", l->source ? l->source : "-", e->line,
				 app->err.msg);
		calm_err_clear(&app->err);
		calm_err_set(&app->err, rc, "%s", msg.s);
		buf_release(&msg);
	}
	buf_release(&where);
	return rc;
}

enum calm_rc app_import(struct app *app, long long id,
			const struct import_list *l, long long *added,
			long long *skipped)
{
	struct buf m = BUF_INIT;
	long long *rep;
	enum calm_rc rc;

	calm_err_clear(&app->err);
	*added = *skipped = 0;
	rc = app_act(app, id, NULL);
	if (rc != CALM_OK)
		return rc;
	rep = repeats(l);
	for (size_t i = 0; rc == CALM_OK && i < l->n; i++) {
		bool one = false;

		rc = import_one(app, id, l, i, rep[i], &m, &one);
		if (one)
			++*added;
		else if (rc == CALM_OK)
			++*skipped;
	}
	free(rep);
	buf_release(&m);
	rc = app_finish(app, rc);
	if (rc != CALM_OK)
		*added = *skipped = 0;
	return rc;
}
