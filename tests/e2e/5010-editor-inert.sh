#!/bin/bash
# Scope: the line editor with text that holds bidi, invisible and
# control characters.  The editor drew them raw (it filtered only C0 and
# C1) and dropped controls from a field's value, so saving changed it.
# Now each shows inert while it is edited (<U+202E>, ^[), counts as one
# character to the cursor, and is kept exactly when saved; a paste of
# such text likewise.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Checkout returns 500") || fail "cannot declare"
calm set "$ID" impact $'EU \xe2\x80\xaesdrac\xe2\x80\xac only, \e[31mred\e[0m' || fail "cannot set"
start -x 100 -y 30 -- open "$ID"
wait_for "Press any key"
keys Escape
keys f
wait_for "3 Fields"
keys j j j
wait_for "> impact"
keys Enter
wait_for "^impact: EU <U\+202E>sdrac<U\+202C> only, \^\[\[31mred\^\[\[0m"
# one Backspace removes one character, even one shown as several cells
keys BSpace
wait_for "^impact: EU <U\+202E>sdrac<U\+202C> only, \^\[\[31mred\^\[\[0 ?$"
type_text "m!"
keys Enter
wait_for "impact saved"
show_json "$ID" | jq -e --arg v $'EU \xe2\x80\xaesdrac\xe2\x80\xac only, \e[31mred\e[0m!' \
	'.fields.impact == $v' >/dev/null || fail "the field was not kept exactly"

# a paste with a zero-width space and a bidi isolate: inert, kept
TM set-buffer -b p $'a\xe2\x80\x8bb \xe2\x81\xa6isolated\xe2\x81\xa9'
TM paste-buffer -p -b p -t calm
wait_for "^note: a<U\+200B>b <U\+2066>isolated<U\+2069>"
keys Enter
wait_for "note saved"
show_json "$ID" | jq -e --arg v $'a\xe2\x80\x8bb \xe2\x81\xa6isolated\xe2\x81\xa9' \
	'[.events[].text] | index($v) != null' >/dev/null || fail "the paste was not kept exactly"
keys q
wait_exit
pass
