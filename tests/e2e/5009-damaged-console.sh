#!/bin/bash
# Scope: the console on a damaged or crafted database (rows written with
# the sqlite3 shell): declared_ms = INT64_MIN, an event whose data is not
# JSON, a kind that is not a word, a time at INT64_MAX, and a note of
# CALM_DAMAGED_NOTE_MB MiB (20 here; bench/big-note.sh times 100).  The
# picker names the damaged incident; the timeline shows each bad event as
# damaged by its id and cuts the long note with its size; Enter reads it
# (its first 64 KiB, and where it is cut); review and time travel step
# over the damaged events.  Under ASan+UBSan (make test) any overflow or
# bad access fails the run.
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { echo "SKIP: no sqlite3"; exit 77; }
MB=${CALM_DAMAGED_NOTE_MB:-20}

ID=$(calm new "Checkout returns 500") || fail "cannot declare"
calm log "$ID" "a sound note" >/dev/null
sqlite3 "$CALM_DB" "
PRAGMA ignore_check_constraints = ON;
UPDATE incidents SET declared_ms = -9223372036854775808 WHERE id = $ID;
INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)
 VALUES ($ID, 1000000000000, 'mallory', 'field', 'malformed data', '{\"field\": ', zeroblob(32));
INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)
 VALUES ($ID, 1000000000000, 'mallory', 'no such kind!', 'odd kind', '{}', zeroblob(32));
INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)
 VALUES ($ID, 9223372036854775807, 'mallory', 'note', 'end of time', NULL, zeroblob(32));
INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)
 VALUES ($ID, 1000000060000, 'mallory', 'note',
  'HUGE' || replace(hex(zeroblob($MB * 524288)), '00', 'ab'), NULL, zeroblob(32));
" || fail "cannot craft the database"

start -x 120 -y 40 -- open
wait_for "\[damaged: declared time out of range\] Checkout returns 500"
keys Enter
wait_for "Press any key"
keys Escape
keys 2
wait_for "\[damaged\] event 3: data is not JSON: malformed data"
wait_for "\[damaged\] event 4: kind is not one calm writes: odd kind"
wait_for "\[damaged\] event 5: time out of range: end of time"
wait_for "HUGEabab"
wait_for "… $MB.0 MiB in all: Enter reads it"
# the long note read whole: its first 64 KiB.  The timeline is in the
# order things happened: the crafted events (2001) come before the
# declaration, the one at the end of time last.
keys g j j Enter
wait_for "Event 6: .* \[note\]"
keys G
wait_for "\[cut here: $MB.0 MiB in all;"
keys Escape
wait_gone "cut here"
keys q
wait_for "Incidents \(1\)"
keys q
wait_exit
TM kill-session -t calm

# review and time travel step over what is damaged
calm advance "$ID" --override x >/dev/null || fail "cannot advance"
start -x 120 -y 40 -- review "$ID"
wait_for "READ-ONLY"
keys "["
wait_for "as of .*\(event"
keys "{" "{"
wait_for "as of .*\(event 1 of"
keys "}" "}"
wait_for "as of"
keys q
wait_exit
pass
