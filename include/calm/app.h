/*
 * app.h - the actions a person can take on an incident.
 *
 * Both faces of calm (the CLI and the console) call these, so a rule
 * lives in one place.  Each action is one write transaction: it reads
 * what it needs, asks the core whether the action is allowed, writes the
 * state change and the timeline event that records it, and commits.
 * When an action returns CALM_OK its change is durable (committed with
 * synchronous=FULL); on any error nothing was written.
 *
 * Errors: the returned code, with its one-line message in app->err.
 * With a console's outbox (app->outbox, app-read.h), a write that finds
 * the team's server unreachable is queued instead: CALM_QUEUED.
 */
#ifndef CALM_APP_H
#define CALM_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/blame.h"
#include "calm/buf.h"
#include "calm/channel.h"
#include "calm/gate.h"
#include "calm/model.h"
#include "calm/playbook.h"
#include "calm/rc.h"

/* Longest note, title or field value accepted, in bytes. */
#define APP_MAX_TEXT (1024 * 1024)
#define APP_MAX_TITLE 200

struct secret_filter;
struct app_outbox;
struct store;
struct seal;

struct app {
	struct store *st;           /* open database */
	const struct playbook *pb;  /* the routine; may be NULL for actions that need none */
	const char *author;         /* acting author of every event */
	long long (*now_ms)(void);  /* clock, UTC ms; NULL = the real clock */
	unsigned when_flags;        /* WHEN_LOCAL when the config names a timezone
				       (typed and shown times), else 0: UTC */
	struct calm_err err;        /* message of the last failure */
	long long tx_ms;            /* the time of the action in progress */
	char uid[EVENT_UID_LEN + 8];/* the unique id of the action in progress
				       (its events carry it: model.h) */
	int uid_events;             /* events it has written so far */
	const char *replay_uid;     /* a write that may be replayed (queue.c):
				       the id it was first given, else NULL;
				       a second transaction of the same
				       command takes it and ".0N" */
	int uid_tx;                 /* transactions begun with replay_uid */
	struct secret_filter *secrets; /* built on first use from pb (app_release) */
	struct app_outbox *outbox;  /* NULL: a write that finds the team's
				       server unreachable fails CALM_OFFLINE
				       (the command line queues the whole
				       command, sync.c); set (a console): the
				       write queues itself there and returns
				       CALM_QUEUED (app-read.h, offline.c) */
	bool drill;                 /* the database open is a drill database
				       (app-drill.h): sends go to the drill
				       channel, nothing is similar */
};

/* A fresh unique id for an action (EVENT_UID_LEN hex digits), to give
 * app->replay_uid before a write that may have to be queued. */
void app_new_uid(char out[EVENT_UID_LEN + 1]);

/* Free what the app built for itself (the secret filter). */
void app_release(struct app *app);

/*
 * The words of a command (argv[0..argc)) with every secret masked, as
 * a queue or journal may keep them: *out is argc new strings and a
 * NULL, each word masked on its own (app_words_free).  A secret the
 * words hold only together ("--password" "hunter2", "Authorization:"
 * "Bearer" "...", or a playbook pattern across a space) cannot be
 * masked word by word without changing the command: CALM_SPLIT_SECRET,
 * and nothing in *out.  CALM_CONFIG: the playbook's patterns do not build.
 */
enum calm_rc app_mask_words(struct app *app, int argc, const char *const *argv,
			    char ***out);
void app_words_free(char **words);

/* ==== roles: offered, taken, handed over ==== */

/*
 * Hand role (a playbook role id) of an active incident to person: it is
 * offered, and theirs once they take it (app_role_accept) within
 * OFFER_TTL_MS; an "offer" event says so ("alice offers incident
 * command to bob") with data {role, person, offer}, and an earlier open
 * offer of the role is withdrawn.  Offered to the acting author it is
 * taken at once; person NULL or "" leaves it to nobody at once.  A
 * change of holder is a "role" event in words ("bob takes incident
 * command from alice", "alice releases the scribe's notes") with data
 * {role, person, from} (and offer when taken from one).  Offering it to
 * its holder records nothing (CALM_OK).  CALM_USAGE for an unknown role
 * (naming the roles) or a bad name.
 */
