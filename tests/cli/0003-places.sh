#!/usr/bin/env bash
# Where data lives and who is acting: XDG default path with a 0700
# directory and a 0600 file, CALM_DB, --as over CALM_AUTHOR over the
# login name, and the config file.  On PostgreSQL: --db, CALM_DB and
# the config's db take the server's URI (or service=NAME from a
# pg_service.conf), and a password in any of them is refused before
# anything connects.
. "$(dirname "$0")/lib.sh"

rc=0; "$CALM" new "Default place" >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
[ -f "$XDG_DATA_HOME/calm/calm.db" ] || fail "no database at \$XDG_DATA_HOME/calm/calm.db"
expect_eq "$(stat -c %a "$XDG_DATA_HOME/calm")" 700
expect_eq "$(stat -c %a "$XDG_DATA_HOME/calm/calm.db")" 600

# XDG_DATA_HOME unset: ~/.local/share/calm
rc=0; env -u XDG_DATA_HOME "$CALM" new "Home place" >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
[ -f "$HOME/.local/share/calm/calm.db" ] || fail "no database under ~/.local/share/calm"

# CALM_DB
rc=0; CALM_DB="$T/env.db" "$CALM" new "Env place" >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
[ -f "$T/env.db" ] || fail "CALM_DB not used"

# authors: --as beats CALM_AUTHOR; the first of a pairing list acts
run new "Who"
id=$(cat "$OUT")
run --as "alice,bob" log "$id" "alice speaking"
rc=0; CALM_AUTHOR=carol "$CALM" --db "$DB" log "$id" "carol speaking" >"$OUT" 2>"$ERR" || rc=$?
rc=0; env -u CALM_AUTHOR "$CALM" --db "$DB" log "$id" "login speaking" >"$OUT" 2>"$ERR" || rc=$?
run show "$id" --json
expect_eq "$(jq -r '[.events[] | select(.kind=="note") | .author] | join(",")' "$OUT")" \
	"alice,carol,$(id -un)"
run --as $'bad\033name' log "$id" x
expect_rc 64

# the config file: author and db
mkdir -p "$XDG_CONFIG_HOME/calm"
cat >"$XDG_CONFIG_HOME/calm/config.yaml" <<YAML
author: dana
db: $T/config.db
YAML
rc=0; env -u CALM_AUTHOR "$CALM" new "Configured" >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
[ -f "$T/config.db" ] || fail "config db not used"
expect_eq "$(sqlite3 "$T/config.db" "select author from events")" dana
if on_pg; then
	# the server, named three ways: CALM_DB, the config's db, a service
	rc=0; env -u CALM_AUTHOR CALM_DB="$DB" "$CALM" list --all >"$OUT" 2>"$ERR" || rc=$?
	expect_rc 0
	expect_out "Who"
	printf 'author: dana\ndb: %s\n' "$DB" >"$XDG_CONFIG_HOME/calm/config.yaml"
	rc=0; env -u CALM_AUTHOR "$CALM" log "$id" "through the config" >"$OUT" 2>"$ERR" || rc=$?
	expect_rc 0
	expect_eq "$(sql "SELECT author FROM events WHERE text = 'through the config'")" dana
	printf '[team]\nhost=%s\ndbname=%s\nuser=calm\n' "$PG_DIR" "$PGDB" >"$T/pg_service.conf"
	rc=0; PGSERVICEFILE="$T/pg_service.conf" "$CALM" --db service=team show "$id" >"$OUT" 2>"$ERR" || rc=$?
	expect_rc 0
	expect_out "Who"
	# a password: never in the config, the environment or the command line
	printf 'db: postgresql://calm:hunter2@db.example/calm\n' >"$XDG_CONFIG_HOME/calm/config.yaml"
	rc=0; "$CALM" list >"$OUT" 2>"$ERR" || rc=$?
	expect_rc 78
	expect_err "config.yaml:1:5: 'db' holds a password: keep it in ~/.pgpass, a service file or PGPASSWORD"
	grep -q hunter2 "$ERR" && fail "the password was echoed"
	printf 'db: "postgresql:///calm?host=/x&password=hunter2"\n' >"$XDG_CONFIG_HOME/calm/config.yaml"
	rc=0; "$CALM" list >"$OUT" 2>"$ERR" || rc=$?
	expect_rc 78
	expect_err "config.yaml:1:5: 'db' holds a password"
	grep -q hunter2 "$ERR" && fail "the password was echoed"
	rm "$XDG_CONFIG_HOME/calm/config.yaml"
	for bad in "postgresql://calm:hunter2@%2Fnowhere/calm" "postgres:///calm?password=hunter2"; do
		rc=0; CALM_DB="$bad" "$CALM" list >"$OUT" 2>"$ERR" || rc=$?
		expect_rc 64
		expect_err_line "calm: the database URI holds a password: calm never keeps one; put it in ~/.pgpass, a service file (service=NAME) or PGPASSWORD"
		rc=0; "$CALM" --db "$bad" list >"$OUT" 2>"$ERR" || rc=$?
		expect_rc 64
		expect_err_line "calm: the database URI holds a password: calm never keeps one; put it in ~/.pgpass, a service file (service=NAME) or PGPASSWORD"
	done
	# ... which libpq finds in ~/.pgpass (0600) for a role that needs one
	PWDB=$(pg_uri "$PG_DIR" "$PGDB" pwuser)
	sql "GRANT ALL ON ALL TABLES IN SCHEMA public TO pwuser" >/dev/null
	rc=0; "$CALM" --db "$PWDB" list --all >"$OUT" 2>"$ERR" || rc=$?
	expect_rc 74
	expect_err "the server wants a password: put it in ~/.pgpass, a service file or PGPASSWORD"
	printf '*:*:*:pwuser:calm-test-pw\n' >"$HOME/.pgpass"
	chmod 600 "$HOME/.pgpass"
	rc=0; "$CALM" --db "$PWDB" list --all >"$OUT" 2>"$ERR" || rc=$?
	expect_rc 0
	expect_out "Who"
	rm "$HOME/.pgpass"
	rc=0; PGPASSWORD=calm-test-pw "$CALM" --db "$PWDB" list --all >"$OUT" 2>"$ERR" || rc=$?
	expect_rc 0
	# sslmode and the rest are libpq's to read and honour (TLS is for TCP:
	# this server listens on its socket only)
	rc=0; "$CALM" --db "$DB&sslmode=bogus" list --all >"$OUT" 2>"$ERR" || rc=$?
	expect_rc 64
	expect_err_line 'calm: cannot use the database URI: invalid sslmode value: "bogus"'
	rc=0; "$CALM" --db "$DB&sslmode=require" list --all >"$OUT" 2>"$ERR" || rc=$?
	expect_rc 0
	pass
fi
echo "colour: red" >>"$XDG_CONFIG_HOME/calm/config.yaml"
rc=0; "$CALM" list >"$OUT" 2>"$ERR" || rc=$?
expect_rc 78
expect_err "config.yaml:3:1: "
pass
