# Shared helpers for the screen tests (tests/e2e/NNNN-*.sh).
#
# Each test runs the real binary ($CALM) inside a private tmux server
# (its own socket, no config file), with a fixed TERM, locale, TZ, HOME,
# XDG dirs and database, and asserts what a person would see with
# `capture-pane -p`.  Waits poll the screen with a deadline; there are
# no bare sleeps.  Exit 77 (skipped) when tmux is missing.
set -u
: "${CALM:?CALM must name the calm binary}"
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux not installed"; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/calm-e2e.XXXXXX")
# The private tmux server's socket name: one per test process, read-only
# so that a test cannot reuse the name for something else and so share
# its server with every other test that did the same (the suites of
# several checkouts run at once on one machine, /tmp shared).
readonly E2E_TMUX="calm-e2e-$$"
TM() { tmux -L "$E2E_TMUX" -f /dev/null "$@"; }
# calm may still be writing (a draft on SIGHUP) as the server goes
cleanup() { TM kill-server >/dev/null 2>&1; rm -rf "$T" 2>/dev/null || { sleep 0.3; rm -rf "$T"; }; }
trap cleanup EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" XDG_STATE_HOME="$T/state"
export TZ=UTC LANG=C.UTF-8 CALM_AUTHOR=alice CALM_DB="$T/calm.db"
# script(1) runs its command with $SHELL, and the tests quote that command
# with printf %q, which writes bash's $'...' for control characters.
export SHELL="$(command -v bash)"
unset NO_COLOR LINES COLUMNS ESCDELAY VISUAL EDITOR CALM_NO_MOUSE SSH_AUTH_SOCK
mkdir -p "$HOME"
SCREEN="$T/screen"
E2E_TERM=${E2E_TERM:-tmux-256color}

fail() {
	echo "FAIL: $(basename "$0"): $*" >&2
	echo "--- screen:" >&2
	TM capture-pane -p -t calm >&2 2>/dev/null || cat "$SCREEN" >&2 2>/dev/null
	exit 1
}

# calm ARGS...: run the CLI on the test database (not in tmux)
calm() { "$CALM" "$@"; }

# start [-x W] [-y H] [ENV=VALUE...] -- ARGS...: run calm ARGS in a
# new tmux session named "calm"; its exit status lands in $T/rc.
start() {
	local w=80 h=24 envs=()
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		case $1 in
		-x) w=$2; shift 2 ;;
		-y) h=$2; shift 2 ;;
		*) envs+=("$1"); shift ;;
		esac
	done
	shift
	rm -f "$T/rc"
	local q
	{
		printf 'export TERM=%q LANG=C.UTF-8 TZ=UTC HOME=%q XDG_DATA_HOME=%q XDG_CONFIG_HOME=%q XDG_STATE_HOME=%q CALM_DB=%q CALM_AUTHOR=%q\n' \
			"$E2E_TERM" "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$CALM_DB" "$CALM_AUTHOR"
		for q in "${envs[@]}"; do printf 'export %q\n' "$q"; done
		printf 'cd %q\n' "$T"
		printf '%q' "$CALM"
		for q in "$@"; do printf ' %q' "$q"; done
		printf '\necho $? > %q\nexec sleep 60\n' "$T/rc"
	} >"$T/run.sh"
	# exit-empty off: a test that starts calm again must not race a
	# server that is exiting because the last session just ended
	# A server killed just before (TM kill-server) may still be going
	# away, and a client that reaches it then sees "server exited
	# unexpectedly": wait for the old one to be gone, then try again.
	local try
	for try in 1 2 3 4 5; do
		TM start-server \; set -sg escape-time 10 \; set -s exit-empty off \; \
			new-session -d -s calm -x "$w" -y "$h" "bash '$T/run.sh'" \
			2>"$T/tmux.err" && return 0
		sleep 0.2
	done
	cat "$T/tmux.err" >&2
	fail "cannot start tmux"
}

# screen: the pane as text, in $SCREEN
screen() { TM capture-pane -p -t calm >"$SCREEN" 2>/dev/null; }

