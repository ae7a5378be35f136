#!/bin/bash
# Scope: the picker and closed incidents.  `calm open` without an id
# lists incidents, active first; Enter opens one and q returns; n
# declares a new one from a typed title; a closed incident opens
# read-only and every writing key says so; ? shows the help overlay.
. "$(dirname "$0")/lib.sh"

OLD=$(calm new "Old outage") || fail "cannot declare"
for i in 1 2 3 4 5 6 7 8; do
	calm advance "$OLD" --override "test walk $i" >/dev/null 2>&1 || fail "cannot advance $i"
done
ACT=$(calm new "Search is down") || fail "cannot declare"

start -- open
wait_for "Incidents \(2\)"
wait_for "#$ACT +SEV3  active .*Search is down"
wait_for "#$OLD +SEV3  closed .*Old outage"
grep -n "Search is down" "$SCREEN" | cut -d: -f1 >"$T/a"
grep -n "Old outage" "$SCREEN" | cut -d: -f1 >"$T/b"
[ "$(cat "$T/a")" -lt "$(cat "$T/b")" ] || fail "active not first"

# open the closed one: read-only, no calm prompt
keys j Enter
wait_for "READ-ONLY .*#$OLD Old outage"
no_screen "Press any key"
keys n
wait_for "read-only: incident is closed"
keys '>'
wait_for "read-only: incident is closed"
keys '?'
wait_for "Keys"
wait_for "2 Timeline pane" # opened at the keys of the pane in use
keys g
wait_for "write a note into the timeline"
keys Escape
wait_gone "write a note into the timeline"
keys q
wait_for "Incidents \(2\)"

# declare from the picker
keys n
wait_for "^new incident title:"
type_text "Queue backlog"
keys Enter
wait_for "Stage 1/8: Evaluate"
keys Escape
wait_for "Queue backlog .*SEV3"
keys q
wait_for "Incidents \(3\)"
keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
calm list 2>/dev/null | grep -q "Queue backlog" || fail "declared incident not listed"
pass
