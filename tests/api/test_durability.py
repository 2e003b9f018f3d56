"""What the API acknowledged survives: a clean restart, and a SIGKILL in the middle of a write load."""
import os
import signal
import subprocess
import threading
import time

import pytest
import requests

from conftest import BIN, ENV, LISTENING, Client, seed

RECORDS = [
    {"kind": "organisation", "name": "Acme", "type": "customer"},
    {"kind": "organisation", "name": "Desk", "type": "team"},
    {"kind": "service", "name": "Mail"},
]


def serve(db, log_path):
    log = open(log_path, "wb")
    proc = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:0", "--db", db], env=ENV,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with open(log_path, "rb") as f:
            m = LISTENING.search(f.read().decode(errors="replace"))
        if m:
            return proc, m.group(1), log
        assert proc.poll() is None, "levera serve exited"
        time.sleep(0.02)
    proc.kill()
    raise RuntimeError("levera serve did not start")


class Url:
    def __init__(self, url):
        self.url = url


@pytest.mark.skipif(bool(os.environ.get("LEVERA_URL")), reason="needs its own server process")
def test_sigkill_during_writes_loses_no_acknowledged_ticket(tmp_path):
    db = str(tmp_path / "levera.db")
    seed(db, RECORDS, [("ann@desk.example", "agent", [])])
    proc, url, log = serve(db, str(tmp_path / "one.log"))
    ann = Client(Url(url), "ann@desk.example", "/api/v1")
    acknowledged, lock, stop = [], threading.Lock(), threading.Event()

    def writer(n):
        s = requests.Session()
        s.cookies = ann.s.cookies
        s.headers.update(ann.s.headers)
        i = 0
        while not stop.is_set():
            i += 1
            try:
                r = s.post(url + "/api/v1/tickets", timeout=5,
                           json={"type": "incident", "customer": "Acme", "service": "Mail",
                                 "subject": f"writer {n} ticket {i}", "priority": "P3"})
            except requests.RequestException:
                return
            if r.status_code == 201:
                with lock:
                    acknowledged.append(r.json()["id"])

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    time.sleep(2.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stop.set()
    for t in threads:
        t.join()
    log.close()
    assert len(acknowledged) > 50, f"only {len(acknowledged)} tickets acknowledged: too little to mean anything"

    proc, url, log = serve(db, str(tmp_path / "two.log"))
    try:
        ann = Client(Url(url), "ann@desk.example", "/api/v1")
        missing = [i for i in acknowledged if ann.get(f"/tickets/{i}").status_code != 200]
        assert missing == [], f"{len(missing)} of {len(acknowledged)} acknowledged tickets lost"
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
        log.close()
