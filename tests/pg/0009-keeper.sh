#!/usr/bin/env bash
# The connection keeper (src/cli/keeper*.c) changes nothing a command
# does, and never runs one twice.
# 1. The same commands on two databases of one server, one with the
#    keeper (as users get it), one with CALM_KEEPER=off: the same
#    stdout, stderr and exit status, step by step (writes, reads,
#    errors, stdin, a secret masked, a reviewer's refused write, a write
#    queued while the server is down and sent by calm sync), and the
#    keeper's commands did go through it.
# 2. Writes in a loop while the keeper, its idle worker and the worker
#    running a command are killed (SIGKILL) at random moments: every
#    write acknowledged (exit 0) is on the server exactly once, none of
#    the others more than once.
# 3. The keeper leaves when its HOME is removed, and when its server
#    stops; `calm keeper --stop` stops one; what a killed one left is
#    removed; a calm built anew never reaches an older calm's keeper.
set -u
: "${CALM:?}" "${CALM_SOURCE_DIR:?}"
. "$CALM_SOURCE_DIR/tests/pg/lib.sh"
pg_test_setup keeper
unset CALM_KEEPER
# keepers of this test's own (the listing, --stop --all and the kills
# below never meet another test's)
export XDG_RUNTIME_DIR="$T/xdg"
mkdir -m 0700 "$XDG_RUNTIME_DIR"
export CALM_NOW=2026-03-01T10:00:00Z
pg_newdb "$S" teamb
A=$DB B=$(pg_uri "$S" teamb)

# keeper_pid DB: the pid of the keeper of DB ("" when none)
keeper_pid() {
	"$CALM" keeper | awk -v db="$1" '{ n = split($0, f, "  "); if (f[n] == db) print f[1] }'
}
# gone PID SECONDS: true once PID is no longer running, within SECONDS
gone() {
	local deadline=$((SECONDS + $2))
	while kill -0 "$1" 2>/dev/null; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.1
	done
}

n=0
# both ARGS...: run calm ARGS on A (keeper) and B (CALM_KEEPER=off), stdin
# from $T/in, and compare; the database names, uuids and hashes are put
# alike
both() {
	n=$((n + 1))
	local ra=0 rb=0
	"$CALM" --db "$A" "$@" <"$T/in" >"$T/a.out" 2>"$T/a.err" || ra=$?
	CALM_KEEPER=off "$CALM" --db "$B" "$@" <"$T/in" >"$T/b.out" 2>"$T/b.err" || rb=$?
	sed -i 's/teamb/team/g' "$T/b.out" "$T/b.err"
	# each incident's uuid is its own, and the chain's hashes with it
	sed -i -E 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/UUID/g; s/[0-9a-f]{64}/HASH/g; s/database [0-9a-f]{32}/database DBID/g' \
		"$T/a.out" "$T/a.err" "$T/b.out" "$T/b.err"
	[ "$ra" = "$rb" ] || { cp "$T/a.out" "$OUT"; cp "$T/a.err" "$ERR"; fail "step $n ($*): exit $ra through the keeper, $rb without"; }
	cmp -s "$T/a.out" "$T/b.out" || fail "step $n ($*): stdout differs: $(diff "$T/a.out" "$T/b.out")"
	cmp -s "$T/a.err" "$T/b.err" || fail "step $n ($*): stderr differs: $(diff "$T/a.err" "$T/b.err")"
	rc=$ra
}
: >"$T/in"
both new "Checkout returns 500" --severity 2
[ "$rc" -eq 0 ] || fail "new failed: $(cat "$T/a.err")"
kp=$(keeper_pid "$A")
[ -n "$kp" ] || fail "no keeper runs for $A after a command: $("$CALM" keeper)"
[ -z "$(keeper_pid "$B")" ] || fail "CALM_KEEPER=off started a keeper"
# ... and commands do go through it: a traced client talks to the
# keeper's socket only, never to the server (a keeper answering "run it
# yourself" to everything would pass every comparison below).  Quick
# commands right after the keeper started (by the first command, on a
# database still to be made) each go through it: a worker warms on a
# database whose schema the command makes (0.1 s apart, each finds one
# ready; a client waiting for a worker still warming is not made here)
command -v strace >/dev/null 2>&1 || fail "strace is needed (make deps installs it)"
# LeakSanitizer cannot run under ptrace: leaks are checked by the other runs
NOLEAK=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
# traced ARGS...: run calm --db A ARGS under strace; through (yes, no,
# untraced: strace cannot trace here) in $through
traced() {
	ASAN_OPTIONS=$NOLEAK strace -f -e trace=connect,mkdir -o "$T/conn" "$CALM" --db "$A" "$@" \
		>"$OUT" 2>"$ERR" || fail "$* through the keeper failed: $(cat "$ERR")"
	if ! grep -q "connect(" "$T/conn"; then
		through=untraced
	elif grep -q 'k-[0-9a-f]*\.sock' "$T/conn" && ! grep -q '\.s\.PGSQL' "$T/conn"; then
		through=yes
	else
		through=no
	fi
}
for try in 1 2 3 4 5 6; do
	traced list
	[ "$through" = untraced ] && { echo "strace cannot trace here: the hand-off is not checked" >&2; break; }
	[ "$through" = yes ] || fail "quick command $try after the keeper started ran by itself: $(cat "$T/conn")"
	sleep 0.1
