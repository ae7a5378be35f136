/*
 * rail.c - the stage rail and the gate of the stage.
 *
 * (The title bar is drawn by title.c.)
 *
 * Rail: one line per stage, done (v), current (>) or ahead; while moves
 * are queued (offline.c), the stage they lead to is marked ~ and the
 * current one stays the server's.  Under it, the outbox: every write
 * queued for the incident, sent when the server is back.  Gate: the
 * current stage's criteria, each [x] met or [ ] unmet, above the pane;
 * when the stage works in another pane than the checklist but has
 * checklist items (optional ones, often), a line says so, since that
 * pane would otherwise never come into view.
 */
#include "tui.h"

#include <stdio.h>
#include <string.h>

void rail_draw(struct tui *t)
{
	const struct rect *r = &t->r_rail;
	int y = r->y;
	int queued_to = app_pending_stage(&t->ob.pending, t->pb, t->stage);

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
		} else if ((int)i == queued_to) { /* a move queued: not the server's yet */
			role = ROLE_WARNING;
			mark = "~";
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
	else
		offline_outbox_draw(t, y, r->y + r->h);
	/* a thin separator from the pane */
	draw_vline(r->y, r->x + r->w - 1, r->h, theme_attr(ROLE_DIM));
}

/* Width of a criterion's text: the block less its margin and "[ ] ". */
static int gate_text_width(int w)
{
	return w - 1 - 4 > 8 ? w - 1 - 4 : 8;
}

/* Whether the stage's checklist is not its pane and needs a mention. */
static bool checklist_elsewhere(const struct tui *t)
{
	return t->stage >= 0 && t->cl.n > 0 &&
	       t->pb->stages[t->stage].pane != PANE_CHECKLIST;
}

/* Rows the gate block takes at width w: a heading, each criterion
 * wrapped (it names exactly what is missing: never clip it), a gap. */
int rail_gate_rows(const struct tui *t, int w)
{
	int rows = 2 + checklist_elsewhere(t);

	if (t->stage < 0 || t->inc.closed || t->tr.on) /* the past: no gate */
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
	if (checklist_elsewhere(t) && y < r->y + r->h) {
		size_t ticked = 0, required = 0;
		char line[160];

		for (size_t i = 0; i < t->cl.n; i++) {
			ticked += t->cl.v[i].checked;
			required += t->cl.v[i].required;
		}
		snprintf(line, sizeof line, "checklist: %zu of %zu ticked%s - 1 shows it",
			 ticked, t->cl.n, required ? "" : " (all optional)");
		draw_text(y, r->x + 1, r->w - 1, line, theme_attr(ROLE_DIM), 0);
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
