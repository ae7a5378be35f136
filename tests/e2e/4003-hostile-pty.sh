#!/bin/bash
# Scope: hostile text never reaches a terminal raw.  Every string of the
# corpus (tests/data/hostile.sh) goes into a title, notes and fields, and
# a hostile line into a draft, a fix attempt, an outcome and an action
# item; then the console (incident screen, timeline, fields, picker,
# search results, comms, fixes, actions, postmortem, an event read whole,
# the help, the line editor on a field and on a draft), `calm show`
# (also --at and --json), `review`, `roles`, `stats`, `draft`, `export`,
# `list`, `search` (also --json), `help keys` and an error message
# quoting a hostile file name run in a
# real pseudo-terminal (script(1)) and the BYTES the terminal received are
# searched for each banned sequence.  tmux would neutralise some of them,
# so this test does not go through tmux.  The database keeps every byte.
. "$(dirname "$0")/lib.sh"
. "${CALM_SOURCE_DIR:?}/tests/data/hostile.sh"
command -v script >/dev/null || { echo "SKIP: no script(1)"; exit 77; }
export TERM=xterm-256color

ID=$(calm new $'Hostile \e]0;PWNED-TITLE\a title') || fail "cannot declare"
for h in "${HOSTILE[@]}"; do
	printf '%s' "$h" | calm log "$ID" - 2>/dev/null
done
calm set "$ID" impact $'impact \e[6n\e]52;c;UFdORUQtQ0xJUA==\a' || fail "cannot set"
calm set "$ID" cause $'cause FAILED\rOK \xe2\x80\xae' || fail "cannot set"
# and into every other kind of text a pane or command shows
H=$'fix \e]0;PWNED-TITLE\a \e[6n FAILED\rOK \xe2\x80\xae evil \xe2\x80\x8b end'
printf '%s' "$H" | calm draft "$ID" internal - >/dev/null || fail "cannot save a draft"
calm fix "$ID" "$H" --why "$H" >/dev/null || fail "cannot log a fix"
calm outcome "$ID" 1 failed "$H" >/dev/null || fail "cannot set an outcome"
calm action "$ID" $'item \e]0;PWNED-TITLE\a \e[6n \xe2\x80\xae end' >/dev/null || fail "cannot add an action item"
calm set "$ID" outstanding "$H" >/dev/null || fail "cannot set outstanding"
stored=$(show_json "$ID" | jq '[.events[] | select(.kind == "note")] | length')
# every string is kept, invalid UTF-8 too (its exact bytes in text_b64)
[ "$stored" -eq ${#HOSTILE[@]} ] || fail "notes stored: $stored"
show_json "$ID" | jq -e --arg t $'osc title \e]0;PWNED-TITLE\a end' \
	'[.events[].text] | index($t)' >/dev/null || fail "a note was not kept byte for byte"

# pty RUN ARGS: run calm in a pty fed with keys from $KEYS, bytes to $T/pty
pty() {
	( sleep 0.8; printf '%s' "$KEYS"; sleep 0.8; printf 'q'; sleep 0.3; printf 'q' ) |
		script -q -f -e -c "$(printf '%q ' "$CALM" "$@")" "$T/pty" >/dev/null 2>&1
	cat "$T/pty" >>"$T/all"
}
: >"$T/all"
KEYS=$'\e' pty open "$ID"             # incident screen, gate, checklist
KEYS=$'\e2G' pty open "$ID"           # the timeline, followed to the end
KEYS=$'\e3' pty open "$ID"            # the fields
KEYS='' pty                           # the picker
KEYS=$'\e4' pty open "$ID"            # comms: the hostile draft
KEYS=$'\e4i\e' pty open "$ID"         # ... in the inline editor
KEYS=$'\e5' pty open "$ID"            # fixes
KEYS=$'\e6' pty open "$ID"            # action items
KEYS=$'\e7' pty open "$ID"            # the postmortem preview
KEYS=$'\e2G\r' pty open "$ID"        # the newest event read whole
KEYS=$'\e3jjj\r\e' pty open "$ID"    # the impact field in the editor
KEYS=$'\e?' pty open "$ID"            # the help
KEYS='' pty review "$ID"               # the review summary, then its console
for cmd in "show $ID --at 5" "roles $ID" "stats" "draft $ID internal" \
	"export $ID" "list --all" "search --json osc" "show $ID --json" "help keys"; do
	# shellcheck disable=SC2086
	script -q -e -c "$(printf '%q ' "$CALM" $cmd)" "$T/pty" </dev/null >/dev/null 2>&1; cat "$T/pty" >>"$T/all"
done
script -q -e -c "$(printf '%q ' "$CALM" show "$ID")" "$T/pty" >/dev/null 2>&1; cat "$T/pty" >>"$T/all"
script -q -e -c "$(printf '%q ' "$CALM" list)" "$T/pty" >/dev/null 2>&1; cat "$T/pty" >>"$T/all"
for q in osc title clipboard hyperlink dcs device resize clear sgr trick bidi zero markdown json; do
	script -q -e -c "$(printf '%q ' "$CALM" search "$q")" "$T/pty" >/dev/null 2>&1; cat "$T/pty" >>"$T/all"
done
KEYS=$'/trick\r' pty                  # search in the picker, its results
bad=$'\e]0;PWNED-TITLE\a.yaml'
script -q -e -c "$(printf '%q ' "$CALM" --playbook "$T/$bad" show "$ID")" "$T/pty" >/dev/null 2>&1; cat "$T/pty" >>"$T/all"
# the captures hold what was drawn, made inert
for shown in "Hostile" "PWNED-TITLE" "osc title" "FAILED^MOK" "^[[6n" "<U+202E>" "cannot read" \
	"fix ^[]0;PWNED-TITLE^G" "<U+200B>" "impact: impact ^[[6n"; do
	grep -qaF -- "$shown" "$T/all" || fail "the terminal never showed: $shown"
done
# the draft in the line editor, scrolled to its end, inert
grep -qaE 'internal draft: .*<U\+200B>' "$T/all" || fail "the inline editor never showed the draft inert"
for b in "${BANNED[@]}"; do
	if grep -qaF -- "$b" "$T/all"; then
		fail "raw bytes reached the terminal: $(printf '%q' "$b")"
	fi
done
pass
