#!/usr/bin/env bash
# Crash durability: a scripted workload on one database, killed with
# SIGKILL at random moments.  Two kinds of kill alternate:
#  - a calm command (notes from arguments and stdin, ticks, fields,
#    declarations, fix attempts, comms drafts, advances) killed 0-12 ms
#    after it starts, so before, during and after its transaction;
#  - the console, running in tmux on the same incident all along while
#    notes are TYPED into it (n, the text, Enter), killed at a random
#    moment: idle, in the middle of typing, or 0-15 ms after Enter
#    (during the save), then started again.
# After every kill: PRAGMA integrity_check is ok and `calm verify` is
# ok.  At the end every acknowledged write (a command that exited 0; a
# note the console showed "note saved" for) is present exactly once,
# nothing unacknowledged is present twice, a note typed without Enter
# is absent, and no note exists that was never sent whole (none
# partial).
#
#   0001-sigkill.sh [KILLS]     (default 100; `make stress` runs 1000)
set -u
: "${CALM:?CALM must name the calm binary}"
kills=${1:-${CALM_CRASH_KILLS:-100}}
T=$(mktemp -d "${TMPDIR:-/tmp}/calm-crash.XXXXXX")
export HOME="$T" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" XDG_STATE_HOME="$T/state"
export CALM_AUTHOR=crash TZ=UTC LANG=C.UTF-8 CALM_DB="$T/calm.db"
DB="$T/calm.db"
fail() { echo "FAIL: $(basename "$0"): $*" >&2; exit 1; }
. "$(dirname "$0")/console.sh"
trap 'con_cleanup; rm -rf "$T"' EXIT
acked="$T/acked" unacked="$T/unacked" never="$T/never"
: >"$acked"; : >"$unacked"; : >"$never"
# every note text ever sent whole (any other note in the end is partial)
sent="$T/sent"; : >"$sent"
record() { jq -cn --arg n "$2" '$n' >>"$1"; }

