#!/usr/bin/env bash
# Benchmark: the console's speed, on a database of 5,000 incidents and
# 1,000,000 events (made with calm-gen; incident 1 holds most events).
#
# (a) first frame: calm runs in a pseudo-terminal of 200x50 with
#     CALM_BENCH_FIRST_FRAME=1, which makes it print "calm: first frame"
#     to stderr right after its first doupdate() and leave.  The time is
#     from spawning the process to that line: exec, loading, the store
#     reads and the whole first frame written to the terminal.  Median of
#     RUNS, for the incident with the long timeline and for the picker.
#     Aim: under 50 ms.
# (b) bytes for one keystroke: calm open 1 at 200x50; the calm prompt is
#     dismissed, the timeline focused (2) and its selection moved up
#     twice; then, just after a clock tick so the title's clock does not
#     count, j is sent and every byte written to the terminal in the next
#     150 ms is counted.  Aim: about 300 bytes (tig moving its selection
#     at the same size): two rows rewritten, never a repaint.
# Usage: tui.sh CALM CALM_GEN [RUNS]
set -eu
calm=$1 gen=$2 runs=${3:-20}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db=$dir/bench.db
echo "generating 5000 incidents, 1000000 events..."
if [ -n "${BENCH_DB:-}" ]; then cp "$BENCH_DB" "$db"; else "$gen" "$db" 5000 1000000 >/dev/null; fi

CALM=$calm DB=$db RUNS=$runs STATE=$dir/state python3 - <<'PY'
import os, pty, select, signal, statistics, struct, fcntl, termios, time

calm, db, runs = os.environ["CALM"], os.environ["DB"], int(os.environ["RUNS"])
env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", TZ="UTC",
           CALM_DB=db, CALM_AUTHOR="bench", XDG_STATE_HOME=os.environ["STATE"])
for k in ("LINES", "COLUMNS", "NO_COLOR"):
    env.pop(k, None)

def spawn(args, extra):
    """calm ARGS in a 200x50 pty; returns (pid, pty fd, stderr fd)."""
    er, ew = os.pipe()
    pid, fd = pty.fork()
    if pid == 0:
        os.dup2(ew, 2)
        os.execve(calm, [calm] + args, dict(env, **extra))
    os.close(ew)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    return pid, fd, er

def drain(fd, quiet):
    """Read until nothing comes for `quiet` seconds; returns the bytes."""
    out = b""
    while True:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            return out
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return out
        if not chunk:
            return out
        out += chunk

def first_frame(args):
    times = []
    for _ in range(runs):
        t0 = time.monotonic()
        pid, fd, er = spawn(args, {"CALM_BENCH_FIRST_FRAME": "1"})
        err = b""
        while b"first frame" not in err:
            r, _, _ = select.select([fd, er], [], [], 5)
            if not r:
                raise SystemExit("calm did not draw a first frame")
            if fd in r:
                try:
                    os.read(fd, 65536)
                except OSError:
                    pass
            if er in r:
                chunk = os.read(er, 4096)
                if not chunk:
                    raise SystemExit("calm exited: %r" % err)
                err += chunk
        times.append((time.monotonic() - t0) * 1000)
        drain(fd, 0.05)
        os.waitpid(pid, 0)
        os.close(fd)
        os.close(er)
    return statistics.median(times), min(times)

for label, args in (("open 1 (1,000,000-event incident)", ["open", "1"]),
                    ("picker (5,000 incidents)", [])):
    med, lo = first_frame(args)
    print("first frame, %s, 200x50: median %.1f ms, best %.1f ms (aim < 50)"
          % (label, med, lo))

pid, fd, er = spawn(["open", "1"], {})
drain(fd, 0.5)
for key in (b"\x1b", b"2", b"k", b"k"):
    os.write(fd, key)
    drain(fd, 0.3)
counts = []
for _ in range(5):
    drain(fd, 0.3)
    select.select([fd], [], [], 1.5)  # the next clock tick...
    drain(fd, 0.02)                   # ...written out
    os.write(fd, b"j")
    counts.append(len(drain(fd, 0.15)))
    os.write(fd, b"k")
os.kill(pid, signal.SIGTERM)
drain(fd, 0.2)
os.waitpid(pid, 0)
print("bytes written for j in the timeline at 200x50: %s (median %d, aim <= ~300)"
      % (counts, statistics.median(counts)))
PY
