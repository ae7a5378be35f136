#!/bin/bash
# Scope: the fixes pane and the actions pane (issue 4).  Stage 5 opens
# on the fix attempts: a logs one (what, then why), o records its
# outcome with one key and a note; a second attempt without a why; p
# posts the selected attempt as an internal draft and shows the comms
# pane.  Stage 7's action items: a adds one (title, owner, category by
# key, due date), a bad date is refused and kept in the editor, Right
# and Enter edit a field, Space marks it done, d drops another.  What
# the screen says is checked against `calm export --format json`.
. "$(dirname "$0")/lib.sh"

export CALM_NOW=2023-02-01T14:05:00Z
ID=$(calm new "Checkout returns 500") || fail "cannot declare"
for i in 1 2 3 4; do
	calm advance "$ID" --override "walked in the test" >/dev/null || fail "advance"
done

start "CALM_NOW=$CALM_NOW" -- open "$ID"
wait_for "Stage 5/8: Fix"
keys Escape
wait_for "│ 5 Fixes"
wait_for "No fix attempts yet"

keys a
wait_for "^trying:"
type_text "restart the payment workers"
keys Enter
wait_for "^why:"
type_text "pool exhausted?"
keys Enter
wait_for "fix attempt #1 logged"
wait_for "#1 \[no outcome yet\] restart the payment workers"
wait_for "why: pool exhausted\?  \|  alice 14:05"
keys o
wait_for "outcome: w worked  f failed  p partial  r rolled back"
keys f
wait_for "^#1 failed, note:"
type_text "still 500"
keys Enter
wait_for "attempt #1: failed"
# a failed attempt does not meet the fix gate
wait_for "\[ \] a fix that worked"
wait_for "#1 \[failed\] restart the payment workers"
wait_for "note: still 500"

keys a
type_text "roll back the 09:55 deploy"
keys Enter
wait_for "^why:"
keys Enter
wait_for "fix attempt #2 logged"
wait_for "> #2 \[no outcome yet\] roll back"
keys Enter
keys w
wait_for "^#2 worked, note:"
keys Enter
wait_for "#2 \[worked\] roll back the 09:55 deploy"
wait_for "\[x\] a fix that worked \(or partly\)"

keys p
wait_for "posted as the internal draft \(rev 1\)"
wait_for "│ 4 Comms"
wait_for "draft rev 1, unsent"

# action items
keys 6
wait_for "│ 6 Actions"
wait_for "No action items yet"
keys a
wait_for "^action item:"
type_text "Load test large changes on staging"
keys Enter
wait_for "^owner:"
type_text "bob"
keys Enter
wait_for "category: t technical change  r training  p policy  o other"
keys t
wait_for "^due \(YYYY-MM-DD\):"
type_text "2023-02-30"
keys Enter
wait_for "^due \(YYYY-MM-DD\): 2023-02-30"   # refused: still in the editor
keys BSpace BSpace
type_text "28"
keys Enter
wait_for "action item #1 added"
wait_for "> #1 \[open\] Load test large changes on staging"
wait_for "owner: bob  category: technical  due: 2023-02-28$"
keys Right Enter
wait_for "^#1 owner: bob"
keys C-u
type_text "alice"
keys Enter
wait_for "item #1: owner saved"
wait_for "owner: alice  category: technical"
keys Space
wait_for "item #1 done"
wait_for "> #1 \[done\] Load test"
keys a
type_text "Review slow methods"
keys Enter Enter
keys r
keys Enter
wait_for "action item #2 added"
keys d
wait_for "item #2 dropped"
keys q
wait_exit

json=$(calm export "$ID" --format json) || fail "export"
echo "$json" | jq -e '[.fixes[] | [.n, .what, .why, .outcome, .note]] ==
	[[1, "restart the payment workers", "pool exhausted?", "failed", "still 500"],
	 [2, "roll back the 09:55 deploy", null, "worked", null]]' >/dev/null ||
	fail "fixes: $(echo "$json" | jq -c .fixes)"
echo "$json" | jq -e '[.actions[] | [.title, .owner, .category, .due, .status]] ==
	[["Load test large changes on staging", "alice", "technical", "2023-02-28", "done"],
	 ["Review slow methods", null, "training", null, "dropped"]]' >/dev/null ||
	fail "actions: $(echo "$json" | jq -c .actions)"
show_json "$ID" | jq -e '[.events[] | select(.kind == "fix")] | length == 4' >/dev/null ||
	fail "fix events: $(show_json "$ID" | jq -c '[.events[] | select(.kind == "fix") | .text]')"
pass