id=$("$CALM" --db "$DB" new "Crash target" --severity 1) || fail "cannot declare"
other=$("$CALM" --db "$DB" new "Crash advances") || fail "cannot declare"
mapfile -t items < <("$CALM" --db "$DB" show "$id" --json | jq -r '.checklist[].id')
nitems=${#items[@]}
[ "$nitems" -gt 0 ] || fail "no checklist"

# A random delay in [0, span) ms, span 1.3 times what a `calm log`
# takes here (a few ms; more under a sanitizer), so kills land before,
# during and after the transaction.
t0=$(date +%s%N)
for i in 1 2 3 4 5; do
	"$CALM" --db "$DB" log "$id" "warm-up note $i" || fail "cannot log"
done
span=$(( ($(date +%s%N) - t0) / 1000000 * 13 / 50 ))
for i in 1 2 3 4 5; do record "$sent" "warm-up note $i"; record "$acked" "warm-up note $i"; done
[ "$span" -ge 4 ] || span=4
[ "$span" -le 999 ] || span=999
delay() { printf '0.%03d' $((RANDOM % ${1:-$span})); }

check_db() { # after kill $1
	ic=$(sqlite3 "$DB" 'pragma integrity_check') || fail "integrity_check could not run after kill $1"
	[ "$ic" = ok ] || fail "integrity_check after kill $1: $ic"
	"$CALM" --db "$DB" verify >/dev/null 2>"$T/verr" || fail "verify after kill $1: $(cat "$T/verr")"
}

# ---- the command line: one command, killed at a random moment ----
cli_landed=0 cli_killed=0 fixes_acked=0 fixes_sent=0 drafts_acked=0 drafts_sent=0
declare -A kinds=()
cli_round() {
	local k=$1 c=$2 note="" fix="" draft=0 pid rc item
	case $((c % 9)) in
	0|8) note="crash note $k $RANDOM" ;;
	1) note="crash note $k $RANDOM"$'\n'"second line" ;;
	esac
	# recorded as sent before it starts: the kill must not wait for jq
	[ -n "$note" ] && record "$sent" "$note"
	case $((c % 9)) in
	0|8) "$CALM" --db "$DB" log "$id" "$note" & ;;
	1) printf '%s\n' "$note" | "$CALM" --db "$DB" log "$id" - & ;;
	2) item=${items[$((k % nitems))]}
	   "$CALM" --db "$DB" check "$id" "$item" $([ $((k % 4)) -lt 2 ] && echo --undo) & ;;
	3) "$CALM" --db "$DB" set "$id" impact "impact $k" & ;;
	4) "$CALM" --db "$DB" new "crash incident $k" >/dev/null & ;;
	5) fix="crash fix [$k.$RANDOM]"; "$CALM" --db "$DB" fix "$id" "$fix" --why "k $k" >/dev/null & ;;
	6) draft=1; printf 'draft %s\n' "$k" | "$CALM" --db "$DB" draft "$id" internal - >/dev/null & ;;
	7) "$CALM" --db "$DB" advance "$other" --override "crash reason $k" >/dev/null 2>"$T/adv.err" & ;;
	esac
	pid=$!
	kinds[$((c % 9))]=1
	[ -n "$fix" ] && fixes_sent=$((fixes_sent + 1))
	drafts_sent=$((drafts_sent + draft))
	# the commands other than log do more (a playbook, a template): longer
	if [ -n "$note" ]; then sleep "$(delay)"; else sleep "$(delay $((span * 2)))"; fi
	kill -KILL "$pid" 2>/dev/null
	rc=0; wait "$pid" 2>/dev/null || rc=$?
	if [ "$rc" -eq 77 ] && [ $((c % 9)) -eq 7 ]; then
		# the incident advanced through its last stage: a fresh one
		other=$("$CALM" --db "$DB" new "Crash advances $k") || fail "cannot declare"
		rc=0
	fi
	if [ "$rc" -eq 0 ]; then
		cli_landed=$((cli_landed + 1))
		[ -n "$note" ] && record "$acked" "$note"
		[ -n "$fix" ] && record "$T/fixes" "$fix" && fixes_acked=$((fixes_acked + 1))
		drafts_acked=$((drafts_acked + draft))
	else
		[ "$rc" -eq 137 ] || fail "command $k failed with $rc (not killed)"
		cli_killed=$((cli_killed + 1))
		[ -n "$note" ] && record "$unacked" "$note"
	fi
	return 0
}

# ---- the console: notes typed, calm killed at a random moment ----
con_kills=0 con_saw=0 con_acked=0 con_typing=0 con_saving=0 con_idle=0
con_round() {
	local k=$1 i n text deadline saw=0
	if ! con_alive c; then
		con_start c CALM_AUTHOR=console -- open "$id"
		con_ready c "$id"
	fi
	con_wait c status "^$|^note saved" 10
	con_errors c && fail "console: an error on screen after start$(con_dump c)"
	n=$((RANDOM % 3))
	for i in $(seq 1 "$n"); do
		text="typed note $k.$i $RANDOM"
		record "$sent" "$text"
		con_note c "$text"
		record "$acked" "$text"
		con_acked=$((con_acked + 1))
	done
	text="typed note $k.last $RANDOM"
	case $((RANDOM % 4)) in
	0)	# idle
		con_idle=$((con_idle + 1))
		sleep "$(delay 20)" ;;
	1)	# in the middle of typing: nothing may be written
		con_typing=$((con_typing + 1))
		con_type c "$text"
		record "$never" "$text"
		sleep "$(delay 20)" ;;
	*)	# during the save: acknowledged only if "note saved" was seen
		con_saving=$((con_saving + 1))
		con_type c "$text"
		record "$sent" "$text"
		CT send-keys -t "=c:" Enter
		# half the time blind (0-span ms: into the transaction), else
		# watching the status line for up to 15 ms
		if [ $((RANDOM % 2)) = 0 ]; then
			deadline=0; sleep "$(delay)"
		else
			deadline=$(( $(date +%s%N) / 1000 + RANDOM % 15000 ))
		fi
		while [ $(( $(date +%s%N) / 1000 )) -lt "$deadline" ]; do
			con_screen c
			if grep -q "^note saved" "$T/c.status"; then saw=1; break; fi
		done
		if [ "$saw" = 1 ]; then
			record "$acked" "$text"
			con_acked=$((con_acked + 1))
			con_saw=$((con_saw + 1))
		else
			record "$unacked" "$text"
		fi ;;
	esac
	kill -KILL "$(con_pid c)" || fail "console: not running at kill $k$(con_dump c)"
	con_exited c
	[ "$con_status" = 137 ] || fail "console: exit $con_status at kill $k, not killed$(con_dump c)"
	con_kills=$((con_kills + 1))
}

