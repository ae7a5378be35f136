#!/usr/bin/env bash
# calm import: a 500-line CSV and a Slack export, each with one malformed
# line, are refused whole naming file:line and import nothing; fixed,
# they import in order with their authors, backfilled; imported again,
# nothing is added.  A Markdown list across midnight; a CSV export
# imports back (into another incident: the same rows; into its own:
# nothing).  The chain verifies after all of it.
. "$(dirname "$0")/lib.sh"

events() { "$CALM" --db "$DB" show "$1" --json | jq '.events | length'; }

run new "Import"
id=$(cat "$OUT")

# 500 lines: entries in order 09:00.., a quoted one with a comma, authors
{
	echo "time,author,text"
	for i in $(seq 1 499); do
		printf '2026-02-01 %02d:%02d,user%d,entry %d\n' $((9 + i / 60)) $((i % 60)) $((i % 7)) "$i"
	done
} >"$T/big.csv"
sed -i '250s/.*/2026-02-01 13:09,user3,"entry 249 has, a comma"/' "$T/big.csv"
sed -i '321s/.*/2026-13-45 10:00,bob,bad month/' "$T/big.csv"
[ "$(wc -l <"$T/big.csv")" -eq 500 ] || fail "the CSV is not 500 lines"
before=$(events "$id")
run import "$id" "$T/big.csv"
expect_rc 65
expect_err_line "calm: $T/big.csv:321: bad time (expected RFC 3339 or YYYY-MM-DD HH:MM): '2026-13-45 10:00'"
expect_eq "$(events "$id")" "$before"
sed -i '321s/.*/2026-02-01 14:20,bob,entry 320/' "$T/big.csv"
run import "$id" "$T/big.csv"
expect_rc 0
expect_out "incident $id: 499 entries imported"
run show "$id" --json
expect_eq "$(jq -r '[.events[] | select(.data.import)] | length' "$OUT")" 499
expect_eq "$(jq -r '[.events[] | select(.data.import)] | .[0] | [.author, .text, .occurred, .backfilled, .data.import, .data.by] | join("|")' "$OUT")" \
	"user1|entry 1|2026-02-01T09:01:00.000Z|true|big.csv:2|tester"
expect_eq "$(jq -r '[.events[] | select(.data.import)] | .[248] | .text' "$OUT")" "entry 249 has, a comma"
# in order of when they happened
jq -e '[.events[] | select(.data.import) | .occurred] | . == sort' "$OUT" >/dev/null ||
	fail "imported entries are not in order"
run import "$id" "$T/big.csv"
expect_rc 0
expect_out "incident $id: 0 entries imported, 499 already there"
expect_eq "$(jq -r '[.events[] | select(.data.import)] | length' <("$CALM" --db "$DB" show "$id" --json))" 499

# a Slack export: users.json, one channel of day files, a malformed line
mkdir -p "$T/slack/incident-42"
cat >"$T/slack/users.json" <<'JSON'
[{"id": "U1", "name": "al", "profile": {"display_name": "Alice A", "real_name": "Alice Adams"}},
 {"id": "U2", "name": "bo", "profile": {"display_name": "", "real_name": "Bob B"}}]
JSON
cat >"$T/slack/incident-42/2026-02-01.json" <<'JSON'
[
 {"type": "message", "user": "U1", "text": "checkout is down &amp; paging <@U2>", "ts": "1769986800.000100"},
 {"type": "message", "subtype": "channel_join", "user": "U2", "text": "<@U2> has joined", "ts": "1769986801.000000"},
 {"type": "message", "user": "U2", "text": "looking at <https://grafana.example/d|the dashboard>", "ts": "1769986860.000200"}
]
JSON
cat >"$T/slack/incident-42/2026-02-02.json" <<'JSON'
[
 {"type": "message", "user": "U1", "text": "rolled back, errors gone", "ts": "1770001200.000000"},
 {"type": "message", "user": "U2" "text": "confirmed", "ts": "1770001260.000000"}
]
JSON
before=$(events "$id")
run import "$id" "$T/slack"
expect_rc 65
expect_err_line "calm: $T/slack/incident-42/2026-02-02.json:3:40: '}' expected near '\"text\"'"
expect_eq "$(events "$id")" "$before"
sed -i 's/"U2" "text"/"U2", "text"/' "$T/slack/incident-42/2026-02-02.json"
run import "$id" "$T/slack"
expect_rc 0
expect_out "incident $id: 4 entries imported"
run show "$id" --json
expect_eq "$(jq -r '[.events[] | select(.data.import // "" | test("json"))] | map([.author, .text, .occurred] | join("|")) | join("\n")' "$OUT")" \
"Alice A|checkout is down & paging @Bob B|2026-02-01T23:00:00.000Z
Bob B|looking at the dashboard (https://grafana.example/d)|2026-02-01T23:01:00.000Z
Alice A|rolled back, errors gone|2026-02-02T03:00:00.000Z
Bob B|confirmed|2026-02-02T03:01:00.000Z"
run import "$id" "$T/slack/incident-42"       # one channel's folder: the same
expect_rc 0
expect_out "0 entries imported, 4 already there"

# Markdown: --date, a time earlier than the one before is the next day
printf '# bridge\n- 23:50 alerts fire\n- 23:58 rollback\n- 00:07 recovered\n' >"$T/chat.md"
run import "$id" "$T/chat.md" --date 2026-02-03
expect_rc 0
expect_out "3 entries imported"
run show "$id" --json
expect_eq "$(jq -r '[.events[] | select(.data.import // "" | startswith("chat.md"))] | map(.occurred) | join(" ")' "$OUT")" \
	"2026-02-03T23:50:00.000Z 2026-02-03T23:58:00.000Z 2026-02-04T00:07:00.000Z"
printf -- '- 10:00 fine\nnot a list line\n' >"$T/bad.md"
run import "$id" "$T/bad.md"
expect_rc 65
expect_err_line "calm: $T/bad.md:2: expected '- HH:MM text', not 'not a list line'"
run import "$id" "$T/notes.xyz"
expect_rc 74
touch "$T/notes.xyz"
run import "$id" "$T/notes.xyz"
expect_rc 64
expect_err "use --format csv, md or slack"

# export csv -> import: the same rows in a new incident, nothing new in its own
run export "$id" --format csv -o "$T/out.csv"
expect_rc 0
run import "$id" "$T/out.csv"
expect_rc 0
expect_out "0 entries imported"
run new "Copy"
copy=$(cat "$OUT")
run import "$copy" "$T/out.csv"
expect_rc 0
"$CALM" --db "$DB" export "$id" --format csv >"$T/a.csv"
"$CALM" --db "$DB" export "$copy" --format csv | grep -vF "declared: Copy" >"$T/b.csv"
# the copy has the original's rows, and its own declaration interleaved by time
grep -vF "declared: Copy" "$T/a.csv" | diff - "$T/b.csv" >/dev/null || fail "the CSV did not round-trip"
"$CALM" --db "$DB" verify >/dev/null || fail "verify failed after the imports"
pass
