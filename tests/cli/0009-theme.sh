#!/usr/bin/env bash
# Scope: themes and the config file from the command line: a bad theme
# (--theme FILE, a name not found, a bad theme named by the config) is
# reported located and exits 78; `calm config --check` says where the
# config, playbook and theme came from; a user theme is found by name;
# an unknown config key is located; the role and theme lists.
. "$(dirname "$0")/lib.sh"

# the default: nothing configured
run config --check
expect_rc 0
expect_out "config: none ($XDG_CONFIG_HOME/calm/config.yaml not found; built-in defaults)"
expect_out "playbook: default (built-in)"
expect_out "theme: default ("
expect_out "ok"

# a shipped theme by name, with its parent
run --theme high-contrast config --check
expect_rc 0
expect_out "theme: high-contrast, inherits default ("

# a bad theme file: every mistake located, exit 78, before any command
cat >"$T/bad.yaml" <<'YAML'
inherit: default
roles:
  titel: {fg: red}
  title: {fg: reddish, attrs: [bold, blink]}
YAML
cd "$T"
run --theme bad.yaml config --check
expect_rc 78
[ "$(cat "$ERR")" = "calm: bad.yaml:3:3: unknown role 'titel' (see 'calm config --roles')
calm: bad.yaml:4:15: bad colour 'reddish' for title.fg: use default, a colour name (red, brightred...), 0-255 or \"#rrggbb\"
calm: bad.yaml:4:38: bad attribute 'blink' for title.attrs: use bold, dim, underline, reverse or italic" ] ||
	fail "stderr is not the three located lines"
run --theme bad.yaml list
expect_rc 78
expect_err "calm: bad.yaml:3:3: unknown role 'titel'"

# a name that is not there
run --theme nosuch list
expect_rc 78
expect_err "calm: no theme 'nosuch' (looked in $XDG_CONFIG_HOME/calm/themes, "
run --theme "$T/missing.yaml" list
expect_rc 78
expect_err_line "calm: cannot read '$T/missing.yaml': No such file or directory"

# a user theme, found by name before the shipped ones
mkdir -p "$XDG_CONFIG_HOME/calm/themes"
printf 'description: mine\ninherit: solarized-dark\nroles:\n  title: {bg: "#d75f00"}\n' \
	>"$XDG_CONFIG_HOME/calm/themes/dusk.yaml"
run --theme dusk config
expect_rc 0
expect_out "theme: dusk, inherits solarized-dark ($XDG_CONFIG_HOME/calm/themes/dusk.yaml)"
run config --themes
expect_rc 0
[ "$(awk '{print $1}' "$OUT" | tr '\n' ' ')" = "default light high-contrast solarized-dark mono dusk " ] ||
	fail "theme list order"

# the config file names the theme; --theme wins
cat >"$XDG_CONFIG_HOME/calm/config.yaml" <<'YAML'
theme: dusk
prompts: false
blame: [careless]
keys: {note: a, advance: ">"}
YAML
run config --check
expect_rc 0
expect_out "config: $XDG_CONFIG_HOME/calm/config.yaml"
expect_out "theme: dusk,"
run --theme mono config --check
expect_out "theme: mono ("
# a bad theme from the config: `config --check` reports it; other commands run
printf 'theme: bad-one\n' >"$XDG_CONFIG_HOME/calm/config.yaml"
printf 'roles: {title: {fg: 300}}\n' >"$XDG_CONFIG_HOME/calm/themes/bad-one.yaml"
run config --check
expect_rc 78
expect_err_line "calm: $XDG_CONFIG_HOME/calm/themes/bad-one.yaml:1:21: bad colour '300' for title.fg: use default, a colour name (red, brightred...), 0-255 or \"#rrggbb\""
run list
expect_rc 0

# an unknown config key, located
printf 'author: Sam\ncolours: dark\nkeys: {jump: j}\n' >"$XDG_CONFIG_HOME/calm/config.yaml"
run config --check
expect_rc 78
[ "$(cat "$ERR")" = "calm: $XDG_CONFIG_HOME/calm/config.yaml:2:1: unknown key 'colours' in config
calm: $XDG_CONFIG_HOME/calm/config.yaml:3:8: unknown action 'jump' in keys (use note, advance, back, tick, help, quit, theme, fields or mouse)" ] ||
	fail "stderr is not the two located lines"
rm "$XDG_CONFIG_HOME/calm/config.yaml"

# the lists come from the tables
run config --roles
expect_rc 0
expect_out "title          the title bar"
expect_out "kind_system    timeline: declared, fields, exports"
[ "$(wc -l <"$OUT")" -eq 23 ] || fail "23 roles"
run config --keys
expect_out "prompts    false turns the calm prompts off (default true)"
expect_out "  theme      T"
run config --paths
expect_out "themes: $XDG_CONFIG_HOME/calm/themes"
run config --roles --keys
expect_rc 64
pass
