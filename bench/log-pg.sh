#!/usr/bin/env bash
# Benchmark: `calm log` against a local PostgreSQL (a server of its own,
# tests/pg/lib.sh: Unix socket, same machine) against `calm log` on a
# SQLite file, each into an incident that holds 301 events when the timed calls begin
# (counted from the rows before and after; each call writes one).
# The PostgreSQL figure compared is what users get: through the
# connection keeper (README), after one call outside the timed runs that
# started it; the direct path (CALM_KEEPER=off, a process connecting
# itself) is timed in the same run, alternating, and printed beside it.
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
# the keeper's warm-up: started by this call, outside the timed runs
"$calm" --db "$uri" log 1 "warm-up: the connection keeper starts" >/dev/null
bp=$(count_pg)
"$calm" keeper | grep -qF -- "$uri" || { echo "log-pg: no connection keeper runs for $uri" >&2; exit 1; }
python3 - "$calm" "$dir/bench.db" "$uri" "$runs" "$dir/times" <<'PY'
import os, statistics, subprocess, sys, time
calm, lite, pg, runs, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
on = dict(os.environ)
on.pop("CALM_KEEPER", None)
off = dict(on, CALM_KEEPER="off")
ways = (("lite", lite, on), ("keeper", pg, on), ("direct", pg, off))
t = {name: [] for name, _, _ in ways}
for i in range(runs):
    for name, db, env in ways:
        args = [calm, "--db", db, "log", "1", "bench note %d: still looking at the pool" % i]
        t0 = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, env=env)
        t[name].append((time.perf_counter() - t0) * 1000)
with open(out, "w") as f:
    f.write("%.3f %.3f %.3f\n" % tuple(statistics.median(t[n]) for n, _, _ in ways))
PY
al=$(count_lite) ap=$(count_pg)
[ "$al" -eq $((bl + runs)) ] && [ "$ap" -eq $((bp + 2 * runs)) ] ||
	{ echo "log-pg: the incidents hold $al and $ap events, not $((bl + runs)) and $((bp + 2 * runs))" >&2; exit 1; }
"$calm" keeper | grep -qF -- "$uri" || { echo "log-pg: the connection keeper did not last the run" >&2; exit 1; }
read -r l p d <"$dir/times"
echo "calm log on SQLite, incident 1 counted: $bl events before, $al after, $runs runs:   median $l ms per call"
echo "calm log on PostgreSQL (local socket), through the connection keeper, counted with the direct"
echo "  calls below: $bp events before, $ap after ($runs + $runs):                  median $p ms per call"
echo "  (for information: CALM_KEEPER=off, each call connecting itself, same run: median $d ms per call)"
awk -v p="$p" -v l="$l" 'BEGIN { printf "ratio PostgreSQL/SQLite: %.2f (aim <= 2)\n", p / l }'
