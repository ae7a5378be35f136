#!/usr/bin/env bash
# Benchmark: `calm log` against a local PostgreSQL (a server of its own,
# tests/pg/lib.sh: Unix socket, same machine) against `calm log` on a
# SQLite file, each into an incident that holds 301 events when the timed calls begin
# (counted from the rows before and after; each call writes one).
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


for db in "$dir/bench.db" "$uri"; do
	"$calm" --db "$db" new "Bench incident" >/dev/null
	for i in $(seq 300); do echo "seed note $i"; done |
		while read -r line; do "$calm" --db "$db" log 1 "$line"; done
done
count_lite() { sqlite3 "$dir/bench.db" "SELECT count(*) FROM events WHERE incident_id = 1"; }
count_pg() { pg_sql "$S" bench "SELECT count(*) FROM events WHERE incident_id = 1"; }
bl=$(count_lite) bp=$(count_pg)
# Each call timed by python3 from spawn to exit, alternating the stores:
# nothing else (no date(1), no count) is inside a timed window.
python3 - "$calm" "$dir/bench.db" "$uri" "$runs" "$dir/times" <<'PY'
import statistics, subprocess, sys, time
calm, lite, pg, runs, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
t = {lite: [], pg: []}
for i in range(runs):
    for db in (lite, pg):
        args = [calm, "--db", db, "log", "1", "bench note %d: still looking at the pool" % i]
        t0 = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        t[db].append((time.perf_counter() - t0) * 1000)
with open(out, "w") as f:
    f.write("%.3f %.3f\n" % (statistics.median(t[lite]), statistics.median(t[pg])))
PY
al=$(count_lite) ap=$(count_pg)
[ "$al" -eq $((bl + runs)) ] && [ "$ap" -eq $((bp + runs)) ] ||
	{ echo "log-pg: the incidents hold $al and $ap events, not $((bl + runs)) and $((bp + runs))" >&2; exit 1; }
read -r l p <"$dir/times"
echo "calm log on SQLite, incident 1 counted: $bl events before, $al after, $runs runs:   median $l ms per call"
echo "calm log on PostgreSQL (local socket), counted: $bp events before, $ap after: median $p ms per call"
awk -v p="$p" -v l="$l" 'BEGIN { printf "ratio PostgreSQL/SQLite: %.2f (aim <= 2)\n", p / l }'
