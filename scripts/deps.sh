#!/bin/sh
# Install the Debian packages calm needs to build and test, only those
# missing.  Used by `make run` and `make test`; safe to run again.
# With arguments, installs those packages instead (e.g. for `make fuzz`).
set -eu
pkgs="cmake make gcc pkg-config libncurses-dev libsqlite3-dev libyaml-dev libssl-dev libcmocka-dev tmux sqlite3 jq ncurses-term man-db groff-base valgrind cmark"
[ $# -gt 0 ] && pkgs="$*"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "calm: installing missing packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >&2
