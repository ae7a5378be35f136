/*
 * similar.c - "we've seen this before": similar past incidents.
 *
 * Right after a declaration (n in the picker, or `calm new` opening
 * the console on the incident it just declared), the incidents whose
 * title or notes share words with the new title (app_similar) show
 * in a box, up to three, with their titles.  Their digit previews that
 * incident's postmortem, read-only (app_postmortem_render reads only),
 * scrolling with j/k; any other key goes on to the new incident and its
 * calm prompt.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"

void similar_release(struct similar *sm)
{
	for (int i = 0; i < sm->n; i++)
		free(sm->title[i]);
	memset(sm, 0, sizeof *sm);
}

static int add(const struct similar_hit *h, void *ctx)
{
	struct similar *sm = ctx;

	if (sm->n >= 3)
		return 1;
	sm->id[sm->n] = h->incident;
	sm->title[sm->n] = xstrdup(h->title ? h->title : "");
	sm->closed[sm->n] = h->closed;
	sm->n++;
	return 0;
}

static void list(struct tui *t)
{
	struct similar *sm = &t->sm;
	struct buf b = BUF_INIT;

	buf_adds(&b, "These past incidents look like this one:\n\n");
	for (int i = 0; i < sm->n; i++)
		buf_addf(&b, "  %d  #%lld %s%s\n", i + 1, sm->id[i], sm->title[i],
			 sm->closed[i] ? "  (closed)" : "  (active)");
	buf_adds(&b, "\nTheir postmortems may say what worked last time.");
	sm->preview = 0;
	modal_open(t, &similar_modal, "Seen this before?", buf_cstr(&b));
	buf_release(&b);
}

void similar_show(struct tui *t, const char *title)
{

	similar_release(&t->sm);
	if (app_similar(t->app, title, t->id, 3, add, &t->sm) != CALM_OK ||
	    t->sm.n == 0)
		return;
	list(t);
}

static bool similar_key(struct tui *t, struct modal *m, int key)
{
	struct similar *sm = &t->sm;

	if (sm->preview) {
		int d = 0;

		switch (key) {
		case 'j': case KEY_FN | KEY_DOWN: d = 1; break;
		case 'k': case KEY_FN | KEY_UP: d = -1; break;
		case ' ': case CTRL('d'): case KEY_FN | KEY_NPAGE: d = t->H / 2; break;
		case CTRL('u'): case KEY_FN | KEY_PPAGE: d = -(t->H / 2); break;
		}
		if (d)
			prompt_scroll(t, m, d);
		else
			list(t); /* back to the list */
		return true;
	}
	if (key >= '1' && key < '1' + sm->n) {
		long long id = sm->id[key - '1'];
		char *md = NULL, title[96];

		if (app_postmortem_render(t->app, id, APP_EXPORT_MD, &md) != CALM_OK) {
			tui_status(t, true, "%s", t->app->err.msg);
			return true;
		}
		snprintf(title, sizeof title, "#%lld postmortem (read-only preview)", id);
		modal_open(t, &similar_modal, title, md);
		sm->preview = id;
		free(md);
		return true;
	}
	modal_close(t, &similar_modal);
	similar_release(sm);
	tui_calm_prompt(t); /* on to the new incident */
	return true;
}

const struct modal_ops similar_modal = {
	.name = "similar",
	.flags = MODAL_BOX,
	.footer = "1-3: its postmortem (read-only)   j/k scroll   any other key: go on",
	.key = similar_key,
};