enum calm_rc app_role_assign(struct app *app, long long id, const char *role,
			     const char *person);

/*
 * Take the open offer of role made to the acting author: the role is
 * theirs ("bob takes incident command from alice").  CALM_NOTFOUND
 * "nobody offered you ..." when there is none; CALM_GATE "the offer ...
 * lapsed at HH:MM" when it was not taken in time (the lapse recorded).
 */
enum calm_rc app_role_accept(struct app *app, long long id, const char *role);

/* The incident's open offers, oldest first; one past OFFER_TTL_MS
 * comes with its state "lapsed" (recorded by the next action). */
enum calm_rc app_offers_each(struct app *app, long long id,
			     int (*cb)(const struct offer *, void *), void *ctx);

/*
 * What the receiver of a role needs to know, appended to out: the stage
 * and its gate, what was tried and how it went, the last update sent to
 * each audience and when the next is due (cadence[a]: minutes, 0 when
 * none), the open action items.  Plain lines; text from the database is
 * sanitised by the face that shows it.
 */
enum calm_rc app_handoff_brief(struct app *app, long long id, const int cadence[AUD_COUNT],
			       struct buf *out);

/* Current UTC time in ms from app's clock; inside an action's
 * transaction, the one time the action began at. */
long long app_now(const struct app *app);

/*
 * Declare a new incident at the playbook's first stage.  severity 1..4;
 * product may be NULL.  The title must be one line of valid UTF-8, not
 * blank, at most APP_MAX_TITLE bytes (CALM_DATA otherwise).
 */
enum calm_rc app_declare(struct app *app, const char *title, int severity,
			 const char *product, long long *id);

/*
 * Resolve the incident a command names: arg is a decimal id, or NULL
 * for "the only active incident" (CALM_USAGE when there are none or
 * several, naming how to choose).  CALM_NOTFOUND for an unknown id.
 */
enum calm_rc app_resolve(struct app *app, const char *arg, long long *id);

/*
 * Append a note of len bytes: any bytes at all (invalid UTF-8, NUL,
 * CR and other controls are kept exactly, store.h), refused only when
 * blank or longer than APP_MAX_TEXT ("note is N bytes: the limit is
 * ..."), and masked by the secret filter (secret.h) before it is
 * stored.
 */
enum calm_rc app_note(struct app *app, long long id, const char *text,
		      size_t len, long long *event_id);

/* As app_note, about an earlier moment: a backfilled note that views
 * show at occurred_ms (not in the future). */
enum calm_rc app_backfill(struct app *app, long long id, const char *text,
			  size_t len, long long occurred_ms,
			  long long *event_id);

/* ==== capture: corrections, milestones, commands, shells, imports ==== */

/* The incident event belongs to; CALM_NOTFOUND "no event E". */
enum calm_rc app_event_incident(struct app *app, long long event, long long *id);

/*
 * Correct a note, a command run or a shell command: an "amend" event
 * with the new text (any bytes, masked) and data {event}; views show the
 * newest text and keep the history.  CALM_USAGE for an event of another
 * kind or one already struck; nothing is rewritten.
 */
enum calm_rc app_amend(struct app *app, long long event, const char *text,
		       size_t len);

/* Strike one out, with a reason: a "strike" event with data {event}. */
enum calm_rc app_strike(struct app *app, long long event, const char *reason);

/*
 * Set milestone ms (milestone.h) of incident id to at_ms: its field is
 * set and a "field" event records it, at at_ms when backfilled (the
 * moment was given) so views show it where it happened.  `calm set` of
 * the same field sets the same datum (as an ordinary field edit).
 */
enum calm_rc app_mark(struct app *app, long long id, int milestone,
		      long long at_ms, bool backfilled);

/* A command that ran (calm run), to record. */
struct app_run {
	char *const *argv;          /* the command, NULL-terminated */
	const char *cwd, *host;
	long long start_ms, duration_ms;
	int status;                 /* exit status, or -1 when killed */
	int signal;                 /* the signal that killed it, 0 if none */
	const char *tail;           /* the last lines of its output (any bytes) */
	size_t tail_len;
	long long out_bytes;        /* bytes it wrote in all */
	int lines;                  /* lines in tail */
	bool cut;                   /* output came before the tail */
};

