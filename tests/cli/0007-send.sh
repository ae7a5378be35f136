#!/usr/bin/env bash
# Sending: the blame check names the words and refuses without --yes;
# a failing or hanging command channel leaves the draft unsent and says
# why in the timeline; text with quotes and $(...) reaches a command
# verbatim; an unknown channel and a clipboard with no terminal fail.
. "$(dirname "$0")/lib.sh"
export CALM_NOW=1675260300000   # 2023-02-01T14:05:00Z, as ms
mkdir -p "$XDG_CONFIG_HOME/calm"
cat >"$XDG_CONFIG_HOME/calm/config.yaml" <<YAML
names: [alice, Bob Smith]
channels:
  internal:
    command: [sh, -c, 'echo "no token for \$0" >&2; exit 3', slack]
  slow:
    command: [sleep, '30']
    timeout: 1
  copy:
    command: [sh, -c, 'cat > "\$0"', $T/copy.txt]
  clip:
    clipboard: true
YAML

run new "Search is slow"
id=$(cat "$OUT")

# blame words are named; nothing is sent or recorded as sent
run_in "It was Bob Smith's change: careless, and alice messed up." draft "$id" internal -
run send "$id" internal --channel copy
expect_rc 1
expect_err_line "calm: blame words in the internal update: 'Bob Smith', 'careless', 'alice', 'messed up' (blame the system, not people; send anyway with --yes)"
[ ! -e "$T/copy.txt" ] || fail "a refused update reached the channel"

# a failing command: exit 74, the draft stays unsent, the timeline says why
run send "$id" internal --yes
expect_rc 74
expect_err_line "calm: internal update not sent: command 'sh' exited with status 3: no token for slack"
expect_eq "$(sql "select count(*) from comms where sent_ms is not null")" 0
run show "$id" --json
expect_eq "$(jq -r '.events[-1].kind + ": " + .events[-1].text' "$OUT")" \
	"send-failed: internal update not sent: command 'sh' exited with status 3: no token for slack"

# a command that hangs is killed at its timeout
start=$(date +%s)
run send "$id" internal --yes --channel slow
expect_rc 74
expect_err "command 'sleep' did not finish within 1 s and was killed"
[ $(( $(date +%s) - start )) -le 4 ] || fail "the timeout did not stop the command"
expect_eq "$(sql "select count(*) from comms where sent_ms is not null")" 0

# quotes, $(...) and backticks reach the command byte for byte
text=$'it\'s "quoted" $(touch '"$T"$'/pwned) `id` $HOME\n\tsecond line'
run_in "$text" draft "$id" internal -
run send "$id" internal --channel copy
expect_rc 0
expect_eq "$(cat "$T/copy.txt")" "$text"
[ ! -e "$T/pwned" ] || fail "the text was run by a shell"
expect_eq "$(sql "select channel from comms where sent_ms is not null")" "command:sh"

# a sent draft is not sent twice
run send "$id" internal --channel copy
expect_rc 1
expect_err "no unsent internal draft to send"

# unknown channel; no channel for the audience; clipboard with no terminal
run_in "External words" draft "$id" external -
run send "$id" external --channel nope
expect_rc 78
expect_err_line "calm: no channel 'nope' in the config: add channels: nope: {file: PATH} (or command, clipboard), or use --channel manual"
run send "$id" external
expect_rc 78
run send "$id" external --channel clip
expect_rc 74
expect_err_line "calm: external update not sent: no terminal to put the clipboard on"
expect_eq "$(sql "select count(*) from comms where sent_ms is not null and audience = 'external'")" 0

# a bad channel config is a located error
cat >"$XDG_CONFIG_HOME/calm/config.yaml" <<'YAML'
channels:
  internal: {command: 'slack-send #inc'}
  Bad_Name: {file: relative.log}
cadence: {internal: 0}
YAML
run list
expect_rc 78
expect_err "config.yaml:2:23: 'command' must be a list: the program, then its arguments (no shell)"
expect_err "config.yaml:3:3: bad channel name 'Bad_Name': use only a-z, 0-9 and '-'"
expect_err "config.yaml:3:20: 'file' must be an absolute path or start with ~/"
expect_err "config.yaml:4:21:"
pass
