#!/usr/bin/env bash
# A primary and a streaming standby this test starts (pg_basebackup -R),
# reached through one multi-host URI (target_session_attrs=read-write).
# The standby falls behind (stopped), the primary takes five more notes
# (acknowledged) and is killed (-m immediate); the standby starts and is
# promoted without them.  A note written before the promotion is queued;
# the next `calm log` reads the journal of acknowledged writes back from
# the new primary, sends again the five it lacks, then the queued one,
# then its own: every acknowledged note is there once, in the order
# written, and the chain verifies on the new primary.  The journal keeps
# a write however long the standby lags: before the primary dies, the
# journal is aged by an hour (its entries' times, in the file) and one
# more note goes to the same primary, whose check must not let the five
# go.
set -u
: "${CALM:?}" "${CALM_SOURCE_DIR:?}"
. "$CALM_SOURCE_DIR/tests/pg/lib.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/calm-failover.XXXXXX")
P=$(mktemp -d /tmp/calm-pg.XXXXXX) S=$(mktemp -d /tmp/calm-pg.XXXXXX)
trap 'pg_stop "$P" immediate; pg_stop "$S" immediate; rm -rf "$P" "$S" "$T"' EXIT
export TZ=UTC LANG=C.UTF-8 CALM_AUTHOR=alice HOME="$T/home"
unset CALM_DB SSH_AUTH_SOCK XDG_STATE_HOME XDG_DATA_HOME XDG_CONFIG_HOME
mkdir -p "$HOME"
fail() { echo "FAIL: $*" >&2; cat "$T/err" >&2 2>/dev/null; exit 1; }

pg_init "$P" && pg_start "$P" && pg_roles "$P" && pg_newdb "$P" team || fail "primary"
export CALM_DB="postgresql:///team?host=$P,$S&user=calm&target_session_attrs=read-write"
"$CALM" new "Checkout returns 500" --severity 2 >/dev/null 2>"$T/err" || fail "new"

# the standby: a base backup that streams from the primary
chmod 0755 "$S"
[ "$(id -u)" -eq 0 ] && chown 65534:65534 "$S"
pg_owner "$PG_BIN/pg_basebackup" -D "$S/data" -R -h "$P" -U postgres >/dev/null 2>&1 || fail "basebackup"
echo "unix_socket_directories = '$S'" >>"$S/data/postgresql.conf"
pg_start "$S" || fail "standby"

n=0
note() { # the next numbered note; its exit status
	n=$((n + 1))
	"$CALM" log 1 "note $n" 2>"$T/err"
}
for _ in $(seq 1 10); do note || fail "note $n"; done
deadline=$(( $(date +%s) + 20 ))
until [ "$(pg_sql "$S" team "SELECT count(*) FROM events WHERE text LIKE 'note %'" 2>/dev/null)" = 10 ]; do
	[ "$(date +%s)" -lt "$deadline" ] || fail "the standby did not stream"
	sleep 0.1
done

# the standby falls behind; five notes only the primary has; it dies
pg_stop "$S" fast
for _ in $(seq 1 5); do note || fail "note $n"; done
# an hour later, by the journal's clock, the same primary takes another
sqlite3 "$HOME/.local/state/calm/queue.db" "UPDATE queue SET kept_ms = kept_ms - 3600000" ||
	fail "cannot age the journal"
note || fail "note $n"
pg_stop "$P" immediate
pg_start "$S" || fail "standby again"
# not promoted yet: no server to write to, so queued
note || fail "note $n not queued"
grep -q "queued (server unreachable)" "$T/err" || fail "note $n was not queued"
pg_owner "$PG_BIN/pg_ctl" -D "$S/data" -w -t 30 promote >/dev/null || fail "promote"
[ "$(pg_sql "$S" team "SELECT count(*) FROM events WHERE text LIKE 'note %'")" = 10 ] ||
	fail "the promoted standby was expected to lack five notes"

note || fail "note $n after the promotion"
grep -q "6 acknowledged writes are missing on the server" "$T/err" || fail "the journal was not read back"
for _ in $(seq 1 3); do note || fail "note $n"; done
got=$(pg_sql "$S" team "SELECT string_agg(text, ',' ORDER BY id) FROM events WHERE text LIKE 'note %'")
want=$(seq -f 'note %g' 1 "$n" | paste -sd,)
[ "$got" = "$want" ] || fail "notes on the new primary: $got"
"$CALM" verify 1 >/dev/null 2>"$T/err" || fail "the chain does not verify on the new primary"
echo "ok"
