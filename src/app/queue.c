/*
 * queue.c - writes made while the team's server could not be reached
 * (app-read.h, "offline and back"), over the store's queue file.
 *
 * A replay holds an exclusive lock on PATH.lock for as long as it runs,
 * so two calm processes coming back at once replay each write once: the
 * second waits, then finds the queue empty.
 *
 * Each call opens the file and closes it, unless app_queue_hold() was
 * called: then the first call's connection serves every later one until
 * the matching app_queue_release() (a command that writes to a server
 * reads the queue, then journals its write: one open, not four).  Holds
 * nest: a span that holds inside another's (a console's outbox) uses
 * the outer one's connection, and only the outermost release closes it.
 */
#include "app-int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "calm/app-read.h"
#include "calm/queue.h"

/* The file held open between app_queue_hold() and app_queue_release();
 * depth: the holds not released yet. */
static struct {
	int depth;
	struct store_queue *q;
	char *path;
} held;

void app_queue_hold(void)
{
	held.depth++;
}

void app_queue_release(void)
{
	if (held.depth > 1) {
		held.depth--;
		return;
	}
	store_queue_close(held.q);
	free(held.path);
	memset(&held, 0, sizeof held);
}

/* The queue at qpath: the held connection, or one opened now (and held
 * when asked). */
enum calm_rc app_queue_open(struct store_queue **q, const char *qpath, struct calm_err *err)
{
	enum calm_rc rc;

	if (held.q && strcmp(held.path, qpath) == 0) {
		*q = held.q;
		return CALM_OK;
	}
	rc = store_queue_open(q, qpath, err);
	if (rc == CALM_OK && held.depth > 0 && !held.q) {
		held.q = *q;
		held.path = xstrdup(qpath);
	}
	return rc;
}

void app_queue_close(struct store_queue *q)
{
	if (q != held.q)
		store_queue_close(q);
}

bool app_on_server(const struct app *app)
{
	return app->st && strcmp(store_engine_name(app->st), "postgresql") == 0;
}

bool app_offline(const struct app *app)
{
	return app->st && store_offline(app->st, NULL);
}

int app_live_fd(struct app *app)
{
	return app->st ? store_live_fd(app->st, &app->err) : -1;
}

enum calm_rc app_reconnect(struct app *app)
{
	return app->st ? store_reconnect(app->st, &app->err) : CALM_OK;
}

enum calm_rc app_uid_written(struct app *app, const char *uid, bool *yes)
{
	long long event = 0, incident = 0;
	enum calm_rc rc = store_uid_find(app->st, uid, &event, &incident, &app->err);

	*yes = rc == CALM_OK && event > 0;
	return rc;
}

struct kind_of {
	char *kind;
	size_t n;
};

static int take_kind(const struct event *ev, void *ctx)
{
	struct kind_of *k = ctx;

	snprintf(k->kind, k->n, "%s", ev->kind ? ev->kind : "");
	return 1;
}

enum calm_rc app_uid_kind(struct app *app, const char *uid, char *kind, size_t n)
{
	struct kind_of k = { kind, n };
	long long event = 0, incident = 0;
	enum calm_rc rc = store_uid_find(app->st, uid, &event, &incident, &app->err);

	kind[0] = '\0';
	if (rc == CALM_OK && event > 0)
		rc = store_event_get(app->st, incident, event, take_kind, &k, &app->err);
	return rc;
}

/* The real clock in UTC ms (the journal's age: never a test's fixed one). */
static long long real_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The kinds as the queue file keeps them (enum app_pending_kind's
 * order; CHECK is "check" or "uncheck"). */
static const char *const kind_names[] = {
	[PENDING_NOTE] = "note", [PENDING_CHECK] = "check", [PENDING_FIELD] = "field",
	[PENDING_ADVANCE] = "advance", [PENDING_BACK] = "back", [PENDING_OTHER] = "other",
};

static const char *kind_name(const struct app_queued_what *w)
{
	if (w->kind == PENDING_CHECK && !w->checked)
		return "uncheck";
	return (unsigned)w->kind < sizeof kind_names / sizeof kind_names[0] ? kind_names[w->kind]
									    : "other";
}

