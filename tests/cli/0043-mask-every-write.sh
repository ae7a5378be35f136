#!/usr/bin/env bash
# Every free text a person or a script writes is masked before it is
# stored, whichever command writes it: the title, field values, drafts,
# a failed send's error, an override reason, amend and strike, fixes,
# outcomes, "no fix", action items and their owners, notes (words,
# stdin, --when), commands run and imports.  Then no secret is in what
# calm shows or exports, nor anywhere in the database: not in a row, an
# event's data, the search index or a byte of the file (its dump on
# PostgreSQL), nor in any other file calm wrote.
. "$(dirname "$0")/lib.sh"

# the playbook of cli/0042, with a gate an override can pass
{ cat "${CALM_SOURCE_DIR:?}/tests/cli/data/masked-playbook.yaml"
  printf '    gate:\n      - min_actions: 5\n  - id: end\n    title: End\n    pane: timeline\n    guidance: End.\n'
  printf 'postmortem: |\n  # {title}\n  Impact: {impact}\n  {timeline}\n'
} >"$T/pb.yaml"
pb=(--playbook "$T/pb.yaml")
mkdir -p "$XDG_CONFIG_HOME/calm"
cat >"$XDG_CONFIG_HOME/calm/config.yaml" <<YAML
channels:
  broken:
    command: [sh, -c, 'echo "refused token=hunter7 and zork1009" >&2; exit 3']
  copy:
    command: [sh, -c, 'cat > "\$0"', $T/sent.txt]
YAML

# each write carries a secret of its own (zork10NN: the playbook's
# pattern; password=/token= values: the built-in ones)
run "${pb[@]}" new "DB down zork1001" --product "shop zork1002"
expect_rc 0
id=$(cat "$OUT")
run "${pb[@]}" set "$id" title "DB really down zork1003"
expect_rc 0
run "${pb[@]}" set "$id" impact "checkout fails, password=hunter3"
expect_rc 0
run "${pb[@]}" set "$id" cause "key zork1004 leaked"
expect_rc 0
run_in "Status: investigating zork1005" "${pb[@]}" draft "$id" internal -
expect_rc 0
run "${pb[@]}" send "$id" internal --yes --channel broken
expect_rc 74
run "${pb[@]}" send "$id" internal --yes --channel copy
expect_rc 0
run "${pb[@]}" log "$id" "note zork1006"
expect_rc 0
run_in "stdin note zork1007" "${pb[@]}" log "$id" -
expect_rc 0
run "${pb[@]}" log "$id" --when -5m "backfilled zork1008"
expect_rc 0
run "${pb[@]}" run "$id" -- echo ran zork1010 >/dev/null
expect_rc 0
printf 'time,author,text\n2026-01-01T00:00:00Z,ann,imported zork1011\n' >"$T/in.csv"
run "${pb[@]}" import "$id" "$T/in.csv"
expect_rc 0
rm "$T/in.csv"
run show "$id" --json
notes=($(jq -r '[.events[] | select(.kind == "note")][0,1].id' "$OUT"))
run "${pb[@]}" amend "${notes[0]}" "amended zork1012"
expect_rc 0
run "${pb[@]}" strike "${notes[1]}" "struck: it held zork1013"
expect_rc 0
run "${pb[@]}" fix "$id" "restart zork1014" --why "token=hunter4 expired"
expect_rc 0
run "${pb[@]}" outcome "$id" 1 failed "still zork1015"
expect_rc 0
run "${pb[@]}" nofix "$id" "rows keyed zork1016"
expect_rc 0
run "${pb[@]}" action "$id" "rotate zork1017" --owner "team zork1018"
expect_rc 0
run "${pb[@]}" advance "$id" --override "skipping, api_key=hunter5"
expect_rc 0

secret='zork10[0-9][0-9]|hunter[0-9]'
# what calm shows and exports
run "${pb[@]}" show "$id"
expect_rc 0
expect_out "DB really down ****"
cp "$OUT" "$T/show.txt"
run "${pb[@]}" show "$id" --json
expect_rc 0
cp "$OUT" "$T/show.json"
for f in md json csv html; do
	run "${pb[@]}" export "$id" --format "$f" --allow-missing -o "$T/export.$f"
	expect_rc 0
done
# the masked writes are all there (a check of nothing finds no secret)
for w in "DB really down ****" "shop ****" "checkout fails, password=****" \
	"key **** leaked" "note ****" "stdin note ****" "backfilled ****" "ran ****" \
	"imported ****" "amended ****" "struck: it held ****" "restart ****" \
	"token=**** expired" "still ****" "rows keyed ****" "rotate ****" "team ****" \
	"skipping, api_key=****" "refused token=**** and ****"; do
	grep -qF -- "$w" "$T/show.json" || fail "show --json lacks '$w'"
done
grep -qF "Status: investigating ****" "$T/sent.txt" || fail "the sent text is not the masked draft"

# the database, whole
if on_pg; then
	"$PG_BIN/pg_dump" -h "$PG_DIR" -U postgres -d "$PGDB" >"$T/dump" || fail "pg_dump"
	"$PG_BIN/pg_dump" -h "$PG_DIR" -U postgres -d "$PGDB" --inserts >"$T/dump2" || fail "pg_dump"
else
	sqlite3 "$DB" .dump >"$T/dump"
	sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
	# every text column of every table, events' data included, as text
	for t in $(sqlite3 "$DB" "SELECT name FROM sqlite_master WHERE type = 'table'"); do
		for c in $(sqlite3 "$DB" "SELECT name FROM pragma_table_info('$t')"); do
			sqlite3 "$DB" "SELECT CAST(\"$c\" AS TEXT) FROM \"$t\"" >>"$T/columns"
		done
	done
	grep -qF "DB really down ****" "$T/columns" || fail "the column walk read nothing"
fi
grep -qF "note ****" "$T/dump" || fail "the dump lacks the notes"
# hex in a dump (blobs) spells zork as 7a6f726b
grep -qi '7a6f726b3130' "$T/dump" && fail "a secret is in a blob of the database"
found=$(grep -rlaE --exclude=pb.yaml --exclude=config.yaml "$secret" "$T" | sed "s|$T/||")
[ -z "$found" ] || fail "a secret reached: $found ($(grep -rhoaE --exclude=pb.yaml --exclude=config.yaml "$secret" "$T" | sort -u | tr '\n' ' '))"
run verify "$id"
expect_rc 0
pass
