#!/usr/bin/env bash
# calm review: read-only at the SQLite level.  Review of a 0444 copy
# leaves it byte-identical; the summary has times, people and roles,
# overrides; export from a read-only database writes the file and
# records nothing; time travel (show --at) shows a tick before and
# after; the read-only failure cases name what is wrong.  On a
# PostgreSQL server: a reviewer role granted SELECT only reviews, shows,
# searches and exports, and every command that writes is refused
# (exit 74, the server's words), never queued as if the server were away.
. "$(dirname "$0")/lib.sh"

export CALM_NOW=2026-02-01T14:00:00Z
run new "Checkout returns 500" --severity 2
run role 1 commander tester
export CALM_NOW=2026-02-01T14:10:00Z
run check 1 who-sees-it
tick=$(sql "SELECT id FROM events WHERE kind = 'check'")
run set 1 impact-start "2026-02-01 13:50"
run set 1 resolved-at "2026-02-01 15:20"
run advance 1 --override "seen enough"
expect_rc 0
unset CALM_NOW

# time travel: the event before the tick shows it unticked
run show 1 --at $((tick - 1)) --json
expect_rc 0
expect_eq "$(jq -c .checked "$OUT")" "[]"
run show 1 --at "$tick" --json
expect_eq "$(jq -c .checked "$OUT")" '["who-sees-it"]'
expect_eq "$(jq -r .stage "$OUT")" "evaluate"
run show 1 --at 999
expect_rc 66
expect_err_line "calm: incident 1 has no event 999"

if on_pg; then
	sql "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reviewer" >/dev/null
	RDB=$(pg_uri "$PG_DIR" "$PGDB" reviewer)
	before=$(sql "SELECT count(*) || ' ' || max(id) FROM events")
	# each read, and a word of what it must show
	for c in "review 1|seen enough" "review 1 --json|seen enough" "show 1|Checkout returns 500" \
		"list --all|Checkout returns 500" "search returns|Checkout [returns] 500" "verify|chain intact" \
		"stats|incidents: 1 (1 active, 0 closed)" "roles 1|commander" "export 1 --format json|Checkout returns 500"; do
		rc=0; "$CALM" --db "$RDB" ${c%%|*} >"$OUT" 2>"$ERR" </dev/null || rc=$?
		expect_rc 0
		expect_out "${c#*|}"
	done
	rc=0; "$CALM" --db "$RDB" review 1 >"$OUT" 2>"$ERR" </dev/null || rc=$?
	expect_out "evaluate: seen enough"
	rc=0; "$CALM" --db "$RDB" export 1 -o "$T/pm.md" --allow-missing >"$OUT" 2>"$ERR" </dev/null || rc=$?
	expect_rc 0
	[ -s "$T/pm.md" ] || fail "export wrote nothing"
	for c in "log 1 x" "check 1 what-broken" "set 1 impact y" "advance 1 --override z" \
		"fix 1 w" "action 1 a" "role 1 scribe bob" "new t"; do
		rc=0; "$CALM" --db "$RDB" $c >"$OUT" 2>"$ERR" </dev/null || rc=$?
		expect_rc 74
		expect_err "permission denied"
		[ "$(wc -l <"$ERR")" -eq 1 ] || fail "$c: not one line"
	done
	expect_eq "$(sql "SELECT count(*) || ' ' || max(id) FROM events")" "$before"
	pass
fi

mkdir "$T/ro"
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$DB" "$T/ro/copy.db"
chmod 444 "$T/ro/copy.db"
before=$(sha256sum <"$T/ro/copy.db")
rc=0; "$CALM" --db "$T/ro/copy.db" review 1 >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 0
expect_out "incident 1: Checkout returns 500"
expect_out "downtime: 1h 30m"
expect_out "tester ("
expect_out "incident commander"
expect_out "evaluate: seen enough"
rc=0; "$CALM" --db "$T/ro/copy.db" review 1 --json >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 0
expect_eq "$(jq -r '.downtime_s, .overrides, (.people[0].roles | join(","))' "$OUT" | tr '\n' ' ')" \
	"5400 1 commander "
