#!/usr/bin/env bash
# What the local queue and journal keep of a write to a team's server is
# masked for secrets like the write itself: the built-in patterns and
# the playbook's own secrets:, for a write acknowledged (the journal),
# queued while the server is down, and read from stdin.  A secret spread
# over several words cannot be masked word by word: that write is not
# queued (exit 69, said), never kept in the clear.  Replayed, the queued
# writes reach the server masked.
set -u
: "${CALM:?}" "${CALM_SOURCE_DIR:?}"
. "$CALM_SOURCE_DIR/tests/pg/lib.sh"
pg_test_setup qsecret
cp "$CALM_SOURCE_DIR/tests/cli/data/masked-playbook.yaml" "$T/pb.yaml"
run() { rc=0; "$CALM" --db "$DB" --playbook "$T/pb.yaml" "$@" >"$OUT" 2>"$ERR" </dev/null || rc=$?; }
notes() { pg_sql "$S" team "SELECT string_agg(text, '|' ORDER BY id) FROM events WHERE kind = 'note'"; }
# the queue file with its -wal (what a write left there before a checkpoint)
in_queue() { cat "$QUEUE"* | grep -qa -e 'zork[0-9]' -e hunter2 -e s3cr3t -e abcdefghijklmnop; }
# kept_masked TEXT: the queue holds the write, masked as TEXT
kept_masked() { cat "$QUEUE"* | grep -qaF -- "$1" || fail "the queue does not hold '$1'"; }

run new "Leaky"
expect_rc 0
run log 1 "online zork1 password=hunter2"
expect_rc 0
[ -s "$QUEUE" ] || fail "no journal at $QUEUE"
in_queue && fail "the journal keeps a secret in the clear"
kept_masked "online **** password=****"

pg_stop "$S" immediate
run log 1 "offline zork2 token=s3cr3t"
expect_rc 0
expect_err "queued (server unreachable)"
rc=0
printf 'stdin zork3\n' | "$CALM" --db "$DB" --playbook "$T/pb.yaml" log 1 - >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
expect_err "queued (server unreachable)"
run log 1 curl with Authorization: Bearer abcdefghijklmnop
expect_rc 69
expect_err "a secret spread over several words cannot be kept masked in the queue"
in_queue && fail "the queue keeps a secret in the clear"
kept_masked "offline **** token=****"
kept_masked "stdin ****"

pg_start "$S" || fail "restart"
run sync
expect_rc 0
[ "$(notes)" = "online **** password=****|offline **** token=****|stdin ****" ] ||
	fail "notes on the server: '$(notes)'"
echo "PASS: $(basename "$0")"
