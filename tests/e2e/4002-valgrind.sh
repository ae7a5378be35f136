#!/bin/bash
# Scope: one console session under valgrind (memcheck): open an
# incident, dismiss the prompt, tick, write a note, advance past a
# closed gate with an override, resize, quit.  Any invalid read or
# write, use of uninitialised memory or definite leak fails the test.
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null 2>&1 || { echo "SKIP: valgrind not installed"; exit 77; }
# an ASan build cannot run under valgrind
if nm -a "$CALM" 2>/dev/null | grep -q __asan_init; then echo "SKIP: ASan build"; exit 77; fi

ID=$(calm new "Under valgrind") || fail "cannot declare"
VG="$T/vg.sh"
cat >"$VG" <<SH
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \\
	--log-file="$T/valgrind.log" "$CALM" "\$@"
SH
chmod +x "$VG"
CALM="$VG" start -- open "$ID"
wait_for "Press any key to begin" 30
keys Escape
wait_for "State in one sentence" 10
keys Space
wait_for "> \[x\] State in one sentence" 10
keys n
type_text "checked under valgrind"
keys Enter
wait_for "note saved" 10
keys '>'
wait_for "o: override with a reason" 10
keys o
type_text "drill"
keys Enter
wait_for "Stage 2/8" 10
keys Escape
resize 60 20
wait_for "stage 2/8" 10
keys q
wait_exit 30
[ "$rc" = 0 ] || fail "exit status $rc under valgrind: $(cat "$T/valgrind.log")"
[ ! -s "$T/valgrind.log" ] || fail "valgrind: $(head -30 "$T/valgrind.log")"
pass
