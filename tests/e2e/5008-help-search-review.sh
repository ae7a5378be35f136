#!/bin/bash
# Scope: finding one's way at 80x24.  Bugs it guards against: the help
# was one long list not tied to the pane, its wrapped lines lost their
# indent; after a / search stale characters stayed on screen (the rail's
# markers in column 0, a letter in the last column); jumping to a hit in
# another incident and pressing q quit calm instead of coming back; the
# read-only review's key line offered "n note  > advance" and not the
# time travel keys; an override on the last stage closed at once.
. "$(dirname "$0")/lib.sh"

A=$(calm new "Checkout returns 500") || fail "cannot declare"
calm log "$A" "zanzibar timeout talking to payments" >/dev/null
B=$(calm new "Search is slow") || fail "cannot declare"
calm log "$B" "zanzibar timeout in the search cluster" >/dev/null
start -- open "$A"
wait_for "Press any key"
keys Escape
wait_gone "Press any key"

# help opens at the keys of the pane in use, lines wrapped under their text
keys 4
wait_for "4 Comms"
keys "?"
wait_for "Keys \(by where they work\)"
wait_for "4 Comms pane \(updates to people\)"
no_screen "^ *│ Everywhere"
grep -qE '^..│ {17}[a-z(]' "$SCREEN" || fail "a wrapped help line lost its indent"
keys Escape
wait_gone "Keys \(by where they work\)"

# search: the box covers what is under it, whole
keys 2 /
type_text "zanzibar"
keys Enter
wait_for "Search \"zanzibar\": 2 hits"
awk 'NR >= 2 && NR <= 22 && substr($0, 1, 1) ~ /[>v]/ { bad = 1 } END { exit bad }' "$SCREEN" ||
	fail "the rail shows through the search box"
awk 'NR >= 2 && NR <= 22 && length($0) >= 80 && substr($0, 80, 1) != " " { bad = 1 } END { exit bad }' \
	"$SCREEN" || fail "a stale character in the last column"
# the hit in the other incident, then q comes back
wait_for "#$B .*search cluster"
sel=$(grep -nE "#$B .*search cluster" "$SCREEN" | head -1 | cut -d: -f1)
first=$(grep -nE "#[0-9]+ .*zanzibar" "$SCREEN" | head -1 | cut -d: -f1)
[ "$sel" -gt "$first" ] && keys j
keys Enter
wait_for "#$B Search is slow"
keys q
wait_for "back to #$A"
wait_for "#$A Checkout returns 500"
keys q
wait_exit
TM kill-session -t calm

# review: the key line offers the time travel keys, nothing that writes
for s in 1 2 3 4 5 6 7; do calm advance "$A" --override "walked" >/dev/null || fail "advance $s"; done
start -- open "$A"
wait_for "Press any key"
keys Escape
wait_gone "Press any key"
# the last stage: an override closes too, but only after a yes
keys ">"
wait_for "o: override with a reason"
keys o
type_text "postmortem written elsewhere"
keys Enter
wait_for "Close the incident\?"
wait_for "The gate is overridden with your reason"
keys y
wait_for "incident closed: it is read-only history now"
keys q
wait_exit
TM kill-session -t calm
start -- review "$A"
wait_for "READ-ONLY"
wait_for "\[ back  \] on  \{ -10  \} \+10  t time"
wait_for "\? help  q quit"
no_screen "n note"
no_screen "> advance"
keys q
wait_exit
pass
