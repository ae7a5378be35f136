#!/usr/bin/env bash
# make bench: every benchmark in one run.  The output, headed by the
# date and the machine, goes to the terminal and to bench/results.txt,
# and the README's Benchmarks section quotes that file (between its
# "bench:" markers): the figures there are this output, never typed.
# tests/lint/0005-bench-readme.sh checks the two agree.
# Usage: run.sh CALM CALM_GEN FLOOR CALM_PROMPT WORKDIR
set -eu
calm=$1 gen=$2 floor=$3 prompt=$4 work=$5
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
mkdir -p "$work"

machine() {
	local cpu os mem
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
	os=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")
	mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
	echo "${cpu:-unknown CPU}, $(nproc) cores, ${mem:-? GiB}, ${os:-unknown OS}, $(uname -sr)"
}

out=$work/results.txt
{
	echo "make bench, $(date -u '+%Y-%m-%d %H:%M UTC'), on $(machine)"
	python3 "$here/console.py" "$calm" "$floor" "$gen" "$work/console"
	bash "$here/log.sh" "$calm" "$gen"
	bash "$here/search.sh" "$calm" "$gen"
	bash "$here/big-note.sh" "$calm"
	bash "$here/hook.sh" "$calm" "$prompt"
	bash "$here/status.sh" "$calm" "$gen"
	bash "$here/log-pg.sh" "$calm" "$root"
	bash "$here/move.sh" "$calm" "$gen" "$root"
	bash "$here/notify.sh" "$calm" "$root"
} 2>&1 | tee "$out.new"
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] || { echo "bench: a benchmark failed ($status): results not kept" >&2; exit "$status"; }
mv "$out.new" "$out"
cp "$out" "$root/bench/results.txt"
python3 - "$root/README.md" "$out" <<'PY'
import sys
readme, results = sys.argv[1], open(sys.argv[2]).read()
begin = "<!-- bench: the output of the last `make bench` (bench/results.txt); do not edit -->"
end = "<!-- end bench -->"
text = open(readme).read()
a, b = text.index(begin) + len(begin), text.index(end)
open(readme, "w").write(text[:a] + "\n```\n" + results + "```\n" + text[b:])
PY
echo "bench: bench/results.txt and the README's Benchmarks section updated"
