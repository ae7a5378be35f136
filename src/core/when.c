/*
 * when.c - the one time parser and formatter (see when.h for the forms).
 *
 * UTC arithmetic is done here on days (days_from_civil, civil_from_days:
 * the proleptic Gregorian calendar), never through timegm(), which
 * silently moves 31 Feb to 3 Mar and overflows on damaged values.  The
 * local zone (WHEN_LOCAL) goes through mktime()/localtime_r(), which
 * know the zone's rules; the date itself is checked before.
 */
#include "calm/when.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "calm/buf.h"

#define MS_DAY 86400000LL

struct civil {
	int y, mo, d, h, mi, s;
};

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int mo)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return mo == 2 && leap(y) ? 29 : days[mo - 1];
}

/* Days since 1970-01-01 of a valid date (y >= 1). */
static long long days_from_civil(int y, int mo, int d)
{
	long long yy = y - (mo <= 2);
	long long era = yy / 400;
	long long yoe = yy - era * 400;
	long long doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* The date of day z since 1970 (z >= 0). */
static void civil_from_days(long long z, struct civil *c)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	c->d = (int)(doy - (153 * mp + 2) / 5 + 1);
	c->mo = (int)(mp < 10 ? mp + 3 : mp - 9);
	c->y = (int)(yoe + era * 400 + (c->mo <= 2));
}

/* n digits at *p into *v; advances *p.  False unless exactly digits. */
static bool digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return false;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return true;
}

/* "HH:MM[:SS]" at *p; advances *p.  False when not of that shape. */
static bool clock_part(const char **p, struct civil *c)
{
	c->s = 0;
	if (!digits(p, 2, &c->h) || **p != ':')
		return false;
	++*p;
	if (!digits(p, 2, &c->mi))
		return false;
	if (**p == ':') {
		++*p;
		if (!digits(p, 2, &c->s))
			return false;
	}
	return true;
}

/* "YYYY-MM-DD" at *p; advances *p. */
static bool date_part(const char **p, struct civil *c)
{
	if (!digits(p, 4, &c->y) || **p != '-')
		return false;
	++*p;
	if (!digits(p, 2, &c->mo) || **p != '-')
		return false;
	++*p;
	return digits(p, 2, &c->d);
}

/* The accepted forms as examples: "21:48, 2026-02-01 14:05 or now". */
static void expected(unsigned forms, struct buf *b)
{
	const char *ex[6];
	int n = 0;

	if (forms & (WHEN_CLOCK | WHEN_CLOCK_DAY))
		ex[n++] = "21:48";
	if (forms & WHEN_DATETIME)
		ex[n++] = "2026-02-01 14:05";
	if (forms & WHEN_DATE)
		ex[n++] = "2026-02-01";
	if (forms & WHEN_NOW)
		ex[n++] = "now";
	if (forms & WHEN_EPOCH_MS)
		ex[n++] = "ms since 1970";
	if (forms & WHEN_AGO)
		ex[n++] = "-15m";
	buf_adds(b, (forms & (WHEN_CLOCK | WHEN_CLOCK_DAY | WHEN_DATETIME | WHEN_NOW))
			    ? "expected a time like " : "expected a date like ");
	for (int i = 0; i < n; i++)
		buf_addf(b, "%s%s", i == 0 ? "" : i == n - 1 ? " or " : ", ", ex[i]);
}

static enum calm_rc bad_form(const char *s, unsigned forms, struct calm_err *err)
{
	struct buf b = BUF_INIT;
	enum calm_rc rc;

	expected(forms, &b);
	rc = calm_err_set(err, CALM_DATA, "%s, got '%.60s%s'", buf_cstr(&b), s,
			  strlen(s) > 60 ? "..." : "");
	buf_release(&b);
	return rc;
}

/* Local date and time c as UTC ms (WHEN_LOCAL). */
static long long local_ms(const struct civil *c)
{
	struct tm tm = { 0 };

	tm.tm_year = c->y - 1900;
	tm.tm_mon = c->mo - 1;
	tm.tm_mday = c->d;
	tm.tm_hour = c->h;
	tm.tm_min = c->mi;
	tm.tm_sec = c->s;
	tm.tm_isdst = -1;
	return (long long)mktime(&tm) * 1000;
}

static long long civil_ms(const struct civil *c, bool local)
{
	if (local)
		return local_ms(c);
	return days_from_civil(c->y, c->mo, c->d) * MS_DAY +
	       ((long long)c->h * 3600 + c->mi * 60 + c->s) * 1000;
}

