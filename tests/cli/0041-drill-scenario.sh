#!/usr/bin/env bash
# calm drill --scenario FILE: a tabletop drill from the shipped example
# starts in the drill database with the file's premise; a scenario file
# with mistakes exits 78 with every mistake located file:line:col (and
# nothing started), as do a missing file and one others may write.
. "$(dirname "$0")/lib.sh"
src=${CALM_SOURCE_DIR:?}
DRILLS="$XDG_DATA_HOME/calm/drills.db"
cp "$src/scenarios/checkout-errors.yaml" "$T/tabletop.yaml"

run drill --scenario "$T/tabletop.yaml" --speed 600
expect_rc 0
expect_out "drill 1 started at 600x"
run drill --list --json
expect_eq "$(jq -c '.[0] | [.title, .source, .speed, .observations, .status]' "$OUT")" \
	"[\"Checkout fails for some customers\",\"$T/tabletop.yaml\",600,8,\"running\"]"
expect_eq "$(sqlite3 "$DRILLS" "select count(*) from drill_fix where incident_id = 1")" 4
expect_eq "$(sqlite3 "$DRILLS" "select group_concat(text, '|') from drill_also where incident_id = 1 and fix = 3")" \
	"rollback release|revert the release|roll back the order service"
[ ! -e "$DB" ] || fail "a tabletop drill made the team's database"
run drill --scenario "$T/tabletop.yaml" 5
expect_rc 64

# every mistake, located, then 78; nothing started
cat >"$T/bad.yaml" <<'YAML'
title: Checkout fails
severity: 5
observations:
  - at: 5x
    text: errors
fixes:
  - what: roll back
    outcome: fixed
    note: ok
YAML
run drill --scenario "$T/bad.yaml"
expect_rc 78
expect_eq "$(cat "$ERR")" "calm: $T/bad.yaml:2:11: 'severity' is too large (at most 4)
calm: $T/bad.yaml:4:9: 'at' must be a time from the start like 0, 90s, 5m or 1h30m
calm: $T/bad.yaml:8:14: unknown outcome 'fixed' (use worked, partial, failed or rolled-back)"
printf 'title: [unclosed\n' >"$T/broken.yaml"
run drill --scenario "$T/broken.yaml"
expect_rc 78
grep -qE "^calm: $T/broken.yaml:[0-9]+:[0-9]+: " "$ERR" || fail "a YAML syntax error is not located"
run drill --scenario "$T/none.yaml"
expect_rc 78
expect_err_line "calm: cannot read '$T/none.yaml': No such file or directory"
chmod 666 "$T/tabletop.yaml"
run drill --scenario "$T/tabletop.yaml"
expect_rc 78
expect_err "is writable by others"
run drill --list --json
expect_eq "$(jq length "$OUT")" 1
pass
