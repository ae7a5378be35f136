#!/usr/bin/env bash
# A realistic incident replayed through the CLI, hour by hour (a
# database failover that split writes between two sites, told in our own
# words): a dozen notes with backticks, pipes, *, _, -> and ~.
#  - An update with a fact's marker left is refused, naming it;
#    --allow-missing sends it.
#  - A preview (export to stdout) records nothing: the timeline is the
#    same after it.
#  - The Markdown export reads as written: in the raw text no needless
#    escape (~30%, ->, [..], snake_case stay as typed), and cmark's
#    rendering has no stray backslash and every note once, in order, in
#    the narrative; the key events, the gantt block and the Record line
#    are there; durations agree between the resolution update and the
#    postmortem.
#  - calm verify: an untouched export is ok; one character changed in a
#    note's line exits 65 naming that line; prose added is ignored; an
#    event written later is listed; HTML and JSON exports verify too.
. "$(dirname "$0")/lib.sh"
command -v cmark >/dev/null || { echo "SKIP: cmark not installed"; exit 77; }

# at HH:MM ARGS...: run calm with the clock at that time UTC, on the
# 21st from noon, else on the 22nd
at() {
	local t=$1 day=21; shift
	[[ $t < 12 ]] && day=22
	CALM_NOW="2018-10-${day}T${t}:00Z" run "$@"
}

notes=(
	'`orchestrator` promoted the west replica -> writes now split across sites'
	'~30% of `git push` requests fail with 500s | p99 latency 12s'
	'status page set to *degraded*; webhooks queued, ~5M pending'
	'east primary has writes that west lacks: 40s of binlog_events_unreplicated'
	'decided: no failback until both sites are reconciled -> freeze deploys'
	'restoring from backup: ETA ~2h per cluster | biggest is `mysql1`'
	'backup restore slower than hoped: 3.5 hours for the largest cluster'
	'replicas catching up; queue_depth_max back under 1_000'
	'webhook backlog draining, *some* deliveries will be late'
	'2. pages that were "stuck" now load | checked from 3 regions'
	'read-only mode lifted -> all writes go to east again'
	'all queues drained; ~0.1% of webhooks expired before delivery'
)
times=(23:10 23:19 23:31 23:48 00:05 00:40 02:15 04:50 06:30 08:05 09:10 10:02)

at 22:54 new "Writes fail after a site failover" --severity 1
expect_rc 0
id=$(cat "$OUT")
at 22:55 mark "$id" started "2018-10-21 22:52"
at 22:55 mark "$id" detected "2018-10-21 22:54"
at 22:56 set "$id" impact "pushes, issues and webhooks failed or were late for some users"
for i in 0 1 2; do
	at "${times[$i]}" log "$id" "${notes[$i]}"
	expect_rc 0
done

# an update with a marker left: refused, naming it; --allow-missing sends
printf 'x\n' | CALM_NOW=2018-10-21T23:35:00Z "$CALM" --db "$DB" draft "$id" external --template >"$T/ext" 2>"$ERR"
grep -qF "[product: not set]" "$T/ext" || fail "the external draft does not show the product's marker"
CALM_NOW=2018-10-21T23:35:00Z "$CALM" --db "$DB" draft "$id" external - <"$T/ext" >/dev/null 2>&1 || fail "draft"
at 23:36 send "$id" external --channel manual
expect_rc 1
expect_err "[product: not set]"
expect_eq "$(sql "select count(*) from events where kind = 'sent'")" 0
at 23:37 send "$id" external --channel manual --allow-missing
expect_rc 0
at 23:38 set "$id" product "Code hosting"

for i in 3 4 5; do
	at "${times[$i]}" log "$id" "${notes[$i]}"
done
at 00:20 fix "$id" "fail back to the east site" --why "east has the newest writes"
at 00:30 outcome "$id" 1 failed "west took writes meanwhile: failback would lose them"
at 00:35 fix "$id" "restore west from backup, replay the east-only writes"
for i in 6 7 8 9; do
	at "${times[$i]}" log "$id" "${notes[$i]}"
done
at 09:00 outcome "$id" 2 worked "sites consistent again"
at 09:05 mark "$id" mitigated "2018-10-22 09:05"
for i in 10 11; do
	at "${times[$i]}" log "$id" "${notes[$i]}"
done
at 10:03 mark "$id" resolved "2018-10-22 10:03"
at 10:05 set "$id" outstanding "a few webhooks expired; owners are being told"
at 10:05 set "$id" data-lost "none"
CALM_NOW=2018-10-22T10:06:00Z "$CALM" --db "$DB" draft "$id" resolution --template >"$T/res" 2>/dev/null
CALM_NOW=2018-10-22T10:06:00Z "$CALM" --db "$DB" draft "$id" resolution - <"$T/res" >/dev/null 2>&1 || fail "draft"
CALM_NOW=2018-10-22T10:07:00Z run send "$id" resolution --channel manual
expect_rc 0
grep -qF "(11 hours 11 minutes in all)" "$T/res" || fail "the resolution update's duration: $(cat "$T/res")"

# a preview records nothing
before=$(sql "select count(*) || ':' || max(id) from events")
CALM_NOW=2018-10-22T10:10:00Z run export "$id"
expect_rc 0
grep -qF "[cause: not set]" "$OUT" || fail "the preview does not show the missing cause"
expect_err "[cause: not set]"
expect_eq "$(sql "select count(*) || ':' || max(id) from events")" "$before"
# a file is not written with a marker left
CALM_NOW=2018-10-22T10:10:00Z run export "$id" -o "$T/pm.md"
expect_rc 1
expect_err "[cause: not set]"
expect_err "[fix: not set]"
[ -e "$T/pm.md" ] && fail "an export with markers was written"
CALM_NOW=2018-10-22T10:11:00Z run set "$id" cause "a 43-second network partition made the orchestrator promote the other site"
CALM_NOW=2018-10-22T10:11:00Z run set "$id" fix "restoring the other site from backup and replaying the writes only one site had"
CALM_NOW=2018-10-22T10:12:00Z run export "$id" -o "$T/pm.md"
expect_rc 0
pm="$T/pm.md"

