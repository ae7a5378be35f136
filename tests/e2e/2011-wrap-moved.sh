#!/bin/bash
# Scope: the timeline wraps.  A long event continues on the lines under
# it, indented under the text column, not clipped; a multi-line note
# shows its lines.  j/k move the selection by event.  When another
# process moves the stage, the status line says where and by whom.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Search is slow") || fail "cannot declare"
calm log "$ID" "p99 latency went from 80 ms to 2400 ms on every search node after the 14:00 deploy of the ranking service" >/dev/null
printf 'rollback plan:\n  1. pin ranking to v41\n  2. flush the cache' | calm log "$ID" - >/dev/null
start -- open "$ID"
wait_for "Press any key to begin"
keys Escape
keys 2
wait_for "alice  p99 latency went from 80 ms to 2400"
wait_for "│ {17}ms on every search node after the$"
wait_for "│ {17}14:00 deploy of the ranking service$"
wait_for "alice  rollback plan:$"
wait_for "│ {17}  1. pin ranking to v41$"
wait_for "│ {17}  2. flush the cache$"

# selection by event; k leaves following, j back to the newest follows
keys k k
wait_for "scrolled up: G follows"
keys j j
wait_gone "scrolled up"

# another process advances: the status line says so, and who did it
calm --as bob advance "$ID" --override "customers first" >/dev/null
wait_for "stage moved to 2/8 Write down everything by bob" 4
wait_for "stage 2/8 Write down everything"
keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
pass
