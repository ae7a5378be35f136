/*
 * input.c - what one key does: paste, the line editor, modals, actions.
 *
 * A key goes first to the modals (modal.h: a paste arriving, the line
 * editor, a question, a box), top first; a key none of them takes is
 * looked up in the actions table for the current place and dispatched.
 * C-z and a paste's start come before the modals (inside a paste they
 * are text).  Actions that write are refused in review (a closed
 * incident, calm review, a read-only database) with "read-only: ..."
 * (tui_readonly()).  Enter in the editor saves here (input_submit).
 */
#include "tui.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/field.h"
#include "theme.h"

/* After a stage move: the calm prompt for the new stage, or "closed". */
static void after_move(struct tui *t, const struct stage_move *mv)
{
	t->cl.sel = t->cl.top = 0;
	tui_reload(t);
	t->stage_news = false; /* our own move: no news */
	t->view = tui_stage_view(t);
	if (t->view != V_TIMELINE)
		t->main = t->view;
	tui_reload(t);
	if (mv->closes) {
		struct app_seal_result res;

		/* sealed when a key needs no passphrase: never asked here */
		if (app_seal(t->app, t->id, t->opts->config->seal_key, 0, &res) == CALM_OK)
			tui_status(t, false, "incident closed: it is read-only history now; sealed by %s",
				   res.signer);
		else
			tui_status(t, false, "incident closed: it is read-only history now; not sealed: run calm seal %lld",
				   t->id);
	} else {
		tui_calm_prompt(t);
	}
}

/* Closing cannot be undone: ask first, saying so. */
static void confirm_close(struct tui *t, const char *reason)
{
	struct buf body = BUF_INIT;

	pending_clear(&t->pend);
	t->pend.reason = reason ? xstrdup(reason) : NULL;
	buf_addf(&body, "Advancing from the last stage closes incident #%lld.\n\n"
			"A closed incident is read-only history: this cannot be undone.%s\n\n"
			"Close it now? y/N",
		 t->id, reason ? "\n\nThe gate is overridden with your reason." : "");
	t->confirm = CONFIRM_CLOSE;
	modal_open(t, &confirm_modal, "Close the incident?", buf_cstr(&body));
	buf_release(&body);
}

void input_close(struct tui *t, const char *reason)
{
	struct stage_move mv;

	if (app_advance(t->app, t->id, t->inc.stage_id, reason, NULL, &mv) == CALM_OK)
		after_move(t, &mv);
	else
		tui_status(t, true, "%s", t->app->err.msg);
}

static bool last_stage(const struct tui *t)
{
	return t->stage >= 0 && (size_t)t->stage + 1 == t->pb->nstages;
}

/* The gate of stage is not met: say what is missing, offer an override. */
static void gate_ask(struct tui *t, const struct gate_report *rep, int stage)
{
	struct buf body = BUF_INIT, title = BUF_INIT;

	buf_addf(&title, "Stage %d/%zu %s is not done yet",
		 stage + 1, t->pb->nstages, t->pb->stages[stage].title);
	buf_adds(&body, "Still missing:\n");
	for (size_t i = 0; i < rep->n; i++)
		if (!rep->status[i].met)
			buf_addf(&body, "[ ] %s\n", rep->status[i].text);
	buf_adds(&body, "\nYou can override the gate with a written reason; "
			"it goes into the timeline.");
	modal_open(t, &gate_modal, buf_cstr(&title), buf_cstr(&body));
	buf_release(&body);
	buf_release(&title);
}

/*
 * What a stage move (step 1 advance, -1 back) came to: made; queued
 * while the server cannot be reached (the app judged it on what the
 * console has, and the rail marks the stage it leads to); stopped by
 * the gate (as the console has it when offline: rep->stage), which asks
 * for an override; or refused.
 */
static void moved(struct tui *t, enum calm_rc rc, int step, const struct gate_report *rep,
		  const struct stage_move *mv)
{
	if (rc == CALM_OK)
		after_move(t, mv);
	else if (rc == CALM_QUEUED)
		tui_queued(t, step > 0 ? "advance" : "back");
	else if (rc == CALM_GATE && rep && rep->nunmet > 0)
		gate_ask(t, rep, rep->stage);
	else
		tui_status(t, true, "%s", t->app->err.msg);
}

