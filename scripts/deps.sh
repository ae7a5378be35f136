#!/bin/sh
# The packages calm needs to build and test (Debian names), and on
# Debian the installing of those missing.  Run by `make run`, `make test`
# and `make deps`, never by `make build` or the CMake build; safe to run
# again.  With arguments, those packages instead (e.g. for `make fuzz`).
#
# Without dpkg-query and apt-get (not Debian), or without root and sudo,
# or when apt-get fails (offline), it names what is needed and exits 0:
# the build is tried anyway and CMake names what it cannot find.
set -eu
pkgs="cmake make gcc pkg-config libncurses-dev libsqlite3-dev libyaml-dev nettle-dev libssl-dev libjansson-dev libcmocka-dev tmux zsh sqlite3 jq ncurses-term man-db groff-base valgrind cmark openssh-client strace"
[ $# -gt 0 ] && pkgs="$*"

go_on() { # MESSAGE: say it and let the build be tried
	echo "calm: $1" >&2
	echo "calm: trying the build anyway" >&2
	exit 0
}

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
	go_on "no dpkg/apt-get here; calm needs these Debian packages, or your system's equivalents: $pkgs"
fi
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	go_on "missing packages:$missing (not root and no sudo to install them)"
fi
echo "calm: installing missing packages:$missing" >&2
if ! { $sudo apt-get update -qq &&
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing; } >&2; then
	go_on "could not install:$missing"
fi
