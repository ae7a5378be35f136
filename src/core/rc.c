/*
 * rc.c - the one table of result codes, their texts and exit statuses.
 */
#include "calm/rc.h"

#include <stdarg.h>
#include <stdio.h>

static const struct {
	int status;
	const char *text;
} rc_table[] = {
#define CALM_RC_ROW(name, status, text) { status, text },
	CALM_RC_LIST(CALM_RC_ROW)
#undef CALM_RC_ROW
};

_Static_assert(sizeof rc_table / sizeof rc_table[0] == CALM_RC_COUNT,
	       "rc_table must match enum calm_rc");

const char *calm_strerror(enum calm_rc rc)
{
	if ((unsigned)rc >= CALM_RC_COUNT)
		return "unknown error";
	return rc_table[rc].text;
}

int calm_exit_status(enum calm_rc rc)
{
	if ((unsigned)rc >= CALM_RC_COUNT)
		return 70; /* EX_SOFTWARE */
	return rc_table[rc].status;
}

enum calm_rc calm_err_set(struct calm_err *err, enum calm_rc rc,
			  const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return rc;
	if (err->rc != CALM_OK && err->msg[0] != '\0')
		return rc; /* keep the innermost message */
	err->rc = rc;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return rc;
}

void calm_err_clear(struct calm_err *err)
{
	if (!err)
		return;
	err->rc = CALM_OK;
	err->msg[0] = '\0';
}
