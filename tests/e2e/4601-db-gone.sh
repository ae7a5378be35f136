#!/bin/bash
# Scope: the database file deleted under two consoles pairing on it
# (`rm calm.db calm.db-wal calm.db-shm`).  Both say so within a second,
# without a key pressed (a box and a DATABASE GONE badge).  A note typed
# then is not reported saved: the save fails loudly, the text stays in
# the editor.  x keeps the text in a file; r puts the database the
# console still holds back at its path, and Enter then saves the note:
# the incident, its earlier events and the note are all there.  The
# partner's r finds its own database back and reopens it.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Vanishing file") || fail "cannot declare"
calm log "$ID" "written before the file went" || fail "cannot log"
DBID=$(sqlite3 "$CALM_DB" "select value from meta where key = 'id'")

# console B: a second session on the same database
start_b() {
	sed "s|$T/rc|$T/rc-b|; s|CALM_AUTHOR=alice|CALM_AUTHOR=bob|" "$T/run.sh" >"$T/run-b.sh"
	TM new-session -d -s b -x 100 -y 30 "bash '$T/run-b.sh'" || fail "cannot start console b"
}
screen_b() { TM capture-pane -p -t b >"$T/screen-b" 2>/dev/null; }

start -x 100 -y 30 -- open "$ID"
start_b
wait_for "Press any key to begin"
keys Escape
wait_gone "Press any key to begin"
TM send-keys -t b Escape
end=$(( $(date +%s) + 5 ))
until screen_b; grep -q "written before the file went" "$T/screen-b" &&
	! grep -q "Press any key" "$T/screen-b"; do
	[ "$(date +%s)" -lt "$end" ] || fail "console b did not start: $(cat "$T/screen-b")"
	sleep 0.05
done

# the file goes: both consoles say so within a second, unprompted
t0=$(date +%s%N)
rm -f "$CALM_DB" "$CALM_DB-wal" "$CALM_DB-shm"
seen_a=0 seen_b=0
while [ "$seen_a" = 0 ] || [ "$seen_b" = 0 ]; do
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	[ "$ms" -lt 3000 ] || fail "not noticed within 3 s (a: $seen_a ms, b: $seen_b ms)"
	screen; screen_b
	[ "$seen_a" = 0 ] && grep -q "The database file is gone" "$SCREEN" && seen_a=$ms
	[ "$seen_b" = 0 ] && grep -q "The database file is gone" "$T/screen-b" && seen_b=$ms
	sleep 0.02
done
echo "noticed after: a $seen_a ms, b $seen_b ms"
[ "$seen_a" -le 1000 ] && [ "$seen_b" -le 1000 ] || fail "noticed after $seen_a / $seen_b ms (limit 1000)"
grep -q "DATABASE GONE" "$SCREEN" || fail "no DATABASE GONE badge"
grep -q "DATABASE GONE" "$T/screen-b" || fail "no DATABASE GONE badge on b"

# a: close the box, type a note: not saved, the text stays
keys Escape
wait_gone "The database file is gone"
keys n
type_text "note into the void"
keys Enter
wait_for "The database file is gone"
no_screen "note saved"
wait_for "^note: note into the void"
[ -e "$CALM_DB" ] && fail "a file appeared at the path"

# x: the text is kept in a file named after the database and incident
keys x
wait_for "your text is kept in"
kept=$(ls "$T/state/calm/text-$DBID-$ID-"*.txt 2>/dev/null)
[ -f "$kept" ] || fail "no kept text file"
[ "$(sed '1,/^$/d' "$kept")" = "note into the void" ] || fail "kept: $(cat "$kept")"
wait_for "^note: note into the void"

# r: the database comes back at its path; Enter saves the note there
keys Enter
wait_for "The database file is gone"
keys r
wait_for "is back: saving works again"
wait_gone "DATABASE GONE"
keys Enter
wait_for "note saved"
[ ! -e "$kept" ] || fail "the kept text file stayed after the note was saved"
show_json "$ID" >"$T/show" || fail "cannot read the restored database"
grep -q '"written before the file went"' "$T/show" || fail "earlier note lost"
grep -q '"note into the void"' "$T/show" || fail "the note is not in the restored database"
calm verify >/dev/null || fail "verify after the restore"

# b: q does not just leave (the reproduction: it exited 0 and the data
# was gone); r finds its own database back (same id) and goes on with it
screen_b
grep -q "DATABASE GONE" "$T/screen-b" || fail "b lost its badge before r"
TM send-keys -t b Escape
TM send-keys -t b q
end=$(( $(date +%s) + 5 ))
until screen_b; grep -q "leaving now loses the database" "$T/screen-b"; do
	[ "$(date +%s)" -lt "$end" ] || fail "b: q did not warn: $(cat "$T/screen-b")"
	sleep 0.05
done
[ -e "$T/rc-b" ] && fail "b exited on the first q"
grep -q "The database file is gone" "$T/screen-b" || fail "b: the box is not back"
TM send-keys -t b r
end=$(( $(date +%s) + 5 ))
until screen_b; grep -q "is back: saving works again" "$T/screen-b"; do
	[ "$(date +%s)" -lt "$end" ] || fail "b: not reopened: $(cat "$T/screen-b")"
	sleep 0.05
done
grep -q "note into the void" "$T/screen-b" || { sleep 1; screen_b; }
grep -q "note into the void" "$T/screen-b" || fail "b does not show a's note after reopening"
pass
