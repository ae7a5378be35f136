/*
 * recover.c - text typed and not yet saved, kept in a file when the
 * console has to go (a signal: a dropped SSH link, a closed tmux pane,
 * kill) or when the database is gone, and offered again.
 *
 * Where: $XDG_STATE_HOME/calm (else ~/.local/state/calm), 0700.  Each
 * kept text is one file named after the database's random id (meta.id)
 * and the incident, so a text typed in one database never surfaces in
 * another that happens to have an incident with the same number:
 *
 *   text-<db id>-<incident>-<pid>.txt     a line editor's text, with what
 *                                         it was for (below)
 *   editor-<db id>-<incident>-XXXXXX      a file handed to $VISUAL/$EDITOR
 *
 * A text file starts with "calm-text 1", then "key: value" lines saying
 * what the text was for (the editor's purpose and label, the field, the
 * fix or item number, answers given in earlier steps, the audience of a
 * draft), a blank line, and the text itself, exactly.  Values are one
 * line (the one-line editors drop newlines); only the text may have
 * several.  Files are written atomically (app_write_file): a crash while
 * writing leaves the old file or the new one, never half of one.
 *
 * Offering: opening the incident (the picker for a new incident's
 * title) finds the oldest such file and puts the text back into the
 * editor it came from, with the earlier answers, so Enter goes on where
 * the person stopped.  The file is removed once that text is saved or
 * discarded (recover_done()).  A search or a time to travel to is not
 * kept: nothing is lost with them.
 */
#include "tui.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calm/buf.h"
#include "calm/field.h"

#define MAGIC "calm-text 1\n"

static const char *const purposes[] = {
	[EDIT_NOTE] = "note", [EDIT_OVERRIDE] = "override", [EDIT_TITLE] = "title",
	[EDIT_FIELD] = "field", [EDIT_FIX_WHAT] = "fix-what", [EDIT_FIX_WHY] = "fix-why",
	[EDIT_FIX_NOTE] = "fix-note", [EDIT_NOFIX] = "nofix",
	[EDIT_ITEM_TITLE] = "item-title", [EDIT_ITEM_OWNER] = "item-owner",
	[EDIT_ITEM_DUE] = "item-due", [EDIT_ITEM_FIELD] = "item-field",
	[EDIT_EXPORT_PATH] = "export-path", [EDIT_DRAFT] = "draft",
	[EDIT_TRAVEL] = NULL, [EDIT_SEARCH] = NULL, [EDIT_ROLE_PERSON] = "role-person",
	[EDIT_WHEN] = "backfill-when", [EDIT_BACKFILL] = "backfill",
	[EDIT_MILESTONE_AT] = "milestone-at", [EDIT_AMEND] = "amend",
	[EDIT_STRIKE] = "strike",
};

_Static_assert(sizeof purposes / sizeof purposes[0] == EDIT_STRIKE + 1,
	       "a name (or NULL: not kept) per purpose");

/* The words pend.outcome and pend.category may hold, as literals that
 * outlive any file. */
static const char *const words[] = {
	"worked", "failed", "partial", "rolled-back",
	"technical", "training", "policy", "other",
};

static const char *word(const char *s)
{
	for (size_t i = 0; s && i < sizeof words / sizeof words[0]; i++)
		if (strcmp(s, words[i]) == 0)
			return words[i];
	return NULL;
}

char *recover_dir(bool make)
{
	const char *x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	struct buf b = BUF_INIT;
	char *p;

	if (x && x[0] == '/')
		buf_adds(&b, x);
	else if (home && home[0] == '/')
		buf_addf(&b, "%s/.local/state", home);
	else
		return NULL;
	buf_adds(&b, "/calm");
	p = buf_detach(&b);
	if (!make)
		return p;
	/* create each missing component 0700; existing ones keep their mode */
	for (char *s = strchr(p + 1, '/');; s = strchr(s + 1, '/')) {
		if (s)
			*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			free(p);
			return NULL;
		}
		if (!s)
			break;
		*s = '/';
	}
	return p;
}

/* "<dir>/<kind>-<db id>-<incident>-"; NULL (message in err) when there
 * is no state directory or the database has no id. */
