#!/usr/bin/env bash
# Scope: times as people type them, through the one parser.  A bare
# 21:48 is the latest 21:48 not in the future (typed at 09:00, it is
# yesterday's) and the full date is printed back; an impossible date
# (31 Feb) is refused with the same message by `set`, `action --due`
# and CALM_NOW; the config's timezone reads and shows times in that
# zone (stored in UTC); an unknown zone is a located config error.
. "$(dirname "$0")/lib.sh"
export CALM_NOW=2026-02-01T09:00:00Z

run new "Checkout returns 500"
expect_rc 0
id=$(cat "$OUT")

# 21:48 typed at 09:00: yesterday's 21:48, shown back whole
run set "$id" impact-start 21:48
expect_rc 0
expect_eq "$(cat "$OUT")" "impact-start: 2026-01-31 21:48:00Z"
run show "$id" --json
expect_rc 0
expect_eq "$(jq -r .fields.\"impact-start\" "$OUT")" "2026-01-31T21:48:00Z"
# 08:30 typed at 09:00: today's
run set "$id" resolved-at 08:30
expect_rc 0
expect_eq "$(cat "$OUT")" "resolved-at: 2026-02-01 08:30:00Z"
run set "$id" resolved-at now
expect_eq "$(cat "$OUT")" "resolved-at: 2026-02-01 09:00:00Z"

# impossible dates: one message everywhere
run set "$id" impact-start "2026-02-31 10:00"
expect_rc 65
expect_err_line "calm: field 'impact-start': no such date: 2026-02-31"
run set "$id" impact-start 24:10
expect_rc 65
expect_err_line "calm: field 'impact-start': no such time: 24:10"
run set "$id" impact-start "last tuesday"
expect_rc 65
expect_err_line "calm: field 'impact-start': expected a time like 21:48, 2026-02-01 14:05 or now, got 'last tuesday'"
run action "$id" "Load-test large changes" --due 2026-02-31
expect_rc 65
expect_err_line "calm: due date: no such date: 2026-02-31"
run action "$id" "Load-test large changes" --due 14:00
expect_rc 65
expect_err_line "calm: due date: expected a date like 2026-02-01, got '14:00'"
CALM_NOW=2026-02-31T00:00:00Z run list
expect_rc 64
expect_err_line "calm: CALM_NOW: no such date: 2026-02-31"
run show "$id" --json
expect_eq "$(jq -r .fields.\"impact-start\" "$OUT")" "2026-01-31T21:48:00Z"

# the config's zone: typed and shown in Berlin time, stored in UTC
if [ -e /usr/share/zoneinfo/Europe/Berlin ]; then
	mkdir -p "$XDG_CONFIG_HOME/calm"
	echo "timezone: Europe/Berlin" >"$XDG_CONFIG_HOME/calm/config.yaml"
	run set "$id" impact-start 21:48
	expect_rc 0
	expect_eq "$(cat "$OUT")" "impact-start: 2026-01-31 21:48:00 CET"
	run show "$id" --json
	expect_eq "$(jq -r .fields.\"impact-start\" "$OUT")" "2026-01-31T20:48:00Z"
	run show "$id"
	expect_out "declared 2026-02-01 10:00:00 CET by tester"
	echo "timezone: Europe/Berlinn" >"$XDG_CONFIG_HOME/calm/config.yaml"
	run list
	expect_rc 78
	expect_err "config.yaml:1:11: unknown timezone 'Europe/Berlinn': use UTC or a name from "
	echo "timezone: ../../etc/passwd" >"$XDG_CONFIG_HOME/calm/config.yaml"
	run list
	expect_rc 78
	rm "$XDG_CONFIG_HOME/calm/config.yaml"
fi
pass
