/*
 * gen.c - make a large calm database for benchmarks.
 *
 *   calm-gen DB INCIDENTS EVENTS
 *
 * Declares INCIDENTS incidents with the built-in playbook and spreads
 * EVENTS notes over them (incident 1 gets the remainder, so one
 * incident has a long timeline), in batches of one transaction each,
 * through the same store calls calm itself uses, so the hash chain is
 * real and `calm verify` passes.
 */
#include <stdio.h>
#include <stdlib.h>

#include "calm/app.h"
#include "calm/config.h"
#include "calm/store.h"

#define BATCH 20000

static enum calm_rc notes(struct store *st, long long id, long long n,
			  long long *ts, struct calm_err *err)
{
	char text[160];
	enum calm_rc rc = CALM_OK;

	for (long long done = 0; rc == CALM_OK && done < n;) {
		rc = store_begin(st, err);
		for (long long i = 0; rc == CALM_OK && i < BATCH && done < n; i++, done++) {
			/* shard sNNN: ~1 in 1000 notes; trace tTS: exactly one */
			snprintf(text, sizeof text,
				 "note %lld: checked the load balancer on shard s%03lld, "
				 "p99 at %lld ms, error rate still %lld%%, trace t%lld",
				 done, *ts * 7 % 1000, 100 + done % 900, done % 40, *ts);
			struct event ev = { .incident = id, .ts_ms = (*ts)++,
					    .author = "bench", .kind = "note", .text = text };
			rc = store_append_event(st, &ev, NULL, NULL, err);
		}
		if (rc == CALM_OK)
			rc = store_commit(st, err);
		else
			store_rollback(st);
	}
	return rc;
}

int main(int argc, char **argv)
{
	struct calm_err err = { 0 };
	struct playbook *pb = NULL;
	struct store *st = NULL;
	long long incidents, events, ts = 1767225600000LL; /* 2026-01-01 */
	enum calm_rc rc;

	if (argc != 4 || (incidents = atoll(argv[2])) < 1 || (events = atoll(argv[3])) < 0) {
		fprintf(stderr, "usage: calm-gen DB INCIDENTS EVENTS\n");
		return 64;
	}
	rc = config_default(&pb, &err);
	if (rc == CALM_OK)
		rc = store_open(&st, argv[1], 0, &err);
	struct app app = { .st = st, .pb = pb, .author = "bench" };
	long long per = events / incidents, first = events - per * (incidents - 1);
	for (long long i = 0; rc == CALM_OK && i < incidents; i++) {
		char title[64];
		long long id;
		snprintf(title, sizeof title, "generated incident %lld", i + 1);
		rc = app_declare(&app, title, 1 + (int)(i % 4), "Checkout", &id);
		if (rc != CALM_OK)
			err = app.err;
		if (rc == CALM_OK)
			rc = notes(st, id, i == 0 ? first : per, &ts, &err);
	}
	if (rc != CALM_OK)
		fprintf(stderr, "calm-gen: %s\n", err.msg);
	store_close(st);
	playbook_free(pb);
	return calm_exit_status(rc);
}
