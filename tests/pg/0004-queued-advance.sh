#!/usr/bin/env bash
# A stage move queued while the server was unreachable carries the stage
# it was made from: replayed after someone else moved the incident on,
# it is refused as the online race is ("bob moved incident 1 to stage
# 3/8 ... before you"), kept aside and shown, its reason kept as a note;
# it never moves the incident a second time.  Moves queued one after
# another from the stage the person saw go through in order.  A queue
# file made before the stage was recorded is migrated in place.
set -u
: "${CALM:?}" "${CALM_SOURCE_DIR:?}"
. "$CALM_SOURCE_DIR/tests/pg/lib.sh"
pg_test_setup qadv
mkdir -p "$T/bob" "$T/dave" "$T/carol/.local/state/calm"
bob() { HOME="$T/bob" CALM_AUTHOR=bob "$CALM" --db "$DB" "$@" >/dev/null 2>&1 || fail "bob: calm $*"; }
stage() { pg_sql "$S" team "SELECT stage_index + 1 FROM incidents WHERE id = $1"; }
expect_stage() { [ "$(stage "$1")" = "$2" ] || fail "incident $1 at stage $(stage "$1"), expected $2"; }
moves() { pg_sql "$S" team "SELECT count(*) FROM events WHERE kind = 'stage' AND incident_id = $1"; }

run new "Checkout returns 500" --severity 2
expect_rc 0
run advance 1 --override "paged"
expect_rc 0
expect_stage 1 2

# alice advances from stage 2 while the server is down; bob, online
# once it is back, advances first: alice's is refused, not a second move
pg_stop "$S" immediate
run advance 1 --override "rolled back, error rate flat"
expect_rc 0
expect_err "queued (server unreachable)"
pg_start "$S"
bob advance 1 --override "bob's"
expect_stage 1 3
run sync
expect_rc 0
expect_stage 1 3
[ "$(moves 1)" = 2 ] || fail "$(moves 1) stage moves, expected 2"
expect_out "refused"
expect_out "advance 1 --override rolled back, error rate flat"
expect_out "bob moved incident 1 to stage 3/8"
expect_out "your reason is kept as a note"
[ "$(pg_sql "$S" team "SELECT count(*) FROM events WHERE kind = 'note' AND author = 'alice'
	AND text LIKE '%(bob moved it first): rolled back, error rate flat'")" = 1 ] ||
	fail "the queued advance's reason is not kept as a note"
run sync
expect_out "advance 1 --override rolled back" # kept, never dropped

# refused, its reason kept as a note, then calm stopped before the
# queue said so: the replay finds the note by the move's id and refuses
# it again, never taking it for a move that went
uid=$(pg_sql "$S" team "SELECT uid FROM events WHERE kind = 'note' AND text LIKE '%(bob moved it first): rolled back%'")
sqlite3 "$QUEUE" "UPDATE queue SET refused = NULL, seen = 0 WHERE uid = '$uid'" || fail "queue update"
run sync
expect_rc 0
expect_out "advance 1 --override rolled back, error rate flat"
expect_out "had moved on from stage 'write-down'"
[ "$(pg_sql "$S" team "SELECT count(*) FROM events WHERE text LIKE '%(bob moved it first): rolled back%'")" = 1 ] ||
	fail "the reason kept twice"
expect_stage 1 3

# its author's next write sends it and shows it refused; back is the same
pg_stop "$S" immediate
run back 1
expect_rc 0
expect_err "queued (server unreachable)"
pg_start "$S"
bob advance 1 --override "bob again"
expect_stage 1 4
run log 1 "next"
expect_rc 0
expect_err "refused by the server, kept aside: \`calm --db $DB back 1\`"
expect_err "bob moved incident 1 to stage 4/8"
expect_stage 1 4

# moves queued one after another from what alice saw go through in order
run show 1
expect_out "4/8"
pg_stop "$S" immediate
run advance 1 --override "one"
expect_rc 0
run advance 1 --override "two"
expect_rc 0
run back 1
expect_rc 0
pg_start "$S"
run sync
expect_rc 0
expect_err "sent 3 writes"
expect_stage 1 5

# a move by someone calm never showed the incident to: said when queued
pg_stop "$S" immediate
rc=0
HOME="$T/dave" CALM_AUTHOR=dave "$CALM" --db "$DB" advance 1 --override "blind" >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 0
expect_err "the stage incident 1 is at was never shown here"
expect_err "queued (server unreachable)"
pg_start "$S"

# a queue file made before the stage was recorded: migrated in place,
# its write sent as it was made (from wherever the incident is)
Q="$T/carol/.local/state/calm/queue.db"
sqlite3 "$Q" "PRAGMA journal_mode=WAL; CREATE TABLE queue (seq INTEGER PRIMARY KEY AUTOINCREMENT,
	server TEXT NOT NULL, uid TEXT NOT NULL UNIQUE, ts_ms INTEGER NOT NULL, author TEXT NOT NULL,
	args BLOB NOT NULL, refused TEXT, seen INTEGER NOT NULL DEFAULT 0, sent INTEGER NOT NULL DEFAULT 0,
	kept_ms INTEGER NOT NULL DEFAULT 0, instance TEXT);
	INSERT INTO queue (server, uid, ts_ms, author, args) VALUES ('$DB', '0123456789abcdef0123456789abcdef',
	0, 'carol', CAST('advance' || char(0) || '1' || char(0) || '--override' || char(0) || 'old' || char(0) AS BLOB))" ||
	fail "old queue"
rc=0
HOME="$T/carol" CALM_AUTHOR=carol "$CALM" --db "$DB" sync >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 0
expect_err "sent 1 write"
expect_stage 1 6
[ "$(sqlite3 "$Q" "PRAGMA user_version")" -ge 1 ] || fail "the queue's schema version was not raised"
echo "ok"
