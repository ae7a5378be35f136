#!/usr/bin/env bash
# The playbook's own secrets: patterns are masked on every path that
# writes a person's or a script's text, not only on the commands that
# need the playbook for something else: log (words, stdin, --when),
# amend, run, import, and fix attempts and action items.  A broken playbook stops these writes with the
# same located error and exit 78 every other command gives: nothing is
# written unmasked.
. "$(dirname "$0")/lib.sh"

cp "${CALM_SOURCE_DIR:?}/tests/cli/data/masked-playbook.yaml" "$T/pb.yaml"
pb=(--playbook "$T/pb.yaml")
run "${pb[@]}" new "Secrets"
expect_rc 0
id=$(cat "$OUT")

# the reproduction: log from its words
run "${pb[@]}" log "$id" "hello zork123"
expect_rc 0
run_in "from stdin zork456" "${pb[@]}" log "$id" -
expect_rc 0
run "${pb[@]}" log "$id" --when -5m "backfilled zork789"
expect_rc 0
run "${pb[@]}" run "$id" -- echo zork321 >/dev/null
expect_rc 0
printf 'time,author,text\n2026-01-01T00:00:00Z,ann,imported zork654\n' >"$T/in.csv"
run "${pb[@]}" import "$id" "$T/in.csv"
expect_rc 0
# the playbook named in the config file counts as much as --playbook
printf 'playbook: %s\n' "$T/pb.yaml" >"$T/config.yaml"
rc=0
"$CALM" --db "$DB" --config "$T/config.yaml" log "$id" "via config zork111" >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
run show "$id" --json
ev=$(jq -r '[.events[] | select(.kind == "note")][0].id' "$OUT")
run "${pb[@]}" amend "$ev" "amended zork222"
expect_rc 0
# fix attempts and action items are masked like notes, the built-in
# patterns and the playbook's
run "${pb[@]}" fix "$id" "restart with zork333" --why "token=abc123 leaked"
expect_rc 0
run "${pb[@]}" outcome "$id" 1 failed "still zork444"
expect_rc 0
run "${pb[@]}" nofix "$id" "rows keyed zork555"
expect_rc 0
run "${pb[@]}" action "$id" "rotate zork666 and password=hunter2"
expect_rc 0

if on_pg; then
	"$PG_BIN/pg_dump" -h "$PG_DIR" -U postgres -d "$PGDB" >"$T/dump" || fail "pg_dump"
else
	sqlite3 "$DB" .dump >"$T/dump"
fi
# the dump holds the writes, masked (a dump of nothing finds no secret)
for w in "hello ****" "from stdin ****" "amended ****" "rows keyed ****"; do
	grep -qF -- "$w" "$T/dump" || fail "the dump lacks '$w'"
done
grep -q -e 'zork[0-9]' -e abc123 -e hunter2 "$T/dump" && fail "a playbook secret reached the database: $(grep -o 'zork[0-9]*' "$T/dump" | sort -u | tr '\n' ' ')"
run show "$id"
expect_out "hello ****"
expect_out "from stdin ****"
expect_out "backfilled ****"
expect_out "amended ****"
run show "$id" --json
jq -e '[.events[] | select(.kind == "fix" or .kind == "action") | .text] |
	index("fix attempt 1: restart with **** (why: token=**** leaked)") != null and
	index("action item 1: rotate **** and password=****") != null' "$OUT" >/dev/null ||
	fail "fix or action text not masked: $(jq -c '[.events[] | select(.kind == "fix" or .kind == "action") | .text]' "$OUT")"

# a broken playbook: located error, exit 78, nothing written
printf 'name: broken\nsecrets: ["zork[0-9"]\nstages: []\n' >"$T/bad.yaml"
run --playbook "$T/bad.yaml" new "Other"
expect_rc 78
cp "$ERR" "$T/new.err"
run show "$id" --json
before=$(jq '.events | length' "$OUT")
run --playbook "$T/bad.yaml" log "$id" "broken zork999"
expect_rc 78
expect_eq "$(cat "$ERR")" "$(cat "$T/new.err")"
grep -qE "$T/bad.yaml:[0-9]+:[0-9]+: " "$ERR" || fail "the error is not located"
run show "$id" --json
expect_eq "$(jq '.events | length' "$OUT")" "$before"
pass
