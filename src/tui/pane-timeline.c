/*
 * pane-timeline.c - the incident's timeline, newest at the bottom.
 *
 * The pane never reads the whole timeline: it holds one screenful of
 * events, read with app_timeline_page() keyset pages, and wraps only
 * those to the pane's width.  An event's text wraps onto the lines
 * below it, indented under the text column; a multi-line note keeps its
 * lines.  Scrolling is by event.
 *
 * Following (the default), the page holds the newest events that fit
 * and the newest is selected, so new ones show as they come.  Moving the
 * selection up pins the page by its first event (top): the page is read
 * forward from it.  j/k move the selection inside the page without
 * reading anything (only the two rows change on screen); past the page's
 * edge the page moves by one event.  Moving down onto the newest event,
 * or G, follows again.  A million events scroll as fast as a hundred:
 * every move reads at most a few pages of at most a screenful.
 *
 * Travelling in time (travel.c), the page ends at the selected event
 * (tl->upto), highlighted; later events are not shown.
 */
#include "tui.h"

#include "calm/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calm/buf.h"
#include "calm/text.h"

static long sel_index(const struct timeline *tl);

/* Gap between "14:05:09 alice" and the text. */
#define GAP 2
/* An event shows at most this many lines (a pasted log, a 100 MB note):
 * the last says how much there is, and Enter reads it whole. */
#define TL_MAX_LINES 10
/* Bytes of an event's text wrapped at most: enough for TL_MAX_LINES
 * lines of any width a terminal has. */
#define TL_MAX_BYTES 8192

struct collect {
	struct tl_line *v;
	size_t n;
	int w;              /* pane width to wrap to */
	unsigned tz;        /* when_format flags */
	bool ids_only;      /* a walk for ids: nothing wrapped */
};

struct wrapped {
	char **v;
	int n;
};

static void add_line(const char *line, void *ctx)
{
	struct wrapped *wr = ctx;

	wr->v = xrealloc(wr->v, (size_t)(wr->n + 1) * sizeof *wr->v);
	wr->v[wr->n++] = xstrdup(line);
}

/* Columns left for the text after the head, and where it starts. */
static int text_col(const char *head, int w, int *width)
{
	int col = 1 + draw_width(head) + GAP;

	if (w - col < 12) /* too narrow beside the head: under it instead */
		col = w - 1 < 12 ? 1 : w - 12;
	*width = w - col > 1 ? w - col : 1;
	return col;
}

/* The colour role of an event kind. */
static enum theme_role kind_role(const char *kind)
{
	static const struct { const char *kind; enum theme_role role; } map[] = {
		{ "note", ROLE_KIND_NOTE }, { "stage", ROLE_KIND_STAGE },
		{ "check", ROLE_KIND_CHECK }, { "draft", ROLE_KIND_COMMS },
		{ "sent", ROLE_KIND_COMMS }, { "send-failed", ROLE_KIND_COMMS },
		{ "fix", ROLE_KIND_FIX }, { "action", ROLE_KIND_ACTION },
	};

	for (size_t i = 0; kind && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(kind, map[i].kind) == 0)
			return map[i].role;
	return ROLE_KIND_SYSTEM;
}

