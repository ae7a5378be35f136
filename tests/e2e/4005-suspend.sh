#!/bin/bash
# Scope: Ctrl-Z suspends the console cleanly from an interactive shell
# (the shell's prompt comes back, the screen is the shell's), and `fg`
# brings it back fully repainted, the typed note intact.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Suspend me") || fail "cannot declare"
cat >"$T/rc.bash" <<SH
PS1='shell\$ '
export TERM=$E2E_TERM LANG=C.UTF-8 TZ=UTC HOME=$HOME XDG_DATA_HOME=$XDG_DATA_HOME
export XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_STATE_HOME=$XDG_STATE_HOME CALM_DB=$CALM_DB CALM_AUTHOR=alice
SH
TM start-server \; set -s exit-empty off \; \
	new-session -d -s calm -x 80 -y 24 "bash --noprofile --rcfile '$T/rc.bash' -i" ||
	fail "cannot start tmux"
wait_for '^shell\$'
type_text "$(printf '%q open %q' "$CALM" "$ID")"
keys Enter
wait_for "Press any key to begin"
keys Escape
wait_for "State in one sentence"
keys n
type_text "half a thought"
keys C-z
wait_for "Stopped"
wait_gone "State in one sentence"
type_text "fg"
keys Enter
wait_for "State in one sentence"
wait_for "stage 1/8 Evaluate"
wait_for "^note: half a thought"
keys Enter
wait_for "note saved"
show_json "$ID" | grep -q '"text":"half a thought"' || fail "note lost across suspend"
pass
