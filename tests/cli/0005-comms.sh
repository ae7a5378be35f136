#!/usr/bin/env bash
# The whole default routine from new to closed with no override: ticks,
# a note, an internal update sent to a file channel, an external one to
# a command channel, fix attempts (a failed one does not open the gate), a resolution update
# once outstanding issues and data lost are stated, an action item and
# the postmortem export.  Each gate is seen closed, then open.
. "$(dirname "$0")/lib.sh"
export CALM_NOW=2023-02-01T14:05:00Z
mkdir -p "$XDG_CONFIG_HOME/calm"
cat >"$XDG_CONFIG_HOME/calm/config.yaml" <<YAML
channels:
  internal:
    file: $T/internal.log
  external:
    command: [sh, -c, 'cat > "\$0"', $T/external.txt]
    timeout: 5
YAML

# gate_shut STAGE-TEXT: advance is refused naming the criterion
gate_shut() {
	run advance "$id"
	expect_rc 1
	expect_err "$1"
}
gate_opens() {
	run advance "$id"
	expect_rc 0
	expect_out "$1"
}

run new "Checkout returns 500" --severity 2 --product Checkout
expect_rc 0
id=$(cat "$OUT")
run set "$id" impact "customers cannot pay"
run set "$id" impact-start "2023-02-01 10:00"
expect_rc 0

# 1 evaluate
run show "$id" --json
for item in $(jq -r '.checklist[] | select(.stage == "evaluate" and .required) | .id' "$OUT"); do
	run check "$id" "$item"
	expect_rc 0
done
gate_opens "stage 2/8"

# 2 write down
gate_shut "at least 1 note"
run log "$id" "HTTP 500 on /pay since the 09:55 deploy"
gate_opens "stage 3/8"

# 3 internal update: the template is filled from the incident
gate_shut "an internal update marked sent"
run draft "$id" internal
expect_rc 0
expect_out "[sev 2] Checkout returns 500"
expect_out "What is broken: customers cannot pay"
expect_out "Since: 2023-02-01 10:00Z (4 hours 5 minutes so far)"
expect_out "- 14:05 HTTP 500 on /pay since the 09:55 deploy"
cp "$OUT" "$T/internal.draft"
run send "$id" internal
expect_rc 1
expect_err_line "calm: no unsent internal draft to send: save one first (calm draft $id internal -)"
run_in "$(cat "$T/internal.draft")" draft "$id" internal -
expect_rc 0
expect_eq "$(cat "$OUT")" 1
run_in "$(cat "$T/internal.draft")" draft "$id" internal -
expect_eq "$(cat "$OUT")" 1     # same text: no new revision
run send "$id" internal
expect_rc 0
# the update under a heading saying when, which and who; a blank line after
head -1 "$T/internal.log" | grep -qE '^--- [0-9-]+ [0-9:]+Z: internal update, rev 1, sent by tester ---$' ||
	fail "no heading: $(head -1 "$T/internal.log")"
expect_eq "$(sed '1d;$d' "$T/internal.log")" "$(cat "$T/internal.draft")"
expect_eq "$(tail -c 2 "$T/internal.log" | od -An -c | tr -d ' ')" '\n\n'
expect_eq "$(stat -c %a "$T/internal.log")" 600
gate_opens "stage 4/8"

# 4 external update through a command channel
gate_shut "an external update marked sent"
run draft "$id" external
expect_out "Checkout: Checkout returns 500"
cp "$OUT" "$T/external.draft"
run_in "$(cat "$T/external.draft")" draft "$id" external -
run send "$id" external
expect_rc 0
expect_eq "$(cat "$T/external.txt")" "$(cat "$T/external.draft")"
gate_opens "stage 5/8"

