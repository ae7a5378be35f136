/*
 * pm-strip.c - the incident over time as a strip of text on the
 * postmortem pane, the console's form of the exports' picture:
 *
 *   stages  1████2▒▒▒▒▒3██4▒▒5████████6▒▒7██8▒
 *   impact  ···██████████████████████·········
 *   marks   ···u····u✗·····✓········u·········
 *           22:52                  10:03 (11h)
 *
 * one column per slice of time; the stages in alternating blocks with
 * each one's number where it begins, the impact window as full blocks,
 * updates sent as u and fix attempts by their outcome where it came
 * (✓ worked, ~ partly, ✗ failed or none possible, ? in progress).  The
 * lines are built when the pane is loaded or its width changes; draw
 * only shows them.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/template.h"
#include "calm/when.h"

#define LABEL 8

void pm_strip_release(struct pm_pane *pm)
{
	for (int i = 0; i < PM_STRIP_ROWS; i++) {
		free(pm->strip[i]);
		pm->strip[i] = NULL;
	}
	app_shape_release(&pm->shape);
	pm->strip_w = 0;
}

/* The column of moment at, of cols over [from, to]. */
static int col_of(const struct app_shape *s, long long at, int cols)
{
	long long span = s->to_ms - s->from_ms;

	if (span <= 0 || at <= s->from_ms)
		return 0;
	if (at >= s->to_ms)
		return cols - 1;
	return (int)((at - s->from_ms) * cols / span);
}

static const char *fix_mark(char o)
{
	switch (o) {
	case 'w': return "✓";
	case 'p': return "~";
	case '?': return "?";
	default: return "✗";
	}
}

void pm_strip_build(struct pm_pane *pm, int w, unsigned tz)
{
	const struct app_shape *s = &pm->shape;
	int cols = w - LABEL;
	struct buf b[PM_STRIP_ROWS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	const char **mark;
	char t0[16], t1[16], d[48];

	for (int i = 0; i < PM_STRIP_ROWS; i++) {
		free(pm->strip[i]);
		pm->strip[i] = NULL;
	}
	pm->strip_w = w;
	if (cols < 10 || s->to_ms <= s->from_ms || !s->nstages)
		return;
	mark = xcalloc((size_t)cols, sizeof *mark);
	buf_adds(&b[0], "stages  ");
	buf_adds(&b[1], "impact  ");
	buf_adds(&b[2], "marks   ");
	size_t stage = 0;
	for (int c = 0; c < cols; c++) {
		long long at = s->from_ms + (s->to_ms - s->from_ms) * (2 * c + 1) / (2 * cols);
		size_t st = stage;
		while (st + 1 < s->nstages && s->stages[st + 1].from_ms <= at)
			st++;
		bool before = at < s->stages[0].from_ms;
		if (before)
			buf_addc(&b[0], ' ');
		else if (c == 0 || st != stage || (c > 0 && st == 0 && stage == 0 &&
			 at - (s->to_ms - s->from_ms) / cols < s->stages[0].from_ms))
			buf_addf(&b[0], "%zu", (st + 1) % 10);
		else
			buf_adds(&b[0], st % 2 ? "▒" : "█");
		stage = st;
		buf_adds(&b[1], at >= s->impact_from_ms && at <= s->impact_to_ms ? "█" : "·");
	}
	for (size_t i = 0; i < s->nupdates; i++)
		mark[col_of(s, s->updates[i], cols)] = "u";
	for (size_t i = 0; i < s->nfixes; i++)
		mark[col_of(s, s->fixes[i].outcome == '?' ? s->fixes[i].from_ms : s->fixes[i].to_ms,
			    cols)] = fix_mark(s->fixes[i].outcome);
	for (int c = 0; c < cols; c++)
		buf_adds(&b[2], mark[c] ? mark[c] : "·");
	when_format(s->from_ms, WHEN_HM, tz, t0, sizeof t0);
	when_format(s->to_ms, WHEN_HM, tz, t1, sizeof t1);
	template_duration(s->to_ms - s->from_ms, d, sizeof d);
	buf_addf(&b[3], "%*s%s", LABEL, "", t0);
	int gap = cols - (int)strlen(t0) - (int)strlen(t1) - (int)strlen(d) - 3;
	buf_addf(&b[3], "%*s%s (%s)", gap > 1 ? gap : 1, "", t1, d);
	for (int i = 0; i < PM_STRIP_ROWS; i++)
		pm->strip[i] = buf_detach(&b[i]);
	free(mark);
}