/*
 * Record a command run: a "run" event whose text is "$ CMD  [exit 3,
 * 1.2 s]", then (when it wrote anything) a newline and the output's
 * tail, masked; data {cmd, cwd,
 * host, start, duration_ms, exit | signal, output_offset (where the
 * tail starts in the text's bytes), output_bytes, lines}.
 */
enum calm_rc app_run_record(struct app *app, long long id,
			    const struct app_run *r, long long *event_id);

/* One command line from a watched shell (the hook's record). */
struct app_shell {
	const char *line;           /* the command line as typed */
	const char *shell, *cwd, *host;
	const char *src;            /* the shell's identity: host:pid:start */
	long long seq;              /* its number in that shell, from 1 */
	long long start_ms, duration_ms;
	int status;
};

/*
 * Record a shell command as a "shell" event "$ LINE  [exit 1, 0.3 s]"
 * (masked).  Skipped (CALM_OK, *recorded false): a line that starts
 * with a space or holds "calm-skip", calm's own commands that write
 * their own entry (calm watch, run, log, amend, strike, mark, import),
 * and a record
 * whose seq is not newer than the last recorded from src (a record
 * handed over twice).
 */
enum calm_rc app_shell_record(struct app *app, long long id,
			      const struct app_shell *r, bool *recorded);

/* Record that a shell starts (on) or stops being recorded. */
enum calm_rc app_watch(struct app *app, long long id, bool on,
		       const char *shell, const char *host, long pid);

/* Entries read from a file (import.h), imported by app_import. */
struct import_list;

/* Formats calm import reads. */
enum app_import_format { APP_IMPORT_CSV, APP_IMPORT_MD, APP_IMPORT_SLACK };

/*
 * Read path in format fmt (-1: guess from the path: a directory is a
 * Slack export, *.csv CSV, *.md / *.markdown / *.txt Markdown) into
 * *out.  day_ms: midnight UTC of a Markdown list's first item (0: the
 * incident's declared day).  Errors: CALM_DATA "path:line: message",
 * CALM_IO for a file that cannot be read, CALM_USAGE when the format
 * cannot be guessed.
 */
enum calm_rc app_import_read(struct app *app, long long id, const char *path,
			     int fmt, long long day_ms,
			     struct import_list *out);

/*
 * Import entries into incident id in one transaction: each a
 * backfilled note at its moment, by its author, masked, with data
 * {import: file name, line, by: the importing author}.  An entry the
 * incident already holds (same moment, author and bytes, counted with
 * repeats) is skipped, so importing a file twice adds nothing.
 * *added and *skipped count them.  Nothing is written on any error.
 */
enum calm_rc app_import(struct app *app, long long id,
			const struct import_list *l, long long *added,
			long long *skipped);

/* Read a whole file (at most 64 MiB) into *text (malloc'd, NUL-terminated)
 * and *len; CALM_IO "cannot read 'PATH': why". */
enum calm_rc app_read_file(struct app *app, const char *path, char **text,
			   size_t *len);

/* Parse "csv", "md"/"markdown", "slack"; -1 when none. */
int app_import_format_parse(const char *name);

/* Tick (checked) or untick a checklist item by id. */
enum calm_rc app_check(struct app *app, long long id, const char *item,
		       bool checked);

/* Set a field (field.h names; "title" and "severity" change the
 * incident itself); an empty value clears a text field.  A time is
 * read by when_parse() (now, 21:48, 2026-02-01 14:05) against the
 * app's clock.  *stored (may be NULL) receives the value as stored
 * (malloc'd; a time as RFC 3339 UTC), so a face can show it back. */
enum calm_rc app_set_field(struct app *app, long long id, const char *name,
			   const char *value, char **stored);

/*
 * Evaluate the gate of the incident's current stage into *report
 * (gate_report_release it).  Reads only.
 */
enum calm_rc app_gate(struct app *app, long long id,
		      struct gate_report *report);