# 5 fix attempts
gate_shut "a fix that worked (or partly), or 'no fix possible' declared"
run fix "$id" "restart the payment workers" --why "pool exhausted?"
expect_rc 0
expect_eq "$(cat "$OUT")" 1
run outcome "$id" 1 failed "still 500"
expect_rc 0
# a failed attempt is an outcome, not a fix: the gate stays shut
gate_shut "a fix that worked (or partly), or 'no fix possible' declared (1 tried, none worked yet)"
run fix "$id" "roll back the 09:55 deploy"
expect_eq "$(cat "$OUT")" 2
run outcome "$id" 2 maybe
expect_rc 64
expect_err "unknown outcome 'maybe'"
run outcome "$id" 3 worked
expect_rc 66
expect_err_line "calm: incident $id has no fix attempt 3"
run outcome "$id" 2 worked "errors stopped at 13:00"
expect_rc 0
# the facts the resolution update will use are asked for before its
# stage; a resolution update (work is never locked to a stage) is
# refused until outstanding and data lost are stated
gate_shut "the facts the resolution update uses filled in (not yet: resolved-at, outstanding, data-lost)"
run draft "$id" resolution
expect_out "Still outstanding: [outstanding issues: not stated yet - say 'none' if none]"
expect_out "Data lost: [data lost: not stated yet - say 'none' if none]"
run_in "$(cat "$OUT")" draft "$id" resolution -
run send "$id" resolution --channel manual
expect_rc 1
expect_err_line "calm: the resolution update needs 'outstanding' and 'data-lost' set (say 'none' if none): calm set $id FIELD TEXT"
run set "$id" outstanding none
run set "$id" data-lost none
run set "$id" resolved-at "2023-02-01 13:00"
gate_opens "stage 6/8"

# 6 resolution: the draft rendered again from the facts
gate_shut "a resolution update marked sent"
run send "$id" resolution --channel manual
expect_rc 1
expect_err "the resolution draft still says 'not stated yet'"
run draft "$id" resolution --template
expect_out "Still outstanding: none"
expect_out "Data lost: none"
expect_out "resolved (3 hours in all)"
run_in "$(cat "$OUT")" draft "$id" resolution -
expect_eq "$(cat "$OUT")" 2
run send "$id" resolution --channel manual
expect_rc 0
gate_opens "stage 7/8"

# 7 action items
gate_shut "at least 1 action item"
run action "$id" "Load test large changes on staging" --owner alice --category technical --due 2023-03-01
expect_rc 0
expect_eq "$(cat "$OUT")" 1
run action "$id" "x" --category vibes
expect_rc 64
run action "$id" "x" --due 2023-02-30
expect_rc 65
run action "$id" "Review slow methods in code review" --category training
run action-done "$id" 2 --drop
expect_rc 0
run action-done "$id" 1
expect_rc 0
gate_shut "the facts the postmortem uses filled in (not yet: cause, fix)"
run set "$id" cause "a slow query" && run set "$id" fix "a restart"
gate_opens "stage 8/8"

# 8 the postmortem
gate_shut "postmortem exported"
run export "$id" -o "$T/pm.md"
expect_rc 0
grep -qF -- "3 hours in all" "$T/pm.md" || fail "the postmortem lacks the duration"
gate_opens "incident $id closed"

# the record
run show "$id" --json
expect_eq "$(jq '[.events[] | select(.data.override != null)] | length' "$OUT")" 0
expect_eq "$(jq -r '[.events[] | select(.kind == "sent")] | map(.text) | join("|")' "$OUT")" \
	"internal update sent via file:$T/internal.log (rev 1)|external update sent via command:sh (rev 1)|resolution update sent via manual (rev 2)"
expect_eq "$(jq -r '[.events[] | select(.kind == "draft")][0].text' "$OUT")" "draft saved (internal, rev 1)"
expect_eq "$(sql "select count(*) from comms where audience = 'resolution'")" 2
expect_eq "$(sql "select sent_by || ' ' || channel from comms where sent_ms is not null and audience = 'internal'")" \
	"tester file:$T/internal.log"
run verify "$id"
expect_rc 0
# closed: read-only, but still exportable
run fix "$id" "too late"
expect_rc 77
run export "$id" --format json
expect_rc 0
expect_eq "$(jq -r '.incident.status, (.fixes | length), (.actions | length), (.exports | length)' "$OUT" | tr '\n' ' ')" \
	"closed 2 2 1 "
integrity_ok
pass
