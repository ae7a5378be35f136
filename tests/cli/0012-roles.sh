#!/usr/bin/env bash
# Roles and handoffs: each change in the timeline in words, shown by
# roles, show and show --json; unknown roles name the known ones.
. "$(dirname "$0")/lib.sh"

run new "Checkout returns 500"
run --as alice role 1 commander alice
expect_rc 0
run --as alice role 1 commander bob
expect_rc 0
run --as bob role 1 communications bob
run roles 1
expect_out "commander        bob"
expect_out "communications   bob"
expect_out "scribe           -"
run show 1
expect_out "[role] alice takes incident command"
expect_out "[role] alice hands incident command to bob"
expect_out "[role] bob takes communications"
expect_out "  incident commander     bob"
run show 1 --json
expect_eq "$(jq -c .roles "$OUT")" '{"commander":"bob","communications":"bob"}'
run roles 1 --json
expect_eq "$(jq -r '.[] | select(.role == "scribe") | .person' "$OUT")" "null"
run role 1 boss carol
expect_rc 64
expect_err_line "calm: unknown role 'boss' (roles: commander, communications, fix-lead, scribe)"
run role 1 communications --clear
expect_rc 0
run roles 1
expect_out "communications   -"
n=$(sql "SELECT count(*) FROM events WHERE kind = 'role'")
run role 1 commander bob   # already bob: nothing recorded
expect_eq "$(sql "SELECT count(*) FROM events WHERE kind = 'role'")" "$n"
run verify
expect_rc 0
pass
