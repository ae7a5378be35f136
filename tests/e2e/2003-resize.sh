#!/bin/bash
# Scope: terminal sizes and colours.  Resize to 60x20 and back redraws;
# below the minimum a "too small" message shows and the screen recovers;
# 1x1 does not crash; at 120 columns the timeline shows beside the
# checklist; NO_COLOR=1 renders the same screen.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Disk full on db-3") || fail "cannot declare"
calm log "$ID" "df shows 100% on /var" >/dev/null || fail "cannot log"
start NO_COLOR=1 -- open "$ID"
wait_for "Press any key to begin"
keys Escape
wait_for "Stages"

resize 60 20
wait_for "#$ID Disk full on db-3"
wait_for "Checklist"
wait_for "j/k move"

resize 40 10
wait_for "terminal too small \(need 60x16\)"
resize 1 1
screen
resize 80 24
wait_for "stage 1/8 Evaluate"
wait_for "State in one sentence"
wait_gone "too small"

resize 130 30
wait_for "Timeline"
wait_for "df shows 100% on /var"
wait_for "State in one sentence"

keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
pass
