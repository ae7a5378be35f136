#!/usr/bin/env bash
# A write whose server goes while calm reads its journal back (the first
# write after the server restarted reads the writes the run before
# acknowledged, and that read can be cut like any other) is queued,
# exit 0, as when the server was gone before it started; never refused
# with 69 as if it were a read.  The read is held at a lock another
# session takes on the events table, then the server is stopped
# (pg_ctl stop -m immediate) while calm waits there.
set -u
: "${CALM:?}" "${CALM_SOURCE_DIR:?}"
. "$CALM_SOURCE_DIR/tests/pg/lib.sh"
pg_test_setup readback

run new "Checkout returns 500" --severity 2
expect_rc 0
run log 1 "acknowledged by the first run"
expect_rc 0
pg_stop "$S" immediate
pg_start "$S" || fail "the server did not start again"

# another session holds the events table; calm's read-back waits on it
"$PG_BIN/psql" -X -q -h "$S" -U postgres -d team \
	-c "BEGIN; LOCK TABLE events IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(60)" >/dev/null 2>&1 &
LOCKER=$!
waiting() { pg_sql "$S" team "SELECT count(*) FROM pg_locks WHERE relation = 'events'::regclass AND NOT granted"; }
end=$(($(date +%s) + 20))
until [ "$(pg_sql "$S" team "SELECT count(*) FROM pg_locks WHERE relation = 'events'::regclass AND granted AND mode = 'AccessExclusiveLock'")" = 1 ]; do
	[ "$(date +%s)" -lt "$end" ] || fail "the other session never took its lock"
	sleep 0.05
done
rc=0
CALM_BUSY_TIMEOUT_MS=30000 "$CALM" --db "$DB" log 1 "made while the server goes" >"$OUT" 2>"$ERR" </dev/null &
WRITER=$!
end=$(($(date +%s) + 20))
until [ "$(waiting)" -ge 1 ]; do
	[ "$(date +%s)" -lt "$end" ] || fail "calm never waited on the lock"
	sleep 0.05
done
pg_stop "$S" immediate
wait "$WRITER" || rc=$?
kill "$LOCKER" 2>/dev/null
wait "$LOCKER" 2>/dev/null
expect_rc 0
expect_err "queued (server unreachable)"

pg_start "$S" || fail "the server did not start a third time"
run sync
expect_rc 0
got=$(pg_sql "$S" team "SELECT string_agg(text, '|' ORDER BY id) FROM events WHERE kind = 'note'")
[ "$got" = "acknowledged by the first run|made while the server goes" ] || fail "notes on the server: $got"
exit 0
