#!/bin/sh
# bench.sh - prints Levera's performance figures (`make bench`).  Figures,
# not pass/fail: compare them with the targets the issues name.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== engine (one core) =="
taskset -c 0 build/bench_sla

echo "== levera calendar due, end to end =="
build/bench_sla --calendar > "$tmp/cal.json"
build/bench_sla --due-lines 5000000 > "$tmp/due.txt"
/usr/bin/python3 - "$tmp" <<'PY'
import resource, subprocess, sys, time
tmp = sys.argv[1]
with open(f"{tmp}/due.txt", "rb") as inp:
    t0 = time.monotonic()
    subprocess.run(["taskset", "-c", "0", "build/levera", "calendar", "due", f"{tmp}/cal.json"], stdin=inp,
                   stdout=subprocess.DEVNULL, check=True)
    el = time.monotonic() - t0
print(f"calendar due: 5,000,000 lines in {el:.2f} s = {5e6 / el / 1e6:.2f} million lines/s (target >= 2)")
# Memory on 10 million lines, streamed from a generator: it must not grow with the input.
gen = subprocess.Popen(["build/bench_sla", "--due-lines", "10000000"], stdout=subprocess.PIPE)
subprocess.run(["build/levera", "calendar", "due", f"{tmp}/cal.json"], stdin=gen.stdout,
               stdout=subprocess.DEVNULL, check=True)
gen.wait()
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"calendar due: 10,000,000 lines with a peak resident set of {rss / 1024:.1f} MiB (largest child)")
PY
