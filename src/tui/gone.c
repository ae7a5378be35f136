/*
 * gone.c - the database file was deleted or replaced under the console.
 *
 * SQLite keeps writing through its open file after `rm calm.db*` or a
 * restore from a backup; the store refuses to acknowledge such a write
 * (app_db_same_file()), and the console says so at once, loudly, on its
 * clock tick (so two consoles pairing on the file both know within a
 * second) or when a save fails: a box over the screen and a DATABASE
 * GONE badge in the title bar.  Whatever is being typed stays in the
 * editor.  The box offers the two ways out:
 *
 *   r  write the database this console still holds back to its path
 *      (app_db_restore(): only where nothing is now, or an empty calm
 *      database, or this same database already put back by a partner),
 *      then go on: Enter saves the text as usual;
 *   x  keep the text being typed in a file (recover.c), whose name is
 *      shown, to be offered again when the incident is next opened.
 * Leaving while the file is gone asks first: the console holds the only
 * copy of the database then.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"

/* Show the box (again). */
static void gone_box(struct tui *t)
{
	struct buf body = BUF_INIT;

	buf_addf(&body, "'%s' was deleted or replaced while this console had it open. "
			"Nothing can be saved to it now, and nothing is lost: ",
		 app_db_path(t->app));
	buf_adds(&body, t->ed.open ? "what you are typing stays in the editor.\n\n"
				   : "anything you type stays in the editor.\n\n");
	buf_adds(&body, "r  put the database this console still holds back at that path, then go on\n"
			"x  keep the text you are typing in a file, offered again next time\n");
	modal_open(t, &gone_modal, "The database file is gone", buf_cstr(&body));
	buf_release(&body);
}

void gone_check(struct tui *t)
{
	if (app_db_same_file(t->app) == CALM_OK) {
		if (t->gone) { /* put back by someone else: read it again */
			t->gone = false;
			t->dirty = D_ALL;
		}
		return;
	}
	if (!t->gone || !modal_find(t, &gone_modal)) {
		t->gone = true;
		gone_box(t);
	}
}

void gone_tick(struct tui *t)
{
	bool was = t->gone;

	if (app_db_same_file(t->app) == CALM_OK) {
		t->gone = t->gone_asked = false;
		if (was)
			t->dirty = D_ALL;
		return;
	}
	if (!was) { /* noticed now: once, loudly */
		t->gone = true;
		gone_box(t);
		tui_status(t, true, "%s", t->app->err.msg);
	}
}

static void restore(struct tui *t)
{
	if (app_db_restore(t->app) != CALM_OK) {
		tui_status(t, true, "%s", t->app->err.msg);
		return;
	}
	t->gone = false;
	t->gone_asked = false;
	tui_status(t, false, "'%s' is back: saving works again%s", app_db_path(t->app),
		   t->ed.open ? " (Enter saves your text)" : "");
	tui_reload(t);
}

static void keep(struct tui *t)
{
	struct calm_err err = { 0 };
	char *path = NULL;

	if (!recover_worth_keeping(t)) {
		tui_status(t, false, "nothing typed to keep");
		return;
	}
	if (recover_keep(t, &path, &err) != CALM_OK) {
		tui_status(t, true, "%s", err.msg);
		return;
	}
	tui_status(t, false, "your text is kept in '%s' (it is also still here)", path);
	if (t->recovered && strcmp(t->recovered, path) != 0)
		remove(t->recovered); /* superseded by the new file */
	free(t->recovered);
	t->recovered = path; /* one file for this text: saving it removes it */
}

static bool gone_key(struct tui *t, struct modal *m, int key)
{
	(void)m;
	modal_close(t, &gone_modal);
	if (key == 'r')
		restore(t);
	else if (key == 'x')
		keep(t);
	t->dirty = D_ALL;
	return true;
}

const struct modal_ops gone_modal = {
	.name = "database gone",
	.flags = MODAL_BOX,
	.footer = "r: put it back   x: keep your text in a file   any other key: close this",
	.key = gone_key,
};

bool gone_quit(struct tui *t)
{
	if (!t->gone || t->gone_asked)
		return false;
	t->gone_asked = true;
	gone_box(t);
	tui_status(t, true, "leaving now loses the database this console holds: r puts it back, q again leaves");
	return true;
}
