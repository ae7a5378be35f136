#!/usr/bin/env bash
# Moving an incident between stores.  calm push copies a local incident
# with its whole chain to the team's store ($DB: the server on the
# PostgreSQL run, a file on the SQLite run), where it gets the next
# number and verifies: incidents written before schema 8 (the fixtures:
# version 1 hashes, corrections naming notes by row id) and after.
# Pushing twice copies nothing.  calm pull makes a read-only local copy
# (the default database, or --db PATH) that review reads and every write
# refuses.  Bad and unreachable URIs, and hostile text, inert.
. "$(dirname "$0")/lib.sh"

# at PATH ARGS...: calm on another database; status in $rc
at() {
	local db=$1; shift
	rc=0
	"$CALM" --db "$db" "$@" >"$OUT" 2>"$ERR" </dev/null || rc=$?
}

# hashes_on DB ID: the incident's event hashes in the order written
hashes_on() {
	if on_pg && [ "$1" = "$DB" ]; then
		sql "SELECT encode(hash, 'hex') FROM events WHERE incident_id = $2 ORDER BY id"
	else
		sqlite3 "$1" "SELECT lower(hex(hash)) FROM events WHERE incident_id = $2 ORDER BY id"
	fi
}

# the team's store has an incident of its own: a pushed one gets 2, 3...
run new "The team's own incident"
expect_rc 0

# 1. an incident written by calm at schema 7, two incidents' events
# interleaved, its amend and strike naming notes by their row ids there
cp "$CALM_SOURCE_DIR/tests/cli/data/schema7.db" "$T/old7.db"
chmod 600 "$T/old7.db"
at "$T/old7.db" push 1 --to "$DB"
expect_rc 0
expect_out "incident 1 pushed to "
expect_out " as incident 2 (chain verified there)"
expect_eq "$(hashes_on "$DB" 2)" "$(hashes_on "$T/old7.db" 1)"
run verify 2
expect_rc 0
expect_out "incident 2: 11 events, chain intact"
run show 2
expect_out "(amended) second note, amended by schema 7"
expect_out "(struck out: wrong incident) third note, to be struck"
expect_out "fix attempt 1 worked: errors gone"
run show 2 --json
amended=$(jq -r '.events[] | select(.text == "second note, to be amended") | .id' "$OUT")
struck=$(jq -r '.events[] | select(.text == "third note, to be struck") | .id' "$OUT")
expect_eq "$(jq -r --argjson a "$amended" '.events[] | select(.id == $a) | .amended_by | length' "$OUT")" 1
expect_eq "$(jq -r --argjson s "$struck" '.events[] | select(.id == $s) | .struck_by | length' "$OUT")" 1
run show 2
expect_out "[amend] event $amended: second note, amended by schema 7"
# the fixture's own ids were 6 and 7: here they are others
[ "$amended" != 6 ] || fail "the copied note kept its row id: the test proves nothing"

# 2. an incident written before schema 5 (version 1 hashes cover the
# number it had there, 1; here it is 3)
cp "$CALM_SOURCE_DIR/tests/cli/data/schema3.db" "$T/old3.db"
chmod 600 "$T/old3.db"
at "$T/old3.db" push 1 --to "$DB"
expect_rc 0
expect_out " as incident 3 "
run verify 3
expect_rc 0
expect_out "incident 3: 11 events, chain intact"

# 3. an incident written now: a correction by hash, a fix, an item, a
# draft, a hostile title
at "$T/new.db" new $'Payments \e[2J\e]0;pwned\a down' --severity 2
expect_rc 0
at "$T/new.db" log 1 "first look: 5xx from the payments API"
at "$T/new.db" log 1 "a typo'd note"
note=$(sqlite3 "$T/new.db" "SELECT id FROM events WHERE text = 'a typo''d note'")
at "$T/new.db" amend "$note" "a corrected note"
expect_rc 0
at "$T/new.db" fix 1 "roll back deploy 41"
at "$T/new.db" outcome 1 1 worked
at "$T/new.db" action 1 "alert on payment 5xx" --owner bob
printf 'Payments are failing; rolled back.\n' | "$CALM" --db "$T/new.db" draft 1 internal - >/dev/null ||
	fail "cannot save a draft"
