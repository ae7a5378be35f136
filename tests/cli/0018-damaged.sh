#!/usr/bin/env bash
# Scope: a damaged or crafted database degrades, never blocks.  Rows are
# written behind calm's back with the sqlite3 shell (on PostgreSQL, by
# its superuser, who drops the CHECKs that stand in the way): times at the INT64
# extremes (declared_ms = INT64_MIN overflowed in the postmortem), an
# event whose data is not JSON (it made `review` and `show --at` fail
# whole with exit 74), a kind that is not a word, and a note of 100 MB
# (CALM_DAMAGED_NOTE_MB to change it).  Every command still works: the
# bad rows are named as damaged by their id, the rest is shown, long
# text is cut with its size.  Under ASan+UBSan (make test) any overflow
# or bad access fails the run.
. "$(dirname "$0")/lib.sh"
on_pg || command -v sqlite3 >/dev/null || { echo "SKIP: no sqlite3"; exit 77; }
MB=${CALM_DAMAGED_NOTE_MB:-100}

run new "Checkout returns 500"
id=$(cat "$OUT")
run log "$id" "a sound note before the damage"
run new "Queue backlog"
id2=$(cat "$OUT")
run advance "$id2" --override "walk"
expect_rc 0

if on_pg; then
	Z="decode(repeat('00', 32), 'hex')"
	sql "ALTER TABLE incidents DROP CONSTRAINT incidents_severity_check;
ALTER TABLE events DROP CONSTRAINT events_data_check;
UPDATE incidents SET declared_ms = -9223372036854775808 WHERE id = $id;
UPDATE incidents SET severity = 9 WHERE id = $id2;
INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)
 VALUES ($id, 1769954700000, 'mallory', 'field', 'malformed data', '{\"field\": \"impact\", ', $Z);
INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)
 VALUES ($id, 9223372036854775807, 'mallory', 'note', 'from the end of time', NULL, $Z);
INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)
 VALUES ($id, 1769954700000, 'mallory', 'no such kind!', 'odd kind', '{}', $Z);
INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)
 VALUES ($id, -9223372036854775808, 'mallory', 'note', 'before time began', '{\"x\": 9223372036854775807}', $Z);
INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)
 VALUES ($id, 1769954760000, 'mallory', 'note', 'HUGE' || repeat('ab', $MB * 524288), NULL, $Z);
" >/dev/null || fail "cannot craft the database"
else sqlite3 "$DB" "
PRAGMA ignore_check_constraints = ON;
UPDATE incidents SET declared_ms = -9223372036854775808 WHERE id = $id;
UPDATE incidents SET severity = 9 WHERE id = $id2;
INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)
 VALUES ($id, 1769954700000, 'mallory', 'field', 'malformed data', '{\"field\": \"impact\", ', zeroblob(32));
INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)
 VALUES ($id, 9223372036854775807, 'mallory', 'note', 'from the end of time', NULL, zeroblob(32));
INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)
 VALUES ($id, 1769954700000, 'mallory', 'no such kind!', 'odd kind', '{}', zeroblob(32));
INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)
 VALUES ($id, -9223372036854775808, 'mallory', 'note', 'before time began', '{"x": 9223372036854775807}', zeroblob(32));
INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)
 VALUES ($id, 1769954760000, 'mallory', 'note',
  'HUGE' || replace(hex(zeroblob($MB * 524288)), '00', 'ab'), NULL, zeroblob(32));
" || fail "cannot craft the database"
fi
big=$(( MB * 1048576 + 4 ))

run show "$id"
expect_rc 0
expect_out "damaged: incident $id: declared time out of range"
expect_out "a sound note before the damage"
expect_out "[damaged: event 5: data is not JSON] malformed data"
expect_out "[damaged: event 6: time out of range] from the end of time"
expect_out "[damaged: event 7: kind is not one calm writes] odd kind"
expect_out "[damaged: event 8: time out of range] before time began"
expect_out "HUGEabab"
expect_out "[... cut: $(awk -v b="$big" 'BEGIN { printf "%.1f MiB", b / 1048576 }') in all; 'calm show $id --json' has it whole]"
[ "$(wc -c <"$OUT")" -lt 200000 ] || fail "show printed the whole 100 MB note"

run show "$id" --at 5
expect_rc 0
expect_out "damaged events skipped: 1 (the first: event 5)"
run show "$id" --at 9
expect_rc 0
expect_out "damaged events skipped: 4 (the first: event 5)"
run review "$id"
expect_rc 0
expect_out "damaged events skipped: 4 (the first: event 5)"
run review "$id" --json
expect_rc 0
expect_eq "$(jq .damaged_events "$OUT")" 4
run list --all
expect_rc 0
expect_out "[damaged: declared time out of range] Checkout returns 500"
expect_out "[damaged: severity out of range] Queue backlog"
run show "$id2"
expect_rc 0
run export "$id" --allow-missing -o "$T/pm.md"
expect_rc 0
grep -q "Checkout returns 500" "$T/pm.md" || fail "the postmortem lacks the title"
[ "$(wc -c <"$T/pm.md")" -lt 1000000 ] || fail "the postmortem holds the whole 100 MB note"
run search sound
expect_rc 0
expect_out "a [sound] note"
run stats
expect_rc 0
run log "$id" "written after the damage"
expect_rc 0
run verify "$id"
expect_rc 65
pass
