#!/usr/bin/env bash
# calm drill from a past incident, without a terminal: what may start a
# drill (a closed incident; the usage and exit codes of every flag), the
# drill kept in its own database ($XDG_DATA_HOME/calm/drills.db) so that
# list, search and stats ignore it unless --drills, an update sent in it
# going only to the drill channel (the config's command channel, which
# would make a file, never runs), --list, --report, --abandon and
# --delete, and the team's database byte for byte as it was before the
# drill once the drill is deleted.
. "$(dirname "$0")/lib.sh"
DRILLS="$XDG_DATA_HOME/calm/drills.db"
mkdir -p "$XDG_CONFIG_HOME/calm"
cat >"$XDG_CONFIG_HOME/calm/config.yaml" <<YAML
channels:
  internal:
    command: [touch, $T/channel-ran]
YAML
chmod 600 "$XDG_CONFIG_HOME/calm/config.yaml"

# the team's database as it stands: a SQLite file's bytes; on a
# server, a digest of every row of every table
team_state() {
	local t
	if on_pg; then
		for t in meta incidents tally checklist fields events comms fixes actions exports \
			search roles offers presence seals; do
			sql "SELECT '$t ' || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), ''))
				FROM $t x"
		done
	else
		sha256sum <"$DB"
	fi
}

# the usage errors, before there is anything to drill
run drill
expect_rc 64
expect_err "an incident id, --scenario FILE or --list is needed"
run drill 1 --list
expect_rc 64
expect_err "give one of ID, --scenario, --list"
run drill --report 1 --delete 1
expect_rc 64
run drill 1 --json
expect_rc 64
expect_err "--json goes with --list or --report"
run drill --list --speed 5
expect_rc 64
run drill --list
expect_rc 0
[ ! -s "$OUT" ] || fail "drills listed from nothing"
run drill --list --json
expect_eq "$(cat "$OUT")" "[]"
run drill 7
if on_pg; then # the server's database is there, its schema not yet made
	expect_rc 65
	expect_err "has schema version 0 and needs upgrading"
else
	expect_rc 74
	expect_err "cannot open database"
fi

# the past incident: declared 10:00, two notes, a fix that worked
at() { CALM_NOW="2026-03-02T$1Z" run "${@:2}"; expect_rc 0; }
at 10:00:00 new "Checkout fails for some customers" --severity 2
at 10:05:00 log 1 "error rate on checkout at 5 percent"
run drill 7
expect_rc 66
expect_err "no incident 7"
run drill 1
expect_rc 64
expect_err "calm: incident 1 is still active: a drill replays a closed incident"
at 10:20:00 log 1 "payment pods report pool exhausted"
at 10:30:00 fix 1 "roll back release 42"
at 10:31:00 outcome 1 1 worked "errors gone"
for i in 1 2 3 4 5 6 7 8; do
	CALM_NOW=2026-03-02T11:00:00Z "$CALM" --db "$DB" advance 1 --override "closing" >/dev/null 2>&1
done
before=$(team_state)
lines=1
on_pg && lines=15 # one digest a table
[ "$(printf "%s\n" "$before" | grep -c .)" -eq "$lines" ] || fail "the team's database gave no state"
run drill 1 --speed 0
expect_rc 64
expect_err "--speed must be 1 to 100000, not '0'"
run drill 1 --speed fast
expect_rc 64
run drill 1 --speed 100001
expect_rc 64

# the drill: started and its id printed, in the drill database only
run drill 1 --speed 60
expect_rc 0
expect_out "drill 1 started at 60x ('calm drill --open 1' on a terminal)"
[ -f "$DRILLS" ] || fail "no drill database"
[ "$(stat -c %a "$DRILLS")" = 600 ] || fail "drill database is not 0600"
[ "$(team_state)" = "$before" ] || fail "starting a drill changed the team's database"
run drill --list
expect_rc 0
expect_out "STATUS"
expect_out "running"
expect_out "incident 1: Checkout fails for some customers"
run drill --list --json
expect_eq "$(jq -c '.[0] | [.id, .status, .speed, .source, .observations, .delivered, .of]' "$OUT")" \
	'[1,"running",60,"incident 1",2,0,7]'

# list, search and stats ignore drills; --drills shows them
run list --all --json
expect_eq "$(jq length "$OUT")" 1
run list --drills --json
expect_eq "$(jq -c '[.[] | .title]' "$OUT")" '["Checkout fails for some customers"]'
run search checkout
expect_rc 0
expect_out "1  #"
run search --drills --json checkout
expect_rc 0
expect_eq "$(jq -c '[.[] | .incident] | unique' "$OUT")" '[1]'
run stats --json
expect_eq "$(jq -c '[.incidents, .closed]' "$OUT")" '[1,1]'
run stats --drills --json
expect_eq "$(jq -c '[.incidents, .active]' "$OUT")" '[1,1]'

