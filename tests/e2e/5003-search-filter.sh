#!/bin/bash
# Scope: search and the picker's filter (issue 5).  In the picker, a
# cycles all/active/closed and 1-4 toggle severities, named in the
# heading; / filters the list by title as you type (Esc clears), and
# Enter searches every incident's text: the hits show in a box, Enter
# opens the incident with the timeline on the matching event.  / in the
# timeline searches too; n/N move between hits.
. "$(dirname "$0")/lib.sh"

A=$(calm new "Checkout returns 500") || fail "declare"
calm log "$A" "the flux capacitor overheated in rack 7" >/dev/null || fail "log"
for i in 1 2 3 4 5 6; do calm log "$A" "filler note $i" >/dev/null; done
B=$(calm new --severity 1 "Disk full on db1") || fail "declare"
calm log "$B" "capacitor alarms as well" >/dev/null || fail "log"

start -x 100 -y 30 -- open
wait_for "Incidents \(2\)"
keys a
wait_for "Incidents \(2 of 2\) · active"
keys a
wait_for "Incidents \(0 of 2\) · closed"
wait_for "No incident matches the filter"
keys a 1
wait_for "Incidents \(1 of 2\) · SEV1"
no_screen "Checkout returns"
keys 1
wait_for "Incidents \(2\): active first"
keys /
wait_for "^search:"
type_text "disk"
wait_for "Incidents \(1 of 2\) · title ~ \"disk\""
no_screen "Checkout returns"
keys Escape
wait_for "Incidents \(2\): active first"

keys /
type_text "capacitor"
keys Enter
wait_for "Search \"capacitor\": 2 hits"
wait_for "#$A .*note .*the flux capacitor overheated"
wait_for "#$B .*note .*capacitor alarms"
# the hit on A, wherever it is ranked
grep -n "#$A " "$SCREEN" | head -1 | cut -d: -f1 >"$T/la"
grep -n "#$B " "$SCREEN" | head -1 | cut -d: -f1 >"$T/lb"
if [ "$(cat "$T/la")" -gt "$(cat "$T/lb")" ]; then keys n; fi
keys Enter
wait_for "hit [12] of 2"
wait_for "#$A Checkout returns 500"
no_screen "Press any key"
wait_for "2 Timeline"
wait_for "the flux capacitor overheated"
# the hit is the selected event: j moves down from it to the next note
keys j
wait_for "filler note"
# / in the timeline: the last results again with an empty query
keys /
wait_for "^search:"
keys Enter
wait_for "Search \"capacitor\": 2 hits"
keys Escape
wait_gone "Search \"capacitor\""
keys q q
wait_exit
pass
