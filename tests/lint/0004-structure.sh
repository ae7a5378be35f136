#!/usr/bin/env bash
# The structure stays as DESIGN.md draws it, each arrow pointing down:
#
#   main -> cli -> (tui, app, config, core)
#           tui -> (app, config, core)
#           app -> (store, config, core)
#         store -> core        config -> core        core -> nothing
#
# judged from the #include lines and from the calls (a call to a
# function defined in another folder is an arrow to it), so:
#   - no arrow that is not drawn above, and no cycle between folders;
#   - the CLI reaches the console only through calm/console.h, from one
#     file (cmd-open.c: the one place that opens it), never its internals;
#   - no store_ call in src/cli or src/tui: both faces read and write
#     through src/app;
#   - times are parsed by when_parse() alone (src/core/when.c);
#   - no file in src or include over 800 lines, no function over 100.
# The checks first run on a tree seeded with violations of each kind, so
# a check that has stopped matching anything fails here too.
set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
root=${CALM_SOURCE_DIR:?}

# Which folder each public header belongs to (the one that implements
# it).  A new header must be named here.
HEADERS="app:app app-read:app app-drill:app app-keep:app channel:app store-drill:store store-move:store
store-warm:store
blame:core buf:core clock:core fdio:core field:core gate:core import:core jsonw:core
milestone:core model:core playbook:core rc:core replay:core secret:core
drill:core duration:core md:core scenario:core
template:core text:core theme:core when:core
cli:cli config:config console:tui store:store store-replay:store queue:store"
ALLOWED="main>cli cli>tui cli>app cli>config cli>core tui>app tui>config
tui>core app>store app>config app>core store>core config>core"

