#!/usr/bin/env bash
# `make clean` removes every build directory (build, build-asan,
# build-fuzz, build-bench, build-install and any other build-*), and
# nothing else.  Run on a scratch copy of the Makefile.
set -u
unset MAKEFLAGS MFLAGS MAKELEVEL
src=${CALM_SOURCE_DIR:?}
T=$(mktemp -d "${TMPDIR:-/tmp}/calm-clean.XXXXXX")
trap 'rm -rf "$T"' EXIT
cp "$src/Makefile" "$T/"
mkdir -p "$T"/build/x "$T"/build-asan "$T"/build-fuzz "$T"/build-bench \
	"$T"/build-install "$T"/build-mine "$T"/src "$T"/buildnotes
make -s -C "$T" clean >/dev/null || { echo "FAIL: make clean failed" >&2; exit 1; }
left=$(cd "$T" && ls -d build build-* 2>/dev/null)
[ -z "$left" ] || { echo "FAIL: make clean left:" $left >&2; exit 1; }
[ -d "$T/src" ] && [ -d "$T/buildnotes" ] && [ -f "$T/Makefile" ] ||
	{ echo "FAIL: make clean removed more than build directories" >&2; exit 1; }
echo "PASS: clean"
