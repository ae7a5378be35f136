/*
 * tui.c - the console's entry, loop, layout and redraw.
 *
 * tui_run() takes the terminal (newterm, raw, keypad, bracketed paste,
 * a short ESCDELAY), then loops: draw the dirty regions, wait for a key
 * at most until the clock's next second, act.  A timeout is a tick: the
 * title bar's clock is redrawn and store_data_version() is polled so
 * that other processes' writes (a pairing partner, `calm log`) show
 * within a second.  An idle console wakes once a second and does nothing
 * else.  SIGINT, SIGTERM and SIGHUP only set a flag; the loop then
 * restores the terminal and returns.
 *
 * Layout (rows): title bar; then the stage rail on the left and, on the
 * right, the gate of the stage above the working pane (and, from
 * TUI_WIDE_W columns, the timeline beside it); a status line (the line
 * editor while it is open); the key line.  Below TUI_MIN_W x TUI_MIN_H
 * only "terminal too small" is shown, and the screen recovers on resize.
 */
#include "tui.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

void tui_status(struct tui *t, bool warn, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->status, sizeof t->status, fmt, ap);
	va_end(ap);
	t->status_warn = warn;
	t->dirty |= D_STATUS;
}

void tui_modal(struct tui *t, enum modal_kind kind, const char *title,
	       const char *body)
{
	free(t->modal_title);
	free(t->modal_body);
	t->modal_title = title ? xstrdup(title) : NULL;
	t->modal_body = body ? xstrdup(body) : NULL;
	t->modal = kind;
	t->dirty = D_ALL;
}

static bool has_checklist(const struct tui *t)
{
	return t->stage >= 0 && t->pb->stages[t->stage].pane == PANE_CHECKLIST;
}

/* The stage drives a pane this build does not have (comms, fixes...). */
static bool own_pane_missing(const struct tui *t)
{
	return t->stage >= 0 && t->pb->stages[t->stage].pane != PANE_CHECKLIST &&
	       t->pb->stages[t->stage].pane != PANE_TIMELINE;
}

void tui_layout(struct tui *t)
{
	int body, rw, g, x, ww;

	t->W = COLS;
	t->H = LINES;
	t->too_small = t->W < TUI_MIN_W || t->H < TUI_MIN_H;
	t->dirty = D_ALL;
	if (t->too_small)
		return;
	body = t->H - 3;
	t->r_title = (struct rect){ 0, 0, 1, t->W };
	t->r_status = (struct rect){ t->H - 2, 0, 1, t->W };
	t->r_keys = (struct rect){ t->H - 1, 0, 1, t->W };
	memset(&t->r_side, 0, sizeof t->r_side);
	if (t->picking) {
		t->r_pane = (struct rect){ 1, 0, body, t->W };
		return;
	}
	rw = t->W >= TUI_WIDE_W ? 30 : 26;
	t->r_rail = (struct rect){ 1, 0, body, rw };
	x = rw;
	ww = t->W - rw;
	t->wide = t->W >= TUI_WIDE_W && has_checklist(t);
	if (!t->wide && !has_checklist(t))
		t->focus_timeline = true;
	if (t->wide) {
		int sw = ww * 45 / 100;

		t->r_side = (struct rect){ 1, x + ww - sw, body, sw };
		ww -= sw;
	}
	g = rail_gate_rows(t);
	if (g > body / 3)
		g = body / 3;
	t->r_gate = (struct rect){ 1, x, g, ww };
	t->r_pane = (struct rect){ 1 + g, x, body - g, ww };
}

const struct rect *tui_timeline_rect(const struct tui *t)
{
	if (t->picking || t->too_small)
		return NULL;
	if (t->wide)
		return &t->r_side;
	return t->focus_timeline ? &t->r_pane : NULL;
}

void tui_reload(struct tui *t)
{
	struct calm_err err = { 0 };
	const struct rect *tr;

	store_data_version(t->st, &t->data_version, &err);
	if (t->picking) {
		tui_layout(t);
		if (!t->too_small)
			picker_load(t);
		return;
	}
	incident_release(&t->inc);
	gate_report_release(&t->gate);
	memset(&t->gate, 0, sizeof t->gate);
	if (store_incident_get(t->st, t->id, &t->inc, &err) != CALM_OK) {
		tui_status(t, true, "%s", err.msg);
		t->stage = -1;
	} else {
		t->stage = playbook_stage_index(t->pb, t->inc.stage_id);
		if (t->stage >= 0 && app_gate(t->app, t->id, &t->gate) != CALM_OK)
			tui_status(t, true, "%s", t->app->err.msg);
	}
	tui_layout(t);
	checklist_load(t);
	tr = tui_timeline_rect(t);
	timeline_load(t, &t->tl, tr ? tr->h - 1 : 0);
}

void tui_calm_prompt(struct tui *t)
{
	const struct stage *s;
	char title[300];

	if (t->stage < 0 || t->inc.closed)
		return;
	s = &t->pb->stages[t->stage];
	snprintf(title, sizeof title, "Stage %d/%zu: %s", t->stage + 1,
		 t->pb->nstages, s->title);
	tui_modal(t, MODAL_CALM, title,
		  s->guidance && s->guidance[0] ? s->guidance
						: "Breathe.  One thing at a time.");
}

void tui_open(struct tui *t, long long id)
{
	t->id = id;
	t->picking = false;
	t->tl.follow = true;
	t->cl.sel = t->cl.top = 0;
	t->focus_timeline = false;
	tui_reload(t);
	tui_calm_prompt(t);
}

