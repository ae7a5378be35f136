/*
 * filter.c - the picker's filter: status, severity and title text.
 *
 * a cycles all / active / closed, 1 to 4 show or hide a severity (none
 * chosen: all), and the text typed in the search line (/) keeps only
 * the incidents whose title contains it, case-insensitively, as you
 * type.  The heading names the filter in force.  With a filter the
 * picker walks every incident to count the matching ones; without, it
 * reads only the rows on screen as before.
 */
#include "tui.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"

static const char *const status_names[3] = { "all", "active", "closed" };

bool filter_key(struct tui *t, int key)
{
	struct search *sr = &t->sr;

	if (key == 'a') {
		sr->status = (sr->status + 1) % 3;
		tui_status(t, false, "showing %s incidents", status_names[sr->status]);
	} else if (key >= '1' && key <= '4') {
		sr->sev ^= 1u << (key - '0');
		tui_status(t, false, "severity %c %s", key,
			   sr->sev & (1u << (key - '0')) ? "shown" : "no longer chosen");
	} else {
		return false;
	}
	t->pk.sel = t->pk.top = 0;
	picker_load(t);
	t->dirty |= D_PANE;
	return true;
}

void filter_text(struct tui *t, const char *text)
{
	free(t->sr.text);
	t->sr.text = text && text[0] ? xstrdup(text) : NULL;
	t->pk.sel = t->pk.top = 0;
	picker_load(t);
	t->dirty |= D_PANE;
}

/* Whether needle occurs in hay, ASCII letters in any case. */
static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++) {
		size_t i = 0;

		while (i < n && hay[i] &&
		       tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return n == 0;
}

bool filter_pass(const struct search *sr, const struct incident *inc)
{
	if (sr->status == 1 && inc->closed)
		return false;
	if (sr->status == 2 && !inc->closed)
		return false;
	if (sr->sev && inc->severity >= 1 && inc->severity <= 4 &&
	    !(sr->sev & (1u << inc->severity)))
		return false;
	return !sr->text || contains(inc->title ? inc->title : "", sr->text);
}

void filter_describe(const struct search *sr, char *buf, size_t n)
{
	struct buf b = BUF_INIT;

	if (sr->status)
		buf_addf(&b, " \u00b7 %s", status_names[sr->status]);
	if (sr->sev) {
		buf_adds(&b, " \u00b7 SEV");
		for (int s = 1, first = 1; s <= 4; s++)
			if (sr->sev & (1u << s)) {
				buf_addf(&b, "%s%d", first ? "" : ",", s);
				first = 0;
			}
	}
	if (sr->text)
		buf_addf(&b, " \u00b7 title ~ \"%.40s\"", sr->text);
	snprintf(buf, n, "%s", buf_cstr(&b));
	buf_release(&b);
}
