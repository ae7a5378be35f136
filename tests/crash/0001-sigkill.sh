#!/usr/bin/env bash
# Crash durability: a scripted workload of calm commands (notes from
# arguments and stdin, ticks, fields, advances, declarations) on one
# database, each killed with SIGKILL at a random moment.  After every
# kill: PRAGMA integrity_check is ok, `calm verify` is ok, and every
# write that was acknowledged (the command exited 0) is present exactly
# once; nothing unacknowledged is present twice or half-written.
#
#   0001-sigkill.sh [KILLS]     (default 100; `make stress` runs 1000)
set -u
: "${CALM:?CALM must name the calm binary}"
kills=${1:-${CALM_CRASH_KILLS:-100}}
T=$(mktemp -d "${TMPDIR:-/tmp}/calm-crash.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" CALM_AUTHOR=crash TZ=UTC
DB="$T/calm.db"
acked="$T/acked" unacked="$T/unacked"
: >"$acked"; : >"$unacked"

fail() { echo "FAIL: $*" >&2; exit 1; }

id=$("$CALM" --db "$DB" new "Crash target" --severity 1) || fail "cannot declare"
items=$("$CALM" --db "$DB" show "$id" --json | jq -r '.checklist[].id')
set -- $items
nitems=$#

# A random delay in [0, 12) ms: calm log takes ~5 ms, so kills land
# before, during and after the transaction.
delay() { printf '0.%03d' $((RANDOM % 12)); }

landed=0 killed=0
for k in $(seq 1 "$kills"); do
	note="crash note $k $RANDOM"
	case $((k % 6)) in
	0|1) "$CALM" --db "$DB" log "$id" "$note" & ;;
	2)   printf '%s\nsecond line\n' "$note" | "$CALM" --db "$DB" log "$id" - & note="$note"$'\n'"second line" ;;
	3)   item=$(eval echo "\${$((k % nitems + 1))}")
	     "$CALM" --db "$DB" check "$id" "$item" $([ $((k % 4)) -lt 2 ] && echo --undo) & note="" ;;
	4)   "$CALM" --db "$DB" set "$id" impact "impact $k" & note="" ;;
	5)   "$CALM" --db "$DB" new "crash incident $k" >/dev/null & note="" ;;
	esac
	pid=$!
	sleep "$(delay)"
	kill -KILL "$pid" 2>/dev/null
	rc=0; wait "$pid" 2>/dev/null || rc=$?
	if [ "$rc" -eq 0 ]; then
		landed=$((landed + 1))
		[ -n "$note" ] && jq -cn --arg n "$note" '$n' >>"$acked"
	else
		[ "$rc" -eq 137 ] || fail "command $k failed with $rc (not killed)"
		killed=$((killed + 1))
		[ -n "$note" ] && jq -cn --arg n "$note" '$n' >>"$unacked"
	fi
	ic=$(sqlite3 "$DB" 'pragma integrity_check') || fail "integrity_check could not run after kill $k"
	[ "$ic" = ok ] || fail "integrity_check after kill $k: $ic"
	"$CALM" --db "$DB" verify >/dev/null 2>"$T/verr" || fail "verify after kill $k: $(cat "$T/verr")"
done

# every acknowledged note exactly once; unacknowledged at most once
"$CALM" --db "$DB" show "$id" --json | jq '[.events[] | select(.kind == "note") | .text]' >"$T/notes"
jq -n --slurpfile a "$acked" --slurpfile u "$unacked" --slurpfile n "$T/notes" '
	($n[0] | group_by(.) | map({key: .[0], value: length}) | from_entries) as $count
	| { lost: [$a[] | select(($count[.] // 0) != 1)],
	    twice: [$u[] | select(($count[.] // 0) > 1)],
	    acked: ($a | length) }' >"$T/result"
lost=$(jq '.lost | length' "$T/result")
[ "$(jq '.twice | length' "$T/result")" -eq 0 ] || fail "unacknowledged notes present twice: $(jq -c .twice "$T/result")"
[ "$lost" -eq 0 ] || echo "acknowledged notes not present exactly once: $(jq -c .lost "$T/result")" >&2
notes_acked=$(jq .acked "$T/result")
echo "kills: $kills (killed mid-run: $killed, finished first: $landed), acknowledged notes: $notes_acked, lost: $lost"
[ "$lost" -eq 0 ] || fail "$lost acknowledged notes lost"
echo "PASS: crash"
