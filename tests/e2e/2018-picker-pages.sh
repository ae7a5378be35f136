#!/bin/bash
# Scope: the picker over more incidents than fit on the screen.  It
# reads only the page shown, walked from the incident at its first row
# (picker.c); this checks that the rows and the one opened are the
# right ones wherever the page is: G (the last, the oldest closed one),
# g (the newest active one), k and j from there, page moves across the
# boundary between active and closed incidents, and after an incident
# is declared elsewhere (the rows move under the page).
. "$(dirname "$0")/lib.sh"

close_it() {
	for i in 1 2 3 4 5 6 7 8; do
		calm advance "$1" --override "walk $i" >/dev/null 2>&1 || fail "cannot advance $1"
	done
}
C1=$(calm new "Closed one") || fail "cannot declare"
close_it "$C1"
C2=$(calm new "Closed two") || fail "cannot declare"
close_it "$C2"
for i in $(seq -w 1 30); do
	eval "A$i=\$(calm new \"Active $i\")" || fail "cannot declare $i"
done

start -- open # 80x24: 20 rows of incidents
wait_for "Incidents \(32\)"
wait_for "Active 30"
no_screen "Closed one"

# G: the last row, the oldest closed incident, is on screen and opens
keys G
wait_for "Closed one"
wait_gone "Active 30"
keys Enter
wait_for "READ-ONLY .*#$C1 Closed one"
keys q
wait_for "Incidents \(32\)"
# k from the bottom: the one above it
keys G k Enter
wait_for "READ-ONLY .*#$C2 Closed two"
keys q
wait_for "Incidents \(32\)"

# g: the top again
keys g
wait_for "Active 30"
wait_gone "Closed one"
# j 25 times from the top, past the first page: row 25 is Active 05
for i in $(seq 25); do keys j; done
keys Enter
wait_for "#$A05 Active 05"
keys Escape q
wait_for "Incidents \(32\)"

# page down past the active ones, then up one row at a time: the order
# is the same read either way
keys g PgDn PgDn
wait_for "Closed two"
screen
order=$(grep -oE "Active 0[12]|Closed (one|two)" "$SCREEN" | tr '\n' ,)
[ "$order" = "Active 02,Active 01,Closed two,Closed one," ] || fail "rows out of order: $order"

# an incident declared elsewhere: the rows move, the page follows them
keys g
wait_for "Active 30"
NEW=$(calm new "Declared elsewhere") || fail "cannot declare"
wait_for "Incidents \(33\)"
wait_for "Declared elsewhere"
keys G Enter
wait_for "READ-ONLY .*#$C1 Closed one"
keys q
wait_for "Incidents \(33\)"
keys g Enter
wait_for "#$NEW Declared elsewhere"
keys Escape q
wait_for "Incidents \(33\)"
keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
pass