static char *prefix(struct tui *t, const char *kind, long long incident,
		    bool make, struct calm_err *err)
{
	char id[DB_ID_LEN + 1], *dir;
	struct buf b = BUF_INIT;

	if (app_db_id(t->app, id) != CALM_OK) {
		if (err)
			*err = t->app->err;
		return NULL;
	}
	dir = recover_dir(make);
	if (!dir) {
		calm_err_set(err, CALM_IO, "no place to keep text: set HOME or XDG_STATE_HOME");
		return NULL;
	}
	buf_addf(&b, "%s/%s-%s-%lld-", dir, kind, id, incident);
	free(dir);
	return buf_detach(&b);
}

char *recover_editor_template(struct tui *t, enum edit_purpose purpose,
			      struct calm_err *err)
{
	char *p = prefix(t, "editor", t->picking ? 0 : t->id, true, err);
	struct buf b = BUF_INIT;

	if (!p)
		return NULL;
	if (purpose == EDIT_DRAFT)
		buf_addf(&b, "%sdraft-%s-XXXXXX", p, audience_name(t->cm.aud));
	else
		buf_addf(&b, "%snote-XXXXXX", p);
	free(p);
	return buf_detach(&b);
}

static void put(struct buf *b, const char *key, const char *v)
{
	if (v && v[0] && !strchr(v, '\n'))
		buf_addf(b, "%s: %s\n", key, v);
}

static void put_ll(struct buf *b, const char *key, long long v)
{
	if (v)
		buf_addf(b, "%s: %lld\n", key, v);
}

/* The file's contents for the editor's text and what it was for. */
static void encode(struct tui *t, const char *text, struct buf *b)
{
	const struct pending *p = &t->pend;
	enum edit_purpose pu = t->ed.open ? t->ed.purpose : EDIT_NOTE;

	if (!t->ed.open && t->ask == ASK_CATEGORY_NEW)
		pu = EDIT_ITEM_DUE; /* title and owner given: the rest asked again */

	buf_adds(b, MAGIC);
	put(b, "purpose", purposes[pu]);
	put(b, "label", t->ed.open ? t->ed.label : NULL);
	if (pu == EDIT_FIELD && t->edit_field < field_ndefs)
		put(b, "field", field_defs[t->edit_field].name);
	if (pu == EDIT_DRAFT) {
		put(b, "audience", audience_name(t->cm.aud));
		put_ll(b, "base", t->cm.base);
	}
	if (pu == EDIT_OVERRIDE && t->stage >= 0)
		put(b, "stage", t->pb->stages[t->stage].id);
	if (pu == EDIT_ROLE_PERSON && t->pp.role >= 0 && (size_t)t->pp.role < t->pb->nroles)
		put(b, "role", t->pb->roles[t->pp.role].id);
	put_ll(b, "n", p->n);
	put(b, "what", p->what);
	put(b, "outcome", p->outcome);
	put(b, "title", p->title);
	put(b, "owner", p->owner);
	put(b, "category", p->category);
	put_ll(b, "item-field", p->field);
	put_ll(b, "when", p->when_ms);
	put_ll(b, "milestone", pu == EDIT_MILESTONE_AT ? p->milestone + 1 : 0);
	put_ll(b, "event", p->event);
	buf_adds(b, "\n");
	buf_adds(b, text);
}

bool recover_worth_keeping(const struct tui *t)
{
	if (t->ed.open)
		return purposes[t->ed.purpose] && (t->ed.len > 0 || t->pend.what ||
						   t->pend.title);
	return t->pend.what || t->pend.title; /* answers so far, a one-key question open */
}

enum calm_rc recover_keep(struct tui *t, char **path, struct calm_err *err)
{
	char *text = t->ed.open ? edit_text(&t->ed) : xstrdup("");
	struct buf b = BUF_INIT, name = BUF_INIT;
	char *p = prefix(t, "text", t->picking ? 0 : t->id, true, err);
	enum calm_rc rc = CALM_IO;

	if (path)
		*path = NULL;
	if (p) {
		buf_addf(&name, "%s%ld.txt", p, (long)getpid());
		encode(t, text, &b);
		rc = app_write_file(name.s, b.s, b.len, err);
		if (rc == CALM_OK && path)
			*path = buf_detach(&name);
	}
	free(p);
	free(text);
	buf_release(&b);
	buf_release(&name);
	return rc;
}

/* ---- reading back ---- */

