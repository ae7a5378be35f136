#!/usr/bin/env bash
# Benchmark: `calm log` against a local PostgreSQL (a server of its own,
# tests/pg/lib.sh: Unix socket, same machine) against `calm log` on a
# SQLite file, each into an incident that already holds 300 events.
# Reports the median wall time per call of each and the ratio.
# Usage: log-pg.sh CALM SOURCE_DIR [RUNS]
set -eu
calm=$1 src=$2 runs=${3:-200}
. "$src/tests/pg/lib.sh"
dir=$(mktemp -d) S=$(mktemp -d /tmp/calm-pg.XXXXXX)
trap 'pg_stop "$S" immediate; rm -rf "$dir" "$S"' EXIT
pg_init "$S" && pg_start "$S" && pg_roles "$S" && pg_newdb "$S" bench
uri=$(pg_uri "$S" bench)
export CALM_AUTHOR=bench HOME=$dir XDG_STATE_HOME=$dir/state
unset CALM_DB

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m/1e6}'; }

for db in "$dir/bench.db" "$uri"; do
	"$calm" --db "$db" new "Bench incident" >/dev/null
	for i in $(seq 300); do echo "seed note $i"; done |
		while read -r line; do "$calm" --db "$db" log 1 "$line"; done
done
: >"$dir/lite.t"; : >"$dir/pg.t"
for i in $(seq "$runs"); do
	t0=$(now); "$calm" --db "$dir/bench.db" log 1 "bench note $i: still looking at the pool"; t1=$(now)
	echo $((t1 - t0)) >>"$dir/lite.t"
	t0=$(now); "$calm" --db "$uri" log 1 "bench note $i: still looking at the pool"; t1=$(now)
	echo $((t1 - t0)) >>"$dir/pg.t"
done
l=$(median <"$dir/lite.t") p=$(median <"$dir/pg.t")
echo "calm log on SQLite, 300 events, $runs runs:   median $l ms per call"
echo "calm log on PostgreSQL (local socket), same: median $p ms per call"
awk -v p="$p" -v l="$l" 'BEGIN { printf "ratio PostgreSQL/SQLite: %.2f (aim <= 2)\n", p / l }'
