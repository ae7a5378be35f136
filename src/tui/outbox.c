/*
 * outbox.c - the writes a console makes while the team's server cannot
 * be reached, and how it shows them (offline.c notices the server going
 * and coming back, and sends the queue).
 *
 * A write goes into the queue as the words of the calm command that
 * makes it (`log ID -- TEXT`, `check ID ITEM`, `set ID FIELD -- VALUE`,
 * `advance ID` with the stage it was made from...): the command line's
 * form, so `calm sync` replays both the same way, and free text after
 * `--` so a text like an option stays text.  The console then keeps
 * showing what it last read with the queue over it (t->outbox, read
 * back by the app's pending.c): a queued tick or field marked queued,
 * the stage a queued move leads to marked ~ on the rail, and the rail's
 * outbox listing every write queued for the incident, never as saved.
 * A stage move goes from the stage shown once the queued moves are
 * sent; an advance only when that stage's gate holds on what the
 * console has (the facts last read with the queue counted).
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void offline_pending(struct tui *t)
{
	struct calm_err err = { 0 };

	app_pending_release(&t->outbox);
	if (t->opts->queue_path && t->id > 0)
		app_pending_load(t->opts->queue_path, app_db_path(t->app), t->id, &t->outbox, &err);
	checklist_mark_queued(t);
	if (t->outbox.n > 0 && t->stage >= 0 && t->facts.read &&
	    !t->tr.on) { /* the gate block: as it will be once the queue is sent */
		int at;

		gate_report_release(&t->gate);
		app_gate_pending(t->pb, t->stage, &t->facts, &t->outbox, false, &at, &t->gate);
	}
	t->dirty |= D_ALL;
}

/*
 * Put a write into the queue as the words of the command that makes it
 * (the command line's form: `calm sync` replays both the same way),
 * masked for secrets as the command line keeps them, with what it
 * changes (shown from that while it waits).  stage: a stage move's
 * stage it was made from.  CALM_OFFLINE when it cannot be queued.
 */
static enum calm_rc queue_words(struct tui *t, int argc, const char *const *argv,
				struct app_queued_what what, const char *stage)
{
	char uid[EVENT_UID_LEN + 1];
	enum calm_rc rc;

	if (!app_offline(t->app) || !t->opts->queue_path)
		return calm_err_set(&t->app->err, CALM_OFFLINE, "%s",
				    t->app->err.msg[0] ? t->app->err.msg : "server unreachable");
	if (argc > 2 && strcmp(argv[argc - 1], "-") == 0 && strcmp(argv[argc - 2], "--") == 0 &&
	    (strcmp(argv[0], "log") == 0 || strcmp(argv[0], "amend") == 0 ||
	     strcmp(argv[0], "strike") == 0)) /* their "-" is read from stdin */
		return calm_err_set(&t->app->err, CALM_OFFLINE,
				    "server unreachable, and a text of just '-' cannot be queued");
	app_new_uid(uid);
	what.incident = t->id;
	rc = app_queue_words(t->app, t->opts->queue_path, app_db_path(t->app), uid, argc, argv,
			     &what, stage, false, &t->app->err);
	if (rc == CALM_SPLIT_SECRET) {
		calm_err_clear(&t->app->err);
		return calm_err_set(&t->app->err, CALM_OFFLINE,
				    "server unreachable, and a secret spread over several words cannot be kept masked in the queue");
	}
	if (rc == CALM_OK) {
		t->offline = true;
		t->queued = queued_refused(t, NULL);
		offline_pending(t);
	}
	return rc;
}

enum calm_rc offline_note(struct tui *t, const char *text)
{
	char id[32];
	const char *argv[] = { "log", id, "--", text };

	if (strcmp(text, "-") == 0) /* the command line would read stdin */
		return CALM_OFFLINE;
	snprintf(id, sizeof id, "%lld", t->id);
	return queue_words(t, 4, argv, (struct app_queued_what){ .kind = PENDING_NOTE, .what = text },
			   NULL);
}

enum calm_rc offline_try(struct tui *t, enum calm_rc rc, const char *what, int argc,
			 const char *const *argv)
{
	char id[32];
	const char **words;

	if (rc != CALM_OFFLINE)
		return rc;
	snprintf(id, sizeof id, "%lld", t->id);
	words = xcalloc((size_t)argc + 1, sizeof *words);
	for (int i = 0; i < argc; i++)
		words[i] = argv[i] ? argv[i] : id; /* NULL: the incident's number */
	rc = queue_words(t, argc, words, (struct app_queued_what){ .kind = PENDING_OTHER }, NULL);
	free(words);
	if (rc != CALM_OK)
		return rc;
	tui_status(t, false, "%s queued (server unreachable): sent when it is back", what);
	return CALM_QUEUED;
}

