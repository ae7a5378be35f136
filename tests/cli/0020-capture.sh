#!/usr/bin/env bash
# Any bytes, nothing lost: calm run and its record; every byte from 0 to
# 255 in a note through `log -`, `run` and `import` is stored, exact in
# JSON (text_b64), inert on a real pseudo-terminal and in cmark's HTML;
# calm run's exit status is the command's and it runs even when calm
# cannot record; the secret filter covers run and log.
. "$(dirname "$0")/lib.sh"

b64() { base64 -d | od -An -tx1 | tr -d ' \n'; }
hex() { od -An -tx1 | tr -d ' \n'; }

run new "Bytes"
id=$(cat "$OUT")

# the issue's reproductions, once refused with 65
run_in $'deploy failed: caf\xe9\n' log -
expect_rc 0
printf 'a\0b' | "$CALM" --db "$DB" log - || fail "a NUL byte was refused"
run show "$id" --json
expect_eq "$(jq -r '.events[-2].text_b64' "$OUT" | b64)" "$(printf 'deploy failed: caf\xe9' | hex)"
expect_eq "$(jq -r '.events[-1].text_b64' "$OUT" | b64)" "$(printf 'a\0b' | hex)"
expect_eq "$(jq -r '.events[-1].text' "$OUT")" "a�b"
expect_eq "$(jq '[.events[] | select(.kind == "declare") | has("text_b64")] | .[0]' "$OUT")" "false"

# calm run: the command's status; its output recovered byte-exact
rc=0
"$CALM" --db "$DB" run -- sh -c 'printf "caf\351\000x\r\n"; exit 3' >"$T/out" 2>"$ERR" || rc=$?
expect_rc 3
expect_eq "$(hex <"$T/out")" "$(printf 'caf\351\000x\r\n' | hex)"
run show "$id" --json
ev=$(jq -c '[.events[] | select(.kind == "run")][-1]' "$OUT")
off=$(jq -r '.data.output_offset' <<<"$ev")
expect_eq "$(jq -r '.text_b64' <<<"$ev" | base64 -d | tail -c +$((off + 1)) | hex)" \
	"$(printf 'caf\351\000x\r\n' | hex)"
expect_eq "$(jq -r '[.data.exit, .data.cmd, .data.lines] | join("|")' <<<"$ev")" \
	"3|sh -c 'printf \"caf\\351\\000x\\r\\n\"; exit 3'|1"
jq -e '.data.cwd != "" and .data.host != "" and (.data.start | test("Z$"))' <<<"$ev" >/dev/null ||
	fail "run lacks cwd, host or start: $ev"
# a signal, a missing command; stdin passed through; the tail's limit
rc=0; "$CALM" --db "$DB" run -- sh -c 'kill -TERM $$' >/dev/null 2>&1 || rc=$?
expect_rc 143
rc=0; "$CALM" --db "$DB" run -- no-such-command-here >/dev/null 2>"$ERR" || rc=$?
expect_rc 127
expect_err "calm: cannot run 'no-such-command-here': No such file or directory"
expect_eq "$(printf 'from stdin' | "$CALM" --db "$DB" run -- cat)" "from stdin"
mkdir -p "$XDG_CONFIG_HOME/calm"
printf 'run_lines: 3\n' >"$XDG_CONFIG_HOME/calm/config.yaml"
"$CALM" --db "$DB" run -- seq 1 100 >/dev/null
run show "$id" --json
expect_eq "$(jq -c '[.events[] | select(.kind == "run")][-1].text' "$OUT")" \
	'"$ seq 1 100  [exit 0, 0.0s, last 3 lines of output]\n98\n99\n100\n"'
