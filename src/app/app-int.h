/*
 * app-int.h - what the action files of src/app share, and nothing else
 * sees: the transaction steps every action takes (the same steps as
 * app.c's own static helpers) and the template values of an incident.
 */
#ifndef CALM_APP_INT_H
#define CALM_APP_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/app.h"
#include "calm/app-read.h"
#include "calm/buf.h"
#include "calm/store.h"
#include "calm/template.h"

/* The acting author, "unknown" when none. */
const char *app_author(const struct app *app);

/* Text a person typed: valid UTF-8, no NUL, not blank, at most max. */
enum calm_rc app_check_text(struct app *app, const char *what, const char *s,
			    size_t len, size_t max);

/*
 * Begin an action's write transaction (store_begin) and fix its time:
 * until it ends, app_now() returns that one time, so the rows written
 * and the event that records them carry the same time (verify compares
 * them).
 */
enum calm_rc app_begin(struct app *app);

/* CALM_CLOSED when incident id is a read-only copy pulled from another
 * store (move.c): nothing is written to it. */
enum calm_rc app_check_own(struct app *app, long long id);

/* Inside a transaction: the incident exists, is not closed and is not a
 * read-only copy. */
enum calm_rc app_load_active(struct app *app, long long id,
			     struct incident *inc);

/*
 * The preamble of every action on an incident, said once: begin the
 * write transaction (app_begin) and check that incident id exists and
 * is not closed.  *inc (may be NULL) receives the incident, to be
 * released by the caller.  On failure nothing is left open (rolled
 * back) and the code is returned; the action then ends with
 * app_finish(), which commits or rolls back.
 */
enum calm_rc app_act(struct app *app, long long id, struct incident *inc);

/* app_declare inside the open transaction (the caller commits): a
 * drill declares its incident and records its scenario in one. */
enum calm_rc app_declare_in(struct app *app, const char *title, int severity,
			    const char *product, long long *id);
/* Inside the transaction: record the lapse of each open offer of the
 * incident past OFFER_TTL_MS (role.c). */
enum calm_rc app_offers_lapse(struct app *app, long long id);

/* Append an event inside the open transaction. */
enum calm_rc app_record(struct app *app, long long id, const char *kind,
			const char *text, const char *const *kv);

/* As app_record; *event_id (may be NULL) receives the new event's id. */
enum calm_rc app_record_id(struct app *app, long long id, const char *kind,
			   const char *text, const char *const *kv,
			   long long *event_id);

/*
 * Append ev inside the open transaction; a ts_ms of 0 is now and a NULL
 * author the acting author.  Every event calm writes comes through
 * here (app_record and app_record_id too), and here its text and data
 * are masked (app_mask_event) before the store sees them: what is
 * hashed, journaled, queued, exported or sent to a server holds no
 * secret, whatever action wrote it.
 */
enum calm_rc app_append(struct app *app, struct event *ev,
			const char *const *kv, long long *event_id);

/* Captured bytes (any bytes): not blank, at most APP_MAX_TEXT; the
 * refusal names the limit. */
enum calm_rc app_check_bytes(struct app *app, const char *what, const char *s,
			     size_t len);

/*
 * Masking secrets (secret.h: the defaults and the playbook's secrets:
 * patterns) - what is masked, said once:
 *
 *   - every free text a person or a script writes: a title, a field's
 *     value, a note, a draft, a fix attempt, its why and outcome note,
 *     what was lost, an action item's title and owner, an amend's text,
 *     a strike's or an override's reason, a command run and its output,
 *     a shell line, an imported line, a channel's error, a drill's
 *     observations; and every other value an event carries (its text,
 *     and its data but for the keys below), so a value added later is
 *     masked unless someone decides it is not free text;
 *   - not: ids, numbers, times, hashes and digests, the names the
 *     playbook or calm gives (stages, roles, fields, audiences,
 *     outcomes) and people's names (an author, a role's holder: a
 *     name is checked as a name and is not a secret), the data keys
 *     listed in mask.c.
 *
 * Two steps make sure of it.  app_mask_event() masks every event in
 * app_append(), the one way an event reaches the store.  A text that
 * also goes into a row of its own (an incident's title, a field, a
 * draft, a fix, an action item) is checked and masked once, up front,
 * by app_text(), and the row and the event are both written from that
 * masked copy, so they agree (verify compares them).
 */

/* The app's form of a queued row: its words split at their NULs into
 * out->argv (allocated; the words stay w's); free(out->argv). */
struct queued;
struct app_queued;
void app_queued_from(const struct queued *w, struct app_queued *out);

/* s[0..len) (any bytes) with every secret masked, appended to out. */
enum calm_rc app_mask(struct app *app, const char *s, size_t len,
		      struct buf *out);

