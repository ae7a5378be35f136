#!/usr/bin/env bash
# Busy: another process (the sqlite3 shell) holds a write transaction
# (BEGIN IMMEDIATE) longer than the busy timeout (CALM_BUSY_TIMEOUT_MS=300).
#  - The CLI exits 75 with one line and writes nothing (the same check
#    as tests/cli/0002-errors.sh, repeated here against this lock).
#  - The console, asked to save a note meanwhile, says the database is
#    busy, keeps the typed text in the editor, shows nothing as saved
#    (no "note saved", the note not in its timeline, not in the
#    database); once the lock is released, Enter saves it, once.
#  - With a longer timeout (3 s) the console says it is waiting while it
#    waits, and saves as soon as the lock goes within the timeout.
set -u
: "${CALM:?CALM must name the calm binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/calm-busy.XXXXXX")
export HOME="$T" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" XDG_STATE_HOME="$T/state"
export TZ=UTC LANG=C.UTF-8 CALM_DB="$T/calm.db"
DB="$T/calm.db"
fail() { echo "FAIL: $(basename "$0"): $*" >&2; exit 1; }
. "$(dirname "$0")/console.sh"
holder=""
trap 'con_cleanup; [ -n "$holder" ] && kill "$holder" 2>/dev/null; exec 3>&- ; rm -rf "$T"' EXIT
count() { sqlite3 "$DB" "select count(*) from events where kind='note' and text='$1'"; }

id=$(CALM_AUTHOR=setup "$CALM" --db "$DB" new "Held database") || fail "cannot declare"

# lock: the sqlite3 shell takes the write lock and keeps it until we
# write COMMIT into its pipe; polled until another connection is refused
lock() {
	mkfifo "$T/ctl.$1"
	sqlite3 "$DB" <"$T/ctl.$1" >/dev/null 2>"$T/holder.err" &
	holder=$!
	exec 3>"$T/ctl.$1"
	echo "BEGIN IMMEDIATE;" >&3
	local end=$(( $(now_ms) + 10000 ))
	while sqlite3 -cmd ".timeout 0" "$DB" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; do
		[ "$(now_ms)" -lt "$end" ] || fail "the sqlite3 shell did not take the lock"
		sleep 0.02
	done
}
unlock() {
	echo "COMMIT;" >&3
	exec 3>&-
	wait "$holder" || true
	holder=""
}

con_start c CALM_BUSY_TIMEOUT_MS=300 -- open "$id"
con_ready c "$id"
lock 1

# the CLI: exit 75, one line, nothing written
rc=0
CALM_BUSY_TIMEOUT_MS=300 "$CALM" --db "$DB" log "$id" "cli while locked" >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" -eq 75 ] || fail "calm log under a held lock: exit $rc, expected 75"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "the busy message is not one line: $(cat "$T/err")"
grep -q "busy" "$T/err" || fail "the message does not say busy: $(cat "$T/err")"

# the console: type, Enter; it says busy, keeps the text, saves nothing
text="typed under lock"
con_type c "$text"
con_wait c status "^note: $text" 10
t0=$(now_ms)
CT send-keys -t "=c:" Enter
con_wait c keys "busy" 10
con_screen c
grep -q "^note: $text *\$" "$T/c.status" || fail "the typed text left the editor$(con_dump c)"
head -n $((CON_H - 2)) "$T/c.screen" | grep -q "$text" && fail "the unsaved note shows in the timeline$(con_dump c)"
grep -q "note saved" "$T/c.screen" && fail "shown as saved$(con_dump c)"
[ "$(count "$text")" -eq 0 ] || fail "the note was written under a held lock"
busy_line=$(sed 's/ *$//' "$T/c.keys")

unlock
[ "$(count "$text")" -eq 0 ] || fail "the note appeared without Enter after the lock went"
[ "$(count "cli while locked")" -eq 0 ] || fail "the refused CLI note appeared"
con_screen c
grep -q "^note: $text *\$" "$T/c.status" || fail "the text left the editor after unlock$(con_dump c)"
CT send-keys -t "=c:" Enter
con_wait c status "^note saved" 10
[ "$(count "$text")" -eq 1 ] || fail "after the lock went: the note is not there exactly once"
con_wait c screen "c +$text" 5

# a longer timeout: the console says it is waiting, then saves
con_start c2 CALM_BUSY_TIMEOUT_MS=3000 -- open "$id"
con_ready c2 "$id"
lock 2
text2="typed on hold"
con_type c2 "$text2"
con_wait c2 status "^note: $text2" 10
CT send-keys -t "=c2:" Enter
con_wait c2 keys "waiting" 3
grep -q "note saved" "$T/c2.screen" && fail "shown as saved while waiting$(con_dump c2)"
wait_line=$(sed 's/ *$//' "$T/c2.keys")
unlock
con_wait c2 status "^note saved" 10
[ "$(count "$text2")" -eq 1 ] || fail "waited note not there exactly once"

for c in c c2; do
	CT send-keys -t "=$c:" q
	con_exited "$c"
	[ "$con_status" = 0 ] || fail "$c exited with $con_status$(con_dump "$c")"
done
"$CALM" --db "$DB" verify >/dev/null || fail "chain broken"
echo "busy console says: $busy_line"
echo "waiting console says: $wait_line"
echo "PASS: busy"
