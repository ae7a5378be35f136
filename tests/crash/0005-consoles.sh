#!/usr/bin/env bash
# Concurrency with consoles: three consoles (three tmux sessions on one
# database, notes typed into each: n, the text, Enter, until "note
# saved") and two `calm log` loops, for SECONDS.  Then: 0 lost (every
# note a console showed as saved and every `calm log` that exited 0 is
# in the timeline exactly once), 0 errors shown to the user (no "busy",
# "locked", "error"... on any console's status or key line, in any
# capture taken during the run, and no `calm log` failed), and every
# console shows a note logged by the command line within 1 s: about
# once a second a probe note is logged and the time until it is on each
# console's screen is measured.
#
#   0005-consoles.sh [SECONDS]   (default 5; `make stress` runs 20)
set -u
: "${CALM:?CALM must name the calm binary}"
secs=${1:-5}
T=$(mktemp -d "${TMPDIR:-/tmp}/calm-consoles.XXXXXX")
export HOME="$T" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" XDG_STATE_HOME="$T/state"
export TZ=UTC LANG=C.UTF-8 CALM_DB="$T/calm.db"
DB="$T/calm.db"
fail() { echo "FAIL: $(basename "$0"): $*" >&2; echo "$*" >>"$T/failed"; exit 1; }
# tall panes: the timeline keeps ~95 rows, so a probe stays on screen
# for a while even with five writers adding notes
CON_W=160 CON_H=100
. "$(dirname "$0")/console.sh"
trap 'con_cleanup; rm -rf "$T"' EXIT
# the visibility bound (ms): the promise is 1 s
limit=${CALM_SEE_MS:-1000}

id=$(CALM_AUTHOR=setup "$CALM" --db "$DB" new "Busy consoles") || fail "cannot declare"
for c in c1 c2 c3; do
	con_start "$c" -- open "$id"
	con_ready "$c" "$id"
done
end=$(( $(date +%s) + secs ))

typer() { # NAME: notes typed into console NAME until the deadline
	local n=0
	while [ "$(date +%s)" -lt "$end" ]; do
		con_note "$1" "$1 typed n$n" 20
		n=$((n + 1))
	done
	echo "$n" >"$T/$1.count"
}
logger() { # NAME: `calm log` until the deadline, paced at ~50 a second
	local n=0 bad=0
	while [ "$(date +%s)" -lt "$end" ]; do
		if CALM_AUTHOR=$1 "$CALM" --db "$DB" log "$id" "$1 logged n$n" 2>>"$T/$1.err"; then
			n=$((n + 1))
		else
			bad=$((bad + 1))
		fi
		sleep 0.02
	done
	echo "$n $bad" >"$T/$1.count"
}
prober() { # a CLI note about once a second; the time until each console shows it
	local p=0 t0 c left seen
	while [ "$(date +%s)" -lt "$end" ]; do
		sleep 0.$((RANDOM % 5 + 5))
		CALM_AUTHOR=probe "$CALM" --db "$DB" log "$id" "probe p$p" 2>>"$T/probe.err" ||
			fail "probe p$p not logged: $(cat "$T/probe.err")"
		t0=$(now_ms)
		left="c1 c2 c3"
		while [ -n "$left" ]; do
			seen=""
			for c in $left; do
				CT capture-pane -p -t "=$c:" >"$T/probe.$c"
				if grep -qE "probe +probe p$p\$" "$T/probe.$c"; then
					echo "$c p$p $(( $(now_ms) - t0 ))" >>"$T/latency"
				else
					seen="$seen $c"
				fi
				sed -n "$((CON_H - 1)),${CON_H}p" "$T/probe.$c" |
					grep -iE "busy|locked|error|cannot|corrupt|failed" >>"$T/shown-errors"
			done
			left=$seen
			[ $(( $(now_ms) - t0 )) -lt 5000 ] || fail "probe p$p not on$left after 5 s$(con_dump ${left%% *})"
			sleep 0.01
		done
		p=$((p + 1))
	done
}

: >"$T/latency"; : >"$T/shown-errors"
typer c1 & typer c2 & typer c3 &
logger l1 & logger l2 &
prober &
wait
[ -e "$T/failed" ] && fail "$(cat "$T/failed")"
[ -s "$T/shown-errors" ] && fail "errors shown to the user: $(sort -u "$T/shown-errors" | head -3)"

# 0 errors on every screen now, then each console quits cleanly
for c in c1 c2 c3; do
	con_screen "$c"
	con_errors "$c" && fail "$c shows an error$(con_dump "$c")"
	CT send-keys -t "=$c:" q
done
for c in c1 c2 c3; do
	con_exited "$c"
	[ "$con_status" = 0 ] || fail "$c exited with $con_status$(con_dump "$c")"
	grep -qE "Sanitizer|runtime error" "$T/$c.err" 2>/dev/null && fail "$c: $(head -5 "$T/$c.err")"
done

# 0 lost: every acknowledged note exactly once
typed=0 logged=0
for w in c1 c2 c3; do
	n=$(cat "$T/$w.count")
	got=$(sqlite3 "$DB" "select count(*) from events where kind='note' and author='$w'")
	[ "$got" -eq "$n" ] || fail "$w: $n notes shown as saved, $got in the timeline"
	dup=$(sqlite3 "$DB" "select count(*) - count(distinct text) from events where author='$w'")
	[ "$dup" -eq 0 ] || fail "$w: notes twice"
	[ "$n" -gt 0 ] || fail "$w: no note saved in $secs s"
	typed=$((typed + n))
done
for w in l1 l2; do
	read -r n bad <"$T/$w.count"
	[ "$bad" -eq 0 ] || fail "$w: $bad failed: $(head -3 "$T/$w.err")"
	[ -s "$T/$w.err" ] && fail "$w wrote to stderr: $(head -3 "$T/$w.err")"
	got=$(sqlite3 "$DB" "select count(*) from events where kind='note' and author='$w'")
	[ "$got" -eq "$n" ] || fail "$w: $n notes logged, $got in the timeline"
	logged=$((logged + n))
done
"$CALM" --db "$DB" verify >/dev/null || fail "chain broken"
[ "$(sqlite3 "$DB" 'pragma integrity_check')" = ok ] || fail "integrity_check"

# every console saw every probe within the limit
probes=$(awk '{print $2}' "$T/latency" | sort -u | wc -l)
[ "$probes" -gt 0 ] || fail "no probe measured"
read -r max median < <(awk '{print $3}' "$T/latency" | sort -n |
	awk '{v[NR]=$1} END {print v[NR], v[int((NR+1)/2)]}')
echo "consoles: 3 typing, 2 calm log loops, ${secs} s: $typed notes typed and saved," \
	"$logged logged, errors shown: 0, lost: 0"
echo "visibility: $probes probes x 3 consoles, median $median ms, max $max ms (limit $limit ms)"
[ "$max" -le "$limit" ] || fail "a console saw a probe after $max ms: $(sort -k3 -n "$T/latency" | tail -3 | tr '\n' ';')"
echo "PASS: consoles"
