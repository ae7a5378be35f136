/*
 * title.c - the title bar.
 *
 * Left: a READ-ONLY badge in review (calm review, a read-only database,
 * a closed incident; on a copy pulled from another store "READ-ONLY COPY"
 * and what it is a copy of, before the number: "of incident 4 of
 * postgresql://team/calm · #1 Checkout returns 500"), a DRILL badge with the drill clock and speed on a
 * drill (drill.c), then "#12 Checkout returns 500".  Right: severity,
 * the time since declared, "stage 3/8 Communicate internally" and "as
 * alice" (the stage part is dropped first when the screen is narrow: the
 * rail shows it too); travelling in time, "as of 14:05:09 (event 3 of
 * 12)" instead of the clock and the stage.  Between them, the next update
 * due per audience with a cadence in the config ("int 12m"), or how long
 * it is overdue ("ext OVERDUE 3m", in the warning colour; the due times
 * come from comms_due_load()), and the people: the role holders ("IC
 * alice · comms bob") and the others who have the incident open ("also:
 * bob"), each dropped when there is no room.  The clock ticks every
 * second: the loop redraws only this line, and curses sends only the
 * cells that changed.
 */
#include "tui.h"

#include <stdio.h>
#include <string.h>

#include "calm/duration.h"

/* The cadence pieces ("int 12m") into v; returns their total width
 * (each piece plus two spaces). */
static int cadence(const struct tui *t, long long now_ms, char v[AUD_COUNT][48],
		   bool overdue[AUD_COUNT])
{
	static const char *const abbr[AUD_COUNT] = { "int", "ext", "res" };
	int w = 0;

	for (int a = 0; a < AUD_COUNT; a++) {
		char d[DURATION_MAX];

		v[a][0] = '\0';
		overdue[a] = false;
		if (!t->due[a] || t->inc.closed || tui_readonly(t))
			continue;
		overdue[a] = update_overdue(t->due[a], now_ms);
		/* "int 12m": due in, a part minute counted; "OVERDUE 40s" late by */
		duration_format(overdue[a] ? now_ms - t->due[a] : t->due[a] - now_ms,
				DURATION_TIGHT | (overdue[a] ? 0 : DURATION_MINUTES | DURATION_UP),
				d, sizeof d);
		snprintf(v[a], sizeof v[a], "%s %s%s", abbr[a], overdue[a] ? "OVERDUE " : "", d);
		w += draw_width(v[a]) + 2;
	}
	return w;
}

/* The people part: roles and presence, as much as fits in room. */
static void people_part(const struct tui *t, char *buf, size_t n, int room)
{
	const char *roles = t->pp.roles, *also = t->pp.also;

	buf[0] = '\0';
	if (roles && also)
		snprintf(buf, n, "%s  also: %s", roles, also);
	if (!buf[0] || draw_width(buf) > room) {
		if (also)
			snprintf(buf, n, "also: %s", also);
		else if (roles)
			snprintf(buf, n, "%s", roles);
	}
	if (draw_width(buf) > room)
		buf[0] = '\0';
}

/* The badge at the left of the title saying what state the screen is
 * in (copy: a read-only copy pulled from another store); its width and
 * a space, or 0 for none. */
static int state_badge(const struct tui *t, const struct rect *r, bool copy)
{
	char badge[64];

	if (t->gone) /* the database file went: louder than anything else */
		return draw_text(r->y, r->x + 1, r->w - 1, " DATABASE GONE ",
				 theme_attr(ROLE_WARNING) | A_REVERSE, 0) + 1;
	if (t->offline) { /* the team's server: what is shown is as last read */
		offline_badge(t, badge, sizeof badge);
		return draw_text(r->y, r->x + 1, r->w - 1, badge,
				 theme_attr(ROLE_WARNING) | A_REVERSE, 0) + 1;
	}
	if (tui_readonly(t))
		return draw_text(r->y, r->x + 1, r->w - 1, copy ? " READ-ONLY COPY " : " READ-ONLY ",
				 theme_attr(ROLE_READONLY), 0) + 1;
	return 0;
}

void rail_draw_title(struct tui *t, long long now_ms)
{
	const struct rect *r = &t->r_title;
	attr_t a = theme_attr(ROLE_TITLE);
	char clock[48], right[512], left[320], cad[AUD_COUNT][48], asof[96];
	char mid[400], badge[64];
	bool overdue[AUD_COUNT];
	int rw, lw, cw, mw;

	draw_fill(r->y, r->x, 1, r->w, a);
	if (t->picking) {
		lw = state_badge(t, r, false);
		draw_text(r->y, r->x + 1 + lw, r->w - 2 - lw, "calm: incidents", a, 0);
		draw_text(r->y, r->x + 1, r->w - 2, t->app->author, a,
			  DRAW_RIGHT);
		return;
	}
	if (t->inc.declared_ms <= 0) /* a damaged row: no time to count from */
		snprintf(clock, sizeof clock, "?");
	else
		duration_format((t->inc.closed ? t->inc.closed_ms : now_ms) - t->inc.declared_ms,
				DURATION_CLOCK, clock, sizeof clock);
	travel_title(t, asof, sizeof asof);
	cw = cadence(t, now_ms, cad, overdue); /* the stage goes first to make room */
	if (t->inc.copy)
		snprintf(left, sizeof left, "of %.160s · #%lld %s",
			 t->copy_of ? t->copy_of : "another store", t->inc.id,
			 t->inc.title ? t->inc.title : "");
	else
		snprintf(left, sizeof left, "#%lld %s", t->inc.id, t->inc.title ? t->inc.title : "");
	for (int pass = 0; pass < 2; pass++) {
		if (asof[0])
			snprintf(right, sizeof right, "SEV%d  %s  as %s",
				 t->inc.severity, asof, t->app->author);
		else if (pass == 0 && t->stage >= 0)
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
	lw = state_badge(t, r, t->inc.copy);
	if (drill_badge(t, badge, sizeof badge)) /* a drill: never taken for the real thing */
		lw += draw_text(r->y, r->x + 1 + lw, r->w - 1 - lw, badge,
				theme_attr(ROLE_WARNING) | A_REVERSE, 0) + 1;
	if (rw + cw + 16 > r->w - 2)
		cw = 0; /* no room: the rail's gate says what is owed */
	/* the people: after the title's first 20 columns, before the rest */
	people_part(t, mid, sizeof mid, r->w - 3 - lw - rw - cw - 22);
	mw = mid[0] ? draw_width(mid) + 2 : 0;
	draw_text(r->y, r->x + 1 + lw, r->w - 3 - lw - rw - cw - mw, left, a, 0);
	if (mw)
		draw_text(r->y, r->x + r->w - 1 - rw - cw - mw, mw - 2, mid, a, 0);
	if (cw) {
		int x = r->x + r->w - 1 - rw - cw;

		for (int i = 0; i < AUD_COUNT; i++)
			if (cad[i][0])
				x += draw_text(r->y, x, r->x + r->w - x, cad[i],
					       overdue[i] ? theme_attr(ROLE_WARNING) : a, 0) + 2;
	}
	draw_text(r->y, r->x, r->w - 1, right, a, DRAW_RIGHT);
}
