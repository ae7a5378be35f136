/*
 * theme.c - colour roles for the console.
 *
 * Draw code asks for a role (ROLE_TITLE, ROLE_GATE_UNMET...) and never
 * for a colour.  This file maps each role to a colour pair and
 * attributes; with NO_COLOR set (and not empty) or on a terminal without
 * colours, each role maps to attributes alone (bold, reverse, dim), a
 * clean monochrome screen.  Pairs stay below 256 so COLOR_PAIR() keeps
 * them (TERMINAL.md 3).
 *
 * To add a role: add it to THEME_ROLES in calm/theme.h, then one line
 * to the table below (the static assert catches a missing line).  The themes
 * issue replaces the built-in table with the YAML themes in themes/.
 */
#include "tui.h"

struct role_style {
	short fg, bg;  /* colour pair; -1 = the terminal's default */
	attr_t color;  /* extra attributes with colours */
	attr_t mono;   /* attributes without colours */
};

static const struct role_style styles[] = {
	[ROLE_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[ROLE_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD },
	[ROLE_STAGE_DONE] = { COLOR_GREEN, -1, A_NORMAL, A_DIM },
	[ROLE_STAGE_CURRENT] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_REVERSE },
	[ROLE_STAGE_AHEAD] = { -1, -1, A_DIM, A_NORMAL },
	[ROLE_GATE_MET] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[ROLE_GATE_UNMET] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[ROLE_PROMPT] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[ROLE_SELECTION] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE },
	[ROLE_STATUS] = { -1, -1, A_REVERSE, A_REVERSE },
	[ROLE_WARNING] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD | A_REVERSE },
	[ROLE_READONLY] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_BOLD | A_REVERSE },
	[ROLE_DIM] = { COLOR_CYAN, -1, A_NORMAL, A_DIM },
	[ROLE_HEADING] = { -1, -1, A_BOLD | A_UNDERLINE, A_BOLD | A_UNDERLINE },
	[ROLE_BORDER] = { COLOR_BLUE, -1, A_NORMAL, A_NORMAL },
	[ROLE_HELP] = { -1, -1, A_NORMAL, A_NORMAL },
	[ROLE_KIND_NOTE] = { -1, -1, A_NORMAL, A_NORMAL },
	[ROLE_KIND_STAGE] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[ROLE_KIND_CHECK] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[ROLE_KIND_COMMS] = { COLOR_MAGENTA, -1, A_NORMAL, A_UNDERLINE },
	[ROLE_KIND_FIX] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[ROLE_KIND_ACTION] = { COLOR_BLUE, -1, A_BOLD, A_NORMAL },
	[ROLE_KIND_SYSTEM] = { COLOR_CYAN, -1, A_DIM, A_DIM },
};

_Static_assert(sizeof styles / sizeof styles[0] == ROLE_COUNT,
	       "one style per theme role");

static attr_t attrs[ROLE_COUNT];

void theme_init(bool mono)
{
	if (!mono && has_colors() && start_color() == OK) {
		bool defaults = use_default_colors() == OK;

		if (COLORS >= 8 && COLOR_PAIRS > ROLE_COUNT) {
			for (int r = 0; r < ROLE_COUNT; r++) {
				short fg = styles[r].fg, bg = styles[r].bg;

				if (!defaults) {
					fg = fg < 0 ? COLOR_WHITE : fg;
					bg = bg < 0 ? COLOR_BLACK : bg;
				}
				if (init_pair((short)(r + 1), fg, bg) == OK)
					attrs[r] = COLOR_PAIR(r + 1) | styles[r].color;
				else
					attrs[r] = styles[r].mono;
			}
			return;
		}
	}
	for (int r = 0; r < ROLE_COUNT; r++)
		attrs[r] = styles[r].mono;
}

attr_t theme_attr(enum theme_role role)
{
	return role < ROLE_COUNT ? attrs[role] : A_NORMAL;
}
