#!/bin/bash
# Scope: a storm of resizes (300 in a few seconds, from 1x1 up to
# 500x200, as a tmux client flapping between sizes would cause) while a
# note is being typed: no crash, the typed text survives, and the final
# layout at 80x24 is right.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Resize storm") || fail "cannot declare"
calm log "$ID" "before the storm" >/dev/null
start -- open "$ID"
wait_for "Press any key to begin"
keys Escape
wait_for "State in one sentence"
keys n
type_text "typed during the storm"
sizes=(1x1 500x200 80x24 2x2 300x100 60x16 59x15 120x40 10x3 200x50)
for i in $(seq 1 300); do
	s=${sizes[$((i % ${#sizes[@]}))]}
	resize "${s%x*}" "${s#*x}" 2>/dev/null
done
resize 80 24
wait_for "stage 1/8 Evaluate"
wait_for "typed during the storm"
keys Enter
wait_for "note saved"
show_json "$ID" | grep -q '"text":"typed during the storm"' || fail "typed note lost in the storm"
wait_for "│ 2 Timeline"
wait_for "before the storm"
# the process is alive and still answers keys
keys 2
wait_for "typed during the storm"
pass
