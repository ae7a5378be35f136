#!/bin/bash
# Scope: the console leaves the terminal's palette alone.  calm never
# defines a colour, so it must never send a palette reset (xterm's OSC
# 104, which terminfo calls oc and ncurses sends when a coloured screen
# is taken back): a palette the user set (base16 scripts, pywal, OSC 4)
# must survive $EDITOR, C-z and fg, and quitting.  Every byte calm writes
# is recorded (tmux pipe-pane, from before calm starts) with a terminal
# type that has oc (xterm-256color), and the screen is checked after
# each return: all there, in colour; the shell's prompt after quitting.
. "$(dirname "$0")/lib.sh"

E2E_TERM=xterm-256color
RAW="$T/raw"
printf '#!/bin/sh\nprintf "from the editor\\n" >>"$1"\n' >"$T/ed.sh"
chmod +x "$T/ed.sh"
ID=$(calm new "Palette kept") || fail "cannot declare"
cat >"$T/rc.bash" <<SH
PS1='shell\$ '
export TERM=$E2E_TERM LANG=C.UTF-8 TZ=UTC HOME=$HOME XDG_DATA_HOME=$XDG_DATA_HOME
export XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_STATE_HOME=$XDG_STATE_HOME CALM_DB=$CALM_DB CALM_AUTHOR=alice
export EDITOR='$T/ed.sh' VISUAL=
SH
TM start-server \; set -s exit-empty off \; \
	new-session -d -s calm -x 80 -y 24 "bash --noprofile --rcfile '$T/rc.bash' -i" ||
	fail "cannot start tmux"
wait_for '^shell\$'
: >"$RAW"
TM pipe-pane -o -t calm "cat >>'$RAW'" || fail "cannot record the pane"

# console_whole WHEN: the console is all on screen and in colour (the
# title bar's role, bold white on blue in the default theme)
console_whole() {
	wait_for "^ #$ID Palette kept .*stage 1/8 Evaluate"
	wait_for "1 Checklist"
	wait_for "2 Timeline"
	wait_for "q quit"
	no_screen 'shell\$'
	TM capture-pane -e -p -t calm | head -1 | grep -q $'\e\\[44m #'"$ID Palette kept" ||
		fail "$1: the title bar is not in its colours"
}

type_text "$(printf '%q open %q' "$CALM" "$ID")"
keys Enter
wait_for "Press any key to begin"
keys Escape
console_whole "first frame"

keys N # the editor, which exits at once
wait_for "note saved"
console_whole "back from the editor"

keys C-z
wait_for "Stopped"
wait_gone "1 Checklist"
type_text "fg"
keys Enter
console_whole "after fg"

keys N # and the editor again, after fg
wait_for "note saved"
console_whole "back from the editor after fg"
n=$(show_json "$ID" | grep -o '"text":"from the editor"' | wc -l)
[ "$n" = 2 ] || fail "expected 2 notes from the editor, got $n"

keys q
wait_for '^shell\$ .*open'
type_text 'echo "status $?"'
keys Enter
wait_for '^status 0$'
# the recording has everything up to that line (pipe-pane is a pipe)
end=$(( $(date +%s%N) / 1000000 + 5000 ))
until grep -aq 'status 0' "$RAW"; do
	[ $(( $(date +%s%N) / 1000000 )) -lt "$end" ] || fail "the recording stops short"
	sleep 0.05
done

# It is a recording of the console: taken four times (first frame, the
# editor twice, fg), each time with the default colours (op) sent.
n=$(grep -ao $'\e\\[?1049h' "$RAW" | wc -l)
[ "$n" -ge 4 ] || fail "the recording has the alternate screen $n times, not 4 or more"
n=$(grep -ao $'\e\\[39;49m' "$RAW" | wc -l)
[ "$n" -ge 4 ] || fail "orig_pair (op) was sent $n times, not 4 or more"
# No palette reset or change of any kind: OSC 4 (set colour), 10/11/12
# (foreground, background, cursor colour), 104/110/111/112 (their
# resets), and the linux console's ESC ] R and ESC ] P.
bad=$(LC_ALL=C grep -aoE $'\e\\]((4|10|11|12|104|110|111|112)([;\a]|\e\\\\)|R|P[0-9a-fA-F])' "$RAW" | cat -v)
[ -z "$bad" ] || fail "the console sent palette sequences: $(echo $bad)"
TM kill-server

# The linux console's oc is ESC ] R: not sent either on the way back
# from the editor (the recording starts once calm is up).
E2E_TERM=linux
: >"$RAW"
start "EDITOR=$T/ed.sh" "VISUAL=" -- open "$ID"
wait_for "Press any key to begin"
TM pipe-pane -o -t calm "cat >>'$RAW'" || fail "cannot record the pane"
keys Escape
wait_for "1 Checklist"
keys N
wait_for "note saved"
keys q
wait_exit
[ "$rc" = 0 ] || fail "exit status $rc"
end=$(( $(date +%s%N) / 1000000 + 5000 ))
# linux has no alternate screen: leaving shows the cursor (cnorm), for
# the editor and at exit; taking back hides it and sends op
until [ "$(grep -ao $'\e\\[?25h\e\\[?0c' "$RAW" | wc -l)" -ge 2 ]; do
	[ $(( $(date +%s%N) / 1000000 )) -lt "$end" ] || fail "linux: the recording stops short"
	sleep 0.05
done
grep -aq $'\e\\[?25l\e\\[?1c\e\\[39;49m' "$RAW" || fail "linux: the editor's return is not in the recording"
bad=$(LC_ALL=C grep -aoE $'\e\\]((4|10|11|12|104|110|111|112)([;\a]|\e\\\\)|R|P[0-9a-fA-F])' "$RAW" | cat -v)
[ -z "$bad" ] || fail "linux: the console sent palette sequences: $(echo $bad)"
pass
