#!/usr/bin/env bash
# Crash durability: a scripted workload on one database, killed with
# SIGKILL at random moments.  Two kinds of kill alternate:
#  - a calm command of every kind that writes (notes from arguments and
#    stdin, ticks and unticks, a field, a declaration, a fix attempt and
#    its outcome, a draft, an update sent, an advance and a step back,
#    an action item and its status, a role handed over, a command run
#    with `calm run`, a CSV imported, a watched shell's records flushed)
#    killed 0 to 1.3 (2.6 for the heavier ones, 4 for run) times a `calm
#    log`'s run time after it starts, so before, during and after its
#    transaction (the span, below, is measured again as the run goes);
#  - the console, running in tmux on the same incident all along while
#    notes are TYPED into it (n, the text, Enter), killed at a random
#    moment: idle, in the middle of typing, or 0-15 ms after Enter
#    (during the save), then started again.
# After every kill: PRAGMA integrity_check is ok and `calm verify` is ok
# (the chain and every table recomputed from it).  Every command goes
# into a ledger, acknowledged (exit 0) or interrupted (killed); at the
# end each acknowledged creation (incident, fix attempt, draft, action
# item, update sent, command run, imported entry) is there exactly once
# and an interrupted one at most once; every shell record the hook
# handed over (written to its folder: that is the hook's
# acknowledgement) is there exactly once after a last flush, however
# many flushes were killed; and each state (a tick, a field, the stage, an outcome, an
# item's status, a role) is what the last acknowledged write left, or a
# later interrupted one.  Notes: every acknowledged one (a command that
# exited 0; a note the console showed "note saved" for) exactly once,
# nothing unacknowledged twice, a note typed without Enter absent, none
# that was never sent whole (none partial).
#
# With CALM_TEST_BACKEND=pg the same runs on a PostgreSQL database (the
# suite's server, or one of its own: tests/pg/lib.sh); the engine's
# check after each kill is then that no event points at nothing.
#
# Every kind of command must have been acknowledged at least once and
# checked: a kind that needs another first (an item's status needs an
# action item, an outcome a fix attempt) may not have come up in the
# kills asked when those were killed before they landed, so from 75
# kills on the run goes on, up to five times the kills asked, until
# every kind has been acknowledged; then it fails if one still has not.
# On a loaded machine a command may take longer than its window, so:
#  - the span is a running median: every tenth kill one `calm log` runs
#    to the end, timed, and the span is 1.3 times the median of the
#    last five (the five warm-up logs first);
#  - a kind not acknowledged yet has its window doubled for each of its
#    runs killed so far (up to 64 times): the flush of a watched shell
#    writes every record a killed flush left, so its work grows with
#    each of its kills while its window would not;
#  - going on past the kills asked stops at a deadline too
#    (CALM_CRASH_DEADLINE seconds from the start, 240 by default, but
#    at least 60 s past the kills asked), under ctest's timeout, so a
#    kind never acknowledged is named rather than the run timed out.
#
# The choices (which command, which delay) come from bash's RANDOM,
# seeded with CALM_CRASH_SEED when set and printed either way, so a run
# that failed can be replayed (the machine's timing still varies).
#
#   0001-sigkill.sh [KILLS]     (default 100; `make stress` runs 1000)
set -u
: "${CALM:?CALM must name the calm binary}"
kills=${1:-${CALM_CRASH_KILLS:-100}}
seed=${CALM_CRASH_SEED:-$(( (RANDOM << 15 | RANDOM) ^ $$ ))}
RANDOM=$seed
T=$(mktemp -d "${TMPDIR:-/tmp}/calm-crash.XXXXXX")
export HOME="$T" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" XDG_STATE_HOME="$T/state"
DB="$T/calm.db"
fail() { echo "FAIL: $(basename "$0"): $* (CALM_CRASH_SEED=$seed)" >&2; exit 1; }
on_pg() { [ "${CALM_TEST_BACKEND:-sqlite}" = pg ]; }
if on_pg; then
	. "$(dirname "$0")/../pg/lib.sh"
	pg_up || fail "no PostgreSQL"
	PGDB="crash_$$"
	pg_newdb "$PG_DIR" "$PGDB"
	DB=$(pg_uri "$PG_DIR" "$PGDB")
