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

# serve DB LOG: starts `levera serve` on a free port; sets serve_pid and url.
serve() {
	build/levera serve --listen 127.0.0.1:0 --db "$1" 2>"$2" &
	serve_pid=$!
	trap 'kill "$serve_pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
	url=""
	for _ in $(seq 200); do
		url=$(sed -n 's/^levera: listening on \(http:[^ ]*\)$/\1/p' "$2")
		[ -n "$url" ] && break
		sleep 0.05
	done
	[ -n "$url" ] || { echo "levera serve did not start:" >&2; cat "$2" >&2; exit 1; }
}

# wrk_report LABEL TARGET FILE: prints wrk's figures from FILE.
wrk_report() {
	awk -v label="$1" -v target="$2" '/Requests\/sec/ { rps = $2 } / 50%/ { p50 = $2 } / 99%/ { p99 = $2 }
		/Non-2xx|Socket errors/ { bad = bad " " $0 }
		END { printf "%s: %.0f requests/s, latency p50 %s, p99 %s (%s)%s\n", label, rps, p50, p99, target, bad }' "$3"
}

echo "== levera serve: GET /healthz over HTTP (wrk, 64 connections, 10 s) =="
serve "$tmp/levera.db" "$tmp/serve.log"
wrk -t"$(nproc)" -c64 -d10s --latency "$url/healthz" >"$tmp/wrk.txt"
kill -TERM "$serve_pid"
wait "$serve_pid"
wrk_report http "no target of its own" "$tmp/wrk.txt"

echo "== store: SQLite, durable writes, import, the deadline query on 1,000,000 tickets =="
# A fresh database under $tmp (about 1.4 GB at the end); bench_store removes it.
TMPDIR="$tmp" build/bench_store

echo "== levera serve on the demo desk (20,000 tickets) =="
build/levera demo --db "$tmp/desk.db" --tickets 20000 >/dev/null 2>&1
printf 'bench-password-2026\n' | build/levera user add --db "$tmp/desk.db" --email bench@levera.demo --role admin >/dev/null 2>&1
serve "$tmp/desk.db" "$tmp/desk.log"
sleep 2
rss2=$(awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$serve_pid/status")
sleep 10
echo "resident set 2 s after start: $rss2 (the SLA job catches up on a new demo); idle, 12 s after start: $(awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$serve_pid/status") (issue 3 target: <= 20 MB)"
set -- $(/usr/bin/python3 - "$url" <<'PY'
import sys, requests
url = sys.argv[1]
r = requests.post(url + "/api/v1/session", json={"email": "bench@levera.demo", "password": "bench-password-2026"})
s = requests.Session()
s.cookies.set("levera_session", r.cookies["levera_session"])
s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
token = s.post(url + "/api/v1/tokens", json={"name": "bench"}).json()["token"]
ticket = s.get(url + "/api/v1/tickets", params={"open": "true", "limit": 1}).json()["items"][0]["id"]
print(token, ticket)
PY
)
wrk -t"$(nproc)" -c64 -d10s --latency -H "Authorization: Bearer $1" "$url/api/v1/tickets/$2" >"$tmp/wrk2.txt"
wrk_report "GET /api/v1/tickets/{id} with its clocks (64 connections, 10 s)" "issue 3 target: >= 50,000" "$tmp/wrk2.txt"
cat >"$tmp/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"type":"incident","customer":"Acme A/S","service":"E-mail","subject":"Bench","impact":"medium","urgency":"medium"}'
LUA
wrk -t"$(nproc)" -c64 -d10s --latency -s "$tmp/post.lua" -H "Authorization: Bearer $1" "$url/api/v1/tickets" >"$tmp/wrk3.txt"
wrk_report "POST /api/v1/tickets, durable (64 connections, 10 s)" "issue 3 target: >= 10,000" "$tmp/wrk3.txt"
sleep 12
echo "resident set 12 s after that burst (the caches give memory back after 10 s idle): $(awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$serve_pid/status")"
kill -TERM "$serve_pid"
wait "$serve_pid" || true
# Every creation answered 201 is in the database once the server has stopped.
/usr/bin/python3 - "$tmp/desk.db" "$tmp/wrk3.txt" <<'PY'
import re, sqlite3, sys
answered = int(re.search(r"(\d+) requests in", open(sys.argv[2]).read()).group(1))
rows = sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM tickets WHERE doc LIKE '%\"Bench\"%'").fetchone()[0]
print(f"  {answered} creations answered (a few cut off by wrk's stop), {rows} in the database after SIGTERM")
PY

echo "== levera import, end to end (exported demo tickets into the demo's configuration; issue 3 target: >= 50,000/s) =="
# 20,000 lines last 0.4 s, of which the start and the writer's last transactions are about a tenth; 100,000 is the sustained rate.
LEVERA_BIN=build/levera sh bench/bench_import.sh 20000 3
LEVERA_BIN=build/levera sh bench/bench_import.sh 100000 3