# an update sent in the drill goes to the drill channel only
printf 'Checkout fails for some customers; looking.\n' |
	"$CALM" --db "$DRILLS" draft 1 internal - >/dev/null || fail "draft in the drill"
rc=0
"$CALM" --db "$DRILLS" send 1 internal >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 0
[ ! -e "$T/channel-ran" ] || fail "the config's command channel ran for a drill"
expect_eq "$(sqlite3 "$DRILLS" "select channel from comms where sent_ms is not null")" drill
expect_eq "$(sqlite3 "$DRILLS" "select text from events where kind = 'sent'")" \
	"internal update sent via drill (rev 1)"
# the same on the team's database runs the command: the test can fail
printf 'x\n' | CALM_NOW=2026-03-02T12:00:00Z "$CALM" --db "$T/other.db" new "other" >/dev/null
printf 'update\n' | "$CALM" --db "$T/other.db" draft 1 internal - >/dev/null
"$CALM" --db "$T/other.db" send 1 internal >/dev/null 2>&1 || fail "team send"
[ -e "$T/channel-ran" ] || fail "the command channel never runs: the check above proves nothing"
rm -f "$T/channel-ran"

# the report, as text and JSON
run drill --report 1
expect_rc 0
expect_out "drill 1: Checkout fails for some customers"
expect_out "incident 1 at 60x, running"
expect_out "drill score:"
expect_out "first internal update  sent at"
expect_out "gates"
run drill --report 1 --json
expect_rc 0
expect_eq "$(jq -c '[.drill, .status, .score.of, (.score.items | length), .score.items[0].item, (.score.items[0].drill_ms >= 0)]' "$OUT")" \
	'[1,"running",7,7,"first_internal",true]'
run drill --report 9
expect_rc 66
expect_err "calm: no drill 9"
run drill --report x
expect_rc 64
expect_err "'x' is not a drill id"

# abandon: kept, marked; once
run drill --abandon 1
expect_rc 0
expect_out "drill 1 abandoned"
run drill --abandon 1
expect_rc 64
expect_err "drill 1 is already abandoned"
run drill --list
expect_out "abandoned"
expect_eq "$(sqlite3 "$DRILLS" "select text from events where kind = 'drill' order by id desc limit 1")" \
	"drill abandoned at 0s of drill time"
run drill --open 9
expect_rc 66

# a second drill, then delete the first whole
run drill 1
expect_rc 0
expect_out "drill 2 started at 10x"
run drill --delete 1
expect_rc 0
expect_out "drill 1 deleted"
run drill --delete 1
expect_rc 66
for t in incidents events checklist fields comms fixes drill drill_obs drill_fix; do
	col=incident_id
	[ "$t" = incidents ] && col=id
	expect_eq "$(sqlite3 "$DRILLS" "select count(*) from $t where $col = 1")" 0
done
expect_eq "$(sqlite3 "$DRILLS" "select count(*) from search where incident = 1")" 0
expect_eq "$(sqlite3 "$DRILLS" "pragma integrity_check")" ok
# the counts kept per status and severity are the incidents left
tally_rows() {
	sqlite3 "$DRILLS" "select status, severity, n from tally where n != 0 order by 1, 2"
}
incident_rows() {
	sqlite3 "$DRILLS" "select status, severity, count(*) from incidents group by 1, 2 order by 1, 2"
}
expect_eq "$(tally_rows)" "$(incident_rows)"
run drill --list --json
expect_eq "$(jq length "$OUT")" 1
# the timeline is append-only again once the drill is gone
sqlite3 "$DRILLS" "delete from events where incident_id = 2" 2>"$ERR" && fail "events deletable"
expect_err "the timeline is append-only"
run drill --list --json
expect_eq "$(jq -c '[.[] | .id]' "$OUT")" '[2]'
run drill --delete 2
expect_rc 0
expect_eq "$(tally_rows)" ""
[ "$(team_state)" = "$before" ] || fail "the team's database changed"
run verify
expect_rc 0

# the team's database is never the drill database, and a calm database
# with incidents of its own is never made one
rc=0
"$CALM" --db "$DRILLS" drill 1 >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 64
expect_err "the team's database is at"
on_pg && pass # below, a copy of the team's database file
rm -f "$DRILLS" "$DRILLS-wal" "$DRILLS-shm"
cp "$DB" "$DRILLS"
run drill 1
expect_rc 64
expect_err "is not a drill database (drills are never kept in a team's)"
pass
