#!/usr/bin/env bash
# calm is not linked with libcrypto: the event chain's SHA-256 comes
# from Nettle (src/store/event.c).  Linked, libcrypto costs every calm
# process ~1 ms at start (about 21,000 relocations), on `calm log`,
# `calm status` and the console's first frame alike, for one digest.
# The unit tests may use it (test-store checks the hashes with it).
set -u
: "${CALM:?CALM must name the calm binary}"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v readelf >/dev/null || { echo "SKIP: no readelf"; exit 77; }
needed=$(readelf -d "$CALM" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[ -n "$needed" ] || fail "readelf printed no NEEDED entries for $CALM"
echo "$needed" | grep -q '^libnettle' || fail "calm does not name Nettle: $needed"
echo "$needed" | grep -q '^libcrypto' && fail "calm is linked with libcrypto: $needed"
echo "ok: SHA-256 from Nettle, libcrypto not linked"
