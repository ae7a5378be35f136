#!/bin/bash
# Scope: when the text being typed cannot be kept (no usable state
# directory: XDG_STATE_HOME names a file), the console still goes at
# once on SIGHUP, and says why on stderr with the text itself after it,
# once the terminal is restored: the last place left, nothing lost
# silently.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Nowhere to keep") || fail "cannot declare"
: >"$T/not-a-dir"
start "XDG_STATE_HOME=$T/not-a-dir" -- open "$ID"
wait_for "Press any key to begin"
keys Escape
wait_gone "Press any key to begin"
keys n
type_text "the only copy of this note"
wait_for "^note: the only copy of this note"
pid=$(pgrep -P "$(TM display -p -t calm '#{pane_pid}')" -x calm) || fail "no calm process"
kill -HUP "$pid"
wait_exit 3
wait_for "calm: cannot keep what you were typing: no place to keep text"
wait_for "^the only copy of this note"
pass
