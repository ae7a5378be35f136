/*
 * chart.c - terminal charts for calm stats: a sparkline (one cell per
 * value, eight heights) and horizontal bars in eighths of a cell, in
 * block characters when the locale is UTF-8, else in ASCII.
 */
#include "chart.h"

#include <langinfo.h>
#include <string.h>

static const char *const spark_utf8[8] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
static const char *const eighths_utf8[8] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
static const char spark_ascii[] = "_.-:=+*#";

bool chart_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

void chart_sparkline(struct buf *out, const long long *v, size_t n, bool utf8)
{
	long long max = 0;

	for (size_t i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	for (size_t i = 0; i < n; i++) {
		if (v[i] < 0) {
			buf_addc(out, ' ');
			continue;
		}
		int h = max > 0 ? (int)((v[i] * 7 + max / 2) / max) : 0;
		if (h > 7)
			h = 7;
		if (utf8)
			buf_adds(out, spark_utf8[h]);
		else
			buf_addc(out, spark_ascii[h]);
	}
}

void chart_bar(struct buf *out, long long v, long long max, int width, bool utf8)
{
	long long e = max > 0 && v > 0 ? (v * width * 8 + max / 2) / max : 0;
	int used = 0;

	if (v > 0 && e == 0)
		e = 1; /* something known shows */
	for (; e >= 8; e -= 8, used++)
		buf_adds(out, utf8 ? "█" : "#");
	if (e > 0) {
		buf_adds(out, utf8 ? eighths_utf8[e] : (e >= 4 ? "#" : "|"));
		used++;
	}
	for (; used < width; used++)
		buf_addc(out, ' ');
}
