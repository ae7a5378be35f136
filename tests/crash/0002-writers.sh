#!/usr/bin/env bash
# Concurrency: several processes writing to one database at once (three
# `calm log` loops and one loop ticking and unticking) for a few
# seconds.  Nothing is lost, no writer ever sees an error ("database is
# locked" never reaches a user), and the chain stays intact.
#
#   0002-writers.sh [SECONDS]   (default 5)
set -u
: "${CALM:?CALM must name the calm binary}"
secs=${1:-5}
T=$(mktemp -d "${TMPDIR:-/tmp}/calm-writers.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" TZ=UTC
DB="$T/calm.db"
fail() { echo "FAIL: $*" >&2; exit 1; }

id=$(CALM_AUTHOR=setup "$CALM" --db "$DB" new "Busy incident") || fail "cannot declare"
item=$("$CALM" --db "$DB" show "$id" --json | jq -r '.checklist[0].id')
end=$(( $(date +%s) + secs ))

writer() { # NAME: log notes until the deadline; count successes and failures
	local n=0 bad=0
	while [ "$(date +%s)" -lt "$end" ]; do
		if CALM_AUTHOR=$1 "$CALM" --db "$DB" log "$id" "$1 note $n" 2>>"$T/$1.err"; then
			n=$((n + 1))
		else
			bad=$((bad + 1))
		fi
	done
	echo "$n $bad" >"$T/$1.count"
}
ticker() {
	local n=0 bad=0 undo
	while [ "$(date +%s)" -lt "$end" ]; do
		undo=$([ $((n % 2)) -eq 1 ] && echo --undo)
		if CALM_AUTHOR=ticker "$CALM" --db "$DB" check "$id" "$item" $undo 2>>"$T/ticker.err"; then
			n=$((n + 1))
		else
			bad=$((bad + 1))
		fi
	done
	echo "$n $bad" >"$T/ticker.count"
}

writer w1 & writer w2 & writer w3 & ticker &
wait

total=0
for w in w1 w2 w3; do
	read -r n bad <"$T/$w.count"
	[ "$bad" -eq 0 ] || fail "$w saw $bad errors: $(head -3 "$T/$w.err")"
	got=$(sqlite3 "$DB" "select count(*) from events where kind='note' and author='$w'")
	[ "$got" -eq "$n" ] || fail "$w: $n notes acknowledged, $got in the timeline"
	total=$((total + n))
done
read -r ticks bad <"$T/ticker.count"
[ "$bad" -eq 0 ] || fail "ticker saw $bad errors: $(head -3 "$T/ticker.err")"
got=$(sqlite3 "$DB" "select count(*) from events where kind='check'")
[ "$got" -eq "$ticks" ] || fail "ticker: $ticks ticks acknowledged, $got in the timeline"
"$CALM" --db "$DB" verify >/dev/null || fail "chain broken"
[ "$(sqlite3 "$DB" 'pragma integrity_check')" = ok ] || fail "integrity_check"
echo "writers: 4 for ${secs} s, notes: $total, ticks: $ticks, errors: 0, lost: 0"
echo "PASS: writers"
