#!/bin/bash
# Scope: untrusted text and pastes.  A note logged from a shell with an
# escape sequence shows inert (^[) and shows up while the console is
# open (another process's write, seen within a second); a bracketed
# paste of several lines becomes one note, never a storm of commands.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Login loop") || fail "cannot declare"
printf 'x\033[31mRED\n' | calm log "$ID" - >/dev/null || fail "cannot log"
start -- open "$ID"
wait_for "Press any key to begin"
keys Escape
keys Tab
wait_for 'alice  x\^\[\[31mRED'

# another process writes: the open console shows it
calm log "$ID" "from another shell" >/dev/null || fail "cannot log"
wait_for "alice  from another shell" 4

# a paste of three lines with command keys in it: one note, its
# newlines kept (shown as return marks in the editor, as lines after)
TM set-buffer -b p "q>
<n line two
line three"
TM paste-buffer -p -b p -t calm
wait_for "^note \(3 lines\): q>⏎<n line two⏎line three"
wait_for "pasted 3 lines"
keys Enter
wait_for "note saved"
wait_for "alice  q>$"
grep -qE "^ +│ +<n line two$" "$SCREEN" || fail "second line not under the first"
grep -qE "^ +│ +line three$" "$SCREEN" || fail "third line not under the first"
show_json "$ID" | grep -q '"text":"q>\\n<n line two\\nline three"' || fail "newlines not kept"
show_json "$ID" | grep -q '"stage":"evaluate"' || fail "pasted keys acted as commands"
n=$(show_json "$ID" | grep -o '"kind":"note"' | wc -l)
[ "$n" = 3 ] || fail "expected 3 notes, got $n"

keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
pass
