#!/usr/bin/env bash
# Where data lives and who is acting: XDG default path with a 0700
# directory and a 0600 file, CALM_DB, --as over CALM_AUTHOR over the
# login name, and the config file.
. "$(dirname "$0")/lib.sh"

rc=0; "$CALM" new "Default place" >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
[ -f "$XDG_DATA_HOME/calm/calm.db" ] || fail "no database at \$XDG_DATA_HOME/calm/calm.db"
expect_eq "$(stat -c %a "$XDG_DATA_HOME/calm")" 700
expect_eq "$(stat -c %a "$XDG_DATA_HOME/calm/calm.db")" 600

# XDG_DATA_HOME unset: ~/.local/share/calm
rc=0; env -u XDG_DATA_HOME "$CALM" new "Home place" >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
[ -f "$HOME/.local/share/calm/calm.db" ] || fail "no database under ~/.local/share/calm"

# CALM_DB
rc=0; CALM_DB="$T/env.db" "$CALM" new "Env place" >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
[ -f "$T/env.db" ] || fail "CALM_DB not used"

# authors: --as beats CALM_AUTHOR; the first of a pairing list acts
run new "Who"
id=$(cat "$OUT")
run --as "alice,bob" log "$id" "alice speaking"
rc=0; CALM_AUTHOR=carol "$CALM" --db "$DB" log "$id" "carol speaking" >"$OUT" 2>"$ERR" || rc=$?
rc=0; env -u CALM_AUTHOR "$CALM" --db "$DB" log "$id" "login speaking" >"$OUT" 2>"$ERR" || rc=$?
run show "$id" --json
expect_eq "$(jq -r '[.events[] | select(.kind=="note") | .author] | join(",")' "$OUT")" \
	"alice,carol,$(id -un)"
run --as $'bad\033name' log "$id" x
expect_rc 64

# the config file: author and db
mkdir -p "$XDG_CONFIG_HOME/calm"
cat >"$XDG_CONFIG_HOME/calm/config.yaml" <<YAML
author: dana
db: $T/config.db
YAML
rc=0; env -u CALM_AUTHOR "$CALM" new "Configured" >"$OUT" 2>"$ERR" || rc=$?
expect_rc 0
[ -f "$T/config.db" ] || fail "config db not used"
expect_eq "$(sqlite3 "$T/config.db" "select author from events")" dana
echo "colour: red" >>"$XDG_CONFIG_HOME/calm/config.yaml"
rc=0; "$CALM" list >"$OUT" 2>"$ERR" || rc=$?
expect_rc 78
expect_err "config.yaml:3:1: "
pass
