#!/bin/bash
# Scope: the comms pane (issue 4).  Stage 3 opens on the internal
# draft, rendered from the template; e writes it in $EDITOR and saves a
# revision ("draft saved (internal, rev 1)" in the timeline); s runs the
# blame check, whose box names the words; y sends it to the file
# channel of the config, and the pane and the timeline say "sent".  An
# audience without a channel asks before marking it sent by hand; the
# resolution audience says plainly what is not stated yet.  The title
# bar counts down to the next update and flags one overdue.
. "$(dirname "$0")/lib.sh"

T0=2023-02-01T14:05:00Z
mkdir -p "$XDG_CONFIG_HOME/calm"
cat >"$XDG_CONFIG_HOME/calm/config.yaml" <<YAML
channels:
  internal:
    file: $T/internal.log
cadence:
  internal: 30
  external: {3: 20}
YAML
ED="$T/ed.sh"
cat >"$ED" <<'SH'
#!/bin/sh
for f; do :; done
printf '%s\n' "EU card payments fail at checkout since 10:00." \
	"It was Bob's fault: the 09:55 deploy." "Next update by 15:00." >"$f"
SH
chmod +x "$ED"

ID=$(CALM_NOW=$T0 calm new "Checkout returns 500") || fail "cannot declare"
CALM_NOW=$T0 calm advance "$ID" --override "walked in the test" >/dev/null || fail "advance"
CALM_NOW=$T0 calm advance "$ID" --override "walked in the test" >/dev/null || fail "advance"

# 12 minutes after the declaration: the countdown; 40: overdue
start -x 120 -y 40 "CALM_NOW=2023-02-01T14:17:00Z" "EDITOR=$ED" "VISUAL=" -- open "$ID"
wait_for "Stage 3/8"
keys Escape
wait_for "│ 4 Comms"
wait_for "int 18m  ext 8m  SEV3"
wait_for "\[internal\]  external   resolution"
wait_for "from the template, not saved yet"
wait_for "never sent"
wait_for "\[sev 3\] Checkout returns 500"

keys e
wait_for "draft saved \(internal, rev 1\)"
wait_for "draft rev 1, unsent"
wait_for "It was Bob's fault: the 09:55 deploy."
wait_for "\[draft\] draft saved"

keys s
wait_for "Blame check"
wait_for "This update mentions: 'Bob's fault'"
wait_for "Send anyway\? y/N"
keys n
wait_for "not sent: the draft is kept"
[ ! -e "$T/internal.log" ] || fail "a refused update reached the channel"
keys s
wait_for "Send anyway\? y/N"
keys y
wait_for "internal update sent via file:$T/internal.log \(rev 1\)"
wait_for "last sent: rev 1 2023-02-01 14:17Z by alice"
wait_for "\[sent\] internal update"
[ "$(cat "$T/internal.log")" = "$(printf '%s\n' "--- 2023-02-01 14:17:00Z: internal update, rev 1, sent by alice ---" \
	"EU card payments fail at checkout since 10:00." \
	"It was Bob's fault: the 09:55 deploy." "Next update by 15:00.")" ] ||
	fail "channel file holds: $(cat "$T/internal.log")"
wait_for "int 30m  ext 8m  SEV3"

# no channel for external: asked, refused, nothing sent
keys a
wait_for "internal  \[external\]  resolution"
keys s
wait_for "The config has no channel named 'external'"
keys n
wait_for "not sent: the draft is kept"

# resolution: the unstated facts are named and set in place
keys Right
wait_for "\[resolution\]"
wait_for "not stated yet: outstanding issues, data lost"
keys o
wait_for "^outstanding:"
type_text "none"
keys Enter
wait_for "not stated yet: data lost"
keys l
type_text "none"
keys Enter
wait_for "outstanding: none  \|  data lost: none"
keys Left Left
wait_for "\[internal\]"
keys q
wait_exit

json=$(show_json "$ID")
echo "$json" | jq -e --arg p "$T/internal.log" \
	'[.events[] | select(.kind == "sent")] | map(.text) == ["internal update sent via file:" + $p + " (rev 1)"]' >/dev/null ||
	fail "sent event: $(echo "$json" | jq -c '[.events[] | select(.kind == "sent")]')"
echo "$json" | jq -e '[.events[] | select(.kind == "draft")][0].text == "draft saved (internal, rev 1)"' >/dev/null ||
	fail "draft event missing"
echo "$json" | jq -e '.fields.outstanding == "none" and .fields["data-lost"] == "none"' >/dev/null ||
	fail "fields: $(echo "$json" | jq -c .fields)"
calm export "$ID" --format json | jq -e '.comms | map(select(.sent != null)) | length == 1' >/dev/null ||
	fail "export does not show one sent update"

TM kill-server
start -x 120 -y 40 "CALM_NOW=2023-02-01T14:30:00Z" -- open "$ID"
wait_for "Stage 3/8"
keys Escape
wait_for "int 17m  ext OVERDUE 5m"
pass
