#!/usr/bin/env bash
# Roles and handoffs: a role handed to someone else is offered and is
# theirs once they take it (--accept, by them), with the hand-off brief
# printed; an offer not taken within 10 minutes lapses and the timeline
# says so; offering again withdraws the earlier offer; naming yourself
# takes a role at once; each change in the timeline in words, shown by
# roles, show and show --json; unknown roles name the known ones.
. "$(dirname "$0")/lib.sh"

export CALM_NOW=2026-02-01T10:00:00Z
run new "Checkout returns 500"
run --as alice role 1 commander alice
expect_rc 0
run --as alice role 1 commander bob
expect_rc 0
run roles 1
expect_out "commander        alice"
expect_out "commander        offered to bob by alice: 10 min left to take (calm role 1 commander --accept)"
# only the person offered may take it
run --as carol role 1 commander --accept
expect_rc 66
expect_err_line "calm: nobody offered carol incident command to take"
run fix 1 "restarted the pool"
run outcome 1 1 failed "same errors"
export CALM_NOW=2026-02-01T10:04:00Z
run --as bob role 1 commander --accept
expect_rc 0
expect_out "hand-off brief:"
expect_out "incident 1: Checkout returns 500 (severity 3, 4m since declared)"
expect_out "stage 1/8 Evaluate: gate not met (0 of 1 met)"
expect_out "tried: 1. restarted the pool: failed (same errors)"
expect_out "updates: internal not sent yet"
expect_out "open actions: none"
run --as bob role 1 communications bob
run roles 1
expect_out "commander        bob"
expect_out "communications   bob"
expect_out "scribe           -"
expect_no_out "offered"
# offered again: the earlier offer is withdrawn
run --as bob role 1 fix-lead dana
run --as bob role 1 fix-lead erin
run roles 1 --json
expect_eq "$(jq -c '.[-1].offers | map([.role, .to, .by, .state, .minutes_left])' "$OUT")" \
	'[["fix-lead","erin","bob","open",10]]'
# not taken in 10 minutes: lapsed, said so by the next action, and refused
run --as bob role 1 scribe carol
export CALM_NOW=2026-02-01T10:15:00Z
run roles 1
expect_out "scribe           offered to carol by bob: lapsed, not taken within 10 minutes"
run --as carol role 1 scribe --accept
expect_rc 1
expect_err_line "calm: the offer of the scribe's notes lapsed at 2026-02-01 10:14Z (offered by bob, not taken within 10 minutes): ask again"
run show 1
expect_out "[role] alice takes incident command"
expect_out "[offer] alice offers incident command to bob (to take within 10 minutes)"
expect_out "[role] bob takes incident command from alice"
expect_out "[role] bob takes communications"
expect_out "[offer] the offer of the fix lead to dana is withdrawn"
expect_out "[offer] (backfilled, written 2026-02-01 10:15:00Z) the offer of the scribe's notes to carol lapsed: not taken within 10 minutes"
expect_out "  incident commander     bob"
run show 1 --json
expect_eq "$(jq -c .roles "$OUT")" '{"commander":"bob","communications":"bob"}'
run roles 1 --json
expect_eq "$(jq -r '.[] | select(.role == "scribe") | .person' "$OUT")" "null"
run role 1 boss carol
expect_rc 64
expect_err_line "calm: unknown role 'boss' (roles: commander, communications, fix-lead, scribe)"
run role 1 commander --accept carol
expect_rc 64
run role 1 communications --clear
expect_rc 0
run roles 1
expect_out "communications   -"
n=$(sql "SELECT count(*) FROM events WHERE kind IN ('role', 'offer')")
run role 1 commander bob   # already bob: nothing recorded
expect_eq "$(sql "SELECT count(*) FROM events WHERE kind IN ('role', 'offer')")" "$n"
run verify
expect_rc 0
pass