/* The date of ms (in the zone) into c; false when out of range. */
static bool ms_civil(long long ms, bool local, struct civil *c)
{
	if (ms < 0 || ms > WHEN_MAX_MS)
		return false;
	if (local) {
		time_t t = (time_t)(ms / 1000);
		struct tm tm;

		if (!localtime_r(&t, &tm) || tm.tm_year + 1900 > 9999)
			return false;
		*c = (struct civil){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
				     tm.tm_hour, tm.tm_min, tm.tm_sec };
		return true;
	}
	civil_from_days(ms / MS_DAY, c);
	long long s = ms % MS_DAY / 1000;
	c->h = (int)(s / 3600);
	c->mi = (int)(s / 60 % 60);
	c->s = (int)(s % 60);
	return true;
}

/* A bare time against ref: on its day, or the latest not after it. */
static enum calm_rc bare_clock(struct civil *c, unsigned forms, long long ref,
			       long long *ms, struct calm_err *err)
{
	struct civil day;
	bool local = forms & WHEN_LOCAL;
	long long v;

	if (!ms_civil(ref, local, &day))
		return calm_err_set(err, CALM_DATA, "no reference time to read %02d:%02d against",
				    c->h, c->mi);
	c->y = day.y;
	c->mo = day.mo;
	c->d = day.d;
	v = civil_ms(c, local);
	if (!(forms & WHEN_CLOCK_DAY) && v > ref) { /* not in the future: the day before */
		if (--c->d < 1) {
			if (--c->mo < 1) {
				c->mo = 12;
				c->y--;
			}
			c->d = month_days(c->y, c->mo);
		}
		v = civil_ms(c, local);
	}
	*ms = v;
	return CALM_OK;
}

/* ".123" after the seconds into *frac ms (more digits are cut); advances *p. */
static bool fraction(const char **p, int *frac)
{
	int n = 0;

	*frac = 0;
	if (**p != '.')
		return true;
	for (++*p; **p >= '0' && **p <= '9'; ++*p, n++)
		if (n < 3)
			*frac = *frac * 10 + (**p - '0');
	while (n > 0 && n < 3) {
		*frac *= 10;
		n++;
	}
	return n > 0;
}

/* "+02:00" / "-05:30" at *p: the offset east of UTC in ms; advances *p. */
static bool offset(const char **p, long long *off)
{
	int sign = **p == '+' ? 1 : -1, h, m;

	++*p;
	if (!digits(p, 2, &h) || **p != ':')
		return false;
	++*p;
	if (!digits(p, 2, &m) || h > 23 || m > 59)
		return false;
	*off = sign * ((long long)h * 60 + m) * 60000;
	return true;
}

/* "-15m" or "15m ago": a span before ref. */
static bool ago(const char *s, long long ref, long long *ms)
{
	bool minus = s[0] == '-';
	long long n = 0, unit;
	int nd = 0;

	if (minus)
		s++;
	for (; *s >= '0' && *s <= '9' && nd < 9; s++, nd++)
		n = n * 10 + (*s - '0');
	switch (nd ? *s++ : '\0') {
	case 's': unit = 1000; break;
	case 'm': unit = 60000; break;
	case 'h': unit = 3600000; break;
	case 'd': unit = MS_DAY; break;
	default: return false;
	}
	if (minus ? *s != '\0' : strcmp(s, " ago") != 0)
		return false;
	*ms = ref - n * unit;
	return *ms >= 0;
}

static bool epoch_ms(const char *s, long long *ms)
{
	long long v = 0;
	size_t n = strlen(s);

	if (n == 0 || n > 15)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v > WHEN_MAX_MS)
		return false;
	*ms = v;
	return true;
}

