#!/bin/bash
# A queued write the server refuses is shown to its author in their
# console, with its words and the server's reason, as inert text, and
# kept.  Alice's console on a PostgreSQL server this test starts: the
# server is stopped (pg_ctl stop -m immediate), a note typed in the
# console and one logged from her shell (an escape sequence in it) are
# queued (the console counts both); alice quits; the server comes back and bob closes the
# incident before her queue is sent; alice opens her console again: it
# sends her queue, the server refuses both, and her status line says
# so, naming the first write and why.  `calm sync` still lists both.
# Then the same while the console stays open: the server goes, a note
# is queued, bob reopens nothing (the incident is closed already), the
# server comes back and the console, reconnecting, says it was refused.
. "$(dirname "$0")/lib.sh"
e2e_pg
e2e_declare

start -x 180 -y 32 -- open "$ID"
wait_for "Press any key" 10
keys Escape
pg_stop "$S" immediate
wait_for "OFFLINE" 5
calm log "$ID" $'from the shell \e]2;pwned\a while down' 2>"$T/log.err" || fail "not queued: $(cat "$T/log.err")"
grep -q "queued (server unreachable)" "$T/log.err" || fail "not queued: $(cat "$T/log.err")"
keys n
type_text "typed while down"
keys Enter
wait_for "OFFLINE — 2 queued" 3
keys q
wait_exit 5
TM kill-session -t calm

pg_start "$S"
for _ in $(seq 1 8); do # bob, on his own machine, closes the incident
	HOME="$T/bob" XDG_STATE_HOME="$T/bob/state" CALM_AUTHOR=bob \
		"$CALM" advance "$ID" --override "done here" >/dev/null 2>&1 || fail "bob could not close it"
done
[ "$(pg_sql "$S" team "SELECT status FROM incidents WHERE id = $ID")" = closed ] || fail "not closed"

start -x 180 -y 32 -- open "$ID"
wait_for "2 queued writes refused by the server, the first: incident 1 is closed.*: .calm log 1 from the shell \^\[\]2;pwned\^G while down. \(kept aside" 10
[ "$(pg_sql "$S" team "SELECT count(*) FROM events WHERE text LIKE '%while down%'")" = 0 ] ||
	fail "written after the close"
[ "$(TM display-message -p -t calm '#{pane_title}')" != pwned ] || fail "the escape sequence reached the terminal"
keys q
wait_exit 5
TM kill-session -t calm
calm sync >"$T/sync.out" 2>&1
grep -q "calm log 1 -- typed while down" "$T/sync.out" || fail "dropped: $(cat "$T/sync.out")"
grep -q "calm log 1 from the shell" "$T/sync.out" || fail "dropped: $(cat "$T/sync.out")"

# the console open all along: the refusal said when it reconnects
start -x 180 -y 32 -- open "$ID"
wait_for "Payments time out" 10
pg_stop "$S" immediate
wait_for "OFFLINE" 5
calm log "$ID" "one more while down" 2>/dev/null || fail "not queued"
pg_start "$S"
wait_gone "OFFLINE" 10
wait_for "refused by the server: incident 1 is closed.*: .calm log 1 one more while down. \(kept aside: calm sync lists it\)" 3
pass
