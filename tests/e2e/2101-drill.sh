#!/bin/bash
# Scope: a drill of a past incident walked in the console.  The past
# incident has 12 notes over 3 hours, two fix attempts (the second
# worked) and an internal update sent 20 minutes in.  At SPEED (3,600x:
# three hours of drill time in three seconds; `make stress` runs it at
# 60x) the console opens on the drill marked DRILL, the notes arrive in
# the timeline marked as the scenario's, in order, a few at a time, each
# at its scaled time (within 1 s of drill time); the trainee works the
# routine: ticks, a note, an internal update sent (to the drill channel
# only: the config's command channel, which would make a file, never
# runs), a fix attempt in the original's words answered with what the
# system did, the other stages by override; the score shows when the
# incident closes, and `calm drill --report` shows the times and the
# gates.  Deleting the drill leaves the team's database byte for byte as
# it was before the drill.
. "$(dirname "$0")/lib.sh"
SPEED=${1:-3600}
DRILLS="$XDG_DATA_HOME/calm/drills.db"
mkdir -p "$XDG_CONFIG_HOME/calm"
cat >"$XDG_CONFIG_HOME/calm/config.yaml" <<YAML
channels:
  internal:
    command: [touch, $T/channel-ran]
YAML
chmod 600 "$XDG_CONFIG_HOME/calm/config.yaml"

# the past incident: declared 10:00, a note every 15 minutes (plus a few
# seconds, so the times are not round), the fix at 12:50, closed
at() { CALM_NOW="2026-03-02T$1Z" "$CALM" "${@:2}" >/dev/null || fail "calm ${*:2}"; }
at 10:00:00 new "Checkout fails for some customers" --severity 2
for k in $(seq 0 11); do
	m=$((k * 15)) s=$((k * 7 % 60))
	at "$(printf '%02d:%02d:%02d' $((10 + m / 60)) $((m % 60)) "$s")" log 1 "$(printf 'obs %02d: checkout symptom seen' $((k + 1)))"
done
at 10:20:00 draft 1 internal - <<<"Checkout is failing for some customers; we are on it."
at 10:20:00 send 1 internal --channel manual
at 11:00:00 fix 1 "restart the checkout pods"
at 11:01:00 outcome 1 1 failed "errors come back within minutes"
at 12:50:00 fix 1 "roll back release 42"
at 12:52:00 outcome 1 2 worked "error rate back to normal"
for i in 1 2 3 4 5 6 7 8; do
	CALM_NOW=2026-03-02T13:00:00Z "$CALM" advance 1 --override "closing the original" >/dev/null 2>&1
done
[ "$(calm list --all --json | jq -r '.[0].status')" = closed ] || fail "the original is not closed"
before=$(sha256sum <"$CALM_DB")

start -- drill 1 --speed "$SPEED"
wait_for "DRILL .* ${SPEED}x"
wait_for "Stage 1/8: Evaluate"
# the observations come a few at a time, not all at once
n=0 seen_between=0 end=$(( $(date +%s) + 30 + 3 * 3600 / SPEED ))
while [ "$n" -lt 12 ]; do
	n=$(sqlite3 "$DRILLS" "select count(*) from events where kind = 'scenario'" 2>/dev/null || echo 0)
	[ "$n" -gt 0 ] && [ "$n" -lt 12 ] && seen_between=1
	[ "$(date +%s)" -lt "$end" ] || fail "only $n of 12 observations arrived"
	sleep 0.02
done
[ "$seen_between" = 1 ] || fail "the observations did not arrive over time"
keys Escape
wait_for "obs 12: checkout symptom"
wait_for "\[scenario\] obs 12"
# in order, each at its scaled time: drill time = the original's offset
J="$T/drill.json"
"$CALM" --db "$DRILLS" show 1 --json >"$J" || fail "cannot read the drill"
jq -r '(.events[0].ts | sub("\\.[0-9]+Z$"; "Z") | fromdate) as $d0 |
	.events[] | select(.kind == "scenario") | [.data.observation, .data.at_ms, .ts, .text] | @tsv' "$J" >"$T/obs"
