#!/usr/bin/env bash
# calm review: read-only at the SQLite level.  Review of a 0444 copy
# leaves it byte-identical; the summary has times, people and roles,
# overrides; export from a read-only database writes the file and
# records nothing; time travel (show --at) shows a tick before and
# after; the read-only failure cases name what is wrong.
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
rc=0; "$CALM" --db "$T/ro/copy.db" export 1 -o "$T/pm.md" >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 0
[ -s "$T/pm.md" ] || fail "export wrote nothing"
expect_eq "$(sha256sum <"$T/ro/copy.db")" "$before"

# writing commands on the review copy refuse, the file stays the same
if [ "$(id -u)" -ne 0 ]; then
	rc=0; "$CALM" --db "$T/ro/copy.db" log 1 "x" >"$OUT" 2>"$ERR" </dev/null || rc=$?
	expect_rc 74
fi
expect_eq "$(sha256sum <"$T/ro/copy.db")" "$before"

# read-only directory cases (need a user the directory is not writable for)
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	chmod 755 "$T" "$T/ro"
	chmod 644 "$T/ro/copy.db"
	rm -f "$T/ro/copy.db-wal" "$T/ro/copy.db-shm"
	if as_nobody test -x "$CALM"; then
		rc=0; as_nobody "$CALM" --db "$T/ro/copy.db" review 1 >"$OUT" 2>"$ERR" </dev/null || rc=$?
		expect_rc 74
		expect_err "its -wal and -shm files are missing and its directory is not writable"
		: >"$T/ro/copy.db-wal"
		rc=0; as_nobody "$CALM" --db "$T/ro/copy.db" review 1 >"$OUT" 2>"$ERR" </dev/null || rc=$?
		expect_rc 74
		expect_err "it has a -wal file but no -shm file and its directory is not writable"
	fi
fi
pass
