#!/usr/bin/env bash
# The whole default routine driven from the command line, from
# declaration to closed: a closed gate refuses and names what is
# missing, ticks and notes open gates, an override is recorded with its
# reason, going back is recorded, a closed incident is read-only, and
# the timeline holds every step with an intact hash chain.
. "$(dirname "$0")/lib.sh"

run new "Checkout returns 500" --severity 2 --product Checkout
expect_rc 0
id=$(cat "$OUT")
expect_eq "$id" 1
on_pg || expect_eq "$(stat -c %a "$DB")" 600

run show "$id" --json
expect_rc 0
expect_eq "$(jq -r '.status, .stage, .stage_index, .severity, .product' "$OUT" | tr '\n' ' ')" \
	"active evaluate 0 2 Checkout "

# stage 1: the gate names every required item not ticked
run advance "$id"
expect_rc 1
expect_err "stage 'evaluate' is not done"
expect_err "required checklist items ticked (not yet: "
[ "$(wc -l <"$ERR")" -eq 1 ] || fail "gate refusal is not one line"
run show "$id" --json
items=$(jq -r '.checklist[] | select(.stage == "evaluate" and .required) | .id' "$OUT")
[ -n "$items" ] || fail "evaluate has no required items"
for item in $items; do
	run check "$id" "$item"
	expect_rc 0
done
run check "$id" no-such-item
expect_rc 66
expect_err_line "calm: incident 1 has no checklist item 'no-such-item'"
run advance "$id"
expect_rc 0
expect_out "stage 2/8"

# stage 2: a note opens the gate
run advance "$id"
expect_rc 1
expect_err "at least 1 note in the timeline (0 so far)"
run log "$id" "customers see" "HTTP 500 on /pay"
expect_rc 0
run_in $'from stdin\nsecond line\n' log -
expect_rc 0
# ... and the facts the internal update will use, named
run advance "$id"
expect_rc 1
expect_err "the facts the internal update uses filled in (not yet: impact, impact-start)"
run set "$id" impact "checkout for everyone"
run set "$id" impact-start "2026-02-01 13:30"
run advance "$id"
expect_rc 0

# stage 3: no internal update has been sent: override with a reason
run advance "$id"
expect_rc 1
expect_err "an internal update marked sent"
run advance "$id" --override ""
expect_rc 64
run advance "$id" --override "told the team on the bridge call"
expect_rc 0
expect_out "override recorded"

# back is allowed and recorded; then forward again
run back "$id"
expect_rc 0
expect_out "back to stage 3/8"
run advance "$id" --override "still on the call"
expect_rc 0

# fields
run set "$id" cause "a slow query exhausted the pool"
expect_rc 0
run set "$id" impact-start "2026-02-01 13:30"
expect_rc 0
run set "$id" severity 9
expect_rc 65
run set "$id" colour red
expect_rc 64

# the rest of the routine by override, to closed
for n in 4 5 6 7 8; do
	run advance "$id" --override "drill step $n"
	expect_rc 0
done
expect_out "incident 1 closed"

# closed: read-only
run log "$id" "too late"
expect_rc 77
expect_err_line "calm: incident 1 is closed: closed incidents are read-only"
run advance "$id"
expect_rc 77
run list
expect_rc 0
expect_no_out "Checkout returns 500"
run list --all
expect_out "Checkout returns 500"

# the timeline holds every step
run show "$id" --json
expect_rc 0
expect_eq "$(jq -r .status "$OUT")" closed
expect_eq "$(jq '[.events[] | select(.kind=="check")] | length' "$OUT")" "$(echo $items | wc -w)"
expect_eq "$(jq '[.events[] | select(.kind=="note")] | length' "$OUT")" 2
expect_eq "$(jq -r '[.events[] | select(.kind=="note")][1].text' "$OUT")" $'from stdin\nsecond line'
expect_eq "$(jq '[.events[] | select(.data.override != null)] | length' "$OUT")" 7
expect_eq "$(jq -r '[.events[] | select(.data.override != null)][0].data.override' "$OUT")" \
	"told the team on the bridge call"
expect_eq "$(jq -r '[.events[] | select(.data.override != null)][0].data.unmet' "$OUT")" \
	"an internal update marked sent"
expect_eq "$(jq -r '.events[0].kind' "$OUT")" declare
expect_eq "$(jq -r '.events[-1].data.to' "$OUT")" closed
expect_eq "$(jq -r '[.events[].author] | unique | join(",")' "$OUT")" tester
expect_eq "$(jq -r '.fields.cause' "$OUT")" "a slow query exhausted the pool"
expect_eq "$(jq -r '.fields["impact-start"]' "$OUT")" "2026-02-01T13:30:00Z"

run verify "$id"
expect_rc 0
expect_out "chain intact"
integrity_ok
pass