at "$T/new.db" push 1 --to "$DB"
expect_rc 0
expect_out " as incident 4 (chain verified there)"
[ "$(grep -c $'\e' "$OUT")" = 0 ] || fail "push printed an escape"
expect_eq "$(hashes_on "$DB" 4)" "$(hashes_on "$T/new.db" 1)"
run show 4
expect_rc 0
[ "$(grep -c $'\e' "$OUT")" = 0 ] || fail "the hostile title reached the terminal raw"
expect_out "(amended) a corrected note"
expect_out "action item 1: alert on payment 5xx"
run draft 4 internal
expect_out "Payments are failing; rolled back."
# the incident lives on there: written to, corrected, still verifying
run log 4 "written on the server"
expect_rc 0
copied=$(sql "SELECT id FROM events WHERE incident_id = 4 AND text = 'first look: 5xx from the payments API'")
run amend "$copied" "first look: 5xx from the payments API (all regions)"
expect_rc 0
run show 4
expect_out "(amended) first look: 5xx from the payments API (all regions)"
run outcome 4 1 partial "only one region"
expect_rc 0
run verify
expect_rc 0
expect_out "chain intact"

# pushing it again copies nothing: the uuid says it is there
at "$T/new.db" push 1 --to "$DB"
expect_rc 65
expect_err "incident 1 is already in "
expect_err " as incident 4 (the same uuid): not copied again"
expect_eq "$(sql "SELECT count(*) FROM incidents")" 4

# 4. pull into the default database: a read-only copy for the plane
rc=0; "$CALM" pull 4 --from "$DB" >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
expect_out "incident 4 of "
expect_out " as incident 1, read-only (chain verified)"
default="$XDG_DATA_HOME/calm/calm.db"
[ -f "$default" ] || fail "the default database was not made"
expect_eq "$(hashes_on "$default" 1)" "$(hashes_on "$DB" 4)"
rc=0; "$CALM" verify 1 >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
expect_out "incident 1: 11 events, chain intact"
rc=0; "$CALM" show 1 >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
expect_out "(amended) first look: 5xx from the payments API (all regions)"
expect_out "read-only copy of incident 4 of $DB (calm pull): change it where it lives"
# review reads it; every write is refused with one line, exit 77
rc=0; "$CALM" review 1 >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 0
for w in "log 1 a-note" "set 1 impact everything" "fix 1 restart" "advance 1" "check 1 sev" \
	"action 1 x"; do
	rc=0; "$CALM" $w >"$OUT" 2>"$ERR" </dev/null || rc=$?
	expect_rc 77
	expect_err_line "calm: incident 1 is a read-only copy of incident 4 of $DB: change it where it lives"
done
rc=0; "$CALM" amend "$(sqlite3 "$default" "SELECT min(id) FROM events WHERE kind = 'note'")" x \
	>"$OUT" 2>"$ERR" || rc=$?
expect_rc 77
expect_eq "$(sqlite3 "$default" "SELECT count(*) FROM events")" 11
# not pushed on from here (it would fork the incident), not pulled twice
rc=0; "$CALM" push 1 --to "$T/elsewhere.db" >"$OUT" 2>"$ERR" || rc=$?
expect_rc 77
expect_err "is a read-only copy of incident 4 of "
rc=0; "$CALM" pull 4 --from "$DB" >"$OUT" 2>"$ERR" || rc=$?
expect_rc 65
expect_err " as incident 1 (the same uuid): not copied again"

# 5. pull with --db: that file, made when missing
rc=0; "$CALM" pull 2 --from "$DB" --db "$T/plane.db" >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
expect_out " as incident 1, read-only (chain verified)"
at "$T/plane.db" verify
expect_rc 0
expect_out "11 events, chain intact"
at "$T/plane.db" show 1
expect_out "(amended) second note, amended by schema 7"
at "$T/plane.db" log 1 "on the plane"
expect_rc 77
rc=0; "$CALM" pull 99 --from "$DB" --db "$T/plane.db" >"$OUT" 2>"$ERR" || rc=$?
expect_rc 66
expect_err_line "calm: no incident 99"

