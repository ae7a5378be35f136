#!/usr/bin/env bash
# The hostile corpus through the exports: the Markdown postmortem, read
# by a CommonMark parser (cmark), gains no markup, link, HTML or raw
# control byte from incident text; the JSON export parses and keeps
# every note byte for byte.
. "$(dirname "$0")/lib.sh"
. "${CALM_SOURCE_DIR:?}/tests/data/hostile.sh"
command -v cmark >/dev/null || { echo "SKIP: cmark not installed"; exit 77; }

run new $'Title *bold* _u_ # <script>alert(1)</script> [l](javascript:x) `c` | t \e]0;PWNED-TITLE\a'
expect_rc 0
id=$(cat "$OUT")
kept=0
for h in "${HOSTILE[@]}"; do
	run_in "$h" log "$id" -
	[ "$rc" -eq 0 ] && kept=$((kept + 1))
done
run set "$id" cause $'a *cause* with <b>html</b> and \e[31mred'
expect_rc 0
run export "$id" -o "$T/pm.md"
expect_rc 0
for b in "${BANNED[@]}"; do
	grep -qaF -- "$b" "$T/pm.md" && fail "raw bytes in the Markdown export: $(printf '%q' "$b")"
done
cmark --safe "$T/pm.md" >"$T/pm.html" 2>/dev/null || cmark "$T/pm.md" >"$T/pm.html"
grep -qi "<script" "$T/pm.html" && fail "incident text became a <script> tag"
grep -qi 'href="javascript' "$T/pm.html" && fail "incident text became a link"
grep -q "<em>bold</em>\|<strong>" "$T/pm.html" && fail "incident text became emphasis"
grep -q "<b>html</b>" "$T/pm.html" && fail "incident text became HTML"
grep -qF "Title *bold* _u_ #" "$T/pm.html" || fail "the title does not read the same after rendering"
grep -qF "a *cause* with &lt;b&gt;html&lt;/b&gt;" "$T/pm.html" || fail "the cause does not read the same"

run export "$id" --format json -o "$T/pm.json"
expect_rc 0
jq -e . "$T/pm.json" >/dev/null || fail "the JSON export does not parse"
grep -qaF $'\e' "$T/pm.json" && fail "raw ESC in the JSON export"
n=$(jq '[.. | objects | select(.kind? == "note")] | length' "$T/pm.json")
expect_eq "$n" "$kept"
jq -e --arg t "${HOSTILE[0]}" '[.. | objects | select(.kind? == "note") | .text] | index($t) != null' \
	"$T/pm.json" >/dev/null || fail "a note is not exact in the JSON export"
pass
