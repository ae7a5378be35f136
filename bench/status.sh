#!/usr/bin/env bash
# Benchmark: `calm status` (one line for a tmux status bar), on a
# database of 1,000 incidents and 100,000 events with one active incident
# that has a cadence, a commander and sent updates, and with none active
# (it prints nothing).  Yardsticks from the same run: starting /bin/true
# (the floor of any command), and the sqlite3 shell reading the active
# incident's title from the same database.  Median of RUNS.  Aim: 5 ms.
# Usage: status.sh CALM CALM_GEN [RUNS]
set -eu
calm=$1 gen=$2 runs=${3:-200}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db=$dir/bench.db
export CALM_DB=$db CALM_AUTHOR=bench XDG_CONFIG_HOME=$dir/config HOME=$dir TZ=UTC
"$gen" "$db" 100000 999 >/dev/null
counted=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM incidents) || ' ' || (SELECT count(*) FROM events)")
[ "$counted" = "1000 100999" ] || { echo "status: the database holds $counted incidents and events, not 1000 and 100999" >&2; exit 1; }
mkdir -p "$dir/config/calm"
printf 'cadence: {internal: 30, external: {1: 20, 2: 30}}\n' >"$dir/config/calm/config.yaml"
# close every incident but the newest (1000) through SQL: faster than the routine
sqlite3 "$db" "UPDATE incidents SET status = 'closed', closed_ms = declared_ms + 3600000 WHERE id < 1000"
# taken by alice herself: named by another, a role is only offered
"$calm" --as alice role 1000 commander alice >/dev/null
"$calm" roles 1000 | grep -q '^commander  *alice$' ||
	{ echo "status: incident 1000 has no commander: $("$calm" roles 1000 | head -1)" >&2; exit 1; }
printf 'We are looking into it.\n' | "$calm" draft 1000 internal - >/dev/null
"$calm" send 1000 internal --channel manual --yes >/dev/null
[ "$(sqlite3 "$db" "SELECT count(*) FROM comms WHERE incident_id = 1000 AND sent_ms IS NOT NULL")" = 1 ] ||
	{ echo "status: incident 1000 has no update sent" >&2; exit 1; }

# python3 times each run from spawn to exit (a shell's date(1) around
# the command would add its own forks to every figure)
time_it() { # FILE CMD...: RUNS wall times of CMD, in ns, into FILE
	local f=$1; shift
	RUNS=$runs python3 -c '
import os, subprocess, sys, time
out = open(sys.argv[1], "w")
for _ in range(int(os.environ["RUNS"])):
    t0 = time.perf_counter_ns()
    subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, check=False)
    out.write("%d\n" % (time.perf_counter_ns() - t0))
' "$f" "$@"
}
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m/1e6}'; }
echo "calm status prints: $("$calm" status)"
time_it "$dir/status.t" "$calm" status
time_it "$dir/tmux.t" "$calm" status --tmux
time_it "$dir/true.t" /bin/true
time_it "$dir/sqlite.t" sqlite3 "$db" "SELECT title FROM incidents WHERE status = 'active' ORDER BY id DESC LIMIT 1"
sqlite3 "$db" "UPDATE incidents SET status = 'closed', closed_ms = declared_ms WHERE id = 1000"
time_it "$dir/none.t" "$calm" status
echo "calm status, 1000 incidents, $runs runs: median $(median <"$dir/status.t") ms (aim <= 5)"
echo "calm status --tmux:                      median $(median <"$dir/tmux.t") ms"
echo "calm status, no incident active:         median $(median <"$dir/none.t") ms"
echo "yardsticks: /bin/true $(median <"$dir/true.t") ms, sqlite3 reading the title $(median <"$dir/sqlite.t") ms"