/* Bytes of s to wrap: at most max, never cutting a character. */
static size_t text_prefix(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

/* At most TL_MAX_LINES lines; when the text goes on, the last one says
 * how much there is and how to read it. */
static void clip_lines(struct wrapped *wr, const struct event *ev, int width)
{
	size_t shown = strlen(ev->text), whole = ev->text_len > shown ? ev->text_len : shown;
	bool cut = wr->n > TL_MAX_LINES || whole > TL_MAX_BYTES;
	char size[32], more[96];

	if (!cut)
		return;
	while (wr->n > TL_MAX_LINES - 1)
		free(wr->v[--wr->n]);
	snprintf(more, sizeof more, "\u2026 %s in all: Enter reads it",
		 text_size(whole, size, sizeof size));
	if (draw_width(more) > width)
		snprintf(more, sizeof more, "\u2026 Enter reads it all");
	add_line(more, wr);
}

/*
 * What a person reads of ev after its tag: marks for a backfilled,
 * amended or struck entry, then its newest text (exact bytes made
 * inert; a final line break and CRs before line breaks left out).
 */
static void display_text(struct buf *out, const struct event *ev, unsigned tz)
{
	const char *s = ev->amendments ? ev->amended : ev->text;
	const char *raw = ev->amendments ? ev->amended_raw : ev->raw;
	size_t len = raw ? (ev->amendments ? ev->amended_raw_len : ev->raw_len) : strlen(s);
	struct buf inert = BUF_INIT;

	if (ev->backfilled) {
		char when[16];

		buf_addf(out, "(written %s) ", when_format(ev->ts_ms, WHEN_HM, tz, when, sizeof when));
	}
	if (ev->ref)
		buf_addf(out, "event %lld: ", ev->ref);
	if (ev->struck) {
		buf_adds(out, "(struck: ");
		buf_adds(out, ev->struck);
		buf_adds(out, ") ");
	}
	if (ev->amendments)
		buf_adds(out, "(amended) ");
	if (raw)
		s = raw;
	if (len > TL_MAX_BYTES) /* the rest: Enter reads it */
		len = raw ? TL_MAX_BYTES : text_prefix(s, TL_MAX_BYTES);
	for (size_t i = 0; i < len;) { /* CR LF: a line break */
		const char *cr = memchr(s + i, '\r', len - i);
		size_t end = cr ? (size_t)(cr - s) : len;

		buf_add(&inert, s + i, end - i);
		if (cr && (end + 1 >= len || s[end + 1] != '\n'))
			buf_addc(&inert, '\r');
		i = end + 1;
	}
	while (inert.len && inert.s[inert.len - 1] == '\n')
		inert.len--;
	/* draw_wrap() sanitises what it wraps, but as a C string: a NUL
	 * would cut the text short, so text holding one is sanitised here */
	if (inert.len && memchr(inert.s, '\0', inert.len))
		text_sanitize(out, inert.s, inert.len, TEXT_KEEP_NEWLINE | TEXT_TAB_SPACE);
	else
		buf_add(out, inert.s ? inert.s : "", inert.len);
	buf_release(&inert);
}

static int collect(const struct event *ev, void *ctx)
{
	struct collect *c = ctx;
	struct tl_line *l;
	char when[16];
	struct buf head = BUF_INIT, text = BUF_INIT;
	struct wrapped wr = { NULL, 0 };
	int width;

	c->v = xrealloc(c->v, (c->n + 1) * sizeof *c->v);
	l = &c->v[c->n++];
	l->id = ev->id;
	l->at = ev->occurred_ms;
	if (c->ids_only) {
		l->head = NULL;
		l->lines = xmalloc(sizeof *l->lines);
		l->lines[0] = xstrdup("");
		l->h = 1;
		l->tag[0] = '\0';
		return 0;
	}
	buf_addf(&head, "%s %s", when_format(ev->occurred_ms, WHEN_HMS, c->tz, when, sizeof when),
		 ev->author ? ev->author : "?");
	l->role = ev->damaged ? ROLE_WARNING : kind_role(ev->kind);
	l->tag[0] = '\0';
	if (ev->damaged) { /* shown as read, said to be damaged, by its id */
		buf_addf(&text, "[damaged] event %lld: %s: ", ev->id, ev->damaged);
		snprintf(l->tag, sizeof l->tag, "[damaged]");
	} else if (ev->kind && strcmp(ev->kind, "note") != 0) {
		buf_addf(&text, "[%s] ", ev->kind);
		snprintf(l->tag, sizeof l->tag, "[%.20s]", ev->kind);
	}
	display_text(&text, ev, c->tz);
	l->head = buf_detach(&head);
	text_col(l->head, c->w, &width);
	draw_wrap(buf_cstr(&text), width, add_line, &wr);
	buf_release(&text);
	clip_lines(&wr, ev, width);
	l->lines = wr.v;
	l->h = wr.n > 0 ? wr.n : 1;
	if (wr.n == 0) {
		l->lines = xmalloc(sizeof *l->lines);
		l->lines[0] = xstrdup("");
	}
	return 0;
}

static void lines_clear(struct tl_line *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].head);
		for (int k = 0; k < v[i].h; k++)
			free(v[i].lines[k]);
		free(v[i].lines);
	}
}

static void lines_free(struct tl_line *v, size_t n)
{
	lines_clear(v, n);
	free(v);
}

void timeline_release(struct timeline *tl)
{
	lines_free(tl->v, tl->n);
	tl->v = NULL;
	tl->n = 0;
}

/* One page into c; false on error (reported on the status line). */
static bool page(struct tui *t, long long after, bool forward, size_t limit,
		 long long upto, struct collect *c, long long *last)
{

	if (app_timeline_page(t->app, t->id, after, forward, limit, upto, collect, c,
			      last) != CALM_OK) {
		tui_status(t, true, "%s", t->app->err.msg);
		return false;
	}
	return true;
}

/* Id of the event n after (or before) id in view order; 0 when there is
 * none. */
static long long step_from(struct tui *t, long long id, size_t n, bool back)
{
	struct collect c = { NULL, 0, 1, 0, true };
	long long last = 0;

	page(t, id, !back, n, t->tl.upto, &c, &last);
	lines_free(c.v, c.n);
	return last;
}

