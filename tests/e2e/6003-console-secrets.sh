#!/bin/bash
# Scope: a secret typed into the console is masked before it is stored,
# whichever line editor it was typed in: the note line (n), the field
# editor (f, Enter) and the draft editor of the comms pane (i).  What
# the database keeps, and what the console then shows, is masked, and
# no file calm keeps holds the secret once the line is saved.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Checkout returns 500") || fail "cannot declare"
start -x 120 -y 40 -- open "$ID"
wait_for "Press any key to begin"
keys Escape
wait_for "1 Checklist"

# the field editor
keys f
wait_for "3 Fields  Enter edits"
keys j j j
wait_for "> impact "
keys Enter
wait_for "^impact: ?$"
type_text "login fails, password=hunter2 in the log"
keys Enter
wait_for "impact saved"
wait_for "> impact +login fails, password=\*\*\*\* in the log"
[ "$(show_json "$ID" | jq -r '.fields.impact')" = "login fails, password=**** in the log" ] ||
	fail "the field is not stored masked: $(show_json "$ID" | jq -c '.fields')"

# the note line
keys n
wait_for "^note:"
type_text "curl -H 'Authorization: Bearer abcdefghijklmnop' failed"
keys Enter
wait_for "note saved"
show_json "$ID" | jq -e '[.events[] | select(.kind == "note") | .text] |
	index("curl -H '"'"'Authorization: ****'"'"' failed") != null' >/dev/null ||
	fail "the note is not stored masked"

# the draft editor
keys 4
wait_for "│ 4 Comms"
keys i
wait_for "internal draft"
keys C-u
type_text "Rotating token=s3cr3tvalue now."
keys Enter
wait_for "draft saved \(internal, rev 1\)"
[ "$(calm draft "$ID" internal)" = "Rotating token=**** now." ] ||
	fail "the draft is not stored masked: $(calm draft "$ID" internal)"

calm export "$ID" --format json --allow-missing >"$T/all.json" || fail "export"
show_json "$ID" >>"$T/all.json"
calm draft "$ID" internal >>"$T/all.json"
! grep -qE 'hunter2|abcdefghijklmnop|s3cr3tvalue' "$T/all.json" || fail "a secret was stored"
# nor in any file calm keeps: the database, its WAL, the typed text it
# keeps until a line is saved (the screen's captures aside)
found=$(grep -rlaE --exclude=screen 'hunter2|abcdefghijklmnop|s3cr3tvalue' "$T" | sed "s|$T/||")
[ -z "$found" ] || fail "a secret is kept in: $found"
pass