fi
export CALM_AUTHOR=crash TZ=UTC LANG=C.UTF-8 CALM_DB="$DB"
. "$(dirname "$0")/console.sh"
if on_pg; then
	trap 'con_cleanup; pg_sql "$PG_DIR" postgres "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" >/dev/null 2>&1; pg_down; rm -rf "$T"' EXIT
else
	trap 'con_cleanup; rm -rf "$T"' EXIT
fi
acked="$T/acked" unacked="$T/unacked" never="$T/never"
: >"$acked"; : >"$unacked"; : >"$never"
# every note text ever sent whole (any other note in the end is partial)
sent="$T/sent"; : >"$sent"
record() { jq -cn --arg n "$2" '$n' >>"$1"; }

id=$("$CALM" --db "$DB" new "Crash target" --severity 1) || fail "cannot declare"
other=$("$CALM" --db "$DB" new "Crash advances") || fail "cannot declare"
mapfile -t items < <("$CALM" --db "$DB" show "$id" --json | jq -r '.checklist[].id')
nitems=${#items[@]}
[ "$nitems" -gt 0 ] || fail "no checklist"

# A random delay in [0, span) ms, span 1.3 times what a `calm log`
# takes here (a few ms; more under a sanitizer or a load), so kills land
# before, during and after the transaction.  The median of the last five
# logs run to the end, not killed: a load that comes or goes during the
# run moves the span with it, and one slow log does not.
log_ms=() span_min=999 span_max=0
now_us() { echo "${EPOCHREALTIME//[!0-9]/}"; }
measure_span() { # TEXT: one `calm log` run to the end and timed, then the span
	local t0 median
	record "$sent" "$1"
	t0=$(now_us)
	"$CALM" --db "$DB" log "$id" "$1" >/dev/null || fail "cannot log"
	log_ms+=($(( ($(now_us) - t0) / 1000 )))
	record "$acked" "$1"
	[ ${#log_ms[@]} -le 5 ] || log_ms=("${log_ms[@]:1}")
	median=$(printf '%s\n' "${log_ms[@]}" | sort -n | sed -n "$(( (${#log_ms[@]} + 1) / 2 ))p")
	span=$(( median * 13 / 10 ))
	[ "$span" -ge 4 ] || span=4
	[ "$span" -le 999 ] || span=999
	[ "$span" -ge "$span_min" ] || span_min=$span
	[ "$span" -le "$span_max" ] || span_max=$span
}
for i in 1 2 3 4 5; do measure_span "warm-up note $i"; done
# sets d, in seconds: drawn here, not in a subshell, which bash reseeds
delay() { local ms=$((RANDOM % ${1:-$span})); printf -v d '%d.%03d' $((ms / 1000)) $((ms % 1000)); }

check_db() { # after kill $1
	if on_pg; then
		ic=$(q "SELECT count(*) FROM events e WHERE NOT EXISTS
			(SELECT 1 FROM incidents i WHERE i.id = e.incident_id)") || fail "the check could not run after kill $1"
		[ "$ic" = 0 ] || fail "events of no incident after kill $1: $ic"
	else
		ic=$(sqlite3 "$DB" 'pragma integrity_check') || fail "integrity_check could not run after kill $1"
		[ "$ic" = ok ] || fail "integrity_check after kill $1: $ic"
	fi
	"$CALM" --db "$DB" verify >/dev/null 2>"$T/verr" || fail "verify after kill $1: $(cat "$T/verr")"
}

# ---- the command line: one command, killed at a random moment ----
# Every command goes into a ledger (JSON lines): its kind, the state key
# or created text, the value it writes, and whether it was acknowledged
# (exit 0) or interrupted (killed: it may or may not have landed).
ledger="$T/ledger"; : >"$ledger"
ledge() { # KIND KEY VALUE ACKED(true|false)
	jq -cn --arg k "$1" --arg key "$2" --arg v "$3" --argjson a "$4" \
		'{kind: $k, key: $key, value: $v, acked: $a}' >>"$ledger"
}
q() { if on_pg; then pg_sql "$PG_DIR" "$PGDB" "$1"; else sqlite3 "$DB" "$1"; fi; }
cli_landed=0 cli_killed=0 cli_refused=0
fix_ns=() action_ns=()
declare -A kinds=() acked_kinds=()
# a kind not acknowledged yet: how many of its runs were killed, and the
# last window it was given (ms)
declare -A missed=() window=()
# a watched shell's folder: the hook's records (calm hook, calm watch)
spool="$T/spool"; mkdir -p "$spool"; hook_seq=0
hook_record() { # LINE: write the record the hook writes after a command
	hook_seq=$((hook_seq + 1))
	printf '%s\0' calm-hook-1 "$id" "$DB" bash "crash:1:1.5" "$hook_seq" 1769990400000000 \
		1769990401500000 0 /srv "$1" end >"$spool/$hook_seq"
}
cli_round() {
	local k=$1 c=$2 kind key="" value="" pid rc item n what w out="$T/cmd.out"
	case $((c % 17)) in
	0|1) kind=note; value="crash note $k $RANDOM"
	     [ $((c % 17)) = 1 ] && value+=$'\n'"second line" ;;
	2) kind=tick; item=${items[$((k % nitems))]}; key="$id/$item"
	   value=$([ $((k % 4)) -lt 2 ] && echo 0 || echo 1) ;;
	3) kind=set; key="$id/impact"; value="impact $k $RANDOM" ;;
	4) kind=declare; value="crash incident $k $RANDOM" ;;
	5) kind=fix; value="crash fix [$k.$RANDOM]" ;;
	6) kind=draft; value="draft $k $RANDOM" ;;
	7|8) kind=stage; key="$other"
	     n=$(q "select stage_index from incidents where id = $other")
	     if [ $((c % 17)) = 7 ]; then value=$((n + 1)); else value=$((n - 1)); fi ;;
	9) kind=send; value="external $k $RANDOM"
	   printf '%s\n' "$value" | "$CALM" --db "$DB" draft "$id" external - >/dev/null ||
		fail "cannot save the draft to send"
	   ledge draft "" "$value" true ;;
	10) if [ ${#fix_ns[@]} -gt 0 ]; then
		kind=outcome; n=${fix_ns[$((RANDOM % ${#fix_ns[@]}))]}
		key="$id/$n"; value="outcome $k $RANDOM"
	    else kind=note; fi ;;
	11) kind=action; value="crash action $k $RANDOM" ;;
	12) if [ ${#action_ns[@]} -gt 0 ]; then
		kind=status; n=${action_ns[$((RANDOM % ${#action_ns[@]}))]}
		key="$id/$n"; case $((RANDOM % 3)) in 0) value=done ;; 1) value=dropped ;; *) value=open ;; esac
	    else kind=note; fi ;;
	13) kind=role; key="$id/commander"; value="person$k" ;;
	14) kind=run; value="true crash-run-$k-$RANDOM" ;;
	15) kind=import; value="crash import $k $RANDOM"
	    printf 'time,author,text\n2026-02-01 09:00,importer,%s a\n2026-02-01 09:01,importer,%s b\n' \
		"$value" "$value" >"$T/import.csv" ;;
	16) kind=hook; value="crash-hook $k $RANDOM"
	    hook_record "$value"
	    ledge hook "" "\$ $value  [exit 0, 1.5s]" true ;;
	esac
	[ "$kind" = note ] && [ -z "$value" ] && value="crash note $k $RANDOM"
	# recorded as sent before it starts: the kill must not wait for jq
	[ "$kind" = note ] && record "$sent" "$value"
	case $kind in
	note) if [ $((c % 17)) = 1 ]; then printf '%s\n' "$value" | "$CALM" --db "$DB" log "$id" - >"$out" &
	      else "$CALM" --db "$DB" log "$id" "$value" >"$out" & fi ;;
	tick) "$CALM" --db "$DB" check "$id" "$item" $([ "$value" = 0 ] && echo --undo) >"$out" & ;;
	set) "$CALM" --db "$DB" set "$id" impact "$value" >"$out" & ;;
	declare) "$CALM" --db "$DB" new "$value" >"$out" & ;;
	fix) "$CALM" --db "$DB" fix "$id" "$value" --why "k $k" >"$out" & ;;
	draft) printf '%s\n' "$value" | "$CALM" --db "$DB" draft "$id" internal - >"$out" & ;;
	stage) if [ $((c % 17)) = 7 ]; then
		"$CALM" --db "$DB" advance "$other" --override "crash reason $k" >"$out" 2>"$T/adv.err" &
	       else "$CALM" --db "$DB" back "$other" >"$out" 2>"$T/adv.err" & fi ;;
	send) "$CALM" --db "$DB" send "$id" external --channel manual --yes >"$out" & ;;
	outcome) "$CALM" --db "$DB" outcome "$id" "${key#*/}" partial "$value" >"$out" & ;;
	action) "$CALM" --db "$DB" action "$id" "$value" >"$out" & ;;
	status) case $value in
		done) "$CALM" --db "$DB" action-done "$id" "${key#*/}" >"$out" & ;;
		dropped) "$CALM" --db "$DB" action-done "$id" "${key#*/}" --drop >"$out" & ;;
		open) "$CALM" --db "$DB" action-done "$id" "${key#*/}" --reopen >"$out" & ;;
		esac ;;
	role) "$CALM" --db "$DB" --as "$value" role "$id" commander "$value" >"$out" & ;; # taken at once
	run) "$CALM" --db "$DB" run "$id" -- $value >"$out" & ;;
	import) "$CALM" --db "$DB" import "$id" "$T/import.csv" >"$out" & ;;
	hook) "$CALM" --db "$DB" watch flush "$spool" >"$out" & ;;
	esac
	pid=$!
	kinds[$kind]=1
	# (acked_kinds[$kind] is set below when it exits 0)
	# the commands other than log do more (a playbook, a template): longer;
	# run starts the command first
	case $kind in note) w=$span ;; run) w=$((span * 4)) ;; *) w=$((span * 2)) ;; esac
	# not acknowledged yet: twice as long for each of its runs killed
	if [ -z "${acked_kinds[$kind]:-}" ]; then
		n=${missed[$kind]:-0}
		w=$(( w << (n < 6 ? n : 6) ))
		[ "$w" -le 30000 ] || w=30000 # RANDOM's range
		window[$kind]=$w
	fi
	delay "$w"
	sleep "$d"
	kill -KILL "$pid" 2>/dev/null
	rc=0; wait "$pid" 2>/dev/null || rc=$?
	[ "$rc" -eq 0 ] && acked_kinds[$kind]=1
	[ "$rc" -eq 137 ] && missed[$kind]=$(( ${missed[$kind]:-0} + 1 ))
	if [ "$kind" = stage ] && { [ "$rc" -eq 77 ] || [ "$rc" -eq 1 ]; }; then
		# refused by the routine (closed, or at the first stage): nothing
		# written; a closed one is replaced by a fresh incident
		cli_refused=$((cli_refused + 1))
		[ "$rc" -eq 77 ] && { other=$("$CALM" --db "$DB" new "Crash advances $k") || fail "cannot declare"; }
		return 0
	fi
	if [ "$kind" = status ] && [ "$rc" -ne 0 ] && [ "$rc" -ne 137 ]; then
		cli_refused=$((cli_refused + 1)) # already in that state: nothing written
		return 0
	fi
	if [ "$kind" = hook ]; then # its record is in the ledger already
		[ "$rc" -eq 0 ] && cli_landed=$((cli_landed + 1)) || cli_killed=$((cli_killed + 1))
		[ "$rc" -eq 0 ] || [ "$rc" -eq 137 ] || fail "flush $k failed with $rc"
		return 0
	fi
	if [ "$kind" = import ]; then # two entries, each a creation
		[ "$rc" -eq 0 ] || [ "$rc" -eq 137 ] || fail "import $k failed with $rc"
		[ "$rc" -eq 0 ] && cli_landed=$((cli_landed + 1)) || cli_killed=$((cli_killed + 1))
		ledge import "" "$value a" "$([ "$rc" -eq 0 ] && echo true || echo false)"
		ledge import "" "$value b" "$([ "$rc" -eq 0 ] && echo true || echo false)"
		return 0
	fi
	if [ "$rc" -eq 0 ]; then
		cli_landed=$((cli_landed + 1))
		ledge "$kind" "$key" "$value" true
		[ "$kind" = note ] && record "$acked" "$value"
		[ "$kind" = fix ] && fix_ns+=("$(cat "$out")")
		[ "$kind" = action ] && action_ns+=("$(cat "$out")")
		[ "$kind" = stage ] && [ "$value" = 8 ] && other=$("$CALM" --db "$DB" new "Crash advances $k")
	else
		[ "$rc" -eq 137 ] || fail "command $k ($kind) failed with $rc (not killed): $(cat "$T/adv.err" 2>/dev/null)"
		cli_killed=$((cli_killed + 1))
		ledge "$kind" "$key" "$value" false
		[ "$kind" = note ] && record "$unacked" "$value"
		# an interrupted fix or action may have landed: learn its number
		# (none yet when the first one was killed before it landed: 0 is no number)
		[ "$kind" = fix ] && n=$(q "select count(*) from fixes where incident_id = $id") && [ "$n" -gt 0 ] && fix_ns+=("$n")
		[ "$kind" = action ] && n=$(q "select count(*) from actions where incident_id = $id") && [ "$n" -gt 0 ] && action_ns+=("$n")
	fi
	return 0
}