done
both log 1 "the pool is exhausted"
both log 1 "db password: hunter2 was in the log"
echo "from standard input" >"$T/in"
both log 1 -
: >"$T/in"
both log 99 "no such incident"
[ "$rc" -eq 66 ] || fail "log 99 exited $rc"
both set 1 impact "users cannot pay"
both check 1 no-such-item
both advance 1
[ "$rc" -eq 1 ] || fail "advance with its gate unmet exited $rc"
both show 1
# a config written after the keeper started is the command's: its zone
# reads a typed time (09:00 in Kolkata is 03:30Z)
mkdir -p "$HOME/.config/calm"
echo "timezone: Asia/Kolkata" >"$HOME/.config/calm/config.yaml"
both log 1 --when 09:00 "first seen at nine, Kolkata time"
[ "$rc" -eq 0 ] || fail "log --when in Kolkata failed: $(cat "$T/a.err")"
rm "$HOME/.config/calm/config.yaml"
both show 1
grep -q "03:30:00Z.*first seen at nine" "$T/a.out" ||
	fail "09:00 in Kolkata is not 03:30Z through the keeper: $(grep nine "$T/a.out")"
both show 1 --json
both list
both search pool
both roles 1
both verify 1
both export 1 --format md
both log --help
both lgo 1 "a typo"
grep -q hunter2 "$T/a.out" "$T/b.out" && fail "a secret reached the output"
[ "$(pg_sql "$S" team "SELECT count(*) FROM events WHERE text LIKE '%hunter2%'")" = 0 ] ||
	fail "a secret reached the server through the keeper"
[ "$(keeper_pid "$A")" = "$kp" ] || fail "the keeper changed while it served"

# a reviewer (SELECT only) through a keeper of its own
for db in team teamb; do
	pg_sql "$S" "$db" "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reviewer" >/dev/null
done
A0=$A B0=$B
A=$(pg_uri "$S" team reviewer) B=$(pg_uri "$S" teamb reviewer)
both show 1
both log 1 "a reviewer may not write"
[ "$rc" -eq 74 ] || fail "a reviewer's write exited $rc"
[ -n "$(keeper_pid "$A")" ] || fail "no keeper for the reviewer"
A=$A0 B=$B0

# the server stopped: the keeper's worker loses its connection, the
# write runs by itself and is queued, as without a keeper
pg_stop "$S" immediate
both log 1 "written while the server is down"
[ "$rc" -eq 0 ] || fail "a write with the server down exited $rc"
grep -q "queued" "$T/a.err" || fail "not queued: $(cat "$T/a.err")"
gone "$kp" 15 || fail "the keeper $kp outlived its server by 15 s"
pg_start "$S" || fail "cannot start the server again"
both sync
both show 1

