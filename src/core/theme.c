/*
 * theme.c - names of the console's colour roles (see theme.h).
 */
#include "calm/theme.h"

#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
#define THEME_ROLE_NAME(e, name, help) [e] = name,
	THEME_ROLES(THEME_ROLE_NAME)
#undef THEME_ROLE_NAME
};

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
