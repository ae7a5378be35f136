#!/usr/bin/env bash
# Scope: every string the command line prints goes through the
# sanitiser.  Before, playbook stage titles reached the terminal raw in
# `calm advance` and `calm back`, role titles in `calm show`, an event's
# kind from the database in `show` and `search`, and the file name in
# `export -o`.  Each is checked here with bidi and control characters;
# JSON to a pipe stays exact.  Also: `calm list` columns line up whatever
# the widths (a long stage id, wide characters, ids of several digits),
# and every help text fits 80 columns.
. "$(dirname "$0")/lib.sh"
cd "$T"
RLO=$'\xe2\x80\xae'

cat >pb.yaml <<'YAML'
name: bidi
roles:
  - {id: commander, title: "Incident \u202ecommander", duty: incident command}
stages:
  - id: one
    title: "First \u202eeno"
    pane: timeline
  - id: two-and-a-very-long-stage-identifier
    title: "Second \u2066owt\u2069"
    pane: timeline
YAML
run --playbook pb.yaml new "Checkout returns 500"
expect_rc 0
id=$(cat "$OUT")
run --playbook pb.yaml advance "$id"
expect_rc 0
expect_out "stage 2/2 Second <U+2066>owt<U+2069>"
grep -qF $'\xe2\x81\xa6' "$OUT" && fail "advance printed a bidi isolate raw"
run --playbook pb.yaml back "$id"
expect_rc 0
expect_out "back to stage 1/2 First <U+202E>eno"
grep -qF "$RLO" "$OUT" && fail "back printed a bidi override raw"
run --playbook pb.yaml role "$id" commander alice
expect_rc 0
run --playbook pb.yaml --as alice role "$id" commander --accept
expect_rc 0
run --playbook pb.yaml show "$id"
expect_rc 0
expect_out "Incident <U+202E>commander"
grep -qF "$RLO" "$OUT" && fail "show printed a role title raw"

# an event whose kind holds an escape (a crafted database)
evil=$'note\e]0;PWNED\a'
if on_pg; then
	sql "WITH e AS (INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)
		VALUES ($id, 1769954700000, 'mallory', '$evil', 'zanzibar crafted row', NULL,
		decode(repeat('00', 32), 'hex')) RETURNING id)
		INSERT INTO search (event_id, incident, kind, body)
		SELECT id, $id, '$evil', 'zanzibar crafted row' FROM e" >/dev/null
else
	sqlite3 "$DB" "INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)
		VALUES ($id, 1769954700000, 'mallory', '$evil', 'zanzibar crafted row', NULL, zeroblob(32));
		INSERT INTO search (rowid, incident, kind, body)
		VALUES (last_insert_rowid(), $id, '$evil', 'zanzibar crafted row');"
fi
run --playbook pb.yaml show "$id"
expect_rc 0
grep -qaF $'\e' "$OUT" && fail "show printed an event kind raw"
expect_out "zanzibar crafted row"
run search zanzibar
expect_rc 0
grep -qaF $'\e' "$OUT" && fail "search printed an event kind raw"
expect_out "zanzibar"
# JSON to a pipe keeps the text exact
run --playbook pb.yaml show "$id" --json
jq -e --arg k "$evil" '[.events[].kind] | index($k)' "$OUT" >/dev/null || fail "JSON did not keep the kind exact"

# the file name export -o echoes on a terminal (script(1) gives a pty)
if command -v script >/dev/null; then
	script -q -e -c "$(printf '%q ' "$CALM" --db "$DB" export "$id" --allow-missing -o $'pm\e]0;PWNED\a.md')" \
		"$OUT" >/dev/null 2>&1 || fail "export in a pty failed"
	grep -qaF $'\e]0;PWNED' "$OUT" && fail "export echoed the file name raw"
	expect_out "postmortem written to pm^[]0;PWNED^G.md"
	[ -f $'pm\e]0;PWNED\a.md' ] || fail "the file itself has the exact name"
fi

# list: columns as wide as their widest value
run --playbook pb.yaml new "支付失败 payments fail"
for i in 3 4 5 6 7 8 9 10; do run --playbook pb.yaml new "Incident $i"; done
run --playbook pb.yaml advance 2
run list
expect_rc 0
head -1 "$OUT" | grep -qE '^ID  SEV  DECLARED +STAGE +TITLE$' || fail "list header: $(head -1 "$OUT")"
# the title column starts at the same display column on every line
cols=$(python3 -c '
import sys, unicodedata
def w(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    i = line.find("TITLE") if line.startswith("ID") else max(line.find("Incident"), line.find("Checkout"), line.find("支付"))
    print(w(line[:i]))' "$OUT" | sort -u | wc -l)
[ "$cols" -eq 1 ] || fail "titles do not line up: $(cat "$OUT")"
expect_out "2 two-and-a-very-long-s…  支付失败"

# help in 80 columns
run --help
awk 'length($0) > 79 { print; bad = 1 } END { exit bad }' "$OUT" || fail "calm --help is wider than 79"
for c in $(awk '/^commands:/ {on=1; next} /^$/ {on=0} on && /^  [a-z]/ {print $1}' "$OUT"); do
	"$CALM" "$c" --help >"$T/h" 2>&1
	awk 'length($0) > 79 { print; bad = 1 } END { exit bad }' "$T/h" || fail "calm $c --help is wider than 79"
done
pass
