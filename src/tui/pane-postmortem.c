/*
 * pane-postmortem.c - the postmortem, previewed and exported.
 *
 * The preview is app_postmortem_render()'s Markdown (the playbook's
 * template filled from the incident), wrapped to the pane's width and
 * drawn inert like all text; j/k, PgDn/PgUp, g/G scroll it.  The same
 * blame check as for updates runs on it (its phrases; not the people's
 * names, which the timeline appendix holds as authors), and the words it finds are
 * named on a warning line above the text (the routine says causes, not
 * culprits).  x asks where to export it, offering
 * $PWD/incident-ID-postmortem.md (a leading ~/ is expanded), and writes
 * it with app_export(), which records the export: the last gate opens
 * (a path ending .html gets the HTML page).  The preview itself records
 * nothing.  A postmortem with facts not filled in ("[cause: not set]")
 * is refused naming them; Enter again on the same path exports it
 * anyway.
 * A closed incident exports too; its history is not written to.
 *
 * The Markdown is rendered when the incident is re-read and the pane is
 * on screen, and wrapped again only when the width changes.  Above it,
 * when the pane has the rows, a strip draws the incident over time
 * (pm-strip.c): the stages, the impact window, updates and fixes.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calm/buf.h"

static void lines_free(struct pm_pane *pm)
{
	for (int i = 0; i < pm->n; i++)
		free(pm->lines[i]);
	free(pm->lines);
	pm->lines = NULL;
	pm->n = 0;
	pm->w = 0;
}

void pm_release(struct pm_pane *pm)
{
	lines_free(pm);
	free(pm->text);
	pm->text = NULL;
	pm->blame[0] = '\0';
	free(pm->refused);
	pm->refused = NULL;
	pm_strip_release(pm);
}

static void add_line(const char *line, void *ctx)
{
	struct pm_pane *pm = ctx;

	pm->lines = xrealloc(pm->lines, (size_t)(pm->n + 1) * sizeof *pm->lines);
	pm->lines[pm->n++] = xstrdup(line);
}

static void wrap(struct pm_pane *pm, int w)
{
	lines_free(pm);
	pm->w = w;
	if (pm->text && w > 0)
		draw_wrap(pm->text, w, add_line, pm);
}

/* The words hit, each once ("'Bob's fault', 'careless'"), into pm->blame. */
static void blame_words(struct pm_pane *pm, const struct blame_result *br)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < br->n; i++) {
		struct buf w = BUF_INIT;

		buf_addc(&w, '\'');
		buf_add(&w, pm->text + br->m[i].off, br->m[i].len);
		buf_addc(&w, '\'');
		if (!b.s || !strstr(b.s, buf_cstr(&w)))
			buf_addf(&b, "%s%s", b.len ? ", " : "", buf_cstr(&w));
		buf_release(&w);
	}
	snprintf(pm->blame, sizeof pm->blame, "%s", buf_cstr(&b));
	buf_release(&b);
}

void pm_load(struct tui *t)
{
	struct pm_pane *pm = &t->pm;
	const struct rect *r = tui_view_rect(t, V_POSTMORTEM);
	struct blame_result br = { 0 };

	char *keep = pm->refused; /* a refusal outlives a reload */
	pm->refused = NULL;
	pm_release(pm);
	pm->refused = keep;
	if (!t->id || !t->inc.title || !r)
		return;
	if (app_postmortem_render(t->app, t->id, APP_EXPORT_MD, &pm->text) != CALM_OK) {
		tui_status(t, true, "%s", t->app->err.msg);
		return;
	}
	/* the phrases only: the timeline appendix and the action items name
	 * their authors and owners, which is not blame */
	if (blame_check(pm->text, t->pb->blame ? (const char *const *)t->pb->blame : NULL,
			NULL, &br) > 0)
		blame_words(pm, &br);
	blame_result_release(&br);
	if (app_postmortem_shape(t->app, t->id, &pm->shape) == CALM_OK)
		pm_strip_build(pm, r->w - 2, t->app->when_flags);
	wrap(pm, r->w - 2);
}

/* The strip shows when the pane has room for it and the text below. */
static bool strip_shown(const struct pm_pane *pm, int h)
{
	return pm->strip[0] && h >= 16;
}

/* Rows above the text: the blame line when there is one, the strip
 * and a blank line under it when shown (h: the pane's rows). */
static int head_rows(const struct pm_pane *pm, int h)
{
	return (pm->blame[0] ? 1 : 0) + (strip_shown(pm, h) ? PM_STRIP_ROWS + 1 : 0);
}

