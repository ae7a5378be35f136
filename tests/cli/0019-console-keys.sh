#!/usr/bin/env bash
# Scope: the console's keys, from its one actions table.  `calm help
# keys` groups them by where they work: picker-only keys (Enter opens,
# n declares, 1-4 severities) under the picker, never under
# "Everywhere" (the overlay used to file them there); a key that works in
# two places is listed in both; a help line too long for 79 columns goes
# on under its own text.  The man page's CONSOLE KEYS section is what
# scripts/man-keys.sh makes from it, so the page cannot drift.
. "$(dirname "$0")/lib.sh"
src=${CALM_SOURCE_DIR:?}

run help keys
expect_rc 0
# section of each key line
awk '/^[^ ]/ { s = $0 } /^  [^ ]/ { print s "|" $0 }' "$OUT" >"$T/keys"
sect() { grep -F "|  $1 " "$T/keys" | cut -d'|' -f1 | sort -u | tr '\n' ';'; }
expect_eq "$(sect Enter | grep -o 'Incident picker')" "Incident picker"
grep -F "Everywhere|  Enter " "$T/keys" && fail "Enter is filed under Everywhere"
grep -q "^Incident picker|  n  *declare a new incident" "$T/keys" || fail "n declare not under the picker"
grep -q "^Incident picker|  1 2 3 4  *show or hide a severity" "$T/keys" || fail "1-4 not under the picker"
grep -q "^Everywhere|  1 2 3 4" "$T/keys" && fail "1-4 under Everywhere"
grep -q "^Incident picker|  /  " "$T/keys" || fail "/ not under the picker"
grep -q "^2 Timeline pane|  /  " "$T/keys" || fail "/ not under the timeline"
grep -q "^Review (read-only): time travel|  \[  " "$T/keys" || fail "[ not under review"
grep -q "^4 Comms pane (updates to people)|  v  " "$T/keys" || fail "v not under comms"
# every line fits, and a wrapped one goes on under its text
awk 'length($0) > 79 { print; bad = 1 } END { exit bad }' "$OUT" || fail "a line wider than 79"
grep -q "^                [a-z]" "$OUT" || fail "no line goes on under the text column"

# the man page's section is made from it
command -v groff >/dev/null || pass
sh "$src/scripts/man-keys.sh" "$CALM" >"$T/want.roff"
sed -n '/^\.\\" keys: begin/,/^\.\\" keys: end/p' "$src/docs/calm.1" | sed '1d;$d' >"$T/have.roff"
diff -u "$T/want.roff" "$T/have.roff" >"$T/diff" ||
	{ cat "$T/diff" >&2; fail "docs/calm.1 CONSOLE KEYS differs from 'calm help keys': run scripts/man-keys.sh"; }
grep -q '^\.B "q C\\-c"$' "$T/have.roff" || fail "the man page lacks the quit key"
pass
