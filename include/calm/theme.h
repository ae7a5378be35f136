/*
 * theme.h - the colour roles of the console, by name.
 *
 * Draw code asks for a role (ROLE_TITLE, ROLE_GATE_UNMET...) and never
 * for a colour; a theme (a YAML file in themes/) maps each role to colours and
 * attributes.  The list lives here, in core, so the theme loader
 * (src/config) and the console (src/tui) agree on the names.
 *
 * To add a role: one line here (enum name, YAML name, what it colours),
 * then a default in src/tui/theme.c (a static assert catches a missing
 * one) and, where it matters, a line in the shipped themes.
 */
#ifndef CALM_THEME_H
#define CALM_THEME_H

/* X(enum, YAML name, what it colours) */
#define THEME_ROLES(X)                                                          \
	X(ROLE_NORMAL, "normal", "ordinary text")                             \
	X(ROLE_TITLE, "title", "the title bar")                               \
	X(ROLE_STAGE_DONE, "stage_done", "a stage already left")              \
	X(ROLE_STAGE_CURRENT, "stage_current", "the current stage")           \
	X(ROLE_STAGE_AHEAD, "stage_ahead", "a stage not reached yet")         \
	X(ROLE_GATE_MET, "gate_met", "a gate criterion that holds")           \
	X(ROLE_GATE_UNMET, "gate_unmet", "a gate criterion that does not")    \
	X(ROLE_PROMPT, "prompt", "the calm prompt and other boxes")           \
	X(ROLE_SELECTION, "selection", "the selected line")                   \
	X(ROLE_STATUS, "status", "the status and key lines")                  \
	X(ROLE_WARNING, "warning", "errors, refusals, blame warnings")        \
	X(ROLE_READONLY, "readonly", "the read-only badge")                   \
	X(ROLE_DIM, "dim", "secondary text: times, authors")                  \
	X(ROLE_HEADING, "heading", "pane headings")                           \
	X(ROLE_BORDER, "border", "separators and box borders")                \
	X(ROLE_HELP, "help", "the help overlay")                              \
	X(ROLE_KIND_NOTE, "kind_note", "timeline: notes")                     \
	X(ROLE_KIND_STAGE, "kind_stage", "timeline: stage moves")             \
	X(ROLE_KIND_CHECK, "kind_check", "timeline: checklist ticks")         \
	X(ROLE_KIND_COMMS, "kind_comms", "timeline: drafts and updates")      \
	X(ROLE_KIND_FIX, "kind_fix", "timeline: fix attempts")                \
	X(ROLE_KIND_ACTION, "kind_action", "timeline: action items")          \
	X(ROLE_KIND_SYSTEM, "kind_system", "timeline: declared, fields, exports")

enum theme_role {
#define THEME_ROLE_ENUM(e, name, help) e,
	THEME_ROLES(THEME_ROLE_ENUM)
#undef THEME_ROLE_ENUM
	ROLE_COUNT
};

/* The YAML name of a role, or NULL when out of range. */
const char *theme_role_name(enum theme_role role);

/* The role with this YAML name, or -1. */
int theme_role_parse(const char *name);

#endif
