/*
 * theme.c - names of the console's colour roles and attributes, and the
 * pieces of a loaded theme that need no terminal (see theme.h).
 */
#include "calm/theme.h"

#include <stdlib.h>
#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
#define THEME_ROLE_NAME(e, name, help) [e] = name,
	THEME_ROLES(THEME_ROLE_NAME)
#undef THEME_ROLE_NAME
};

static const char *const role_helps[ROLE_COUNT] = {
#define THEME_ROLE_HELP(e, name, help) [e] = help,
	THEME_ROLES(THEME_ROLE_HELP)
#undef THEME_ROLE_HELP
};

static const char *const attr_names[THEME_ATTR_COUNT] = {
#define THEME_ATTR_NAME(bit, name) [bit##_SHIFT] = name,
	THEME_ATTRS(THEME_ATTR_NAME)
#undef THEME_ATTR_NAME
};

const char *theme_role_help(enum theme_role role)
{
	return (unsigned)role < ROLE_COUNT ? role_helps[role] : NULL;
}

const char *theme_role_name(enum theme_role role)
{
	return (unsigned)role < ROLE_COUNT ? role_names[role] : NULL;
}

int theme_role_parse(const char *name)
{
	for (int r = 0; name && r < ROLE_COUNT; r++)
		if (strcmp(role_names[r], name) == 0)
			return r;
	return -1;
}

unsigned theme_attr_parse(const char *name)
{
	for (int i = 0; name && i < THEME_ATTR_COUNT; i++)
		if (strcmp(attr_names[i], name) == 0)
			return 1u << i;
	return 0;
}

void theme_style_plain(struct theme_style *s)
{
	for (int d = 0; d < DEPTH_COUNT; d++)
		s->fg[d] = s->bg[d] = COLOUR_UNSET;
	s->fg[DEPTH_TRUE] = s->bg[DEPTH_TRUE] = COLOUR_DEFAULT;
	s->attrs = s->mono = 0;
}

int theme_style_colour(const struct theme_style *s, bool bg,
		       enum colour_depth depth)
{
	const int *c = bg ? s->bg : s->fg;

	if (depth <= DEPTH_MONO || depth >= DEPTH_COUNT)
		return COLOUR_DEFAULT;
	for (int d = depth; d < DEPTH_COUNT; d++)
		if (c[d] != COLOUR_UNSET)
			return colour_fit(c[d], depth);
	return COLOUR_DEFAULT;
}

void theme_release(struct theme *th)
{
	if (!th)
		return;
	free(th->name);
	free(th->source);
	free(th->parent);
	free(th->description);
	memset(th, 0, sizeof *th);
}
