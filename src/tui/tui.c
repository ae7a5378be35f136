/*
 * tui.c - the console's entry, loop and redraw (layout: layout.c).
 *
 * tui_run() takes the terminal (newterm, raw, keypad, bracketed paste,
 * a short ESCDELAY), then loops: draw the dirty regions, wait for a key
 * at most until the clock's next second, act.  A timeout is a tick: the
 * title bar's clock is redrawn and app_db_version() is polled so
 * that other processes' writes (a pairing partner, `calm log`) show
 * within a second (and a stage moved by someone else is named on the
 * status line, with who moved it).  On a team's server the wait is on
 * the terminal and the server's socket together (app_live_fd): another
 * person's commit wakes the console at once, with no polling; when the
 * server goes, the title says OFFLINE (offline.c).  An idle console wakes once a second
 * and does nothing else.  SIGINT, SIGTERM, SIGHUP and SIGQUIT only set a
 * flag; the loop then keeps whatever is being typed, in any editor (a
 * note, a field, a fix attempt, an action item, a draft), with what it
 * was for (recover.c), restores the terminal and returns.  When it
 * cannot be kept, the reason and the text itself go to stderr once the
 * terminal is restored: the last place left.
 *
 * CALM_BENCH_FIRST_FRAME=1 (for bench/console.py) prints "calm: first
 * frame" to stderr after the first doupdate() and leaves.
 * Opening and leaving an incident: open.c.
 */
#include "tui.h"

#include <poll.h>
#include <unistd.h>

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calm/buf.h"

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

bool tui_signalled(void)
{
	return got_signal != 0;
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

/* What follows from the incident's row t->inc, read with rc: the stage,
 * the gate (on the facts of that row), a move made elsewhere, and where
 * the next change starts (t->seen). */
static void take_incident(struct tui *t, enum calm_rc rc)
{
	gate_report_release(&t->gate);
	memset(&t->gate, 0, sizeof t->gate);
	if (rc != CALM_OK) {
		tui_status(t, true, "%s", t->app->err.msg);
		t->stage = -1;
	} else {
		t->stage = playbook_stage_index(t->pb, t->inc.stage_id);
		app_facts_release(&t->facts);
		if (t->stage >= 0 && !t->tr.on) { /* travelling: no gate */
			/* kept: the gate is judged on them (and the queue) offline */
			if (app_facts_of(t->app, &t->inc, &t->facts) == CALM_OK)
				gate_check(t->pb, t->stage, &t->facts.f, &t->gate);
			else
				tui_status(t, true, "%s", t->app->err.msg);
		}
		if (t->known_id == t->id && !t->stage_news &&
		    (t->stage != t->known_stage || t->inc.closed != t->known_closed)) {
			t->stage_news = true; /* after_move() clears it for our own */
			t->news_from = t->known_stage;
			t->news_closed = t->known_closed;
		}
		t->known_id = t->id;
		t->known_stage = t->stage;
		t->known_closed = t->inc.closed;
	}
	if (app_last_event(t->app, t->id, &t->seen) != CALM_OK)
		t->seen = 0; /* unknown: the next change reloads */
}

bool tui_read_incident(struct tui *t)
{
	struct incident inc;
	enum calm_rc rc = app_incident(t->app, t->id, &inc);

	if (rc != CALM_OK && app_offline(t->app) && t->inc.stage_id)
		return false; /* the server went as it was read: what was read stays */
	incident_release(&t->inc);
	if (rc == CALM_OK)
		t->inc = inc;
	else
		memset(&t->inc, 0, sizeof t->inc);
	take_incident(t, rc);
	return true;
}

/* The screen's reads, in one snapshot (app_snapshot_begin): the
 * incident's row (unless row: tui_open has just read it, with *row),
 * then the panes on screen, or the picker. */
static void reload(struct tui *t, const enum calm_rc *row)
{
	bool snap;

	t->reloads++;
	if (app_offline(t->app) ||
	    (app_db_version(t->app, &t->data_version) != CALM_OK && app_offline(t->app))) {
		/* the team's server is away: keep showing what was read, with
		 * what is queued over it (offline.c), never an empty screen */
		offline_pending(t);
		return;
	}
	snap = app_snapshot_begin(t->app);
	if (t->picking) {
		tui_layout(t);
		if (!t->too_small)
			picker_load(t);
		app_snapshot_end(t->app, snap);
		return;
	}
	if (row) {
		take_incident(t, *row);
	} else if (!tui_read_incident(t)) { /* the server went meanwhile */
		app_snapshot_end(t->app, snap);
		offline_pending(t);
		return;
	}
	tui_layout(t);
	panes_load(t);
	tui_layout(t); /* again: where the space goes depends on the content */
	pane_table[V_TIMELINE].load(t);
	travel_apply(t); /* showing the past: the panes as they were */
	people_load(t);
	app_snapshot_end(t->app, snap);
	offline_pending(t); /* what waits in the queue, over what was read */
}

void tui_reload(struct tui *t)
{
	reload(t, NULL);
}

void tui_reload_read(struct tui *t, enum calm_rc row)
{
	reload(t, &row);
}

/* The status line, or the editor on it.  While the editor is open the
 * key line shows the status message (an error, a hint), else the
 * editor's keys: no key but the editor's works then anyway. */
static void draw_status(struct tui *t)
{
	if (t->ask != ASK_NONE) {
		draw_text(t->r_status.y, 0, t->W, panes_ask_text(t),
			  theme_attr(ROLE_HEADING), DRAW_PAD);
		return;
	}
	if (t->ed.open) {
		if (t->status[0])
			draw_text(t->r_keys.y, 0, t->W, t->status,
				  theme_attr(t->status_warn ? ROLE_WARNING : ROLE_STATUS),
				  DRAW_PAD);
		else
			draw_text(t->r_keys.y, 0, t->W,
				  t->ed.purpose == EDIT_NOTE
					  ? "Enter save  Esc discard  C-x $EDITOR  C-u C-w erase  Home End"
					  : "Enter save  Esc cancel  C-u C-w erase  Home End",
				  theme_attr(ROLE_STATUS), DRAW_PAD);
		edit_draw(&t->ed, &t->r_status);
		return;
	}
	draw_text(t->r_status.y, 0, t->W, t->status,
		  theme_attr(t->status_warn ? ROLE_WARNING : ROLE_NORMAL), DRAW_PAD);
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
			enum view v = t->wide ? t->main : t->view;

			pane_table[v].draw(t, &t->r_pane, t->view == v);
		}
		if ((t->wide || t->stacked) && (d & (D_SIDE | D_PANE)))
			pane_table[V_TIMELINE].draw(t, &t->r_side, t->view == V_TIMELINE);
	}
	if (d & D_KEYS && !t->ed.open)
		actions_draw_keyline(&t->r_keys, tui_where(t), tui_readonly(t));
	modals_draw(t);
	if (d & (D_STATUS | D_KEYS) || t->ed.open)
		draw_status(t);
	curs_set(t->ed.open ? 1 : 0);
	wnoutrefresh(stdscr);
	doupdate();
	panes_after_update(t);
}

