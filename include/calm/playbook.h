/*
 * playbook.h - the routine as data: stages, checklists, gates, templates.
 *
 * A playbook is loaded from YAML by src/config (config_load_playbook)
 * and only read afterwards.  The core uses it to check gates and move
 * between stages; the console uses it for titles, guidance and panes.
 *
 * Invariants after a successful load:
 *  - nstages >= 1; stage ids are unique and non-empty;
 *  - checklist item ids are unique across the whole playbook;
 *  - every criterion's kind is known and its argument valid
 *    (n >= 1 for counts, a known audience for comms, a known field);
 *  - every string is NUL-terminated, valid UTF-8 and owned by the
 *    playbook (freed by playbook_free);
 *  - templates use only placeholders known to template.h;
 *  - nroles >= 1, role ids unique and [a-z0-9-]+;
 *  - a scoring sentence, when there is one, is one non-empty line.
 */
#ifndef CALM_PLAYBOOK_H
#define CALM_PLAYBOOK_H

#include <stdbool.h>
#include <stddef.h>

/* The closed set of gate criteria.  YAML key in the comment. */
enum crit_kind {
	CRIT_CHECKLIST,   /* checklist_complete: true   all required items of the stage ticked */
	CRIT_MIN_NOTES,   /* min_notes: N               at least N notes in the timeline */
	CRIT_COMMS_SENT,  /* comms_sent: AUDIENCE       an update for AUDIENCE marked sent */
	CRIT_FIX_OUTCOME, /* fix_outcome: true          a fix that worked (or partly), or "no fix possible" */
	CRIT_MIN_ACTIONS, /* min_actions: N             at least N action items */
	CRIT_FIELD_SET,   /* field_set: FIELD           incident field FIELD is not empty */
	CRIT_EXPORTED,    /* exported: true             the postmortem has been exported */
	CRIT_FACTS_FOR,   /* facts_for: TEXT            the fields the AUDIENCE update's (or the
						    postmortem's) template uses are set */
	CRIT_KIND_COUNT
};

/* The audiences an update can be written for. */
enum audience {
	AUD_INTERNAL,   /* the team and someone senior */
	AUD_EXTERNAL,   /* the rest of the company, customers */
	AUD_RESOLUTION, /* "we are back", outstanding issues, data lost */
	AUD_COUNT
};

/* What a drill's score judges (drill.h), each with a sentence of
 * guidance from the playbook's scoring: mapping.  YAML key in the
 * comment. */
enum score_item {
	SCORE_FIRST_INTERNAL, /* first_internal  time to the first internal update */
	SCORE_FIRST_EXTERNAL, /* first_external  time to the first external update */
	SCORE_GATES,          /* gates           gates met or overridden */
	SCORE_BLAME,          /* blame           blame check hits in drafts */
	SCORE_DATA_LOST,      /* data_lost       whether data lost was answered */
	SCORE_OUTSTANDING,    /* outstanding     whether open issues were answered */
	SCORE_FIX_LOG,        /* fix_log         fix attempts logged before the fix */
	SCORE_ITEM_COUNT
};

/* The panes a stage can drive. */
enum pane_kind {
	PANE_CHECKLIST,
	PANE_TIMELINE,
	PANE_COMMS,
	PANE_FIXES,
	PANE_ACTIONS,
	PANE_POSTMORTEM,
	PANE_KIND_COUNT
};

struct criterion {
	enum crit_kind kind;
	int n;         /* CRIT_MIN_NOTES, CRIT_MIN_ACTIONS: the minimum (>= 1) */
	int audience;  /* CRIT_COMMS_SENT: an enum audience; CRIT_FACTS_FOR: one,
			  or AUD_COUNT for the postmortem */
	char *field;   /* CRIT_FIELD_SET: a known field name (see field.h) */
};

struct check_item {
	char *id;      /* unique in the playbook, [a-z0-9-]+ */
	char *text;    /* what to do, one line */
	bool required; /* counts for CRIT_CHECKLIST */
};

struct stage {
	char *id;                 /* unique, [a-z0-9-]+ */
	char *title;              /* short, shown in the stage rail */
	char *guidance;           /* the calm prompt shown before the stage; may hold newlines */
	enum pane_kind pane;      /* the pane this stage drives */
	int audience;             /* PANE_COMMS: which audience, else -1 */
	struct check_item *items; /* the stage's checklist */
	size_t nitems;
	struct criterion *gate;   /* all must hold to leave the stage */
	size_t ngate;
};

/* A role work is delegated to; "incident commander". */
struct role_def {
	char *id;      /* [a-z0-9-]+, unique: "commander" */
	char *title;   /* who holds it: "incident commander" */
	char *duty;    /* what is handed over: "incident command" (the
			  timeline says "alice hands incident command to bob") */
};

/* The roles a playbook without a roles: list has. */
#define PLAYBOOK_DEFAULT_ROLES \
	{ "commander", "incident commander", "incident command" }, \
	{ "communications", "communications", "communications" }, \
	{ "fix-lead", "fix lead", "the fix lead" }, \
	{ "scribe", "scribe", "the scribe's notes" }

struct playbook {
	char *name;                  /* "default" or the file's name: key */
	char *source;                /* where it came from: a path or "built-in" */
	struct stage *stages;
	size_t nstages;
	char *comms[AUD_COUNT];      /* template per audience, NULL if none */
	char *postmortem;            /* postmortem template, NULL if none */
	char **blame;                /* blame: phrases for the blame check,
					NULL-terminated; NULL = built-in list */
	char **secrets;              /* secrets: patterns masked before anything
					is stored, added to the built-in ones
					(secret.h), NULL-terminated or NULL */
	struct role_def *roles;      /* roles: at least one (the defaults
					when the file has no roles: list) */
	size_t nroles;
	char *scoring[SCORE_ITEM_COUNT]; /* scoring: one line of guidance per
					    score item, NULL when the file has
					    none (config_default_scoring() fills
					    them from the built-in playbook) */
};

/* Free everything the playbook owns, then the playbook.  NULL is fine. */
void playbook_free(struct playbook *pb);

/* A deep copy of pb that owns all it points to (playbook_free frees it). */
struct playbook *playbook_dup(const struct playbook *pb);

/* Index of the stage with this id, or -1. */
int playbook_stage_index(const struct playbook *pb, const char *id);

/* The item with this id anywhere in the playbook, or NULL; *stage is
 * set to its stage's index when stage is not NULL. */
const struct check_item *playbook_find_item(const struct playbook *pb,
					    const char *id, int *stage);

/* The role with this id, or NULL. */
const struct role_def *playbook_find_role(const struct playbook *pb,
					  const char *id);

/* Give pb the default roles when it has none (the loader calls it). */
void playbook_default_roles(struct playbook *pb);

/* Names for the enums, as written in YAML; NULL when out of range. */
const char *crit_kind_name(enum crit_kind kind);
const char *audience_name(int audience);
const char *pane_kind_name(enum pane_kind pane);
const char *score_item_name(int item);

/* Parse a name back; -1 when unknown. */
int crit_kind_parse(const char *name);
int audience_parse(const char *name);
int pane_kind_parse(const char *name);
int score_item_parse(const char *name);

#endif
