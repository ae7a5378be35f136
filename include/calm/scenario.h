/*
 * scenario.h - what a drill replays: observations that arrive in time,
 * and what the system does when a fix is tried.
 *
 * A scenario comes from a past incident's events (scenario_from_events,
 * here) or from a tabletop file (config_load_scenario, in config.h).
 * A trainee works the routine on a drill incident of their own; the
 * scenario feeds it:
 *   - observations: what was seen, each at an offset from the drill's
 *     start, delivered in order once the drill clock passes it
 *     (scenario_due; the clock is drill.h's);
 *   - fixes: what the system does (worked, partial, failed, rolled
 *     back, and a note) when the trainee logs a fix attempt that
 *     matches one (scenario_match);
 *   - the original's figures, kept back for the score at the end.
 * It never holds the original's updates, cause, fix field or anything
 * else that would give the answer away (the filter below).
 *
 * Invariants (either source): every string is valid UTF-8, non-empty
 * and owned by the scenario; obs is sorted by at_ms (ties keep their
 * order), every at_ms >= 0; severity is 1..4.  Free with scenario_free.
 * A file's texts hold no terminal controls (the loader refuses them);
 * an incident's are as the store keeps them, so like every text they
 * pass the sanitiser (text.h) on the way to a terminal.
 */
#ifndef CALM_SCENARIO_H
#define CALM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/buf.h"
#include "calm/playbook.h"
#include "calm/rc.h"
#include "calm/replay.h"

/* What the system does when a fix is tried; named as the app's fix
 * outcomes are ("worked", "partial", "failed", "rolled-back"). */
enum scenario_outcome {
	SC_WORKED,
	SC_PARTIAL,
	SC_FAILED,
	SC_ROLLED_BACK,
	SC_OUTCOME_COUNT
};

/* One thing seen. */
struct scenario_obs {
	long long at_ms; /* offset from the drill's start, >= 0 */
	char *author;    /* who saw it */
	char *text;      /* what was seen; may hold newlines */
};

/* One fix attempt the system answers to. */
struct scenario_fix {
	char *what;                    /* the attempt as it was logged */
	char **also;                   /* other wordings that match, NULL-terminated or NULL */
	enum scenario_outcome outcome; /* what came of it */
	char *note;                    /* what the system does, shown as it happens;
					  NULL when the original noted nothing */
	long long at_ms;               /* when the original logged it, -1 for a file's */
};

struct scenario {
	char *title;    /* the premise: the original's title as first declared */
	int severity;   /* 1 (worst) .. 4 */
	char *product;  /* NULL when none */
	char *source;   /* where it came from: a path, or what the caller set */
	struct scenario_obs *obs;   /* by at_ms */
	size_t nobs;
	struct scenario_fix *fixes; /* in the order they were logged or written */
	size_t nfixes;
	/* The original's figures, shown only in the score; -1 when it never
	 * did it, or when there is no original. */
	bool from_incident;          /* built from a past incident: these are its */
	long long orig_first_sent_ms[AUD_COUNT]; /* its first update sent, per audience */
	long long orig_fix_ms;       /* when a fix first worked */
	long long orig_attempts;     /* attempts logged before that fix */
};

void scenario_free(struct scenario *sc);

/* The app's word for an outcome ("rolled-back"), or NULL out of range. */
const char *scenario_outcome_name(int outcome);
/* Back from the word; -1 when unknown. */
int scenario_outcome_parse(const char *name);

/*
 * Observations due by drill time drill_ms, counting from index next:
 * returns the index past the last one due, so obs[next .. returned) are
 * to be delivered now, in order, and the returned index is the next
 * call's next.  Never less than next.
 */
size_t scenario_due(const struct scenario *sc, size_t next, long long drill_ms);

/*
 * The matching rule, one for scenarios from files and from incidents.
 * Text is cut into words: runs of ASCII letters and digits and of
 * other characters (so "é" is part of a word), ASCII letters
 * lowercased; ASCII punctuation and spaces, the Unicode punctuation
 * blocks (U+00A0-U+00BF, U+2000-U+206F: typographic quotes and dashes,
 * no-break spaces; U+3000-U+303F) and invalid UTF-8 separate.  The stop words a, an, and,
 * at, for, in, is, it, of, on, or, the, to, with are dropped, and a
 * word counted once.  A wording W matches an attempt A when they share
 * at least one word and either every word of W is in A, or at least two
 * are and they make at least half of W's words.  scenario_match()
 * returns the fix with a wording that has the largest share of its
 * words in A (ties: more shared words, then the earlier fix), or -1
 * when none matches.  So "rollback deploy 42" matches "Roll back deploy
 * #42" (deploy, 42: two of four), "restart api" does not match
 * "restart the checkout database" (one word of three).
 */
int scenario_match(const struct scenario *sc, const char *attempt);

/* The words of text as the rule sees them, space-separated, into out
 * (appended); for a loader's duplicate check and for help texts. */
void scenario_words(struct buf *out, const char *text);

/* ---- from a past incident ---- */

/* One event of the original, as the store read it. */
struct scenario_event {
	long long id;          /* ascending in written order */
	long long ts_ms;       /* when it was written, UTC ms */
	long long occurred_ms; /* when it happened (a backfilled note); 0: ts_ms */
	const char *author;
	const char *kind;      /* "declare", "note", "fix", "sent", ... */
	const char *text;      /* the whole text (a note's words); may be NULL */
	const struct replay_kv *kv; /* the data, in any order */
	size_t nkv;
	bool damaged;          /* the row is not sound: skipped */
};

/*
 * Build a scenario from an incident's events, given in written order.
 * The filter, precisely:
 *  - title, severity and product are the declare event's, never a
 *    later edit (a title renamed once the cause was known tells it);
 *  - observations are the `note` events only, at the time each
 *    happened minus the declaration's (earlier ones at 0), with the
 *    text of its newest `amend` written before the cutoff; the cutoff
 *    is the first fix outcome "worked" or "no fix possible": what is
 *    written from then on is written knowing the answer.  Dropped are:
 *    struck notes (`strike`), notes written (or happening) at or after
 *    the cutoff, and notes holding, as words (scenario_words), every
 *    word of the final `cause` or `fix` field or of an attempt that
 *    worked or partly worked;
 *  - fixes are the `fix` attempts that got an outcome (worked, partial,
 *    failed, rolled-back), with their last outcome and its note; the
 *    attempt's why is dropped, and so are attempts with no outcome;
 *  - kept back for the score: the first `sent` per audience, the first
 *    worked outcome and the number of attempts logged before the one
 *    that worked;
 *  - everything else is never read: updates (draft, sent text), fields
 *    (cause, fix, impact, data-lost, outstanding...), checks, stages,
 *    actions, exports, roles, commands (run, shell, watch: a command
 *    shows what was tried), damaged events and unknown kinds.
 * source names the original ("incident 12") in sc->source.  CALM_OK
 * with *out set; CALM_DATA "the incident has no declaration to start a
 * drill from" when there is no sound declare event with a title and a
 * severity 1-4 (*out is then NULL).
 */
enum calm_rc scenario_from_events(const struct scenario_event *ev, size_t n,
				  const char *source, struct scenario **out,
				  struct calm_err *err);

#endif