# ---- the console: notes typed, calm killed at a random moment ----
con_kills=0 con_saw=0 con_acked=0 con_typing=0 con_saving=0 con_idle=0
con_round() {
	local k=$1 i n text deadline saw=0
	if ! con_alive c; then
		con_start c CALM_AUTHOR=console -- open "$id"
		con_ready c "$id"
	fi
	con_wait c status "^$|^note saved" 10
	con_errors c && fail "console: an error on screen after start$(con_dump c)"
	n=$((RANDOM % 3))
	for i in $(seq 1 "$n"); do
		text="typed note $k.$i $RANDOM"
		record "$sent" "$text"
		con_note c "$text"
		record "$acked" "$text"
		con_acked=$((con_acked + 1))
	done
	text="typed note $k.last $RANDOM"
	case $((RANDOM % 4)) in
	0)	# idle
		con_idle=$((con_idle + 1))
		delay 20; sleep "$d" ;;
	1)	# in the middle of typing: nothing may be written
		con_typing=$((con_typing + 1))
		con_type c "$text"
		record "$never" "$text"
		delay 20; sleep "$d" ;;
	*)	# during the save: acknowledged only if "note saved" was seen
		con_saving=$((con_saving + 1))
		con_type c "$text"
		record "$sent" "$text"
		CT send-keys -t "=c:" Enter
		# half the time blind (0-span ms: into the transaction), else
		# watching the status line for up to 15 ms
		if [ $((RANDOM % 2)) = 0 ]; then
			deadline=0; delay; sleep "$d"
		else
			deadline=$(( $(date +%s%N) / 1000 + RANDOM % 15000 ))
		fi
		while [ $(( $(date +%s%N) / 1000 )) -lt "$deadline" ]; do
			con_screen c
			if grep -q "^note saved" "$T/c.status"; then saw=1; break; fi
		done
		if [ "$saw" = 1 ]; then
			record "$acked" "$text"
			con_acked=$((con_acked + 1))
			con_saw=$((con_saw + 1))
		else
			record "$unacked" "$text"
		fi ;;
	esac
	kill -KILL "$(con_pid c)" || fail "console: not running at kill $k$(con_dump c)"
	con_exited c
	[ "$con_status" = 137 ] || fail "console: exit $con_status at kill $k, not killed$(con_dump c)"
	con_kills=$((con_kills + 1))
}

