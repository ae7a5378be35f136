#!/bin/bash
# Scope: a short draft edited inline (issue 4's leftover).  i in the
# comms pane opens the line editor on the draft, its lines kept (shown
# as a return mark); Enter saves a revision.  Two people on one draft:
# when bob saves a revision while alice is editing, alice's Enter saves
# hers as a new revision after his (both kept) and the status line
# says so.  Esc asks before dropping the changes.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Checkout returns 500") || fail "cannot declare"
calm advance "$ID" --override "walked in the test" >/dev/null || fail "advance"
calm advance "$ID" --override "walked in the test" >/dev/null || fail "advance"

start -x 120 -y 40 -- open "$ID"
wait_for "Stage 3/8"
keys Escape
wait_for "│ 4 Comms"
keys i
wait_for "internal draft \([0-9]+ lines\): .*⏎"
keys C-u
type_text "Checkout is failing for EU cards."
keys Enter
wait_for "draft saved \(internal, rev 1\)"
wait_for "draft rev 1, unsent"
[ "$(calm draft "$ID" internal)" = "Checkout is failing for EU cards." ] || fail "rev 1 text"

# bob saves rev 2 while alice edits: both kept
keys i
wait_for "internal draft: Checkout is failing"
printf 'Bob: EU card payments fail since 10:00.\n' |
	CALM_AUTHOR=bob "$CALM" draft "$ID" internal - >/dev/null || fail "bob's save"
type_text " Next update 15:00."
keys Enter
wait_for "bob saved rev 2 while you edited: yours is rev 3; both kept"
[ "$(calm draft "$ID" internal)" = "Checkout is failing for EU cards. Next update 15:00." ] ||
	fail "rev 3 is not alice's: $(calm draft "$ID" internal)"
show_json "$ID" | grep -q 'draft saved (internal, rev 2)' || fail "bob's revision lost"
show_json "$ID" | grep -q 'draft saved (internal, rev 3)' || fail "alice's revision lost"

# Esc asks before dropping changes
keys i
wait_for "internal draft: "
type_text " typo"
keys Escape
wait_for "discard your changes to the draft\? y/N"
keys n
wait_for "internal draft: .*typo"
keys Escape
wait_for "discard your changes"
keys y
wait_for "cancelled"
[ "$(calm draft "$ID" internal)" = "Checkout is failing for EU cards. Next update 15:00." ] ||
	fail "Esc saved something"
keys q
wait_exit
pass