/*
 * Advance to the next stage (closing the incident after the last one).
 * reason NULL: only when the gate is met (else CALM_GATE, with the
 * unmet criteria in *report).  reason given: an override, recorded with
 * the unmet criteria.  *report (may be NULL) receives the gate as it
 * was; *mv (may be NULL) the move made.
 *
 * from (NULL: whatever it is) is the stage the person saw: when someone
 * else moved the incident on first (two people pressing advance at
 * once), nothing moves and CALM_GATE says who and where to ("bob moved
 * incident 1 to stage 3/8 Communicate internally at 10:02:03, before
 * yours"; report left empty), and a reason given is kept as a note.
 */
enum calm_rc app_advance(struct app *app, long long id, const char *from,
			 const char *reason, struct gate_report *report,
			 struct stage_move *mv);

/*
 * Record that the person read the calm prompt of the incident's current
 * stage and began it ("began stage 3/8 Communicate internally").  When
 * the newest stage event already says so (a console reopened, or a
 * pairing partner began it), nothing is recorded.
 */
enum calm_rc app_stage_begun(struct app *app, long long id);

/* Go back one stage (recorded); from as for app_advance. */
enum calm_rc app_back(struct app *app, long long id, const char *from,
		      struct stage_move *mv);

/* ==== comms, fix attempts, action items, the postmortem ====
 *
 * Drafts keep every saved revision (store.h); the current draft of an
 * audience is its newest revision while unsent.  Sending is three
 * steps, and the write lock is never held while a channel runs:
 *   1. checks, read only: the incident is active, there is an unsent
 *      draft, a resolution update has 'outstanding' and 'data-lost'
 *      set and no "not stated yet" marker left, and the blame check
 *      finds nothing (or the person confirmed);
 *   2. the channel runs (channel.h);
 *   3. one transaction: on success the revision is marked sent and the
 *      timeline says "internal update sent via file:/x (rev 3)"; on
 *      failure nothing is marked sent and the timeline says "internal
 *      update not sent: <why>", and CALM_IO is returned.
 */

/* Marker a draft shows for an unset outstanding / data-lost field; a
 * resolution update containing it is not sent. */
#define APP_NOT_STATED "not stated yet"

/* Options and results of app_send(). */
struct app_send {
	/* in */
	bool confirmed;                        /* send despite blame words */
	bool allow_missing;                    /* send a text that still holds markers */
	const struct config_channel *channel;  /* where to deliver; NULL: mark sent
						  without delivering ("manual") */
	const char *const *names;              /* people's names for the blame check, or NULL */
	/* for a clipboard channel: writes the OSC 52 sequence to the
	 * terminal; CALM_OK when written.  NULL: the clipboard fails. */
	enum calm_rc (*emit)(const char *seq, size_t len, void *ctx);
	void *emit_ctx;
	/* out */
	int revision;                 /* the revision sent (or refused) */
	struct blame_result blame;    /* hits when refused for blame (CALM_GATE) */
	char *text;                   /* the text checked, malloc'd (offsets of blame point here) */
	struct channel_result res;    /* what the channel did */
};

/* Free what s owns (blame hits, text, channel result). */
void app_send_release(struct app_send *s);

/*
 * The audience's template rendered from the incident into *text
 * (malloc'd).  Unset fields show as visible markers ("[impact: not
 * set]", "[data lost: not stated yet - say 'none' if none]"), never as
 * blanks.  CALM_CONFIG when the playbook has no template for it.
 */
enum calm_rc app_draft_render(struct app *app, long long id, int audience,
			      char **text);

/*
 * The current draft: the newest revision when it is unsent (*rev its
 * number), else the template rendered afresh (*rev = 0).  *text malloc'd.
 */
enum calm_rc app_draft_current(struct app *app, long long id, int audience,
			       char **text, int *rev);

/*
 * Save text as a new revision ("draft saved (internal, rev 3)" in the
 * timeline).  Text equal to the current unsent revision saves nothing
 * and returns its number (autosave may call this freely).
 */
enum calm_rc app_draft_save(struct app *app, long long id, int audience,
			    const char *text, size_t len, int *rev);

