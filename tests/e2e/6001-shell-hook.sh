#!/usr/bin/env bash
# Shell capture, typed for real in bash and zsh under tmux with the hook
# from `calm hook`: 20 commands (one failing, one with password=hunter2
# on its line, one with a leading space, one the same as the line before
# it) give 19 shell entries in the order typed, each with its exit
# status, the secret masked everywhere in the database, the spaced one
# absent; the chain verifies, and after `calm watch off` nothing more
# is recorded.  The shells' own history settings are the usual ones
# (bash: HISTCONTROL=ignoreboth, zsh: HIST_IGNORE_SPACE).
. "$(dirname "$0")/lib.sh"

# The 20 lines typed, in order; EXPECT the 19 entries they must give.
LINES=() EXPECT=()
for i in $(seq 1 20); do
	case $i in
	4) l='false' ;;                           # fails: exit 1
	9) l='echo login password=hunter2 ok' ;;  # a secret on the line
	13) l=' echo spaced-out-13' ;;             # a leading space: left out
	15) l='echo c14' ;;                        # the same line again
	*) l="echo c$(printf '%02d' "$i")" ;;
	esac
	LINES+=("$l")
done
expect_entries() { # SHELL: print the 19 texts the database must hold
	local i l st
	for i in "${!LINES[@]}"; do
		l=${LINES[$i]}
		[ "${l:0:1}" = " " ] && continue
		st=0
		[ "$l" = false ] && st=1
		printf '$ %s  [exit %d' "${l//hunter2/****}" "$st"
		printf '\n'
	done
}

# shell_test SHELL RCFILE-LINES...: run SHELL in tmux, watch, type, check
shell_test() {
	local sh=$1 rc="$T/rc.$1" inc got want out
	shift
	printf '%s\n' "$@" >"$rc"
	inc=$("$CALM" new "hook test $sh")
	[ -n "$inc" ] || fail "no incident"
	TM kill-server >/dev/null 2>&1
	local envs="HOME=$HOME XDG_STATE_HOME=$XDG_STATE_HOME XDG_DATA_HOME=$XDG_DATA_HOME"
	envs+=" XDG_CONFIG_HOME=$XDG_CONFIG_HOME CALM_DB=$CALM_DB CALM_AUTHOR=$CALM_AUTHOR"
	envs+=" TERM=$E2E_TERM LANG=C.UTF-8 TZ=UTC"
	case $sh in
	bash) TM new-session -d -s calm -x 100 -y 30 "env -i PATH=$PATH $envs bash --rcfile '$rc' -i" ;;
	zsh) mkdir -p "$T/zdot"; cp "$rc" "$T/zdot/.zshrc"
	     TM new-session -d -s calm -x 100 -y 30 "env -i PATH=$PATH $envs ZDOTDIR=$T/zdot zsh -i" ;;
	esac
	wait_for 'PROMPT>' 10
	type_text "calm watch on $inc"; keys Enter
	wait_for "watching: this $sh shell" 10
	for l in "${LINES[@]}"; do
		type_text "$l"; keys Enter
		# the command's own output, then the next prompt
		case $l in
		false) ;;
		*) wait_for "^${l#*echo }\$|^login password" 10 ;;
		esac
		TM send-keys -t calm C-l
		wait_gone "${l#*echo }" 5
	done
	want=$(expect_entries)
	local end=$(( $(date +%s) + 20 ))
	while :; do
		got=$("$CALM" show "$inc" --json |
			jq -r '.events[] | select(.kind == "shell") | .text' | sed 's/, [0-9.]*s\]$//')
		[ "$(printf '%s\n' "$got" | grep -c .)" -ge 19 ] && break
		[ "$(date +%s)" -lt "$end" ] || break
		sleep 0.1
	done
	[ "$got" = "$want" ] || fail "$sh: the shell entries differ:
--- want
$want
--- got
$got"
	# exit codes in the data too; the spaced line nowhere; the secret nowhere
	out=$("$CALM" show "$inc" --json | jq -r '[.events[] | select(.kind == "shell") | .data.exit] | join(",")')
	[ "$out" = "0,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0" ] || fail "$sh: exit codes $out"
	"$CALM" show "$inc" --json | grep -q spaced-out && fail "$sh: the spaced command was recorded"
	sqlite3 "$CALM_DB" .dump | grep -q hunter2 && fail "$sh: the secret reached the database"
	"$CALM" verify "$inc" >/dev/null || fail "$sh: verify failed"
	type_text "calm watch off"; keys Enter
	wait_for "not watching" 10
	type_text "echo after-off"; keys Enter
	wait_for "^after-off" 5
	sleep 0.3 # a flush would have started by now: nothing must come
	[ "$("$CALM" show "$inc" --json | jq '[.events[] | select(.kind == "shell")] | length')" = 19 ] ||
		fail "$sh: recorded after watch off"
	TM kill-server >/dev/null 2>&1
}

command -v zsh >/dev/null || { echo "SKIP: zsh not installed (scripts/deps.sh installs it)"; exit 77; }
mkdir -p "$HOME"
shell_test bash 'HISTCONTROL=ignoreboth' "PATH=$(dirname "$CALM"):\$PATH" \
	"PS1='PROMPT> '" "alias calm='$CALM'" "eval \"\$('$CALM' hook bash)\""
shell_test zsh 'setopt HIST_IGNORE_SPACE' 'HISTSIZE=100' "PS1='PROMPT> '" \
	"alias calm='$CALM'" "eval \"\$('$CALM' hook zsh)\""
pass
