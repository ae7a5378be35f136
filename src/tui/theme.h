/*
 * theme.h - choosing and switching the console's theme (theme.c).
 *
 * theme_init() (tui.h) applies the theme chosen in the config
 * (--theme, the file's theme:); theme_use() switches live, keeping the
 * current theme when the new one is bad.
 */
#ifndef CALM_TUI_THEME_H
#define CALM_TUI_THEME_H

#include <stddef.h>

#include "calm/rc.h"

/*
 * Load a theme (a name or a path) and apply it to the screen.  On
 * failure the current theme stays, msg receives the first located error
 * ("path:line:col: message", with "(and N more)" when there are more) and
 * the return is CALM_CONFIG.  The caller redraws everything after.
 */
enum calm_rc theme_use(const char *name_or_path, char *msg, size_t msgsz);

/* The theme after the last one tried, in the order of the themes found
 * (default, light, high-contrast, solarized-dark, mono, then the user's):
 * what T switches to. */
const char *theme_next(void);

/* The name of the theme in use ("default" before theme_init). */
const char *theme_current(void);

#endif
