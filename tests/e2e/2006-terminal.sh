#!/bin/bash
# Scope: terminal types.  An unknown TERM gives a clear error naming the
# fix and exit status 64, not a crash; screen-256color (8-colour pairs
# terminals) runs the console.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Cache stampede") || fail "cannot declare"
E2E_TERM=calm-no-such-terminal
# ncurses 6.4 keeps its pre-screen (new_prescr) when newterm() fails; that
# one allocation is theirs, not ours, so LeakSanitizer builds skip it.
echo "leak:new_prescr" >"$T/lsan.supp"
start "LSAN_OPTIONS=suppressions=$T/lsan.supp" -- open "$ID"
wait_for "cannot use terminal type 'calm-no-such-terminal'"
wait_exit
[ "$rc" = 64 ] || fail "exit status $rc, expected 64"
TM kill-server

E2E_TERM=screen-256color
start -- open "$ID"
wait_for "Stage 1/8: Evaluate"
keys q      # dismisses the calm prompt
wait_gone "Press any key"
keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
TM kill-server

# SIGTERM: the terminal is restored and calm exits cleanly
E2E_TERM=tmux-256color
start -- open "$ID"
wait_for "Stage 1/8: Evaluate"
pid=$(pgrep -P "$(TM display -p -t calm '#{pane_pid}')" -x calm) || fail "no calm process"
kill -TERM "$pid"
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc after SIGTERM"
pass
