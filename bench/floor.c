/*
 * floor.c - the floor of the console benchmarks: a bare ncurses program
 * that takes the terminal as calm does (newterm, raw, no echo, keypad,
 * colours) and paints one screen, every cell, a title bar, a left
 * column and lines of text in a few colours, then prints "floor: first
 * frame" to stderr after its doupdate() and leaves.  No file, no
 * database, no configuration: what any full-screen program pays before
 * it can show anything.  bench/console.py times it from spawn to that
 * line, as it times calm's first frame.
 */
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

static const char *const words[] = {
	"checked", "the", "load", "balancer", "on", "shard", "p99", "at",
	"412", "ms,", "error", "rate", "still", "38%", "trace", "rolled",
	"back", "deploy", "cache", "warm", "again",
};

static void row(int y, int w, int seed)
{
	char line[1024];
	size_t n = 0;

	for (int i = 0; n + 16 < sizeof line && (int)n < w; i++) {
		const char *s = words[(seed * 7 + i * 3) % (int)(sizeof words / sizeof words[0])];
		n += (size_t)snprintf(line + n, sizeof line - n, "%s ", s);
	}
	line[w < (int)sizeof line ? w : (int)sizeof line - 1] = '\0';
	attrset(COLOR_PAIR(1 + seed % 3));
	mvaddnstr(y, 0, line, 9);
	attrset(A_NORMAL);
	mvaddnstr(y, 9, line + 9, w - 9);
}

int main(void)
{
	SCREEN *scr;

	setlocale(LC_ALL, "");
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		fprintf(stderr, "floor: cannot use the terminal\n");
		return 1;
	}
	set_term(scr);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_CYAN, -1);
		init_pair(2, COLOR_GREEN, -1);
		init_pair(3, COLOR_YELLOW, -1);
		init_pair(4, COLOR_BLACK, COLOR_WHITE);
	}
	attrset(COLOR_PAIR(4));
	mvhline(0, 0, ' ', COLS);
	mvaddstr(0, 1, "#1 floor: one screen painted");
	for (int y = 1; y < LINES - 1; y++)
		row(y, COLS, y);
	attrset(A_REVERSE);
	mvhline(LINES - 1, 0, ' ', COLS);
	mvaddstr(LINES - 1, 0, "j/k move  n note  q quit");
	attrset(A_NORMAL);
	wnoutrefresh(stdscr);
	doupdate();
	fputs("floor: first frame\n", stderr);
	endwin();
	delscreen(scr);
	return 0;
}
