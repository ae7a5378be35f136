#!/bin/bash
# Scope: a tabletop drill's clock in the console.  At 20x the scenario's
# first observation comes at once and the second 3 minutes (9 s) later;
# P pauses the clock (the badge says PAUSED, the clock and the
# observations stand still), P again goes on; leaving the console keeps
# where the clock stood and --open goes on from there; A once only
# warns, A twice abandons the drill (kept, marked abandoned) and shows
# the score; an abandoned drill opens with its clock over.
. "$(dirname "$0")/lib.sh"
DRILLS="$XDG_DATA_HOME/calm/drills.db"
cp "$CALM_SOURCE_DIR/scenarios/checkout-errors.yaml" "$T/s.yaml"
obs() { sqlite3 "$DRILLS" "select count(*) from events where kind = 'scenario'" 2>/dev/null || echo 0; }
# still N SECONDS: the observations stay at N for that long
still() {
	local end=$(( $(date +%s%N) / 1000000 + $2 * 1000 ))
	while [ $(( $(date +%s%N) / 1000000 )) -lt "$end" ]; do
		[ "$(obs)" = "$1" ] || fail "an observation arrived while paused ($(obs))"
		sleep 0.1
	done
}

start -- drill --scenario "$T/s.yaml" --speed 20
wait_for "DRILL [0-9ms]+ 20x"
keys Escape
wait_for "Checkout error rate"
[ "$(obs)" = 1 ] || fail "expected the first observation only"
keys P
wait_for "DRILL [0-9ms]+ 20x PAUSED"
wait_for "drill paused"
screen
clock=$(grep -oE "DRILL [0-9ms]+ 20x" "$SCREEN")
still 1 4
screen
grep -qF "$clock PAUSED" "$SCREEN" || fail "the clock moved while paused"
keys P
wait_for "drill going on"
wait_gone "PAUSED"
wait_for "payment page spins" 20
# leave and come back: the clock goes on from where it stood
keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
saved=$(sqlite3 "$DRILLS" "select drill_ms from drill where incident_id = 1")
[ "$saved" -ge 180000 ] || fail "the clock was not saved on leaving ($saved)"
[ "$(sqlite3 "$DRILLS" "select paused from drill")" = 1 ] || fail "not saved as stopped"
TM kill-server >/dev/null 2>&1
start -- drill --open 1
wait_for "DRILL [0-9ms]+ 20x"
keys Escape
# abandon: A once warns, twice abandons
keys A
wait_for "A again abandons the drill"
keys j
keys A
wait_for "A again abandons the drill"
keys A
wait_for "Drill score"
wait_for "abandoned"
keys q
wait_for "DRILL [0-9ms]+ 20x over"
keys q
wait_exit
[ "$(sqlite3 "$DRILLS" "select status from drill")" = abandoned ] || fail "not abandoned"
calm drill --list >"$T/list"
grep -q "abandoned" "$T/list" || fail "--list does not say abandoned"
pass
