#!/usr/bin/env bash
# A write queued by the command line keeps, beside its words, what it
# changes (kind, incident, item, value: what a console shows of it while
# it waits), masked as its words are; a command a console marks nothing
# for (a new incident, a fix attempt) is kept as "other"; an
# acknowledged write in the journal keeps it too.
set -u
: "${CALM:?}" "${CALM_SOURCE_DIR:?}"
. "$CALM_SOURCE_DIR/tests/pg/lib.sh"
pg_test_setup queuedwhat
command -v sqlite3 >/dev/null || fail "sqlite3 (the CLI) is needed"

run new "Checkout returns 500" --severity 2
expect_rc 0
run log 1 "on the server"
expect_rc 0
pg_stop "$S" immediate
run log 1 the pool drained, password=hunter2
expect_rc 0
run check 1 who-affected --undo
expect_rc 0
run set 1 impact -- "EU cards"
expect_rc 0
run advance 1
expect_rc 0
run new "Another"
expect_rc 0
run fix 1 "restart the pool"
expect_rc 0
got=$(sqlite3 "$QUEUE" "SELECT sent, kind, coalesce(incident, 0), coalesce(item, '-'), coalesce(value, '-')
	FROM queue ORDER BY seq" | tr '\n' ';')
want="1|other|0|-|-;1|note|1|on the server|-;0|note|1|the pool drained, password=****|-;"
want+="0|uncheck|1|who-affected|-;0|field|1|impact|EU cards;0|advance|1|-|-;0|other|0|-|-;"
want+="0|other|0|-|-;"
[ "$got" = "$want" ] || fail "the queue keeps: $got"
exit 0
