#!/bin/bash
# Scope: the clipboard channel (issue 4, TERMINAL.md 6).  Sending an
# update to a `clipboard: true` channel writes OSC 52 to the terminal
# after the screen is updated; with tmux's set-clipboard on, tmux takes
# it into a paste buffer, which must hold the draft exactly.
. "$(dirname "$0")/lib.sh"

mkdir -p "$XDG_CONFIG_HOME/calm"
printf 'channels:\n  external:\n    clipboard: true\n' >"$XDG_CONFIG_HOME/calm/config.yaml"
ID=$(calm new "Search is slow") || fail "cannot declare"
printf 'Search is slow for some customers.\nWe are on it.' | calm draft "$ID" external - >/dev/null ||
	fail "cannot save a draft"
start -- open "$ID"
TM set -s set-clipboard on
wait_for "Press any key to begin"
keys Escape
keys 4
wait_for "│ 4 Comms"
keys a
wait_for "\[external\]"
wait_for "draft rev 1, unsent"
keys s
wait_for "external update sent via clipboard \(rev 1\)"
end=$(( $(date +%s) + 5 ))
until [ "$(TM show-buffer 2>/dev/null)" = "$(printf 'Search is slow for some customers.\nWe are on it.')" ]; do
	[ "$(date +%s)" -lt "$end" ] || fail "tmux buffer holds: $(TM show-buffer 2>&1)"
	sleep 0.05
done
keys q
wait_exit
pass
