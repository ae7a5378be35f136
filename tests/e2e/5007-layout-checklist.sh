#!/bin/bash
# Scope: the screen's space and words a stressed person reads.  Bugs it
# guards against: at 120x32 the checklist used its top rows and left the
# rest of its column blank while the timeline beside it, 55 columns
# wide, wrapped each event into three or four lines; checklist items
# were cut with "..." with no way to read them whole; the gate named
# unmet items by their ids ('who-sees-it'); a stage's optional items
# were never shown when the stage opened on another pane; a time had to
# be typed as a full date (21:48 was refused for impact-start).
. "$(dirname "$0")/lib.sh"

cat >"$T/pb.yaml" <<'YAML'
name: long-items
stages:
  - id: evaluate
    title: Evaluate
    pane: checklist
    guidance: Breathe.
    checklist:
      - id: scope
        text: Check whether it is broken for everyone or only for you, your office network, your region or one kind of customer account, and write down how you checked
      - id: when
        text: Note when it started
    gate:
      - checklist_complete: true
  - id: fix
    title: Fix
    pane: fixes
    guidance: Breathe.
    checklist:
      - id: one-change
        text: Change one thing at a time
        required: false
    gate:
      - fix_outcome: true
YAML
ID=$(calm --playbook "$T/pb.yaml" new "Checkout returns 500") || fail "cannot declare"
calm log "$ID" "p99 latency 4s on /pay since 14:02, only EU cards, error rate 38 percent" >/dev/null
start -x 120 -y 32 CALM_NOW=2026-02-01T09:00:00Z -- --playbook "$T/pb.yaml" open "$ID"
wait_for "Press any key"
keys Escape
wait_gone "Press any key"

# a short checklist: the timeline below it at the full width, each event
# on one line, no blank half column
wait_for "^ +│ 2 Timeline"
wait_for "alice  p99 latency 4s on /pay since 14:02, only EU cards, error rate 38 percent$"
# the long item read whole, wrapped under itself, never cut
wait_for "> \[ \] Check whether it is broken for everyone or only for you, your office"
wait_for "^ +│ +region or one kind of customer account, and write down how you checked$"
no_screen "…"
# the gate in the items' words
wait_for "not yet: 'Check whether it is broken for everyone"
no_screen "'scope'"

# 21:48 typed at 09:00 is yesterday's, shown back with its date
keys f
wait_for "3 Fields"
keys j j j j
wait_for "> impact-start"
keys Enter
type_text "21:48"
keys Enter
wait_for "impact-start saved: 2026-01-31 21:48:00Z"
calm show "$ID" --json | jq -e '.fields."impact-start" == "2026-01-31T21:48:00Z"' >/dev/null ||
	fail "impact-start not stored as yesterday's 21:48"
keys q
wait_exit
TM kill-session -t calm

# a stage on another pane names its checklist
calm --playbook "$T/pb.yaml" advance "$ID" --override "walked in the test" >/dev/null
start -x 120 -y 32 -- --playbook "$T/pb.yaml" open "$ID"
wait_for "Press any key"
keys Escape
wait_for "5 Fixes"
wait_for "checklist: 0 of 1 ticked \(all optional\) - 1 shows it"
keys 1
wait_for "\[ \] Change one thing at a time \(optional\)"
keys q
wait_exit
pass
