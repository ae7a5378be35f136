/*
 * rail.c - the title bar, the stage rail and the gate of the stage.
 *
 * Title bar: "#12 Checkout returns 500" on the left; severity, the time
 * since declared, "stage 3/8 Communicate internally" and "as alice" on
 * the right (the stage part is dropped first when the screen is narrow:
 * the rail shows it too).  The clock ticks every second: the loop redraws
 * only this line, and curses sends only the cells that changed.  Left of
 * them, the next update due per audience with a cadence in the config
 * ("int 12m"), or how long it is overdue ("ext OVERDUE 3m", in the
 * warning colour); the due times come from comms_due_load().
 *
 * Rail: one line per stage, done (v), current (>) or ahead.  Gate: the
 * current stage's criteria, each [x] met or [ ] unmet, above the pane.
 */
#include "tui.h"

#include <stdio.h>
#include <string.h>

static void elapsed(long long ms, char *buf, size_t n)
{
	long long s = ms < 0 ? 0 : ms / 1000;
	long long d = s / 86400;

	s %= 86400;
	if (d > 0)
		snprintf(buf, n, "%lldd %02lld:%02lld:%02lld", d, s / 3600,
			 s / 60 % 60, s % 60);
	else
		snprintf(buf, n, "%02lld:%02lld:%02lld", s / 3600, s / 60 % 60,
			 s % 60);
}

/* "12m", "1h05m", "40s" for a duration in ms; up rounds minutes up. */
static void span(long long ms, bool up, char *buf, size_t n)
{
	long long s = ms / 1000, m = up ? (s + 59) / 60 : s / 60;

	if (s < 60 && !up)
		snprintf(buf, n, "%llds", s);
	else if (m >= 60)
		snprintf(buf, n, "%lldh%02lldm", m / 60, m % 60);
	else
		snprintf(buf, n, "%lldm", m);
}

/* The cadence pieces ("int 12m") into v; returns their total width
 * (each piece plus two spaces). */
static int cadence(const struct tui *t, long long now_ms, char v[AUD_COUNT][48],
		   bool overdue[AUD_COUNT])
{
	static const char *const abbr[AUD_COUNT] = { "int", "ext", "res" };
	int w = 0;

	for (int a = 0; a < AUD_COUNT; a++) {
		char d[24];

		v[a][0] = '\0';
		overdue[a] = false;
		if (!t->due[a] || t->inc.closed)
			continue;
		overdue[a] = now_ms > t->due[a];
		span(overdue[a] ? now_ms - t->due[a] : t->due[a] - now_ms, !overdue[a], d,
		     sizeof d);
		snprintf(v[a], sizeof v[a], "%s %s%s", abbr[a], overdue[a] ? "OVERDUE " : "", d);
		w += draw_width(v[a]) + 2;
	}
	return w;
}

void rail_draw_title(struct tui *t, long long now_ms)
{
	const struct rect *r = &t->r_title;
	attr_t a = theme_attr(ROLE_TITLE);
	char clock[48], right[512], left[320], cad[AUD_COUNT][48];
	bool overdue[AUD_COUNT];
	int rw, lw, cw;

	draw_fill(r->y, r->x, 1, r->w, a);
	if (t->picking) {
		draw_text(r->y, r->x + 1, r->w - 2, "calm: incidents", a, 0);
		draw_text(r->y, r->x + 1, r->w - 2, t->app->author, a,
			  DRAW_RIGHT);
		return;
	}
	elapsed((t->inc.closed ? t->inc.closed_ms : now_ms) - t->inc.declared_ms,
		clock, sizeof clock);
	cw = cadence(t, now_ms, cad, overdue); /* the stage goes first to make room */
	snprintf(left, sizeof left, "#%lld %s", t->inc.id,
		 t->inc.title ? t->inc.title : "");
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 0 && t->stage >= 0)
			snprintf(right, sizeof right, "SEV%d  %s  stage %d/%zu %s  as %s",
				 t->inc.severity, clock, t->stage + 1,
				 t->pb->nstages, t->pb->stages[t->stage].title,
				 t->app->author);
		else
			snprintf(right, sizeof right, "SEV%d  %s  as %s",
				 t->inc.severity, clock, t->app->author);
		rw = draw_width(right);
		if (rw + cw + 16 <= r->w - 2)
			break;
	}
	lw = 0;
	if (t->inc.closed) {
		lw = draw_text(r->y, r->x + 1, r->w - 1, " read-only ",
			       theme_attr(ROLE_READONLY), 0) + 1;
	}
	if (rw + cw + 16 > r->w - 2)
		cw = 0; /* no room: the rail's gate says what is owed */
	draw_text(r->y, r->x + 1 + lw, r->w - 3 - lw - rw - cw, left, a, 0);
	if (cw) {
		int x = r->x + r->w - 1 - rw - cw;

		for (int i = 0; i < AUD_COUNT; i++)
			if (cad[i][0])
				x += draw_text(r->y, x, r->x + r->w - x, cad[i],
					       overdue[i] ? theme_attr(ROLE_WARNING) : a, 0) + 2;
	}
	draw_text(r->y, r->x, r->w - 1, right, a, DRAW_RIGHT);
}

