#!/usr/bin/env bash
# Disk full with the console open: the console runs under RLIMIT_FSIZE
# with SIGXFSZ ignored (`trap '' XFSZ; ulimit -S -f N` in the shell that
# starts it; mounting a small tmpfs needs privileges a test should not
# assume), so a write past the limit fails as a full disk does.  A small
# note is saved; then the limit comes down (prlimit) to just past the
# -wal's size, and a big pasted note does not fit: the status line says
# "disk full" in one line naming the file, the console stays alive and
# keeps the whole text in the editor, nothing is shown as saved, and
# every acknowledged note is still there.  When the disk has room again
# (prlimit raises the limit of the running console), Enter saves the
# kept text, byte for byte.
set -u
: "${CALM:?CALM must name the calm binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/calm-fs.XXXXXX")
export HOME="$T" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" XDG_STATE_HOME="$T/state"
export TZ=UTC LANG=C.UTF-8 CALM_DB="$T/calm.db"
DB="$T/calm.db"
fail() { echo "FAIL: $(basename "$0"): $*" >&2; exit 1; }
. "$(dirname "$0")/console.sh"
trap 'con_cleanup; rm -rf "$T"' EXIT
command -v prlimit >/dev/null || { echo "SKIP: prlimit not installed"; exit 77; }
notes() { sqlite3 "$DB" "select count(*) from events where kind='note'"; }

id=$(CALM_AUTHOR=setup "$CALM" --db "$DB" new "Full disk") || fail "cannot declare"
for i in 1 2 3; do "$CALM" --db "$DB" log "$id" "before the disk filled $i" || fail "cannot log"; done
limit_kb=10240

# SIGXFSZ ignored and a file size limit in the shell that starts the
# console; once the console is up and a small note is saved, the limit
# comes down (prlimit) to just past the -wal's size, so the next write
# that adds pages finds the disk full
CON_PRE="trap '' XFSZ; ulimit -S -f $limit_kb" con_start c -- open "$id"
con_ready c "$id"
con_note c "small note fits"
[ "$(notes)" -eq 4 ] || fail "the small note is not in the database"
wal=$(stat -c %s "$DB-wal") || fail "no -wal"
limit=$((wal + 8192))
prlimit --pid "$(con_pid c)" --fsize="$limit:" || fail "prlimit"

# a big note (~24 KiB over 120 lines; the editor takes a paste of this
# size in well under a second, even under ASan), pasted
big="$T/big.txt"
for i in $(seq 1 120); do printf 'line %04d of the big pasted log excerpt %s\n' "$i" "$(printf '%0160d' "$i")"; done >"$big"
printf 'the end of the big note' >>"$big"
size=$(wc -c <"$big")
CT load-buffer -b big "$big"
CT paste-buffer -p -d -b big -t "=c:"
con_wait c keys "pasted 121 lines" 30
con_wait c status "^note.*the end of the big note" 10
CT send-keys -t "=c:" Enter
con_wait c keys "disk full|size limit|quota" 30
con_screen c
msg=$(sed 's/ *$//' "$T/c.keys")
grep -q "calm.db" "$T/c.keys" || fail "the message does not name the file: $msg"
grep -q "note saved" "$T/c.screen" && fail "shown as saved$(con_dump c)"
grep -q "^note.*the end of the big note" "$T/c.status" || fail "the text left the editor$(con_dump c)"
con_alive c || fail "the console died$(con_dump c)"
[ "$(notes)" -eq 4 ] || fail "notes changed by a failed write"
[ "$(sqlite3 "$DB" 'pragma integrity_check')" = ok ] || fail "integrity_check"
"$CALM" --db "$DB" verify >/dev/null || fail "verify"
# still alive and still working: it answers a key, the timeline reads
CT send-keys -t "=c:" End
con_wait c screen "small note fits" 5

# room again: the same Enter saves exactly what was pasted
prlimit --pid "$(con_pid c)" --fsize=unlimited: || fail "prlimit"
CT send-keys -t "=c:" Enter
con_wait c status "^note saved" 30
[ "$(notes)" -eq 5 ] || fail "the big note was not saved once"
sqlite3 "$DB" "select text from events where kind='note' order by id desc limit 1" >"$T/saved"
printf '\n' >>"$big"   # sqlite3 prints a newline after the value
cmp -s "$big" "$T/saved" || fail "the saved note differs from the pasted text ($(wc -c <"$T/saved") bytes, pasted $size)"
for i in 1 2 3; do
	[ "$(sqlite3 "$DB" "select count(*) from events where text='before the disk filled $i'")" -eq 1 ] ||
		fail "acknowledged note $i lost"
done
"$CALM" --db "$DB" verify >/dev/null || fail "verify at the end"
CT send-keys -t "=c:" q
con_exited c
[ "$con_status" = 0 ] || fail "exit $con_status$(con_dump c)"
echo "disk full (limit $limit bytes, -wal $wal bytes, note $size bytes): $msg"
echo "PASS: disk full"
