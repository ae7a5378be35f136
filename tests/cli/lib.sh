# Shared helpers for the command-line tests (tests/cli/NNNN-*.sh).
# Each test gets a private HOME, XDG dirs and database, and runs the
# real binary named by $CALM.  Source it, then call the check helpers;
# the first failed check prints what was expected and exits 1.
set -u
: "${CALM:?CALM must name the calm binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/calm-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
export TZ=UTC LANG=C.UTF-8 CALM_AUTHOR=tester
unset CALM_DB NO_COLOR SSH_AUTH_SOCK
# script(1) runs its command with $SHELL, and the tests quote that command
# with printf %q, which writes bash's $'...' for control characters.
export SHELL="$(command -v bash)"
mkdir -p "$HOME"
DB="$T/calm.db"
OUT="$T/out" ERR="$T/err"

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

# sql QUERY: read the database directly (tests may; calm may not)
sql() { sqlite3 "$DB" "$1"; }

pass() { echo "PASS: $(basename "$0")"; exit 0; }
