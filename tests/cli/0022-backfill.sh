#!/usr/bin/env bash
# Backfill across midnight and across days, amend and strike, and
# milestones, as `show`, the CSV export and the postmortem show them;
# `calm verify` after all of it.  A database made by calm before schema
# 4 opens, upgrades and verifies.  `calm status`, and what the shell
# hook hands over: in order, once, calm-skip left out.
. "$(dirname "$0")/lib.sh"

export CALM_NOW=2026-02-02T00:20:00Z
run new "Checkout returns 500" --severity 2
id=$(cat "$OUT")
run log "$id" "written at 00:20"
run log --when 23:55 "before midnight (yesterday, as HH:MM)"
expect_rc 0
run log "$id" --when "2026-02-01 23:59" "a minute before midnight"
run log "$id" --when "2026-01-30T08:00:00Z" "two days before"
run log "$id" --when -5m "five minutes ago"
run log "$id" --when "2026-02-02 00:30" "in the future"
expect_rc 65
expect_err_line "calm: a backfilled note cannot be in the future"
run log "$id" --when "yesterday" "x"
expect_rc 65
run show "$id"
sed -n '/^timeline:/,$p' "$OUT" | sed 's/^  #[0-9]*  //' >"$T/tl"
cat >"$T/want" <<'EOF'
timeline:
2026-01-30 08:00:00Z  tester  [note] (backfilled, written 2026-02-02 00:20:00Z) two days before
2026-02-01 23:55:00Z  tester  [note] (backfilled, written 2026-02-02 00:20:00Z) before midnight (yesterday, as HH:MM)
2026-02-01 23:59:00Z  tester  [note] (backfilled, written 2026-02-02 00:20:00Z) a minute before midnight
2026-02-02 00:15:00Z  tester  [note] (backfilled, written 2026-02-02 00:20:00Z) five minutes ago
2026-02-02 00:20:00Z  tester  [declare] declared: Checkout returns 500 (severity 2)
2026-02-02 00:20:00Z  tester  [note] written at 00:20
EOF
diff "$T/want" "$T/tl" >&2 || fail "the timeline is not in the order things happened"
# JSON in the same order, written order kept in ts; time travel by id
run show "$id" --json
expect_eq "$(jq -r '[.events[].id] | join(",")' "$OUT")" "5,3,4,6,1,2"
expect_eq "$(jq -r '[.events[] | select(.backfilled)] | length' "$OUT")" 4
run show "$id" --at 3 --json
expect_eq "$(jq -r '.notes' "$OUT")" 2

# corrections
run amend 2 "written at 00:20 (amended once)"
expect_rc 0
run amend 2 "written at 00:20 (amended twice)"
run strike 4 "wrong incident"
expect_rc 0
run strike 4 "again"
expect_rc 64
expect_err_line "calm: event 4 is struck out already"
run amend 1 "not a note"
expect_rc 64
expect_err "event 1 is a 'declare' event"
run amend 99 "x"
expect_rc 66
expect_err_line "calm: no event 99"
run show "$id"
expect_out "[note] (amended) written at 00:20 (amended twice)"
expect_out "        was: written at 00:20"
expect_out "        then (#7, 2026-02-02 00:20:00Z, tester): written at 00:20 (amended once)"
expect_out "[note] (backfilled, written 2026-02-02 00:20:00Z) (struck out: wrong incident) a minute before midnight"
expect_out "[amend] event 2: written at 00:20 (amended twice)"
run show "$id" --json
expect_eq "$(jq -c '[.events[] | select(.id == 2 or .id == 4) | [.amended_by, .struck_by]]' "$OUT")" \
	'[[null,[9]],[[7,8],null]]'
run export "$id" --format csv
expect_out "2026-02-01T23:59:00.000Z,tester,a minute before midnight"
expect_out "2026-02-02T00:20:00.000Z,tester,wrong incident"
run export "$id"
expect_out "- 2026-02-01 23:59:00 UTC tester: (written later, at 2026-02-02 00:20:00 UTC) (struck out: wrong incident) a minute before midnight"
expect_out "tester: (corrected) written at 00:20 (amended twice)"

# milestones: events at their moment; the fields they set
run mark "$id" started "2026-02-01 23:40"
expect_rc 0
run mark "$id" detected
run mark "$id" bogus
expect_rc 64
run show "$id"
expect_out "2026-02-01 23:40:00Z  tester  [field] (backfilled, written 2026-02-02 00:20:00Z) milestone: impact started at 2026-02-01 23:40:00Z"
expect_out "impact-start  2026-02-01T23:40:00Z"
expect_out "detected-at   2026-02-02T00:20:00Z"
run review "$id" --json
expect_eq "$(jq -r '.time_to_detect_s' "$OUT")" 2400
# the postmortem measures by the same rule
cat >"$T/pb.yaml" <<'YAML'
name: times
stages:
  - {id: only, title: Only, pane: timeline}