/*
 * Send the current draft of audience (see the steps above).
 * CALM_GATE: no unsent draft, resolution facts missing, a fact's marker
 * left in the text ("the external update still has facts not filled in:
 * [product: not set]") unless s->allow_missing, or blame words
 * found (s->blame.n > 0, message "blame words in the internal update:
 * 'x', 'y'"); CALM_IO: the channel failed (recorded).
 */
enum calm_rc app_send(struct app *app, long long id, int audience,
		      struct app_send *s);

/*
 * When the next update for audience is due under cadence (minutes;
 * <= 0: none): the last one sent (or the declaration) plus cadence.
 * *due_ms is 0 when there is no cadence.
 */
enum calm_rc app_update_due(struct app *app, long long id, int audience,
			    int minutes, long long *due_ms);

/* Log a fix attempt (why may be NULL or ""); *n its number. */
enum calm_rc app_fix_add(struct app *app, long long id, const char *what,
			 const char *why, long long *n);

/* Record attempt n's outcome: worked, failed, partial or rolled-back;
 * note may be NULL. */
enum calm_rc app_fix_outcome(struct app *app, long long id, long long n,
			     const char *outcome, const char *note);

/* Declare that no fix is possible, with what was lost: also sets the
 * data-lost field.  Satisfies the fix gate. */
enum calm_rc app_no_fix(struct app *app, long long id, const char *lost);

/* Save the latest fix attempt as a new internal draft revision ("keep
 * the team updated"); *rev its number. */
enum calm_rc app_fix_post_draft(struct app *app, long long id, int *rev);

/* Add an action item.  category: technical, training, policy, other or
 * NULL; due: YYYY-MM-DD or NULL; owner may be NULL. */
enum calm_rc app_action_add(struct app *app, long long id, const char *title,
			    const char *owner, const char *category,
			    const char *due, long long *n);

/* Change one field of item n: title, owner, category or due ("" clears
 * all but title). */
enum calm_rc app_action_edit(struct app *app, long long id, long long n,
			     const char *field, const char *value);

/* Set item n's status: open, done or dropped. */
enum calm_rc app_action_status(struct app *app, long long id, long long n,
			       const char *status);

/* Export formats. */
enum app_export_format {
	APP_EXPORT_MD,   /* the playbook's postmortem template, Markdown-escaped */
	APP_EXPORT_JSON, /* the data: store_postmortem_json() */
	APP_EXPORT_CSV,  /* the timeline: time,author,text (calm import reads it) */
	APP_EXPORT_HTML, /* one self-contained page: the document and its SVG picture */
};

enum app_export_flags {
	APP_EXPORT_ALLOW_MISSING = 1 << 0, /* export a text that still holds markers */
};

/* Parse "md" / "json" / "csv" / "html"; -1 when none. */
int app_export_format_parse(const char *name);

/* Where an export goes, a piece at a time: n bytes at s; a code other
 * than CALM_OK (its message in app->err) stops the export. */
typedef enum calm_rc (*app_write_fn)(const char *s, size_t n, void *ctx);

/*
 * Write incident id's export in fmt to write, a piece at a time, in one
 * read snapshot: memory stays flat however long the timeline (a page of
 * events and the text made from it at a time).  Reads only; records
 * nothing.  Markdown and HTML are the record as of the incident's
 * newest event, ending with the visible line "Record: incident I, N
 * events up to event E, chain head HASH, database ID, sealed by ... |
 * not sealed" that `calm verify FILE` reads back; JSON is the data
 * (store_postmortem_json); CSV the timeline (csv.c).
 */
enum calm_rc app_export_write(struct app *app, long long id, enum app_export_format fmt,
			      app_write_fn write, void *ctx);

/* app_export_write into *out (malloc'd, *len bytes: CSV may hold any
 * byte): for a text that is shown, not kept (the console's preview). */
enum calm_rc app_export_render(struct app *app, long long id,
			       enum app_export_format fmt, char **out,
			       size_t *len);

/* app_export_render of Markdown or HTML, NUL-terminated. */
enum calm_rc app_postmortem_render(struct app *app, long long id,
				   enum app_export_format fmt, char **out);

/*
 * Record an export made to path (NULL: stdout) in the exports table and
 * the timeline (the last gate).  A closed incident, or a database opened
 * read-only (calm review), is not written to: CALM_OK, nothing
 * recorded; nor is a CSV timeline, which is not the postmortem.
 */
