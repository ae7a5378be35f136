#!/bin/bash
# Scope: the strip on the postmortem pane: an incident replayed over
# hours (the clock fixed per command with CALM_NOW) shows its stages in
# blocks with their numbers, the impact window, the updates sent (u) and
# the fix attempts by outcome (✗ failed, ✓ worked) at their columns, and
# the span's ends; the strip stays out of the way in a short pane.
. "$(dirname "$0")/lib.sh"

at() { local t=$1; shift; CALM_NOW="2023-02-01T${t}:00Z" calm "$@" >/dev/null; }
CALM_NOW=2023-02-01T10:00:00Z
ID=$(CALM_NOW=2023-02-01T10:00:00Z calm new "Checkout returns 500" --product Checkout) ||
	fail "cannot declare"
at 10:01 set "$ID" impact-start "2023-02-01 10:00" &&
at 10:01 set "$ID" impact "card payments" &&
at 10:05 log "$ID" "500s on /pay" &&
at 10:10 advance "$ID" --override "strip test" &&
at 10:20 advance "$ID" --override "strip test" &&
printf 'We are on it.' | CALM_NOW=2023-02-01T10:30:00Z calm draft "$ID" internal - >/dev/null &&
at 10:30 send "$ID" internal --channel manual &&
at 10:40 advance "$ID" --override "strip test" &&
at 10:50 advance "$ID" --override "strip test" &&
at 11:00 fix "$ID" "restart the workers" &&
at 11:30 outcome "$ID" 1 failed "still 500" &&
at 11:40 fix "$ID" "roll back the deploy" &&
at 12:40 outcome "$ID" 2 worked &&
at 13:00 set "$ID" resolved-at "2023-02-01 13:00" &&
at 13:10 advance "$ID" --override "strip test" &&
at 13:20 advance "$ID" --override "strip test" &&
at 13:30 advance "$ID" --override "strip test" ||
	fail "cannot set up the incident"

start -x 120 -y 40 "CALM_NOW=2023-02-01T14:00:00Z" -- open "$ID"
wait_for "Stage 8/8: Document"
keys Escape
wait_for "│ 7 Postmortem  x export"
# 4 hours over the columns: each stage begins with its number
wait_for "stages  1█+2[█▒]*3[█▒]*4[█▒]*5█+6[█▒]*7[█▒]*8▒+"
wait_for "impact  █{10,}·+"
wait_for "marks   ·+u·+✗·+✓·+"
wait_for "        10:00 +14:00 \(4 hours\)"
# the preview below it
wait_for "# Postmortem: Checkout returns 500"
keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
TM kill-server

# a short pane: no strip, the text alone
start -x 120 -y 18 "CALM_NOW=2023-02-01T14:00:00Z" -- open "$ID"
wait_for "Stage 8/8: Document"
keys Escape
wait_for "# Postmortem: Checkout returns 500"
no_screen "stages  1"
keys q
wait_exit
pass
