#!/usr/bin/env bash
# Benchmark: `calm log` into a database that already holds 100,000
# events, against the sqlite3 shell doing the same insert into the same
# table.  Reports the median wall time per call of each and the ratio.
# Usage: log.sh CALM CALM_GEN [RUNS]
set -eu
calm=$1 gen=$2 runs=${3:-200}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db=$dir/bench.db
"$gen" "$db" 1 100000
export CALM_AUTHOR=bench

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m/1e6}'; }

: >"$dir/calm.t"; : >"$dir/sqlite.t"
for i in $(seq "$runs"); do
	t0=$(now); "$calm" --db "$db" log 1 "bench note $i: still looking at the pool"; t1=$(now)
	echo $((t1 - t0)) >>"$dir/calm.t"
	t0=$(now)
	sqlite3 "$db" "INSERT INTO events(incident_id, ts_ms, author, kind, text, hash) VALUES (1, $(date +%s%3N), 'bench', 'note', 'bench note $i: still looking at the pool', zeroblob(32));"
	t1=$(now)
	echo $((t1 - t0)) >>"$dir/sqlite.t"
done
c=$(median <"$dir/calm.t") s=$(median <"$dir/sqlite.t")
echo "calm log, 100000 events, $runs runs: median $c ms per call"
echo "sqlite3 INSERT, same database:        median $s ms per call"
awk -v c="$c" -v s="$s" 'BEGIN { printf "ratio calm/sqlite3: %.2f (aim <= 1.5)\n", c / s }'