static void advance(struct tui *t)
{
	struct gate_report rep = { 0 };
	struct stage_move mv;
	enum calm_rc rc;

	/* closes: one more key (offline, the app says closing waits) */
	if (last_stage(t) && t->gate.nunmet == 0 && !app_offline(t->app)) {
		confirm_close(t, NULL);
		return;
	}
	rc = app_advance(t->app, t->id, t->inc.stage_id, NULL, &rep, &mv);
	moved(t, rc, 1, &rep, &mv);
	gate_report_release(&rep);
}

/*
 * A write is waiting for another process's lock (app_on_wait, set for
 * the whole console in tui_run): say so at once, as the loop is blocked
 * until the write ends; the result (or the busy error, typed text still
 * in the editor) replaces it.
 */
void input_say_waiting(void *ctx)
{
	struct tui *t = ctx;

	tui_status(t, true, "waiting for the database: another process is writing to it...");
	draw_text(t->r_keys.y, 0, t->W, t->status, theme_attr(ROLE_WARNING), DRAW_PAD);
	wnoutrefresh(stdscr);
	doupdate();
}

void input_submit(struct tui *t)
{
	char *text = edit_text(&t->ed);
	struct stage_move mv;
	long long id;
	enum calm_rc rc = CALM_OK;

	switch (t->ed.purpose) {
	case EDIT_NOTE:
		rc = app_note(t->app, t->id, text, strlen(text), NULL);
		if (rc == CALM_QUEUED) {
			tui_edit_end(t); /* on disk in the queue: as good as saved here */
			tui_queued(t, "note");
			rc = CALM_OK;
		} else if (rc == CALM_OK) {
			tui_edit_end(t);
			tui_status(t, false, "note saved");
			tui_reload(t);
		}
		break;
	case EDIT_FIELD:
		rc = fields_submit(t, text);
		if (rc == CALM_QUEUED) { /* on disk in the queue, shown as queued */
			tui_edit_end(t);
			rc = CALM_OK;
		} else if (rc == CALM_OK) {
			tui_edit_end(t);
			tui_reload(t);
		}
		break;
	case EDIT_OVERRIDE:
		if (last_stage(t) && !t->inc.closed && text[0] && !app_offline(t->app)) {
			tui_edit_end(t);
			confirm_close(t, text);
			break;
		}
		rc = app_advance(t->app, t->id, t->inc.stage_id, text, NULL, &mv);
		if (rc == CALM_QUEUED) {
			tui_edit_end(t);
			tui_queued(t, "advance");
			rc = CALM_OK;
		} else if (rc == CALM_OK) {
			tui_edit_end(t);
			tui_status(t, false, "gate overridden: the reason is in the timeline");
			after_move(t, &mv);
		} else if (rc == CALM_GATE) { /* moved on first: the reason is kept as a note */
			char said[sizeof t->app->err.msg];

			snprintf(said, sizeof said, "%s", t->app->err.msg);
			tui_edit_end(t);
			recover_done(t);
			tui_reload(t);
			snprintf(t->app->err.msg, sizeof t->app->err.msg, "%s", said);
		}
		break;
	case EDIT_TITLE:
		rc = app_declare(t->app, text, 3, NULL, &id);
		if (rc == CALM_OK) {
			tui_edit_end(t);
			t->from_picker = true;
			tui_open(t, id);
			similar_show(t, text);
		}
		break;
	default: /* the panes' questions, routed by panes.c */
		rc = panes_submit(t, text);
		break;
	}
	if (rc == CALM_OK && strncmp(t->status, "waiting for the database", 24) == 0)
		t->status[0] = '\0'; /* saved after a wait, and nothing else said */
	if (rc == CALM_OK)
		recover_done(t); /* a kept text, now saved: its file goes */
	if (rc != CALM_OK) /* the text stays in the editor: nothing is lost */
		tui_status(t, true, "%s", t->app->err.msg);
	if (rc != CALM_OK)
		gone_check(t); /* the database file went: say so, offer a way out */
	free(text);
	t->dirty |= D_STATUS | D_KEYS;
}