# the 15 kinds of command: each must be acknowledged at least once
all_kinds="note tick set declare fix draft stage send outcome action status role run import hook"
unacked_kind() { # the first kind not acknowledged yet, or nothing
	local kd
	for kd in $all_kinds; do [ -n "${acked_kinds[$kd]:-}" ] || { echo "$kd"; return; }; done
}
# going on past the kills asked stops here (seconds since the start)
deadline=${CALM_CRASH_DEADLINE:-240}
c=0 k=0
while [ "$k" -lt "$kills" ] ||
	{ [ "$kills" -ge 75 ] && [ "$k" -lt $((kills * 5)) ] && [ -n "$(unacked_kind)" ] &&
	  [ "$SECONDS" -lt "$deadline" ]; }; do
	k=$((k + 1))
	[ "$k" -eq "$kills" ] && [ "$deadline" -lt $((SECONDS + 60)) ] && deadline=$((SECONDS + 60))
	[ $((k % 10)) -eq 0 ] && measure_span "span note $k"
	if [ $((k % 3)) -eq 0 ]; then
		con_round "$k"
	else
		cli_round "$k" "$c"
		c=$((c + 1))
	fi
	check_db "$k"
done

# every acknowledged note exactly once; unacknowledged at most once;
# typed without Enter: absent; nothing that was never sent whole
"$CALM" --db "$DB" show "$id" --json >"$T/show" || fail "show"
jq '[.events[] | select(.kind == "note" and .data.import == null) | .text]' "$T/show" >"$T/notes"
jq -n --slurpfile a "$acked" --slurpfile u "$unacked" --slurpfile v "$never" \
	--slurpfile s "$sent" --slurpfile n "$T/notes" '
	($n[0] | group_by(.) | map({key: .[0], value: length}) | from_entries) as $count
	| ($s | map({key: ., value: true}) | from_entries) as $whole
	| { lost: [$a[] | select(($count[.] // 0) != 1)],
	    twice: [$u[] | select(($count[.] // 0) > 1)],
	    unsent: [$v[] | select(($count[.] // 0) > 0)],
	    partial: [$n[0][] | select($whole[.] | not)],
	    acked: ($a | length) }' >"$T/result"
for what in twice unsent partial; do
	[ "$(jq ".$what | length" "$T/result")" -eq 0 ] || fail "$what notes: $(jq -c ".$what" "$T/result")"
done
lost=$(jq '.lost | length' "$T/result")
[ "$lost" -eq 0 ] || echo "acknowledged notes not present exactly once: $(jq -c .lost "$T/result")" >&2
# the hook's records: a last flush, not killed, takes what is left
"$CALM" --db "$DB" watch flush "$spool" || fail "the last flush failed"
ls "$spool" | grep -qx '[0-9]*' && fail "records left after the last flush: $(ls "$spool")"
# every acknowledged write of every kind, against the ledger: a creation
# (incident, fix attempt, draft, action item, an update sent) exactly
# once when acknowledged, at most once when interrupted; a state (a
# tick, a field, the stage, an outcome, an item's status, a role) as the
# last acknowledged write left it, or as a later interrupted one did
if on_pg; then q "SELECT json_build_object(
	'titles', (SELECT coalesce(json_agg(title), '[]') FROM incidents),
	'drafts', (SELECT coalesce(json_agg(text), '[]') FROM comms),
	'sent', (SELECT coalesce(json_agg(text), '[]') FROM comms WHERE sent_ms IS NOT NULL),
	'fixes', (SELECT coalesce(json_agg(what), '[]') FROM fixes),
	'actions', (SELECT coalesce(json_agg(title), '[]') FROM actions),
	'tick', (SELECT coalesce(json_object_agg(incident_id || '/' || item_id, checked::text), '{}') FROM checklist),
	'set', (SELECT coalesce(json_object_agg(incident_id || '/' || name, value), '{}') FROM fields),
	'stage', (SELECT json_object_agg(id, (stage_index + (status = 'closed')::int)::text) FROM incidents),
	'outcome', (SELECT coalesce(json_object_agg(incident_id || '/' || n, outcome_note), '{}') FROM
		(SELECT incident_id, row_number() OVER (PARTITION BY incident_id ORDER BY id) AS n,
			outcome_note FROM fixes) AS f),
	'status', (SELECT coalesce(json_object_agg(incident_id || '/' || n, status), '{}') FROM
		(SELECT incident_id, row_number() OVER (PARTITION BY incident_id ORDER BY id) AS n,
			status FROM actions) AS a),
	'role', (SELECT coalesce(json_object_agg(incident_id || '/' || role, person), '{}') FROM roles),
	'runs', (SELECT coalesce(json_agg(calm_json(data) ->> 'cmd'), '[]') FROM events WHERE kind = 'run'),
	'imports', (SELECT coalesce(json_agg(text), '[]') FROM events WHERE calm_json(data) ->> 'import' IS NOT NULL),
	'shell', (SELECT coalesce(json_agg(text), '[]') FROM events WHERE kind = 'shell'))" >"$T/db.json" ||
	fail "cannot read the database"
else
sqlite3 "$DB" "SELECT json_object(
	'titles', (SELECT json_group_array(title) FROM incidents),
	'drafts', (SELECT json_group_array(text) FROM comms),
	'sent', (SELECT json_group_array(text) FROM comms WHERE sent_ms IS NOT NULL),
	'fixes', (SELECT json_group_array(what) FROM fixes),
	'actions', (SELECT json_group_array(title) FROM actions),
	'tick', (SELECT json_group_object(incident_id || '/' || item_id, CAST(checked AS TEXT)) FROM checklist),
	'set', (SELECT json_group_object(incident_id || '/' || name, value) FROM fields),
	'stage', (SELECT json_group_object(id, CAST(stage_index + (status = 'closed') AS TEXT)) FROM incidents),
	'outcome', (SELECT json_group_object(incident_id || '/' || n, outcome_note) FROM
		(SELECT incident_id, row_number() OVER (PARTITION BY incident_id ORDER BY id) AS n,
			outcome_note FROM fixes)),
	'status', (SELECT json_group_object(incident_id || '/' || n, status) FROM
		(SELECT incident_id, row_number() OVER (PARTITION BY incident_id ORDER BY id) AS n,
			status FROM actions)),
	'role', (SELECT json_group_object(incident_id || '/' || role, person) FROM roles),
	'runs', (SELECT json_group_array(json_extract(data, '$.cmd')) FROM events WHERE kind = 'run'),
	'imports', (SELECT json_group_array(text) FROM events WHERE json_extract(data, '$.import') IS NOT NULL),
	'shell', (SELECT json_group_array(text) FROM events WHERE kind = 'shell'))" >"$T/db.json" ||
	fail "cannot read the database"
fi
jq -n --slurpfile l "$ledger" --slurpfile d "$T/db.json" '
	$d[0] as $db
	| {declare: "titles", draft: "drafts", send: "sent", fix: "fixes", action: "actions",
	   run: "runs", import: "imports", hook: "shell"} as $where
	| {tick: "0", stage: "0", status: "open"} as $initial
	| [ $l[] | select($where[.kind]) | . as $e
	    | ([$db[$where[$e.kind]][] | select(. == $e.value)] | length) as $c
	    | select(($e.acked and $c != 1) or (($e.acked | not) and $c > 1))
	    | "\($e.kind) \($e.value | @json): \($c) times, \(if $e.acked then "acknowledged" else "interrupted" end)" ]
	  as $creations
	| [ [ $l[] | select($where[.kind] | not) | select(.kind != "note") ]
	    | group_by([.kind, .key])[]
	    | . as $g
	    | ([range(0; length) | select($g[.].acked)] | last) as $i
	    | (if $i == null then [$initial[$g[0].kind] // ""] + [$g[].value]
	       else [$g[$i].value] + [$g[($i + 1):][].value] end) as $allowed
	    | (($db[$g[0].kind] // {})[$g[0].key] // $initial[$g[0].kind] // "") as $got
	    | select(($allowed | index($got)) == null)
	    | "\($g[0].kind) \($g[0].key): \($got | @json), acknowledged or interrupted since: \($allowed | @json)" ]
	  as $states
	| { bad: ($creations + $states),
	    acked: ([ $l[] | select(.acked) ] | group_by(.kind) | map({key: .[0].kind, value: length}) | from_entries) }
' >"$T/ledger.result" || fail "cannot check the ledger"
[ "$(jq '.bad | length' "$T/ledger.result")" -eq 0 ] ||
	fail "acknowledged writes not as acknowledged: $(jq -c '.bad[:5]' "$T/ledger.result")"
if [ "$kills" -ge 75 ] && [ -n "$(unacked_kind)" ]; then
	what=$(unacked_kind)
	fail "no acknowledged $what in $k kills, ${SECONDS}s (its ${missed[$what]:-0} runs killed, the last 0-${window[$what]:-?} ms after it started; span ${span_min}-${span_max} ms; ran: ${!kinds[*]}; acknowledged: ${!acked_kinds[*]})"
fi

notes_acked=$(jq .acked "$T/result")
cli_acked=$(jq '[.acked[]] | add // 0' "$T/ledger.result")
echo "kills: $k of $kills asked, ${SECONDS}s, seed $seed (span ${span_min}-${span_max} ms; commands: $((cli_landed + cli_killed + cli_refused)), $cli_killed mid-run;" \
	"console: $con_kills: $con_saving while saving ($con_saw after "note saved" showed), $con_typing while typing, $con_idle idle)"
echo "acknowledged writes checked: $((cli_acked + con_acked)): commands $(jq -c .acked "$T/ledger.result" | tr -d '{}"')" \
	"+ $con_acked typed notes; lost: $lost"
[ "$lost" -eq 0 ] || fail "$lost acknowledged notes lost"
echo "PASS: crash"
