#!/usr/bin/env bash
# Database faults, each with one clear line naming the file, its
# documented exit status, and nothing reported as saved that was not:
# disk full (RLIMIT_FSIZE with SIGXFSZ ignored), a read-only directory
# and a 0444 file (as an unprivileged user), an empty file, random
# bytes, a truncated file, a flipped byte in a page, standard file
# descriptors closed, a symlink, a dangling symlink, a directory and a
# missing directory.
set -u
: "${CALM:?CALM must name the calm binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/calm-faults.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" CALM_AUTHOR=faults TZ=UTC
fail() { echo "FAIL: $*" >&2; [ -f "$T/err" ] && cat "$T/err" >&2; exit 1; }
# calm_rc WANT DB ARGS...: run calm, expect exit WANT and at most one stderr line
calm_rc() {
	local want=$1 db=$2; shift 2
	rc=0
	"$CALM" --db "$db" "$@" >"$T/out" 2>"$T/err" </dev/null || rc=$?
	[ "$rc" -eq "$want" ] || fail "calm $* on $db: exit $rc, expected $want"
	[ "$(wc -l <"$T/err")" -le 1 ] || fail "calm $* on $db: more than one line on stderr"
}
good="$T/good.db"
calm_rc 0 "$good" new "Fault target"
for i in 1 2 3; do calm_rc 0 "$good" log 1 "note $i"; done
notes() { sqlite3 "$1" "select count(*) from events where kind='note'"; }

# disk full: the write fails cleanly, nothing acknowledged, earlier rows stay
cp "$good" "$T/full.db"
rc=0
( trap '' XFSZ; ulimit -f 48; head -c 200000 /dev/zero | tr '\0' x |
	"$CALM" --db "$T/full.db" log 1 - ) >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" -eq 74 ] || fail "disk full: exit $rc, expected 74"
grep -q "full.db" "$T/err" || fail "disk full: message does not name the file"
grep -q "disk full" "$T/err" || fail "disk full: message does not say so: $(cat "$T/err")"
[ "$(notes "$T/full.db")" -eq 3 ] || fail "disk full: notes changed"
calm_rc 0 "$T/full.db" log 1 "after the disk has room again"
calm_rc 0 "$T/full.db" verify

# closed standard descriptors: still works, still lands
rc=0; "$CALM" --db "$good" log 1 "fds closed" <&- >&- 2>&- || rc=$?
[ "$rc" -eq 0 ] || fail "closed fds: exit $rc"
[ "$(notes "$good")" -eq 4 ] || fail "closed fds: note missing"
calm_rc 0 "$good" verify

# an unprivileged user: read-only directory, 0444 file (calm and the
# files copied where that user can reach them, wherever the clone sits)
. "$(dirname "$0")/../data/nobody.sh"
if nobody_setup; then
	trap 'nobody_cleanup; rm -rf "$T"' EXIT
	R="$NOBODY_DIR/ro"
	mkdir -p "$R"
	cp "$good" "$R/calm.db" && chmod 0444 "$R/calm.db" && chown -R nobody "$R"
	rc=0; as_nobody env HOME="$NOBODY_DIR" "$NOBODY_CALM" --db "$R/calm.db" log 1 "denied" >"$T/out" 2>"$T/err" || rc=$?
	[ "$rc" -eq 74 ] || fail "0444 file: exit $rc, expected 74"
	grep -q "calm.db" "$T/err" || fail "0444 file: message does not name the file"
	chmod 0644 "$R/calm.db"; chmod 0555 "$R"
	rc=0; as_nobody env HOME="$NOBODY_DIR" "$NOBODY_CALM" --db "$R/new.db" new "x" >"$T/out" 2>"$T/err" || rc=$?
	[ "$rc" -eq 74 ] || fail "read-only directory: exit $rc, expected 74"
	[ -e "$R/new.db" ] && fail "read-only directory: a file appeared"
	chmod 0755 "$R"
	[ "$(notes "$R/calm.db")" -eq 4 ] || fail "0444 file: notes changed"
else
	echo "skip (an unprivileged user): $NOBODY_WHY"
fi

# empty file: a new, valid database
: >"$T/empty.db"
calm_rc 0 "$T/empty.db" new "From empty"
# random bytes, a truncated file, a flipped byte inside the data
head -c 8192 /dev/urandom >"$T/random.db"
calm_rc 65 "$T/random.db" list
grep -q "random.db" "$T/err" || fail "random: message does not name the file"
sqlite3 "$good" "pragma wal_checkpoint(truncate)" >/dev/null
head -c 5000 "$good" >"$T/trunc.db"
calm_rc 65 "$T/trunc.db" list
cp "$good" "$T/flip.db"
# flip one byte inside the stored text of "note 2": the page stays
# well-formed for SQLite, and only the hash chain can tell
off=$(grep -abo "note 2" "$T/flip.db" | head -1 | cut -d: -f1)
[ -n "$off" ] || fail "flipped byte: note 2 not found in the file"
printf 'N' | dd of="$T/flip.db" bs=1 seek="$off" conv=notrunc 2>/dev/null
calm_rc 65 "$T/flip.db" verify
grep -q "event" "$T/err" || fail "flipped byte: verify does not name the event"

# paths: a symlink works; dangling, a directory, a missing directory fail
ln -s "$good" "$T/link.db"
calm_rc 0 "$T/link.db" log 1 "through a symlink"
[ "$(notes "$good")" -eq 5 ] || fail "symlink: note not in the real file"
ln -s "$T/nowhere/x.db" "$T/dangling.db"
calm_rc 74 "$T/dangling.db" list
calm_rc 74 "$T" list
calm_rc 74 "$T/no/such/dir/calm.db" list
grep -q "no/such/dir" "$T/err" || fail "missing dir: message does not name the path"
echo "PASS: faults"