echo "== levera serve on 1,000,000 tickets: readiness and resident set =="
/usr/bin/python3 - "$tmp/big.db" <<'PY'
import re, subprocess, sys, time, urllib.request
db = sys.argv[1]
t0 = time.monotonic()
subprocess.run(["build/levera", "demo", "--db", db, "--tickets", "1000000"], check=True,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
el = time.monotonic() - t0
print(f"levera demo --tickets 1000000: {el:.1f} s ({1e6 / el:,.0f} tickets/s generated and imported)")
samples = []
for _ in range(5):
    t0 = time.monotonic()
    p = subprocess.Popen(["build/levera", "serve", "--listen", "127.0.0.1:0", "--db", db],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = None
    while url is None:
        m = re.search(r"listening on (http://\S+)", p.stderr.readline())
        url = m and m.group(1)
    while True:
        try:
            if urllib.request.urlopen(url + "/healthz").status == 200:
                break
        except OSError:
            pass
    samples.append((time.monotonic() - t0) * 1e3)
    time.sleep(2)
    rss = int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{p.pid}/status").read()).group(1)) / 1024
    p.terminate()
    p.wait()
samples.sort()
print(f"ready (exec to the first /healthz 200): median {samples[2]:.0f} ms, worst {samples[-1]:.0f} ms "
      f"(issue 3 target: <= 100 ms); idle resident set 2 s after start {rss:.1f} MiB (target: <= 20 MB)")
PY

echo "== insight on 1,000,000 tickets: KPI dashboard, review pack, what-if (issue 5) =="
printf 'bench-password-2026\n' | build/levera user add --db "$tmp/big.db" --email bench@levera.demo --role admin >/dev/null 2>&1
serve "$tmp/big.db" "$tmp/big.log"
/usr/bin/python3 - "$url" <<'PY'
import statistics, sys, time, requests
url = sys.argv[1] + "/api/v1"
r = requests.post(url + "/session", json={"email": "bench@levera.demo", "password": "bench-password-2026"})
s = requests.Session()
s.cookies.set("levera_session", r.cookies["levera_session"])
s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
# levera demo counted every ticket; the SLA job's first pass may change a few, which the KPI job follows.
t0 = time.monotonic()
while s.get(url + "/kpis").json()["pending_changes"] > 0:
    time.sleep(0.2)
print(f"pending ticket changes counted {time.monotonic() - t0:.1f} s after start")

def timed(n, call):
    out = []
    for _ in range(n):
        t0 = time.monotonic()
        r = call()
        out.append((time.monotonic() - t0) * 1e3)
        assert r.status_code == 200, r.text[:300]
    out.sort()
    return out, r

ms, r = timed(21, lambda: s.get(url + "/kpis"))
print(f"GET /kpis, the whole desk, 12 months: median {ms[10]:.1f} ms, p90 {ms[18]:.1f} ms "
      f"(issue 5 target: a dashboard over 1,000,000 tickets <= 100 ms)")
ms, r = timed(21, lambda: s.get(url + "/kpis", params={"group_by": "customer"}))
print(f"GET /kpis?group_by=customer: median {ms[10]:.1f} ms, p90 {ms[18]:.1f} ms")
ags = [a for a in s.get(url + "/agreements", params={"limit": 200}).json()["items"] if a["type"] == "sla"]
month = s.get(url + "/kpis").json()["months"][-2]["month"]
customers = {a["customer"] for a in ags}
sizes = {c: sum(m["created"] for m in s.get(url + "/kpis", params={"customer": c}).json()["months"]) for c in customers}
big = max(sizes, key=sizes.get)
ms, r = timed(5, lambda: s.get(url + "/reports/review", params={"customer": big, "month": month, "format": "pdf"}))
print(f"review pack PDF, the largest customer ({sizes[big]:,} tickets a year), {month}: median {ms[2]:.0f} ms, "
      f"worst {ms[-1]:.0f} ms, {len(r.content) / 1024:.0f} KiB (issue 5 target: <= 1 s)")
total_ms, total_tickets = 0.0, 0
for a in ags:
    targets = [{k: t[k] for k in ("metric", "priority", "duration") if k in t} for t in a["targets"]]
    for t in targets:
        t["duration"] = int(t["duration"] * 1.5) if isinstance(t["duration"], int) else t["duration"]
    body = {"agreement": a["id"], "proposal": {"targets": targets}}
    ms, r = timed(3, lambda: s.post(url + "/simulations", json=body))
    total_ms += ms[1]
    total_tickets += r.json()["tickets"]
    if a["customer"] == big:
        print(f"what-if, one SLA ({r.json()['tickets']:,} tickets over 12 months, targets x 1.5): median {ms[1]:.0f} ms")
print(f"what-if over every SLA in turn: {total_tickets:,} tickets in {total_ms:.0f} ms "
      f"({total_tickets / total_ms * 1e3:,.0f} tickets/s; issue 5 target: 1,000,000 tickets <= 2 s)")
PY
kill -TERM "$serve_pid"
wait "$serve_pid" || true
