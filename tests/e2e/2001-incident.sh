#!/bin/bash
# Scope: opening an incident.  The calm prompt shows the stage guidance
# and one key dismisses it (recorded as "began stage"); the title bar
# shows id, title, severity, a ticking clock, the stage and the author;
# Space ticks a checklist item and the database agrees; q exits 0.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Checkout returns 500") || fail "cannot declare"
start -- open "$ID"
wait_for "Stage 1/8: Evaluate"
wait_for "not for solving it"
wait_for "#$ID Checkout returns 500 .*SEV3 .*stage 1/8 Evaluate .*as alice"
keys x
wait_gone "Press any key to begin"
wait_for "> \[ \] State in one sentence"
show_json "$ID" | grep -q '"began stage 1/8 Evaluate"' || fail "began stage not recorded"

# the clock ticks
wait_for "SEV3  00:00:0[2-9]" 5

# tick the first item, then the second (j moves)
keys Space
wait_for "> \[x\] State in one sentence"
keys j Space
wait_for "> \[x\] Check whether it is broken"
show_json "$ID" | grep -q '"id":"what-broken","stage":"evaluate","text":"[^"]*","required":true,"checked":true' ||
	fail "tick not in the database"
# untick
keys Space
wait_for "> \[ \] Check whether it is broken"

# Tab shows the timeline, with the ticks in it
keys Tab
wait_for "Timeline"
wait_for "began stage 1/8 Evaluate"
wait_for "alice .*ticked"

keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
pass