# the raw text: no needless escape
for s in '~30% of' 'replica -> writes' '~5M pending' 'queue_depth_max back under 1_000' \
	'binlog_events_unreplicated' 'ETA ~2h per cluster | biggest is'; do
	grep -qF -- "$s" "$pm" || fail "the Markdown escapes '$s' needlessly"
done
grep -qF '\*degraded\*' "$pm" || fail "*degraded* is not escaped (it would be emphasis)"
# the key events, the chart, the full timeline, the duration rule, the Record line
grep -qF '| 2018-10-21 22:52 | Impact started | 0 minutes |' "$pm" || fail "no impact start in the key events"
grep -qF '| 2018-10-22 10:03 | Impact resolved | +11 hours 11 minutes |' "$pm" || fail "no resolution in the key events"
grep -qF '| 2018-10-22 00:30 | Fix 1 failed: west took writes meanwhile: failback would lose them |' "$pm" ||
	fail "no failed fix in the key events"
grep -qF '| 2018-10-21 23:37 | External update sent (manual) |' "$pm" || fail "no update in the key events"
grep -qF -- '- **Impact:** from 2018-10-21 22:52 UTC to 2018-10-22 10:03 UTC, 11 hours 11 minutes in all' "$pm" ||
	fail "the postmortem's duration is not the update's"
grep -qxF '```mermaid' "$pm" || fail "no Mermaid block"
grep -qF '    Fix 1 failed :crit, 2018-10-22 00:20:00, 2018-10-22 00:30:00' "$pm" || fail "no failed fix in the chart"
grep -qF '    Fix 2 worked :done, ' "$pm" || fail "no worked fix in the chart"
grep -qxF '<details>' "$pm" || fail "the timeline is not in <details>"
grep -qF 'Durations run from the start of the impact' "$pm" || fail "the duration rule is not stated"
tail -n 1 "$pm" | grep -qE "^Record: incident $id, [0-9]+ events up to event [0-9]+, chain head [0-9a-f]{64}, database [0-9a-f]{32}, not sealed$" ||
	fail "no Record line"

# rendered: no stray backslash, every note once and in order in the narrative
cmark "$pm" >"$T/pm.html"
text() { sed -e 's/<[^>]*>//g' -e 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&amp;/\&/g' "$@"; }
text "$T/pm.html" | grep -qF '\' && fail "a stray backslash in the rendered postmortem"
sed -n '/<h2>What happened<\/h2>/,/<h2>/p' "$T/pm.html" | text | grep '^2018' >"$T/narrative"
for i in "${!notes[@]}"; do
	day=2018-10-21
	[[ ${times[$i]} < 12 ]] && day=2018-10-22
	n=$(grep -cxF -- "$day ${times[$i]} tester: ${notes[$i]}" "$T/narrative")
	[ "$n" = 1 ] || fail "note $i is in the narrative $n times: ${notes[$i]}"
done
grep -nF -- "tester: " "$T/narrative" | grep -v "fix attempt" | cut -d: -f1 >"$T/order"
sort -n -c "$T/order" || fail "the notes are not in order"
[ "$(grep -c 'fix attempt' "$T/narrative")" -ge 4 ] || fail "the fix attempts are not in the narrative"

# verify: untouched ok; prose added ignored; one character changed named
run verify "$pm"
expect_rc 0
expect_out "$pm: ok:"
printf '\nWe also want to thank the support team.\n' >>"$pm"
sed -i '3i Written up by the on-call team.' "$pm"
run verify "$pm"
expect_rc 0
line=$(grep -n 'restoring from backup: ETA' "$pm" | head -n 1 | cut -d: -f1)
sed -i "${line}s/ETA ~2h/ETA ~3h/" "$pm"
run verify "$pm"
expect_rc 65
expect_out "$pm:$line: changed: the record says"
expect_out "ETA ~2h per cluster"
expect_err "1 line the export made from the record is changed or missing"
# an event written after the export is listed, not an error
CALM_NOW=2018-10-22T11:00:00Z run export "$id" -o "$T/pm2.md"
CALM_NOW=2018-10-22T11:05:00Z run log "$id" "follow-up: the partition's cause is being looked into"
run verify "$T/pm2.md"
expect_rc 0
expect_out "written after the export"
expect_out "follow-up: the partition's cause"
# the other formats
CALM_NOW=2018-10-22T11:10:00Z run export "$id" --format html -o "$T/pm.html"
expect_rc 0
run verify "$T/pm.html"
expect_rc 0
grep -qF '<meta name="calm-record" content="Record: incident' "$T/pm.html" || fail "no Record in the HTML metadata"
CALM_NOW=2018-10-22T11:10:00Z run export "$id" --format json -o "$T/pm.json"
run verify "$T/pm.json"
expect_rc 0
jq -e '.chain.head | length == 64' "$T/pm.json" >/dev/null || fail "no chain head in the JSON"
sed -i 's/ETA ~2h/ETA ~9h/' "$T/pm.json"
run verify "$T/pm.json"
expect_rc 65
expect_out "changed: the record says 'restoring from backup: ETA ~2h"
"$CALM" --db "$DB" verify >/dev/null || fail "the database does not verify"
pass
