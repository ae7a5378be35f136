# bash completion for calm: commands, options and incident ids.
# Installed to the bash-completion directory by `make install`.

_calm_ids() {
	# the first column of `calm list`, skipping its header
	calm "$@" list --all 2>/dev/null | awk 'NR > 1 && $1 ~ /^[0-9]+$/ { print $1 }'
}

_calm_drill_ids() {
	# the first column of `calm drill --list`, skipping its header
	calm drill --list 2>/dev/null | awk 'NR > 1 && $1 ~ /^[0-9]+$/ { print $1 }'
}

_calm_themes() {
	# the first column of `calm config --themes`
	calm config --themes 2>/dev/null | awk '{ print $1 }'
}

_calm() {
	local cur prev words cword
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	local commands="new list show log check set advance back verify open help draft send fix outcome nofix action action-done export config search review role roles stats amend strike mark run hook watch import status seal drill sync push pull keeper"
	local globals="--db --config --playbook --as --theme --help --version"
	local i cmd="" dbopt=()

	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--db|--config|--playbook|--as|--theme)
			[ "${COMP_WORDS[i]}" = --db ] && dbopt=(--db "${COMP_WORDS[i+1]}")
			((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done

	case $prev in
	--db|--config|--playbook|-o|--key|--scenario|--to|--from)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--as|--product|--override|--why|--owner)
		return ;;
	--theme)
		# a theme name, or a file
		COMPREPLY=($(compgen -W "$(_calm_themes)" -- "$cur") $(compgen -f -X '!*.yaml' -- "$cur"))
		return ;;
	--severity)
		COMPREPLY=($(compgen -W "1 2 3 4" -- "$cur")); return ;;
	--format)
		case $cmd in
		import) COMPREPLY=($(compgen -W "csv md slack" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "md json csv" -- "$cur")) ;;
		esac
		return ;;
	--when|--date|--speed)
		return ;;
	--report|--open|--abandon|--delete)
		COMPREPLY=($(compgen -W "$(_calm_drill_ids)" -- "$cur")); return ;;
	esac

	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$globals" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		fi
		return
	fi

	local opts=""
	case $cmd in
	new) opts="--severity --product --help" ;;
	list|ls) opts="--all --json --drills --help" ;;
	search) opts="--json --limit --advanced --drills --help" ;;
	stats) opts="--json --drills --help" ;;
	drill) opts="--speed --scenario --list --report --open --abandon --delete --json --help" ;;
	show) opts="--json --help" ;;
	check|tick) opts="--undo --help" ;;
	advance|next) opts="--override --help" ;;
	draft) opts="--template --help" ;;
	send) opts="--yes --allow-missing --channel --help" ;;
	fix) opts="--why --help" ;;
	action) opts="--owner --category --due --help" ;;
	action-done) opts="--drop --reopen --help" ;;
	export) opts="--format -o --record --allow-missing --help" ;;
	log|note) opts="--when --help" ;;
	import) opts="--format --date --help" ;;
	status) opts="--tmux --help" ;;
	config) opts="--check --paths --roles --themes --keys --help" ;;
	seal) opts="--key --help" ;;
	role) opts="--accept --clear --help" ;;
	push) opts="--to --help" ;;
	pull) opts="--from --db --help" ;;
	keeper) opts="--stop --all --help" ;;
	help) COMPREPLY=($(compgen -W "$commands keys" -- "$cur")); return ;;
	*) opts="--help" ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	case $cmd in
	drill)
		# a closed incident to replay
		[ "$prev" = drill ] && COMPREPLY=($(compgen -W "$(_calm_ids "${dbopt[@]}")" -- "$cur")) ;;
	hook)
		[ "$prev" = hook ] && COMPREPLY=($(compgen -W "bash zsh" -- "$cur")) ;;
	watch)
		if [ "$prev" = watch ]; then
			COMPREPLY=($(compgen -W "on off" -- "$cur"))
		elif [ "$prev" = on ]; then
			COMPREPLY=($(compgen -W "$(_calm_ids "${dbopt[@]}")" -- "$cur"))
		fi ;;
	run)
		# an id, then the command
		if [ "$prev" = run ]; then
			COMPREPLY=($(compgen -W "$(_calm_ids "${dbopt[@]}") --" -- "$cur") $(compgen -c -- "$cur"))
		else
			COMPREPLY=($(compgen -c -- "$cur"))
		fi ;;
	import)
		if [ "$prev" = import ]; then
			COMPREPLY=($(compgen -W "$(_calm_ids "${dbopt[@]}")" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	export)
		if [ "$prev" = --format ]; then
			COMPREPLY=($(compgen -W "md json csv html" -- "$cur"))
		elif [ "$prev" = -o ]; then
			COMPREPLY=($(compgen -f -- "$cur"))
		elif [ "$prev" = export ]; then
			COMPREPLY=($(compgen -W "$(_calm_ids "${dbopt[@]}")" -- "$cur"))
		fi ;;
	verify)
		# an incident id, or an exported postmortem to check
		if [ "$prev" = verify ]; then
			COMPREPLY=($(compgen -W "$(_calm_ids "${dbopt[@]}")" -- "$cur") $(compgen -f -X '!*.@(md|json|html)' -- "$cur"))
		fi ;;
	mark)
		if [ "$prev" = mark ]; then
			COMPREPLY=($(compgen -W "$(_calm_ids "${dbopt[@]}") detected started mitigated resolved" -- "$cur"))
		elif [[ $prev =~ ^[0-9]+$ ]]; then
			COMPREPLY=($(compgen -W "detected started mitigated resolved" -- "$cur"))
		fi ;;
	show|log|note|check|tick|set|advance|next|back|prev|open|draft|send|fix|outcome|nofix|action|action-done|seal)
		# the incident id is the first argument after the command
		if [ "$prev" = "$cmd" ]; then
			COMPREPLY=($(compgen -W "$(_calm_ids "${dbopt[@]}")" -- "$cur"))
		elif [ "$cmd" = set ] && [[ $prev =~ ^[0-9]+$ ]]; then
			COMPREPLY=($(compgen -W "title severity product impact impact-start detected-at mitigated-at resolved-at cause fix outstanding data-lost" -- "$cur"))
		elif { [ "$cmd" = draft ] || [ "$cmd" = send ]; } && [[ $prev =~ ^[0-9]+$ ]]; then
			COMPREPLY=($(compgen -W "internal external resolution" -- "$cur"))
		fi ;;
	esac
}
complete -F _calm calm
