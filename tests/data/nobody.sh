# Helpers for tests that run calm as an unprivileged user (sourced; not
# a test itself).  The clone may sit where user nobody cannot reach it
# (under /root, inside a 0700 directory), so calm is copied into a
# fresh 0755 directory under /tmp with everything the case needs; when
# even that cannot be run as nobody, the caller skips the case and says
# so.
#
#   nobody_setup || { echo "skip ..."; ... }   sets NOBODY_DIR, NOBODY_CALM
#   as_nobody CMD ARGS...                       runs CMD as nobody
#   nobody_cleanup                              removes NOBODY_DIR
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

nobody_setup() {
	NOBODY_DIR="" NOBODY_CALM=""
	if [ "$(id -u)" -ne 0 ]; then
		NOBODY_WHY="not root: cannot become another user"
		return 1
	fi
	if ! command -v setpriv >/dev/null 2>&1; then
		NOBODY_WHY="setpriv is not installed"
		return 1
	fi
	NOBODY_DIR=$(mktemp -d /tmp/calm-nobody.XXXXXX) || { NOBODY_WHY="cannot make a directory in /tmp"; return 1; }
	chmod 0755 "$NOBODY_DIR"
	cp "$CALM" "$NOBODY_DIR/calm" && chmod 0755 "$NOBODY_DIR/calm"
	if ! as_nobody "$NOBODY_DIR/calm" --version >/dev/null 2>&1; then
		NOBODY_WHY="user nobody cannot run a copy of calm in $NOBODY_DIR"
		rm -rf "$NOBODY_DIR"
		NOBODY_DIR=""
		return 1
	fi
	NOBODY_CALM="$NOBODY_DIR/calm"
}

nobody_cleanup() {
	[ -n "${NOBODY_DIR:-}" ] && rm -rf "$NOBODY_DIR"
	NOBODY_DIR=""
}
