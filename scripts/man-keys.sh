#!/bin/sh
# The man page's CONSOLE KEYS section, made from `calm help keys` (the
# console's own actions table), so the page cannot drift from the keys:
#   scripts/man-keys.sh build/calm
# prints the roff that goes between the '.\" keys: begin' and
# '.\" keys: end' lines of docs/calm.1 (tests/cli/0019 checks they match).
set -eu
calm=${1:?usage: man-keys.sh CALM}
printf '%s\n' '.SH CONSOLE KEYS' \
	'Keys by where they work, as \fB?\fR shows them in the console and' \
	'\fBcalm help keys\fR prints them; \fBkeys:\fR in the config file rebinds some.'
LC_ALL=C.UTF-8 "$calm" help keys | awk '
function roff(s) {
	gsub(/\\/, "\\e", s)
	gsub(/-/, "\\-", s)
	if (s ~ /^[.\047]/)
		s = "\\&" s
	return s
}
/^$/ { next }
/^[^ ]/ { printf ".SS %s\n", roff($0); next }
/^  [^ ]/ {
	line = substr($0, 3)
	i = index(line, "  ")
	printf ".TP\n.B \"%s\"\n", roff(substr(line, 1, i - 1))
	rest = substr(line, i)
	sub(/^ +/, "", rest)
	print roff(rest)
	next
}
{ sub(/^ +/, ""); print roff($0) }
' | sed 's/\xe2\x80\xa6/.../g; s/\xe2\x80\x94/\\[em]/g'
