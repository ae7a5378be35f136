#!/bin/bash
# Scope: themes on screen.  Every shipped theme renders the console
# (capture-pane -e shows SGR colour codes for a coloured theme and none
# for mono); 8-colour (TERM=xterm), 256-colour (tmux-256color), true
# colour (tmux-direct, when its terminfo is installed) and NO_COLOR
# screens render without errors, each with the colours it can show.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Checkout returns 500") || fail "cannot declare"
ESC=$'\033'

# colours: the SGR colour parameters in the pane, one per line
# (30-37, 40-47, 90-97, 100-107, 38;5;N, 48;5;N, 38;2;R;G;B; not 39/49,
# the default colour)
colours() {
	TM capture-pane -e -p -t calm |
		grep -o "$ESC\[[0-9;:]*m" | tr -d "$ESC[m" | tr ';' '\n' |
		awk 'BEGIN { ext = 0 }
		     ext == 1 { mode = $1; ext = (mode == 5 ? 2 : 4); next }
		     ext == 2 { print "256:" $1; ext = 0; next }
		     ext > 2 { ext--; if (ext == 2) { ext = 0; print "rgb" }; next }
		     $1 == 38 || $1 == 48 { ext = 1; next }
		     ($1 >= 30 && $1 <= 37) || ($1 >= 40 && $1 <= 47) ||
		     ($1 >= 90 && $1 <= 97) || ($1 >= 100 && $1 <= 107) { print "ansi:" $1 }'
}

# run_theme TERM THEME [ENV...]: open the incident, check it drew, keep
# the colours seen in $T/colours, quit cleanly
run_theme() {
	local term=$1 theme=$2
	shift 2
	E2E_TERM=$term
	start "$@" -- --theme "$theme" open "$ID"
	wait_for "Press any key to begin"
	colours >"$T/colours"
	keys q
	wait_gone "Press any key"
	wait_for "Stages"
	no_screen "error|cannot"
	colours >>"$T/colours"
	keys q
	wait_exit
	[ "$rc" = 0 ] || fail "$term $theme: exit status $rc"
	TM kill-server
}

has() { grep -qE "$1" "$T/colours" || fail "$E2E_TERM: no colour like $1 in: $(sort -u "$T/colours" | tr '\n' ' ')"; }
none() { [ ! -s "$T/colours" ] || fail "$E2E_TERM: colours with no colour: $(sort -u "$T/colours" | tr '\n' ' ')"; }

# every shipped theme, 256 colours
for theme in default light high-contrast solarized-dark; do
	run_theme tmux-256color "$theme"
	[ -s "$T/colours" ] || fail "$theme shows no colour"
done
run_theme tmux-256color mono
none
# solarized at 256 uses its 256 values: base0 244, the blue title 33
run_theme tmux-256color solarized-dark
has '^256:244$'
has '^256:33$'
# light's 256 values
run_theme tmux-256color light
has '^256:25$'

# 8 colours: only the 8 ANSI colours, the nearest for 256 and RGB values
run_theme xterm default
has '^ansi:44$'
! grep -qE '^(256|rgb)' "$T/colours" || fail "xterm: colours beyond 8"
run_theme xterm solarized-dark
[ -s "$T/colours" ] || fail "xterm: solarized-dark shows no colour"
! grep -qE '^(256|rgb)|^ansi:(9[0-7]|10[0-7])$' "$T/colours" || fail "xterm: solarized beyond 8"

# NO_COLOR (any value): attributes, no colour, for a coloured theme too
run_theme tmux-256color default NO_COLOR=1
none
run_theme tmux-256color solarized-dark NO_COLOR=yes
none
# NO_COLOR empty is as if unset
run_theme tmux-256color default NO_COLOR=
[ -s "$T/colours" ] || fail "empty NO_COLOR turned colour off"

# true colour only where terminfo says RGB
if infocmp tmux-direct >/dev/null 2>&1; then
	run_theme tmux-direct solarized-dark
	has '^rgb$'
fi

# a user theme that inherits, by name
mkdir -p "$XDG_CONFIG_HOME/calm/themes"
printf 'inherit: default\nroles:\n  title: {fg: black, bg: 208}\n' \
	>"$XDG_CONFIG_HOME/calm/themes/orange.yaml"
run_theme tmux-256color orange
has '^256:208$'
pass