rm "$XDG_CONFIG_HOME/calm/config.yaml"
# not recordable: the command still runs, with its status, and calm says so
rc=0; "$CALM" --db "$T/nodir/x.db" run -- sh -c 'echo ran; exit 5' >"$T/out" 2>"$ERR" || rc=$?
expect_rc 5
expect_eq "$(cat "$T/out")" "ran"
expect_err "calm: the command ran but is not recorded: cannot open database"
run new "Second"
rc=0; "$CALM" --db "$DB" run -- true 2>"$ERR" || rc=$?
expect_rc 0
expect_err "not recorded: 2 incidents are active"
# secrets masked in run and log
"$CALM" --db "$DB" run "$id" -- echo --password hunter2 token=abc >/dev/null
run log "$id" "curl -H 'Authorization: Bearer abcdefghijklmnop'"
if on_pg; then
	"$PG_BIN/pg_dump" -h "$PG_DIR" -U postgres -d "$PGDB" >"$T/dump" || fail "pg_dump"
else
	sqlite3 "$DB" .dump >"$T/dump"
fi
grep -qF "Authorization: ****" "$T/dump" || fail "the dump lacks the masked note"
grep -q -e hunter2 -e abcdefghijklmnop -e token=abc "$T/dump" && fail "a secret reached the database"
run show "$id"
expect_out "echo --password **** token=****"

# every byte 0..255: through log -, run and import
printf "$(printf '\\%03o' $(seq 0 255))" >"$T/all"
expect_eq "$(wc -c <"$T/all" | tr -d ' ')" 256
run new "All bytes"
ab=$(cat "$OUT")
"$CALM" --db "$DB" log "$ab" - <"$T/all" || fail "log - refused the bytes"
"$CALM" --db "$DB" run "$ab" -- cat "$T/all" >"$T/out" || fail "run failed"
expect_eq "$(hex <"$T/out")" "$(hex <"$T/all")"
{
	printf 'time,author,text\n2026-02-01 09:00,importer,"'
	sed 's/"/""/g' "$T/all"
	printf '"\n'
} >"$T/all.csv"
run import "$ab" "$T/all.csv"
expect_rc 0
run show "$ab" --json
jq -e . "$OUT" >/dev/null || fail "show --json does not parse"
want=$(hex <"$T/all")
expect_eq "$(jq -r '[.events[] | select(.kind == "note")][1].text_b64' "$OUT" | b64)" "$want"
expect_eq "$(jq -r '[.events[] | select(.kind == "note")][0].text_b64' "$OUT" | b64)" "$want"
ev=$(jq -c '[.events[] | select(.kind == "run")][0]' "$OUT")
off=$(jq -r '.data.output_offset' <<<"$ev")
expect_eq "$(jq -r '.text_b64' <<<"$ev" | base64 -d | tail -c +$((off + 1)) | hex)" "$want"
# inert on a real terminal: no byte below 0x20 but CR and LF, no DEL,
# no C1, reaches it from show, export or list
if command -v script >/dev/null; then
	TERM=xterm-256color script -q -e -c "$(printf '%q ' "$CALM" --db "$DB" show "$ab")" "$T/pty" >/dev/null 2>&1
	TERM=xterm-256color script -q -e -c "$(printf '%q ' "$CALM" --db "$DB" export "$ab")" "$T/pty2" >/dev/null 2>&1
	cat "$T/pty2" >>"$T/pty"
	# C0 but CR and LF, DEL, C1 (U+0080..U+009F as UTF-8)
	LC_ALL=C grep -qaP '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]' "$T/pty" &&
		fail "raw control bytes reached the terminal"
	grep -qaF '^@^A^B^C' "$T/pty" || fail "the terminal did not show the bytes inert"
fi
# and in cmark's HTML of the postmortem
if command -v cmark >/dev/null; then
	run export "$ab" --allow-missing -o "$T/pm.md"
	expect_rc 0
	cmark "$T/pm.md" >"$T/pm.html"
	LC_ALL=C grep -qaP '[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]' "$T/pm.html" &&
		fail "raw control bytes in cmark's HTML"
	grep -qF '^@^A^B^C' "$T/pm.html" || fail "the note is not in the HTML, inert"
	# the one tag with an attribute is the document's own chart block
	grep -v '^<pre><code class="language-mermaid">' "$T/pm.html" |
		grep -q '<script\|<[a-z][a-z]* [a-z]*=' && fail "the bytes made HTML"
fi
"$CALM" --db "$DB" verify >/dev/null || fail "verify failed"
pass
