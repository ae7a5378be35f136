#!/usr/bin/env bash
# One way out to the terminal.  Text from files, the database, the
# environment or a person must never reach a terminal raw, so:
#   - stdio output (printf, fputs, fwrite...) is written only by
#     src/cli/out.c, whose cli_printf() makes every %s inert;
#   - curses text output (addstr, addnwstr, printw, add_wch...) only by
#     src/tui/draw.c, whose draw_text() makes every string inert; lines
#     and corners elsewhere draw ACS_ characters or spaces only, and
#     putp() elsewhere sends only a literal (bracketed paste on/off).
# A line that must print anyway says why with "lint: raw-ok" (a literal
# out-of-memory message, a benchmark's numbers).  The checks first run
# on a copy seeded with one violation of each kind, so a check that has
# stopped matching anything fails here too.
set -u
src=${CALM_SOURCE_DIR:?}/src

# violations DIR: one line per print that bypasses the sanitiser
violations() {
	local d=$1
	grep -rnE '(^|[^_a-z])(printf|fprintf|vprintf|vfprintf|dprintf|puts|fputs|putchar|fputc|putc|fwrite|perror)\(' \
		"$d" --include=*.c |
		grep -vE "^$d/(cli/out\.c|tui/draw\.c):" | grep -v 'lint: raw-ok'
	grep -rnE '(^|[^_a-z])(mv)?w?(add|ins)n?w?str\(|(^|[^_a-z])(mv)?w?printw\(|(^|[^_a-z])(mv)?w?(add_wchn?str|add_wch|ins_wch|echo_wchar)\(' \
		"$d" --include=*.c | grep -vE "^$d/tui/draw\.c:"
	grep -rnE '(^|[^_a-z])(mv)?w?(addch|hline|vline|echochar)\(' "$d" --include=*.c |
		grep -vE "^$d/tui/draw\.c:" | grep -vE "ACS_|' '"
	grep -rnE '(^|[^_a-z])(putp|tputs)\(' "$d" --include=*.c |
		grep -vE "^$d/tui/draw\.c:" | grep -vE '(putp|tputs)\("'
}

# the checks find what they look for
T=$(mktemp -d "${TMPDIR:-/tmp}/calm-lint.XXXXXX")
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/src/cli" "$T/src/tui" "$T/src/app"
cat >"$T/src/cli/cmd-bad.c" <<'C'
	printf("stage %s\n", title);
	fputs(name, stdout);
	cli_printf("fine %s\n", title);
C
cat >"$T/src/tui/pane-bad.c" <<'C'
	mvaddnwstr(y, x, ws, n);
	waddstr(win, title);
	mvprintw(1, 1, "%s", s);
	mvaddch(y, x, c);
	putp(seq);
	mvhline(y, x, ACS_HLINE, w);
	putp("\033[?2004h");
C
cat >"$T/src/app/bad.c" <<'C'
	fprintf(stderr, "%s\n", path);
	fputs("calm: out of memory\n", stderr); /* lint: raw-ok */
C
n=$(violations "$T/src" | wc -l)
if [ "$n" -ne 8 ]; then
	echo "FAIL: the output lint found $n of the 8 seeded violations:" >&2
	violations "$T/src" >&2
	exit 1
fi

bad=$(violations "$src")
if [ -n "$bad" ]; then
	echo "FAIL: output that bypasses the sanitiser (use cli_printf or draw_text):" >&2
	echo "$bad" >&2
	exit 1
fi
echo "PASS: one way out to the terminal"
