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

#include <stdbool.h>
#include <stddef.h>

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

/* What a role colours (for docs and `calm config --roles`), or NULL. */
const char *theme_role_help(enum theme_role role);

/* The role with this YAML name, or -1. */
int theme_role_parse(const char *name);

/* ---- colours (colour.c): pure functions, no terminal ---- */

/*
 * A colour is an int: COLOUR_DEFAULT (the terminal's own, -1), a
 * palette index 0..255 (0-7 the 8 colours, 8-15 their bright forms,
 * 16-231 the 6x6x6 cube, 232-255 greys), or COLOUR_RGB(r, g, b) for
 * true colour.  COLOUR_UNSET marks a value a theme did not give.
 */
#define COLOUR_UNSET (-2)
#define COLOUR_DEFAULT (-1)
#define COLOUR_RGB_FLAG 0x1000000
#define COLOUR_RGB(r, g, b) (COLOUR_RGB_FLAG | ((r) << 16) | ((g) << 8) | (b))
#define COLOUR_IS_RGB(c) ((c) >= 0 && ((c) & COLOUR_RGB_FLAG) != 0)

/* How many colours a terminal shows; DEPTH_MONO is none (NO_COLOR). */
enum colour_depth {
	DEPTH_MONO,  /* attributes only */
	DEPTH_8,     /* the 8 ANSI colours */
	DEPTH_16,    /* and their bright forms */
	DEPTH_256,   /* the xterm 256-colour palette */
	DEPTH_TRUE,  /* 24-bit: terminfo has RGB */
	DEPTH_COUNT
};

/*
 * Parse a colour as a theme writes it: "default", a name (black, red,
 * green, yellow, blue, magenta, cyan, white, and brightblack ...
 * brightwhite), a number 0..255, or "#rrggbb".  Returns false on
 * anything else.
 */
bool colour_parse(const char *s, int *out);

/* Write a colour as colour_parse reads it (>= 16 bytes). */
void colour_format(int colour, char *buf, size_t n);

/* The 24-bit value of a palette index (xterm's defaults), 0xrrggbb. */
unsigned colour_index_rgb(int index);

/*
 * The nearest colour a terminal of depth can show: COLOUR_DEFAULT stays,
 * DEPTH_TRUE keeps RGB and 0-7 and turns indexes >= 8 into RGB (a
 * direct-colour terminal reads 8 and up as RGB values); DEPTH_256 maps
 * RGB to the cube or greys (16-255); DEPTH_16 to 0-15; DEPTH_8 to 0-7;
 * DEPTH_MONO gives COLOUR_DEFAULT.  Nearest is by squared RGB distance.
 */
int colour_fit(int colour, enum colour_depth depth);

/* ---- themes: loaded by src/config (config.h), applied by src/tui ---- */

/* X(bit, YAML name) */
#define THEME_ATTRS(X)                  \
	X(THEME_BOLD, "bold")           \
	X(THEME_DIM, "dim")             \
	X(THEME_UNDERLINE, "underline") \
	X(THEME_REVERSE, "reverse")     \
	X(THEME_ITALIC, "italic")

enum theme_attr_bit {
#define THEME_ATTR_ENUM(bit, name) bit##_SHIFT,
	THEME_ATTRS(THEME_ATTR_ENUM)
#undef THEME_ATTR_ENUM
	THEME_ATTR_COUNT
};
#define THEME_BOLD (1u << THEME_BOLD_SHIFT)
#define THEME_DIM (1u << THEME_DIM_SHIFT)
#define THEME_UNDERLINE (1u << THEME_UNDERLINE_SHIFT)
#define THEME_REVERSE (1u << THEME_REVERSE_SHIFT)
#define THEME_ITALIC (1u << THEME_ITALIC_SHIFT)

/* The attribute with this YAML name (a THEME_* bit), or 0. */
unsigned theme_attr_parse(const char *name);

/*
 * How one role looks.  fg[DEPTH_TRUE] and bg[DEPTH_TRUE] are the
 * colours as written (fg:, bg:); fg[DEPTH_256], [DEPTH_16], [DEPTH_8]
 * are explicit fallbacks (fg256:, fg16:, fg8:) or COLOUR_UNSET.
 * attrs apply with colour; mono applies without (NO_COLOR, a terminal
 * without colours) and equals attrs unless the theme gave mono:.
 */
struct theme_style {
	int fg[DEPTH_COUNT];
	int bg[DEPTH_COUNT];
	unsigned attrs; /* THEME_* bits */
	unsigned mono;  /* THEME_* bits */
};

/* A loaded theme; themes/default.yaml is the worked example. */
struct theme {
	char *name;        /* the file's name without .yaml, or "default" */
	char *source;      /* the path it came from, or "built-in" */
	char *parent;      /* inherit:, or NULL */
	char *description; /* description:, or NULL */
	struct theme_style role[ROLE_COUNT];
};

/* A plain style: default colours, no fallbacks, no attributes. */
void theme_style_plain(struct theme_style *s);

/*
 * The colour a role's fg (bg when bg is true) takes on a terminal of
 * depth: the explicit fallback for that depth if given, else the
 * nearest fit of the closest value given above it.
 */
int theme_style_colour(const struct theme_style *s, bool bg,
		       enum colour_depth depth);

/* Free the strings inside th and zero it. */
void theme_release(struct theme *th);

#endif