enum calm_rc app_export_record(struct app *app, long long id,
			       enum app_export_format fmt, const char *path);

/*
 * The markers of facts not filled in (template.h) that incident id's
 * export in fmt would hold, known before any of it is written:
 * *markers NULL-terminated (app_markers_free it) and CALM_GATE "the
 * postmortem still has facts not filled in: [cause: not set], ...";
 * CALM_OK and NULL when none (JSON and CSV have none).
 */
enum calm_rc app_export_markers(struct app *app, long long id,
				enum app_export_format fmt, char ***markers);
void app_markers_free(char **markers);

/*
 * Write the export to path atomically (a temporary file beside it,
 * written a piece at a time, fsync, rename, fsync of the directory),
 * then record it.  A text with markers is refused (app_export_markers)
 * unless flags has APP_EXPORT_ALLOW_MISSING.  The file is written
 * before the record is committed: when recording fails the file exists
 * and the error says so.
 */
enum calm_rc app_export(struct app *app, long long id,
			enum app_export_format fmt, const char *path, unsigned flags);

/*
 * Write len bytes of data to path atomically: a temporary file beside
 * it (0600), fsync, rename, fsync of the directory.  On failure the
 * old file (if any) is untouched, the temporary removed, and err says
 * "cannot write 'PATH': why".
 */
enum calm_rc app_write_file(const char *path, const char *data, size_t len,
			    struct calm_err *err);

/* The shape of an incident over time, for a picture of it (the
 * console's strip): the same record the exports draw. */
struct app_shape_stage {
	char title[64];
	long long from_ms, to_ms;
};

struct app_shape_fix {
	long long n;
	long long from_ms, to_ms;  /* to_ms: its outcome, else the end */
	char outcome;              /* 'w' worked, 'p' partly, 'f' failed or rolled
				      back, 'n' no fix possible, '?' in progress */
};

struct app_shape {
	long long from_ms, to_ms;          /* the span to draw */
	long long impact_from_ms, impact_to_ms;
	bool resolved;                     /* impact_to_ms is resolved-at */
	struct app_shape_stage *stages;    /* in order */
	size_t nstages;
	long long *updates;                /* when each update was sent */
	size_t nupdates;
	struct app_shape_fix *fixes;
	size_t nfixes;
};

/* Fill *out from incident id's record (app_shape_release it). */
enum calm_rc app_postmortem_shape(struct app *app, long long id, struct app_shape *out);
void app_shape_release(struct app_shape *s);

/* ==== seals and verification ==== */

enum app_seal_flags {
	APP_SEAL_PROMPT = 1 << 0, /* ssh-keygen may ask for a passphrase on the
				     terminal; without it only a key usable
				     without one is tried */
};

/* *yes when a seal of incident id signs its chain's head as it stands
 * now (the newest event). */
enum calm_rc app_sealed_head(struct app *app, long long id, bool *yes);

/* What a seal was made with. */
struct app_seal_result {
	long long event, events;  /* the chain head signed */
	char key[512];            /* the key file, or "ssh-agent" */
	char signer[256];         /* "ED25519 SHA256:..." */
};

/*
 * Seal the incident's chain: sign its head (the database's id, the
 * incident, its newest event, the number of events and that event's
 * hash) with an SSH key through `ssh-keygen -Y sign -n calm` and store
 * the signature (seal.c).  key: a private key file, or a .pub whose key
 * ssh-agent holds; NULL: the agent's first key, else ~/.ssh/id_ed25519.
 * Closed incidents may be sealed.  CALM_USAGE when there is no key,
 * CALM_GATE when the key needs a passphrase and APP_SEAL_PROMPT is not
 * given, CALM_IO when ssh-keygen fails (its first line of output said).
 */
enum calm_rc app_seal(struct app *app, long long id, const char *key, unsigned flags,
		      struct app_seal_result *res);

