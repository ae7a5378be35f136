#!/usr/bin/env bash
# A packager's build, as `make install` does it: with cmocka hidden
# from pkg-config, configuring with tests (the default) fails naming
# cmocka, and `make install` (BUILD_TESTING=OFF, optimised, its own build
# directory) builds and installs into DESTDIR.  The installed binary has
# no source or build-tree path in it, and finds its themes under the
# prefix it was installed to (relative to itself).
set -u
unset MAKEFLAGS MFLAGS MAKELEVEL
src=${CALM_SOURCE_DIR:?}
built=$(cd "$(dirname "${CALM:?}")" && pwd -P)
T=$(cd "$(mktemp -d "${TMPDIR:-/tmp}/calm-package.XXXXXX")" && pwd -P)
trap 'rm -rf "$T"' EXIT
fail() {
	echo "FAIL: $*" >&2
	[ -f "$T/log" ] && { echo "--- log:" >&2; tail -30 "$T/log" >&2; }
	exit 1
}
real=$(command -v pkg-config) || fail "no pkg-config"

# pkg-config with cmocka hidden, first on PATH (CMake finds it there).
mkdir -p "$T/bin"
cat >"$T/bin/pkg-config" <<WRAP
#!/bin/sh
for a; do case \$a in cmocka*) echo "Package cmocka was not found" >&2; exit 1;; esac; done
exec "$real" "\$@"
WRAP
chmod +x "$T/bin/pkg-config"
export PATH="$T/bin:$PATH"
pkg-config --exists cmocka && fail "the wrapper does not hide cmocka"
pkg-config --exists sqlite3 || fail "the wrapper hides sqlite3"

# 1. Tests are built by default, and need cmocka.
cmake -S "$src" -B "$T/with-tests" >"$T/log" 2>&1 && fail "configured with tests and no cmocka"
grep -q cmocka "$T/log" || fail "the configure error does not name cmocka"

# 2. make install: no cmocka needed, optimised, its own build directory.
make --no-print-directory -C "$src" install INSTALL_BUILD="$T/b" PREFIX=/usr \
	DESTDIR="$T/dest" >"$T/log" 2>&1 || fail "make install failed"
grep -q "^CMAKE_BUILD_TYPE:STRING=RelWithDebInfo$" "$T/b/CMakeCache.txt" ||
	fail "make install did not build RelWithDebInfo"
grep -q "^BUILD_TESTING:BOOL=OFF$" "$T/b/CMakeCache.txt" ||
	fail "make install configured the tests"
ls "$T/b"/tests/test-* >/dev/null 2>&1 && fail "make install built the unit tests"
calm="$T/dest/usr/bin/calm"
[ -x "$calm" ] || fail "no $calm"
[ -f "$T/dest/usr/share/calm/themes/light.yaml" ] || fail "themes not installed"
[ -f "$T/dest/usr/share/calm/playbooks/default.yaml" ] || fail "playbook not installed"

# 3. No source or build-tree path compiled in.
strings "$calm" >"$T/strings" || fail "strings failed"
for dir in "$src" "$(cd "$src" && pwd -P)" "$built" "$T/b"; do
	if grep -qF "$dir" "$T/strings"; then
		grep -F "$dir" "$T/strings" | head -5 >&2
		fail "the installed binary names $dir"
	fi
done

# 4. Themes come from the prefix, not the source tree.
export HOME="$T/home" XDG_CONFIG_HOME="$T/config"
mkdir -p "$HOME"
out=$("$calm" config --paths 2>&1) || fail "config --paths: $out"
themes=$(printf '%s\n' "$out" | grep '^themes: ')
[ "$(printf '%s\n' "$themes" | sed -n 2p)" = "themes: $T/dest/usr/share/calm/themes" ] ||
	fail "theme directories: $themes"
printf '%s\n' "$themes" | grep -qF "$src" && fail "searches the source tree: $themes"
out=$("$calm" --db "$T/calm.db" --theme solarized-dark config --check 2>&1) ||
	fail "--theme solarized-dark: $out"
printf '%s\n' "$out" | grep -qxF "theme: solarized-dark ($T/dest/usr/share/calm/themes/solarized-dark.yaml)" ||
	fail "solarized-dark not loaded from the prefix: $out"
out=$("$calm" config --themes 2>&1) || fail "config --themes: $out"
printf '%s\n' "$out" | grep -q "^light  *$T/dest/usr/share/calm/themes/light.yaml$" ||
	fail "config --themes: $out"
echo "PASS: package"
