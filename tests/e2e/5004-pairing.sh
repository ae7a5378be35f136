#!/bin/bash
# Scope: pairing (issue 5).  Two consoles on one database (alice and
# bob, two tmux sessions): a note typed in one shows in the other
# within a second without a key; a tick likewise; each title bar lists
# the other ("also: bob"); a role offered with R is taken by the person
# offered (R, its digit, a), with the hand-off brief, and shows in both
# title bars and in the timeline; leaving clears the presence; an idle console
# uses < 1% CPU (utime+stime from /proc over 5 s).
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Queue backlog") || fail "cannot declare"
start -x 110 -y 32 -- --as alice,bob open "$ID"
sed 's/CALM_AUTHOR=alice/CALM_AUTHOR=bob/; s/alice\\,bob/bob,alice/; s|/rc|/rc2|' "$T/run.sh" >"$T/run2.sh"
TM new-session -d -s bob -x 110 -y 32 "bash '$T/run2.sh'" || fail "second session"
wait_for "Press any key"
keys Escape
wait_bob "Press any key" 5000
TM send-keys -t bob Escape
wait_bob "as bob" 5000
wait_for "also: bob" 3
wait_bob "also: alice" 3000

# a note from alice shows at bob's within a second, no key pressed
keys n
type_text "consumers restarted on q3"
keys Enter
wait_for "note saved"
wait_bob "consumers restarted on q3" 1500

# a tick from bob shows at alice's
keys 1
wait_for "1 Checklist"
no_screen "\[x\]"
TM send-keys -t bob 1 Space
wait_for "\[x\]" 2

# alice hands incident command to bob
keys R
wait_for "Hand a role"
keys 1 u
wait_for "Hand incident commander to: bob"
keys Enter
wait_for "alice offers incident command to bob"
no_screen "IC bob"
TM send-keys -t bob R 1 a
wait_bob "hand-off brief" 1500
TM send-keys -t bob Escape
wait_for "IC bob"
wait_bob "IC bob" 1500
wait_bob "bob takes incident command" 1500

# idle: under 1% of a CPU over 5 s
pid=$(pgrep -P "$(TM display -p -t bob '#{pane_pid}')" -x calm) || fail "no calm for bob"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
a=$(ticks "$pid"); sleep 5; b=$(ticks "$pid")
hz=$(getconf CLK_TCK)
[ $(( (b - a) * 100 )) -lt $(( hz * 5 )) ] || fail "idle console used $((b - a)) ticks in 5 s"

# alice leaves: bob's title forgets her
keys q
wait_exit
wait_bob "as bob" 1000
TM capture-pane -p -t bob >"$BOB"
end=$(( $(date +%s%N) / 1000000 + 2000 ))
while grep -q "also: alice" "$BOB"; do
	[ $(( $(date +%s%N) / 1000000 )) -lt "$end" ] || fail "bob still sees alice"
	sleep 0.05
	TM capture-pane -p -t bob >"$BOB"
done
TM send-keys -t bob q
pass