/* How often other processes' writes are looked for (PRAGMA data_version,
 * a cheap read): a partner's note shows well within a second. */
#define TUI_POLL_MS 250

/* Milliseconds until the clock shows the next second, or the next poll
 * (none when the server's socket wakes the console: live). */
static int next_tick(const struct tui *t, bool live)
{
	long long now = app_now(t->app);
	long long base = t->picking ? 0 : t->inc.declared_ms;
	long long ms = 1000 - ((now - base) % 1000 + 1000) % 1000;

	if (ms > TUI_POLL_MS && !live)
		ms = TUI_POLL_MS;
	if (ms < 10)
		ms = 10;
	return drill_wait_ms(t, (int)ms); /* sooner: a drill's next observation */
}

struct last_stage {
	char author[128];
	bool found;
};

static int find_stage_event(const struct event *ev, void *ctx)
{
	struct last_stage *ls = ctx;

	if (!ev->kind || strcmp(ev->kind, "stage") != 0)
		return 0;
	snprintf(ls->author, sizeof ls->author, "%s", ev->author ? ev->author : "?");
	ls->found = true;
	return 1;
}

/* Another process moved the stage: say so, and by whom (the author of
 * the newest stage event among the last few). */
static void stage_moved(struct tui *t, int before, bool was_closed)
{
	struct last_stage ls = { "", false };
	char who[160] = "";

	app_timeline_page(t->app, t->id, 0, false, 50, 0, find_stage_event, &ls, NULL);
	if (ls.found)
		snprintf(who, sizeof who, " by %s", ls.author);
	if (t->inc.closed && !was_closed)
		tui_status(t, false, "incident closed%s", who);
	else if (t->stage >= 0 && t->stage != before)
		tui_status(t, false, "stage moved to %d/%zu %s%s", t->stage + 1,
			   t->pb->nstages, t->pb->stages[t->stage].title, who);
}