postmortem: "detect {time_to_detect}; mitigate {time_to_mitigate}; down {downtime}"
YAML
run --playbook "$T/pb.yaml" export "$id" --format md
expect_out "detect 40 minutes; mitigate [time to mitigate unknown: mitigated-at not set]; down [duration unknown: resolved-at not set]"
"$CALM" --db "$DB" verify >/dev/null || fail "verify failed"

# calm status: one line, nothing when no incident is active
run role "$id" commander alice
run --as alice role "$id" commander --accept
mkdir -p "$XDG_CONFIG_HOME/calm"
printf 'cadence: {internal: 30}\n' >"$XDG_CONFIG_HOME/calm/config.yaml"
run status
expect_eq "$(cat "$OUT")" "#$id SEV2 Checkout returns 500 | 1/8 Evaluate | internal 30:00 | IC alice"
CALM_NOW=2026-02-02T01:00:00Z run status --tmux
expect_eq "$(cat "$OUT")" "#[bold]##$id SEV2 #[nobold]Checkout returns 500 | 1/8 Evaluate | internal #[fg=red,bold]OVERDUE#[default] | IC alice"
run set "$id" title "a #[fg=red] title"
run status --tmux
expect_out "a ##[fg=red] title"
for i in 1 2 3 4 5 6 7 8; do run advance "$id" --override "closing"; done
run status
expect_rc 0
expect_eq "$(wc -c <"$OUT" | tr -d ' ')" 0

# the hook's records: flushed in order, once; calm-skip left out
run new "Shell"
sh_id=$(cat "$OUT")
dir="$T/spool"
mkdir -p "$dir"
rec() { # SEQ LINE STATUS
	printf '%s\0' calm-hook-1 "$sh_id" "$DB" bash "host:42:1.5" "$1" 1769990400000000 \
		1769990401500000 "$3" /srv "$2" end >"$dir/$1"
}
rec 1 "make deploy" 2
rec 2 "ls # calm-skip" 0
rec 3 "curl -u bob:pw https://x token=abc" 0
rec 4 "calm run -- make test" 0                          # has its own entry
rec 5 "calm   log 'x'" 0
printf 'calm-hook-1\0%s\0half' "$sh_id" >"$dir/6"     # being written
"$CALM" --db "$DB" watch flush "$dir" || fail "flush failed"
ls "$dir" | grep -qx 6 || fail "an unfinished record was taken"
ls "$dir" | grep -qx '[1-5]' && fail "flushed records are still there"
rec 3 "curl -u bob:pw https://x token=abc" 0            # handed over twice
rm "$dir/6"
"$CALM" --db "$DB" watch flush "$dir"
run show "$sh_id" --json
expect_eq "$(jq -r '[.events[] | select(.kind == "shell") | .text] | join("\n")' "$OUT")" \
"\$ make deploy  [exit 2, 1.5s]
\$ curl -u bob:pw https://x token=****  [exit 0, 1.5s]"
expect_eq "$(jq -r '[.events[] | select(.kind == "shell")][0].data | [.cwd, .exit, .seq, .duration_ms] | join(" ")' "$OUT")" \
	"/srv 2 1 1500"
# watch needs the hook
run watch on
expect_rc 64
expect_err "this shell has no calm hook"
run hook fish
expect_rc 64
run hook bash
expect_out "watch flush"
bash -n "$OUT" || fail "the bash snippet does not parse"
run hook zsh
zsh -n "$OUT" 2>/dev/null || ! command -v zsh >/dev/null || fail "the zsh snippet does not parse"

on_pg && pass # the databases below are SQLite files an earlier calm wrote
# a database made by calm before schema 4 (tests/cli/data/schema3.db)
cp "${CALM_SOURCE_DIR:?}/tests/cli/data/schema3.db" "$T/old.db"
rc=0; "$CALM" --db "$T/old.db" verify >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
expect_out "13 events, chain intact"
expect_eq "$(sqlite3 "$T/old.db" 'PRAGMA user_version')" 9
"$CALM" --db "$T/old.db" log 1 "after the upgrade" || fail "cannot log into the upgraded database"
rc=0; "$CALM" --db "$T/old.db" verify >"$OUT" 2>"$ERR" || rc=$?
expect_out "14 events, chain intact"
"$CALM" --db "$T/old.db" show 1 | grep -qF 'first note written by schema 3' || fail "old notes do not show"

# a database made by calm at schema 4, with a seal (tests/cli/data/schema4.db)
cp "$CALM_SOURCE_DIR/tests/cli/data/schema4.db" "$T/old4.db"
chmod 600 "$T/old4.db"
rc=0; "$CALM" --db "$T/old4.db" verify >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
expect_out "6 events, chain intact"
expect_out "seals: 0 good, 1 signer not checked"
expect_eq "$(sqlite3 "$T/old4.db" 'PRAGMA user_version')" 9
CALM_NOW=2026-03-02T00:00:00Z "$CALM" --db "$T/old4.db" log 1 --when "2026-03-01 09:55" "backfilled into an old incident" ||
	fail "cannot backfill into the upgraded database"
