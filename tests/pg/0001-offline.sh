#!/usr/bin/env bash
# Offline and back, against a real server this test starts and stops
# (pg_ctl stop -m immediate): writes made while it is down are queued
# on disk (exit 0, "queued (server unreachable)"), read-only commands
# never send them, `calm sync` and the next writing command send them
# once each in the order made; a write the server already has (its
# unique id) is not written twice; a write the server refuses is kept
# aside and listed, never dropped.
set -u
: "${CALM:?}" "${CALM_SOURCE_DIR:?}"
. "$CALM_SOURCE_DIR/tests/pg/lib.sh"
pg_test_setup offline
mkdir -p "$T/bob"
notes() { pg_sql "$S" team "SELECT string_agg(text, '|' ORDER BY id) FROM events WHERE kind = 'note'"; }
expect_notes() { [ "$(notes)" = "$1" ] || fail "notes on the server: '$(notes)', expected '$1'"; }

run new "Checkout returns 500" --severity 2
expect_rc 0
run log 1 "before"
expect_rc 0

# the server goes: writes are queued, on disk, exit 0
pg_stop "$S" immediate
run log 1 "offline one"
expect_rc 0
expect_err "queued (server unreachable)"
[ -s "$QUEUE" ] || fail "no queue file at $QUEUE"
run log 1 "offline two"
expect_rc 0
rc=0
printf 'from stdin\n' | "$CALM" --db "$DB" log 1 - >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
expect_err "queued (server unreachable)"
run sync
expect_rc 69
expect_err "3 writes still queued"
run status # a prompt's line: local state only, nothing sent
expect_rc 0
expect_out "OFFLINE — 3 queued"

# back: a command that only reads sends nothing
pg_start "$S"
run status
run show 1
expect_rc 0
expect_notes "before"
# calm sync sends them, in order, once
run sync
expect_rc 0
expect_err "sent 3 writes queued while the server was unreachable"
expect_out "nothing queued"
expect_notes "before|offline one|offline two|from stdin"
run sync
expect_rc 0
expect_notes "before|offline one|offline two|from stdin"
# each replayed write kept the time and author it was made with
[ "$(pg_sql "$S" team "SELECT count(DISTINCT uid) FROM events WHERE kind = 'note' AND author = 'alice'")" = 4 ] ||
	fail "replayed notes lack their own ids or author"

# a write the server already has (the connection went while it
# committed, then calm was killed) is found by its id, not written twice
uid=$(pg_sql "$S" team "SELECT uid FROM events WHERE text = 'offline one'")
sqlite3 "$QUEUE" "INSERT INTO queue (server, uid, ts_ms, author, args) VALUES ('$DB', '$uid', 0, 'alice',
	CAST('log' || char(0) || '1' || char(0) || 'offline one' || char(0) AS BLOB))" || fail "queue insert"
run sync
expect_rc 0
expect_notes "before|offline one|offline two|from stdin"

# the next writing command sends what waits before its own work
pg_stop "$S" immediate
run log 1 "queued first"
expect_rc 0
pg_start "$S"
run log 1 "typed after"
expect_rc 0
expect_err "sent 1 write queued"
expect_notes "before|offline one|offline two|from stdin|queued first|typed after"

# refused on replay (bob closed the incident meanwhile): kept and shown
pg_stop "$S" immediate
run log 1 "too late"
expect_rc 0
pg_start "$S"
for _ in $(seq 1 8); do
	HOME="$T/bob" CALM_AUTHOR=bob "$CALM" --db "$DB" advance 1 --override "drill" >/dev/null 2>&1 ||
		fail "bob could not close the incident"
done
run sync
expect_rc 0
expect_out "refused"
expect_out "calm log 1 too late"
expect_out "incident 1 is closed"
run sync
expect_rc 0
expect_out "calm log 1 too late" # listed until it is dealt with, never dropped
[ "$(pg_sql "$S" team "SELECT count(*) FROM events WHERE text = 'too late'")" = 0 ] || fail "written after close"

# the queue cannot be written: not queued, not exit 0
pg_stop "$S" immediate
touch "$T/afile"
rc=0
XDG_STATE_HOME="$T/afile" "$CALM" --db "$DB" log 1 "nowhere" >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 74
expect_err "cannot create '$T/afile/calm': Not a directory"
grep -q queued "$ERR" && fail "said queued with no queue on disk"
echo "ok"