/* The note being typed goes to $EDITOR and comes back; N starts empty. */
void input_long_note(struct tui *t)
{
	char *typed = t->ed.open ? edit_text(&t->ed) : NULL, *back = NULL;

	external_edit(t, typed, EDIT_NOTE, &back);
	free(typed);
	if (!back) {
		if (!t->status[0] || !t->status_warn)
			tui_status(t, false, t->ed.open ? "the editor left the file empty: your text is still here"
						       : "empty: no note written");
		return;
	}
	enum calm_rc rc = app_note(t->app, t->id, back, strlen(back), NULL);

	if (rc == CALM_QUEUED) {
		tui_edit_end(t);
		recover_done(t);
		tui_queued(t, "note");
	} else if (rc == CALM_OK) {
		tui_edit_end(t);
		recover_done(t);
		tui_status(t, false, "note saved");
		tui_reload(t);
	} else { /* keep it: in the line editor, to fix or save again */
		tui_status(t, true, "%s", t->app->err.msg);
		external_back_to_line(t, EDIT_NOTE, back);
		gone_check(t);
	}
	free(back);
	t->dirty = D_ALL;
}

static void suspend(void)
{
	putp("\033[?2004l");
	fflush(stdout);
	raise(SIGTSTP); /* ncurses' handler leaves and restores the screen */
	putp("\033[?2004h");
	fflush(stdout);
}

/* M: the mouse on or off, saying what that means */
static void toggle_mouse(struct tui *t)
{
	tui_mouse(t, !t->mouse);
	tui_status(t, false, t->mouse ? "mouse on: click and wheel (M turns it off to copy text)"
			       : "mouse off: the terminal and tmux select text (M turns it on)");
}

/* T: the next theme; a bad one keeps the current */
static void next_theme(struct tui *t)
{
	char msg[512];

	if (theme_use(theme_next(), msg, sizeof msg) == CALM_OK)
		tui_status(t, false, "theme %s", theme_current());
	else
		tui_status(t, true, "%s", msg);
	clearok(curscr, TRUE); /* every cell takes the new colours */
	t->dirty = D_ALL;
}

/* u: the next of the --as names acts */
static void next_author(struct tui *t)
{
	char *const *names = t->opts->names;
	int n = 0;

	while (names && names[n])
		n++;
	if (n < 2) {
		tui_status(t, false, "one author only: start with --as alice,bob to pair");
		return;
	}
	t->author_i = (t->author_i + 1) % n;
	t->app->author = names[t->author_i];
	tui_status(t, false, "acting as %s", names[t->author_i]);
	t->dirty |= D_TITLE;
}

/* ?: the keys, opened at those of the place in use */
static void show_help(struct tui *t)
{
	int at = 0;
	char *help = actions_help_text(tui_where(t), prompt_inner_width(t), &at);

	struct modal *m = modal_open(t, &help_modal, "Keys (by where they work)", help);

	if (m)
		prompt_scroll(t, m, at); /* opened at this pane's keys */
	free(help);
}

/* q: back where the incident was opened from, or out */
static void quit(struct tui *t)
{
	if (gone_quit(t))
		return; /* asked once: leaving loses what this console holds */
	if (!t->picking && t->back_to) { /* from a search hit: back where it began */
		long long id = t->back_to;

		t->back_to = 0;
		tui_open(t, id);
		modal_close(t, &calm_modal); /* begun already: no prompt again */
		tui_status(t, false, "back to #%lld", id);
	} else if (!t->picking && t->from_picker) {
		tui_close(t);
		drill_leave(t); /* a drill started from the picker: the team's again */
		t->picking = true;
		t->id = 0;
		tui_reload(t);
	} else {
		t->quit = true;
	}
}

/* <: back one stage. */
static void back(struct tui *t)
{
	struct stage_move mv;

	moved(t, app_back(t->app, t->id, t->inc.stage_id, &mv), -1, NULL, &mv);
}