/* How many of v[0..n) fit in rows, the first always. */
static size_t fitting(const struct tl_line *v, size_t n, int rows)
{
	int used = 0;
	size_t k = 0;

	while (k < n && (k == 0 || used + v[k].h <= rows)) {
		used += v[k].h;
		k++;
	}
	return k;
}

void timeline_load(struct tui *t, struct timeline *tl, int rows, int w)
{
	struct collect c = { NULL, 0, w, t->app->when_flags, false };
	size_t k;

	timeline_release(tl);
	tl->rows = rows;
	tl->w = w;
	tl->more = false;
	if (rows <= 0 || t->id == 0)
		return;
	if (!tl->follow) {
		long long before = step_from(t, tl->top, 1, true);

		page(t, before, true, (size_t)rows + 1, tl->upto, &c, NULL);
		k = fitting(c.v, c.n, rows);
		if (k < c.n || c.n > (size_t)rows) {
			lines_clear(c.v + k, c.n - k);
			tl->v = c.v;
			tl->n = k;
			tl->more = true;
		} else {
			tl->v = c.v;
			tl->n = c.n;
		}
		if (tl->n == 0) { /* the pinned event is gone: follow */
			timeline_release(tl);
			tl->follow = true;
			timeline_load(t, tl, rows, w);
			return;
		}
		/* ids are not in view order (backfill): look the selection up */
		if (sel_index(tl) < 0)
			tl->sel = tl->v[0].id;
		return;
	}
	/* newest first (travelling: from the selected event back, so it is
	 * the last one shown) */
	page(t, tl->upto ? step_from(t, tl->upto, 1, false) : 0, false, (size_t)rows,
	     tl->upto, &c, NULL);
	k = fitting(c.v, c.n, rows);
	lines_clear(c.v + k, c.n - k);
	c.n = k;
	for (size_t i = 0; i < c.n / 2; i++) { /* newest at the bottom */
		struct tl_line tmp = c.v[i];

		c.v[i] = c.v[c.n - 1 - i];
		c.v[c.n - 1 - i] = tmp;
	}
	tl->v = c.v;
	tl->n = c.n;
	if (tl->n) {
		tl->top = tl->v[0].id;
		tl->sel = tl->v[tl->n - 1].id;
	}
}

bool timeline_add(struct tui *t, struct timeline *tl, const struct event *ev)
{
	struct collect c = { tl->v, tl->n, tl->w, t->app->when_flags, false };
	size_t keep = 0;
	int used = 0;

	if (tl->upto)
		return false;
	if (!tl->follow) { /* the page stays where it was read */
		tl->more = true;
		return true;
	}
	if (tl->rows <= 0)
		return true; /* not on screen: read when it is */
	if (tl->n && ev->occurred_ms < tl->v[tl->n - 1].at)
		return false; /* backfilled: it belongs above the bottom */
	collect(ev, &c);
	tl->v = c.v;
	tl->n = c.n;
	while (keep < tl->n && (keep == 0 || used + tl->v[tl->n - 1 - keep].h <= tl->rows))
		used += tl->v[tl->n - 1 - keep++].h; /* the newest that fit, as loaded */
	lines_clear(tl->v, tl->n - keep);
	memmove(tl->v, tl->v + (tl->n - keep), keep * sizeof *tl->v);
	tl->n = keep;
	tl->top = tl->v[0].id;
	tl->sel = tl->v[tl->n - 1].id;
	return true;
}

void timeline_draw(struct tui *t, struct timeline *tl, const struct rect *r,
		   bool focus)
{
	int y = r->y + 1, end = r->y + r->h;

	draw_fill(r->y, r->x, r->h, r->w, theme_attr(ROLE_NORMAL));
	tui_heading(t, r, V_TIMELINE, focus,
		    tl->follow ? "" : "  scrolled up: G follows");
	if (tl->n == 0 && r->h > 1)
		draw_text(r->y + 1, r->x + 1, r->w - 1, "(no events yet)",
			  theme_attr(ROLE_DIM), 0);
	for (size_t i = 0; i < tl->n && y < end; i++) {
		const struct tl_line *l = &tl->v[i];
		bool sel = (focus || tl->upto) && l->id == tl->sel;
		int width, col = text_col(l->head, r->w, &width);
		attr_t a = theme_attr(ROLE_NORMAL);

		/*
		 * The selected event is marked as the checklist marks its
		 * item, '>' and its time and author in the selection's role,
		 * not a whole row in it (mutt's arrow_cursor): j and k then
		 * rewrite two short heads, not two rows of text, which over a
		 * slow SSH link is the difference a key's echo is felt by.
		 */
		for (int k = 0; k < l->h && y < end; k++, y++) {
			if (k == 0) {
				draw_text(y, r->x, 1, sel ? ">" : " ", a, 0);
				draw_text(y, r->x + 1, r->w - 1, l->head,
					  theme_attr(sel ? ROLE_SELECTION : ROLE_DIM), 0);
			}
			if (k == 0 && l->tag[0] &&
			    strncmp(l->lines[0], l->tag, strlen(l->tag)) == 0) {
				int tw = draw_text(y, r->x + col, r->w - col, l->tag,
						   theme_attr(l->role), 0);

				draw_text(y, r->x + col + tw, r->w - col - tw,
					  l->lines[0] + strlen(l->tag), a, 0);
			} else {
				draw_text(y, r->x + col, r->w - col, l->lines[k], a, 0);
			}
		}
	}
}

