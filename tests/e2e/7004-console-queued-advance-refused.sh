#!/bin/bash
# A stage move queued in the console carries the stage it was made
# from: when someone else moved the incident meanwhile, its replay is
# refused like the online race, and the console shows the refusal with
# the server's reason; the refused move is kept (calm sync lists it),
# the writes queued with it still go.  Alice's console reaches a
# PostgreSQL server this test starts through a socket link of her own,
# so her network can go while the server and bob stay up: her link is
# removed and her connection ended (pg_terminate_backend); the console
# says OFFLINE; she writes a note and advances (stage 1's gate met
# before she went: no override asked); bob, on his own machine,
# advances the incident twice meanwhile.  Her link comes back: the
# console reconnects, sends her queue, and says her advance was refused
# because bob moved the incident; the server has her note once, bob's
# two moves and no third.
. "$(dirname "$0")/lib.sh"
NET=$(mktemp -d /tmp/calm-net.XXXXXX)
e2e_pg "$NET"
PGSOCK=$(cd "$S" && ls -A | grep '^\.s\.PGSQL\.[0-9]*$' | head -1)
[ -n "$PGSOCK" ] || fail "no socket in $S"
link_up() { ln -sf "$S/$PGSOCK" "$NET/$PGSOCK"; }
link_down() {
	rm -f "$NET/$PGSOCK"
	pg_sql "$S" team "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE usename = 'calm' AND pid <> pg_backend_pid()" >/dev/null
}
link_up
export CALM_DB=$(pg_uri "$NET" team)
BOBDB=$(pg_uri "$S" team)
bob() {
	HOME="$T/bob" XDG_STATE_HOME="$T/bob/state" CALM_AUTHOR=bob "$CALM" --db "$BOBDB" "$@" \
		>/dev/null 2>&1 || fail "bob: calm $*"
}
mkdir -p "$T/bob"
e2e_declare
for i in what-broken who-sees-it when-started who-affected; do
	calm check "$ID" "$i" >/dev/null 2>&1 || fail "cannot tick $i"
done
stage() { pg_sql "$S" team "SELECT stage_index + 1 FROM incidents WHERE id = $ID"; }

start -x 150 -y 40 -- open "$ID"
wait_for "Press any key" 10
keys Escape
wait_for "\[x\] Note who or what is affected" 5
link_down
wait_for "OFFLINE" 8
keys n
type_text "alice, offline, before her advance"
keys Enter
wait_for "OFFLINE — 1 queued" 3
keys '>'
wait_for "OFFLINE — 2 queued" 3
no_screen "is not done yet"
bob advance "$ID" --override "bob moves on"
bob advance "$ID" --override "and on"
[ "$(stage)" = 3 ] || fail "bob's moves: at stage $(stage)"

link_up
wait_gone "OFFLINE" 10
wait_for "refused by the server: .*bob moved incident 1 to stage 3/8.*calm advance 1" 5
[ "$(stage)" = 3 ] || fail "alice's queued advance moved the incident: at stage $(stage)"
[ "$(pg_sql "$S" team "SELECT count(*) FROM events WHERE kind = 'stage' AND author = 'alice' AND text NOT LIKE 'began%'")" = 0 ] ||
	fail "alice's advance was recorded"
[ "$(pg_sql "$S" team "SELECT count(*) FROM events WHERE text = 'alice, offline, before her advance'")" = 1 ] ||
	fail "alice's note is not there once"
wait_for "> 3 Communicate internally" 5 # the console shows where bob left it
calm sync >"$T/sync.out" 2>&1
grep -q "refused.*calm advance 1" "$T/sync.out" || fail "the refused advance was dropped: $(cat "$T/sync.out")"
calm verify "$ID" >/dev/null || fail "the chain does not verify"
pass