# 6. usage, bad and unreachable URIs: one line each, nothing written
at "$T/new.db" push 1
expect_rc 64
at "$T/new.db" push 7 --to "$DB"
expect_rc 66
at "$T/new.db" push 1 --to "postgresql:///calm?host=$T/no-such-dir"
expect_rc 69
expect_err "server unreachable"
[ "$(wc -l <"$ERR")" = 1 ] || fail "more than one line for an unreachable server"
at "$T/new.db" push 1 --to "postgresql://%zz/"
expect_rc 64
expect_err_line 'calm: cannot read the database URI: invalid percent-encoded token: "%zz"'
rc=0; "$CALM" pull 1 --from "postgresql:///calm?host=$T/no-such-dir" --db "$T/p2.db" \
	>"$OUT" 2>"$ERR" || rc=$?
expect_rc 69
# a hostile target path is shown inert
at "$T/new.db" push 1 --to "$T/"$'\e[31mred.db'
expect_rc 0
[ "$(grep -c $'\e' "$OUT")" = 0 ] || fail "the target path reached the terminal raw"
expect_out '^[[31mred.db as incident 1 (chain verified there)'
# and a copy pulled from it says where it came from, inert
rc=0; "$CALM" pull 1 --from "$T/"$'\e[31mred.db' --db "$T/red-copy.db" >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
[ "$(cat "$OUT" "$ERR" | grep -c $'\e')" = 0 ] || fail "pull printed an escape"
expect_out '^[[31mred.db pulled into '
at "$T/red-copy.db" show 1
expect_out '^[[31mred.db (calm pull): change it where it lives'
[ "$(grep -c $'\e' "$OUT")" = 0 ] || fail "where a copy came from reached the terminal raw"
at "$T/red-copy.db" log 1 "x"
expect_rc 77
[ "$(grep -c $'\e' "$ERR")" = 0 ] || fail "the refusal printed an escape"
expect_err '^[[31mred.db: change it where it lives'

# 7. a password in the server's URI is refused, never kept with the copy
if on_pg; then
	rc=0; "$CALM" pull 3 --from "$DB&password=s3cret" --db "$T/pw.db" >"$OUT" 2>"$ERR" || rc=$?
	expect_rc 64
	expect_err "holds a password"
	[ ! -s "$T/pw.db" ] || ! sqlite3 "$T/pw.db" "SELECT copy_of FROM incidents" | grep -q s3cret ||
		fail "the password was kept with the copy"
fi
# 8. a seal made here checks there: its signed message names this
# database, the incident's number and event here
if command -v ssh-keygen >/dev/null; then
	mkdir -p "$HOME/.ssh" "$XDG_CONFIG_HOME/calm"
	ssh-keygen -q -t ed25519 -N '' -C tester -f "$HOME/.ssh/id_ed25519" || fail "keygen"
	at "$T/sealed.db" new "Sealed before it moved"
	at "$T/sealed.db" log 1 "a note under the seal"
	at "$T/sealed.db" seal 1 --key "$HOME/.ssh/id_ed25519"
	expect_rc 0
	at "$T/sealed.db" push 1 --to "$DB"
	expect_rc 0
	id=$(sed -n 's/.* as incident \([0-9]*\) .*/\1/p' "$OUT")
	run verify "$id"
	expect_rc 0
	expect_out "seals: 0 good, 1 signer not checked"
	printf 'tester namespaces="calm" %s\n' "$(cut -d' ' -f1-2 "$HOME/.ssh/id_ed25519.pub")" \
		>"$XDG_CONFIG_HOME/calm/allowed_signers"
	run verify "$id"
	expect_rc 0
	expect_out "seals: 1 good"
	rm "$XDG_CONFIG_HOME/calm/allowed_signers"
	# a read-only copy is not sealed
	rc=0; "$CALM" seal 1 --key "$HOME/.ssh/id_ed25519" >"$OUT" 2>"$ERR" || rc=$?
	expect_rc 77
	expect_err "is a read-only copy of incident 4 of "
fi
integrity_ok
pass
