#!/bin/bash
# Scope: declaring a new incident lists similar past ones (issue 5):
# after the title is typed (picker n, or `calm new` on a terminal), a
# box lists up to three with their titles; a digit previews one's
# postmortem read-only; any other key goes on to the new incident.
. "$(dirname "$0")/lib.sh"

OLD=$(calm new "Checkout returns 500 for EU cards") || fail "declare"
for i in 1 2 3 4 5 6 7 8; do
	calm advance "$OLD" --override "walk $i" >/dev/null 2>&1 || fail "advance $i"
done
before=$(calm show "$OLD" --json | wc -c)

start -x 100 -y 30 -- open
wait_for "Incidents \(1\)"
keys n
type_text "Checkout returns 502"
keys Enter
wait_for "Seen this before\?"
wait_for "1  #$OLD Checkout returns 500 for EU cards  \(closed\)"
keys 1
wait_for "#$OLD postmortem \(read-only preview\)"
keys q
wait_for "Seen this before\?"
keys x
wait_for "Stage 1/8"
wait_for "#2 Checkout returns 502"
[ "$(calm show "$OLD" --json | wc -c)" = "$before" ] || fail "the preview wrote to the old incident"
keys Escape q q
wait_exit
pass