/* The actions that work the same wherever the keyboard is; false for
 * the ones the pane with the keyboard takes. */
static bool global_action(struct tui *t, enum action a, int key)
{
	switch (a) {
	case ACT_NOTE:
		tui_edit_begin(t, EDIT_NOTE);
		t->dirty |= D_STATUS;
		return true;
	case ACT_NOTE_EDITOR:
		input_long_note(t);
		return true;
	case ACT_DECLARE:
		tui_edit_begin(t, EDIT_TITLE);
		t->dirty |= D_STATUS;
		return true;
	case ACT_ADVANCE:
		advance(t);
		return true;
	case ACT_BACK:
		back(t);
		return true;
	case ACT_PANE:
		tui_focus(t, (enum view)((t->view + 1) % V_COUNT));
		return true;
	case ACT_GOTO:
		if (key >= '1' && key < '1' + (int)V_COUNT)
			tui_focus(t, (enum view)(key - '1'));
		return true;
	case ACT_FIELDS:
		tui_focus(t, V_FIELDS);
		return true;
	case ACT_THEME:
		next_theme(t);
		return true;
	case ACT_AUTHOR:
		next_author(t);
		return true;
	case ACT_HELP:
		show_help(t);
		return true;
	case ACT_QUIT:
		quit(t);
		return true;
	case ACT_MOUSE:
		toggle_mouse(t);
		return true;
	case ACT_SEARCH:
		tui_edit_begin(t, EDIT_SEARCH);
		t->dirty |= D_STATUS;
		return true;
	case ACT_FILTER_STATUS: case ACT_FILTER_SEV:
		filter_key(t, key);
		return true;
	case ACT_ROLE:
		role_open(t);
		return true;
	case ACT_DRILL_PAUSE: case ACT_DRILL_ABANDON:
		drill_action(t, a);
		return true;
	case ACT_DRAFT_INLINE:
		comms_inline(t);
		return true;
	case ACT_TRAVEL_BACK: case ACT_TRAVEL_FWD: case ACT_TRAVEL_BACK10:
	case ACT_TRAVEL_FWD10: case ACT_TRAVEL_TIME: case ACT_TRAVEL_NOW:
		travel_action(t, a);
		return true;
	case ACT_READ:
		timeline_read(t, t->tr.on && t->tr.n ? t->tr.id : t->tl.sel);
		return true;
	case ACT_OPEN:
		t->back_to = 0;
		picker_action(t, a);
		if (!t->picking)
			tui_open(t, t->id);
		return true;
	default:
		return false;
	}
}

static void dispatch(struct tui *t, enum action a, int key)
{
	const struct rect *r;
	int rows;

	drill_disarm(t, a);
	if (capture_action(t, a)) /* b, m; e, x, Enter on the timeline */
		return;
	if (global_action(t, a, key))
		return;
	if (t->picking) {
		picker_action(t, a);
		return;
	}
	r = tui_view_rect(t, t->view);
	rows = r ? r->h - 1 : 1;
	if (t->view == V_TIMELINE && t->tr.on) /* travelling: j/k step in time */
		travel_action(t, a);
	else
		pane_table[t->view].key(t, a, key, rows);
}

void input_key(struct tui *t, int key)
{
	enum action a;

	if (!modal_raw(t)) { /* the terminal's own keys */
		if (key == CTRL('z')) { /* anywhere, even mid-note: the text stays */
			suspend();
			t->dirty = D_ALL;
			return;
		}
		if (key == KEY_PASTE_BEGIN) {
			paste_begin(t);
			return;
		}
	}
	if (modal_key(t, key)) /* the top modal first, then the one under it */
		return;
	if (t->status[0]) { /* a message lasts until the next key */
		t->status[0] = '\0';
		t->dirty |= D_STATUS;
	}
	a = actions_lookup(key, tui_where(t));
	if (a == ACT_NONE)
		return;
	if ((actions_flags(a) & ACTF_MUTATES) && tui_readonly(t)) {
		tui_status(t, true, "%s", tui_readonly_why(t));
		return;
	}
	dispatch(t, a, key);
}