/* The whole file (at most APP_MAX_TEXT + 64 KiB); NULL when unreadable. */
static char *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	struct buf b = BUF_INIT;
	struct stat sb;
	char chunk[8192];
	ssize_t n;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return NULL;
	}
	while (b.len <= APP_MAX_TEXT + 65536) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	*len = b.len;
	return b.s ? buf_detach(&b) : xstrdup("");
}

/* The value of key in the header hdr (lines up to the blank one), as a
 * malloc'd string, NULL when absent. */
static char *get(const char *hdr, const char *key)
{
	size_t k = strlen(key);

	for (const char *l = hdr; *l && *l != '\n'; l = strchr(l, '\n') + 1) {
		const char *e = strchr(l, '\n');

		if (!e)
			break;
		if (strncmp(l, key, k) == 0 && l[k] == ':' && l[k + 1] == ' ')
			return xstrndup(l + k + 2, (size_t)(e - l - k - 2));
	}
	return NULL;
}

static long long get_ll(const char *hdr, const char *key)
{
	char *v = get(hdr, key);
	long long n = v ? strtoll(v, NULL, 10) : 0;

	free(v);
	return n;
}

/* The oldest file in dir whose name starts with base (no directory). */
static char *oldest(const char *dir, const char *base)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct buf p = BUF_INIT;
	char *best = NULL;
	struct timespec when = { 0, 0 };

	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		struct stat sb;

		if (strncmp(de->d_name, base, strlen(base)) != 0 || strstr(de->d_name, ".tmp."))
			continue;
		buf_reset(&p);
		buf_addf(&p, "%s/%s", dir, de->d_name);
		if (lstat(p.s, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size == 0)
			continue;
		if (!best || sb.st_mtim.tv_sec < when.tv_sec ||
		    (sb.st_mtim.tv_sec == when.tv_sec && sb.st_mtim.tv_nsec < when.tv_nsec)) {
			free(best);
			best = buf_detach(&p);
			when = sb.st_mtim;
		}
	}
	closedir(d);
	buf_release(&p);
	return best;
}

void recover_release(struct recovered *r)
{
	free(r->path);
	free(r->header);
	free(r->text);
	memset(r, 0, sizeof *r);
}

bool recover_find(struct tui *t, long long incident, struct recovered *r)
{
	struct calm_err err = { 0 };
	char *dir = NULL, *p, *found = NULL;
	size_t len = 0;

	memset(r, 0, sizeof *r);
	for (int kind = 0; kind < 2 && !found; kind++) {
		p = prefix(t, kind == 0 ? "text" : "editor", incident, false, &err);
		if (!p)
			return false;
		char *slash = strrchr(p, '/');
		*slash = '\0';
		free(dir);
		dir = xstrdup(p);
		found = oldest(dir, slash + 1);
		free(p);
		r->plain = kind == 1;
	}
	free(dir);
	if (!found)
		return false;
	r->path = found;
	r->text = slurp(found, &len);
	if (!r->text) {
		recover_release(r);
		return false;
	}
	if (!r->plain && strncmp(r->text, MAGIC, strlen(MAGIC)) == 0) {
		char *body = strstr(r->text, "\n\n");

		if (body) {
			r->header = xstrndup(r->text + strlen(MAGIC), (size_t)(body + 1 - r->text - strlen(MAGIC)));
			memmove(r->text, body + 2, strlen(body + 2) + 1);
		}
	} else {
		/* an editor's file: a note, or "...-draft-<audience>-XXXXXX" */
		const char *d = strstr(strrchr(found, '/'), "-draft-");
		struct buf h = BUF_INIT;

		r->plain = true;
		while (len > 0 && (r->text[len - 1] == '\n' || r->text[len - 1] == '\r'))
			r->text[--len] = '\0'; /* editors end files with a newline */
		if (d) {
			const char *a = d + 7, *e = strchr(a, '-');

			buf_addf(&h, "purpose: draft\naudience: %.*s\n",
				 e ? (int)(e - a) : 0, a);
			r->header = buf_detach(&h);
		}
	}
	struct stat sb;
	if (stat(found, &sb) == 0)
		r->mtime_ms = (long long)sb.st_mtim.tv_sec * 1000 + sb.st_mtim.tv_nsec / 1000000;
	return true;
}

static int purpose_of(const char *name)
{
	for (size_t i = 0; name && i < sizeof purposes / sizeof purposes[0]; i++)
		if (purposes[i] && strcmp(purposes[i], name) == 0)
			return (int)i;
	return EDIT_NOTE;
}

