#!/bin/bash
# Scope: the routine on screen.  n writes a note (UTF-8 and wide
# characters, line-editing keys) that shows in the timeline at once and
# in `calm show`; > with the gate closed names the unmet criterion and o
# asks for a reason, which overrides and is recorded; the calm prompt of
# the new stage follows; < goes back (recorded); Esc cancels a note.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Payments slow") || fail "cannot declare"
start -- open "$ID"
wait_for "Press any key to begin"
keys Enter
wait_gone "Press any key to begin"

# a note, edited: type, Ctrl-W the last word, retype, Home, insert
keys n
wait_for "^note:"
type_text "café 中文 dashboards red wrong"
keys C-w
type_text "since 14:02"
keys Home
type_text "seen: "
keys Enter
wait_for "note saved"
show_json "$ID" | grep -q '"kind":"note","text":"seen: café 中文 dashboards red since 14:02"' ||
	fail "note not in the database"
keys Tab
wait_for "alice  seen: café 中文 dashboards red since"

# Esc on a typed note asks first; n keeps it, y discards: nothing written
keys n
wait_for "^note:"
type_text "never mind"
keys Escape
wait_for "^discard the note you are typing\? y/N"
keys n
wait_for "^note: never mind"
keys Escape
wait_for "^discard the note you are typing"
keys y
wait_for "cancelled"
show_json "$ID" | grep -q "never mind" && fail "a cancelled note was saved"

# the gate is closed: > names what is missing
keys '>'
wait_for "Stage 1/8 Evaluate is not done yet"
wait_for "\[ \] required checklist items"
wait_for "o: override with a reason"
keys o
wait_for "^override reason:"
type_text "customers first, checklist after"
keys Enter
wait_for "Stage 2/8: Write down everything"
show_json "$ID" | grep -q '"stage":"write-down"' || fail "not advanced"
show_json "$ID" | grep -q 'override: customers first, checklist after' ||
	fail "override reason not recorded"
keys Space
wait_gone "Press any key to begin"
wait_for "stage 2/8 Write down everything"

# < goes back, with the calm prompt of stage 1
keys '<'
wait_for "Stage 1/8: Evaluate"
keys Escape
wait_gone "Press any key to begin"
show_json "$ID" | grep -q '"went back to stage 1/8 Evaluate"' || fail "back not recorded"

keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
pass