void rail_draw(struct tui *t)
{
	const struct rect *r = &t->r_rail;
	int y = r->y;

	draw_fill(r->y, r->x, r->h, r->w, theme_attr(ROLE_NORMAL));
	draw_text(y++, r->x + 1, r->w - 1, "Stages", theme_attr(ROLE_HEADING), 0);
	for (size_t i = 0; i < t->pb->nstages && y < r->y + r->h; i++, y++) {
		char line[256];
		enum theme_role role;
		const char *mark;

		if (t->inc.closed || (t->stage >= 0 && (int)i < t->stage)) {
			role = ROLE_STAGE_DONE;
			mark = "v";
		} else if ((int)i == t->stage) {
			role = ROLE_STAGE_CURRENT;
			mark = ">";
		} else {
			role = ROLE_STAGE_AHEAD;
			mark = " ";
		}
		snprintf(line, sizeof line, "%s %zu %s", mark, i + 1,
			 t->pb->stages[i].title);
		draw_text(y, r->x, r->w - 1, line, theme_attr(role), DRAW_PAD);
	}
	if (t->inc.closed && y + 1 < r->y + r->h)
		draw_text(y + 1, r->x + 1, r->w - 2, "incident closed",
			  theme_attr(ROLE_READONLY), 0);
	/* a thin separator from the pane */
	attrset(theme_attr(ROLE_DIM));
	mvvline(r->y, r->x + r->w - 1, ACS_VLINE, r->h);
	attrset(A_NORMAL);
}

/* Width of a criterion's text: the block less its margin and "[ ] ". */
static int gate_text_width(int w)
{
	return w - 1 - 4 > 8 ? w - 1 - 4 : 8;
}

/* Rows the gate block takes at width w: a heading, each criterion
 * wrapped (it names exactly what is missing: never clip it), a gap. */
int rail_gate_rows(const struct tui *t, int w)
{
	int rows = 2;

	if (t->stage < 0 || t->inc.closed)
		return 0;
	for (size_t i = 0; i < t->gate.n; i++)
		rows += draw_wrap(t->gate.status[i].text, gate_text_width(w),
				  NULL, NULL);
	return rows;
}

struct gate_line {
	struct tui *t;
	int y, first;
	attr_t attr;
	bool met;
};

static void gate_line_draw(const char *line, void *ctx)
{
	struct gate_line *gl = ctx;
	const struct rect *r = &gl->t->r_gate;

	if (gl->y >= r->y + r->h)
		return;
	if (gl->first)
		draw_text(gl->y, r->x + 1, 4, gl->met ? "[x] " : "[ ] ", gl->attr, 0);
	draw_text(gl->y, r->x + 5, gate_text_width(r->w), line, gl->attr, 0);
	gl->first = 0;
	gl->y++;
}

void rail_draw_gate(struct tui *t)
{
	const struct rect *r = &t->r_gate;
	char head[128];
	int y = r->y;

	if (r->h <= 0)
		return;
	draw_fill(r->y, r->x, r->h, r->w, theme_attr(ROLE_NORMAL));
	if (t->gate.n == 0)
		snprintf(head, sizeof head, "To leave this stage: nothing required");
	else
		snprintf(head, sizeof head, "To leave this stage (%zu of %zu met):",
			 t->gate.n - t->gate.nunmet, t->gate.n);
	draw_text(y++, r->x + 1, r->w - 1, head, theme_attr(ROLE_HEADING), 0);
	for (size_t i = 0; i < t->gate.n && y < r->y + r->h; i++) {
		const struct gate_status *s = &t->gate.status[i];
		struct gate_line gl = {
			.t = t, .y = y, .first = 1, .met = s->met,
			.attr = theme_attr(s->met ? ROLE_GATE_MET : ROLE_GATE_UNMET),
		};
		draw_wrap(s->text, gate_text_width(r->w), gate_line_draw, &gl);
		y = gl.y;
	}
}

int rail_stage_at(const struct tui *t, int y)
{
	int i = y - t->r_rail.y - 1; /* under the "Stages" heading */

	if (t->picking || i < 0 || (size_t)i >= t->pb->nstages ||
	    y >= t->r_rail.y + t->r_rail.h)
		return -1;
	return i;
}
