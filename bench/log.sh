#!/usr/bin/env bash
# Benchmark: `calm log` against the sqlite3 shell doing the same work on
# the same database: in one BEGIN IMMEDIATE transaction with
# synchronous=FULL, the event row with its hash chained to the previous
# one (SHA3-256 in the shell, SHA-256 in calm: one digest each), its
# search-index row; the database's trigger (schema 6) sets the incident's
# newest event and counts for both.
# The database holds incident 1 with 100,000 events.
#
# Each call is timed by python3 from spawn to exit (nothing else in the
# window: the text and the SQL are made before the clock starts), calm
# and sqlite3 alternating, RUNS calls each; medians and their ratio.
# Usage: log.sh CALM CALM_GEN [RUNS]
set -eu
calm=$1 gen=$2 runs=${3:-200}
command -v sqlite3 >/dev/null || { echo "log: no sqlite3, skipped"; exit 0; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db=$dir/bench.db
"$gen" "$db" 100000 >/dev/null
CALM=$calm DB=$db RUNS=$runs python3 - <<'PY'
import os, sqlite3, statistics, subprocess, time

calm, db, runs = os.environ["CALM"], os.environ["DB"], int(os.environ["RUNS"])
env = dict(os.environ, CALM_AUTHOR="bench", CALM_DB=db)

def sql(text):
    q = text.replace("'", "''")
    return ("PRAGMA synchronous = FULL;"
            "BEGIN IMMEDIATE;"
            "INSERT INTO events (incident_id, ts_ms, author, kind, text, hash, hash_v)"
            " VALUES (1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),"
            " 'bench', 'note', '%s', sha3((SELECT hash FROM events WHERE incident_id = 1"
            " ORDER BY id DESC LIMIT 1) || '%s', 256), 2);"
            "INSERT INTO search (rowid, incident, kind, body)"
            " VALUES (last_insert_rowid(), 1, 'note', '%s');"
            "COMMIT;" % (q, q, q))

def run(argv):
    t0 = time.monotonic()
    p = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
    _, status, _ = os.wait4(p.pid, 0)
    ms = (time.monotonic() - t0) * 1000
    if status:
        raise SystemExit("log: %s failed" % argv[0])
    return ms

def rows():
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    n = con.execute("SELECT count(*) FROM events WHERE incident_id = 1").fetchone()[0]
    con.close()
    return n
before = rows()
if before != 100000:
    raise SystemExit("log: incident 1 holds %d events, not 100,000" % before)
c, s = [], []
for i in range(runs):
    text = "bench note %d: still looking at the pool" % i
    ca = [calm, "log", "1", text]
    sa = ["sqlite3", db, sql(text)]
    c.append(run(ca))
    s.append(run(sa))
after = rows()
if after != before + 2 * runs:
    raise SystemExit("log: %d events written, not %d" % (after - before, 2 * runs))
mc, ms = statistics.median(c), statistics.median(s)
print("incident 1 counted: %d events before, %d after (each call wrote one)" % (before, after))
print("calm log into 100,000 events: %.2f ms a call; the sqlite3 shell doing the same"
      " work: %.2f ms; ratio %.2f (aim <= 1.3), medians of %d" % (mc, ms, mc / ms, runs))
PY
