/*
 * list.c - the selection of a list pane whose entries take a fixed
 * number of rows (fixes, action items): moving it by key and by click.
 * Curses-free state, shared so the panes cannot drift apart.
 */
#include "tui.h"

bool list_move(size_t *sel, size_t n, enum action a, int rows, int per)
{
	size_t page = per > 0 && rows / per > 1 ? (size_t)(rows / per) : 1;
	size_t last = n ? n - 1 : 0;

	switch (a) {
	case ACT_DOWN: *sel = *sel < last ? *sel + 1 : last; return true;
	case ACT_UP: *sel = *sel ? *sel - 1 : 0; return true;
	case ACT_TOP: *sel = 0; return true;
	case ACT_BOTTOM: *sel = last; return true;
	case ACT_PGDN: *sel = *sel + page < last ? *sel + page : last; return true;
	case ACT_PGUP: *sel = *sel > page ? *sel - page : 0; return true;
	default: return false;
	}
}

bool list_click(size_t *sel, size_t top, size_t n, int row, int per)
{
	size_t k = top + (size_t)(row / (per > 0 ? per : 1));

	if (row < 0 || k >= n)
		return false;
	*sel = k;
	return true;
}