# 2. kill -9 of the keeper and its workers while writes go on: 15
# rounds of 4 writes, in each a process of the keeper killed at a
# random moment (the keeper, its idle worker, a worker with a client,
# the process running a command), whichever is there then
: >"$T/acked"
kills=0
for r in $(seq 15); do
	(
		for j in 1 2 3 4; do
			"$CALM" --db "$A" log 1 "loop $r.$j" >/dev/null 2>>"$T/loop.err" &&
				echo "$r.$j" >>"$T/acked"
		done
	) &
	batch=$!
	sleep "0.0$((RANDOM % 9 + 1))"
	k=$(keeper_pid "$A")
	if [ -n "$k" ]; then
		workers=$(pgrep -P "$k")
		victims="$k $workers $(for w in $workers; do pgrep -P "$w"; done)"
		set -- $victims
		shift $((RANDOM % $#))
		kill -9 "$1" 2>/dev/null && kills=$((kills + 1))
	fi
	wait "$batch"
done
[ "$kills" -ge 5 ] || fail "only $kills of 15 rounds killed a process of the keeper"
CALM_KEEPER=off "$CALM" --db "$A" sync >/dev/null 2>&1
for r in $(seq 15); do
	for j in 1 2 3 4; do
		c=$(pg_sql "$S" team "SELECT count(*) FROM events WHERE text = 'loop $r.$j'")
		[ "$c" -le 1 ] || fail "'loop $r.$j' is on the server $c times"
		if grep -qxF "$r.$j" "$T/acked"; then
			[ "$c" -eq 1 ] || fail "'loop $r.$j' was acknowledged and is not on the server"
		fi
	done
done
[ "$(wc -l <"$T/acked")" -ge 30 ] || fail "only $(wc -l <"$T/acked") of 60 writes acknowledged: $(sort -u "$T/loop.err")"
"$CALM" --db "$A" verify 1 >"$OUT" 2>"$ERR" || fail "the chain does not verify after the kills"

# 3. a keeper of another HOME leaves when that HOME goes; --stop stops one
mkdir -p "$T/bob"
HOME="$T/bob" "$CALM" --db "$B" show 1 >/dev/null 2>&1 || fail "show as bob failed"
bobs=$(keeper_pid "$B")
[ -n "$bobs" ] || fail "no keeper for bob"
rm -rf "$T/bob"
gone "$bobs" 10 || fail "bob's keeper outlived his HOME by 10 s"
"$CALM" --db "$A" show 1 >/dev/null 2>&1
k=$(keeper_pid "$A")
[ -n "$k" ] || fail "no keeper before --stop"
# a calm installed or built anew (another file) is never served by the
# keeper an older calm started (that one runs the older code): it
# starts a keeper of its own beside it
cp "$CALM" "$T/calm-new"
"$T/calm-new" --db "$A" show 1 >/dev/null 2>&1 || fail "show by a new calm failed"
[ "$(keeper_pid "$A" | wc -l)" -eq 2 ] ||
	fail "a new calm's command went to the old calm's keeper: $("$CALM" keeper)"
# --stop stops the keepers of the database in use (both calms' here),
# not another database's; --stop --all stops every one
HOME="$T/alice" "$CALM" --db "$B" show 1 >/dev/null 2>&1 || fail "show on B failed"
kb=$(keeper_pid "$B")
[ -n "$kb" ] || fail "no keeper for B"
"$CALM" --db "$A" keeper --stop >"$OUT" 2>"$ERR" || fail "calm keeper --stop failed"
grep -q "^stopped $k " "$OUT" || fail "--stop did not say it stopped $k"
[ "$(grep -c "^stopped " "$OUT")" -eq 2 ] || fail "--stop did not stop both keepers of A"
gone "$k" 5 || fail "the keeper $k did not stop"
kill -0 "$kb" 2>/dev/null || fail "--stop on A stopped B's keeper $kb"
"$CALM" keeper --stop >"$OUT" 2>"$ERR" || fail "--stop with no keeper for the database in use failed"
grep -q "no keeper runs for" "$ERR" || fail "--stop with no keeper said nothing"
kill -0 "$kb" 2>/dev/null || fail "--stop on another database stopped B's keeper $kb"
rc=0
"$CALM" keeper --all >"$OUT" 2>"$ERR" || rc=$?
[ "$rc" -eq 64 ] || fail "--all without --stop exited $rc"
"$CALM" keeper --stop --all >"$OUT" 2>"$ERR" || fail "calm keeper --stop --all failed"
grep -q "^stopped $kb " "$OUT" || fail "--stop --all did not stop $kb"
gone "$kb" 5 || fail "the keeper $kb did not stop"
# a keeper killed (SIGKILL, with its workers) left its socket: the next
# command finds it refused and the lock free, and a new keeper serves
"$CALM" --db "$A" show 1 >/dev/null 2>&1 || fail "show before the kill failed"
k=$(keeper_pid "$A")
[ -n "$k" ] || fail "no keeper before the kill"
kill -9 $(pgrep -P "$k") "$k"
gone "$k" 5 || fail "the killed keeper $k still runs"
"$CALM" --db "$A" show 1 >/dev/null 2>&1 || fail "show after the kill failed"
k2=$(keeper_pid "$A")
[ -n "$k2" ] && [ "$k2" != "$k" ] || fail "no new keeper after $k was killed: $("$CALM" keeper)"
traced show 1
[ "$through" = no ] && fail "the command after the kill did not go through the new keeper"
# ... and a listing, or a command through a keeper, never makes the
# directory (mkdir traced above: none), one gone is not made again by a
# listing
grep -qF "mkdir(\"$XDG_RUNTIME_DIR" "$T/conn" &&
	fail "a command through the keeper made the keepers' directory: $(grep mkdir "$T/conn")"
mkdir -m 0700 "$T/run"
XDG_RUNTIME_DIR="$T/run" "$CALM" keeper >"$OUT" 2>"$ERR" || fail "calm keeper with no directory failed"
[ ! -e "$T/run/calm" ] || fail "a listing made the keepers' directory"
"$CALM" --db "$A" keeper --stop >/dev/null 2>&1
# what a keeper killed left (its lock free and a minute old) goes
kd=${XDG_RUNTIME_DIR:+$XDG_RUNTIME_DIR/calm}
kd=${kd:-/tmp/calm-$(id -u)}
: >"$kd/k-test$$.lock"
: >"$kd/k-test$$.sock"
: >"$kd/k-new$$.lock"
touch -d "2 minutes ago" "$kd/k-test$$.lock"
"$CALM" keeper >"$OUT" 2>"$ERR" || fail "calm keeper failed"
[ ! -e "$kd/k-test$$.lock" ] && [ ! -e "$kd/k-test$$.sock" ] || fail "a dead keeper's files stayed"
[ -e "$kd/k-new$$.lock" ] || fail "a lock younger than a minute was removed"
rm -f "$kd/k-new$$.lock"
echo "ok"
