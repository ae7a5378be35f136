#!/bin/bash
# The README's Benchmarks section quotes the output of the last `make
# bench` (bench/results.txt), which bench/run.sh copies there between
# its markers: this fails when the two differ (a figure typed by hand,
# or a run not quoted), and when the markers or the file are missing.
root=${CALM_SOURCE_DIR:?}
python3 - "$root/README.md" "$root/bench/results.txt" <<'PY' || exit 1
import sys
readme, results = sys.argv[1], sys.argv[2]
begin = "<!-- bench: the output of the last `make bench` (bench/results.txt); do not edit -->"
end = "<!-- end bench -->"
text = open(readme).read()
if begin not in text or end not in text:
    sys.exit("FAIL: README.md has no bench markers (bench/run.sh writes between them)")
try:
    want = open(results).read()
except OSError as e:
    sys.exit("FAIL: %s: %s (run make bench)" % (results, e.strerror))
if not want.startswith("make bench, "):
    sys.exit("FAIL: %s is not the output of make bench" % results)
quoted = text[text.index(begin) + len(begin):text.index(end)]
if quoted != "\n```\n" + want + "```\n":
    sys.exit("FAIL: the README's Benchmarks section is not bench/results.txt: run make bench")
PY
echo "PASS: bench readme"
