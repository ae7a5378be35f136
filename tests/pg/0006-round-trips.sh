#!/usr/bin/env bash
# What one `calm log` asks a team's server, counted in the server's own
# log (log_statement = all): the connection is set up in one statement
# (the session's settings, calm's meta and the server's run read in one
# SELECT, not three round trips), and the whole write takes no more
# statements than it needs (9 today: the set-up, the incident read,
# BEGIN, its row lock, the incident and offers read under it, the
# chain's head, the event with its search row, COMMIT) in no more round
# trips (5: BEGIN goes with the lock and the lock with the reads under
# it, in one pipeline; counted as the sends to the server's socket,
# with the start-up and the goodbye: 7), and opens the local
# queue file once for all it does there (the journal read, its write;
# counted with strace when it is installed and may trace), where the
# writes not sent are counted through an index, not by reading the
# journal (a file of the version before gets it when next opened).
# And libpq's loading
# leaves nothing behind in what calm runs: GNUTLS_NO_IMPLICIT_INIT, set
# for the dlopen() alone, is not in a command's environment, and one the
# user set is passed on as it was.
set -u
: "${CALM:?}" "${CALM_SOURCE_DIR:?}"
. "$CALM_SOURCE_DIR/tests/pg/lib.sh"
pg_test_setup trips
# the direct path: what one process asks (the keeper, tests/pg/0009, is
# another process and connection)
export CALM_KEEPER=off

run new "Round trips"
expect_rc 0
run log 1 "the first write makes the journal"
expect_rc 0

pg_sql "$S" postgres "ALTER SYSTEM SET log_statement = 'all'" "SELECT pg_reload_conf()" >/dev/null ||
	fail "cannot turn statement logging on"
deadline=$((SECONDS + 20))
until pg_sql "$S" team "SELECT 'calm-logging-on'" >/dev/null && grep -q "calm-logging-on" "$S/log"; do
	[ "$SECONDS" -lt "$deadline" ] || fail "the server never logged a statement"
	sleep 0.1
done
before=$(wc -l <"$S/log")
run log 1 "counted"
expect_rc 0
tail -n +"$((before + 1))" "$S/log" | grep -E "LOG:  (statement|execute [^:]*): " >"$T/statements"
n=$(wc -l <"$T/statements")
[ "$n" -ge 5 ] || fail "only $n statements logged for a calm log: $(cat "$T/statements")"
[ "$n" -le 9 ] || fail "a calm log took $n statements, more than 9: $(cat "$T/statements")"
first=$(head -1 "$T/statements")
for part in "set_config('lock_timeout'" "FROM meta WHERE key = 'schema'" "pg_postmaster_start_time()"; do
	case $first in *"$part"*) ;; *) fail "the first statement lacks $part: $first" ;; esac
done
tail -n +2 "$T/statements" | grep -qE "pg_postmaster_start_time|FROM meta WHERE|set_config" &&
	fail "the set-up took more than one statement: $(cat "$T/statements")"
grep -q "INSERT INTO events" "$T/statements" || fail "no event inserted: $(cat "$T/statements")"
[ "$(pg_sql "$S" team "SELECT count(*) FROM events WHERE text = 'counted'")" = 1 ] ||
	fail "the counted note is not on the server once"

# strace comes with the deps step; only a sandbox that forbids tracing
# (ptrace) skips this count, and says so.
command -v strace >/dev/null 2>&1 || fail "strace is needed (make deps installs it)"
# LeakSanitizer cannot run under ptrace: leaks are checked by the other runs
NOLEAK=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
st=0
ASAN_OPTIONS=$NOLEAK strace -f -e trace=openat -o "$T/opens" "$CALM" --db "$DB" log 1 "traced" >"$OUT" 2>"$ERR" </dev/null || st=$?
# calm itself failing is a failure, not a sandbox: only no trace at all skips
grep -q "openat" "$T/opens" 2>/dev/null && [ "$st" -ne 0 ] &&
	fail "calm log under strace failed ($st): $(cat "$ERR")"
if grep -q "openat" "$T/opens" 2>/dev/null; then
	opens=$(grep -c 'queue\.db", O_RDWR' "$T/opens")
	[ "$opens" -eq 1 ] || fail "a calm log opened the queue file $opens times: $(grep queue "$T/opens")"
	ASAN_OPTIONS=$NOLEAK strace -f -e trace=sendto,sendmsg -o "$T/sends" "$CALM" --db "$DB" log 1 "sent" \
		>"$OUT" 2>"$ERR" </dev/null || fail "calm log under strace failed: $(cat "$ERR")"
	# the server's socket: the descriptor connect() gave (libpq sends with send())
	sends=$(grep -cE '^[0-9]+ +(sendto|sendmsg)\(' "$T/sends")
	[ "$sends" -ge 3 ] || fail "only $sends sends to the server traced: $(cat "$T/sends")"
	[ "$sends" -le 7 ] || fail "a calm log sent to the server $sends times, more than 7 (5 round trips): $(grep -E 'send(to|msg)' "$T/sends")"
else
	echo "0006-round-trips: strace cannot trace here: the queue file's opens are not counted" >&2
fi

command -v sqlite3 >/dev/null || fail "sqlite3 (the CLI) is needed"
plan() { sqlite3 "$QUEUE" "EXPLAIN QUERY PLAN SELECT count(*) FROM queue WHERE server = 'x' AND sent = 0"; }
plan | grep -q "USING INDEX queue_waiting" || fail "the count of waiting writes reads the journal: $(plan)"
sqlite3 "$QUEUE" "DROP INDEX queue_waiting; ALTER TABLE queue DROP COLUMN kind;
	ALTER TABLE queue DROP COLUMN incident; ALTER TABLE queue DROP COLUMN item;
	ALTER TABLE queue DROP COLUMN value; PRAGMA user_version = 1" || fail "cannot make a version-1 queue"
run log 1 "into a version-1 queue"
expect_rc 0
[ "$(sqlite3 "$QUEUE" "PRAGMA user_version")" = 3 ] || fail "the queue file was not migrated"
plan | grep -q "USING INDEX queue_waiting" || fail "the migrated queue has no index: $(plan)"
[ "$(sqlite3 "$QUEUE" "SELECT count(*) FROM queue WHERE sent = 1")" -ge 3 ] ||
	fail "the journal lost writes in the migration"

run run 1 -- env
expect_rc 0
grep -q "^GNUTLS_NO_IMPLICIT_INIT" "$OUT" && fail "calm passed GNUTLS_NO_IMPLICIT_INIT on"
rc=0
GNUTLS_NO_IMPLICIT_INIT=0 "$CALM" --db "$DB" run 1 -- env >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 0
grep -qx "GNUTLS_NO_IMPLICIT_INIT=0" "$OUT" || fail "the user's GNUTLS_NO_IMPLICIT_INIT was not passed on"
echo "ok"
