/*
 * record.h - one incident's record as of one event, read once, that
 * every postmortem writer (Markdown, HTML with SVG, the console's strip)
 * draws from.  Internal to src/app.
 *
 * The record is the chain up to an event (the newest when exported; the
 * one an export names when it is verified): the state replayed from
 * those events, the events themselves in the order they happened (with
 * the corrections written by then), the chain head at that event and
 * the seals that cover it.  Nothing in it depends on the clock: "now"
 * is the close of a closed incident, else the time of the last event,
 * so the same record always gives the same document.
 */
#ifndef CALM_APP_RECORD_H
#define CALM_APP_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/app.h"
#include "calm/store.h"
#include "calm/milestone.h"
#include "calm/replay.h"

/* One event as the documents show it. */
struct rec_event {
	long long id;
	long long at_ms;       /* when it happened */
	long long ts_ms;       /* when it was written */
	bool backfilled;
	char *author, *kind;
	char *text;            /* its bytes (the newest amendment's, if any) */
	size_t len;
	bool amended;
	char *struck;          /* why it was struck out, NULL if not */
};

/* A stretch of time in one stage. */
struct rec_stage {
	char *stage;           /* stage id */
	const char *title;     /* its title in the playbook, else the id */
	long long from_ms, to_ms;
};

/* An update that went out. */
struct rec_update {
	int audience;
	long long at_ms;
	int revision;
	char *channel;
};

struct pm_record {
	long long id;
	char dbid[DB_ID_LEN + 1];
	struct chain_head head;      /* the chain at the last event included */
	char head_hex[2 * STORE_HASH_LEN + 1];
	char *sealed;                /* "alice (ssh-ed25519) at event 12", NULL if no seal covers it */
	struct replay_state s;       /* the incident as of head.event */
	struct rec_event *ev;        /* in the order they happened */
	size_t nev;
	struct rec_stage *stages;    /* in order, from the declaration */
	size_t nstages;
	struct rec_update *updates;  /* in order */
	size_t nupdates;
	long long ms[MS_COUNT];      /* the milestones' fields, 0 unset */
	long long start_ms;          /* the impact's start by the rule (milestone.h) */
	long long end_ms;            /* the record's end: close, else the last event */
	struct milestone_durations dur;
};

/*
 * Read incident id's record as of event upto (0: the newest), in one
 * read transaction (or inside the caller's).  CALM_NOTFOUND for an
 * unknown incident or event.  pm_record_release() it either way.
 */
enum calm_rc pm_record_load(struct app *app, long long id, long long upto,
			    struct pm_record *r);
void pm_record_release(struct pm_record *r);

/* A field's value as of the record, NULL when unset or empty. */
const char *pm_field(const struct pm_record *r, const char *name);

/* The visible closing line: "Record: incident 7, 214 events up to event
 * 1234, chain head <64 hex>, database <32 hex>, sealed by ... | not
 * sealed", without a newline. */
void pm_record_line(const struct pm_record *r, struct buf *out);

/* Read a Record line back (any text before "Record:" ignored): false
 * when line is not one. */
bool pm_record_parse(const char *line, long long *id, long long *events,
		     long long *event, char head[2 * STORE_HASH_LEN + 1],
		     char dbid[DB_ID_LEN + 1]);

/* The one duration rule, as the documents state it. */
#define PM_DURATION_RULE \
	"Durations run from the start of the impact (impact-start, else the declaration) " \
	"to the moment named: detected, mitigated, resolved (resolved-at, else the close)."

/* ms as "2023-02-01 14:05 UTC". */
void pm_time(long long ms, char *buf, size_t n);

/* Every template value of r into *tv (values.c): Markdown pieces marked
 * for md_finish when md; now_ms ends {elapsed} while not resolved. */
struct app_tvals;
void pm_values(struct app *app, const struct pm_record *r, bool md, long long now_ms,
	       struct app_tvals *tv);

/* The generated sections (export-md.c), appended to out, record text
 * marked when md: the key events (a table; plain: lines), the narrative
 * (the notes and fix attempts in order), the full timeline. */
void pm_key_events(const struct pm_record *r, bool md, struct buf *out);
void pm_narrative(const struct pm_record *r, bool md, struct buf *out);
void pm_timeline(const struct pm_record *r, bool md, struct buf *out);

/* ==== the writers (each in its own file) ==== */

/* Options of a render. */
struct pm_render {
	struct buf *lines;     /* when set: '1'/'0' per output line, a line
				  generated from the record or not (md.h) */
	char **missing;        /* out: the markers left in the text, NULL-terminated
				  (malloc'd; pm_missing_free) */
};

void pm_missing_free(char **missing);

/* The markers text holds (template_markers), NULL-terminated, or NULL
 * when none. */
char **pm_markers(const char *text);

/* The Markdown postmortem (export-md.c): the playbook's template filled
 * from r, then the Record line. */
enum calm_rc pm_write_md(struct app *app, const struct pm_record *r,
			 struct buf *out, struct pm_render *opt);

/* The Mermaid gantt block of r, fenced (export-md.c). */
void pm_write_gantt(const struct pm_record *r, struct buf *out);

/* The HTML document with its SVG picture (export-html.c). */
enum calm_rc pm_write_html(struct app *app, const struct pm_record *r,
			   struct buf *out, struct pm_render *opt);

/* s[0..len) sanitised and escaped for HTML and XML text or a
 * double-quoted attribute (export-svg.c). */
void pm_xml_text(struct buf *out, const char *s, size_t len);

/* The picture as an SVG element, every text escaped (export-svg.c). */
void pm_write_svg(const struct pm_record *r, struct buf *out);

#endif
