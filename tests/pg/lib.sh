# A PostgreSQL 15 of the tests' own (sourced; not a test itself).
#
# Each server lives in a fresh directory under /tmp (the clone may sit in
# a directory another user cannot reach): its data in DIR/data, its
# socket in DIR itself, no TCP (listen_addresses=''), so servers started
# side by side never meet.  PostgreSQL refuses to run as root, so when
# the tests run as root the data directory belongs to user nobody and
# initdb, pg_ctl and the server run as nobody (as tests/data/nobody.sh
# runs calm); the socket directory is 0755, so calm, run as root or not,
# connects.  Roles: postgres (the superuser, trusted on the socket),
# calm (owns the test databases), reviewer (given SELECT by the tests
# that need it) and pwuser (the only one that must give a password).
#
#   pg_init DIR            initdb into DIR (made if missing)
#   pg_start DIR           start it and wait until it answers
#   pg_stop DIR [MODE]     pg_ctl stop -m MODE (fast by default)
#   pg_newdb DIR NAME      a new database owned by calm
#   pg_uri DIR DB [USER]   the URI calm is given
#   pg_sql DIR DB SQL...   run SQL as postgres (psql -At), print rows
#   pg_up                  PG_DIR: the suite's server (the directory in
#                          the file CALM_TEST_PG_STATE names) when it
#                          answers, else one of this script's own (stop
#                          it with pg_down)
#   pg_test_setup NAME     the set-up of a test with a server of its own
#                          (tests/pg/NNNN-*.sh), below
PG_BIN=$(pg_config --bindir 2>/dev/null || true)
[ -x "$PG_BIN/initdb" ] || PG_BIN=/usr/lib/postgresql/15/bin

pg_owner() { # CMD ARGS...: run as the data directory's owner
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}

pg_init() {
	local dir=$1
	mkdir -p "$dir" && chmod 0755 "$dir"
	[ "$(id -u)" -eq 0 ] && chown 65534:65534 "$dir"
	pg_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
		--locale=C.UTF-8 -N >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
	cat >"$dir/data/pg_hba.conf" <<-HBA
	local all pwuser scram-sha-256
	local all all trust
	local replication all trust
	HBA
	cat >>"$dir/data/postgresql.conf" <<-CONF
	listen_addresses = ''
	unix_socket_directories = '$dir'
	max_connections = 100
	shared_buffers = 16MB
	wal_level = replica
	max_wal_senders = 4
	CONF
}

pg_start() {
	local dir=$1
	pg_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 start >/dev/null ||
		{ tail -20 "$dir/log" >&2; return 1; }
}

pg_stop() {
	local dir=$1 mode=${2:-fast}
	pg_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m "$mode" -w -t 30 stop >/dev/null 2>&1
}

pg_sql() { # DIR DB SQL...
	local dir=$1 db=$2
	shift 2
	"$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$dir" -U postgres -d "$db" "${@/#/-c}"
}

pg_roles() { # DIR: the roles the tests connect as
	pg_sql "$1" postgres "CREATE ROLE calm LOGIN CREATEDB" "CREATE ROLE reviewer LOGIN" \
		"CREATE ROLE pwuser LOGIN PASSWORD 'calm-test-pw'" >/dev/null
}

pg_newdb() { # DIR NAME
	pg_sql "$1" postgres "CREATE DATABASE \"$2\" OWNER calm" >/dev/null
}

pg_uri() { # DIR DB [USER]
	printf 'postgresql:///%s?host=%s&user=%s\n' "$2" "$1" "${3:-calm}"
}

pg_up() {
	local dir=""
	[ -n "${CALM_TEST_PG_STATE:-}" ] && [ -s "$CALM_TEST_PG_STATE" ] && dir=$(cat "$CALM_TEST_PG_STATE")
	if [ -n "$dir" ] && "$PG_BIN/pg_isready" -q -h "$dir" 2>/dev/null; then
		PG_DIR=$dir
		return 0
	fi
	PG_DIR=$(mktemp -d /tmp/calm-pg.XXXXXX) || return 1
	PG_OWN=$PG_DIR
	pg_init "$PG_DIR" && pg_start "$PG_DIR" && pg_roles "$PG_DIR"
}

pg_down() { # stop and remove the server pg_up started (none: nothing)
	[ -n "${PG_OWN:-}" ] || return 0
	pg_stop "$PG_OWN" immediate
	rm -rf "$PG_OWN"
	PG_OWN=""
}

# pg_test_setup NAME: a test's own server and place, as tests/pg/NNNN
# share them.  T a fresh directory (calm-NAME.XXXXXX), S a server started
# in one under /tmp with the database "team" (DB its URI), HOME $T/alice
# with no XDG directories (calm's queue at QUEUE), CALM_AUTHOR alice,
# OUT and ERR; both directories go at exit.  And the checks: run ARGS
# (calm --db DB ARGS, rc its exit status), expect_rc, expect_out,
# expect_err (fixed strings), fail (prints OUT and ERR).  Defined here,
# not at the top, so that a script with checks of its own (tests/cli,
# tests/e2e) keeps them when it sources this file.
pg_test_setup() {
	: "${CALM:?CALM must name the calm binary}"
	T=$(mktemp -d "${TMPDIR:-/tmp}/calm-$1.XXXXXX")
	S=$(mktemp -d /tmp/calm-pg.XXXXXX)
	trap 'pg_stop "$S" immediate; rm -rf "$S" "$T"' EXIT
	export TZ=UTC LANG=C.UTF-8 CALM_AUTHOR=alice
	unset CALM_DB SSH_AUTH_SOCK XDG_STATE_HOME XDG_DATA_HOME XDG_CONFIG_HOME
	export HOME="$T/alice"
	mkdir -p "$HOME"
	OUT="$T/out" ERR="$T/err"
	: >"$OUT"
	: >"$ERR"
	QUEUE="$HOME/.local/state/calm/queue.db"
	fail() {
		echo "FAIL: $*" >&2
		echo "--- stdout:" >&2; cat "$OUT" >&2
		echo "--- stderr:" >&2; cat "$ERR" >&2
		exit 1
	}
	run() { rc=0; "$CALM" --db "$DB" "$@" >"$OUT" 2>"$ERR" </dev/null || rc=$?; }
	expect_rc() { [ "$rc" -eq "$1" ] || fail "expected exit $1, got $rc"; }
	expect_err() { grep -qF -- "$1" "$ERR" || fail "stderr lacks: $1"; }
	expect_out() { grep -qF -- "$1" "$OUT" || fail "stdout lacks: $1"; }
	pg_init "$S" && pg_start "$S" && pg_roles "$S" && pg_newdb "$S" team || fail "cannot start the test's server"
	DB=$(pg_uri "$S" team)
}
