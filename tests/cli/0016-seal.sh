#!/usr/bin/env bash
# Scope: tamper evidence worth the name.
#  - A table the events do not hold is recomputed from them: the
#    reproduction `UPDATE fields SET value='bob was careless'` (and a
#    checklist tick, a draft's text, a fix attempt, an action item, a
#    role, an export, the incident's title) is named by verify, exit 65.
#  - Seals: `calm seal ID` signs the chain head with an SSH key
#    (ssh-keygen -Y sign -n calm); verify checks it against
#    $XDG_CONFIG_HOME/calm/allowed_signers, and says so when that file is
#    missing.  The reproduction: someone drops the triggers, changes a
#    note and recomputes the whole chain; without a seal verify cannot
#    tell, with one it fails; re-signing with their own key fails too
#    unless that key is listed; a seal row edited to the new head fails.
#  - Closing seals when a key needs no passphrase; otherwise it says how.
#  - The JSON and Markdown exports carry the seals.
#  - A database from before seals and digests (schema 3) migrates and
#    verifies, saying what it cannot cover (a SQLite file).
# On PostgreSQL the copies are databases made from the test's, and the
# editor is its superuser with the triggers switched off.
. "$(dirname "$0")/lib.sh"
command -v ssh-keygen >/dev/null || { echo "SKIP: ssh-keygen not installed (openssh-client)"; exit 77; }

mkdir -p "$HOME/.ssh" "$XDG_CONFIG_HOME/calm"
ssh-keygen -q -t ed25519 -N '' -C tester -f "$HOME/.ssh/id_ed25519" || fail "keygen"
ssh-keygen -q -t ed25519 -N '' -C forger -f "$T/forger" || fail "keygen"
ssh-keygen -q -t ed25519 -N 'secret' -C locked -f "$T/locked" || fail "keygen"
export CALM_NOW=2026-03-01T10:00:00Z

# the incident, written the same way twice: A is the real one, B has
# one note changed (a forger's database with its chain recomputed)
build() { # DB NOTE
	local db=$1
	"$CALM" --db "$db" new "Payments down" --severity 2 >/dev/null &&
	"$CALM" --db "$db" log 1 "$2" &&
	"$CALM" --db "$db" set 1 cause "config push" &&
	"$CALM" --db "$db" check 1 what-broken &&
	"$CALM" --db "$db" role 1 scribe alice && # offered, then taken by alice
	"$CALM" --db "$db" --as alice role 1 scribe --accept >/dev/null &&
	printf 'EU card payments fail\n' | "$CALM" --db "$db" draft 1 internal - >/dev/null &&
	"$CALM" --db "$db" fix 1 "rolled back v42" --why "errors began with v42" >/dev/null &&
	"$CALM" --db "$db" action 1 "Alert on error rate" --owner dana >/dev/null &&
	"$CALM" --db "$db" export 1 --allow-missing -o "$T/pm-$(basename "$db").md" >/dev/null
}
build "$DB" "bob restarted the pool at 10:02" || fail "build A"
run verify
expect_rc 0
expect_out "chain intact"

# every table recomputed: each edit behind calm's back is named
n_tamper=0
tamper() { # WHAT SQL EXPECT
	local t
	n_tamper=$((n_tamper + 1))
	t=$(db_copy "t$n_tamper")
	if on_pg; then
		sql_on "$t" "SET session_replication_role = replica; $2" >/dev/null || fail "sql: $2"
	else
		sqlite3 "$t" "$2" || fail "sql: $2"
	fi
	rc=0; "$CALM" --db "$t" verify >"$OUT" 2>"$ERR" </dev/null || rc=$?
	expect_rc 65
	expect_out "$3"
	expect_err "differ"
}
tamper fields "UPDATE fields SET value='bob was careless' WHERE name='cause'" \
	"fields 'cause': value is 'bob was careless', the timeline says 'config push'"
tamper checklist "UPDATE checklist SET checked=0 WHERE item_id='what-broken'" \
	"checklist 'what-broken': is unticked, the timeline says ticked"
tamper checklist-text "UPDATE checklist SET text='nothing to see' WHERE item_id='who-sees-it'" \
	"checklist: its items are not the ones it was declared with"
tamper draft "UPDATE comms SET text='all fine'" \
	"drafts internal rev 1: the text is not the text that was saved"
tamper fix "UPDATE fixes SET what='nothing'" \
	"fix attempts #1: what is 'nothing', the timeline says 'rolled back v42'"
tamper action "UPDATE actions SET owner='bob'" \
	"action items #1: owner is 'bob', the timeline says 'dana'"
tamper role "UPDATE roles SET person='mallory'" \
	"roles 'scribe': holder is 'mallory', the timeline says 'alice'"
tamper export "DELETE FROM exports" "exports: 1 row the timeline made is missing"
tamper title "UPDATE incidents SET title='Nothing happened'" \
	"incident 1: title is 'Nothing happened', the timeline says 'Payments down'"

