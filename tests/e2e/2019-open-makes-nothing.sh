#!/bin/bash
# Scope: opening the console writes nothing outside the database before
# (or while) it shows the incident.  With the database named (CALM_DB),
# the data directory (where drills are kept) is made only when D in the
# picker starts a drill, and the state directory (where unsaved text is
# kept) only when there is text to keep: on screen, neither exists.
# Then D in the picker finds the drill database as before.
. "$(dirname "$0")/lib.sh"
calm new "Old outage" >/dev/null || fail "cannot declare"
for i in 1 2 3 4 5 6 7 8; do
	calm advance 1 --override "closing $i" >/dev/null 2>&1 || fail "cannot advance $i"
done
calm new "Search is down" >/dev/null || fail "cannot declare"
rm -rf "$XDG_DATA_HOME" "$XDG_STATE_HOME"

start -- open 2
wait_for "#2 Search is down"
[ ! -e "$XDG_DATA_HOME" ] || fail "the console made $(cd "$T" && find data)"
[ ! -e "$XDG_STATE_HOME" ] || fail "the console made $(cd "$T" && find state)"
keys Escape
keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
TM kill-server

start -- open
wait_for "calm: incidents"
wait_for "Old outage"
[ ! -e "$XDG_DATA_HOME" ] || fail "the picker made $(cd "$T" && find data)"
keys j
keys D
wait_for "drill 1 of incident 1 started"
[ -f "$XDG_DATA_HOME/calm/drills.db" ] || fail "D made no drill database"
keys Escape
keys q
wait_for "calm: incidents"
keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
pass
