#!/usr/bin/env bash
# Scope: files calm will not trust, and outputs it will not pretend to
# have written.
#  - The config file runs commands (its channels): refused when group or
#    others can write it, or when it belongs to someone other than you or
#    root, as ssh refuses such files; one line names the file and the fix.
#    The reproduction: a world-writable config owned by another user
#    whose channel is `sh -c 'id > FILE'` ran as root on `calm send`.
#  - Playbooks and themes (shared by a team, they run nothing) are
#    refused only when others can write them.
#  - A config, playbook or theme path that is not a regular file (a FIFO
#    that would block forever, a directory, a device) is refused at once.
#  - --db :memory: (and CALM_DB, the config's db) is refused: nothing
#    would be stored.
#  - Output that cannot be written (stdout closed or full) is an error
#    exit, never 0.
. "$(dirname "$0")/lib.sh"

run new "Trust target"
expect_rc 0
printf 'internal update\n' | "$CALM" --db "$DB" draft 1 internal - >/dev/null 2>&1 || fail "draft"
CFG="$T/cfg.yaml"
cat >"$CFG" <<YAML
channels:
  internal:
    command: [sh, -c, 'id > $T/pwned']
YAML

# the reproduction: world-writable, owned by another user
chmod 0666 "$CFG"
run --config "$CFG" send 1 internal --yes
expect_rc 78
expect_err_line "calm: '$CFG' is writable by others and its channels run commands: fix it with chmod go-w '$CFG'"
[ ! -e "$T/pwned" ] || fail "the channel ran"
run --config "$CFG" config --check
expect_rc 78
# group-writable is refused too
chmod 0620 "$CFG"
run --config "$CFG" list
expect_rc 78
expect_err_line "calm: '$CFG' is writable by its group and its channels run commands: fix it with chmod go-w '$CFG'"
# the default config path is checked the same way
mkdir -p "$XDG_CONFIG_HOME/calm"
cp "$CFG" "$XDG_CONFIG_HOME/calm/config.yaml"
chmod 0666 "$XDG_CONFIG_HOME/calm/config.yaml"
run list
expect_rc 78
expect_err "is writable by others"
rm "$XDG_CONFIG_HOME/calm/config.yaml"
if [ "$(id -u)" -eq 0 ]; then
	chmod 0644 "$CFG"
	chown 65534 "$CFG"
	run --config "$CFG" send 1 internal --yes
	expect_rc 78
	expect_err_line "calm: '$CFG' belongs to user 65534, not to you or root, and its channels run commands: use your own copy"
	[ ! -e "$T/pwned" ] || fail "the channel ran"
	chown 0 "$CFG"
else
	echo "skip (a config owned by another user): not root"
fi
# 0644, yours: used
chmod 0644 "$CFG"
run --config "$CFG" config --check
expect_rc 0

# playbooks and themes: group-writable is fine, world-writable is not
cp "$CALM_SOURCE_DIR/playbooks/default.yaml" "$T/pb.yaml"
chmod 0664 "$T/pb.yaml"
run --playbook "$T/pb.yaml" config --check
expect_rc 0
chmod 0666 "$T/pb.yaml"
run --playbook "$T/pb.yaml" config --check
expect_rc 78
expect_err_line "calm: '$T/pb.yaml' is writable by others: fix it with chmod o-w '$T/pb.yaml'"
cp "$CALM_SOURCE_DIR/themes/light.yaml" "$T/th.yaml"
chmod 0666 "$T/th.yaml"
run --theme "$T/th.yaml" config --check
expect_rc 78
expect_err_line "calm: '$T/th.yaml' is writable by others: fix it with chmod o-w '$T/th.yaml'"

# not a regular file: refused at once, never read (a FIFO would block)
mkfifo "$T/fifo"
for opt in --config --playbook --theme; do
	rc=0
	timeout 5 "$CALM" --db "$DB" $opt "$T/fifo" config --check >"$OUT" 2>"$ERR" </dev/null || rc=$?
	[ "$rc" -ne 124 ] || fail "$opt FIFO: calm blocked"
	expect_rc 78
	expect_err_line "calm: '$T/fifo' is not a regular file"
	rc=0
	"$CALM" --db "$DB" $opt "$T" config --check >"$OUT" 2>"$ERR" </dev/null || rc=$?
	expect_rc 78
	expect_err "$T"
	rc=0
	"$CALM" --db "$DB" $opt /dev/null config --check >"$OUT" 2>"$ERR" </dev/null || rc=$?
	expect_rc 78
	expect_err_line "calm: '/dev/null' is not a regular file"
done

# a database that keeps nothing
rc=0; "$CALM" --db :memory: new "gone at exit" >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 64
expect_err_line "calm: database ':memory:' would keep nothing: give a file (--db PATH)"
rc=0; CALM_DB=:memory: "$CALM" list >"$OUT" 2>"$ERR" </dev/null || rc=$?
expect_rc 64

# output that cannot be written is an error
rc=0; "$CALM" --db "$DB" list >&- 2>"$ERR" </dev/null || rc=$?
expect_rc 74
expect_err_line "calm: cannot write output: standard output is closed"
rc=0; "$CALM" --db "$DB" show 1 >/dev/full 2>"$ERR" </dev/null || rc=$?
expect_rc 74
expect_err_line "calm: cannot write output: No space left on device"
# a big output to a full stdout fails too (not only the last buffer)
for i in $(seq 1 60); do "$CALM" --db "$DB" log 1 "note $i $(printf '%0200d' 0)" || fail "log"; done
rc=0; "$CALM" --db "$DB" show 1 >/dev/full 2>"$ERR" </dev/null || rc=$?
expect_rc 74
# nothing to print: a closed stdout is fine
rc=0; "$CALM" --db "$DB" log 1 "quiet" >&- 2>"$ERR" </dev/null || rc=$?
expect_rc 0
pass
