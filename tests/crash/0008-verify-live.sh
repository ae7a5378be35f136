#!/usr/bin/env bash
# `calm verify` while others write: two `calm log` loops append to one
# incident and a third process runs `calm verify` over and over.  Every
# run must say the chain is intact: the chain head and the events are
# read in one read transaction (one snapshot), so a note committed
# between two reads is never taken for a removed or edited event.
#
#   0008-verify-live.sh [SECONDS]   (default 5; `make stress` runs 20)
set -u
: "${CALM:?CALM must name the calm binary}"
secs=${1:-5}
T=$(mktemp -d "${TMPDIR:-/tmp}/calm-verify-live.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" TZ=UTC
DB="$T/calm.db"
fail() { echo "FAIL: $*" >&2; exit 1; }

id=$(CALM_AUTHOR=setup "$CALM" --db "$DB" new "Busy incident") || fail "cannot declare"
end=$(( $(date +%s) + secs ))
writer() {
	local n=0
	while [ "$(date +%s)" -lt "$end" ]; do
		CALM_AUTHOR=$1 "$CALM" --db "$DB" log "$id" "$1 note $n" 2>>"$T/$1.err" ||
			echo "log failed" >>"$T/$1.err"
		n=$((n + 1))
	done
}
writer w1 & writer w2 &
runs=0 bad=0
while [ "$(date +%s)" -lt "$end" ]; do
	runs=$((runs + 1))
	if ! "$CALM" --db "$DB" verify >/dev/null 2>"$T/verify.err"; then
		bad=$((bad + 1))
		cat "$T/verify.err" >>"$T/verify.all"
	fi
done
wait
for w in w1 w2; do
	[ -s "$T/$w.err" ] && fail "$w: $(head -3 "$T/$w.err")"
done
notes=$(sqlite3 "$DB" "select count(*) from events where kind='note'")
echo "verify runs: $runs while $notes notes were logged; false alarms: $bad"
[ "$bad" -eq 0 ] || fail "verify failed $bad of $runs runs against live writers: $(head -3 "$T/verify.all")"
[ "$runs" -ge 10 ] || fail "only $runs verify runs in ${secs} s"
"$CALM" --db "$DB" verify >/dev/null || fail "chain broken at the end"
echo "PASS: verify-live"
