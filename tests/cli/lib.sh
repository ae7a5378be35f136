# Shared helpers for the command-line tests (tests/cli/NNNN-*.sh).
# Each test gets a private HOME, XDG dirs and database, and runs the
# real binary named by $CALM.  Source it, then call the check helpers;
# the first failed check prints what was expected and exits 1.
#
# Every test runs twice: on a SQLite file, and with CALM_TEST_BACKEND=pg
# on a fresh database of the suite's PostgreSQL (tests/pg/lib.sh), $DB
# then its URI.  on_pg says which; sql speaks to either; what only a
# file has (its mode, sqlite3's own syntax) is checked on SQLite only.
set -u
: "${CALM:?CALM must name the calm binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/calm-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
# the connection keepers of this test alone (they leave once it is gone)
export XDG_RUNTIME_DIR="$T/run"
mkdir -m 0700 "$XDG_RUNTIME_DIR"
export TZ=UTC LANG=C.UTF-8 CALM_AUTHOR=tester
unset CALM_DB NO_COLOR SSH_AUTH_SOCK
# script(1) runs its command with $SHELL, and the tests quote that command
# with printf %q, which writes bash's $'...' for control characters.
export SHELL="$(command -v bash)"
mkdir -p "$HOME"
DB="$T/calm.db"
OUT="$T/out" ERR="$T/err"
on_pg() { [ "${CALM_TEST_BACKEND:-sqlite}" = pg ]; }
if on_pg; then
	. "${CALM_SOURCE_DIR:?}/tests/pg/lib.sh"
	pg_up || { echo "FAIL: no PostgreSQL to test on" >&2; exit 1; }
	PGDB="cli_$$_$(basename "$0" .sh | tr -c 'a-z0-9\n' _)"
	pg_newdb "$PG_DIR" "$PGDB"
	DB=$(pg_uri "$PG_DIR" "$PGDB")
	pg_cleanup() { # the test's database and every copy made from it
		local d
		for d in $(pg_sql "$PG_DIR" postgres \
			"SELECT datname FROM pg_database WHERE datname LIKE '${PGDB}%'" 2>/dev/null); do
			pg_sql "$PG_DIR" postgres "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1
		done
		pg_down
	}
	trap 'pg_cleanup; rm -rf "$T"' EXIT
fi

# db_name DB: the PostgreSQL database a URI names
db_name() { local n=${1#postgresql:///}; echo "${n%%\?*}"; }

# db_copy NAME: a copy of the test database, its path (a file in $T) or
# URI (a database made from it)
db_copy() {
	if on_pg; then
		# PostgreSQL copies no database someone is connected to, and
		# the connection keepers hold one (this test's own)
		"$CALM" keeper --stop --all >/dev/null
		pg_sql "$PG_DIR" postgres "CREATE DATABASE ${PGDB}_$1 TEMPLATE $PGDB OWNER calm" >/dev/null
		pg_uri "$PG_DIR" "${PGDB}_$1"
	else
		rm -f "$T/$1.db" "$T/$1.db-wal" "$T/$1.db-shm"
		cp "$DB" "$T/$1.db"
		echo "$T/$1.db"
	fi
}

# db_new NAME: a new empty database of the engine under test
db_new() {
	if on_pg; then
		pg_newdb "$PG_DIR" "${PGDB}_$1"
		pg_uri "$PG_DIR" "${PGDB}_$1"
	else
		echo "$T/$1.db"
	fi
}

# sql_on DB SQL: as sql, on another database of the test
sql_on() {
	if on_pg; then
		pg_sql "$PG_DIR" "$(db_name "$1")" "$2"
	else
		sqlite3 "$1" "$2"
	fi
}

fail() {
	echo "FAIL: $*" >&2
	echo "--- stdout:" >&2; cat "$OUT" >&2 2>/dev/null
	echo "--- stderr:" >&2; cat "$ERR" >&2 2>/dev/null
	exit 1
}

# run ARGS...: run calm on the test database; status in $rc
run() {
	rc=0
	"$CALM" --db "$DB" "$@" >"$OUT" 2>"$ERR" </dev/null || rc=$?
}

# run_in INPUT ARGS...: as run, with INPUT on stdin
run_in() {
	local input=$1; shift
	rc=0
	printf '%s' "$input" | "$CALM" --db "$DB" "$@" >"$OUT" 2>"$ERR" || rc=$?
}

expect_rc() { [ "$rc" -eq "$1" ] || fail "expected exit $1, got $rc"; }
expect_out() { grep -qF -- "$1" "$OUT" || fail "stdout lacks: $1"; }
expect_no_out() { ! grep -qF -- "$1" "$OUT" || fail "stdout has: $1"; }
expect_err() { grep -qF -- "$1" "$ERR" || fail "stderr lacks: $1"; }
# expect_err_line TEXT: stderr is exactly this one line
expect_err_line() {
	[ "$(cat "$ERR")" = "$1" ] || fail "stderr is not exactly: $1"
}
expect_eq() { [ "$1" = "$2" ] || fail "expected '$2', got '$1'"; }

# sql QUERY: read the database directly (tests may; calm may not); on
# PostgreSQL as its superuser
sql() {
	if on_pg; then
		pg_sql "$PG_DIR" "$PGDB" "$1"
	else
		sqlite3 "$DB" "$1"
	fi
}

# integrity_ok: the engine's own check of the database (SQLite's
# integrity_check; on PostgreSQL no row points at nothing)
integrity_ok() {
	if on_pg; then
		expect_eq "$(sql "SELECT count(*) FROM events e WHERE NOT EXISTS
			(SELECT 1 FROM incidents i WHERE i.id = e.incident_id)")" 0
	else
		expect_eq "$(sql 'pragma integrity_check')" ok
	fi
}

# unguarded SQL: an editor who switches the append-only triggers off
# first (SQLite: drops them; PostgreSQL: replica mode, as its superuser)
sql_unguarded() {
	if on_pg; then
		sql "SET session_replication_role = replica; $1"
	else
		sql "DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete; $1"
	fi
}

pass() { echo "PASS: $(basename "$0")"; exit 0; }