/* The stage moved under this console: its pane (a comms stage: its
 * audience) comes forward, as for a move made here, unless something is
 * being typed or answered, which a switch would take away. */
static void follow_stage(struct tui *t)
{
	struct modal *top = modal_top(t);
	bool prompt = top && top->ops == &calm_modal; /* the old stage's: now the new one's */

	if ((top && !prompt) || t->tr.on) /* typing, answering, reading a box */
		return;
	t->view = tui_stage_view(t);
	if (t->view != V_TIMELINE)
		t->main = t->view;
	tui_reload(t);
	if (prompt) {
		modal_close(t, &calm_modal);
		tui_calm_prompt(t);
	}
}

static void tick(struct tui *t)
{
	long long v;

	t->dirty |= D_TITLE;
	offline_tick(t);
	gone_tick(t); /* the database file deleted or replaced: say so now */
	people_tick(t, app_now(t->app)); /* a heartbeat every few seconds */
	drill_tick(t); /* a drill's observations as they come due */
	if (app_db_version(t->app, &v) == CALM_OK && v != t->data_version)
		news_apply(t, v); /* someone else wrote: a partner, `calm log` */
}

/* A reload found the stage moved by someone else: say so, follow it. */
static void stage_news(struct tui *t)
{
	if (!t->stage_news)
		return;
	t->stage_news = false;
	if (t->picking)
		return;
	stage_moved(t, t->news_from, t->news_closed);
	follow_stage(t);
}

/*
 * The next key, or ERR for a tick: the clock, or (live) another
 * person's commit on the server's socket.  Keys ncurses holds already
 * come first; then the terminal and the socket are waited on together.
 */
static int wait_key(struct tui *t, wint_t *wch)
{
	int live = app_live_fd(t->app);
	struct pollfd p[2];
	int r;

	if (live < 0) {
		timeout(next_tick(t, false));
		return get_wch(wch);
	}
	timeout(0);
	r = get_wch(wch);
	if (r != ERR)
		return r;
	p[0] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
	p[1] = (struct pollfd){ .fd = live, .events = POLLIN };
	if (poll(p, 2, next_tick(t, true)) <= 0 || !(p[0].revents & POLLIN))
		return ERR;
	timeout(next_tick(t, true));
	return get_wch(wch);
}

static void loop(struct tui *t)
{
	const char *bench = getenv("CALM_BENCH_FIRST_FRAME");

	while (!t->quit && !got_signal) {
		wint_t wch;
		int r, key;

		render(t);
		if (bench && bench[0] == '1') {
			/* make bench: the first frame is on the terminal */
			fputs("calm: first frame\n", stderr); /* lint: raw-ok (a literal) */
			break;
		}
		if (t->pp.enter && !t->picking) { /* the incident opened is on screen */
			t->pp.enter = false;
			people_enter(t);
		}
		r = wait_key(t, &wch);
		if (got_signal)
			break;
		if (r == ERR) {
			tick(t);
			stage_news(t);
			continue;
		}
		key = r == KEY_CODE_YES ? (KEY_FN | (int)wch) : (int)wch;
		if (key == (KEY_FN | KEY_RESIZE)) {
			erase();
			tui_reload(t);
			stage_news(t);
			continue;
		}
		if (key == (KEY_FN | KEY_MOUSE)) {
			if (!t->too_small && !t->pasting)
				mouse_event(t);
			continue;
		}
		if (t->too_small && !t->ed.open && key != 'q')
			continue;
		input_key(t, key);
		stage_news(t);
	}
}

void tui_release(struct tui *t)
{
	tui_close(t);
	drill_leave(t);
	search_release(&t->sr);
	free(t->sr.text);
	similar_release(&t->sm);
	incident_release(&t->inc);
	free(t->copy_of);
	gate_report_release(&t->gate);
	app_facts_release(&t->facts);
	app_outbox_release(&t->ob);
	if (t->app->outbox == &t->ob)
		t->app->outbox = NULL;
	checklist_release(&t->cl);
	timeline_release(&t->tl);
	picker_release(&t->pk);
	modal_clear(t);
	free(t->ed.s);
	free(t->ed.clean);
	free(t->paste);
	recover_release(&t->draft);
	free(t->recovered);
	fields_release(&t->fl);
	panes_release(t);
}

