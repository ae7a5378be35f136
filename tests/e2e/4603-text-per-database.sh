#!/bin/bash
# Scope: kept text belongs to one database.  A note typed in A.db's
# incident 1 when the console is hung up is not offered when B.db's
# incident 1 is opened (a different database that happens to have an
# incident 1), and is offered, and saved there, when A.db's is.
. "$(dirname "$0")/lib.sh"

A="$T/a.db" B="$T/b.db"
calm --db "$A" new "Incident one of A" >/dev/null || fail "declare in A"
calm --db "$B" new "Incident one of B" >/dev/null || fail "declare in B"

start -- --db "$A" open 1
wait_for "Press any key to begin"
keys Escape
wait_gone "Press any key to begin"
keys n
type_text "typed in A only"
wait_for "^note: typed in A only"
pid=$(pgrep -P "$(TM display -p -t calm '#{pane_pid}')" -x calm) || fail "no calm process"
kill -HUP "$pid"
wait_exit
TM kill-server

start -- --db "$B" open 1
wait_for "Press any key to begin"
keys Escape
wait_gone "Press any key to begin"
wait_for "Incident one of B"
no_screen "recovered unsaved text"
no_screen "typed in A only"
keys q
wait_exit
TM kill-server

start -- --db "$A" open 1
wait_for "recovered unsaved text"
keys Escape
wait_for "^note: typed in A only"
keys Enter
wait_for "note saved"
calm --db "$A" show 1 --json | grep -q '"typed in A only"' || fail "not saved in A"
calm --db "$B" show 1 --json | grep -q '"typed in A only"' && fail "saved in B"
keys q
wait_exit
pass
