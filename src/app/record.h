/*
 * record.h - one incident's record as of one event, that every
 * postmortem writer (Markdown, HTML with SVG, the console's strip and
 * the updates' values) draws from.  Internal to src/app.
 *
 * The record is the chain up to an event (the newest when exported; the
 * one an export names when it is verified): the state replayed from the
 * events that change it (not the notes between them), the stages walked
 * through, the updates sent, the chain head at that event and the seals
 * that cover it.  It holds no event list: the events themselves are
 * walked a page at a time in the order they happened (pm_each_event),
 * and the writers hand their text on a piece at a time (struct
 * pm_sink), so a record and a document written from it take the same
 * memory for ten events as for a million.  Nothing in it depends on the
 * clock: "now" is the close of a closed incident, else the time of the
 * last event, so the same record always gives the same document.
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
	struct replay_state s;       /* the incident as of head.event (its
					counts of events and notes are not kept) */
	long long last_ms;           /* when head.event was written */
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

/*
 * cb for each event of r in the order they happened (when, then id;
 * back: from the newest back), up to r->head.event, as the documents
 * show it: corrections folded into the event they correct (amend and
 * strike events are not passed).  cb returns 0 to go on.  Read a page
 * at a time; the event's strings live during the call.  A walk begun in
 * the caller's read transaction sees r's snapshot.
 */
enum calm_rc pm_each_event(struct app *app, const struct pm_record *r, bool back,
			   int (*cb)(const struct rec_event *, void *), void *ctx);

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

/*
 * Every template value of r that template uses into *tv (values.c):
 * Markdown pieces marked for md_finish when md; now_ms ends {elapsed}
 * while not resolved.  The values that walk the timeline are made only
 * when template names them ({recent_notes} reads a few notes back).
 * {narrative} and {timeline} get no value: the writer streams them
 * (template_render_with with pm_narrative, pm_timeline).
 */
struct app_tvals;
enum pm_write_flags {
	PM_NO_SECTIONS = 1 << 0, /* a document without {narrative} and {timeline} */
};
enum calm_rc pm_values(struct app *app, const struct pm_record *r, const char *template,
		       bool md, long long now_ms, struct app_tvals *tv);

/* The key events (export-md.c), appended to out, record text marked
 * when md: a table; plain: one line each. */
void pm_key_events(const struct pm_record *r, bool md, struct buf *out);

/*
 * The items of the generated sections (export-md.c), in order, each
 * one piece of text handed to item (record text marked when md; plain:
 * one line): the narrative (the notes and fix attempts), the full
 * timeline (every event).  *n (may be NULL) counts them.  Stops at the
 * first code item returns that is not CALM_OK, and returns it.
 */
typedef enum calm_rc (*pm_item_fn)(const char *s, size_t len, void *ctx);
enum calm_rc pm_narrative(struct app *app, const struct pm_record *r, bool md,
			  pm_item_fn item, void *ctx, size_t *n);
enum calm_rc pm_timeline(struct app *app, const struct pm_record *r, bool md,
			 pm_item_fn item, void *ctx, size_t *n);

/*
 * A template's {name} for template_render_with: {narrative} and
 * {timeline} walked into out through item ("(no notes)" or "(empty)"
 * when there is none), any other name copied as written.  *rc is the
 * walk's code; returns nonzero (stop the template) when it failed.
 */
int pm_section(struct app *app, const struct pm_record *r, bool md, const char *name,
	       size_t len, struct buf *out, pm_item_fn item, void *ctx, enum calm_rc *rc);

/* ==== the writers (each in its own file) ==== */

/*
 * Where a document goes: into out, kept whole when write is NULL, else
 * handed to write a piece at a time (a file, stdout), so a document of
 * a million events never sits in memory.  A writer finishes its text
 * in pieces that end at a line break between two items of a section
 * (a block boundary: md_finish gives the same bytes as for the whole).
 */
struct pm_sink {
	struct buf out;        /* finished text not yet handed on */
	enum calm_rc (*write)(const char *s, size_t n, void *ctx);
	void *ctx;
	struct buf *lines;     /* when set: '1'/'0' per output line, a line
				  generated from the record or not (md.h) */
	size_t flush_at;       /* marked text held before it is finished and
				  handed on (0: PM_FLUSH_AT) */
};

#define PM_FLUSH_AT (64 * 1024)

/* Hand what out holds to write (nothing when write is NULL). */
enum calm_rc pm_sink_flush(struct pm_sink *s);
void pm_sink_release(struct pm_sink *s);

void pm_missing_free(char **missing);

/* The markers text holds (template_markers), NULL-terminated, or NULL
 * when none. */
char **pm_markers(const char *text);

/* The Markdown postmortem (export-md.c): the playbook's template filled
 * from r, then the Record line; with PM_NO_SECTIONS the narrative and
 * the timeline are left out (what the facts' markers are read from). */
enum calm_rc pm_write_md(struct app *app, const struct pm_record *r,
			 struct pm_sink *sink, unsigned flags);

/* The Mermaid gantt block of r, fenced (export-md.c). */
void pm_write_gantt(const struct pm_record *r, struct buf *out);

/* The HTML document with its SVG picture (export-html.c); flags as for
 * pm_write_md. */
enum calm_rc pm_write_html(struct app *app, const struct pm_record *r,
			   struct pm_sink *sink, unsigned flags);

/* The markers of facts not set that the postmortem in fmt (md, html)
 * would hold (NULL-terminated, NULL when none; pm_missing_free). */
enum calm_rc pm_missing(struct app *app, const struct pm_record *r,
			enum app_export_format fmt, char ***missing);

/* s[0..len) sanitised and escaped for HTML and XML text or a
 * double-quoted attribute (export-svg.c). */
void pm_xml_text(struct buf *out, const char *s, size_t len);

/* The picture as an SVG element, every text escaped (export-svg.c). */
void pm_write_svg(const struct pm_record *r, struct buf *out);

#endif