# violations ROOT: one line per violation, "kind: what"
violations() {
	local r=$1 files edges
	files=$(find "$r/src" "$r/include" -name '*.[ch]' 2>/dev/null | sort)
	[ -n "$files" ] || return 0
	# shellcheck disable=SC2086
	awk -v root="$r" -f "$here/structure.awk" $files |
	awk -F'\t' -v headers="$HEADERS" -v allowed="$ALLOWED" '
	function target_folder(from, t,    b, parts) {
		if (t ~ /^calm\//) {
			b = substr(t, 6)
			sub(/\.h$/, "", b)
			return (b in hdr) ? hdr[b] : "?"
		}
		if (t ~ /^\.\.\//) {
			split(t, parts, "/")
			return parts[2]
		}
		return from
	}
	function own_folder(file, folder,    b) {
		if (folder != "include")
			return folder
		b = file
		sub(/.*\//, "", b)
		sub(/\.h$/, "", b)
		return (b in hdr) ? hdr[b] : "?"
	}
	BEGIN {
		n = split(headers, h, /[ \n]+/)
		for (i = 1; i <= n; i++) {
			split(h[i], kv, ":")
			hdr[kv[1]] = kv[2]
		}
		n = split(allowed, a, /[ \n]+/)
		for (i = 1; i <= n; i++)
			ok[a[i]] = 1
		split("timegm mktime strptime getdate sscanf", tp, " ")
		for (i in tp)
			timeparse[tp[i]] = 1
	}
	$1 == "def" { def[$3] = $2; next }
	$1 == "static" { priv[$2 SUBSEP $3] = 1; next }
	$1 == "decl" { if ($2 == "include/calm/console.h") console[$3] = 1; next }
	$1 == "include" { inc[++ninc] = $2 "\t" $3 "\t" $4; next }
	$1 == "call" { calls[++ncall] = $2 "\t" $3 "\t" $4; next }
	$1 == "size" {
		if ($3 > 800)
			print "size: " $2 " is longer than 800 lines"
		next
	}
	$1 == "func" {
		if ($4 > 100)
			print "size: " $2 ": " $5 "() is longer than 100 lines"
		next
	}
	END {
		for (i = 1; i <= ninc; i++) {
			split(inc[i], f, "\t")
			from = own_folder(f[1], f[2])
			to = target_folder(from, f[3])
			if (to == "?") {
				print "layers: " f[1] " includes " f[3] ", a header no folder owns (name it in HEADERS)"
				continue
			}
			if (from == to)
				continue
			print "edge " from " " to
			if (!((from ">" to) in ok))
				print "layers: " f[1] " includes " f[3] " (" from " -> " to ")"
			else if (from == "cli" && to == "tui" && f[3] != "calm/console.h")
				print "layers: " f[1] " includes " f[3] " (the CLI reaches the console through calm/console.h only)"
		}
		for (i = 1; i <= ncall; i++) {
			split(calls[i], f, "\t")
			from = f[2]
			name = f[3]
			if ((f[1] SUBSEP name) in priv)
				continue
			if ((from == "cli" || from == "tui") && name ~ /^store_/)
				print "store: " f[1] " calls " name "(): the faces go through src/app"
			if ((name in timeparse) && f[1] != "src/core/when.c")
				print "time: " f[1] " calls " name "(): times are parsed by when_parse() only"
			if (!(name in def) || def[name] == from)
				continue
			to = def[name]
			if (seen[f[1] SUBSEP name]++)
				continue
			print "edge " from " " to
			if (!((from ">" to) in ok))
				print "calls: " f[1] " calls " name "() (" from " -> " to ")"
			else if (from == "cli" && to == "tui" && !(name in console))
				print "calls: " f[1] " calls " name "() (the CLI reaches the console through calm/console.h only)"
		}
	}' >"$T/facts"
	grep -v '^edge ' "$T/facts"
	# one file of the CLI opens the console
	n=$(grep -lsE '^#[[:space:]]*include[[:space:]]*"calm/console\.h"' "$r"/src/cli/*.c | wc -l)
	if [ "$n" -gt 1 ]; then
		echo "layers: $n files of src/cli include calm/console.h (one place opens the console)"
	fi
	# a cycle between folders, whatever the arrows allowed
	edges=$(grep '^edge ' "$T/facts" | cut -d' ' -f2- | sort -u)
	if [ -n "$edges" ] && ! printf '%s\n' "$edges" | tsort >/dev/null 2>"$T/tsort"; then
		echo "cycle: between folders: $(grep -v 'input contains a loop' "$T/tsort" |
			sed 's/^tsort: //' | tr '\n' ' ')"
	fi
}

T=$(mktemp -d "${TMPDIR:-/tmp}/calm-lint.XXXXXX")
trap 'rm -rf "$T"' EXIT

# the checks find what they look for
S=$T/seeded
mkdir -p "$S/src/core" "$S/src/store" "$S/src/app" "$S/src/cli" "$S/src/tui" "$S/include/calm"
printf '#include "calm/app.h"\n' >"$S/src/core/up.c"
printf 'int app_thing(void)\n{\n\treturn store_get();\n}\n' >"$S/src/app/a.c"
printf 'int store_get(void)\n{\n\treturn app_thing();\n}\n' >"$S/src/store/s.c"
printf '#include "../tui/tui.h"\n' >"$S/src/cli/c.c"
printf '#include "calm/console.h"\n' >"$S/src/cli/open1.c"
printf '#include "calm/console.h"\n' >"$S/src/cli/open2.c"
printf 'void tui_x(void)\n{\n\tstore_get(); /* store_open() in a comment is fine */\n}\n' >"$S/src/tui/t.c"
seq 801 | sed 's/^/int x/' >"$S/src/app/big.c"
{ printf 'void long_one(void)\n{\n'; seq 98 | sed 's/.*/\t;/'; printf '}\n'; } >"$S/src/app/long.c"
printf 'void parse(void)\n{\n\tsscanf(s, "%%d", &x);\n}\n' >"$S/src/app/when2.c"
violations "$S" >"$T/seeded.out"
want="calls:2 cycle:1 layers:3 size:2 store:1 time:1"
got=$(cut -d: -f1 "$T/seeded.out" | sort | uniq -c | awk '{printf "%s%s:%s", (NR > 1 ? " " : ""), $2, $1}')
if [ "$got" != "$want" ]; then
	echo "FAIL: the structure lint found '$got' in the seeded tree, not '$want':" >&2
	cat "$T/seeded.out" >&2
	exit 1
fi

bad=$(violations "$root")
if [ -n "$bad" ]; then
	echo "FAIL: the structure DESIGN.md draws is broken:" >&2
	printf '%s\n' "$bad" >&2
	exit 1
fi
echo "PASS: structure"