/* Context the purpose needs, from the header; false when it no longer
 * applies (the field is unknown, the stage moved). */
static bool restore_context(struct tui *t, int pu, const char *h)
{
	char *v;
	bool ok = true;

	pending_clear(&t->pend);
	t->pend.n = get_ll(h, "n");
	t->pend.what = get(h, "what");
	t->pend.title = get(h, "title");
	t->pend.owner = get(h, "owner");
	v = get(h, "outcome");
	t->pend.outcome = word(v);
	free(v);
	v = get(h, "category");
	t->pend.category = word(v);
	free(v);
	t->pend.field = (int)get_ll(h, "item-field");
	t->pend.when_ms = get_ll(h, "when");
	t->pend.milestone = (int)get_ll(h, "milestone") - 1;
	t->pend.event = get_ll(h, "event");
	v = get(h, "field");
	if (pu == EDIT_FIELD) {
		ok = false;
		for (size_t i = 0; v && i < field_ndefs; i++)
			if (strcmp(field_defs[i].name, v) == 0) {
				t->edit_field = i;
				ok = true;
			}
	}
	free(v);
	if (pu == EDIT_DRAFT) {
		v = get(h, "audience");
		int a = audience_parse(v);
		free(v);
		ok = a >= 0;
		if (ok) {
			t->cm.aud = a;
			t->cm.base = (int)get_ll(h, "base");
			tui_focus(t, V_COMMS);
		}
	}
	if (pu == EDIT_OVERRIDE) {
		v = get(h, "stage");
		ok = v && t->stage >= 0 && strcmp(v, t->pb->stages[t->stage].id) == 0;
		free(v);
	}
	if (pu == EDIT_ROLE_PERSON) {
		v = get(h, "role");
		t->pp.role = -1;
		for (size_t i = 0; v && i < t->pb->nroles; i++)
			if (strcmp(t->pb->roles[i].id, v) == 0)
				t->pp.role = (int)i;
		ok = t->pp.role >= 0;
		free(v);
	}
	if (pu == EDIT_FIX_WHY || pu == EDIT_FIX_NOTE || pu == EDIT_ITEM_FIELD)
		ok = ok && (pu != EDIT_FIX_WHY || t->pend.what) &&
		     (pu != EDIT_FIX_NOTE || (t->pend.n > 0 && t->pend.outcome)) &&
		     (pu != EDIT_ITEM_FIELD || (t->pend.n > 0 && t->pend.field >= 0 &&
						t->pend.field < IF_COUNT));
	if (pu == EDIT_ITEM_OWNER || pu == EDIT_ITEM_DUE)
		ok = ok && t->pend.title;
	if (pu == EDIT_BACKFILL)
		ok = ok && t->pend.when_ms > 0;
	if (pu == EDIT_MILESTONE_AT)
		ok = ok && t->pend.milestone >= 0 && t->pend.milestone < 4;
	if (pu == EDIT_AMEND || pu == EDIT_STRIKE)
		ok = ok && t->pend.event > 0;
	return ok;
}

void recover_apply(struct tui *t, struct recovered *r)
{
	int pu = EDIT_NOTE;
	char *label = NULL;
	bool moved = false;

	if (r->header) {
		char *name = get(r->header, "purpose");

		pu = purpose_of(name);
		free(name);
		if (!restore_context(t, pu, r->header)) {
			moved = pu != EDIT_NOTE;
			pending_clear(&t->pend);
			pu = EDIT_NOTE; /* what it was for is gone: a note keeps it */
		} else {
			label = get(r->header, "label");
		}
	}
	tui_edit_begin(t, (enum edit_purpose)pu);
	if (label)
		snprintf(t->ed.label, sizeof t->ed.label, "%s", label);
	free(label);
	edit_insert_utf8(&t->ed, r->text, strlen(r->text));
	free(t->recovered);
	t->recovered = r->path; /* removed once saved or discarded */
	r->path = NULL;
	if (moved)
		tui_status(t, true, "what this text was for has changed since: it is back as a note (Enter saves, Esc discards)");
	t->dirty |= D_STATUS | D_KEYS;
}

void recover_done(struct tui *t)
{
	if (!t->recovered || t->ed.open || t->ask != ASK_NONE)
		return;
	unlink(t->recovered);
	free(t->recovered);
	t->recovered = NULL;
}