/* Index of the selected event in the page, or -1. */
static long sel_index(const struct timeline *tl)
{
	for (size_t i = 0; i < tl->n; i++)
		if (tl->v[i].id == tl->sel)
			return (long)i;
	return -1;
}

/* Move the selection one event; the page moves when it must. */
static void move_sel(struct tui *t, struct timeline *tl, bool down)
{
	long i = sel_index(tl);
	long long id;

	if (i < 0 || tl->n == 0)
		return;
	if (!down) {
		tl->follow = false;
		if (i > 0) {
			tl->sel = tl->v[i - 1].id; /* no read: only two rows change */
			return;
		}
		id = step_from(t, tl->v[0].id, 1, true);
		if (id) {
			tl->top = id;
			tl->sel = id;
			timeline_load(t, tl, tl->rows, tl->w);
		}
		return;
	}
	if (tl->follow)
		return;
	if ((size_t)i + 1 < tl->n) {
		tl->sel = tl->v[i + 1].id;
		if ((size_t)i + 2 == tl->n && !tl->more &&
		    step_from(t, tl->sel, 1, false) == 0)
			tl->follow = true; /* on the newest: follow again */
		if (tl->follow)
			timeline_load(t, tl, tl->rows, tl->w);
		return;
	}
	id = step_from(t, tl->sel, 1, false);
	if (!id) {
		tl->follow = true;
		timeline_load(t, tl, tl->rows, tl->w);
		return;
	}
	tl->sel = id;
	/* move the top down until the new selection fits */
	for (int guard = 0; guard < tl->rows + 1; guard++) {
		long long next = step_from(t, tl->top, 1, false);

		if (!next)
			break;
		tl->top = next;
		tl->sel = id;
		timeline_load(t, tl, tl->rows, tl->w);
		if (sel_index(tl) >= 0 && tl->sel == id)
			break;
	}
	tl->sel = id;
}

bool timeline_action(struct tui *t, struct timeline *tl, enum action a,
		     int rows)
{
	size_t pg = rows > 2 ? (size_t)rows - 1 : 1;
	long long id;

	switch (a) {
	case ACT_UP:
	case ACT_DOWN:
		move_sel(t, tl, a == ACT_DOWN);
		t->dirty |= D_PANE | D_SIDE;
		return true;
	case ACT_PGUP:
		if (tl->n == 0)
			return true;
		id = step_from(t, tl->v[0].id, pg, true);
		tl->follow = false;
		if (id)
			tl->top = id;
		tl->sel = tl->top;
		break;
	case ACT_PGDN:
		if (tl->follow || tl->n == 0)
			return true;
		id = step_from(t, tl->v[0].id, pg, false);
		if (id)
			tl->top = tl->sel = id;
		break;
	case ACT_TOP:
		id = step_from(t, 0, 1, false);
		if (id) {
			tl->follow = false;
			tl->top = tl->sel = id;
		}
		break;
	case ACT_BOTTOM:
		tl->follow = true;
		break;
	default:
		return false;
	}
	timeline_load(t, tl, tl->rows, tl->w);
	if (!tl->follow && !tl->more && tl->n && pg > 1 && a == ACT_PGDN)
		tl->sel = tl->v[tl->n - 1].id;
	t->dirty |= D_PANE | D_SIDE;
	return true;
}

void timeline_click(struct tui *t, struct timeline *tl, int row)
{
	int y = 0;

	for (size_t i = 0; i < tl->n; i++) {
		if (row >= y && row < y + tl->v[i].h) {
			if (tl->v[i].id != tl->sel || tl->follow) {
				tl->sel = tl->v[i].id;
				tl->follow = i + 1 == tl->n && !tl->more && tl->follow;
			}
			t->dirty |= D_PANE | D_SIDE;
			return;
		}
		y += tl->v[i].h;
	}
}