rc=0; "$CALM" --db "$T/old4.db" verify >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
expect_out "7 events, chain intact"
"$CALM" --db "$T/old4.db" show 1 --json |
	jq -e '[.events[].text][0:2] == ["backfilled into an old incident", "declared: Schema 4 incident (severity 2)"]' >/dev/null ||
	fail "the backfilled note is not first in the upgraded incident"

# a database made by calm at schema 5 (tests/cli/data/schema5.db): its
# counts are filled in as it upgrades, then kept as events are written
cp "$CALM_SOURCE_DIR/tests/cli/data/schema5.db" "$T/old5.db"
chmod 600 "$T/old5.db"
rc=0; "$CALM" --db "$T/old5.db" verify >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
expect_out "17 events, chain intact"
expect_eq "$(sqlite3 "$T/old5.db" 'PRAGMA user_version')" 9
"$CALM" --db "$T/old5.db" log 1 "after the upgrade to counts" || fail "cannot log into the upgraded database"
expect_eq "$("$CALM" --db "$T/old5.db" list --all --json | jq -c '[.[] | [.id, .events]]')" '[[2,10],[1,8]]'
rc=0; "$CALM" --db "$T/old5.db" verify >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
expect_out "18 events, chain intact"

# a database made by calm at schema 6 (tests/cli/data/schema6.db, two
# incidents, one closed, before events had action ids and roles offers):
# it upgrades in place, its chain verifies, its counts are kept, and a
# role is offered and taken in it
cp "$CALM_SOURCE_DIR/tests/cli/data/schema6.db" "$T/old6.db"
chmod 600 "$T/old6.db"
rc=0; "$CALM" --db "$T/old6.db" verify >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
expect_out "21 events, chain intact"
expect_eq "$(sqlite3 "$T/old6.db" 'PRAGMA user_version')" 9
"$CALM" --db "$T/old6.db" log 1 "after the upgrade to action ids" || fail "cannot log into the upgraded database"
expect_eq "$(sqlite3 "$T/old6.db" "SELECT count(*) FROM events WHERE uid IS NOT NULL")" 1
CALM_AUTHOR=alice "$CALM" --db "$T/old6.db" role 1 scribe bob || fail "cannot offer a role in the upgraded database"
CALM_AUTHOR=bob "$CALM" --db "$T/old6.db" role 1 scribe --accept >/dev/null || fail "cannot take a role in the upgraded database"
expect_eq "$("$CALM" --db "$T/old6.db" list --all --json | jq -c '[.[] | [.id, .status, .events]]')" \
	'[[2,"closed",12],[1,"active",12]]'
rc=0; "$CALM" --db "$T/old6.db" verify >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
expect_out "24 events, chain intact"

# a database made by calm at schema 7 (tests/cli/data/schema7.db, two
# incidents' events interleaved, an amend and a strike naming their notes
# by row id): it upgrades in place, every event keeps the id it was
# written under, the corrections still show, and a correction written
# now names its note by hash as well
cp "$CALM_SOURCE_DIR/tests/cli/data/schema7.db" "$T/old7.db"
chmod 600 "$T/old7.db"
before=$(sqlite3 "$T/old7.db" "SELECT group_concat(id || ':' || hex(hash)) FROM events")
rc=0; "$CALM" --db "$T/old7.db" verify >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
expect_out "14 events, chain intact"
expect_eq "$(sqlite3 "$T/old7.db" 'PRAGMA user_version')" 9
expect_eq "$(sqlite3 "$T/old7.db" "SELECT group_concat(id || ':' || hex(hash)) FROM events")" "$before"
expect_eq "$(sqlite3 "$T/old7.db" "SELECT count(*) FROM events WHERE legacy_id IS NOT id")" 0
"$CALM" --db "$T/old7.db" show 1 >"$OUT" || fail "cannot show the upgraded incident"
expect_out "(amended) second note, amended by schema 7"
expect_out "(struck out: wrong incident) third note, to be struck"
"$CALM" --db "$T/old7.db" amend 4 "first note, amended after the upgrade" >/dev/null ||
	fail "cannot amend in the upgraded database"
expect_eq "$(sqlite3 "$T/old7.db" "SELECT json_extract(data, '$.hash') = lower(hex((SELECT hash FROM events WHERE id = 4)))
	FROM events WHERE kind = 'amend' ORDER BY id DESC LIMIT 1")" 1
expect_eq "$(sqlite3 "$T/old7.db" "SELECT legacy_id IS NULL FROM events ORDER BY id DESC LIMIT 1")" 1
"$CALM" --db "$T/old7.db" show 1 >"$OUT"
expect_out "(amended) first note, amended after the upgrade"
rc=0; "$CALM" --db "$T/old7.db" verify >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
expect_out "15 events, chain intact"
pass
