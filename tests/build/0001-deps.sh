#!/usr/bin/env bash
# scripts/deps.sh and the Makefile's use of it: on Debian only the
# missing packages are installed (through sudo when not root); without
# dpkg or apt-get the needed packages are named and the build goes on;
# a failed apt-get is said and the build goes on.  Plain `make` and
# `make build` never call it; `make run`, `make test` and `make deps` do.
# apt-get, dpkg-query and sudo are stand-ins on a private PATH that log
# their arguments: the test must not install anything.
set -u
unset MAKEFLAGS MFLAGS MAKELEVEL
src=${CALM_SOURCE_DIR:?}
T=$(mktemp -d "${TMPDIR:-/tmp}/calm-deps.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() {
	echo "FAIL: $*" >&2
	for f in "$T"/out "$T"/err "$T"/apt.log; do
		[ -f "$f" ] && { echo "--- $f:" >&2; cat "$f" >&2; }
	done
	exit 1
}

# A PATH with the few tools deps.sh may use, and nothing from apt.
base="$T/base"
mkdir -p "$base"
for tool in sh grep id cat env; do
	ln -s "$(command -v "$tool")" "$base/$tool"
done

# stub DIR NAME BODY: a shell script NAME in DIR
stub() {
	mkdir -p "$1"
	printf '#!/bin/sh\n%s\n' "$3" >"$1/$2"
	chmod +x "$1/$2"
}
deps() { # DIR ARGS...: run deps.sh with PATH=DIR:base; status in $rc
	local dir=$1; shift
	rc=0
	: >"$T/apt.log"
	PATH="$dir:$base" sh "$src/scripts/deps.sh" "$@" >"$T/out" 2>"$T/err" || rc=$?
}

# 1. No dpkg and no apt-get: every package named, exit 0, nothing run.
mkdir -p "$T/none"
deps "$T/none"
[ "$rc" -eq 0 ] || fail "no apt: exit $rc, want 0"
grep -q "libcmocka-dev" "$T/err" && grep -q "libsqlite3-dev" "$T/err" ||
	fail "no apt: the needed packages are not named"
grep -q "trying the build anyway" "$T/err" || fail "no apt: does not say it goes on"

# 2. apt-get without dpkg-query (not Debian's apt): the same, apt-get
#    never called.
stub "$T/aptonly" apt-get "echo \"\$*\" >>'$T/apt.log'"
deps "$T/aptonly" cmake tmux
[ "$rc" -eq 0 ] || fail "apt without dpkg: exit $rc"
[ ! -s "$T/apt.log" ] || fail "apt without dpkg: apt-get was called"
grep -q "cmake tmux" "$T/err" || fail "apt without dpkg: packages not named"

# Debian: dpkg-query says everything but tmux and jq is installed.
deb="$T/deb"
stub "$deb" dpkg-query 'for p; do :; done
case $p in tmux|jq) exit 1;; esac
printf "install ok installed"'
stub "$deb" apt-get "echo \"\$*\" >>'$T/apt.log'"
stub "$deb" sudo "echo sudo >>'$T/apt.log'; exec \"\$@\""

# 3. Only the missing packages are installed.
deps "$deb" cmake tmux sqlite3 jq
[ "$rc" -eq 0 ] || fail "debian: exit $rc"
grep -q "install .*tmux jq\$" "$T/apt.log" || fail "debian: apt-get install of tmux jq not run"
grep -q "cmake\|sqlite3" "$T/apt.log" && fail "debian: installed packages already there"
if [ "$(id -u)" -ne 0 ]; then
	grep -q "^sudo" "$T/apt.log" || fail "debian, not root: sudo not used"
fi
grep -q "installing missing packages: tmux jq" "$T/err" || fail "debian: does not say what it installs"

# 4. Nothing missing: silent, nothing run.
deps "$deb" cmake sqlite3
[ "$rc" -eq 0 ] && [ ! -s "$T/apt.log" ] && [ ! -s "$T/err" ] ||
	fail "debian, nothing missing: not a silent no-op"

# 5. apt-get fails (offline): said, with the packages, and the build goes on.
stub "$T/badapt" apt-get 'exit 100'
stub "$T/badapt" dpkg-query 'exit 1'
stub "$T/badapt" sudo 'exec "$@"'
deps "$T/badapt" tmux
[ "$rc" -eq 0 ] || fail "apt-get failing: exit $rc, want 0"
grep -q "could not install.*tmux" "$T/err" || fail "apt-get failing: not said"

# The Makefile: which targets call deps.sh (make -n prints, runs nothing
# but the recursive $(MAKE) lines, themselves under -n).
mk() { make -n --no-print-directory -C "$src" BUILD="$T/b" ASAN_BUILD="$T/a" "$@" 2>&1; }
for target in all build; do
	mk "$target" | grep -q "deps.sh\|apt-get" && fail "make $target runs deps.sh"
done
for target in run test deps; do
	mk "$target" | grep -q "sh scripts/deps.sh" || fail "make $target does not run deps.sh"
done
echo "PASS: deps"
