/*
 * store-replay.h - the store's reads over an incident's history and
 * over every incident: time travel's walks of the events (replay.h
 * folds them), the stats, and the rows read, counted for the tests.
 * The rest of the store's contract, and what holds for every call here
 * (codes, messages, transactions), is store.h's.
 */
#ifndef CALM_STORE_REPLAY_H
#define CALM_STORE_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/model.h"
#include "calm/rc.h"
#include "calm/store.h"

enum store_kv_flags {
	STORE_KV_STATE = 1 << 0, /* only the events that change what the incident
				    is (declare, check, field, stage, draft,
				    sent, fix, action, export, role): not the
				    notes, commands and corrections between */
	STORE_KV_SUSPECT = 1 << 1, /* only the events that may be damaged
				      (an index of them): the damaged ones
				      among them come out damaged */
};

/*
 * Time travel: the events of incident with after < id <= upto (upto 0:
 * all), oldest first, each with its data as key/value pairs (flattened
 * with json_each), handed to cb as a struct replay_event (replay.h)
 * whose strings live only during the call.  At most limit events
 * (0: no limit); *last receives the last id passed (0 if none).
 * STORE_KV_STATE walks an index of those events alone, so its cost
 * does not grow with the notes between them.
 */
struct replay_event;
enum calm_rc store_events_kv(struct store *st, long long incident,
			     long long after, long long upto, size_t limit,
			     unsigned flags,
			     int (*cb)(const struct replay_event *, void *),
			     void *ctx, long long *last,
			     struct calm_err *err);

/*
 * The events of incident in the order written, after event `from`
 * (backward: before it), at most limit, as cb(id, ts_ms, ctx): the
 * steps of time travel, read from the (incident, id) index without a
 * row.  *last the id of the last one passed (0: none).
 */
enum calm_rc store_event_ids(struct store *st, long long incident, long long from,
			     bool forward, size_t limit,
			     int (*cb)(long long id, long long ts_ms, void *ctx), void *ctx,
			     long long *last, struct calm_err *err);

/* How many of incident's events were written up to event (its place in
 * the order written, from 1); 0 when it is not one of them. */
enum calm_rc store_event_position(struct store *st, long long incident, long long event,
				  long long *position, struct calm_err *err);

/* The newest event of incident that happened at or before at_ms (view
 * order: occurred, else written), 0 when none. */
enum calm_rc store_event_by_time(struct store *st, long long incident, long long at_ms,
				 long long *event, struct calm_err *err);

/* One author of an incident's events, every event of theirs counted
 * (the damaged ones too). */
struct store_author {
	const char *author;   /* the first 1024 bytes, as the replay reads it;
				 two authors alike in those come as two rows */
	long long events;     /* how many events they wrote */
	long long notes;      /* how many of those are notes */
	long long first;      /* the id of the oldest */
};

/* cb for each author of incident's events, in no set order, from an
 * index (incident, author, kind): one row per author, never a walk of
 * the events' rows. */
enum calm_rc store_event_authors(struct store *st, long long incident,
				 int (*cb)(const struct store_author *, void *), void *ctx,
				 struct calm_err *err);

/* The id of author's oldest event in incident after event `after`
 * (author as store_author names them), 0 when none. */
enum calm_rc store_author_next(struct store *st, long long incident, const char *author,
			       long long after, long long *id, struct calm_err *err);

/* Fill *out; today (YYYY-MM-DD, UTC) decides what is overdue, by the
 * rule of action_overdue() (model.h) said in SQL. */
enum calm_rc store_stats(struct store *st, const char *today,
			 struct incident_stats *out, struct calm_err *err);

/* The milestone fields of one incident (RFC 3339 text, NULL unset). */
struct store_milestones {
	long long incident;
	long long declared_ms, closed_ms;  /* closed_ms 0 while active */
	const char *detected, *started, *mitigated, *resolved;
};

/* cb for every incident's milestones, by id. */
enum calm_rc store_milestones_each(struct store *st,
				   int (*cb)(const struct store_milestones *, void *),
				   void *ctx, struct calm_err *err);

/* cb for each action item overdue on today (action_overdue() in SQL),
 * by due date, incident and number. */
enum calm_rc store_overdue_each(struct store *st, const char *today,
				int (*cb)(const struct overdue_row *, void *),
				void *ctx, struct calm_err *err);

/*
 * Count every row any statement of st returns from now on into
 * *counter (incremented, never reset here); NULL stops counting.  For
 * tests that show a read does not walk a table (a draft without
 * {timeline} on a long timeline): SQLite only (its trace of rows),
 * CALM_USAGE on PostgreSQL.
 */
enum calm_rc store_count_rows(struct store *st, long long *counter,
			      struct calm_err *err);

#endif
