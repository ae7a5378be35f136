#!/bin/bash
# Scope: nothing typed is lost when the console is told to go, in any of
# its editors: a note, a field, a fix attempt (the why, after the what
# was given), an action item's title, a draft edited inline; each with
# SIGHUP (tmux pane closed, SSH dropped), SIGTERM, SIGINT and SIGQUIT.
# The process exits within a second with the terminal restored; the next
# open puts the text back into the same editor (same label, the earlier
# answers kept), and Enter saves it where it was meant to go.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Keystrokes kept") || fail "cannot declare"
calm log "$ID" "a note so the timeline has one" >/dev/null || fail "log"
DBID=$(sqlite3 "$CALM_DB" "select value from meta where key = 'id'")
kept() { ls "$T/state/calm/text-$DBID-$ID-"*.txt 2>/dev/null; }

open_console() {
	start -x 120 -y 40 -- open "$ID"
	wait_for "Press any key to begin"
	keys Escape
	wait_gone "Press any key to begin"
}

kill_console() { # SIG: the console goes at once, the terminal restored
	local pid t0 ms
	pid=$(pgrep -P "$(TM display -p -t calm '#{pane_pid}')" -x calm) || fail "no calm process"
	t0=$(date +%s%N)
	kill -"$1" "$pid"
	wait_exit 3
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	[ "$ms" -lt 1000 ] || fail "SIG$1: exit took $ms ms"
	[ "$(TM display -p -t calm '#{alternate_on}')" = 0 ] || fail "SIG$1: alternate screen left on"
	TM kill-server
}

# type_in EDITOR WORD: open that editor and type; the line it shows
type_in() {
	case $1 in
	note)	keys n; type_text "note $2"; wait_for "^note: note $2" ;;
	field)	keys f; wait_for "title: what is broken|3 Fields"; keys j j j; keys e
		wait_for "^impact:"; keys C-u; type_text "impact $2"; wait_for "^impact: impact $2" ;;
	fix)	keys 5; wait_for "5 Fixes"; keys a; wait_for "^trying:"
		type_text "fix what $2"; keys Enter; wait_for "^why:"
		type_text "fix why $2"; wait_for "^why: fix why $2" ;;
	action)	keys 6; wait_for "6 Actions"; keys a; wait_for "^action item:"
		type_text "item $2"; wait_for "^action item: item $2" ;;
	draft)	keys 4; wait_for "4 Comms"; keys i; wait_for "internal draft"
		keys C-u; type_text "draft $2"; wait_for "internal draft.*: draft $2" ;;
	esac
}

# saved_back EDITOR WORD: the editor is back with the text; Enter saves it
saved_back() {
	case $1 in
	note)	wait_for "^note: note $2"; keys Enter; wait_for "note saved"
		show_json "$ID" | grep -q "\"note $2\"" || fail "note $2 not saved" ;;
	field)	wait_for "^impact: impact $2"; keys Enter; wait_for "impact saved"
		show_json "$ID" | grep -q "\"impact\":\"impact $2\"" || fail "impact $2 not saved" ;;
	fix)	wait_for "^why: fix why $2"; keys Enter; wait_for "fix attempt #[0-9]+ logged"
		calm export "$ID" --format json | grep -q "\"what\":\"fix what $2\",\"why\":\"fix why $2\"" ||
			fail "fix $2 not saved with its what and why" ;;
	action)	wait_for "^action item: item $2"; keys Enter; wait_for "^owner:"; keys Enter
		wait_for "category:"; keys Enter; wait_for "^due"; keys Enter
		wait_for "action item #[0-9]+ added"
		calm export "$ID" --format json | grep -q "\"title\":\"item $2\"" || fail "item $2 not saved" ;;
	draft)	wait_for "internal draft.*: draft $2"; keys Enter; wait_for "draft saved \(internal"
		[ "$(calm draft "$ID" internal)" = "draft $2" ] || fail "draft $2 not saved" ;;
	esac
}

runs=0
for sig in HUP TERM INT QUIT; do
	for ed in note field fix action draft; do
		word="$sig-$ed-$RANDOM"
		open_console
		type_in "$ed" "$word"
		kill_console "$sig"
		[ -n "$(kept)" ] || fail "SIG$sig in the $ed editor: nothing kept"
		open_console
		wait_for "recovered unsaved text"
		saved_back "$ed" "$word"
		[ -z "$(kept)" ] || fail "SIG$sig, $ed: the kept file stayed after saving"
		keys q
		wait_exit
		TM kill-server
		runs=$((runs + 1))
	done
done
echo "editors x signals: $runs, every text back in its editor and saved"
pass
