#!/usr/bin/env bash
# calm stats: counts by severity, median time to resolve over closed
# incidents, open action items past their due date.
. "$(dirname "$0")/lib.sh"

close_at() { # ID TIME: override every stage until closed
	local i
	for i in 1 2 3 4 5 6 7 8; do
		CALM_NOW=$2 "$CALM" --db "$DB" advance "$1" --override "stats test" >/dev/null 2>&1 || true
	done
}
CALM_NOW=2026-02-01T10:00:00Z run new "A" --severity 1
CALM_NOW=2026-02-01T10:00:00Z run new "B" --severity 2
CALM_NOW=2026-02-01T10:00:00Z run new "C" --severity 2
close_at 1 2026-02-01T11:00:00Z
close_at 2 2026-02-01T13:00:00Z
run action 3 "add an alert" --due 2026-01-15
expect_rc 0
run action 3 "write docs" --due 2099-01-01
CALM_NOW=2026-02-02T00:00:00Z run stats
expect_rc 0
expect_out "incidents: 3 (1 active, 2 closed)"
expect_out "by severity: 1: 1, 2: 2, 3: 0, 4: 0"
expect_out "median time to resolve: 2h 00m (2 incidents)"
expect_out "median time to detect: unknown"
expect_out "action items open past their due date (2026-02-02): 1"
expect_out "incident 3 item 1, due 2026-01-15: add an alert"
CALM_NOW=2026-02-02T00:00:00Z run stats --json
expect_eq "$(jq -c '[.incidents, .by_severity["2"], .median_resolve_s, (.overdue_actions | length)]' "$OUT")" \
	"[3,2,7200,1]"

# the milestones: detect and mitigate measured from impact-start, resolve
# from it to resolved-at (MILESTONE_RULE); 3 is still active
CALM_NOW=2026-02-02T00:00:00Z run mark 3 started "2026-02-01 09:00"
expect_rc 0
CALM_NOW=2026-02-02T00:00:00Z run mark 3 detected "2026-02-01 09:40"
CALM_NOW=2026-02-02T00:00:00Z run mark 3 mitigated "2026-02-01 10:30"
CALM_NOW=2026-02-02T00:00:00Z run set 3 resolved-at "2026-02-01 11:00"
CALM_NOW=2026-02-02T00:00:00Z run stats --json
expect_eq "$(jq -c '[.median_detect_s, .detect_known, .median_mitigate_s, .median_resolve_s, .resolve_known]' "$OUT")" \
	"[2400,1,5400,7200,3]"
CALM_NOW=2026-02-02T00:00:00Z run stats
expect_out "median time to detect: 40m (1 incident)"
expect_out "median time to mitigate: 1h 30m (1 incident)"
# by month: a sparkline and a bar per month, the same medians as --json
expect_out "by month (medians; the month the impact began, UTC):"
expect_out "time to resolve  █  2026-02 .. 2026-02"
expect_out "  2026-02 ██████████████████████████████ 2h 00m (3)"
expect_out "  2026-02 ██████████████████████████████ 1h 30m (1)"
LC_ALL=C run stats
expect_out "  2026-02 ############################## 2h 00m (3)"
# an incident two months later: the month between is drawn empty
CALM_NOW=2026-04-02T00:00:00Z run new "D"
CALM_NOW=2026-04-02T00:00:00Z run mark 4 started "2026-04-01 09:00"
CALM_NOW=2026-04-02T00:00:00Z run mark 4 resolved "2026-04-01 10:00"
CALM_NOW=2026-04-02T00:00:00Z run stats
expect_out "time to resolve  █ ▅  2026-02 .. 2026-04"
expect_out "  2026-03                                -"
expect_out "  2026-04 ███████████████                1h 00m (1)"
# --json keeps its shape
CALM_NOW=2026-04-02T00:00:00Z run stats --json
expect_eq "$(jq -c 'keys' "$OUT")" \
	'["active","by_severity","closed","detect_known","incidents","median_detect_s","median_mitigate_s","median_resolve_s","mitigate_known","overdue_actions","resolve_known","today"]'
run stats --help
expect_out "time to detect ends at detected-at"
pass
