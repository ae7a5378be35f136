#!/bin/bash
# Scope: review and time travel (issue 5).  `calm review ID` opens the
# console read-only (its summary printed when it closes): the badge shows, no calm prompt, every writing key
# says "read-only" and the database file stays byte-identical.  [ and ]
# step through the events, t goes to a time typed, . comes back: the
# title says "as of HH:MM:SS (event N of M)", the timeline ends at that
# event, and the checklist shows the ticks as they were (the event
# before a tick shows it unticked).  A closed incident opened from the
# picker is review too, with time travel.
. "$(dirname "$0")/lib.sh"

ID=$(CALM_NOW=2023-02-01T14:05:00Z calm new "Disk full on db1") || fail "cannot declare"
CALM_NOW=2023-02-01T14:10:00Z calm log "$ID" "first note: disk at 97%" >/dev/null || fail "log"
CALM_NOW=2023-02-01T14:20:00Z calm check "$ID" what-broken >/dev/null || fail "check"
CALM_NOW=2023-02-01T14:30:00Z calm log "$ID" "second note: logs rotated" >/dev/null || fail "log"
sum() { cat "$CALM_DB" "$CALM_DB-wal" 2>/dev/null | sha256sum; }
before=$(sum)

start -x 100 -y 30 -- review "$ID"
wait_for "READ-ONLY .*#$ID Disk full on db1"
# The console comes first: the summary is a fold over every event (seconds
# at a million), so it is printed when the console closes, where it stays
# on the terminal.  The normal screen behind the console holds nothing yet.
TM capture-pane -a -p -t calm >"$T/behind" 2>/dev/null || fail "no normal screen behind the console"
! grep -q "fix attempts" "$T/behind" || fail "the summary was made before the console opened"
no_screen "Press any key"
wait_for "second note: logs rotated"
keys 1
wait_for "\[x\]"
for k in n '>' Space R N; do
	keys "$k"
	wait_for "read-only: review"
	keys j
	wait_gone "read-only: review"
done

keys '['
wait_for "as of 14:20:00 \(event 3 of 4\)"
wait_for "\[x\]"
keys '['
wait_for "as of 14:10:00 \(event 2 of 4\)"
wait_gone "\[x\]"
keys 2
wait_for "first note: disk at 97%"
no_screen "second note"
keys ']' ']'
wait_for "as of 14:30:00 \(event 4 of 4\)"
wait_for "second note: logs rotated"
keys '{'
wait_for "event 1 of 4"
keys G
wait_for "as of 14:30:00 \(event 4 of 4\)"
keys k
wait_for "as of 14:20:00 \(event 3 of 4\)"
keys g
wait_for "as of 14:05:00 \(event 1 of 4\)"
keys t
wait_for "^as of \(HH:MM"
type_text "14:25"
keys Enter
wait_for "as of 14:20:00 \(event 3 of 4\)"
keys n
wait_for "read-only"
keys .
wait_for "back to now"
no_screen "as of"
wait_for "second note: logs rotated"
keys q
wait_exit
# then the summary, on the terminal the console gave back
wait_for "^notes 2, fix attempts 0, action items 0, events 4"
wait_for "Disk full on db1"
[ "$(sum)" = "$before" ] || fail "review changed the database"
TM kill-server

# a closed incident from the picker: review, with time travel
for i in 1 2 3 4 5 6 7 8; do
	CALM_NOW=2023-02-01T15:0$i:00Z calm advance "$ID" --override "walk $i" >/dev/null 2>&1 ||
		fail "advance $i"
done
start -x 100 -y 30 -- open
wait_for "closed .*Disk full"
keys Enter
wait_for "READ-ONLY .*#$ID"
keys '['
wait_for "as of 15:07:00 \(event 1[0-9] of 1[0-9]\)"
keys Escape
wait_gone "as of"
keys q q
wait_exit
pass
