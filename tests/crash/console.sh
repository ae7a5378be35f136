# Helpers for the crash and concurrency tests that drive the console
# (sourced by tests/crash/NNNN-*.sh; not a test itself).
#
# Each console runs in its own session of a private tmux server (its own
# socket, no config file).  The pane runs $T/<name>.sh: a shell that
# runs calm, then writes calm's exit status to $T/<name>.rc (137 after
# SIGKILL) and idles, so the last screen stays.  calm's stderr
# (sanitizer reports) goes to $T/<name>.err.  Waits poll the screen
# with deadlines; there are no bare sleeps for synchronisation.
#
# The caller sets T (a temp dir), exports HOME, XDG dirs, TZ and CALM_DB,
# and defines fail().
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux not installed"; exit 77; }
case $CALM in /*) ;; *) CALM="$PWD/$CALM" ;; esac # the panes run in $T
CSOCK="calm-crash-$$"
CT() { tmux -L "$CSOCK" -f /dev/null "$@"; }
CON_W=${CON_W:-120}
CON_H=${CON_H:-40}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# con_start NAME [VAR=VALUE...] -- ARGS...: run calm ARGS in session
# NAME (a new one, or the old pane respawned after calm died).  Shell
# lines in $CON_PRE run first (a ulimit).
con_start() {
	local name=$1 q envs=()
	shift
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
	shift
	{
		printf 'export TERM=tmux-256color LANG=C.UTF-8 TZ=UTC HOME=%q XDG_DATA_HOME=%q XDG_CONFIG_HOME=%q XDG_STATE_HOME=%q CALM_DB=%q CALM_AUTHOR=%q\n' \
			"$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$CALM_DB" "$name"
		printf 'export ASAN_OPTIONS=%q UBSAN_OPTIONS=%q\n' "${ASAN_OPTIONS:-}" "${UBSAN_OPTIONS:-}"
		printf 'unset NO_COLOR LINES COLUMNS ESCDELAY VISUAL EDITOR CALM_NO_MOUSE CALM_BUSY_TIMEOUT_MS\n'
		for q in "${envs[@]}"; do printf 'export %q\n' "$q"; done
		printf 'cd %q\n' "$T"
		[ -n "${CON_PRE:-}" ] && printf '%s\n' "$CON_PRE"
		printf 'echo $$ >%q\n' "$T/$name.sh.pid"
		printf '%q' "$CALM"
		for q in "$@"; do printf ' %q' "$q"; done
		printf ' 2>>%q\n' "$T/$name.err"
		printf 'echo $? >%q && mv %q %q\n' "$T/$name.rc.new" "$T/$name.rc.new" "$T/$name.rc"
		printf 'exec sleep 3600\n'
	} >"$T/$name.sh"
	rm -f "$T/$name.sh.pid" "$T/$name.pid" "$T/$name.rc"
	if CT has-session -t "=$name" 2>/dev/null; then
		CT respawn-pane -k -t "=$name:" "bash '$T/$name.sh'" || fail "$name: cannot respawn"
	else
		CT start-server \; set -s exit-empty off \; set -s escape-time 10 \; \
			new-session -d -s "$name" -x "$CON_W" -y "$CON_H" "bash '$T/$name.sh'" ||
			fail "$name: cannot start tmux"
	fi
	local end=$(( $(now_ms) + 10000 ))
	local sh=""
	until [ -s "$T/$name.pid" ]; do
		[ -n "$sh" ] || sh=$(cat "$T/$name.sh.pid" 2>/dev/null)
		[ -n "$sh" ] && pgrep -P "$sh" >"$T/$name.pid"
		[ -e "$T/$name.rc" ] && fail "$name: calm exited at once: $(cat "$T/$name.err")"
		[ "$(now_ms)" -lt "$end" ] || fail "$name: calm did not start"
		sleep 0.01
	done
}

con_pid() { head -1 "$T/$1.pid"; }

# con_exited NAME [SECONDS]: until calm in NAME has exited; its exit
# status in $con_status (137: SIGKILL).
con_exited() {
	local end=$(( $(now_ms) + ${2:-10} * 1000 ))
	until [ -e "$T/$1.rc" ]; do
		[ "$(now_ms)" -lt "$end" ] || fail "$1: calm did not exit$(con_dump "$1")"
		sleep 0.02
	done
	con_status=$(cat "$T/$1.rc")
}

con_alive() { [ -e "$T/$1.pid" ] && [ ! -e "$T/$1.rc" ]; }

# con_screen NAME: the pane as text in $T/NAME.screen; the status row
# (the editor's row) in $T/NAME.status, the key line in $T/NAME.keys.
con_screen() {
	CT capture-pane -p -t "=$1:" >"$T/$1.screen" 2>/dev/null
	sed -n "$((CON_H - 1))p" "$T/$1.screen" >"$T/$1.status"
	sed -n "${CON_H}p" "$T/$1.screen" >"$T/$1.keys"
}

con_dump() { # NAME: the screen and stderr, for a failure message
	echo "--- $1 screen:"
	CT capture-pane -p -t "=$1:" 2>/dev/null
	[ -s "$T/$1.err" ] && { echo "--- $1 stderr:"; tail -20 "$T/$1.err"; }
}

# con_wait NAME WHAT PATTERN [SECONDS]: until file WHAT (screen, status
# or keys) matches PATTERN (grep -E).  Fails if calm died meanwhile.
con_wait() {
	local name=$1 what=$2 pat=$3 t=${4:-10} end
	end=$(( $(now_ms) + t * 1000 ))
	while :; do
		con_screen "$name"
		grep -qE -- "$pat" "$T/$name.$what" && return 0
		con_alive "$name" || fail "$name: calm died (waiting for: $pat)$(con_dump "$name")"
		[ "$(now_ms)" -lt "$end" ] || fail "$name: timed out waiting for: $pat$(con_dump "$name")"
		sleep 0.02
	done
}

# con_ready NAME ID: the incident is on screen, the calm prompt dismissed
con_ready() {
	con_wait "$1" screen "#$2 " 20
	con_wait "$1" keys "n note|Press any key" 20
	if grep -q "Press any key to begin" "$T/$1.screen"; then
		CT send-keys -t "=$1:" Escape
		con_wait "$1" keys "n note" 10
		local end=$(( $(now_ms) + 10000 ))
		while con_screen "$1"; grep -q "Press any key to begin" "$T/$1.screen"; do
			[ "$(now_ms)" -lt "$end" ] || fail "$1: the calm prompt stays$(con_dump "$1")"
			sleep 0.02
		done
	fi
}

# con_errors NAME: the last screen's status and key lines show an error
con_errors() { grep -qiE "busy|locked|error|cannot|corrupt|failed" "$T/$1.status" "$T/$1.keys"; }

# con_type NAME TEXT: open the note editor and type TEXT (no Enter)
con_type() {
	CT send-keys -t "=$1:" n
	con_wait "$1" status "^note:" 10
	CT send-keys -t "=$1:" -l -- "$2"
}

# con_note NAME TEXT [SECONDS]: type a note and save it; returns once the
# status line says "note saved".  An error on screen fails the test.
con_note() {
	local name=$1 end
	con_type "$name" "$2"
	CT send-keys -t "=$name:" Enter
	end=$(( $(now_ms) + ${3:-20} * 1000 ))
	while :; do
		con_screen "$name"
		grep -q "^note saved" "$T/$name.status" && return 0
		con_errors "$name" && fail "$name: an error on screen while saving '$2'$(con_dump "$name")"
		con_alive "$name" || fail "$name: calm died saving '$2'$(con_dump "$name")"
		[ "$(now_ms)" -lt "$end" ] || fail "$name: '$2' not saved in time$(con_dump "$name")"
		sleep 0.02
	done
}

con_cleanup() { CT kill-server >/dev/null 2>&1; }
