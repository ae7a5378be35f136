#!/bin/bash
# Scope: timeline scrolling.  Newest at the bottom; k scrolls up and the
# pane stops following; g goes to the oldest; G follows again and a new
# event written meanwhile shows; the selected event is marked '>'.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Many events") || fail "cannot declare"
for i in $(seq 1 40); do calm log "$ID" "event number $i" >/dev/null || fail "cannot log"; done
start -- open "$ID"
wait_for "Press any key to begin"
keys Escape
keys Tab
wait_for "began stage 1/8"
wait_for "event number 40"
no_screen "event number 10$"
keys k k k
wait_for "scrolled up: G follows"
# the selected event is marked as a checklist item is: '>' before its
# time, on its line alone
wait_for ">[0-9]{2}:[0-9]{2}:[0-9]{2} alice  event number 38$"
no_screen ">[0-9]{2}:[0-9]{2}:[0-9]{2} alice  event number (37|39|40)$"
keys g
wait_for "declared: Many events"
no_screen "event number 40"
calm log "$ID" "while scrolled" >/dev/null
keys G
wait_for "alice  while scrolled"
wait_gone "scrolled up"
keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
pass