/*
 * Take the terminal for t: the screen (newterm), its modes, the theme's
 * colours, the keys, bracketed paste and the mouse.  False when the
 * terminal cannot be used (t->screen NULL).
 */
static bool take_terminal(struct tui *t, const struct console_opts *opts)
{
	const char *nc = getenv("NO_COLOR");

	t->screen = newterm(NULL, stdout, stdin);
	if (!t->screen)
		return false;
	set_term(t->screen);
	/*
	 * Left and taken back at once, before anything is drawn: until a
	 * screen has been left once, ncurses (6.4) writes its output out at
	 * every cursor move, so the first frame went out as one write per
	 * row (~60 at 200x50, each waking whatever reads the terminal: tmux,
	 * sshd).  Left once, it writes each update in one piece, the first
	 * frame included.  The terminal sees the alternate screen on, off
	 * and on again, cleared, before any cell.  This is before
	 * theme_init()'s start_color(): taking back a coloured screen is
	 * when ncurses sends oc (OSC 104), a reset of the user's palette,
	 * which theme.c's keep_palette() takes away for every later return
	 * ($EDITOR, C-z and fg).
	 */
	endwin();
	doupdate();
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	theme_init(opts->config->theme, opts->theme, nc && nc[0]);
	actions_init(opts->config);
	define_key("\033[200~", KEY_MAX + 1);
	define_key("\033[201~", KEY_MAX + 2);
	putp("\033[?2004h");
	fflush(stdout);
	tui_mouse(t, !getenv("CALM_NO_MOUSE"));
	return true;
}

enum calm_rc tui_run(const struct console_opts *opts)
{
	struct tui t = { 0 };
	const char *term = getenv("TERM");
	struct sigaction sa, old[4];
	const int sigs[4] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct calm_err kerr = { 0 };
	char *unkept = NULL;

	if (!opts->app->pb || !app_is_open(opts->app))
		return calm_err_set(&opts->app->err, CALM_USAGE,
				    "the console needs a database and a playbook");
	t.opts = opts;
	t.app = opts->app;
	t.pb = opts->app->pb;
	t.stage = -1;
	t.tl.follow = true;
	if (!take_terminal(&t, opts))
		return calm_err_set(&opts->app->err, CALM_USAGE,
				    "cannot use terminal type '%.40s': install its terminfo (Debian: ncurses-term) or run with TERM=xterm-256color",
				    term && term[0] ? term : "(unset)");
	/* any write that waits for another process's lock says so */
	app_on_wait(t.app, input_say_waiting, &t);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 4; i++)
		sigaction(sigs[i], &sa, &old[i]);

	if (opts->incident) {
		tui_open(&t, opts->incident);
		if (tui_fresh(&t)) /* `calm new`: seen this before? */
			similar_show(&t, t.inc.title);
	} else {
		t.picking = true;
		tui_reload(&t);
	}
	offline_start(&t);
	loop(&t);

	/* a signal while something was being typed: keep it */
	if (got_signal && recover_worth_keeping(&t)) {
		char *path = NULL;

		if (recover_keep(&t, &path, &kerr) == CALM_OK) {
			if (t.recovered && strcmp(t.recovered, path) != 0)
				remove(t.recovered); /* superseded by the new file */
		} else {
			unkept = t.ed.open ? edit_text(&t.ed) : xstrdup("");
		}
		free(path);
	}
	app_on_wait(t.app, NULL, NULL);
	if (t.mouse)
		mousemask(0, NULL);
	putp("\033[?2004l");
	fflush(stdout); /* before endwin's own writes, as on C-z and $EDITOR */
	endwin();
	fflush(stdout);
	for (int i = 0; i < 4; i++)
		sigaction(sigs[i], &old[i], NULL);
	if (unkept) { /* the terminal is back: the last place left */
		struct buf msg = BUF_INIT;

		buf_addf(&msg, "calm: cannot keep what you were typing: %s; here it is:\n%s\n",
			 kerr.msg, unkept);
		draw_after(stderr, buf_cstr(&msg));
		buf_release(&msg);
		free(unkept);
	}
	delscreen(t.screen);
	tui_release(&t);
	return CALM_OK;
}