# wait_for PATTERN [SECONDS]: until the screen shows PATTERN (grep -E)
wait_for() {
	local pat=$1 t=${2:-5} end
	end=$(( $(date +%s%N) / 1000000 + t * 1000 ))
	while :; do
		screen
		grep -qE -- "$pat" "$SCREEN" && return 0
		[ $(( $(date +%s%N) / 1000000 )) -lt "$end" ] || fail "timed out waiting for: $pat"
		sleep 0.05
	done
}

# wait_gone PATTERN [SECONDS]: until the screen no longer shows PATTERN
wait_gone() {
	local pat=$1 t=${2:-5} end
	end=$(( $(date +%s%N) / 1000000 + t * 1000 ))
	while :; do
		screen
		grep -qE -- "$pat" "$SCREEN" || return 0
		[ $(( $(date +%s%N) / 1000000 )) -lt "$end" ] || fail "still showing: $pat"
		sleep 0.05
	done
}

# wait_bob PATTERN MS [gone]: the second console's screen (a tmux
# session named bob, started by the test) shows PATTERN (grep -E), or
# with gone no longer shows it, within MS milliseconds; the last capture
# is in $BOB
BOB="$T/bobscreen"
wait_bob() {
	local end=$(( $(date +%s%N) / 1000000 + $2 ))
	while :; do
		TM capture-pane -p -t bob >"$BOB" 2>/dev/null
		if [ "${3:-}" = gone ]; then ! grep -qE -- "$1" "$BOB" && return 0
		else grep -qE -- "$1" "$BOB" && return 0; fi
		[ $(( $(date +%s%N) / 1000000 )) -lt "$end" ] ||
			{ cat "$BOB" >&2; fail "bob's screen: timed out waiting for: $1 ${3:-}"; }
		sleep 0.05
	done
}

# no_screen PATTERN: the last screen capture does not show PATTERN
no_screen() { ! grep -qE -- "$1" "$SCREEN" || fail "screen shows: $1"; }

# keys KEY...: tmux key names (Enter, Escape, Space, Tab, Up...)
keys() { TM send-keys -t calm "$@"; }
# type TEXT: literal text
type_text() { TM send-keys -t calm -l -- "$1"; }

# wait_exit [SECONDS]: until calm exits; its status in $rc
wait_exit() {
	local t=${1:-5} end
	end=$(( $(date +%s%N) / 1000000 + t * 1000 ))
	while [ ! -s "$T/rc" ]; do
		[ $(( $(date +%s%N) / 1000000 )) -lt "$end" ] || fail "calm did not exit"
		sleep 0.05
	done
	rc=$(cat "$T/rc")
}

# resize W H
resize() { TM resize-window -t calm -x "$1" -y "$2"; }

# show_json ID: `calm show ID --json`
show_json() { "$CALM" show "$1" --json; }

# e2e_pg [DIR...]: a PostgreSQL 15 server of the test's own
# (tests/pg/lib.sh, its functions from here on) in S with the database
# "team", CALM_DB its URI; at exit it stops and goes, with each DIR
# named, and the tmux server (cleanup).
e2e_pg() {
	local gone="" d

	for d in "$@"; do gone+=" $(printf %q "$d")"; done
	. "${CALM_SOURCE_DIR:?}/tests/pg/lib.sh"
	S=$(mktemp -d /tmp/calm-pg.XXXXXX) || fail "no directory for the server"
	trap "pg_stop \"\$S\" immediate; rm -rf \"\$S\"$gone; cleanup" EXIT
	pg_init "$S" && pg_start "$S" && pg_roles "$S" && pg_newdb "$S" team || fail "no server"
	export CALM_DB=$(pg_uri "$S" team)
}

# e2e_declare: incident 1, "Payments time out" at severity 2, declared
# on CALM_DB by the command line: ID.
e2e_declare() {
	ID=$(calm new "Payments time out" --severity 2 | grep -o '[0-9]\+' | head -1)
	[ "$ID" = 1 ] || fail "cannot declare: $ID"
}

pass() { echo "PASS: $(basename "$0")"; exit 0; }
