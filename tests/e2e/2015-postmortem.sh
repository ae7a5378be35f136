#!/bin/bash
# Scope: the postmortem pane (issue 4) and the read-only rule.  Stage 8
# opens on the preview of the playbook's postmortem; the blame check
# names its words above it; x asks where to export, offering
# $PWD/incident-ID-postmortem.md, and writes it (compared with an
# expected file: CALM_NOW fixes the clock); the gate opens.  Once the
# incident is closed, every mutating key says "read-only: incident is
# closed", and the export still works, to a file under ~/.  The help
# overlay scrolls at 80x24.
. "$(dirname "$0")/lib.sh"

export CALM_NOW=2023-02-01T14:05:00Z
data=$(dirname "$0")/data
ID=$(calm new "Checkout returns 500" --severity 2 --product Checkout) || fail "cannot declare"
calm set "$ID" impact-start "2023-02-01 10:00" &&
calm set "$ID" resolved-at "2023-02-01 13:00" &&
calm set "$ID" impact "card payments failed" &&
calm set "$ID" cause "a slow query that exhausted the pool, Bob's fault" &&
calm set "$ID" fix "to roll back the release" &&
calm set "$ID" outstanding none &&
calm set "$ID" data-lost none &&
calm log "$ID" "500s on /pay" >/dev/null &&
calm fix "$ID" "roll back the 09:55 deploy" --why "errors began with it" >/dev/null &&
calm outcome "$ID" 1 worked "errors stopped" &&
calm action "$ID" "Load test large changes on staging" --owner alice --category technical --due 2023-03-01 >/dev/null ||
	fail "cannot set up the incident"
for i in 1 2 3 4 5 6 7; do
	calm advance "$ID" --override "walked in the test" >/dev/null || fail "advance"
done

start "CALM_NOW=$CALM_NOW" -- open "$ID"
wait_for "Stage 8/8: Document"
keys Escape
wait_for "│ 7 Postmortem  x export"
wait_for "blame words: 'Bob's fault' \(causes, not culprits\)"
wait_for "# Postmortem: Checkout returns 500"
wait_for "Product:\*\* Checkout"
keys G
wait_gone "# Postmortem: Checkout returns 500"
keys g
wait_for "# Postmortem: Checkout returns 500"

keys x
wait_for "^export to: $T/incident-$ID-postmortem.md"
keys Enter
wait_for "postmortem exported to $T/incident-$ID-postmortem.md"
wait_for "\[x\] postmortem exported"
head -n -1 "$T/incident-$ID-postmortem.md" | diff -u "$data/2015-postmortem.md" - >"$T/diff" ||
	{ cat "$T/diff" >&2; fail "the export differs from $data/2015-postmortem.md"; }

# the help scrolls at 80x24
keys "?"
wait_for "lines [0-9]+-[0-9]+ of [0-9]+: j/k PgDn/PgUp scroll"
wait_for "7 Postmortem pane" # opened at the keys of the pane in use
keys g
wait_for "lines 1-[0-9]+ of [0-9]+: j/k PgDn/PgUp scroll"
keys j
wait_for "lines 2-[0-9]+ of"
keys G
wait_for "Shift-drag selects"
keys q
wait_gone "lines [0-9]+-"

# close it: one more key, saying it cannot be undone (> alone closed it
# at once); any key but y keeps it open
keys ">"
wait_for "Close the incident\?"
wait_for "cannot be undone"
keys n
wait_for "not closed: the incident stays open"
calm show "$ID" --json | jq -e '.status == "active"' >/dev/null || fail "closed without a yes"
keys ">"
wait_for "Close it now\? y/N"
keys y
wait_for "incident closed: it is read-only history now"
for k in n 5:a 6:a 6:Space 4:e 4:s 3:e; do
	pane=${k%%:*} key=${k#*:}
	[ "$pane" != "$k" ] && keys "$pane"
	keys "$key"
	wait_for "read-only: incident is closed"
	keys Escape
	wait_gone "read-only: incident is closed"
done
keys 7 x
wait_for "^export to: "
keys C-u
type_text "~/closed.md"
keys Enter
wait_for "postmortem exported \(not recorded: closed\) to $T/h"
[ -s "$HOME/closed.md" ] || fail "no export of the closed incident"
keys q
wait_exit
[ "$(calm show "$ID" --json | jq '[.events[] | select(.kind == "export")] | length')" = 1 ] ||
	fail "the closed incident's export was recorded"
pass
