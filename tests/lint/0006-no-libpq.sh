#!/usr/bin/env bash
# calm is not linked with libpq: src/store/pg-dl.c loads it when a
# PostgreSQL server is first named.  Linked, libpq (and the libssl,
# Kerberos and LDAP it brings) cost every calm process ~5.6 ms at
# start, on SQLite too: the shell hook, calm status and the console's
# first frame would pay it on every call.  So the binary's dynamic
# section must not name it, and a command on SQLite must not load it.
set -u
: "${CALM:?CALM must name the calm binary}"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v readelf >/dev/null || { echo "SKIP: no readelf"; exit 77; }
needed=$(readelf -d "$CALM" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[ -n "$needed" ] || fail "readelf printed no NEEDED entries for $CALM"
echo "$needed" | grep -q '^libc\.' || fail "the check sees no libc either: $needed"
echo "$needed" | grep -qi 'libpq' && fail "calm is linked with libpq: $needed"
T=$(mktemp -d "${TMPDIR:-/tmp}/calm-lint.XXXXXX")
trap 'rm -rf "$T"' EXIT
maps=$(HOME=$T XDG_STATE_HOME=$T XDG_CONFIG_HOME=$T XDG_DATA_HOME=$T CALM_AUTHOR=t \
	LD_DEBUG=libs "$CALM" --db "$T/c.db" list 2>&1 >/dev/null)
echo "$maps" | grep -q 'libc\.so' || fail "LD_DEBUG showed no libraries loaded"
echo "$maps" | grep -q 'libpq' && fail "calm list on SQLite loaded libpq"
echo "ok: not linked with libpq, and SQLite commands never load it"
