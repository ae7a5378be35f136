#!/usr/bin/env bash
# Benchmark: `calm search` over 1,000,000 events (5000 incidents, incident 1
# holding the events), against
# the sqlite3 shell running the same FTS5 query on the same database
# (ratio), and `grep -c` over the same text exported to a file.  Median
# wall time per call of each, over RUNS calls per query; three queries:
# a rare word (one hit: a trace id), a medium one (~1,000 hits: a shard) and a
# common one (every note matches: newest first, no bm25).  sqlite3 runs the
# statement calm runs for that case.
# Usage: search.sh CALM CALM_GEN [RUNS] [EVENTS]
set -eu
calm=$1 gen=$2 runs=${3:-30} events=${4:-1000000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db=$dir/bench.db
t0=$(date +%s)
"$gen" "$db" "$events" 4999 >/dev/null
echo "generated $events events in $(( $(date +%s) - t0 )) s"
counted=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM incidents) || ' ' ||
 (SELECT count(*) FROM events WHERE incident_id = 1)")
[ "$counted" = "5000 $events" ] ||
	{ echo "search.sh: the database holds $counted incidents and events in incident 1, not 5000 $events" >&2; exit 1; }
echo "counted: 5000 incidents, incident 1 holds $events events"
sqlite3 "$db" "SELECT body FROM search" >"$dir/text.txt"

# The clock read by the shell itself ($EPOCHREALTIME, microseconds): no
# date(1) process inside a timed window.
now() { t=${EPOCHREALTIME/./}; }
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m/1e3}'; }

# The statement calm runs (src/store/search.c), with the query quoted the
# way calm quotes typed words.
sql() {
	local order="rank" r="rank"
	[ "$2" = newest ] && order="rowid DESC" r="0.0"
	cat <<SQL
SELECT rowid FROM search WHERE search MATCH '"$1"' ORDER BY rowid DESC LIMIT 1 OFFSET 4999;
SELECT s.incident, s.rowid, e.ts_ms, s.kind, e.author, i.title, s.snip, s.r
 FROM (SELECT incident, rowid, kind, snippet(search, 2, char(1), char(2), '…', 16) AS snip, $r AS r
  FROM search WHERE search MATCH '"$1"' ORDER BY $order LIMIT 20)
 AS s JOIN events e ON e.id = s.rowid JOIN incidents i ON i.id = s.incident;
SQL
}

# A rare term: the trace of one note (every note names its own), taken
# from the data, so the search always has exactly one hit.
rare=$(sqlite3 "$db" "SELECT text FROM events WHERE incident_id = 1 AND kind = 'note'
 ORDER BY id LIMIT 1 OFFSET $((events / 2))" | grep -oE 'trace t[0-9]+' | cut -d' ' -f2)
[ -n "$rare" ] || { echo "search.sh: no trace term in the generated notes" >&2; exit 70; }
for word in "$rare" s537 balancer; do
	: >"$dir/calm.t"; : >"$dir/sqlite.t"; : >"$dir/grep.t"
	hits=$("$calm" --db "$db" search --limit 20 "$word" | wc -l)
	total=$(grep -cw -- "$word" "$dir/text.txt" || true)
	mode=ranked; [ "$total" -ge 5000 ] && mode=newest
	sql "$word" "$mode" >"$dir/q.sql"
	for i in $(seq "$runs"); do
		now; t0=$t; "$calm" --db "$db" search --limit 20 "$word" >/dev/null; now
		echo $((t - t0)) >>"$dir/calm.t"
		now; t0=$t; sqlite3 "$db" <"$dir/q.sql" >/dev/null; now
		echo $((t - t0)) >>"$dir/sqlite.t"
		now; t0=$t; grep -cw -- "$word" "$dir/text.txt" >"$dir/grep.out" || true; now
		echo $((t - t0)) >>"$dir/grep.t"
	done
	c=$(median <"$dir/calm.t") s=$(median <"$dir/sqlite.t") g=$(median <"$dir/grep.t")
	echo "search '$word' ($total matching events, $hits shown), $runs runs:"
	echo "  calm search: median $c ms (aim < 50)"
	echo "  sqlite3 same FTS5 query: median $s ms"
	echo "  grep -cw over the exported text ($(du -h "$dir/text.txt" | cut -f1)): median $g ms"
	awk -v c="$c" -v s="$s" -v g="$g" 'BEGIN { printf "  ratio calm/sqlite3: %.2f, calm/grep: %.2f\n", c / s, c / g }'
done