/*
 * The check-and-mask step for a free text an action keeps in a row as
 * well as in its event: s[0..len) checked as app_check_text() does
 * (what names it in the refusal; what NULL: not checked), then masked.
 * *out is a new string (free it), NULL when s is NULL.
 */
enum calm_rc app_text(struct app *app, const char *what, const char *s,
		      size_t len, size_t max, char **out);

/* An event's text and data, masked (app_mask_event). */
struct app_masked {
	struct buf text;
	const char **kv; /* the keys as given, the values new */
};

/*
 * ev's text and every value of kv, masked, into *m (app_masked_release);
 * the values of the keys that are not free text are copied as they
 * are, and an output_offset (a place in the text) is moved to the same
 * place in the masked text.
 */
enum calm_rc app_mask_event(struct app *app, const struct event *ev,
			    const char *const *kv, struct app_masked *m);
void app_masked_release(struct app_masked *m);

/* "exit 3, 1.2s" / "killed by signal 9, 0.0s" / "exit 0, 3m 20s": how a
 * command ended (duration_format with tenths under a minute). */
void app_outcome_words(struct buf *b, int status, int signal, long long ms);

/* Largest file calm import reads. */
#define APP_IMPORT_MAX (64 << 20)


/* A Slack export (its folder, or one channel's folder) into entries
 * (slack.c). */
struct import_list;
enum calm_rc app_slack_read(struct app *app, const char *path,
			    struct import_list *out);

/* A file written atomically a piece at a time: a temporary file beside
 * path (0600), then fsync, rename and fsync of the directory on commit;
 * abort removes the temporary (app_write_file in pieces). */
struct app_file {
	const char *path;
	struct buf tmp;
	int fd;
	struct calm_err *err;  /* where a writer callback says why (app_export) */
};
enum calm_rc app_file_open(struct app_file *f, const char *path, struct calm_err *err);
enum calm_rc app_file_write(struct app_file *f, const void *p, size_t len,
			    struct calm_err *err);
enum calm_rc app_file_commit(struct app_file *f, struct calm_err *err);
void app_file_abort(struct app_file *f);

/* The timeline as CSV to write, a page at a time (csv.c). */
enum calm_rc app_timeline_csv(struct app *app, long long id, app_write_fn write, void *ctx);

/*
 * One of a console's writes, as the queue keeps it when the team's
 * server cannot be reached (outbox.c, app->outbox): the words of the
 * calm command that makes it (words[1] NULL: the incident's number,
 * filled by app_write_begin) and what it changes.
 */
struct app_write {
	long long id;               /* the incident (0: the outbox's) */
	int argc;
	const char *words[8];
	struct app_queued_what what;
	/* the text its last word carries, len bytes, where the command reads
	 * a text of just "-" from stdin (log, amend, strike); NULL: none */
	const char *text;
	size_t len;
	/* filled by app_write_begin */
	char idw[24];
	char uid[EVENT_UID_LEN + 1];
	bool own_uid;
};

/* Before the write's attempt: with a console's outbox, a unique id of
 * its own (app->replay_uid), the one the queue keeps. */
void app_write_begin(struct app *app, struct app_write *w);
/* After it: rc, or when it failed CALM_OFFLINE with an outbox, queued
 * (CALM_QUEUED) or the reason it cannot be (app-read.h). */
enum calm_rc app_write_end(struct app *app, struct app_write *w, enum calm_rc rc);
/* The same for a stage move (step 1 advance, -1 back), judged offline
 * from the stage from moved on by the moves queued (app-read.h). */
enum calm_rc app_move_end(struct app *app, struct app_write *w, enum calm_rc rc,
			  const char *from, int step, const char *reason,
			  struct gate_report *report);

/* The queue file at qpath: the one app_queue_hold() keeps, or opened
 * now (queue.c); app_queue_close leaves a held one open. */
struct store_queue;
enum calm_rc app_queue_open(struct store_queue **q, const char *qpath, struct calm_err *err);
void app_queue_close(struct store_queue *q);

/* Commit when rc is CALM_OK, else roll back; the final code. */
enum calm_rc app_finish(struct app *app, enum calm_rc rc);

/* Every placeholder's value for one incident. */
struct app_tvals {
	struct template_value v[32];
	char *owned[32];
	size_t n;
};

/* Render template (plain text, an update's) for incident id as it is
 * now, appended to out.  Only the values it names are made; {timeline}
 * and {narrative} are walked a page of events at a time straight into
 * out, never held whole as a value. */
enum calm_rc app_template_render(struct app *app, long long id, const char *template,
				 struct buf *out);
void app_tvals_release(struct app_tvals *tv);

#endif