/* What checking one seal's signature found. */
enum app_seal_check_result {
	SEAL_GOOD,       /* valid, by a key the allowed-signers file lists */
	SEAL_UNCHECKED,  /* valid for some key; no allowed-signers file to say whose */
	SEAL_BAD,        /* not a signature over this head, or by a key not listed */
	SEAL_NO_TOOL,    /* ssh-keygen is not installed: not checked */
};

struct app_seal_status {
	long long seal;                   /* the seal's id */
	enum app_seal_check_result result;
	char signer[256];                 /* "ED25519 SHA256:..." when readable */
	char principal[128];              /* who the allowed-signers file says it is */
	char why[512];                    /* for anything but SEAL_GOOD */
};

/*
 * Check s's signature over its head (store_verify checked the head
 * against the recomputed chain) with ssh-keygen against the
 * allowed-signers file at allowed (ssh's format; NULL or missing:
 * SEAL_UNCHECKED).  CALM_OK with *out filled; an error only when the
 * check could not run at all.
 */
enum calm_rc app_seal_check(struct app *app, const struct seal *s, const char *allowed,
			    struct app_seal_status *out);

/* What verify found, beyond the chain. */
struct app_verify {
	long long incidents;      /* incidents checked */
	long long events;         /* events in their chains */
	long long rows;           /* table rows recomputed from the events */
	long long seals_good;     /* seals whose signer the allowed-signers file lists */
	long long seals_unchecked;/* seals valid, signer not checked (said in notes) */
	char **diffs;             /* one line per row that differs, NULL-terminated */
	char **notes;             /* what was not checked, and why; NULL-terminated */
	size_t ndiffs, nnotes;
};

/*
 * Verify incident id (0: every incident) in one read transaction: the
 * hash chain and the seals' heads (store_verify), then every table kept
 * beside the timeline (the incident row, fields, checklist, roles,
 * draft revisions, fix attempts, action items, exports) recomputed from
 * the events and compared row by row (each difference a line in
 * out->diffs), then each seal's signature (app_seal_check, allowed as
 * there).  CALM_OK when all holds; CALM_DATA with the chain's message,
 * or "incident I: N rows differ from the timeline (changed behind calm's
 * back)", or "incident I: seal S: why".  *out is filled either way
 * (app_verify_release it).
 */
/*
 * Copy incident id, with its whole timeline, to the store at `to` (a
 * server's URI or a file) as an incident of its own there: its number
 * there into *new_id.  Verified there before it is committed; an
 * incident already there (the same uuid) is not copied again (CALM_DATA,
 * *new_id its number there); a read-only copy is not pushed
 * (CALM_CLOSED); an unreachable server is CALM_OFFLINE.
 */
enum calm_rc app_push(struct app *app, long long id, const char *to, long long *new_id);

/*
 * Copy incident id of the store at `from` into the open database as a
 * read-only copy (every write to it is refused with CALM_CLOSED), its
 * number here into *local_id; the same checks as app_push.
 */
enum calm_rc app_pull(struct app *app, const char *from, long long id, long long *local_id);

enum calm_rc app_verify(struct app *app, long long id, const char *allowed,
			struct app_verify *out);
void app_verify_release(struct app_verify *v);

/* What checking an exported postmortem found (app_verify_file). */
struct app_verify_file {
	const char *path;
	enum app_export_format fmt;  /* md, json or html, read from the text */
	long long id, events, event; /* the record it names */
	long long checked;           /* lines (JSON: events and fields) checked */
	char **problems;             /* "FILE:LINE: changed: the record says '...'",
					"FILE:LINE: missing: '...'"; NULL-terminated */
	size_t nproblems;
	char **after;                /* events written after the export, one line each */
	size_t nafter;
};

/*
 * Check an export (Markdown, HTML or JSON, told apart by its text)
 * against the database: its chain head (the Record line, or JSON's
 * chain) must be the record's at the event it names, and every line
 * the export made from the record must be in the file, in order (JSON:
 * every event, the title, severity and fields); what people added
 * around them is not looked at.  CALM_OK when all holds; CALM_DATA
 * "FILE: N lines the export made from the record are changed or
 * missing" with out->problems naming each, or when the chain head does
 * not match, the export comes from another database or has no Record
 * line.  *out is filled either way (app_verify_file_release it).
 */