void pm_draw(struct tui *t, const struct rect *r, bool focus)
{
	struct pm_pane *pm = &t->pm;
	int y = r->y + 1, rows;

	draw_fill(r->y, r->x, r->h, r->w, theme_attr(ROLE_NORMAL));
	tui_heading(t, r, V_POSTMORTEM, focus, focus ? "  x export" : "");
	if (r->h < 2)
		return;
	if (!pm->text) {
		draw_text(y, r->x + 1, r->w - 1, "(no postmortem to show)", theme_attr(ROLE_DIM), 0);
		return;
	}
	if (pm->w != r->w - 2)
		wrap(pm, r->w - 2);
	if (pm->strip_w != r->w - 2 && pm->shape.nstages)
		pm_strip_build(pm, r->w - 2, t->app->when_flags);
	for (int i = 0; strip_shown(pm, r->h) && i < PM_STRIP_ROWS; i++)
		draw_text(y++, r->x + 1, r->w - 1, pm->strip[i] ? pm->strip[i] : "",
			  theme_attr(i == 1 ? ROLE_GATE_UNMET : i == 0 ? ROLE_STAGE_CURRENT
				     : i == 2 ? ROLE_KIND_FIX : ROLE_DIM), 0);
	if (strip_shown(pm, r->h))
		y++;
	if (pm->blame[0]) {
		char line[480];

		snprintf(line, sizeof line, "blame words: %s (causes, not culprits)", pm->blame);
		draw_text(y++, r->x + 1, r->w - 1, line, theme_attr(ROLE_WARNING), 0);
	}
	rows = r->y + r->h - y;
	if (pm->top > pm->n - rows)
		pm->top = pm->n - rows;
	if (pm->top < 0)
		pm->top = 0;
	for (int i = pm->top; i < pm->n && y < r->y + r->h; i++, y++)
		draw_text(y, r->x + 1, r->w - 1, pm->lines[i],
			  theme_attr(pm->lines[i][0] == '#' ? ROLE_HEADING : ROLE_NORMAL), 0);
}

bool pm_action(struct tui *t, enum action a, int rows)
{
	struct pm_pane *pm = &t->pm;
	int head = head_rows(pm, rows + 1);
	int page = rows - head > 2 ? rows - head - 1 : 1;
	int max = pm->n - (rows - head);
	char cwd[4096];

	switch (a) {
	case ACT_DOWN: pm->top++; break;
	case ACT_UP: pm->top--; break;
	case ACT_PGDN: pm->top += page; break;
	case ACT_PGUP: pm->top -= page; break;
	case ACT_TOP: pm->top = 0; break;
	case ACT_BOTTOM: pm->top = max; break;
	case ACT_EXPORT: {
		struct buf b = BUF_INIT;

		if (!getcwd(cwd, sizeof cwd))
			snprintf(cwd, sizeof cwd, "%s", getenv("HOME") ? getenv("HOME") : "/tmp");
		buf_addf(&b, "%s/incident-%lld-postmortem.md", cwd, t->id);
		tui_edit_begin(t, EDIT_EXPORT_PATH);
		edit_insert_utf8(&t->ed, buf_cstr(&b), b.len);
		buf_release(&b);
		tui_status(t, false, "export the postmortem (Markdown) to this file; ~/ is your home");
		return true;
	}
	default:
		return false;
	}
	if (pm->top > max)
		pm->top = max;
	if (pm->top < 0)
		pm->top = 0;
	t->dirty |= D_PANE;
	return true;
}

enum calm_rc pm_submit(struct tui *t, const char *text)
{
	struct buf path = BUF_INIT;
	const char *home = getenv("HOME");
	bool closed = t->inc.closed;
	enum calm_rc rc;

	if (!text[0])
		return calm_err_set(&t->app->err, CALM_USAGE, "say where to export (Esc cancels)");
	if (strncmp(text, "~/", 2) == 0 && home && home[0] == '/')
		buf_addf(&path, "%s/%s", home, text + 2);
	else
		buf_adds(&path, text);
	if (buf_cstr(&path)[0] != '/') { /* relative: from where calm runs */
		char cwd[4096];

		if (getcwd(cwd, sizeof cwd)) {
			char *rel = buf_detach(&path);

			buf_addf(&path, "%s/%s", cwd, rel);
			free(rel);
		}
	}
	const char *dot = strrchr(buf_cstr(&path), '.');
	enum app_export_format fmt = dot && strcmp(dot, ".html") == 0 ? APP_EXPORT_HTML
									: APP_EXPORT_MD;
	bool again = t->pm.refused && strcmp(t->pm.refused, buf_cstr(&path)) == 0;
	rc = app_export(t->app, t->id, fmt, buf_cstr(&path), again ? APP_EXPORT_ALLOW_MISSING : 0);
	free(t->pm.refused);
	t->pm.refused = NULL;
	if (rc == CALM_GATE) { /* facts not filled in: said; Enter again exports */
		t->pm.refused = xstrdup(buf_cstr(&path));
		size_t n = strlen(t->app->err.msg);
		snprintf(t->app->err.msg + n, sizeof t->app->err.msg - n,
			 "; Enter again exports anyway");
	}
	if (rc == CALM_OK) {
		tui_status(t, false, closed ? "postmortem exported (not recorded: closed) to %s"
					    : "postmortem exported to %s",
			   buf_cstr(&path));
		tui_edit_end(t);
		tui_reload(t);
	}
	buf_release(&path);
	return rc;
}
