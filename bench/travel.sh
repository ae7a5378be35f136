#!/usr/bin/env bash
# Benchmark: a time travel step on an incident of 100,000 events.
#
# calm-gen makes one incident with 100,000 notes; `calm review 1` runs
# in a 200x50 pseudo-terminal with CALM_BENCH_TRAVEL=1, which enters
# time travel (reading every event once, keeping a state copy every 256
# events), then times 200 steps of each of [ { ] } including the reload
# of every pane, and prints the medians and maxima to stderr.
# Aim: under 20 ms per step.
# Usage: travel.sh CALM CALM_GEN [EVENTS]
set -eu
calm=$1 gen=$2 events=${3:-100000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db=$dir/bench.db
echo "generating 1 incident, $events events..."
"$gen" "$db" 1 "$events" >/dev/null
CALM=$calm DB=$db STATE=$dir/state python3 - <<'PY'
import os, pty, select, struct, fcntl, termios, sys

env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", TZ="UTC",
           CALM_DB=os.environ["DB"], CALM_AUTHOR="bench", CALM_BENCH_TRAVEL="1",
           XDG_STATE_HOME=os.environ["STATE"])
er, ew = os.pipe()
pid, fd = pty.fork()
if pid == 0:
    os.dup2(ew, 2)
    os.execve(os.environ["CALM"], [os.environ["CALM"], "review", "1"], env)
os.close(ew)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
err = b""
while True:
    r, _, _ = select.select([fd, er], [], [], 120)
    if not r:
        sys.exit("calm did not finish")
    if fd in r:
        try:
            os.read(fd, 65536)
        except OSError:
            pass
    if er in r:
        chunk = os.read(er, 4096)
        if not chunk:
            break
        err += chunk
os.waitpid(pid, 0)
line = [l for l in err.decode().splitlines() if l.startswith("calm: ")]
if not line:
    sys.exit("no travel timing: %r" % err)
print("\n".join(line))
PY