enum calm_rc app_verify_file(struct app *app, const char *path, struct app_verify_file *out);
void app_verify_file_release(struct app_verify_file *v);

/* ==== roles, time travel, summary, stats ==== */

/*
 * The incident as it was just after event (0: after the newest event),
 * rebuilt from its events 1..event (replay.h).  *out is initialised
 * here; replay_release() it.  CALM_NOTFOUND when event is not one of the
 * incident's ("incident 3 has no event 99").  Reads only.
 */
struct replay_state;
enum calm_rc app_replay(struct app *app, long long id, long long event,
			struct replay_state *out);

/* A replayed state as one JSON object (malloc'd): incident, at (event
 * id), ts, title, severity, stage, begun, status, closed, notes,
 * overrides, exports, checked [item ids ticked], fields {}, drafts
 * {audience: {revision, id, sent_revision, channel}}, fixes [{n, what,
 * why, outcome, note}], actions [{n, title, owner, category, due,
 * status}], roles {role: person}. */
char *app_replay_json(long long id, const struct replay_state *s);

/* One stage the incident reached, first time only. */
struct app_stage_time {
	char *stage;          /* stage id */
	long long entered_ms; /* first entered (the first stage: declared) */
};

/* One person who wrote to the timeline. */
struct app_person {
	char *name;
	long long events;     /* events they authored */
	char **roles;         /* role ids they held at any time, NULL-terminated */
};

/* What a past incident's review shows: from the events that change what
 * it is and from indexes (authors, damaged events), never a walk of
 * every event. */
struct app_summary {
	long long id;
	char *title;
	int severity;
	bool closed;
	long long declared_ms, closed_ms;    /* closed_ms 0 while active */
	struct app_stage_time *stages;       /* in the order first reached */
	size_t nstages;
	long long first_update_ms[AUD_COUNT];/* first update sent, 0 if none */
	long long updates_sent[AUD_COUNT];
	long long impact_start_ms, resolved_ms; /* from the fields, 0 if unset */
	long long downtime_ms;               /* time to resolve (milestone.h); -1 unknown */
	long long detect_ms, mitigate_ms;    /* times to detect and mitigate; -1 unknown */
	struct app_person *people;           /* by first appearance */
	size_t npeople;
	long long overrides;                 /* gates overridden */
	char **override_reasons;             /* "stage: reason", NULL-terminated */
	long long notes, fixes, actions, events;
	long long damaged, first_damaged;    /* damaged events skipped (store.h),
						the first one's id */
	char *incident_damaged;              /* why the incident row is not
						sound, NULL when it is */
};

enum calm_rc app_summary(struct app *app, long long id, struct app_summary *out);
void app_summary_release(struct app_summary *s);

/* The summary as one JSON object (malloc'd): id, title, severity,
 * status, declared, closed, stages [{stage, entered, after_s}],
 * first_update {internal, external, resolution} (RFC 3339 or null),
 * updates_sent {...}, impact_start, resolved, downtime_s,
 * time_to_detect_s, time_to_mitigate_s (null if unknown), people [{name,
 * events, roles []}], overrides, override_reasons [], notes, fixes,
 * actions, events, damaged_events. */
char *app_summary_json(const struct app_summary *s);

/* Across incidents: counts, and the milestone durations' medians. */
/* One month's medians (the UTC month of an incident's start by the
 * rule: impact-start, else the declaration). */
struct app_month {
	char month[12];             /* "2026-02" */
	long long median_ms[3];     /* as in app_stats, -1 when none */
	long long known[3];
};

struct app_stats {
	struct incident_stats s;    /* counts, overdue actions */
	long long median_ms[3];     /* detect, mitigate, resolve (milestone.h);
				       -1 when no incident has it */
	long long known[3];         /* incidents each median is over */
	struct app_month *months;   /* every month from the first to the last
				       with a duration known, in order (gaps
				       included, with nothing known) */
	size_t nmonths;
};

/* Fill *out (app_stats_release it); today's date (YYYY-MM-DD, UTC)
 * from app's clock. */
enum calm_rc app_stats(struct app *app, struct app_stats *out, char today[ACTION_DAY_LEN + 1]);
void app_stats_release(struct app_stats *s);

#endif
