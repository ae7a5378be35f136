/*
 * when.h - times as people type and read them: the one parser and the
 * one formatter of calm.
 *
 * calm keeps every time as UTC milliseconds since 1970.  People type a
 * time in one of the forms below and read it back in the zone the config
 * names (`timezone:`, which the CLI puts into TZ), else in UTC.  Every
 * command, field and key that takes a time calls when_parse(), so each
 * form means the same everywhere and an impossible date (31 Feb) is
 * refused everywhere with the same message, never moved to 3 Mar.
 *
 * Forms (enum when_forms says which a caller accepts):
 *   now                       the reference moment
 *   2026-02-01T14:05[:09][Z]  a date and a time ('T' or one space);
 *   2026-02-01 14:05[:09][Z]  Z means UTC whatever the zone
 *   14:05[:09]                a bare time: the latest such moment not
 *                             after the reference (fields: 21:48 typed
 *                             at 09:00 is yesterday's 21:48), or on the
 *                             reference's own day (time travel's t)
 *   2026-02-01                a day (its first moment)
 *   1769954700000             ms since 1970 (CALM_NOW)
 *   -15m, -2h, 30s ago        that long before the reference (WHEN_AGO)
 * A date and time may also carry a fraction of a second (.123) and an
 * offset (+02:00) instead of Z: RFC 3339 as calm itself writes it in
 * JSON and CSV, so an export reads back to the millisecond.
 *
 * Pure: no I/O; the reference moment is passed in.  WHEN_LOCAL reads
 * and shows times in the process's zone (localtime_r, mktime), else UTC.
 */
#ifndef CALM_WHEN_H
#define CALM_WHEN_H

#include <stddef.h>

#include "calm/rc.h"

enum when_forms {
	WHEN_NOW = 1 << 0,       /* "now" */
	WHEN_DATETIME = 1 << 1,  /* 2026-02-01 14:05[:09][Z] (or T) */
	WHEN_CLOCK = 1 << 2,     /* 14:05: latest such moment not after the reference */
	WHEN_CLOCK_DAY = 1 << 3, /* 14:05: on the reference's day */
	WHEN_DATE = 1 << 4,      /* 2026-02-01 */
	WHEN_EPOCH_MS = 1 << 5,  /* ms since 1970, digits only */
	WHEN_AGO = 1 << 6,       /* -15m, -2h, -30s, -1d, "15m ago" */
	WHEN_LOCAL = 1 << 8,     /* read and show in the local zone (TZ), not UTC */
};

/* What a person may type for a time field. */
#define WHEN_TYPED (WHEN_NOW | WHEN_DATETIME | WHEN_CLOCK)
/* ... and for a moment already past (log --when, mark, the console's b
 * and m), in words for help texts. */
#define WHEN_PAST_TYPED (WHEN_TYPED | WHEN_AGO)
#define WHEN_PAST_FORMS \
	"now, -15m, 2h ago, 21:48 (the latest 21:48 not in the future)\n" \
	"or 2026-02-01 14:05"

/* The latest moment calm reads or shows: 9999-12-31T23:59:59.999Z.
 * Times outside [0, WHEN_MAX_MS] are refused when typed and shown as
 * "?" when read back from a damaged row. */
#define WHEN_MAX_MS 253402300799999LL

/*
 * Parse s as one of forms (| WHEN_LOCAL) relative to ref_ms into *ms.
 * CALM_OK, or CALM_DATA with one line in err: "no such date:
 * 2026-02-31", "no such time: 25:00", or "expected a time like 21:48,
 * 2026-02-01 14:05 or now, got 'x'" naming the accepted forms.
 */
enum calm_rc when_parse(const char *s, unsigned forms, long long ref_ms,
			long long *ms, struct calm_err *err);

enum when_style {
	WHEN_RFC3339,    /* 2026-02-01T14:05:09Z, always UTC (stored values) */
	WHEN_RFC3339_MS, /* 2026-02-01T14:05:09.123Z, always UTC (JSON) */
	WHEN_FULL,       /* 2026-02-01 14:05:09Z, local: 2026-02-01 15:05:09 CET */
	WHEN_MINUTE,     /* 2026-02-01 14:05Z, local: 2026-02-01 15:05 CET */
	WHEN_HMS,        /* 14:05:09 */
	WHEN_HM,         /* 14:05 */
	WHEN_DAY,        /* 2026-02-01 */
	WHEN_MONTH_DAY_HM, /* 02-01 14:05 */
	WHEN_LONG_DAY,   /* Wednesday 1st Feb */
};

/*
 * Write ms in style into buf (size n, >= 2), in the local zone when
 * flags has WHEN_LOCAL (RFC 3339 styles are always UTC).  A time outside
 * [0, WHEN_MAX_MS] (a damaged row) is written "?".  Returns buf.
 */
char *when_format(long long ms, enum when_style style, unsigned flags,
		  char *buf, size_t n);

/* The UTC month ms falls in as one number, year * 12 + month - 1
 * (2026-02: 24313), so months sort and count; -1 for a time no calendar
 * holds. */
long long when_month_index(long long ms);

#endif
