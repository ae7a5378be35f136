#!/usr/bin/env bash
# calm search: a note found by a word in it, with its incident and event
# (the jump target); typed punctuation is never query syntax; --advanced
# syntax errors are usage errors (PostgreSQL's websearch syntax has
# none); --json keeps the markers; declaring
# lists similar incidents only on a terminal (so not here).
. "$(dirname "$0")/lib.sh"

run new "Checkout returns 500" --severity 2
expect_rc 0
expect_eq "$(cat "$OUT")" 1
run log 1 "the load balancer drops half the requests"
expect_rc 0
run fix 1 "restart the pool" --why "connections leak"
expect_rc 0
run new "Checkout returns 502"
expect_eq "$(cat "$OUT")" 2   # not a terminal: the id alone, no similar list

run search balancer
expect_rc 0
ev=$(sql "SELECT id FROM events WHERE kind = 'note'")
expect_out "1  #$ev  "
expect_out "note    the load [balancer] drops half the requests"
[ "$(wc -l <"$OUT")" -eq 1 ] || fail "one hit expected"

run search leak
expect_out "fix     restart the pool connections [leak]"
run search checkout --json
expect_rc 0
expect_eq "$(jq -r 'map(.incident) | sort | join(",")' "$OUT")" "1,2"
expect_eq "$(jq -r '.[0].snippet' "$OUT" | tr '\001\002' '<>')" "$(jq -r '.[0].snippet' "$OUT" | tr '\001\002' '<>')"
jq -e '.[] | select(.kind == "declare") | .snippet | test("\u0001Checkout\u0002")' "$OUT" >/dev/null ||
	fail "snippet lacks markers"

# punctuation and FTS5 words are text
for q in 'AND' '"' 'col:x' 'a-x' 'NEAR(' '*' '^x'; do
	run search "$q"
	expect_rc 0
done
run search --advanced 'AND'
if on_pg; then
	expect_rc 0
	run search --advanced '"load balancer" -nothing'
	expect_rc 0
	expect_out "[load] [balancer]"
else
	expect_rc 64
	expect_err_line 'calm: bad search query: syntax error near "AND"'
fi
run search --advanced 'balancer OR nothing'
expect_rc 0
expect_out "[balancer]"
run search -- -x
expect_rc 0
run search "  "
expect_rc 64
expect_err_line "calm: empty search"
run search x --limit 0
expect_rc 64

# hostile text is shown inert
run log 1 $'red \033[31m alert \033[0m'
run search alert
expect_out "red ^[[31m [alert] ^[[0m"
pass
