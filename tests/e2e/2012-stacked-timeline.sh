#!/bin/bash
# Scope: at 80x24 the timeline is never out of sight.  Working on the
# checklist, the newest events show below it, a note logged from another
# shell appears there without a key, and the timeline takes the whole
# area when it has the keyboard (2); at 130 columns it moves beside a
# pane of long text, and stays below a short one at the full width.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Queue backs up") || fail "cannot declare"
start -- open "$ID"
wait_for "Press any key to begin"
keys x
wait_for "> \[ \] State in one sentence"
# both panes on screen: the checklist heading above the timeline's
screen
crow=$(awk '/1 Checklist/ { print NR; exit }' "$SCREEN")
trow=$(awk '/│ 2 Timeline *$/ { print NR; exit }' "$SCREEN")
[ -n "$crow" ] && [ -n "$trow" ] && [ "$trow" -gt "$crow" ] ||
	fail "the timeline is not below the checklist"
calm log "$ID" "consumer lag 40k and rising"
wait_for "consumer lag 40k and rising"
# the checklist still has the keys
keys Space
wait_for "> \[x\] State in one sentence"
wait_for "ticked: State in one"
# 2: the timeline alone, with the checklist gone
keys 2
wait_for "│ 2 Timeline .*1 Checklist"
wait_gone "> \[x\] State in one sentence"
keys 1
wait_for "> \[x\] State in one sentence"
resize 130 30
wait_for "Timeline"
# a short checklist at 130 columns: the timeline stays below it, at the
# full width, rather than beside it in a narrow column
screen
crow=$(awk '/1 Checklist/ { print NR; exit }' "$SCREEN")
trow=$(awk '/2 Timeline/ { print NR; exit }' "$SCREEN")
[ "$trow" -gt "$crow" ] || fail "at 130 columns a short checklist left the timeline beside it"
grep -q "alice  \[check\] ticked: State in one sentence what exactly is broken$" "$SCREEN" ||
	fail "an event wraps although the width is there"
# a pane of long text (comms): the timeline beside it
keys 4
wait_for "4 Comms"
screen
crow=$(awk '/4 Comms/ { print NR; exit }' "$SCREEN")
trow=$(awk '/2 Timeline/ { print NR; exit }' "$SCREEN")
[ "$trow" -le "$crow" ] || fail "at 130 columns the timeline is not beside the comms pane"
keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
pass
