#!/bin/bash
# Scope: SIGHUP (tmux pane closed, SSH dropped), SIGTERM, SIGINT and
# SIGQUIT while a note is being typed: the text is kept (a file named
# after the database's id and the incident), the terminal is restored
# (the alternate screen left, the mouse turned off), and the process
# exits within 1 s.  The next open offers the text and says so.
. "$(dirname "$0")/lib.sh"

ID=$(calm new "Signals") || fail "cannot declare"
DBID=$(sqlite3 "$CALM_DB" "select value from meta where key = 'id'")
[ ${#DBID} -eq 32 ] || fail "no database id"
# the text kept for the incident: the part after the header's blank line
kept() { for f in "$T/state/calm/text-$DBID-$ID-"*.txt; do [ -e "$f" ] && sed '1,/^$/d' "$f"; done; }
for sig in HUP TERM INT QUIT; do
	start -- open "$ID"
	wait_for "Press any key to begin"
	keys Escape
	wait_gone "Press any key to begin"
	keys n
	type_text "typed before SIG$sig"
	wait_for "^note: typed before SIG$sig"
	[ "$(TM display -p -t calm '#{alternate_on}')" = 1 ] || fail "not on the alternate screen"
	[ "$(TM display -p -t calm '#{mouse_standard_flag}#{mouse_any_flag}')" != 00 ] || fail "mouse not on"
	pid=$(pgrep -P "$(TM display -p -t calm '#{pane_pid}')" -x calm) || fail "no calm process"
	t0=$(date +%s%N)
	kill -"$sig" "$pid"
	wait_exit 3
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	[ "$ms" -lt 1000 ] || fail "SIG$sig: exit took $ms ms"
	[ "$(TM display -p -t calm '#{alternate_on}')" = 0 ] || fail "SIG$sig: terminal left on the alternate screen"
	[ "$(TM display -p -t calm '#{mouse_standard_flag}#{mouse_any_flag}')" = 00 ] || fail "SIG$sig: mouse left on"
	[ "$(kept)" = "typed before SIG$sig" ] || fail "SIG$sig: kept text is: $(kept)"
	TM kill-server
	# the next open offers it; Esc then y discards it for the next round
	start -- open "$ID"
	wait_for "recovered unsaved text"
	keys Escape
	wait_for "^note: typed before SIG$sig"
	keys Escape
	wait_for "discard"
	keys y
	wait_gone "^note: typed before"
	[ -z "$(kept)" ] || fail "text kept after discarding"
	keys q
	wait_exit
	TM kill-server
done
pass