enum calm_rc offline_check(struct tui *t, const char *item, bool checked)
{
	char id[32];
	const char *argv[] = { "check", id, item, "--undo" };

	snprintf(id, sizeof id, "%lld", t->id);
	return queue_words(t, checked ? 3 : 4, argv,
			   (struct app_queued_what){ .kind = PENDING_CHECK, .what = item,
						     .checked = checked },
			   NULL);
}

enum calm_rc offline_field(struct tui *t, const char *name, const char *value)
{
	char id[32];
	const char *argv[] = { "set", id, name, "--", value }; /* a value may start with - */

	snprintf(id, sizeof id, "%lld", t->id);
	return queue_words(t, 5, argv,
			   (struct app_queued_what){ .kind = PENDING_FIELD, .what = name,
						     .value = value },
			   NULL);
}

enum calm_rc offline_move(struct tui *t, int step, const char *reason, struct gate_report *rep)
{
	char id[32];
	const char *argv[] = { step > 0 ? "advance" : "back", id, "--override", reason };
	int at = app_pending_stage(&t->outbox, t->pb, t->stage);
	int to = at + step;
	enum calm_rc rc;

	memset(rep, 0, sizeof *rep);
	if (t->stage < 0 || at < 0)
		return calm_err_set(&t->app->err, CALM_OFFLINE, "server unreachable");
	if (reason && !reason[strspn(reason, " \t\n")]) /* as online: a reason is words */
		return calm_err_set(&t->app->err, CALM_USAGE, "the override reason is empty");
	if (step < 0 && at == 0)
		return calm_err_set(&t->app->err, CALM_GATE, "already at the first stage");
	if (step > 0 && (size_t)at + 1 == t->pb->nstages) /* then sealed: with the server */
		return calm_err_set(&t->app->err, CALM_OFFLINE,
				    "server unreachable: closing the incident waits for it (calm advance %lld queues the close)",
				    t->id);
	if (step > 0 && !reason) {
		app_gate_pending(t->pb, t->stage, &t->facts, &t->outbox, true, &at, rep);
		if (rep->nunmet > 0)
			return calm_err_set(&t->app->err, CALM_GATE, "stage '%s' is not done",
					    t->pb->stages[at].id);
	}
	snprintf(id, sizeof id, "%lld", t->id);
	rc = queue_words(t, step > 0 && reason ? 4 : 2, argv,
			 (struct app_queued_what){ .kind = step > 0 ? PENDING_ADVANCE : PENDING_BACK },
			 t->pb->stages[at].id);
	if (rc == CALM_OK && to >= 0 && (size_t)to < t->pb->nstages) /* what a move queued later goes from */
		app_queue_view_set(t->opts->queue_path, app_db_path(t->app), t->id,
				   t->pb->stages[to].id, &(struct calm_err){ 0 });
	return rc;
}

/* One queued write, as the outbox lists it. */
static void outbox_line(const struct app_pending_write *w, const struct playbook *pb,
			char *buf, size_t n)
{
	int from = w->from ? playbook_stage_index(pb, w->from) : -1;
	int to = from + (w->kind == PENDING_ADVANCE ? 1 : -1);

	switch (w->kind) {
	case PENDING_NOTE:
		snprintf(buf, n, "note: %s", w->what);
		break;
	case PENDING_CHECK:
		snprintf(buf, n, "%s %s", w->checked ? "tick" : "untick", w->what);
		break;
	case PENDING_FIELD:
		snprintf(buf, n, "set %s", w->what);
		break;
	case PENDING_ADVANCE:
	case PENDING_BACK:
		if (from >= 0 && to >= 0 && (size_t)to < pb->nstages)
			snprintf(buf, n, "%s to %d %s", w->kind == PENDING_ADVANCE ? "advance" : "back",
				 to + 1, pb->stages[to].title);
		else
			snprintf(buf, n, "%s", w->kind == PENDING_ADVANCE ? "advance" : "back");
		break;
	default:
		snprintf(buf, n, "%s", w->words);
	}
}

int offline_outbox_draw(struct tui *t, int y, int end)
{
	const struct rect *r = &t->r_rail;

	if (t->outbox.n == 0 || y + 1 >= end)
		return y;
	draw_text(++y, r->x + 1, r->w - 2, "Outbox (sent when back)", theme_attr(ROLE_WARNING), 0);
	y++;
	for (size_t i = 0; i < t->outbox.n && y < end; i++, y++) {
		char line[256];

		outbox_line(&t->outbox.v[i], t->pb, line, sizeof line);
		draw_text(y, r->x + 1, r->w - 2, line, theme_attr(ROLE_DIM), 0);
	}
	return y;
}
