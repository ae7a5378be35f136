/*
 * queue.h - the local queue of a server's writes (src/store/queue.c).
 *
 * A SQLite file of its own (under XDG state) holding, in the order made,
 * the writes a person made while their team's server could not be
 * reached, until they are replayed.  A write the server refuses on
 * replay stays, with the server's words, and is shown to its author.
 * It is also the journal of writes the server acknowledged (sent), the
 * newest kept in case a failover loses them (store_queue_trim).
 * Reached through src/app (app_queue_*), never from a face.
 */
#ifndef CALM_QUEUE_H
#define CALM_QUEUE_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/rc.h"

struct store_queue;

struct queued {
	long long seq;          /* order made */
	const char *server;     /* the server's URI or service=NAME, as given */
	const char *uid;        /* the action's unique id (struct event's uid) */
	long long ts_ms;        /* when it was made */
	const char *author;
	const void *args;       /* the command's words, each NUL-terminated */
	size_t args_len;
	const char *refused;    /* why the server refused it; NULL: queued */
	bool sent;              /* acknowledged by the server: kept as the
				   journal, not to be sent unless found missing */
	long long kept_ms;      /* when it was put (the real clock, UTC ms) */
	const char *instance;   /* sent: the run of the server that acknowledged
				   it (store_server_instance), else NULL */
	const char *stage;      /* a stage move: the stage it was made from
				   (a playbook stage id), else NULL */
	/* What it changes, as its queuer knew it; kind NULL when not known
	 * (a row an older calm queued): its words say. */
	const char *kind;       /* "note", "check", "uncheck", "field",
				   "advance", "back", "other" */
	long long incident;     /* the incident it writes to, 0 if not known */
	const char *item;       /* check: the item; field: its name; note: the text */
	const char *value;      /* field: the value ("" clears) */
};

/* Open (creating 0600) the queue file at path. */
enum calm_rc store_queue_open(struct store_queue **out, const char *path,
			      struct calm_err *err);
void store_queue_close(struct store_queue *q);

/*
 * A close that wrote checkpoints the file's WAL once it is over a bound
 * (queue.c): a disk sync or three.  A process that can answer before
 * it is done (a connection keeper's worker, which sends the command's
 * exit status first) defers that: after store_queue_defer_bound(), a
 * close that would checkpoint keeps the file open instead, and
 * store_queue_bound_deferred() checkpoints it on that handle and closes
 * it.
 */
void store_queue_defer_bound(void);
void store_queue_bound_deferred(void);

/* Append w (seq and refused ignored).  A queued write (sent false) is
 * on disk when it returns CALM_OK; a journal row (sent) is committed
 * but synced only by the next queued put or checkpoint (a power cut
 * may lose the newest journal rows, never a queued write). */
enum calm_rc store_queue_put(struct store_queue *q, const struct queued *w,
			     struct calm_err *err);

/* The oldest write still queued for server into cb; *found false if none. */
enum calm_rc store_queue_first(struct store_queue *q, const char *server,
			       int (*cb)(const struct queued *, void *), void *ctx,
			       bool *found, struct calm_err *err);

/* Every write still queued for server into cb, oldest first. */
enum calm_rc store_queue_waiting(struct store_queue *q, const char *server,
				 int (*cb)(const struct queued *, void *), void *ctx,
				 struct calm_err *err);
/* Done with write seq: gone when refused is NULL (written), else kept
 * aside with the server's words. */
enum calm_rc store_queue_done(struct store_queue *q, long long seq, const char *refused,
			      struct calm_err *err);

/* The refused writes for server, oldest first: all, or those whose
 * author was not told yet. */
enum calm_rc store_queue_refused(struct store_queue *q, const char *server, bool all,
				 int (*cb)(const struct queued *, void *), void *ctx,
				 struct calm_err *err);

/* The acknowledged writes (sent) kept for server into cb, oldest first:
 * all, or (not_instance not NULL) those not stamped with that run of
 * the server. */
enum calm_rc store_queue_sent(struct store_queue *q, const char *server, const char *not_instance,
			      int (*cb)(const struct queued *, void *), void *ctx,
			      struct calm_err *err);

/* An acknowledged write found missing on the server: queued again, in
 * its place (its seq). */
enum calm_rc store_queue_resend(struct store_queue *q, long long seq, struct calm_err *err);

/* An acknowledged write read back from another run of the server: that
 * run (instance) holds it now. */
enum calm_rc store_queue_restamp(struct store_queue *q, long long seq, const char *instance,
				 struct calm_err *err);

/* Keep the newest acknowledged writes for server, at most keep of them
 * and at most bytes of their words; the older ones leave the journal. */
enum calm_rc store_queue_trim(struct store_queue *q, const char *server, long long keep,
			      long long bytes, struct calm_err *err);

/* Mark every refused write for server as told. */
enum calm_rc store_queue_seen(struct store_queue *q, const char *server, struct calm_err *err);

/* How many writes are queued for server, how many refused ones not told
 * yet, and (kept, may be NULL) how many refused ones are kept in all. */
enum calm_rc store_queue_count(struct store_queue *q, const char *server, long long *queued,
			       long long *refused, long long *kept, struct calm_err *err);

/* The stage incident (its number on server) was at as this person last
 * saw it, or will see it once their queued moves are sent: set it, or
 * read it (*stage malloc'd, NULL when never seen). */
enum calm_rc store_queue_view_set(struct store_queue *q, const char *server, long long incident,
				  const char *stage, struct calm_err *err);
enum calm_rc store_queue_view_get(struct store_queue *q, const char *server, long long incident,
				  char **stage, struct calm_err *err);

#endif
