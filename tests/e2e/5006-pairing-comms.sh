#!/bin/bash
# Scope: the comms pane while pairing.  Bugs it guards against: alice's
# console sat on [internal] at stage 3 while bob (another process) sent
# the internal update and advanced; her rail said 4/8 but the pane stayed
# [internal] and s offered to mark the internal update sent again.  Now
# the pane follows the stage (to [external]); the internal update bob
# sent is readable there (not a fresh template) and s refuses to send it
# twice; v reads the last sent update whole.  When bob saves a draft
# revision after alice's, her pane says so instead of silently showing
# his text.  The inline editor (i) closes on Esc without asking when
# nothing was changed.
. "$(dirname "$0")/lib.sh"

mkdir -p "$XDG_CONFIG_HOME/calm"
cat >"$XDG_CONFIG_HOME/calm/config.yaml" <<YAML
channels:
  internal:
    file: $T/updates/internal.log
YAML
ID=$(calm new "Checkout returns 500" --product Checkout) || fail "cannot declare"
calm set "$ID" impact "card payments" >/dev/null && calm set "$ID" impact-start 10:00 >/dev/null ||
	fail "cannot set the facts the updates use"
calm advance "$ID" --override "walked in the test" >/dev/null || fail "advance 1"
calm advance "$ID" --override "walked in the test" >/dev/null || fail "advance 2"
start -x 120 -y 40 -- open "$ID"
wait_for "Press any key"
keys Escape
wait_gone "Press any key"
wait_for "\[internal\]"
wait_for "from the template, not saved yet"

# bob sends the internal update and advances, from another process
printf 'Checkout fails for EU cards since 10:00. Next update 10:30.' |
	calm --as bob draft "$ID" internal - >/dev/null || fail "bob's draft"
calm --as bob send "$ID" internal --yes >/dev/null || fail "bob's send"
calm --as bob advance "$ID" >/dev/null || fail "bob's advance"
wait_for "stage 4/8" 3
wait_for "\[external\]" 3
wait_for "stage moved to 4/8 .* by bob"

# the internal update bob sent reads in the pane; s does not resend it
keys Left
wait_for "\[internal\]"
wait_for "rev 1 as sent below"
wait_for "Checkout fails for EU cards since 10:00"
keys s
wait_for "rev 1 of the internal update was sent already"
no_screen "Mark the internal update sent"
[ "$(grep -c '^--- ' "$T/updates/internal.log")" -eq 1 ] || fail "the update went out twice"
keys v
wait_for "internal update rev 1, sent .* by bob via file:"
keys Escape
wait_gone "internal update rev 1, sent"

# the inline editor with nothing changed: Esc closes it without a question
keys Right
wait_for "\[external\]"
keys i
wait_for "^external draft"
keys Escape
wait_for "cancelled"
no_screen "discard your changes"

# alice saves a revision, then bob saves one after hers: she is told
keys i
wait_for "^external draft"
keys C-u
type_text "We are working on checkout payments."
keys Enter
wait_for "draft saved \(external, rev 1\)"
printf 'We are working on card payments at checkout.' |
	calm --as bob draft "$ID" external - >/dev/null || fail "bob's external draft"
wait_for "bob saved external draft rev 2 after rev 1" 3
wait_for "draft rev 2, unsent \(saved by bob\)"
wait_for "We are working on card payments at checkout."
keys v
wait_for "no external update sent yet"
keys q
wait_exit
pass
