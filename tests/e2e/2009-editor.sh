#!/bin/bash
# Scope: long text in $EDITOR.  N opens the editor on a private file;
# what it leaves there becomes one multi-line note.  C-x in the note
# editor hands the typed text to the editor and back.  An editor that
# fails or leaves the file empty writes nothing, and the console comes
# back intact.  A value with arguments runs through /bin/sh with the
# path as "$1", never spliced into the command.
. "$(dirname "$0")/lib.sh"

ED="$T/ed.sh"
cat >"$ED" <<'SH'
#!/bin/sh
# a tiny editor: records how it was called and the file's mode, then
# appends two known lines
for f; do :; done # the file is the last argument
echo "args: $*" >"$(dirname "$0")/ed.args"
stat -c %a "$f" >"$(dirname "$0")/ed.mode"
printf 'pool exhausted on db-2\nrestarted pgbouncer at 14:10\n' >>"$f"
SH
chmod +x "$ED"
printf '#!/bin/sh\n: >"$1"\n' >"$T/empty.sh"
printf '#!/bin/sh\nexit 3\n' >"$T/fail.sh"
chmod +x "$T/empty.sh" "$T/fail.sh"

ID=$(calm new "Database pool") || fail "cannot declare"
start "EDITOR=$ED" "VISUAL=" -- open "$ID"
wait_for "Press any key to begin"
keys Escape
wait_for "1 Checklist"

keys N
wait_for "note saved"
wait_for "#$ID Database pool"
show_json "$ID" | grep -q '"kind":"note","text":"pool exhausted on db-2\\nrestarted pgbouncer at 14:10"' ||
	fail "editor text not saved as one note"
[ "$(cat "$T/ed.mode")" = 600 ] || fail "temp file mode $(cat "$T/ed.mode")"
grep -q "^args: $T/state/calm/editor-[0-9a-f]*-$ID-note-" "$T/ed.args" || fail "editor called as: $(cat "$T/ed.args")"
[ -z "$(ls "$T/state/calm/")" ] || fail "temp file left behind"
keys 2
wait_for "alice  pool exhausted on db-2$"
wait_for "^ .*│ +restarted pgbouncer at 14:10"

# C-x in the note editor: the typed text goes to the editor first
keys n
type_text "first line typed here"
keys C-x
wait_for "note saved"
show_json "$ID" | grep -q '"text":"first line typed here\\npool exhausted on db-2\\nrestarted' ||
	fail "typed text not handed to the editor"
TM kill-server

# an empty file or a failing editor writes nothing; the console is intact
start "EDITOR=$T/empty.sh" -- open "$ID"
wait_for "Press any key to begin"
keys Escape
keys N
wait_for "empty: no note written"
wait_for "2 Timeline"
TM kill-server
start "EDITOR=$T/fail.sh" -- open "$ID"
wait_for "Press any key to begin"
keys Escape
keys N
wait_for "the editor '.*fail.sh' failed: nothing saved"
TM kill-server

# an editor with arguments goes through sh, the path as "$1"
start "EDITOR=$ED --wait" -- open "$ID"
wait_for "Press any key to begin"
keys Escape
keys N
wait_for "note saved"
grep -q "^args: --wait $T/state/calm/editor-[0-9a-f]*-$ID-note-" "$T/ed.args" || fail "called as: $(cat "$T/ed.args")"
n=$(show_json "$ID" | grep -o '"kind":"note"' | wc -l)
[ "$n" = 3 ] || fail "expected 3 notes, got $n"
keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
pass