rc=0; "$CALM" --db "$T/ro/copy.db" export 1 -o "$T/pm.md" --allow-missing >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 0
[ -s "$T/pm.md" ] || fail "export wrote nothing"
expect_eq "$(sha256sum <"$T/ro/copy.db")" "$before"

# writing commands on the review copy refuse, the file stays the same
if [ "$(id -u)" -ne 0 ]; then
	rc=0; "$CALM" --db "$T/ro/copy.db" log 1 "x" >"$OUT" 2>"$ERR" </dev/null || rc=$?
	expect_rc 74
fi
expect_eq "$(sha256sum <"$T/ro/copy.db")" "$before"

# review never writes beside the database: a WAL database closed
# cleanly (no -wal, no -shm) is read as an immutable snapshot
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
mkdir "$T/clean"
cp "$DB" "$T/clean/c.db"
before=$(cd "$T/clean" && ls && sha256sum c.db)
rc=0; "$CALM" --db "$T/clean/c.db" review 1 >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 0
expect_out "incident 1: Checkout returns 500"
expect_eq "$(cd "$T/clean" && ls && sha256sum c.db)" "$before"
# ... and one whose newest rows are still in its -wal (another calm has
# it open) is read from a private copy: the rows are seen, nothing
# beside it is created, changed or removed
sqlite3 "$T/clean/c.db" ".dbconfig no_ckpt_on_close on" \
	"INSERT INTO events (incident_id, ts_ms, author, kind, text, hash)
	 VALUES (1, 1, 'walrow', 'note', 'in the wal', zeroblob(32))" >/dev/null
[ -s "$T/clean/c.db-wal" ] || fail "setup: no -wal"
rm -f "$T/clean/c.db-shm"
before=$(cd "$T/clean" && ls && sha256sum c.db c.db-wal)
rc=0; "$CALM" --db "$T/clean/c.db" review 1 >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 0
expect_out "walrow"
expect_eq "$(cd "$T/clean" && ls && sha256sum c.db c.db-wal)" "$before"

# whatever the directory's permissions: as a user who cannot write it,
# with and without the -wal and -shm (calm and the files copied where
# that user can reach them, wherever the clone sits)
. "$CALM_SOURCE_DIR/tests/data/nobody.sh"
if nobody_setup; then
	trap 'nobody_cleanup; rm -rf "$T"' EXIT
	mkdir "$NOBODY_DIR/ro" "$NOBODY_DIR/tmp"
	chown 65534 "$NOBODY_DIR/tmp"
	cp "$T/ro/copy.db" "$NOBODY_DIR/ro/copy.db"
	chmod 644 "$NOBODY_DIR/ro/copy.db"
	chmod 555 "$NOBODY_DIR/ro"
	for side in none wal-only wal-and-shm; do
		case $side in
		wal-only) chmod 755 "$NOBODY_DIR/ro"; cp "$T/clean/c.db-wal" "$NOBODY_DIR/ro/copy.db-wal"
			  chmod 644 "$NOBODY_DIR/ro/copy.db-wal"
			  chmod 555 "$NOBODY_DIR/ro" ;;
		wal-and-shm) chmod 755 "$NOBODY_DIR/ro"; : >"$NOBODY_DIR/ro/copy.db-shm"
			  chmod 555 "$NOBODY_DIR/ro" ;;
		esac
		before=$(cd "$NOBODY_DIR/ro" && ls && sha256sum copy.db*)
		rc=0; as_nobody env HOME="$NOBODY_DIR" TMPDIR="$NOBODY_DIR/tmp" "$NOBODY_CALM" \
			--db "$NOBODY_DIR/ro/copy.db" review 1 >"$OUT" 2>"$ERR" </dev/null || rc=$?
		expect_rc 0
		expect_out "incident 1: Checkout returns 500"
		[ "$side" = none ] || expect_out "walrow"
		expect_eq "$(cd "$NOBODY_DIR/ro" && ls && sha256sum copy.db*)" "$before"
		[ -z "$(ls "$NOBODY_DIR/tmp")" ] || fail "$side: the private copy was left behind"
	done
else
	echo "skip (review as an unprivileged user): $NOBODY_WHY"
fi
pass