static void draw_status(struct tui *t)
{
	if (t->ed.open) {
		edit_draw(&t->ed, &t->r_status);
		return;
	}
	draw_text(t->r_status.y, 0, t->W, t->status,
		  theme_attr(t->status_warn ? ROLE_WARNING : ROLE_NORMAL), DRAW_PAD);
}

static unsigned where(const struct tui *t)
{
	if (t->picking)
		return W_PICKER;
	return W_INCIDENT | (t->focus_timeline ? W_TIMELINE : W_CHECKLIST);
}

static void render(struct tui *t)
{
	unsigned d = t->dirty;

	if (!d)
		return;
	t->dirty = 0;
	if (t->too_small) {
		char msg[64];
		int w;

		snprintf(msg, sizeof msg, "terminal too small (need %dx%d)",
			 TUI_MIN_W, TUI_MIN_H);
		erase();
		w = draw_width(msg) < COLS ? draw_width(msg) : COLS;
		draw_text(LINES / 2, (COLS - w) / 2, COLS, msg,
			  theme_attr(ROLE_WARNING), 0);
		curs_set(0);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	if (d & D_TITLE)
		rail_draw_title(t, app_now(t->app));
	if (t->picking) {
		if (d & D_PANE)
			picker_draw(t);
	} else {
		if (d & D_RAIL) {
			rail_draw(t);
			rail_draw_gate(t);
		}
		if (d & D_PANE) {
			if (!t->wide && t->focus_timeline)
				timeline_draw(t, &t->tl, &t->r_pane, true,
					      own_pane_missing(t)
						      ? "Timeline (this stage's own pane is not built yet)"
						      : "Timeline");
			else
				checklist_draw(t, &t->r_pane, !t->focus_timeline);
		}
		if (t->wide && (d & (D_SIDE | D_PANE)))
			timeline_draw(t, &t->tl, &t->r_side, t->focus_timeline,
				      "Timeline");
	}
	if (d & D_KEYS)
		actions_draw_keyline(&t->r_keys, where(t));
	if (t->modal != MODAL_NONE)
		prompt_draw(t);
	if (d & D_STATUS || t->ed.open)
		draw_status(t);
	curs_set(t->ed.open ? 1 : 0);
	wnoutrefresh(stdscr);
	doupdate();
}

/* Milliseconds until the clock shows the next second. */
static int next_tick(const struct tui *t)
{
	long long now = app_now(t->app);
	long long base = t->picking ? 0 : t->inc.declared_ms;
	long long ms = 1000 - ((now - base) % 1000 + 1000) % 1000;

	return ms < 10 ? 10 : (int)ms;
}

static void tick(struct tui *t)
{
	struct calm_err err = { 0 };
	long long v;

	t->dirty |= D_TITLE;
	if (store_data_version(t->st, &v, &err) == CALM_OK && v != t->data_version)
		tui_reload(t); /* someone else wrote: a partner, `calm log` */
}

static void loop(struct tui *t)
{
	while (!t->quit && !got_signal) {
		wint_t wch;
		int r, key;

		render(t);
		timeout(next_tick(t));
		r = get_wch(&wch);
		if (got_signal)
			break;
		if (r == ERR) {
			tick(t);
			continue;
		}
		key = r == KEY_CODE_YES ? (KEY_FN | (int)wch) : (int)wch;
		if (key == (KEY_FN | KEY_RESIZE)) {
			erase();
			tui_reload(t);
			continue;
		}
		if (t->too_small && !t->ed.open && key != 'q')
			continue;
		input_key(t, key);
	}
}

static void release(struct tui *t)
{
	incident_release(&t->inc);
	gate_report_release(&t->gate);
	checklist_release(&t->cl);
	timeline_release(&t->tl);
	picker_release(&t->pk);
	free(t->modal_title);
	free(t->modal_body);
	free(t->ed.s);
	free(t->paste);
}

enum calm_rc tui_run(struct cli *cli, long long incident)
{
	struct tui t = { 0 };
	const char *term = getenv("TERM"), *nc = getenv("NO_COLOR");
	struct sigaction sa, old[3];
	const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };

	if (!cli->pb || !cli->st)
		return calm_err_set(&cli->err, CALM_USAGE, "the console needs a database and a playbook");
	t.cli = cli;
	t.app = &cli->app;
	t.st = cli->st;
	t.pb = cli->pb;
	t.stage = -1;
	t.tl.follow = true;
	t.screen = newterm(NULL, stdout, stdin);
	if (!t.screen)
		return calm_err_set(&cli->err, CALM_USAGE,
				    "cannot use terminal type '%.40s': install its terminfo (Debian: ncurses-term) or run with TERM=xterm-256color",
				    term && term[0] ? term : "(unset)");
	set_term(t.screen);
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	theme_init(nc && nc[0]);
	actions_init();
	define_key("\033[200~", KEY_MAX + 1);
	define_key("\033[201~", KEY_MAX + 2);
	putp("\033[?2004h");
	fflush(stdout);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);

	if (incident) {
		tui_open(&t, incident);
	} else {
		t.picking = true;
		tui_reload(&t);
	}
	loop(&t);

	putp("\033[?2004l");
	endwin();
	fflush(stdout);
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	delscreen(t.screen);
	release(&t);
	return CALM_OK;
}