c=0
for k in $(seq 1 "$kills"); do
	if [ $((k % 3)) -eq 0 ]; then
		con_round "$k"
	else
		cli_round "$k" "$c"
		c=$((c + 1))
	fi
	check_db "$k"
done
[ "${#kinds[@]}" -eq 9 ] || [ "$kills" -lt 30 ] || fail "not every kind of command ran"

# every acknowledged note exactly once; unacknowledged at most once;
# typed without Enter: absent; nothing that was never sent whole
"$CALM" --db "$DB" show "$id" --json >"$T/show" || fail "show"
jq '[.events[] | select(.kind == "note") | .text]' "$T/show" >"$T/notes"
jq -n --slurpfile a "$acked" --slurpfile u "$unacked" --slurpfile v "$never" \
	--slurpfile s "$sent" --slurpfile n "$T/notes" '
	($n[0] | group_by(.) | map({key: .[0], value: length}) | from_entries) as $count
	| ($s | map({key: ., value: true}) | from_entries) as $whole
	| { lost: [$a[] | select(($count[.] // 0) != 1)],
	    twice: [$u[] | select(($count[.] // 0) > 1)],
	    unsent: [$v[] | select(($count[.] // 0) > 0)],
	    partial: [$n[0][] | select($whole[.] | not)],
	    acked: ($a | length) }' >"$T/result"
for what in twice unsent partial; do
	[ "$(jq ".$what | length" "$T/result")" -eq 0 ] || fail "$what notes: $(jq -c ".$what" "$T/result")"
done
lost=$(jq '.lost | length' "$T/result")
[ "$lost" -eq 0 ] || echo "acknowledged notes not present exactly once: $(jq -c .lost "$T/result")" >&2
# fix attempts: each acknowledged one once; drafts: acked <= saved <= sent
if [ -s "$T/fixes" ]; then
	jq -n --slurpfile f "$T/fixes" --slurpfile s "$T/show" '
		[$s[0].events[] | select(.kind == "fix") | .text] as $t
		| [$f[] | . as $m | select(([$t[] | select(contains($m))] | length) != 1)]' >"$T/fixlost"
	[ "$(jq length "$T/fixlost")" -eq 0 ] || fail "fix attempts not present exactly once: $(jq -c . "$T/fixlost")"
fi
nfix=$(jq '[.events[] | select(.kind == "fix")] | length' "$T/show")
[ "$nfix" -ge "$fixes_acked" ] && [ "$nfix" -le "$fixes_sent" ] ||
	fail "fix attempts: $nfix in the timeline, $fixes_acked acknowledged, $fixes_sent sent"
ndraft=$(jq '[.events[] | select(.kind == "draft")] | length' "$T/show")
[ "$ndraft" -ge "$drafts_acked" ] && [ "$ndraft" -le "$drafts_sent" ] ||
	fail "drafts: $ndraft in the timeline, $drafts_acked acknowledged, $drafts_sent sent"

notes_acked=$(jq .acked "$T/result")
acked_total=$((notes_acked + fixes_acked + drafts_acked))
echo "kills: $kills (delays 0-$span ms; commands: $((cli_landed + cli_killed)), $cli_killed mid-run;" \
	"console: $con_kills: $con_saving while saving ($con_saw after "note saved" showed), $con_typing while typing, $con_idle idle)"
echo "acknowledged writes: $cli_landed commands ($((notes_acked - con_acked)) notes, $fixes_acked fixes, $drafts_acked drafts)" \
	"+ $con_acked console notes; checked: $acked_total, lost: $lost"
[ "$lost" -eq 0 ] || fail "$lost acknowledged notes lost"
echo "PASS: crash"
