#!/bin/bash
# Scope: nothing typed is lost.  C-c in the note editor keeps the text
# (with a hint); q is text there.  A hangup (the SSH link dropped) while
# a note is typed leaves it in $XDG_STATE_HOME/calm/text-DBID-ID-PID.txt
# (0600, a header saying what it was for, a blank line, the text);
# opening the incident again offers it in the editor, saying so; saving
# it removes the file.  Outside the editor C-c quits like q.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Queue backlog") || fail "cannot declare"
start -- open "$ID"
wait_for "Press any key to begin"
keys Escape
wait_gone "Press any key"
keys n
type_text "consumers stuck since 03:12, q"
keys C-c
wait_for "C-c does not drop what you typed"
wait_for "^note: consumers stuck since 03:12, q"
pid=$(pgrep -P "$(TM display -p -t calm '#{pane_pid}')" -x calm) || fail "no calm process"
kill -HUP "$pid"
wait_exit
DBID=$(sqlite3 "$CALM_DB" "select value from meta where key = 'id'")
DRAFT=$(ls "$T/state/calm/text-$DBID-$ID-"*.txt 2>/dev/null)
[ -f "$DRAFT" ] || fail "no draft file"
[ "$(stat -c %a "$DRAFT")" = 600 ] || fail "draft mode $(stat -c %a "$DRAFT")"
[ "$(stat -c %a "$T/state/calm")" = 700 ] || fail "state dir mode"
[ "$(head -2 "$DRAFT")" = "calm-text 1
purpose: note" ] || fail "draft header: $(head -2 "$DRAFT")"
[ "$(sed '1,/^$/d' "$DRAFT")" = "consumers stuck since 03:12, q" ] || fail "draft holds: $(cat "$DRAFT")"
show_json "$ID" | grep -q "consumers stuck" && fail "draft saved as a note"
TM kill-server

start -- open "$ID"
wait_for "Press any key to begin"
wait_for "recovered unsaved text from 20[0-9-]+ [0-9:]+"
keys Escape
wait_for "^note: consumers stuck since 03:12, q"
type_text "ueue"
keys Enter
wait_for "note saved"
show_json "$ID" | grep -q '"kind":"note","text":"consumers stuck since 03:12, queue"' ||
	fail "recovered note not saved"
[ ! -e "$DRAFT" ] || fail "draft not removed after saving"

# outside the editor C-c quits, as q does
keys C-c
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
pass
