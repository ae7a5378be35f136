/*
 * slack.c - a Slack channel export read into import entries.
 *
 * An export is a folder: users.json (user ids to names), channels.json,
 * and one folder per channel holding a JSON file per day
 * (2023-02-01.json: an array of messages {type, user, text, ts,
 * subtype, user_profile, bot_profile, username}).  calm takes the
 * export's folder when it has one channel (several: it asks for one),
 * or one channel's folder, with users.json found beside it or one level
 * up.  Every message with text becomes an entry at its ts, by its
 * author's display name; joins and leaves are left out.  Mentions
 * (<@U123>) become @name, links <url|label> become "label (url)", and
 * Slack's &amp; &lt; &gt; become & < >.
 *
 * JSON is read with jansson, which locates a syntax error by line and
 * column: "general/2023-02-01.json:17:3: message".  Entries are sorted by
 * their moment (files in date order, messages in ts order).
 */
#include "app-int.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calm/import.h"
#include "calm/text.h"
#include "calm/when.h"

/* user id -> name, from users.json */
struct users {
	json_t *root;       /* the parsed file, or NULL */
};

static bool is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static char *join(const char *a, const char *b)
{
	struct buf p = BUF_INIT;

	buf_addf(&p, "%s/%s", a, b);
	return buf_detach(&p);
}

/* Parse a JSON file; a syntax error is "path:line:col: message". */
static enum calm_rc load_json(struct app *app, const char *path, json_t **out)
{
	json_error_t je;
	char *text = NULL;
	size_t len = 0;
	enum calm_rc rc = app_read_file(app, path, &text, &len);

	*out = NULL;
	if (rc != CALM_OK)
		return rc;
	*out = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	free(text);
	if (!*out)
		return calm_err_set(&app->err, CALM_DATA, "%s:%d:%d: %s", path, je.line,
				    je.column, je.text);
	return CALM_OK;
}

static const char *str(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_string(v) && json_string_value(v)[0] ? json_string_value(v) : NULL;
}

/* The name a user goes by: display name, real name, then login. */
static const char *user_name(json_t *user)
{
	json_t *profile = json_object_get(user, "profile");
	const char *n;

	if ((n = str(profile, "display_name")) || (n = str(profile, "real_name")) ||
	    (n = str(user, "real_name")) || (n = str(user, "name")))
		return n;
	return NULL;
}

static const char *lookup(const struct users *u, const char *id)
{
	size_t i;
	json_t *user;

	if (!id || !json_is_array(u->root))
		return NULL;
	json_array_foreach(u->root, i, user)
		if (str(user, "id") && strcmp(str(user, "id"), id) == 0)
			return user_name(user);
	return NULL;
}

/* Slack's markup made plain (see the top of the file). */
static void plain(struct buf *out, const char *s, const struct users *u)
{
	while (*s) {
		const char *end;

		if (*s == '<' && (end = strchr(s, '>'))) {
			char *in = xstrndup(s + 1, (size_t)(end - s - 1));
			char *bar = strchr(in, '|');

			if (in[0] == '@') {
				const char *n = lookup(u, bar ? (*bar = '\0', in + 1) : in + 1);
				buf_addf(out, "@%s", n ? n : (bar ? bar + 1 : in + 1));
			} else if (bar) {
				*bar = '\0';
				buf_addf(out, "%s (%s)", bar + 1, in);
			} else {
				buf_adds(out, in[0] == '!' ? in + 1 : in);
			}
			free(in);
			s = end + 1;
		} else if (strncmp(s, "&amp;", 5) == 0) {
			buf_addc(out, '&');
			s += 5;
		} else if (strncmp(s, "&lt;", 4) == 0) {
			buf_addc(out, '<');
			s += 4;
		} else if (strncmp(s, "&gt;", 4) == 0) {
			buf_addc(out, '>');
			s += 4;
		} else {
			buf_addc(out, *s++);
		}
	}
}

/* "1675262400.000200" -> ms; false when it is not a Slack ts. */
static bool ts_ms(const char *ts, long long *ms)
{
	char *end;
	long long sec = ts ? strtoll(ts, &end, 10) : 0;
	int frac = 0, n = 0;

	if (!ts || end == ts || sec <= 0)
		return false;
	if (*end == '.')
		for (end++; *end >= '0' && *end <= '9'; end++, n++)
			if (n < 3)
				frac = frac * 10 + (*end - '0');
	while (n++ < 3)
		frac *= 10;
	*ms = sec * 1000 + frac;
	return *end == '\0';
}

