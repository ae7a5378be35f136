#!/bin/bash
# Three responders on three "machines" (separate HOMEs) share one
# incident on a PostgreSQL server this test starts: alice and bob in
# consoles (tmux), carol in a `calm log` loop.  Carol's notes show on
# both screens without a key (NOTIFY wakes the consoles); the server is
# stopped (pg_ctl stop -m immediate) in the middle of the loop: both
# consoles say OFFLINE, carol's writes meanwhile are queued (exit 0), a
# note typed in alice's console is queued too ("OFFLINE — 1 queued");
# after the server starts again the consoles say so, alice's console
# sends its queue, carol's next write sends hers: every note once, in
# the order written, and the chain verifies.  A note typed in alice's console then shows at
# bob's.  Usage: 7001-team-server.sh [NOTES [SECONDS_DOWN]] (40 and 2
# in make test; make stress: 400 notes, about a minute, 10 s down).
N=${1:-40} DOWN=${2:-2}
. "$(dirname "$0")/lib.sh"
. "${CALM_SOURCE_DIR:?}/tests/pg/lib.sh"
S=$(mktemp -d /tmp/calm-pg.XXXXXX)
trap 'kill "${LOOP:-}" 2>/dev/null; pg_stop "$S" immediate; rm -rf "$S"; cleanup' EXIT
pg_init "$S" && pg_start "$S" && pg_roles "$S" && pg_newdb "$S" team || fail "no server"
export CALM_DB=$(pg_uri "$S" team)
for who in alice bob carol; do mkdir -p "$T/$who"; done
export HOME="$T/alice" XDG_DATA_HOME="$T/alice/data" XDG_CONFIG_HOME="$T/alice/config"
export XDG_STATE_HOME="$T/alice/state"
ID=$(calm new "Checkout returns 500" --severity 2 | grep -o '[0-9]\+' | head -1)
[ "$ID" = 1 ] || fail "cannot declare: $ID"

start -x 110 -y 32 -- open "$ID"
sed "s|$T/alice|$T/bob|g; s/CALM_AUTHOR=alice/CALM_AUTHOR=bob/; s|/rc|/rc2|" "$T/run.sh" >"$T/run2.sh"
TM new-session -d -s bob -x 110 -y 32 "bash '$T/run2.sh'" || fail "second session"
wait_for "Press any key" 10
keys Escape
wait_bob "Press any key" 10000
TM send-keys -t bob Escape
keys 2
TM send-keys -t bob 2

# carol's loop: N notes, each acknowledged (exit 0) into the ledger
LEDGER="$T/ledger"
: >"$LEDGER"
(
	export HOME="$T/carol" XDG_DATA_HOME="$T/carol/data" XDG_CONFIG_HOME="$T/carol/config"
	export XDG_STATE_HOME="$T/carol/state" CALM_AUTHOR=carol
	for i in $(seq 1 "$N"); do
		"$CALM" log "$ID" "carol $i" 2>>"$T/carol.err" && echo "$i" >>"$LEDGER"
		sleep 0.15
	done
) &
LOOP=$!
acked() { wc -l <"$LEDGER"; }
until_acked() { # N SECONDS
	local end=$(( $(date +%s) + $2 ))
	while [ "$(acked)" -lt "$1" ]; do
		[ "$(date +%s)" -lt "$end" ] || fail "carol's loop stalled at $(acked)"
		sleep 0.05
	done
}

q=$((N / 8))
until_acked "$q" 60
wait_for "carol $q" 3
wait_bob "carol $q" 3000

# the server goes in the middle of the loop
pg_stop "$S" immediate
wait_for "OFFLINE" 5
wait_bob "OFFLINE" 5000
n=$(acked)
until_acked $((n + 5)) 20 # acknowledged while it is down: queued
grep -q "queued (server unreachable)" "$T/carol.err" || fail "carol's writes were not queued"
keys n
type_text "alice typed this offline"
keys Enter
wait_for "queued \(server unreachable\)" 3
wait_for "OFFLINE — 1 queued" 3
no_screen "terminating connection" # the server's own words never reach the terminal
sleep "$DOWN"
pg_start "$S"
wait_gone "OFFLINE" 10
wait_for "back online: 1 queued write sent" 2
wait_bob "OFFLINE" 10000 gone

wait "$LOOP" || fail "carol's loop failed"
LOOP=""
[ "$(acked)" -eq "$N" ] ||
	fail "only $(acked) of $N notes acknowledged: $(grep -v "queued (server unreachable)" "$T/carol.err" | head -5)"
HOME="$T/carol" XDG_STATE_HOME="$T/carol/state" CALM_AUTHOR=carol "$CALM" sync >/dev/null 2>&1 ||
	fail "carol's queue could not be sent"
got=$(pg_sql "$S" team "SELECT string_agg(text, ',' ORDER BY id) FROM events WHERE author = 'carol'")
want=$(seq -f 'carol %g' 1 "$N" | paste -sd,)
[ "$got" = "$want" ] || fail "carol's notes on the server: $got"
[ "$(pg_sql "$S" team "SELECT count(*) FROM events WHERE text = 'alice typed this offline'")" = 1 ] ||
	fail "the note alice typed offline is not there once"
wait_for "carol $N" 5
wait_bob "carol $N" 5000
calm verify "$ID" >/dev/null || fail "the chain does not verify"

# a note typed at alice's shows at bob's, live
keys n
type_text "alice says the pool is drained"
keys Enter
wait_bob "alice says the pool is drained" 2000
pass
