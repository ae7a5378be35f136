#!/usr/bin/env bash
# Scope: YAML that would put terminal controls into calm's text.  A
# double-quoted escape ("\e", "\x9b", "\u009b", "\r", "\b") in a
# playbook, a theme or the config is refused with file:line:col and exit
# 78, even by `config --check` (a shared playbook was a route to title
# changes and clipboard writes through `calm advance`); tabs and
# newlines stay allowed.  A file with many mistakes (an alias bomb)
# prints the first ten, then how many more, as compilers do.
. "$(dirname "$0")/lib.sh"
cd "$T"

cat >esc.yaml <<'YAML'
name: hostile
stages:
  - id: evaluate
    title: "Evaluate \e]0;PWNED\a now"
    pane: checklist
    guidance: "tab\tand\nnewline are fine"
YAML
run --playbook esc.yaml config --check
expect_rc 78
expect_err_line "calm: esc.yaml:4:12: control character U+001B in text: escapes that make terminal controls are not allowed"
run --playbook esc.yaml new "declared under a hostile playbook"
expect_rc 78

for esc in '\x9b' '\u009b' '\r' '\b' '\x7f' '\x1b[31m'; do
	printf 'name: hostile\nstages:\n  - id: evaluate\n    title: "Evaluate %s"\n    pane: checklist\n' "$esc" >c1.yaml
	run --playbook c1.yaml config --check
	expect_rc 78
	expect_err "calm: c1.yaml:4:12: control character U+"
done

# a tab and a newline are text, not controls
printf 'name: fine\nstages:\n  - id: evaluate\n    title: "Evaluate"\n    pane: checklist\n    guidance: "one\\ttwo\\nthree"\n' >fine.yaml
run --playbook fine.yaml config --check
expect_rc 0

# a theme
cat >bad-theme.yaml <<'YAML'
description: "nice \e]52;c;UFdORUQ=\a theme"
roles:
  title: {fg: red}
YAML
run --theme bad-theme.yaml config --check
expect_rc 78
expect_err_line "calm: bad-theme.yaml:1:14: control character U+001B in text: escapes that make terminal controls are not allowed"

# the config
mkdir -p "$XDG_CONFIG_HOME/calm"
printf 'blame: ["fault", "x\\u009by"]\n' >"$XDG_CONFIG_HOME/calm/config.yaml"
run config --check
expect_rc 78
expect_err_line "calm: $XDG_CONFIG_HOME/calm/config.yaml:1:18: control character U+009B in text: escapes that make terminal controls are not allowed"
rm "$XDG_CONFIG_HOME/calm/config.yaml"

# an alias bomb: ten located lines, then the count of the rest
{
	echo 'a: &a [x, x, x, x, x, x, x, x, x]'
	prev=a
	for i in 1 2 3 4 5 6 7 8 9; do
		echo "b$i: &b$i [*$prev, *$prev, *$prev, *$prev, *$prev, *$prev, *$prev, *$prev, *$prev]"
		prev=b$i
	done
} >bomb.yaml
run --playbook bomb.yaml config --check
expect_rc 78
[ "$(wc -l <"$ERR")" -eq 11 ] || fail "expected 11 lines of errors, got $(wc -l <"$ERR")"
[ "$(grep -c '^calm: bomb.yaml:[0-9]*:[0-9]*: ' "$ERR")" -eq 10 ] || fail "not ten located errors"
tail -1 "$ERR" | grep -qE '^calm: bomb.yaml: and [0-9]+ more errors$' || fail "no 'and N more errors' line"
pass
