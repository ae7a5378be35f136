#!/usr/bin/env bash
# Scope: writing down from the console.  b backfills a note (it shows at
# its moment, marked with when it was written), m marks a milestone, and
# on the timeline e amends and x strikes out the selected entry (the
# timeline shows the newest text and the strike, Enter the history);
# the database agrees and the chain verifies.
. "$(dirname "$0")/lib.sh"

export CALM_NOW=2026-02-02T00:20:00Z
ID=$(calm new "Checkout returns 500") || fail "cannot declare"
calm log "$ID" "first note" && calm log "$ID" "typo noet" || fail "cannot log"
start -x 100 -y 30 CALM_NOW=$CALM_NOW -- open "$ID"
wait_for "Press any key to begin"
keys Enter
wait_gone "Press any key to begin"

# b: when, then the note
keys b
wait_for "^when \(HH:MM"
type_text "23:50"
keys Enter
wait_for "^note about 2026-02-01 23:50Z:"
type_text "alerts fired, nobody saw them"
keys Enter
wait_for "note saved \(backfilled\)"
[ "$(show_json "$ID" | jq -r '.events[0] | [.text, .occurred, .backfilled] | join("|")')" = \
  "alerts fired, nobody saw them|2026-02-01T23:50:00.000Z|true" ] || fail "backfilled note not first"

# m: which, then when
keys m
wait_for "impact: d detected  s started  m mitigated  r resolved"
keys s
wait_for "^impact started at \(Enter: now\):"
type_text "23:45"
keys Enter
wait_for "impact started"
calm show "$ID" | grep -qF "impact-start  2026-02-01T23:45:00Z" || fail "impact-start not set"

# the timeline: in the order things happened, marked
keys 2
wait_for "23:45:00 alice  \[field\] \(written 00:20\) milestone: impact"
wait_for "23:50:00 alice  \(written 00:20\) alerts fired"
screen
[ "$(grep -n "milestone: impact" "$SCREEN" | cut -d: -f1)" -lt "$(grep -n "alerts fired" "$SCREEN" | cut -d: -f1)" ] ||
	fail "the milestone is not above the later note"
# select "typo noet" (the newest is the stage begun event) and amend it
keys k
keys e
wait_for "^new text: typo noet"
keys C-u
type_text "typo note, fixed"
keys Enter
wait_for "amended: the old text stays"
wait_for "\(amended\) typo note, fixed"
# the note above it: strike it out
keys k
wait_for "first note"
keys x
wait_for "^strike out, because:"
type_text "said twice"
keys Enter
wait_for "struck out"
wait_for "\(struck: said twice\) first note"
# Enter: the history of the amended entry
keys j
keys Enter
wait_for "Event 3: .* alice \[note\]"
wait_for "As first written:"
wait_for "typo noet"
wait_for "Amended by alice, .* \(event 7\):"
keys Escape
wait_gone "Event 3:"

show_json "$ID" | jq -e '[.events[] | select(.id == 3) | .amended_by | length] == [1]' >/dev/null ||
	fail "the amendment is not in the database"
show_json "$ID" | jq -e '[.events[] | select(.id == 2) | .struck_by | length] == [1]' >/dev/null ||
	fail "the strike is not in the database"
calm verify "$ID" >/dev/null || fail "verify failed"
keys q
wait_exit
pass
