#!/usr/bin/env bash
# The conventions users expect: the man page renders and lints clean,
# it and the bash completion know every command the binary has, and
# the completion offers incident ids from the database.
. "$(dirname "$0")/lib.sh"
src=${CALM_SOURCE_DIR:?}

command -v groff >/dev/null || { echo "SKIP: no groff"; exit 77; }
groff -man -ww -z "$src/docs/calm.1" 2>"$ERR" || fail "calm.1 does not lint"
[ -s "$ERR" ] && fail "groff warnings in calm.1"
MANWIDTH=80 man -l "$src/docs/calm.1" >"$OUT" 2>"$ERR" || fail "man -l failed"
expect_out "EXIT STATUS"

# every command in `calm --help` is in the man page and the completion
run --help
cmds=$(awk '/^commands:/ {on=1; next} /^$/ {on=0} on && /^  [a-z]/ {print $1}' "$OUT")
[ -n "$cmds" ] || fail "no commands in --help"
for c in $cmds; do
	grep -qE "^\.B[IR]? $c( |$)" "$src/docs/calm.1" || fail "man page lacks command $c"
	grep -q "commands=\".*\b$c\b" "$src/completions/calm.bash" || fail "bash completion lacks $c"
	grep -q "'$c:" "$src/completions/_calm" || fail "zsh completion lacks $c"
done

# completion of ids, from the test database
run new "Checkout returns 500"
run new "Search is slow"
mkdir -p "$T/bin"
ln -s "$CALM" "$T/bin/calm"
out=$(PATH="$T/bin:$PATH" CALM_DB="$DB" bash -c '
	. "'"$src"'/completions/calm.bash"
	COMP_WORDS=(calm show ""); COMP_CWORD=2; _calm; echo "${COMPREPLY[*]}"
	COMP_WORDS=(calm adv); COMP_CWORD=1; _calm; echo "${COMPREPLY[*]}"')
expect_eq "$out" $'2 1\nadvance'
pass
