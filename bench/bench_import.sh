#!/bin/sh
# bench_import.sh - end-to-end `levera import` of exported tickets into a
# database that already holds the demo's configuration records; prints
# tickets per second (the best of RUNS, each into a fresh copy, timed from
# start to exit: the summary comes once every line is durable) and the
# events a ticket has on average (the demo's are about 10; issue 3 names 6).
#
# usage: bench/bench_import.sh [TICKETS [RUNS]]   (defaults 20000 and 3)
# LEVERA_BIN names the binary (default build/levera); needs /usr/bin/python3.
set -eu

tickets=${1:-20000}
runs=${2:-3}
bin=${LEVERA_BIN:-build/levera}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
dir=$(mktemp -d "${TMPDIR:-/tmp}/levera-bench-import.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
cd "$dir"

"$bin" demo --db desk.db --tickets "$tickets" >/dev/null 2>&1
# An export without the derived fields, as a desk moving to Levera would bring it.
"$bin" export tickets --db desk.db | /usr/bin/python3 -c 'import sys, json
for l in sys.stdin:
    d = json.loads(l); d.pop("sla", None); d.pop("status", None); print(json.dumps(d))' >tickets.jsonl
"$bin" demo --db base.db --tickets 0 >/dev/null 2>&1

/usr/bin/python3 -c 'import json, os, shutil, subprocess, sys, time
bin, runs = sys.argv[1], int(sys.argv[2])
lines = events = 0
for line in open("tickets.jsonl"):
    lines += 1
    events += len(json.loads(line)["events"])
best = None
for _ in range(runs):
    for f in ("imp.db", "imp.db-wal", "imp.db-shm"):
        if os.path.exists(f):
            os.remove(f)
    shutil.copy("base.db", "imp.db")
    t0 = time.monotonic()
    subprocess.run([bin, "import", "--db", "imp.db", "tickets.jsonl"], check=True, stderr=subprocess.DEVNULL)
    s = time.monotonic() - t0
    best = s if best is None else min(best, s)
print(f"import: {lines} tickets ({events / lines:.1f} events each) in {best:.2f} s: {lines / best:,.0f} tickets/s "
      f"(best of {runs})")
' "$bin" "$runs"
