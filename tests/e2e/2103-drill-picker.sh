#!/bin/bash
# Scope: a drill started from the picker.  D on a closed incident starts
# a drill of it in the drill database and opens it (DRILL in the title
# bar, the original's note arriving marked [scenario]); q goes back to
# the picker of the team's incidents, where the drill is not listed;
# calm drill --list has it, and the team's database did not change.  D
# on an active incident says why not.
. "$(dirname "$0")/lib.sh"
CALM_NOW=2026-03-02T10:00:00Z calm new "Search is slow" --severity 3 >/dev/null
CALM_NOW=2026-03-02T10:01:00Z calm log 1 "p99 latency of search at 4 s" >/dev/null
for i in 1 2 3 4 5 6 7 8; do
	CALM_NOW=2026-03-02T11:00:00Z "$CALM" advance 1 --override "closing" >/dev/null 2>&1
done
calm new "Still burning" >/dev/null
before=$(sha256sum <"$CALM_DB")

start -- open
wait_for "calm: incidents"
wait_for "Still burning"
keys D
wait_for "a drill replays a closed incident"
keys j
keys D
wait_for "DRILL [0-9ms]+ 10x"
wait_for "drill 1 of incident 1 started"
keys Escape
wait_for "\[scenario\] p99 latency of search" 15
keys q
wait_for "calm: incidents"
wait_gone "DRILL"
wait_for "Search is slow"
keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
calm drill --list >"$T/list"
grep -q "running .* incident 1: Search is slow" "$T/list" || { cat "$T/list" >&2; fail "not in --list"; }
[ "$(calm list --all --json | jq length)" = 2 ] || fail "the drill is among the team's incidents"
[ "$(sha256sum <"$CALM_DB")" = "$before" ] || fail "the team's database changed"
pass
