#!/usr/bin/env bash
# A command that writes in more than one transaction, cut after the
# first, completes the rest exactly once when replayed.  The queued
# writes' only such command is an advance that closes the incident: the
# close, then the seal (signed by ssh-keygen, a transaction of its own).
# A fault is put between the two through ssh-keygen itself (a wrapper
# first in PATH, on this test's server only): the first time it is asked
# to sign, it runs the fault, then signs.
#  - killed (kill -9 of the calm replaying the queued advance) after the
#    close committed: the next `calm sync` finds the close by its id and
#    seals, once; a third sends nothing and seals nothing more;
#  - the server stopped (pg_ctl stop -m immediate) after the close of an
#    advance typed online: calm says it is queued, and when the server is
#    back the replay seals, once.
# Each time: one close, one seal of the head, the chain verifies.
set -u
: "${CALM:?}" "${CALM_SOURCE_DIR:?}"
. "$CALM_SOURCE_DIR/tests/pg/lib.sh"
command -v ssh-keygen >/dev/null || { echo "SKIP: ssh-keygen not installed (openssh-client)"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/calm-resume.XXXXXX")
S=$(mktemp -d /tmp/calm-pg.XXXXXX)
trap 'pg_stop "$S" immediate; rm -rf "$S" "$T"' EXIT
export TZ=UTC LANG=C.UTF-8 CALM_AUTHOR=alice HOME="$T/home"
unset CALM_DB SSH_AUTH_SOCK XDG_STATE_HOME XDG_DATA_HOME XDG_CONFIG_HOME
mkdir -p "$HOME/.ssh" "$T/bin"
fail() { echo "FAIL: $*" >&2; cat "$T/err" >&2 2>/dev/null; exit 1; }
ssh-keygen -q -t ed25519 -N '' -C alice -f "$HOME/.ssh/id_ed25519" || fail "keygen"
pg_init "$S" && pg_start "$S" && pg_roles "$S" && pg_newdb "$S" team || fail "no server"
export CALM_DB=$(pg_uri "$S" team)

# ssh-keygen, with a fault before the first signature once $T/fault says
real=$(command -v ssh-keygen)
cat >"$T/bin/ssh-keygen" <<SH
#!/usr/bin/env bash
if [ "\$1 \$2" = "-Y sign" ] && [ -e "$T/fault" ]; then
	fault=\$(cat "$T/fault"); rm -f "$T/fault"; eval "\$fault"
fi
exec "$real" "\$@"
SH
chmod +x "$T/bin/ssh-keygen"
export PATH="$T/bin:$PATH"

q() { pg_sql "$S" team "$1"; }
to_last_stage() { # ID: advanced to the last stage, not closed
	for _ in $(seq 1 7); do
		"$CALM" advance "$1" --override "drill" >/dev/null 2>"$T/err" || fail "advance $1"
	done
}
check_once() { # ID: closed once, one seal of its head, the chain verifies
	[ "$(q "SELECT status FROM incidents WHERE id = $1")" = closed ] || fail "incident $1 not closed"
	[ "$(q "SELECT count(*) FROM events WHERE incident_id = $1 AND text LIKE 'incident closed%'")" = 1 ] ||
		fail "incident $1: not closed once"
	[ "$(q "SELECT count(*) FROM seals WHERE incident_id = $1")" = 1 ] ||
		fail "incident $1: $(q "SELECT count(*) FROM seals WHERE incident_id = $1") seals, not one"
	[ "$(q "SELECT count(*) FROM seals s WHERE incident_id = $1 AND event_id =
		(SELECT max(id) FROM events WHERE incident_id = $1)")" = 1 ] || fail "incident $1: the head is not sealed"
	"$CALM" verify "$1" >/dev/null 2>"$T/err" || fail "incident $1 does not verify"
}

# killed between the close and the seal, replaying a queued advance
"$CALM" new "Checkout returns 500" --severity 2 >/dev/null 2>"$T/err" || fail "new"
to_last_stage 1
pg_stop "$S" immediate
"$CALM" advance 1 --override "closing it" >/dev/null 2>"$T/err" || fail "not queued"
grep -q "queued (server unreachable)" "$T/err" || fail "the advance was not queued"
pg_start "$S"
echo 'kill -KILL $PPID' >"$T/fault"
"$CALM" sync >/dev/null 2>"$T/err" # the replay killed: it stays queued
[ ! -e "$T/fault" ] || fail "the fault did not run"
[ "$(q "SELECT status FROM incidents WHERE id = 1")" = closed ] || fail "the close did not commit first"
[ "$(q "SELECT count(*) FROM seals WHERE incident_id = 1")" = 0 ] || fail "sealed before the fault"
"$CALM" sync >"$T/out" 2>"$T/err" || fail "sync after the fault"
grep -q "nothing queued" "$T/out" || fail "still queued: $(cat "$T/out")"
check_once 1
"$CALM" sync >/dev/null 2>"$T/err" || fail "sync again"
check_once 1

# the server stopped between the close and the seal of an advance typed online
# (its number: a sequence runs ahead after a crash, so not 2)
id=$("$CALM" new "Search is slow" --severity 3 2>"$T/err" | grep -o '[0-9]\+' | head -1)
[ -n "$id" ] || fail "new"
to_last_stage "$id"
printf '%s\n' "$(declare -f pg_owner pg_stop); PG_BIN='$PG_BIN'; pg_stop '$S' immediate" >"$T/fault"
"$CALM" advance "$id" --override "closing it" >"$T/out" 2>"$T/err" || fail "advance $id not kept"
[ ! -e "$T/fault" ] || fail "the fault did not run"
grep -q "queued (server unreachable)" "$T/err" || fail "the seal was not queued"
pg_start "$S"
[ "$(q "SELECT count(*) FROM seals WHERE incident_id = $id")" = 0 ] || fail "sealed before the fault"
"$CALM" sync >"$T/out" 2>"$T/err" || fail "sync after the fault"
check_once "$id"
"$CALM" sync >/dev/null 2>"$T/err" || fail "sync again"
check_once "$id"
echo "ok"
