#!/usr/bin/env bash
# A playbook of one's own replaces the built-in routine: its stages,
# checklist and gate criteria are what `advance` enforces.
. "$(dirname "$0")/lib.sh"

cat >"$T/short.yaml" <<'YAML'
name: short
stages:
  - id: look
    title: Look
    pane: checklist
    guidance: Breathe. Look before you touch.
    checklist:
      - id: graphs
        text: Open the dashboards
      - id: coffee
        text: Get a coffee
        required: false
    gate:
      - checklist_complete: true
      - min_notes: 2
  - id: explain
    title: Explain
    pane: timeline
    guidance: Say what happened, without names.
    gate:
      - field_set: cause
YAML
pb=(--playbook "$T/short.yaml")
run "${pb[@]}" new "Queue backs up"
expect_rc 0
id=$(cat "$OUT")
run "${pb[@]}" advance "$id"
expect_rc 1
expect_err "required checklist items ticked (not yet: 'Open the dashboards'); at least 2 notes in the timeline (0 so far)"
run "${pb[@]}" check "$id" graphs
expect_rc 0
run "${pb[@]}" log "$id" "queue depth 40k"
run "${pb[@]}" log "$id" "consumers idle"
run "${pb[@]}" advance "$id"
expect_rc 0
expect_out "stage 2/2 Explain"
run "${pb[@]}" advance "$id"
expect_rc 1
expect_err "field 'cause' set"
run "${pb[@]}" set "$id" cause "a consumer deploy stalled on a lock"
run "${pb[@]}" advance "$id"
expect_rc 0
expect_out "incident $id closed"

# the same incident seen through a playbook without its stage
run new "Other"
other=$(cat "$OUT")
run "${pb[@]}" advance "$other"
expect_rc 78
expect_err "incident $other is at stage 'evaluate', which playbook 'short'"

# every mistake in a playbook at once, each located
cat >"$T/bad.yaml" <<'YAML'
name: bad
stages:
  - id: one
    title: One
    pane: checklist
    gate:
      - min_note: 1
  - id: one
    title: Again
    pane: nowhere
YAML
run --playbook "$T/bad.yaml" new "x"
expect_rc 78
[ "$(wc -l <"$ERR")" -eq 3 ] || fail "expected 3 located errors"
grep -qE "^calm: $T/bad.yaml:7:9: unknown gate criterion 'min_note'" "$ERR" || fail "criterion error not located"
expect_err "$T/bad.yaml:8:9: duplicate stage id 'one'"
expect_err "$T/bad.yaml:10:11: "
expect_eq "$(sql 'select count(*) from incidents')" 2
pass