/* A row's kind back: false when it has none (an older calm's row). */
static bool kind_read(const char *name, struct app_queued_what *w)
{
	if (!name)
		return false;
	w->kind = PENDING_OTHER;
	w->checked = strcmp(name, "uncheck") != 0;
	if (!w->checked)
		w->kind = PENDING_CHECK;
	for (size_t i = 0; w->checked && i < sizeof kind_names / sizeof kind_names[0]; i++)
		if (strcmp(name, kind_names[i]) == 0)
			w->kind = (enum app_pending_kind)i;
	return true;
}

enum calm_rc app_queue_put(struct app *app, const char *qpath, const char *server,
			   const char *uid, long long ts_ms, const char *author, int argc,
			   char *const *argv, const struct app_queued_what *what,
			   const char *stage, bool sent, struct calm_err *err)
{
	struct store_queue *q = NULL;
	struct buf args = BUF_INIT;
	enum calm_rc rc;

	for (int i = 0; i < argc; i++)
		buf_add(&args, argv[i], strlen(argv[i]) + 1);
	rc = app_queue_open(&q, qpath, err);
	if (rc == CALM_OK) {
		struct queued w = { .server = server, .uid = uid, .ts_ms = ts_ms,
				    .author = author, .args = args.s ? args.s : "",
				    .args_len = args.len, .sent = sent, .kept_ms = real_ms(),
				    .stage = stage,
				    .instance = sent && app ? store_server_instance(app->st) : NULL };

		if (what) {
			w.kind = kind_name(what);
			w.incident = what->incident;
			w.item = what->what;
			w.value = what->value;
		}

		rc = store_queue_put(q, &w, err);
	}
	app_queue_close(q);
	buf_release(&args);
	return rc;
}

enum calm_rc app_queue_words(struct app *app, const char *qpath, const char *server,
			     const char *uid, int argc, const char *const *argv,
			     const struct app_queued_what *what, const char *stage, bool sent,
			     struct calm_err *err)
{
	struct buf what_m = BUF_INIT, value_m = BUF_INIT;
	struct app_queued_what kept = { 0 };
	char **masked = NULL;
	enum calm_rc rc = app_mask_words(app, argc, argv, &masked);

	if (rc == CALM_OK && what && what->what)
		rc = app_mask(app, what->what, strlen(what->what), &what_m);
	if (rc == CALM_OK && what && what->value)
		rc = app_mask(app, what->value, strlen(what->value), &value_m);
	if (rc != CALM_OK) {
		app_words_free(masked);
		buf_release(&what_m);
		buf_release(&value_m);
		if (err && err != &app->err)
			*err = app->err;
		return rc;
	}
	if (what) {
		kept = *what;
		kept.what = what->what ? buf_cstr(&what_m) : NULL;
		kept.value = what->value ? buf_cstr(&value_m) : NULL;
	}
	rc = app_queue_put(app, qpath, server, uid, app_now(app), app->author, argc, masked,
			   what ? &kept : NULL, stage, sent, err);
	app_words_free(masked);
	buf_release(&what_m);
	buf_release(&value_m);
	return rc;
}

void app_queued_from(const struct queued *w, struct app_queued *out)
{
	const char *p = w->args, *end = p + w->args_len;

	*out = (struct app_queued){ .seq = w->seq, .uid = w->uid, .ts_ms = w->ts_ms,
				    .author = w->author, .refused = w->refused, .stage = w->stage };
	out->described = kind_read(w->kind, &out->what);
	if (out->described) {
		out->what.incident = w->incident;
		out->what.what = w->item;
		out->what.value = w->value;
	}
	out->argv = xcalloc(w->args_len + 1, sizeof *out->argv);
	while (p < end) {
		size_t n = strnlen(p, (size_t)(end - p));

		out->argv[out->argc++] = p;
		p += n + 1;
	}
}

void app_words_join(struct buf *out, int argc, const char *const *argv)
{
	for (int i = 0; i < argc; i++) {
		if (i)
			buf_addc(out, ' ');
		buf_adds(out, argv[i]);
	}
}