# seal it; without an allowed-signers file the signer is not checked
run seal 1
expect_rc 0
expect_out "incident 1: sealed at event "
expect_out "ED25519 SHA256:"
run verify
expect_rc 0
expect_out "seals: 0 good, 1 signer not checked"
expect_out "signer not checked: no allowed-signers file"
printf 'tester namespaces="calm" %s\n' "$(cat "$HOME/.ssh/id_ed25519.pub")" \
	>"$XDG_CONFIG_HOME/calm/allowed_signers"
run verify
expect_rc 0
expect_out "seals: 1 good, 0 signer not checked"

# the forger's database: same incident, one note changed, every hash
# recomputed (built by calm itself), the database id and seal copied
B=$(db_new b)
build "$B" "the pool restarted itself at 10:02" || fail "build B"
forge() {
	if on_pg; then
		sql_on "$B" "$(sql "SELECT 'UPDATE meta SET value = ' || quote_literal(value) ||
			' WHERE key = ''id''; DELETE FROM seals; ' || (SELECT string_agg(format(
			'INSERT INTO seals VALUES (%s, %s, %s, %s, %L::bytea, %s, %L, %L, %L)', id,
			incident_id, event_id, events, head, signed_ms, author, key, signature), '; ')
			FROM seals) FROM meta WHERE key = 'id'")" >/dev/null || fail "forge"
	else
		sqlite3 "$B" "ATTACH '$DB' AS a; UPDATE meta SET value = (SELECT value FROM a.meta WHERE key='id');
			DELETE FROM seals; INSERT INTO seals SELECT * FROM a.seals;" || fail "forge"
	fi
}
forge
rc=0; "$CALM" --db "$B" verify >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 65
expect_err "seal 1: the chain is not the one that was signed (rewritten after it was sealed)"
# ... the seal's head edited to the new chain: the signature says no
sql_on "$B" "UPDATE seals SET head = (SELECT e.hash FROM events e, incidents i
	WHERE i.id = 1 AND e.id = i.last_event)" >/dev/null || fail "sql"
rc=0; "$CALM" --db "$B" verify >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 65
expect_err "seal 1: the signature is not over this chain head"
# ... re-signed with the forger's own key: not a listed signer
sql_on "$B" "DELETE FROM seals" >/dev/null || fail "sql"
rc=0; "$CALM" --db "$B" seal 1 --key "$T/forger" >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 0
rc=0; "$CALM" --db "$B" verify >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 65
expect_err "a key not in $XDG_CONFIG_HOME/calm/allowed_signers"
# ... without any seal the recomputed chain passes: what a seal is for
sql_on "$B" "DELETE FROM seals" >/dev/null || fail "sql"
rc=0; "$CALM" --db "$B" verify >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 0

# the exports carry the seal
run export 1 --format json
expect_rc 0
[ "$(jq '.chain.seals | length' "$OUT")" = 1 ] || fail "JSON export has no seal"
jq -e '.chain.seals[0].signature | startswith("-----BEGIN SSH SIGNATURE-----")' "$OUT" >/dev/null ||
	fail "JSON export: no signature"
jq -e '.chain.database | length == 32' "$OUT" >/dev/null || fail "JSON export: no database id"
run export 1
expect_out "<!-- calm seal: incident 1, event "
expect_out "-----BEGIN SSH SIGNATURE-----"

# closing seals with a key that needs no passphrase...
"$CALM" --db "$DB" new "Second" >/dev/null || fail "declare"
for i in 1 2 3 4 5 6 7; do run advance 2 --override "test $i"; done
run advance 2 --override "close"
expect_rc 0
expect_out "incident 2 closed"
expect_out "incident 2 sealed by ED25519 SHA256:"
# ... and says how when the only key needs one (never asks)
"$CALM" --db "$DB" new "Third" >/dev/null || fail "declare"
printf 'seal_key: %s\n' "$T/locked" >"$T/cfg.yaml"
for i in 1 2 3 4 5 6 7; do "$CALM" --db "$DB" advance 3 --override "t $i" >/dev/null || fail "advance"; done
rc=0; "$CALM" --db "$DB" --config "$T/cfg.yaml" advance 3 --override close >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 0
expect_out "incident 3 closed"
expect_err "calm: not sealed: run calm seal 3 (the key '$T/locked' needs a passphrase"
run verify
expect_rc 0
expect_out "seals: 2 good"

on_pg && pass
# a schema-3 database (before digests and seals) migrates and verifies
cp "$CALM_SOURCE_DIR/tests/cli/data/schema3.db" "$T/old.db" || fail "no schema-3 fixture"
chmod 600 "$T/old.db"
rc=0; "$CALM" --db "$T/old.db" verify >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 0
expect_out "13 events, chain intact"
expect_out "note: incident 1: declared before calm recorded a checklist's digest"
[ "$(sqlite3 "$T/old.db" 'pragma user_version')" = 9 ] || fail "not migrated"
rc=0; "$CALM" --db "$T/old.db" log 1 "after the migration" >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 0
rc=0; "$CALM" --db "$T/old.db" seal 1 >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 0
rc=0; "$CALM" --db "$T/old.db" verify >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 0
expect_out "seals: 1 good"
sqlite3 "$T/old.db" "UPDATE fields SET value='bob was careless' WHERE name='impact'"
rc=0; "$CALM" --db "$T/old.db" verify >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 65
expect_out "fields 'impact': value is 'bob was careless'"
pass
