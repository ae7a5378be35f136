#!/bin/bash
# Scope: a read-only copy in the console.  An incident pulled from
# another store (calm pull) opens with "READ-ONLY COPY of incident N of
# WHERE" before its number in the title bar, and each writing key says
# why it is refused on the status line, writing nothing; the store's
# path is shown inert.  An incident of the database's own opens as
# before.
. "$(dirname "$0")/lib.sh"

TEAM="$T/team$(printf '\033')[31m.db"
CALM_DB=$TEAM calm new "Checkout returns 500" >/dev/null || fail "cannot declare there"
CALM_DB=$TEAM calm log 1 "pool exhausted on db-2" >/dev/null || fail "cannot log there"
calm new "Our own incident" >/dev/null || fail "cannot declare here"
calm pull 1 --from "$TEAM" >/dev/null 2>&1 || fail "cannot pull"
# its events, counted by calm show --json (the copy's declaration and note)
before=$(show_json 2 | jq '.events | length')
[ "$before" -ge 2 ] || fail "the copy shows $before events, not its declaration and note"

start -x 200 -- open 2
wait_for "READ-ONLY COPY +of incident 1 of .*team\^\[\[31m\.db · #2 Checkout returns 500"
no_screen "Press any key"
keys n
wait_for "read-only: a copy of incident 1 of .*team\^\[\[31m\.db \(calm pull\): change it where it lives"
keys Escape
keys '>'
wait_for "read-only: a copy of incident 1 of .*: change it where it lives"
keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
[ "$(show_json 2 | jq '.events | length')" = "$before" ] || fail "the copy was written"

# the database's own incident: no copy badge, writable
TM kill-server
start -x 200 -- open 1
wait_for "#1 Our own incident"
no_screen "COPY"
no_screen "READ-ONLY"
pass
