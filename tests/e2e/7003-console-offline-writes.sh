#!/bin/bash
# The console keeps working while the team's server is down: every
# write typed in it is queued, shown as queued (not as saved on the
# server), and sent once, in order, when the server is back.  Alice's
# console on a PostgreSQL server this test starts, three of the four
# items of stage 1 ticked: the server is stopped (pg_ctl stop -m
# immediate); an advance is stopped by the gate as the console has it
# (one item missing: the gate box, nothing queued); she ticks the last item (its box shows
# [x] and "queued"), sets the impact field (shown with "queued"),
# writes a note and advances: the gate is judged on what the console
# has (the queued tick completes it: no override asked; a fix attempt
# goes the same way), the rail marks
# stage 2 as queued and stage 1 is still the current one; the title
# says "OFFLINE — 5 queued" and the outbox lists them.  Nothing is
# on the server yet.  The server comes back: the console says it is
# back and that 5 queued writes were sent; the server has each write
# exactly once, in the order made, the incident is at stage 2, the
# chain verifies, and the console shows no queued mark any more.
. "$(dirname "$0")/lib.sh"
e2e_pg
e2e_declare
for i in what-broken who-sees-it when-started; do
	calm check "$ID" "$i" >/dev/null 2>&1 || fail "cannot tick $i"
done
last() { pg_sql "$S" team "SELECT max(id) FROM events WHERE incident_id = $ID"; }

start -x 150 -y 40 -- open "$ID"
wait_for "Press any key" 10
keys Escape
wait_for "\[ \] Note who or what is affected" 5
wait_for "began stage 1/8" 5 # the console's own event for opening the stage: in before
before=$(last)
pg_stop "$S" immediate
wait_for "OFFLINE" 5
wait_for "\[ \] Note who or what is affected" 2 # what it had is still shown
keys '>' # the gate, judged on what the console has: one item missing
wait_for "Stage 1/8 Evaluate is not done yet" 3
wait_for "\[ \] required checklist items ticked" 1
keys Escape
wait_gone "is not done yet" 2
no_screen "queued" # nothing queued by an advance the gate stopped

keys 1 G Space # tick the last item
wait_for "\[x\] Note who or what is affected.*queued" 3
wait_for "OFFLINE — 1 queued" 2
keys 3 j j j Enter # the impact field
type_text "card payments fail in EU"
keys Enter
wait_for "impact +card payments fail in EU.*queued" 3
wait_for "OFFLINE — 2 queued" 2
keys n
type_text "typed while the server was down"
keys Enter
wait_for "OFFLINE — 3 queued" 3
keys 5 a # a fix attempt: what, then why
type_text "-restart the pool"
keys Enter
type_text "pool exhausted"
keys Enter
wait_for "fix attempt queued" 3
wait_for "OFFLINE — 4 queued" 2
keys '>'
wait_for "OFFLINE — 5 queued" 3
no_screen "is not done yet" # the queued tick completes the gate here
screen
grep -qE "^ *> 1 Evaluate" "$SCREEN" || fail "the rail does not show stage 1 as current: $(cat "$SCREEN")"
grep -qE "^ *~ 2 Write down" "$SCREEN" || fail "the rail does not mark stage 2 as queued: $(cat "$SCREEN")"
wait_for "Outbox" 1
wait_for "note: typed while" 1
wait_for "advance to 2 Write" 1
wait_for "\[x\] required checklist items ticked" 1 # the gate as it will be
pg_start "$S"

wait_gone "OFFLINE" 10
wait_for "back online: 5 queued writes sent" 3
wait_gone "\(queued\)" 3
wait_gone "Outbox" 2

kinds=$(pg_sql "$S" team "SELECT string_agg(kind, ',' ORDER BY id) FROM events
	WHERE incident_id = $ID AND id > $before")
[ "$kinds" = "check,field,note,fix,stage" ] || [ "$kinds" = "check,field,note,fix,stage,stage" ] || fail "the writes on the server: $kinds"
[ "$(pg_sql "$S" team "SELECT count(*) FROM events WHERE text LIKE '%card payments fail in EU%'")" = 1 ] ||
	fail "the field is not there once"
[ "$(pg_sql "$S" team "SELECT count(*) FROM events WHERE text = 'typed while the server was down'")" = 1 ] ||
	fail "the note is not there once"
[ "$(pg_sql "$S" team "SELECT stage_index + 1 FROM incidents WHERE id = $ID")" = 2 ] || fail "not at stage 2"
[ "$(pg_sql "$S" team "SELECT count(*) FROM fixes WHERE what = '-restart the pool' AND why = 'pool exhausted'")" = 1 ] ||
	fail "the fix attempt is not there once, as typed"
calm verify "$ID" >/dev/null || fail "the chain does not verify"
calm show "$ID" --json | jq -e '[.events[] | select(.kind == "check")] | length == 4' >/dev/null ||
	fail "not four ticks: $(calm show "$ID" --json | jq -c '[.events[] | .kind]')"
wait_for "> 2 Write down" 3 # the console follows the stage it moved
pass
