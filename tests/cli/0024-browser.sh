#!/usr/bin/env bash
# The exported pictures in a real browser, once, in the plain build:
# Mermaid's own code (npm mermaid, loaded into a page of Debian's
# chromium through playwright-core; no browser is downloaded) renders the
# Markdown's gantt block to SVG without error; the HTML page passes
# html-validate; a headless screenshot of the page's SVG is not blank
# and shows the impact bar.  chromium is installed from Debian and the
# npm packages (tests/browser/package.json and its lock) into a cache
# outside the source tree; when chromium cannot be installed, the checks
# say so and are skipped.
real_home=$HOME
. "$(dirname "$0")/lib.sh"
src=${CALM_SOURCE_DIR:?}
skip() { echo "SKIP: $*: the browser checks (Mermaid, html-validate, screenshot) were skipped"; exit 77; }
[ "${CALM_SANITIZE:-OFF}" = ON ] && skip "they run once, in the plain build"
command -v chromium >/dev/null || sh "$src/scripts/deps.sh" chromium >&2 || true
command -v chromium >/dev/null || skip "chromium cannot be installed"
command -v npm >/dev/null || sh "$src/scripts/deps.sh" nodejs npm >&2 || true
command -v npm >/dev/null || skip "npm cannot be installed"
cache=${CALM_BROWSER_CACHE:-${XDG_CACHE_HOME:-$real_home/.cache}/calm/browser-checks}
mkdir -p "$cache" || skip "no cache directory $cache"
if ! cmp -s "$src/tests/browser/package-lock.json" "$cache/package-lock.json" ||
	[ ! -d "$cache/node_modules/mermaid" ]; then
	cp "$src/tests/browser/package.json" "$src/tests/browser/package-lock.json" "$cache/"
	(cd "$cache" && npm ci --no-audit --no-fund >"$T/npm.log" 2>&1) ||
		{ cat "$T/npm.log" >&2; skip "the npm packages cannot be installed"; }
fi
cp "$src/tests/browser/check.mjs" "$cache/"

# an incident over hours: stages, impact, updates, a failed and a worked fix
at() { local t=$1; shift; CALM_NOW="2023-02-01T${t}:00Z" run "$@"; }
at 10:00 new "Checkout returns 500 for <b>EU</b> cards" --product "Checkout & pay"
id=$(cat "$OUT")
at 10:01 set "$id" impact-start "2023-02-01 09:50"
at 10:01 set "$id" impact "card payments | EU"
at 10:05 log "$id" "500s on /pay -> pool at 100%"
at 10:10 advance "$id" --override "browser test"
printf 'We are on it.' | CALM_NOW=2023-02-01T10:20:00Z "$CALM" --db "$DB" draft "$id" internal - >/dev/null
at 10:20 send "$id" internal --channel manual --allow-missing
at 10:30 advance "$id" --override "browser test"
at 11:00 fix "$id" "restart the workers"
at 11:20 outcome "$id" 1 failed "still 500"
at 11:30 fix "$id" "roll back the deploy"
at 12:10 outcome "$id" 2 worked
at 12:30 mark "$id" resolved "2023-02-01 12:25"
at 12:40 export "$id" -o "$T/pm.md" --allow-missing
expect_rc 0
at 12:40 export "$id" --format html -o "$T/pm.html" --allow-missing
expect_rc 0
sed -n '/^```mermaid$/,/^```$/p' "$T/pm.md" | sed '1d;$d' >"$T/gantt.mmd"
[ -s "$T/gantt.mmd" ] || fail "no gantt block in the Markdown"

cd "$cache" || fail "cannot enter $cache"
node check.mjs mermaid "$T/gantt.mmd" "$T/gantt.svg" 2>"$ERR" ||
	fail "Mermaid did not render the gantt block: $(cat "$ERR")"
grep -q '<svg' "$T/gantt.svg" || fail "Mermaid made no SVG"
node_modules/.bin/html-validate --config "$src/tests/browser/htmlvalidate.json" "$T/pm.html" >"$OUT" 2>&1 ||
	fail "html-validate: $(cat "$OUT")"
node check.mjs screenshot "$T/pm.html" "$T/picture.png" >"$OUT" 2>"$ERR" ||
	fail "the screenshot: $(cat "$ERR")"
expect_out "pixels drawn"
echo "browser checks: Mermaid rendered the gantt block, html-validate passed, the screenshot has the picture"
pass
