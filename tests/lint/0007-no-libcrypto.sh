#!/usr/bin/env bash
# calm is not linked with libcrypto: the event chain's SHA-256 comes
# from Nettle (src/store/event.c).  Linked, libcrypto costs every calm
# process ~1 ms at start (about 21,000 relocations), on `calm log`,
# `calm status` and the console's first frame alike, for one digest.
# So the binary's dynamic section must not name it, and writing a note
# (which hashes) must not load it.  (The unit tests may use it:
# test-store checks the hashes with OpenSSL.)
set -u
: "${CALM:?CALM must name the calm binary}"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v readelf >/dev/null || { echo "SKIP: no readelf"; exit 77; }
needed=$(readelf -d "$CALM" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
echo "$needed" | grep -q '^libc\.' || fail "readelf shows no libc in $CALM: $needed"
echo "$needed" | grep -q '^libcrypto' && fail "calm is linked with libcrypto: $needed"
T=$(mktemp -d "${TMPDIR:-/tmp}/calm-lint.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME=$T XDG_STATE_HOME=$T XDG_CONFIG_HOME=$T XDG_DATA_HOME=$T CALM_AUTHOR=t
"$CALM" --db "$T/c.db" new "Lint" >/dev/null || fail "calm new failed"
maps=$(LD_DEBUG=libs "$CALM" --db "$T/c.db" log "a note, hashed" 2>&1 >/dev/null)
echo "$maps" | grep -q 'libc\.so' || fail "LD_DEBUG showed no libraries loaded"
echo "$maps" | grep -q 'libcrypto' && fail "calm log loaded libcrypto"
[ "$("$CALM" --db "$T/c.db" verify)" ] || fail "calm verify printed nothing"
"$CALM" --db "$T/c.db" verify >/dev/null || fail "the chain written does not verify"
echo "ok: SHA-256 from Nettle, libcrypto neither linked nor loaded"
