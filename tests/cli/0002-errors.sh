#!/usr/bin/env bash
# Bad input of every kind gets one clear line on stderr and its
# documented exit status, and nothing is written that should not be.
. "$(dirname "$0")/lib.sh"

# --version, --help, help for every command
run --version
expect_rc 0
grep -qE '^calm [0-9]+\.[0-9]+\.[0-9]+$' "$OUT" || fail "--version is not 'calm X.Y.Z'"
run --help
expect_rc 0
expect_out "usage: calm"
for cmd in new list show log check set advance back verify open help; do
	run "$cmd" --help
	expect_rc 0
	expect_out "usage: calm $cmd"
done

# usage errors: exit 64, one line
run frobnicate
expect_rc 64
expect_err_line "calm: unknown command 'frobnicate' (see 'calm --help')"
run s
expect_rc 64
expect_err_line "calm: ambiguous command 's': show, set, send, search, stats, seal, strike, status, sync"
run adv --help            # a unique prefix works
expect_rc 0
expect_out "usage: calm advance"
run --bogus
expect_rc 64
run new
expect_rc 64
expect_err "a title is needed"
run new "x" --severity 7
expect_rc 64
run new "x" --colour red
expect_rc 64
expect_err "unknown option '--colour'"
run new "   "
expect_rc 64
expect_err_line "calm: title is empty"
run new $'two\nlines'
expect_rc 65
run show 99
expect_rc 66
expect_err_line "calm: no incident 99"
run show abc
expect_rc 64

# log with no id: none active, then exactly one, then two
run log "nothing to log to"
expect_rc 64
expect_err "no active incident"
run new "Search is slow"
id=$(cat "$OUT")
run log "one active: goes to it"
expect_rc 0
run new "Mail bounces"
run log "two active"
expect_rc 64
expect_err "2 incidents are active"
run log "$id" "named"
expect_rc 0
# any bytes are kept (they were once refused with 65): only size refuses
run log "$id" $'bad \xff utf-8'
expect_rc 0
run show "$id" --json
expect_eq "$(jq -r '.events[-1].text_b64' "$OUT" | base64 -d | od -An -tx1 | tr -d ' \n')" \
	"$(printf 'bad \xff utf-8' | od -An -tx1 | tr -d ' \n')"
head -c 1048577 /dev/zero | tr '\0' x >"$T/big"
rc=0; "$CALM" --db "$DB" log "$id" - <"$T/big" >"$OUT" 2>"$ERR" || rc=$?
expect_rc 65
expect_err_line "calm: note is 1048577 bytes: the limit is 1048576 (1 MiB)"

# hostile text is stored exactly and shown inert
run_in $'x\033[31mRED\033]0;pwned\007\rOK' log "$id" -
expect_rc 0
run show "$id"
expect_rc 0
grep -q $'\033' "$OUT" && fail "show printed a raw ESC"
grep -q $'\r' "$OUT" && fail "show printed a raw CR"
expect_out 'x^[[31mRED^[]0;pwned^G^MOK'
run show "$id" --json
expect_eq "$(jq -r '.events[-1].text' "$OUT")" $'x\033[31mRED\033]0;pwned\007\rOK'

# a bad playbook: file:line:col, exit 78
cat >"$T/bad.yaml" <<'YAML'
name: bad
stages:
  - id: one
    titel: One
YAML
run --playbook "$T/bad.yaml" new "x"
expect_rc 78
expect_err "$T/bad.yaml:4:5: "
run --playbook "$T/missing.yaml" new "x"
expect_rc 78
expect_err "missing.yaml"

# tamper with the timeline behind calm's back: verify names the event
run verify
expect_rc 0
bad=$(sql "select max(id) from events where kind='note'")
sql "update events set text='nothing happened' where id=$bad" 2>/dev/null &&
	fail "the events table let an UPDATE through"
# a determined editor drops the guards first: the chain still tells
sql_unguarded "update events set text='nothing happened' where id=$bad"
run verify
expect_rc 65
expect_err "event $bad"
sql_unguarded "delete from events where id=$bad"   # hide the edit: still caught
run verify "$id"
expect_rc 65

# busy: another process holds the write lock (PostgreSQL: incident 2's
# row) past the timeout
if on_pg; then
	(echo "BEGIN; SELECT id FROM incidents WHERE id = 2 FOR UPDATE;"; sleep 3; echo "COMMIT;") |
		"$PG_BIN/psql" -X -q -h "$PG_DIR" -U postgres -d "$PGDB" >/dev/null &
else
	(echo "BEGIN IMMEDIATE;"; sleep 3; echo "COMMIT;") | sqlite3 "$DB" &
fi
holder=$!
sleep 0.5
rc=0
CALM_BUSY_TIMEOUT_MS=300 "$CALM" --db "$DB" log 2 "while locked" >"$OUT" 2>"$ERR" || rc=$?
expect_rc 75
[ "$(wc -l <"$ERR")" -eq 1 ] || fail "busy message is not one line"
expect_err "busy"
wait $holder
expect_eq "$(sql "select count(*) from events where text='while locked'")" 0

if on_pg; then # a newer schema is refused, nothing written
	sql "UPDATE meta SET value = '99' WHERE key = 'schema'"
	for c in "show 1" "log 1 hello" list "verify" "review 1"; do
		rc=0; "$CALM" --db "$DB" $c >"$OUT" 2>"$ERR" </dev/null || rc=$?
		expect_rc 65
		expect_err "schema version 99"
	done
	expect_eq "$(sql "SELECT count(*) FROM events WHERE text = 'hello'")" 0
	pass
fi

# a newer schema is refused and the file is left as it was
cp "$DB" "$T/newer.db"
rm -f "$T/newer.db-wal" "$T/newer.db-shm"
sqlite3 "$T/newer.db" "pragma user_version=99"
sum=$(sha256sum <"$T/newer.db")
rc=0; "$CALM" --db "$T/newer.db" list >"$OUT" 2>"$ERR" || rc=$?
expect_rc 65
expect_err "schema version 99"
expect_eq "$(sha256sum <"$T/newer.db")" "$sum"
# ... also when the newer version sits in the -wal (a newer calm still
# has it open): show, log and list read the version without writing,
# so no checkpoint, no -wal or -shm removed, every byte as it was
rm -f "$T/newer.db"
cp "$DB" "$T/newer.db"
rm -f "$T/newer.db-wal" "$T/newer.db-shm"
sqlite3 "$T/newer.db" ".dbconfig no_ckpt_on_close on" "pragma user_version=99" >/dev/null
[ -s "$T/newer.db-wal" ] || fail "setup: the -wal should hold the new version"
sums() { (cd "$T" && ls newer.db* && sha256sum newer.db*); }
before=$(sums)
for c in "show 1" "log 1 hello" list "verify" "review 1"; do
	rc=0; "$CALM" --db "$T/newer.db" $c >"$OUT" 2>"$ERR" </dev/null || rc=$?
	expect_rc 65
	expect_err "schema version 99"
	expect_eq "$(sums)" "$before"
done

# not a database; a directory; a missing directory
head -c 4096 /dev/urandom >"$T/junk.db"
rc=0; "$CALM" --db "$T/junk.db" list >"$OUT" 2>"$ERR" || rc=$?
expect_rc 65
[ "$(wc -l <"$ERR")" -eq 1 ] || fail "junk db message is not one line"
rc=0; "$CALM" --db "$T" list >"$OUT" 2>"$ERR" || rc=$?
expect_rc 74
rc=0; "$CALM" --db "$T/no/such/dir/calm.db" list >"$OUT" 2>"$ERR" || rc=$?
expect_rc 74
pass
