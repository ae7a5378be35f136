#!/usr/bin/env bash
# The hostile corpus through the three exports: the Markdown postmortem,
# read by a CommonMark parser (cmark), gains no markup, link, HTML or raw
# control byte from incident text; the HTML page has every piece of it
# escaped (no tag, script or raw control byte of its own); the JSON
# export parses and keeps every note byte for byte.
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
run export "$id" -o "$T/pm.md" --allow-missing
expect_rc 0
for b in "${BANNED[@]}"; do
	grep -qaF -- "$b" "$T/pm.md" && fail "raw bytes in the Markdown export: $(printf '%q' "$b")"
done
cmark --safe "$T/pm.md" >"$T/pm.html" 2>/dev/null || cmark "$T/pm.md" >"$T/pm.html"
grep -qi "<script" "$T/pm.html" && fail "incident text became a <script> tag"
grep -qi 'href="javascript' "$T/pm.html" && fail "incident text became a link"
# the document's own bold: its labels ("Cause:") and the narrative's times
grep -q "<em>" "$T/pm.html" && fail "incident text became emphasis"
grep -o "<strong>[^<]*</strong>" "$T/pm.html" |
	grep -qv '^<strong>[A-Z][a-z ]*:</strong>$\|^<strong>[0-9]\{4\}-[0-9-]* [0-9:]*</strong>$' &&
	fail "incident text became strong emphasis"
grep -q "<b>html</b>" "$T/pm.html" && fail "incident text became HTML"
grep -qF "Title *bold* _u_ #" "$T/pm.html" || fail "the title does not read the same after rendering"
grep -qF "a *cause* with &lt;b&gt;html&lt;/b&gt;" "$T/pm.html" || fail "the cause does not read the same"

run export "$id" --format html -o "$T/pm.html" --allow-missing
expect_rc 0
for b in "${BANNED[@]}"; do
	grep -qaF -- "$b" "$T/pm.html" && fail "raw bytes in the HTML export: $(printf '%q' "$b")"
done
LC_ALL=C grep -qaP '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]' "$T/pm.html" &&
	fail "a raw control byte in the HTML export"
grep -qi "<script" "$T/pm.html" && fail "the HTML export has a script"
grep -qi 'href=' "$T/pm.html" && fail "the HTML export has a link"
grep -q "<b>html</b>" "$T/pm.html" && fail "incident text became HTML in the page"
grep -qF "Title *bold* _u_ # &lt;script&gt;alert(1)&lt;/script&gt;" "$T/pm.html" ||
	fail "the title is not escaped in the page"
grep -qF "a *cause* with &lt;b&gt;html&lt;/b&gt; and ^[[31mred" "$T/pm.html" ||
	fail "the cause is not escaped and inert in the page"
# every tag in the page is one the writer makes
tags=$(grep -o '<[a-zA-Z!/][a-zA-Z0-9-]*' "$T/pm.html" | sort -u | tr -d '<' | tr '\n' ' ')
for t in $tags; do
	case " !DOCTYPE html head meta title style body main h1 h2 dl dt dd p table thead tbody tr th td figure svg rect path text line g figcaption ul li details summary footer /html /head /title /style /body /main /h1 /h2 /dl /dt /dd /p /table /thead /tbody /tr /th /td /figure /svg /rect /path /text /figcaption /ul /li /details /summary /footer " in
	*" $t "*) ;;
	*) fail "the page has a tag the writer does not make: <$t" ;;
	esac
done

run export "$id" --format json -o "$T/pm.json"
expect_rc 0
jq -e . "$T/pm.json" >/dev/null || fail "the JSON export does not parse"
grep -qaF $'\e' "$T/pm.json" && fail "raw ESC in the JSON export"
n=$(jq '[.. | objects | select(.kind? == "note")] | length' "$T/pm.json")
expect_eq "$n" "$kept"
jq -e --arg t "${HOSTILE[0]}" '[.. | objects | select(.kind? == "note") | .text] | index($t) != null' \
	"$T/pm.json" >/dev/null || fail "a note is not exact in the JSON export"
pass
