#!/usr/bin/env bash
# The suite's PostgreSQL (a ctest fixture): `server.sh start STATE`
# makes and starts a server (tests/pg/lib.sh) and writes its directory
# into STATE, which CMake hands every test that needs it as
# CALM_TEST_PG_DIR (read from the file by tests/pg/dir.sh); `server.sh
# stop STATE` stops it and removes it.
set -eu
. "$(dirname "$0")/lib.sh"
cmd=$1 state=$2
case $cmd in
start)
	if [ -s "$state" ] && [ -d "$(cat "$state")" ]; then # a run killed before its stop
		pg_stop "$(cat "$state")" immediate || true
		rm -rf "$(cat "$state")"
	fi
	dir=$(mktemp -d /tmp/calm-pg.XXXXXX)
	pg_init "$dir"
	pg_start "$dir"
	pg_roles "$dir"
	mkdir -p "$(dirname "$state")"
	echo "$dir" >"$state"
	echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') in $dir"
	;;
stop)
	[ -s "$state" ] || exit 0
	dir=$(cat "$state")
	pg_stop "$dir" fast || pg_stop "$dir" immediate || true
	rm -rf "$dir" "$state"
	;;
*)
	echo "usage: server.sh start|stop STATE" >&2
	exit 64
	;;
esac