[ "$(wc -l <"$T/obs")" -eq 12 ] || fail "not 12 observations"
declared=$(jq -r '.declared' "$J")
python3 - "$T/obs" "$declared" <<'PY' || fail "observations out of order or off time"
import sys, datetime
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
d0 = datetime.datetime.fromisoformat(sys.argv[2].replace("Z", "+00:00"))
for i, (seq, at_ms, ts, text) in enumerate(rows):
    k = i + 1
    want = ((k - 1) * 15 * 60 + (k - 1) * 7 % 60) * 1000
    got = (datetime.datetime.fromisoformat(ts.replace("Z", "+00:00")) - d0).total_seconds() * 1000
    assert int(seq) == k, (seq, k)
    assert int(at_ms) == want, (at_ms, want)
    assert abs(got - want) <= 1000, (k, got, want)
    assert text == "obs %02d: checkout symptom seen" % k, text
PY

# the routine: stage 1 by its checklist
for i in 1 2 3 4; do
	keys Space
	[ "$i" -lt 4 ] && keys j
done
wait_for "\[x\] required checklist items ticked"
keys '>'
wait_for "Stage 2/8: Write down everything"
keys Escape
keys n
type_text "checkout failing for about a third of requests"
keys Enter
wait_for "note saved"
"$CALM" --db "$DRILLS" set 1 impact "checkout for a third of customers" >/dev/null
"$CALM" --db "$DRILLS" set 1 impact-start now >/dev/null
"$CALM" --db "$DRILLS" set 1 product Shop >/dev/null
wait_for "\[x\] the facts the internal update uses"
keys '>'
wait_for "Stage 3/8"
keys Escape
# stage 3: the internal update, sent from the comms pane
"$CALM" --db "$DRILLS" draft 1 internal - <<<"Checkout fails for a third of customers; we are looking." >/dev/null
wait_for "4 Comms"
keys 4
keys s
wait_for "internal update sent"
[ ! -e "$T/channel-ran" ] || fail "the config's command channel ran in a drill"
[ "$(sqlite3 "$DRILLS" "select channel from comms where sent_ms is not null")" = drill ] ||
	fail "the update did not go to the drill channel"
keys '>'
wait_for "Stage 4/8"
keys Escape
keys '>'
wait_for "o: override with a reason"
keys o
type_text "drill: external by hand"
keys Enter
wait_for "Stage 5/8: Fix"
keys Escape
# stage 5: the original's fix, in other words: what the system does
keys a
wait_for "^trying:"
type_text "rollback release #42"
keys Enter
wait_for "^why:"
keys Enter
wait_for "#1 \\[worked\\] rollback release #42"
wait_for "note: error rate back to normal"
wait_for "scenario  \\[fix\\] fix attempt 1 worked: what"
for n in 5 6 7 8; do
	wait_for "stage $n/8"
	keys '>'
	wait_for "o: override with a reason"
	keys o
	type_text "drill: stage $n by hand"
	keys Enter
	if [ "$n" -lt 8 ]; then
		wait_for "Stage $((n + 1))/8"
		keys Escape
	else
		wait_for "Close the incident\?"
		keys y
	fi
done
wait_for "Drill score"
wait_for "routine is complete"
keys q
keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"

calm drill --report 1 >"$T/report" || fail "no report"
grep -qE "done after" "$T/report" || fail "report: not done"
grep -qE "first internal update +sent at [0-9hms]+ \(original 20m" "$T/report" || fail "report: first internal"
grep -qE "gates +[0-9]+ of 8 gates met" "$T/report" || { cat "$T/report" >&2; fail "report: gates"; }
[ ! -e "$T/channel-ran" ] || fail "the command channel ran"
calm drill --delete 1 >/dev/null || fail "delete"
[ "$(sha256sum <"$CALM_DB")" = "$before" ] || fail "the team's database changed"
pass