/* The messages of one day file into out. */
static enum calm_rc read_day(struct app *app, const char *path, const char *shown,
			     const struct users *u, struct import_list *out)
{
	json_t *root = NULL, *msg;
	struct buf text = BUF_INIT, where = BUF_INIT;
	enum calm_rc rc = load_json(app, path, &root);
	size_t i;

	if (rc == CALM_OK && !json_is_array(root))
		rc = calm_err_set(&app->err, CALM_DATA, "%s:1:1: expected an array of messages", shown);
	json_array_foreach(rc == CALM_OK ? root : NULL, i, msg) {
		const char *sub = str(msg, "subtype"), *who, *t = str(msg, "text");
		long long ms;

		if (!json_is_object(msg) || !t || (sub && (strcmp(sub, "channel_join") == 0 ||
							   strcmp(sub, "channel_leave") == 0)))
			continue;
		if (!ts_ms(str(msg, "ts"), &ms)) {
			rc = calm_err_set(&app->err, CALM_DATA,
					  "%s: message %zu has no valid ts", shown, i + 1);
			break;
		}
		who = lookup(u, str(msg, "user"));
		if (!who)
			who = str(json_object_get(msg, "user_profile"), "display_name");
		if (!who)
			who = str(json_object_get(msg, "user_profile"), "real_name");
		if (!who)
			who = str(msg, "username");
		if (!who)
			who = str(msg, "user");
		if (!who || !text_is_name(who, strlen(who)))
			who = "slack";
		buf_reset(&text);
		plain(&text, t, u);
		buf_reset(&where);
		buf_addf(&where, "%s#%zu", shown, i + 1);
		import_list_add(out, ms, who, buf_cstr(&text), text.len, (long)(i + 1));
		out->v[out->n - 1].where = xstrdup(where.s);
	}
	json_decref(root);
	buf_release(&text);
	buf_release(&where);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir that pass keep(), sorted; NULL-terminated. */
static char **list_dir(const char *dir, bool (*keep)(const char *dir, const char *name))
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = xcalloc(1, sizeof *v);
	size_t n = 0;

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' || !keep(dir, e->d_name))
			continue;
		v = xrealloc(v, (n + 2) * sizeof *v);
		v[n++] = xstrdup(e->d_name);
		v[n] = NULL;
	}
	if (d)
		closedir(d);
	qsort(v, n, sizeof *v, by_name);
	return v;
}

static void free_list(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* A day file: YYYY-MM-DD.json, a day the calendar has. */
static bool day_file(const char *dir, const char *name)
{
	char day[11];
	long long ms;

	(void)dir;
	if (strlen(name) != 15 || strcmp(name + 10, ".json") != 0)
		return false;
	memcpy(day, name, 10);
	day[10] = '\0';
	return when_parse(day, WHEN_DATE, 0, &ms, NULL) == CALM_OK;
}

/* A channel folder: a folder with at least one day file. */
static bool channel_dir(const char *dir, const char *name)
{
	char *p = join(dir, name), **days;
	bool yes = is_dir(p);

	if (yes) {
		days = list_dir(p, day_file);
		yes = days[0] != NULL;
		free_list(days);
	}
	free(p);
	return yes;
}

static int by_moment(const void *a, const void *b)
{
	const struct import_entry *x = a, *y = b;

	if (x->ms != y->ms)
		return x->ms < y->ms ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line; /* stable enough: same file */
}

enum calm_rc app_slack_read(struct app *app, const char *path,
			    struct import_list *out)
{
	struct users u = { NULL };
	char **chans = list_dir(path, channel_dir), **days = NULL;
	char *chan = NULL, *users = NULL, *parent = NULL;
	enum calm_rc rc = CALM_OK;

	memset(out, 0, sizeof *out);
	if (!is_dir(path)) {
		rc = calm_err_set(&app->err, CALM_USAGE,
				  "'%s' is not a folder: a Slack export is its folder, or one channel's", path);
	} else if (chans[0] && chans[1]) {
		rc = calm_err_set(&app->err, CALM_USAGE,
				  "'%s' holds several channels (%s, %s...): give one channel's folder",
				  path, chans[0], chans[1]);
	} else if (chans[0]) {
		chan = join(path, chans[0]);
		users = join(path, "users.json");
	} else {
		chan = xstrdup(path);
		users = join(path, "users.json");
		if (!is_dir(users) && access(users, R_OK) != 0) {
			free(users);
			parent = join(path, "..");
			users = join(parent, "users.json");
		}
	}
	if (rc == CALM_OK && access(users, R_OK) == 0)
		rc = load_json(app, users, &u.root);
	if (rc == CALM_OK) {
		days = list_dir(chan, day_file);
		if (!days[0])
			rc = calm_err_set(&app->err, CALM_DATA,
					  "'%s' has no day files (YYYY-MM-DD.json): not a Slack export",
					  chan);
	}
	for (size_t i = 0; rc == CALM_OK && days[i]; i++) {
		char *p = join(chan, days[i]);
		const char *slash = strrchr(chan, '/');
		struct buf shown = BUF_INIT;

		buf_addf(&shown, "%s/%s", slash && slash[1] ? slash + 1 : chan, days[i]);
		rc = read_day(app, p, shown.s, &u, out);
		buf_release(&shown);
		free(p);
	}
	if (rc == CALM_OK) {
		if (out->n)
			qsort(out->v, out->n, sizeof *out->v, by_moment);
		out->source = xstrdup(path);
	} else {
		import_list_release(out);
	}
	json_decref(u.root);
	free_list(chans);
	free_list(days);
	free(chan);
	free(users);
	free(parent);
	return rc;
}
