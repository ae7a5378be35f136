#!/usr/bin/env bash
# Benchmark: what the shell hook (calm hook bash|zsh) adds to a prompt.
# Each shell runs on a pseudo-terminal (calm-prompt) and RUNS times gets
# "true" and Enter; the time is from Enter to the next prompt printed.
# Three runs of the same shell with the same rc file: without the hook,
# with the hook loaded but the shell not watched, and watched (calm
# watch on: each command is written to a record file and a background
# `calm watch flush` started).  The overhead is watched minus without.
# Afterwards every watched command must be in the database.
# Usage: hook.sh CALM CALM_PROMPT [RUNS]
set -eu
calm=$1 prompt=$2 runs=${3:-200}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export HOME=$dir/home XDG_STATE_HOME=$dir/state XDG_CONFIG_HOME=$dir/config
export XDG_DATA_HOME=$dir/data CALM_DB=$dir/bench.db CALM_AUTHOR=bench TZ=UTC LANG=C.UTF-8
export TERM=xterm-256color PATH="$(dirname "$calm"):$PATH"
mkdir -p "$HOME" "$dir/zbare" "$dir/zhook"
unset PROMPT_COMMAND PS0 HISTFILE
"$calm" new "bench" >/dev/null

printf "PS1='BENCH> '\nHISTCONTROL=ignoreboth\nHISTFILE=\n" >"$dir/bare.bash"
{ cat "$dir/bare.bash"; printf 'eval "$(%q hook bash)"\n' "$calm"; } >"$dir/hook.bash"
printf "PS1='BENCH> '\nsetopt HIST_IGNORE_SPACE\nunset HISTFILE\n" >"$dir/zbare/.zshrc"
{ cat "$dir/zbare/.zshrc"; printf 'eval "$(%q hook zsh)"\n' "$calm"; } >"$dir/zhook/.zshrc"

shells() { # bash|zsh bare|hook: the command line of that shell
	case $1 in
	bash) echo "bash --rcfile $dir/$2.bash -i" ;;
	zsh) echo "env ZDOTDIR=$dir/z$2 zsh -i" ;;
	esac
}
for sh in bash zsh; do
	command -v "$sh" >/dev/null || { echo "$sh: not installed, skipped"; continue; }
	read -r bare bare90 < <("$prompt" "$runs" "" -- $(shells "$sh" bare))
	read -r idle idle90 < <("$prompt" "$runs" "" -- $(shells "$sh" hook))
	before=$("$calm" show 1 --json | jq '[.events[] | select(.kind == "shell")] | length')
	read -r watched watched90 < <("$prompt" "$runs" "calm watch on 1" -- $(shells "$sh" hook))
	# the flushes run in the background: wait for the last records
	for _ in $(seq 100); do
		n=$("$calm" show 1 --json | jq '[.events[] | select(.kind == "shell")] | length')
		[ $((n - before)) -ge "$runs" ] && break
		sleep 0.1
	done
	[ $((n - before)) -ge "$runs" ] ||
		{ echo "hook.sh: $sh watched $runs commands, $((n - before)) recorded after 10 s" >&2; exit 1; }
	echo "$sh, Enter to the next prompt, median (90th percentile) of $runs:"
	echo "  without the hook:        $bare ms ($bare90)"
	echo "  hook loaded, not watched: $idle ms ($idle90)"
	echo "  watched:                  $watched ms ($watched90), $((n - before)) commands recorded"
	awk -v w="$watched" -v b="$bare" -v i="$idle" 'BEGIN {
		printf "  overhead per prompt: watched %.2f ms, not watched %.2f ms (aim <= 10)\n", w - b, i - b }'
done
