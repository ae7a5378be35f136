#!/usr/bin/env bash
# Benchmark: moving a 100,000-event incident between stores.  calm push
# from a SQLite file to a local PostgreSQL (a server of its own,
# tests/pg/lib.sh: Unix socket, same machine) and to another SQLite
# file, and calm pull from that server into a new SQLite file: each one
# transaction that commits only when the copy verifies.  Yardsticks from
# the same run: `sqlite3 .backup` of the source file (a page copy, no
# checks) and `pg_dump | psql` of the server database the push made
# into a fresh one (schema, rows by COPY, indexes; no verification).  Median wall time
# of RUNS runs of each, each into a fresh target.
# Usage: move.sh CALM CALM_GEN SOURCE_DIR [RUNS] [EVENTS]
set -eu
calm=$1 gen=$2 src=$3 runs=${4:-3} events=${5:-100000}
. "$src/tests/pg/lib.sh"
dir=$(mktemp -d) S=$(mktemp -d /tmp/calm-pg.XXXXXX)
trap 'pg_stop "$S" immediate; rm -rf "$dir" "$S"' EXIT
pg_init "$S" && pg_start "$S" && pg_roles "$S"
export CALM_AUTHOR=bench HOME=$dir XDG_STATE_HOME=$dir/state
unset CALM_DB

"$gen" "$dir/src.db" "$events" >/dev/null
n=$(sqlite3 "$dir/src.db" "SELECT count(*) FROM events WHERE incident_id = 1")
[ "$n" -eq "$events" ] || { echo "move.sh: the incident holds $n events, not $events" >&2; exit 1; }

# The clock read in the shell itself ($EPOCHREALTIME, microseconds): no
# date(1) process inside a timed window.
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m/1e6}'; }
timed() { # FILE CMD...: append the wall time of CMD (which must succeed)
	local out=$1 t0 t1
	shift
	t0=${EPOCHREALTIME/./}; "$@" >/dev/null; t1=${EPOCHREALTIME/./}
	echo $((t1 - t0)) >>"$out"
}
count_pg() { pg_sql "$S" "$1" "SELECT count(*) FROM events WHERE incident_id = $2"; }

for r in $(seq "$runs"); do
	pg_newdb "$S" "push$r"
	timed "$dir/push-pg.t" "$calm" --db "$dir/src.db" push 1 --to "$(pg_uri "$S" "push$r")"
	[ "$(count_pg "push$r" 1)" -eq "$events" ] || { echo "move.sh: push to PostgreSQL lost events" >&2; exit 1; }
	timed "$dir/push-lite.t" "$calm" --db "$dir/src.db" push 1 --to "$dir/push$r.db"
	timed "$dir/pull.t" "$calm" pull 1 --from "$(pg_uri "$S" "push$r")" --db "$dir/pull$r.db"
	[ "$(sqlite3 "$dir/pull$r.db" "SELECT count(*) FROM events WHERE incident_id = 1")" -eq "$events" ] ||
		{ echo "move.sh: pull lost events" >&2; exit 1; }
	timed "$dir/backup.t" sqlite3 "$dir/src.db" ".backup '$dir/backup$r.db'"
	pg_newdb "$S" "dump$r"
	t0=${EPOCHREALTIME/./}
	"$PG_BIN/pg_dump" -h "$S" -U postgres "push$r" |
		"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$S" -U postgres -d "dump$r" >/dev/null
	t1=${EPOCHREALTIME/./}
	echo $((t1 - t0)) >>"$dir/dump.t"
	[ "$(count_pg "dump$r" 1)" -eq "$events" ] || { echo "move.sh: pg_dump | psql lost rows" >&2; exit 1; }
	rm -f "$dir/push$r.db" "$dir/pull$r.db" "$dir/backup$r.db"
done
echo "moving an incident of $events events (median of $runs):"
echo "  calm push SQLite -> PostgreSQL (local socket): $(median <"$dir/push-pg.t") s  (aim < 10 s)"
echo "  calm push SQLite -> SQLite:                    $(median <"$dir/push-lite.t") s  (aim < 3 s)"
echo "  calm pull PostgreSQL -> SQLite:                $(median <"$dir/pull.t") s"
echo "  yardstick sqlite3 .backup of the source file:  $(median <"$dir/backup.t") s"
echo "  yardstick pg_dump | psql of the pushed database: $(median <"$dir/dump.t") s"
