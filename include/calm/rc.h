/*
 * rc.h - result codes and the error record every layer fills.
 *
 * Every fallible function returns an enum calm_rc.  CALM_OK is 0, so
 * callers chain `if (rc == CALM_OK)`.  Detail for the user (one line,
 * lowercase, failure first, subject quoted, e.g. "cannot open 'x.db'")
 * lives in a struct calm_err that the caller owns; calm_err_set() fills
 * it and returns the code so a function can `return calm_err_set(...)`.
 *
 * One table maps each code to its short text and its process exit
 * status (sysexits), so the CLI and the console report alike.
 */
#ifndef CALM_RC_H
#define CALM_RC_H

#include <stddef.h>

/* X(name, exit status, short text) */
#define CALM_RC_LIST(X)                                                     \
	X(CALM_OK,       0,  "ok")                                            \
	X(CALM_GATE,     1,  "refused by the routine")  /* gate not met, no earlier stage */ \
	X(CALM_USAGE,    64, "usage error")             /* bad command line */ \
	X(CALM_DATA,     65, "bad data")                /* bad input text, broken chain, newer schema */ \
	X(CALM_NOTFOUND, 66, "no such incident")        /* unknown id / item */ \
	X(CALM_NOMEM,    71, "out of memory")                                  \
	X(CALM_IO,       74, "i/o error")               /* cannot open, read or write */ \
	X(CALM_BUSY,     75, "database busy")           /* lock not had within the timeout */ \
	X(CALM_CLOSED,   77, "incident is closed")      /* closed incidents and read-only copies are not written to */ \
	X(CALM_CONFIG,   78, "configuration error")     /* playbook, config, theme */ \
	X(CALM_OFFLINE,  69, "server unreachable")      /* the team's server cannot be reached */ \
	X(CALM_QUEUED,   0,  "queued")                  /* a write kept to send when it can be */ \
	X(CALM_SPLIT_SECRET, 65, "a secret spans several words") /* the words hold a secret only together: nothing queued (calm exits 69 when the server is away) */

enum calm_rc {
#define CALM_RC_ENUM(name, status, text) name,
	CALM_RC_LIST(CALM_RC_ENUM)
#undef CALM_RC_ENUM
	CALM_RC_COUNT
};

/* One user-facing message and its code. */
struct calm_err {
	enum calm_rc rc;  /* CALM_OK when nothing went wrong */
	char msg[1024];   /* one line, no trailing newline; "" if none */
};

/* Short text for rc, never NULL. */
const char *calm_strerror(enum calm_rc rc);

/* Process exit status (sysexits) for rc. */
int calm_exit_status(enum calm_rc rc);

/*
 * Record rc and a printf-style message in err (err may be NULL) and
 * return rc.  A message already set is kept unless it is empty, so the
 * innermost, most precise message wins.
 */
enum calm_rc calm_err_set(struct calm_err *err, enum calm_rc rc,
			  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Forget any recorded error. */
void calm_err_clear(struct calm_err *err);

#endif
