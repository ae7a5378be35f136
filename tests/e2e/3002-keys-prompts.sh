#!/bin/bash
# Scope: the config file shapes the console.  keys: overrides the main
# actions (the key line and help show the new keys, the new key works,
# and wins over another action's default); prompts: false opens stages
# without the calm prompt (the stage is still recorded as begun); T
# cycles the themes live, and C-t does when bound to theme.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Config shaped") || fail "cannot declare"
start -- open "$ID"
wait_for "Press any key to begin"
keys Escape
wait_for "State in one sentence"
keys T
wait_for "theme light"
keys T
wait_for "theme high-contrast"
keys q
wait_exit
TM kill-server

mkdir -p "$XDG_CONFIG_HOME/calm"
cat >"$XDG_CONFIG_HOME/calm/config.yaml" <<'YAML'
prompts: false
keys: {note: a, theme: C-t, advance: "."}
YAML
start -- open "$ID"
wait_for "State in one sentence"
no_screen "Press any key to begin"
# reopened on the same stage: its beginning is already in the timeline once
[ "$(show_json "$ID" | jq '[.events[] | select(.data.begun == "1")] | length')" -eq 1 ] ||
	fail "the stage's beginning recorded again on reopening"
wait_for "a note"
wait_for "\. advance"
keys a
wait_for "^note:"
type_text "written with a"
keys Enter
wait_for "note saved"
show_json "$ID" | grep -q '"text":"written with a"' || fail "note not saved"
keys C-t
wait_for "theme light"
keys '.'
wait_for "Stage 1/8 Evaluate is not done yet"
keys o
wait_for "^override reason:"
type_text "config test"
keys Enter
# stage 2 opens without the calm prompt, and its beginning is recorded
wait_for "stage 2/8 Write down everything"
no_screen "Press any key to begin"
show_json "$ID" | grep -q '"began stage 2/8 Write down everything"' ||
	fail "stage 2 not recorded as begun without the prompt"
keys '?'
wait_for "Keys \(by where they work\)"
keys g # opened at the timeline's keys: the incident's are above
wait_for "a +write a note"
pass
