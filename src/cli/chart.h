/*
 * chart.h - terminal charts for the CLI (calm stats): sparklines and
 * bars, block characters on a UTF-8 terminal, ASCII elsewhere.
 */
#ifndef CALM_CLI_CHART_H
#define CALM_CLI_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/buf.h"

/* Whether the locale's character set is UTF-8 (setlocale done). */
bool chart_utf8(void);

/* One cell per value of v[0..n), height by its share of the largest;
 * a negative value (unknown) is a blank. */
void chart_sparkline(struct buf *out, const long long *v, size_t n, bool utf8);

/* A bar of v against max over width cells (eighths of a cell), padded
 * with blanks to width. */
void chart_bar(struct buf *out, long long v, long long max, int width, bool utf8);

#endif
