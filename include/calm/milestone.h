/*
 * milestone.h - the four moments of an incident and the durations
 * measured between them, one rule for stats, review and the postmortem.
 *
 *   detected   when someone noticed          field detected-at
 *   started    when the impact began         field impact-start
 *   mitigated  when the impact was contained field mitigated-at
 *   resolved   when the impact ended         field resolved-at
 *
 * Each is an ordinary time field, so `calm set ID impact-start T` and
 * `calm mark ID started T` set the same datum.
 *
 * The rule (MILESTONE_RULE, stated in `calm stats --help` and the
 * README): the start is impact-start, else the declaration; detected is
 * detected-at, else the declaration; resolved is resolved-at, else the
 * close of a closed incident.  Time to detect = detected - start, known
 * only when impact-start is set; time to mitigate = mitigated-at -
 * start; time to resolve = resolved - start.  A moment not known, or a
 * negative difference, leaves that duration unknown (-1).
 */
#ifndef CALM_MILESTONE_H
#define CALM_MILESTONE_H

enum milestone { MS_DETECTED, MS_STARTED, MS_MITIGATED, MS_RESOLVED, MS_COUNT };

struct milestone_def {
	const char *name;   /* as typed: "detected" */
	const char *field;  /* the field holding it: "detected-at" */
	const char *words;  /* for the timeline: "impact detected" */
};

extern const struct milestone_def milestone_defs[MS_COUNT];

/* The rule in words, for help texts. */
#define MILESTONE_RULE \
	"Durations are measured from the start of the impact (impact-start, else\n" \
	"the declaration): time to detect ends at detected-at (else the\n" \
	"declaration) and is known only when impact-start is set; time to\n" \
	"mitigate ends at mitigated-at; time to resolve ends at resolved-at (else\n" \
	"the close of a closed incident).  A moment not set, or a negative\n" \
	"difference, leaves that duration unknown; medians count the incidents\n" \
	"where it is known.\n"

/* The milestone named name, or -1. */
int milestone_parse(const char *name);

/* The milestone whose field is field, or -1. */
int milestone_of_field(const char *field);

/* The moments of one incident, UTC ms; 0 when not set. */
struct milestone_times {
	long long at[MS_COUNT];
	long long declared_ms;
	long long closed_ms;     /* 0 while active */
};

/* Durations in ms, -1 when unknown. */
struct milestone_durations {
	long long detect_ms, mitigate_ms, resolve_ms;
};

/* Apply the rule. */
void milestone_durations(const struct milestone_times *t,
			 struct milestone_durations *out);

#endif
