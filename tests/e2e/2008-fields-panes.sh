#!/bin/bash
# Scope: fields edit in place, and panes reachable at any time.  f opens
# the fields pane; Enter edits the selected field in the line editor with
# its value in it; Enter saves through the app (in `calm show`); a value
# the app refuses is reported and stays in the editor to be fixed.
# Digits jump to panes, Tab cycles them; the mouse clicks a pane tab, a
# row and a stage in the rail; M turns the mouse off.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Checkout returns 500") || fail "cannot declare"
start -- open "$ID"
wait_for "Press any key to begin"
keys Escape
wait_for "1 Checklist"

keys f
wait_for "3 Fields  Enter edits"
wait_for "^.*> title +Checkout returns 500"
wait_for "impact +- who or what is affected"
keys j j j
wait_for "> impact "
keys Enter
wait_for "^impact: ?$"
type_text "all EU card payments fail"
keys Enter
wait_for "impact saved"
wait_for "> impact +all EU card payments fail"
show_json "$ID" | grep -q '"impact":"all EU card payments fail"' || fail "impact not in the database"

# a refused value: the error shows, the text stays in the editor
keys j Enter
wait_for "^impact-start: ?$"
type_text "yesterday"
keys Enter
wait_for "field 'impact-start': expected a time like 21:48"
wait_for "^impact-start: yesterday"
keys C-u
type_text "2026-02-01 14:05"
keys Enter
wait_for "impact-start saved"
wait_for "impact-start +2026-02-01T14:05:00Z"

# the title edits in place, its old text in the editor
keys g Enter
wait_for "^title: Checkout returns 500"
type_text " in EU"
keys Enter
wait_for "#$ID Checkout returns 500 in EU"
show_json "$ID" | grep -q '"title":"Checkout returns 500 in EU"' || fail "title not saved"

# digits and Tab
keys 2
wait_for "2 Timeline  +1 Checklist  3 Fields"
wait_for "\[field\] impact: all EU card payments"
keys 1
wait_for "> \[ \] State in one sentence"
keys Tab
wait_for "│ 2 Timeline"
keys Tab
wait_for "│ 3 Fields"
for pane in "4 Comms" "5 Fixes" "6 Actions" "7 Postmortem" "1 Checklist"; do
	keys Tab
	wait_for "│ $pane"
done

# mouse (X10 reports, as tmux-256color's kmous): press + release
click() { # click COL ROW (0-based)
	local b x y
	printf -v b '\\x%02x' 32; printf -v x '\\x%02x' $(( $1 + 33 )); printf -v y '\\x%02x' $(( $2 + 33 ))
	type_text "$(printf "\033[M$b$x$y")"
	printf -v b '\\x%02x' 35
	type_text "$(printf "\033[M$b$x$y")"
}
screen
# the pane tabs sit under the gate, whose height depends on its text
row=$(awk '/1 Checklist.*3 Fields/ { print NR; exit }' "$SCREEN")
[ -n "$row" ] || fail "no pane tabs"
col=$(awk -v r="$row" 'NR==r { print index($0, "3 Fields") }' "$SCREEN")
[ "$col" -gt 0 ] || fail "no Fields tab"
# the tab's column in characters: the rail's line is 3 bytes wide
click $(( col - 1 - 2 )) $(( row - 1 ))
wait_for "│ 3 Fields  Enter edits"
click 40 $(( row + 1 ))  # the second field row (severity)
wait_for "> severity"
click 3 9         # stage 8 in the rail
wait_for "Stage 8/8: Document \(ahead\)"
keys Escape
wait_gone "Stage 8/8: Document"
keys M
wait_for "mouse off: the terminal and tmux select text"
keys M
wait_for "mouse on"

keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
pass
