#!/bin/bash
# Scope: what $EDITOR saved is kept whatever happens to the editor.
#  - The editor saves, then dies of a signal (SIGHUP: its terminal went):
#    the text is back in the line editor, the status line says the
#    editor was killed after saving, Enter saves the note.
#  - The console is hung up while the editor is open: the editor gets
#    SIGHUP in turn; what it saved is kept, and offered when the incident
#    is opened again.
#  - calm is killed outright (SIGKILL) with the editor open: the
#    editor's file stays, named after the database and incident, and is
#    offered at the next open.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Editor kept") || fail "cannot declare"
DBID=$(sqlite3 "$CALM_DB" "select value from meta where key = 'id'")
cat >"$T/save-then-die.sh" <<'ED'
#!/bin/sh
printf 'saved in the editor, then it died\n' >"$1"
kill -HUP $$
ED
cat >"$T/save-then-wait.sh" <<ED
#!/bin/sh
printf '%s\n' "\$MARK" >"\$1"
echo \$\$ >"$T/editor.pid"
exec sleep 60
ED
chmod +x "$T/save-then-die.sh" "$T/save-then-wait.sh"
calm_pid() { pgrep -P "$(TM display -p -t calm '#{pane_pid}')" -x calm; }
open_console() {
	start "$@" -- open "$ID"
	wait_for "Press any key to begin"
	keys Escape
	wait_gone "Press any key to begin"
}

# the editor saves, then dies: the text is back in the line editor
open_console "EDITOR=$T/save-then-die.sh"
keys N
wait_for "was killed after saving"
wait_for "^note: saved in the editor, then it died"
keys Enter
wait_for "note saved"
show_json "$ID" | grep -q '"saved in the editor, then it died"' || fail "not saved"
keys q
wait_exit
TM kill-server

# the console is hung up while the editor is open
rm -f "$T/editor.pid"
open_console "EDITOR=$T/save-then-wait.sh" "MARK=kept across a hangup"
keys N
end=$(( $(date +%s) + 5 ))
until [ -s "$T/editor.pid" ]; do [ "$(date +%s)" -lt "$end" ] || fail "editor not started"; sleep 0.05; done
kill -HUP "$(calm_pid)"
wait_exit 12
TM kill-server
kill -0 "$(cat "$T/editor.pid")" 2>/dev/null && fail "the editor outlived the console"
open_console
wait_for "recovered unsaved text"
wait_for "^note: kept across a hangup"
keys Enter
wait_for "note saved"
keys q
wait_exit
TM kill-server

# calm killed outright: the editor's own file is found again
rm -f "$T/editor.pid"
open_console "EDITOR=$T/save-then-wait.sh" "MARK=kept across a SIGKILL"
keys N
end=$(( $(date +%s) + 5 ))
until [ -s "$T/editor.pid" ]; do [ "$(date +%s)" -lt "$end" ] || fail "editor not started"; sleep 0.05; done
kill -KILL "$(calm_pid)"
kill "$(cat "$T/editor.pid")" 2>/dev/null
wait_exit
TM kill-server
ls "$T/state/calm/editor-$DBID-$ID-note-"* >/dev/null 2>&1 || fail "the editor's file is gone"
open_console
wait_for "recovered unsaved text"
wait_for "^note: kept across a SIGKILL"
keys Enter
wait_for "note saved"
ls "$T/state/calm/editor-$DBID-$ID-"* >/dev/null 2>&1 && fail "the editor's file stayed after saving"
show_json "$ID" | grep -q '"kept across a SIGKILL"' || fail "not saved"
keys q
wait_exit
pass
