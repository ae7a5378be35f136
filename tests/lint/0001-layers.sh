#!/usr/bin/env bash
# The layers stay apart: SQL and libpq only in src/store, libyaml only in
# src/config, curses only in src/tui, jansson (Slack exports) only in
# src/app, and core on libc alone.
set -u
src=${CALM_SOURCE_DIR:?}/src
bad=0
check() { # PATTERN ALLOWED-DIR WHAT
	local hits
	hits=$(grep -rlE "$1" "$src" | grep -v "^$src/$2/" || true)
	if [ -n "$hits" ]; then
		echo "FAIL: $3 outside src/$2:" $hits >&2
		bad=1
	fi
}
check '#include[[:space:]]*<sqlite3\.h>|sqlite3_' store "SQLite"
check '"(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA) ' store "SQL text"
check '#include[[:space:]]*<(libpq-fe|postgresql/libpq-fe)\.h>|[^a-zA-Z_]PQ[a-z]+[A-Za-z]*\(' store "libpq"
check '#include[[:space:]]*<yaml\.h>' config "libyaml"
check '#include[[:space:]]*<n?cursesw?(/[a-z]+)?\.h>|#include[[:space:]]*<ncursesw/' tui "curses"
check '#include[[:space:]]*<nettle/' store "Nettle (SHA-256)"
check '#include[[:space:]]*<jansson\.h>' app "jansson"
[ "$bad" -eq 0 ] && echo "PASS: layers"
exit $bad
