#!/usr/bin/env bash
# Benchmark: the console on an incident holding one 100 MiB note (a
# crafted or damaged database: calm itself refuses notes over 1 MiB).
#
# The note goes in with the sqlite3 shell.  calm then runs in a
# pseudo-terminal of 120x40 with CALM_BENCH_FIRST_FRAME=1, which makes it
# print "calm: first frame" to stderr right after its first doupdate()
# and leave: the time is from spawning the process to that line (exec,
# loading, every store read, the whole first frame on the terminal),
# median of RUNS; the peak resident size is the largest ru_maxrss of
# those runs.  Aims: first frame <= 1 s, peak RSS <= 2x the note.
# Yardsticks from the same run and database: the sqlite3 shell reading
# the note once (SELECT length(text)), its time and peak RSS; and calm's
# first frame on the same incident without the note.
# Usage: big-note.sh CALM [RUNS] [MIB]
set -eu
calm=$1 runs=${2:-5} mib=${3:-100}
command -v sqlite3 >/dev/null || { echo "big-note: no sqlite3, skipped"; exit 0; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db=$dir/bench.db
export CALM_DB=$db CALM_AUTHOR=bench XDG_STATE_HOME=$dir/state TZ=UTC LANG=C.UTF-8
id=$("$calm" new "Checkout returns 500")
for i in $(seq 1 20); do "$calm" log "$id" "note $i before the big one" >/dev/null; done
cp "$db" "$dir/small.db"
echo "writing a $mib MiB note with sqlite3..."
sqlite3 "$db" "INSERT INTO events (incident_id, ts_ms, author, kind, text, data, hash)
 VALUES ($id, strftime('%s','now') * 1000, 'bench', 'note',
  replace(hex(zeroblob($mib * 524288)), '00', 'ab'), NULL, zeroblob(32));"
# counted: the newest event is the note, of MIB MiB; the small copy has
# the declaration and the 20 notes
big=$(sqlite3 "$db" "SELECT length(text) FROM events WHERE incident_id = $id ORDER BY id DESC LIMIT 1")
small=$(sqlite3 "$dir/small.db" "SELECT count(*) FROM events WHERE incident_id = $id")
[ "$big" -eq $((mib * 1048576)) ] && [ "$small" -eq 21 ] ||
	{ echo "big-note: the note is $big bytes (not $((mib * 1048576))), the small copy $small events (not 21)" >&2; exit 1; }

CALM=$calm DB=$db SMALL=$dir/small.db RUNS=$runs MIB=$mib ID=$id python3 - <<'PY'
import os, pty, resource, select, statistics, struct, fcntl, termios, time, subprocess

calm, db, runs = os.environ["CALM"], os.environ["DB"], int(os.environ["RUNS"])
mib, inc = int(os.environ["MIB"]), os.environ["ID"]
env = dict(os.environ, TERM="xterm-256color")
for k in ("LINES", "COLUMNS", "NO_COLOR"):
    env.pop(k, None)

def first_frame(dbfile):
    """One run: seconds to the first frame, and the child's peak RSS (KiB)."""
    er, ew = os.pipe()
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.dup2(ew, 2)
        os.execve(calm, [calm, "open", inc],
                  dict(env, CALM_DB=dbfile, CALM_BENCH_FIRST_FRAME="1"))
    os.close(ew)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    err, dt = b"", None
    while dt is None:
        r, _, _ = select.select([fd, er], [], [], 30)
        if not r:
            raise SystemExit("calm did not draw a first frame in 30 s")
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
            if b"first frame" in err:
                dt = time.monotonic() - t0
    while True:  # let it leave, reading what it still writes
        r, _, _ = select.select([fd], [], [], 5)
        if not r:
            break
        try:
            if not os.read(fd, 65536):
                break
        except OSError:
            break
    _, status, ru = os.wait4(pid, 0)
    os.close(fd)
    os.close(er)
    return dt, ru.ru_maxrss

big = [first_frame(db) for _ in range(runs)]
small = [first_frame(os.environ["SMALL"]) for _ in range(runs)]
t_big = statistics.median(t for t, _ in big) * 1000
rss_big = max(r for _, r in big) / 1024
t_small = statistics.median(t for t, _ in small) * 1000
rss_small = max(r for _, r in small) / 1024

t0 = time.monotonic()
p = subprocess.Popen(["sqlite3", db, "SELECT length(text) FROM events ORDER BY id DESC LIMIT 1"],
                     stdout=subprocess.DEVNULL)
_, _, ru = os.wait4(p.pid, 0)
t_sql = (time.monotonic() - t0) * 1000
rss_sql = ru.ru_maxrss / 1024

print("big-note: a %d MiB note in the timeline, console at 120x40, %d runs:" % (mib, runs))
print("  first frame: median %.0f ms (aim <= 1000 ms); without the note %.0f ms"
      % (t_big, t_small))
print("  peak RSS: %.1f MiB = %.2fx the note (aim <= 2x); without the note %.1f MiB"
      % (rss_big, rss_big / mib, rss_small))
print("  yardstick: sqlite3 reading the note once: %.0f ms, peak RSS %.1f MiB"
      % (t_sql, rss_sql))
PY