enum calm_rc when_parse(const char *s, unsigned forms, long long ref_ms,
			long long *ms, struct calm_err *err)
{
	struct civil c = { 1970, 1, 1, 0, 0, 0 };
	const char *p = s;
	bool have_date = false, have_clock = false, utc = false;
	long long off = 0;
	int frac = 0;

	if ((forms & WHEN_NOW) && strcmp(s, "now") == 0) {
		*ms = ref_ms;
		return CALM_OK;
	}
	if ((forms & WHEN_EPOCH_MS) && epoch_ms(s, ms))
		return CALM_OK;
	if ((forms & WHEN_AGO) && ago(s, ref_ms, ms))
		return CALM_OK;
	if (date_part(&p, &c)) {
		have_date = true;
		if ((*p == 'T' || *p == ' ') && (forms & WHEN_DATETIME)) {
			p++;
			if (!clock_part(&p, &c) || !fraction(&p, &frac))
				return bad_form(s, forms, err);
			have_clock = true;
			if (*p == 'Z') {
				utc = true;
				p++;
			} else if ((*p == '+' || *p == '-') && p[1] >= '0' && p[1] <= '9') {
				if (!offset(&p, &off))
					return bad_form(s, forms, err);
				utc = true;
			}
		}
	} else {
		p = s;
		if (!clock_part(&p, &c))
			return bad_form(s, forms, err);
		have_clock = true;
	}
	if (*p != '\0')
		return bad_form(s, forms, err);
	if (have_date && !(forms & (have_clock ? WHEN_DATETIME : WHEN_DATE)))
		return bad_form(s, forms, err);
	if (!have_date && !(forms & (WHEN_CLOCK | WHEN_CLOCK_DAY)))
		return bad_form(s, forms, err);
	if (have_date && (c.mo < 1 || c.mo > 12 || c.d < 1 || c.d > month_days(c.y, c.mo)))
		return calm_err_set(err, CALM_DATA, "no such date: %04d-%02d-%02d", c.y, c.mo, c.d);
	if (have_date && c.y < 1970)
		return calm_err_set(err, CALM_DATA,
				    "no such date: %04d-%02d-%02d (calm's times begin in 1970)",
				    c.y, c.mo, c.d);
	if (have_clock && (c.h > 23 || c.mi > 59 || c.s > 59))
		return calm_err_set(err, CALM_DATA, "no such time: %.8s",
				    have_date ? s + 11 : s);
	if (!have_date)
		return bare_clock(&c, forms, ref_ms, ms, err);
	*ms = civil_ms(&c, (forms & WHEN_LOCAL) && !utc) + frac - off;
	return CALM_OK;
}

static const char *const weekdays[7] = { "Thursday", "Friday", "Saturday", "Sunday",
					 "Monday", "Tuesday", "Wednesday" };
static const char *const months[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static const char *ordinal(int d)
{
	if (d % 100 >= 11 && d % 100 <= 13)
		return "th";
	switch (d % 10) {
	case 1: return "st";
	case 2: return "nd";
	case 3: return "rd";
	default: return "th";
	}
}

/* The zone's abbreviation at ms ("CET"), or "" when unknown. */
static void zone_name(long long ms, char *z, size_t n)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	z[0] = '\0';
	if (localtime_r(&t, &tm))
		strftime(z, n, "%Z", &tm);
}

char *when_format(long long ms, enum when_style style, unsigned flags,
		  char *buf, size_t n)
{
	bool local = (flags & WHEN_LOCAL) && style != WHEN_RFC3339 &&
		     style != WHEN_RFC3339_MS;
	struct civil c;
	char z[16] = "Z";

	if (n == 0)
		return buf;
	if (!ms_civil(ms, local, &c)) {
		snprintf(buf, n, "?");
		return buf;
	}
	if (local) {
		char name[12];

		zone_name(ms, name, sizeof name);
		snprintf(z, sizeof z, " %s", name);
	}
	switch (style) {
	case WHEN_RFC3339:
		snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.y, c.mo, c.d, c.h, c.mi, c.s);
		break;
	case WHEN_RFC3339_MS:
		snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.y, c.mo, c.d, c.h,
			 c.mi, c.s, (int)(ms % 1000));
		break;
	case WHEN_FULL:
		snprintf(buf, n, "%04d-%02d-%02d %02d:%02d:%02d%s", c.y, c.mo, c.d, c.h, c.mi,
			 c.s, z);
		break;
	case WHEN_MINUTE:
		snprintf(buf, n, "%04d-%02d-%02d %02d:%02d%s", c.y, c.mo, c.d, c.h, c.mi, z);
		break;
	case WHEN_HMS:
		snprintf(buf, n, "%02d:%02d:%02d", c.h, c.mi, c.s);
		break;
	case WHEN_HM:
		snprintf(buf, n, "%02d:%02d", c.h, c.mi);
		break;
	case WHEN_DAY:
		snprintf(buf, n, "%04d-%02d-%02d", c.y, c.mo, c.d);
		break;
	case WHEN_MONTH_DAY_HM:
		snprintf(buf, n, "%02d-%02d %02d:%02d", c.mo, c.d, c.h, c.mi);
		break;
	case WHEN_LONG_DAY: {
		long long days = days_from_civil(c.y, c.mo, c.d);

		snprintf(buf, n, "%s %d%s %s", weekdays[days % 7], c.d, ordinal(c.d),
			 months[c.mo - 1]);
		break;
	}
	default:
		snprintf(buf, n, "?");
		break;
	}
	return buf;
}

long long when_month_index(long long ms)
{
	struct civil c;

	if (!ms_civil(ms, false, &c))
		return -1;
	return (long long)c.y * 12 + c.mo - 1;
}