void app_queued_words(const struct app_queued *w, struct buf *out)
{
	app_words_join(out, w->argc, (const char *const *)w->argv);
}

/* Copy the first queued row (strings duplicated into ctx). */
struct first {
	struct app_queued w;
	char *uid, *author, *args, *stage;
};

static int take_first(const struct queued *w, void *ctx)
{
	struct first *f = ctx;
	struct queued copy = *w;

	f->uid = xstrdup(w->uid);
	f->author = xstrdup(w->author);
	f->args = xcalloc(w->args_len + 1, 1);
	memcpy(f->args, w->args, w->args_len);
	f->stage = w->stage ? xstrdup(w->stage) : NULL;
	copy.stage = f->stage;
	copy.uid = f->uid;
	copy.author = f->author;
	copy.args = f->args;
	app_queued_from(&copy, &f->w);
	return 1;
}

static void first_release(struct first *f)
{
	free(f->w.argv);
	free(f->uid);
	free(f->author);
	free(f->args);
	free(f->stage);
	memset(f, 0, sizeof *f);
}

/* Hold PATH.lock exclusively (waiting for another replay); fd or -1. */
static int replay_lock(const char *qpath, struct calm_err *err)
{
	struct buf p = BUF_INIT;
	int fd;

	buf_addf(&p, "%s.lock", qpath);
	fd = open(buf_cstr(&p), O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || flock(fd, LOCK_EX) != 0) {
		calm_err_set(err, CALM_IO, "cannot lock '%s': %s", buf_cstr(&p), strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	buf_release(&p);
	return fd;
}

enum calm_rc app_queue_replay(const char *qpath, const char *server,
			      enum calm_rc (*run)(const struct app_queued *, void *, struct calm_err *),
			      void *ctx, long long *replayed, long long *left,
			      struct calm_err *err)
{
	struct store_queue *q = NULL;
	long long refused = 0;
	bool found = true;
	int lock = replay_lock(qpath, err);
	enum calm_rc rc = lock < 0 ? CALM_IO : app_queue_open(&q, qpath, err);

	*replayed = *left = 0;
	while (rc == CALM_OK && found) {
		struct first f = { 0 };
		struct calm_err why = { 0 };
		enum calm_rc ran;

		rc = store_queue_first(q, server, take_first, &f, &found, err);
		if (rc != CALM_OK || !found)
			break;
		ran = run(&f.w, ctx, &why);
		if (ran == CALM_OFFLINE || ran == CALM_BUSY) {
			first_release(&f); /* the server went again: the rest waits */
			break;
		}
		rc = store_queue_done(q, f.w.seq, ran == CALM_OK ? NULL : why.msg[0] ? why.msg : "refused",
				      err);
		*replayed += ran == CALM_OK;
		first_release(&f);
	}
	if (rc == CALM_OK)
		rc = store_queue_count(q, server, left, &refused, NULL, err);
	app_queue_close(q);
	if (lock >= 0)
		close(lock);
	return rc;
}

enum calm_rc app_queue_count(const char *qpath, const char *server, long long *queued,
			     long long *refused, long long *kept, struct calm_err *err)
{
	struct store_queue *q = NULL;
	enum calm_rc rc;

	*queued = *refused = 0;
	if (kept)
		*kept = 0;
	if (access(qpath, F_OK) != 0)
		return CALM_OK; /* nothing ever queued: no file made */
	rc = app_queue_open(&q, qpath, err);
	if (rc == CALM_OK)
		rc = store_queue_count(q, server, queued, refused, kept, err);
	app_queue_close(q);
	return rc;
}

struct each_ctx {
	int (*cb)(const struct app_queued *, void *);
	void *ctx;
};

static int each_refused(const struct queued *w, void *ctx)
{
	struct each_ctx *e = ctx;
	struct app_queued a;
	int stop;

	app_queued_from(w, &a);
	stop = e->cb(&a, e->ctx);
	free(a.argv);
	return stop;
}

enum calm_rc app_queue_refused(const char *qpath, const char *server, bool all,
			       int (*cb)(const struct app_queued *, void *), void *ctx,
			       struct calm_err *err)
{
	struct store_queue *q = NULL;
	struct each_ctx e = { cb, ctx };
	enum calm_rc rc;

	if (access(qpath, F_OK) != 0)
		return CALM_OK;
	rc = app_queue_open(&q, qpath, err);
	if (rc == CALM_OK)
		rc = store_queue_refused(q, server, all, each_refused, &e, err);
	if (rc == CALM_OK)
		rc = store_queue_seen(q, server, err);
	app_queue_close(q);
	return rc;
}

enum calm_rc app_queue_view_set(const char *qpath, const char *server, long long id,
				const char *stage, struct calm_err *err)
{
	struct store_queue *q = NULL;
	enum calm_rc rc = app_queue_open(&q, qpath, err);

	if (rc == CALM_OK)
		rc = store_queue_view_set(q, server, id, stage, err);
	app_queue_close(q);
	return rc;
}

enum calm_rc app_queue_view_get(const char *qpath, const char *server, long long id,
				char **stage, struct calm_err *err)
{
	struct store_queue *q = NULL;
	enum calm_rc rc;

	*stage = NULL;
	if (access(qpath, F_OK) != 0)
		return CALM_OK;
	rc = app_queue_open(&q, qpath, err);
	if (rc == CALM_OK)
		rc = store_queue_view_get(q, server, id, stage, err);
	app_queue_close(q);
	return rc;
}

/* The journal's entries for one server that another run of the server
 * acknowledged (or last held): ids and places. */
struct journal {
	const char *now_instance; /* the run of the server reached now */
	char **uids;
	long long *seq;
	bool *present;
	size_t n, cap;
};

/* One not stamped with the run reached now (those that are, this very
 * run holds: durable there, nothing to read back; store_queue_sent
 * leaves them out). */
static int take_sent(const struct queued *w, void *ctx)
{
	struct journal *j = ctx;

	if (j->n == j->cap) {
		j->cap = j->cap ? 2 * j->cap : 64;
		j->uids = xrealloc(j->uids, j->cap * sizeof *j->uids);
		j->seq = xrealloc(j->seq, j->cap * sizeof *j->seq);
		j->present = xrealloc(j->present, j->cap * sizeof *j->present);
	}
	j->uids[j->n] = xstrdup(w->uid);
	j->seq[j->n] = w->seq;
	j->present[j->n++] = false;
	return 0;
}

static int mark_present(const char *uid, void *ctx)
{
	struct journal *j = ctx;

	for (size_t i = 0; i < j->n; i++)
		if (strcmp(j->uids[i], uid) == 0)
			j->present[i] = true;
	return 0;
}

enum calm_rc app_journal_check(struct app *app, const char *qpath, const char *server,
			       long long keep, long long keep_bytes, long long *resent,
			       struct calm_err *err)
{
	struct store_queue *q = NULL;
	struct journal j = { 0 };
	enum calm_rc rc;

	*resent = 0;
	if (access(qpath, F_OK) != 0 || app_offline(app))
		return CALM_OK;
	j.now_instance = store_server_instance(app->st);
	rc = app_queue_open(&q, qpath, err);
	if (rc == CALM_OK)
		rc = store_queue_sent(q, server, j.now_instance[0] ? j.now_instance : NULL, take_sent,
				      &j, err);
	if (rc == CALM_OK && j.n > 0) {
		rc = store_uids_present(app->st, (const char *const *)j.uids, j.n, mark_present, &j,
					&app->err);
		if (rc != CALM_OK)
			*err = app->err;
	}
	for (size_t i = 0; rc == CALM_OK && i < j.n; i++) {
		if (j.present[i]) {
			rc = store_queue_restamp(q, j.seq[i], j.now_instance, err);
		} else {
			rc = store_queue_resend(q, j.seq[i], err); /* lost in a failover */
			++*resent;
		}
	}
	if (rc == CALM_OK)
		rc = store_queue_trim(q, server, keep, keep_bytes, err);
	for (size_t i = 0; i < j.n; i++)
		free(j.uids[i]);
	free(j.uids);
	free(j.seq);
	free(j.present);
	app_queue_close(q);
	return rc;
}
