#!/usr/bin/env bash
# Benchmark: a note from another process to the console's screen.  A
# console (tmux, 110x32) shows the timeline of one incident; `calm log`
# writes a note with a fresh word; the time measured is from the moment
# `calm log` returned (its commit acknowledged) to the word showing in
# the pane (tmux capture-pane, read every 5 ms).  On a PostgreSQL server
# (a server of its own, local socket) the console is woken by NOTIFY on
# the server's socket; the same run on a SQLite file, where the console
# polls PRAGMA data_version every 250 ms, is the yardstick.
# Usage: notify.sh CALM SOURCE_DIR [RUNS]
set -eu
calm=$1 src=$2 runs=${3:-40}
command -v tmux >/dev/null || { echo "notify.sh: no tmux, skipped"; exit 0; }
. "$src/tests/pg/lib.sh"
dir=$(mktemp -d) S=$(mktemp -d /tmp/calm-pg.XXXXXX) sock="calm-bench-$$"
TM() { tmux -L "$sock" -f /dev/null "$@"; }
# (the server is gone when measure ended well: not a failure here, where
# set -e would stop the trap before the rest)
trap 'TM kill-server 2>/dev/null || true; pg_stop "$S" immediate || true; rm -rf "$dir" "$S"' EXIT
pg_init "$S" && pg_start "$S" && pg_roles "$S" && pg_newdb "$S" bench
export CALM_AUTHOR=bench HOME=$dir XDG_STATE_HOME=$dir/state XDG_CONFIG_HOME=$dir/config
export TZ=UTC LANG=C.UTF-8
unset CALM_DB

# The clock read by the shell itself ($EPOCHREALTIME, microseconds): no
# date(1) process inside a timed window.
now() { t=${EPOCHREALTIME/./}; }
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m/1e3}'; }

# measure DB OUT: the console on DB, RUNS notes, one time per line in OUT
measure() {
	local db=$1 out=$2 t0 t1
	"$calm" --db "$db" new "Bench incident" >/dev/null
	TM start-server \; set -sg escape-time 10 \; new-session -d -s c -x 110 -y 32 \
		"TERM=tmux-256color '$calm' --db '$db' open 1"
	until TM capture-pane -p -t c | grep -q "Press any key"; do sleep 0.05; done
	TM send-keys -t c Escape 2
	sleep 0.5
	: >"$out"
	for i in $(seq "$runs"); do
		word="w${i}x$RANDOM"
		"$calm" --db "$db" log 1 "$word" >/dev/null
		now; t0=$t
		until TM capture-pane -p -t c | grep -q "$word"; do
			sleep 0.005
			now; [ $(( (t - t0) / 1000 )) -lt 5000 ] || { echo "notify.sh: $word never showed" >&2; exit 1; }
		done
		now
		echo $((t - t0)) >>"$out"
		sleep 0.1
	done
	TM kill-server
	[ "$(wc -l <"$out")" -eq "$runs" ] || { echo "notify.sh: $(wc -l <"$out") times, not $runs" >&2; exit 1; }
}
measure "$(pg_uri "$S" bench)" "$dir/pg.t"
measure "$dir/bench.db" "$dir/lite.t"
# each store holds the notes timed, one each, counted from the rows
np=$(pg_sql "$S" bench "SELECT count(*) FROM events WHERE incident_id = 1 AND kind = 'note'")
nl=$(sqlite3 "$dir/bench.db" "SELECT count(*) FROM events WHERE incident_id = 1 AND kind = 'note'")
[ "$np" -eq "$runs" ] && [ "$nl" -eq "$runs" ] ||
	{ echo "notify.sh: the incidents hold $np and $nl notes, not $runs" >&2; exit 1; }
echo "note to screen, console on PostgreSQL (NOTIFY), $np notes counted: median $(median <"$dir/pg.t") ms (aim <= 200)"
echo "note to screen, console on SQLite (250 ms poll), $nl notes counted: median $(median <"$dir/lite.t") ms"
