#!/usr/bin/env bash
# The postmortem: Markdown from the template compared with an expected
# file (a fixed clock via CALM_NOW; the Record line, which holds the
# database's random id, checked by its form), a hostile title escaped
# only where it would be markup, the "no fix possible" path feeding data
# lost, JSON parsed by jq with the exact text; a preview to stdout
# records nothing, -o and --record record the export.
. "$(dirname "$0")/lib.sh"
export CALM_NOW=2023-02-01T14:05:00Z
data=$(dirname "$0")/data
title='Pay *fails* _now_ # | <b>x</b> [link](http://e) `rm -rf` & more'

run new "$title" --severity 1 --product Checkout
id=$(cat "$OUT")
run set "$id" impact-start "2023-02-01 10:00"
run set "$id" resolved-at "2023-02-01 13:00"
run set "$id" impact $'payments failed\n# not a heading\n- not a list'
run set "$id" cause "a slow query that exhausted the pool"
run set "$id" fix "to roll back the release"
run set "$id" outstanding "none"
run log "$id" "500s on /pay"
run fix "$id" "restore the orders table" --why "rows missing"
run outcome "$id" 1 failed "no backup newer than a day"
run nofix "$id" "orders placed between 10:00 and 10:05"
expect_rc 0
run action "$id" "Load test large changes on staging" --owner alice --category technical --due 2023-03-01
run action "$id" "Nightly backups of the orders table" --owner "bob_<b>" --category policy

events=$(sql "select count(*) from events")
run export "$id"
expect_rc 0
head -n -1 "$OUT" | diff -u "$data/0008-postmortem.md" - >"$T/diff" ||
	{ cat "$T/diff" >&2; fail "Markdown differs from $data/0008-postmortem.md"; }
expect_eq "$(sed -n 1p "$OUT")" '# Postmortem: Pay \*fails\* \_now\_ # | \<b>x\</b> [link\](http://e) \`rm -rf\` & more'
tail -n 1 "$OUT" | grep -qxE "Record: incident $id, 14 events up to event [0-9]+, chain head [0-9a-f]{64}, database [0-9a-f]{32}, not sealed" ||
	fail "no Record line at the end"
# a preview: nothing recorded, the timeline unchanged
expect_eq "$(sql "select count(*) from events")" "$events"
expect_eq "$(sql "select count(*) from exports")" 0
run export "$id" | cat >/dev/null
expect_eq "$(sql "select count(*) from events")" "$events"
# --record records an export to stdout
run export "$id" --record
expect_rc 0
expect_out "Record: incident $id"

# JSON: exact text, parsed by jq
run export "$id" --format json -o "$T/pm.json"
expect_rc 0
expect_eq "$(jq -r .incident.title "$T/pm.json")" "$title"
expect_eq "$(jq -r '.incident.fields["data-lost"]' "$T/pm.json")" "orders placed between 10:00 and 10:05"
expect_eq "$(jq -r '.fixes[1].outcome + " " + .fixes[1].note' "$T/pm.json")" \
	"no-fix orders placed between 10:00 and 10:05"
expect_eq "$(jq -r '.actions[1].owner' "$T/pm.json")" "bob_<b>"
expect_eq "$(jq -r '.exports | length' "$T/pm.json")" 1   # the --record one; this one is recorded after writing
expect_eq "$(jq -r '.chain.events' "$T/pm.json")" 15
expect_eq "$(stat -c %a "$T/pm.json")" 600
ls "$T" | grep -q '\.tmp\.' && fail "a temporary file was left behind"

# both recorded exports, each with its event
expect_eq "$(sql "select format || ':' || coalesce(path, '-') from exports order by id" | tr '\n' ' ')" \
	"md:- json:$T/pm.json "
run show "$id" --json
expect_eq "$(jq -r '[.events[] | select(.kind == "export")] | map(.text) | join("|")' "$OUT")" \
	"postmortem exported (md) to stdout|postmortem exported (json) to $T/pm.json"

# errors
run export "$id" --format pdf
expect_rc 64
run export "$id" -o "$T/no/such/dir/pm.md"
expect_rc 74
expect_err "cannot write '$T/no/such/dir/pm.md'"
run export 99
expect_rc 66
pass
