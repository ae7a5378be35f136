/*
 * gen.c - make a large calm database for benchmarks.
 *
 *   calm-gen DB EVENTS [OTHERS]
 *
 * Makes a new database DB (an existing file is refused) with incident 1
 * holding exactly EVENTS timeline events (its declaration, then notes
 * one millisecond apart), and OTHERS more incidents for the picker,
 * each declared with its one event.  Everything goes through the calls
 * calm itself makes (app_declare for incident 1; the store's incident,
 * checklist and event calls, in batches of one transaction, for the
 * rest and for the notes), so the hash chain is real and `calm verify`
 * passes.  Then it reads back what it built (the counts, through app)
 * and prints them; a count that is not the one asked for fails with
 * exit status 70 (EX_SOFTWARE).  Incident 1 is declared a day before
 * the run; the others and the notes follow one millisecond apart.
 *
 * One note in 1,000 names a shard sNNN (a term for a search with about
 * a thousand hits) and every note a unique trace tNNN (one hit).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "calm/app.h"
#include "calm/app-read.h"
#include "calm/config.h"
#include "calm/store.h"

/* Notes or declarations per transaction. */
#define BATCH 20000

static enum calm_rc notes(struct store *st, long long id, long long n,
			  long long *ts, struct calm_err *err)
{
	char text[160];
	enum calm_rc rc = CALM_OK;

	for (long long done = 0; rc == CALM_OK && done < n;) {
		rc = store_begin(st, err);
		for (long long i = 0; rc == CALM_OK && i < BATCH && done < n; i++, done++) {
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

/* One incident as app_declare makes it, inside the caller's transaction. */
static enum calm_rc declare(struct store *st, const struct playbook *pb, long long k,
			    long long ts, struct calm_err *err)
{
	char title[64], text[128], sev[4], digest[2 * STORE_HASH_LEN + 1];
	long long id;
	enum calm_rc rc;

	snprintf(title, sizeof title, "generated incident %lld", k);
	snprintf(sev, sizeof sev, "%lld", 1 + k % 4);
	snprintf(text, sizeof text, "declared: %s (severity %s)", title, sev);
	rc = store_incident_create(st, title, 1 + (int)(k % 4), ts, "bench", pb, &id, err);
	if (rc == CALM_OK)
		rc = store_field_set(st, id, "product", "Checkout", err);
	if (rc == CALM_OK)
		rc = store_checklist_digest(st, id, digest, err);
	if (rc == CALM_OK) {
		const char *kv[] = { "title", title, "severity", sev, "product", "Checkout",
				     "stage", pb->stages[0].id, "checklist", digest, NULL };
		struct event ev = { .incident = id, .ts_ms = ts, .author = "bench",
				    .kind = "declare", .text = text };
		rc = store_append_event(st, &ev, kv, NULL, err);
	}
	return rc;
}

static enum calm_rc others(struct store *st, const struct playbook *pb, long long n,
			   long long *ts, struct calm_err *err)
{
	enum calm_rc rc = CALM_OK;

	for (long long done = 0; rc == CALM_OK && done < n;) {
		rc = store_begin(st, err);
		for (long long i = 0; rc == CALM_OK && i < BATCH && done < n; i++, done++)
			rc = declare(st, pb, done + 2, (*ts)++, err);
		if (rc == CALM_OK)
			rc = store_commit(st, err);
		else
			store_rollback(st);
	}
	return rc;
}

/* Read back what was built; false when it is not what was asked. */
static bool check(struct app *app, long long events, long long incidents)
{
	struct incident_counts c;
	long long all = 0;
	enum calm_rc rc;

	rc = app_incident_counts(app, 1, &c);
	if (rc == CALM_OK)
		rc = app_incident_count(app, 0, &all);
	if (rc != CALM_OK) {
		fprintf(stderr, "calm-gen: %s\n", app->err.msg);
		return false;
	}
	printf("calm-gen: incident 1 holds %lld events (%lld notes); %lld incidents in all\n",
	       c.events, c.notes, all);
	if (c.events == events && all == incidents)
		return true;
	fprintf(stderr, "calm-gen: built %lld events and %lld incidents, not %lld and %lld\n",
		c.events, all, events, incidents);
	return false;
}

/* The clock incident 1 is declared by: a day before the run. */
static long long base_ms;

static long long base_clock(void)
{
	return base_ms;
}

int main(int argc, char **argv)
{
	struct calm_err err = { 0 };
	struct playbook *pb = NULL;
	struct stat sb;
	long long events, more = 0, ts, id = 0;
	bool ok = false;
	char *end;
	enum calm_rc rc;

	if (argc < 3 || argc > 4 || (events = strtoll(argv[2], &end, 10)) < 1 || *end ||
	    (argc == 4 && ((more = strtoll(argv[3], &end, 10)) < 0 || *end))) {
		fprintf(stderr, "usage: calm-gen DB EVENTS [OTHERS]\n");
		return 64;
	}
	if (stat(argv[1], &sb) == 0) {
		fprintf(stderr, "calm-gen: '%s' exists: give a new file\n", argv[1]);
		return 73;
	}
	base_ms = (long long)time(NULL) * 1000 - 86400000LL;
	ts = base_ms + 1;
	struct app app = { .pb = NULL, .author = "bench", .now_ms = base_clock };
	rc = config_default(&pb, &err);
	if (rc == CALM_OK) {
		app.pb = pb;
		rc = app_open(&app, argv[1], false);
		if (rc != CALM_OK)
			err = app.err;
	}
	if (rc == CALM_OK && (rc = app_declare(&app, "generated incident 1", 1, "Checkout",
					       &id)) != CALM_OK)
		err = app.err;
	if (rc == CALM_OK && id != 1)
		rc = calm_err_set(&err, CALM_DATA, "the first incident is #%lld", id);
	if (rc == CALM_OK)
		rc = others(app.st, pb, more, &ts, &err);
	if (rc == CALM_OK)
		rc = notes(app.st, 1, events - 1, &ts, &err);
	if (rc != CALM_OK)
		fprintf(stderr, "calm-gen: %s\n", err.msg);
	else
		ok = check(&app, events, more + 1);
	app_close(&app);
	app_release(&app);
	playbook_free(pb);
	return rc != CALM_OK ? calm_exit_status(rc) : ok ? 0 : 70;
}
