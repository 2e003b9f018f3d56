"""The running server records SLA warnings and breaches as ticket events when they happen."""
import datetime
import json
import os
import subprocess
import time

from conftest import BIN


def test_server_records_warnings_and_breach_at_their_instants(tmp_path):
    db = str(tmp_path / "levera.db")
    created = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    week = {d: ["00:00-24:00"] for d in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}
    records = [
        {"kind": "calendar", "name": "24x7", "timezone": "UTC", "week": week},
        {"kind": "organisation", "name": "Acme", "type": "customer"},
        {"kind": "organisation", "name": "Desk", "type": "team"},
        {"kind": "service", "name": "Mail"},
        {"kind": "agreement", "name": "Fast SLA", "type": "sla", "customer": "Acme", "provider": "Desk",
         "services": ["Mail"], "valid_from": "2026-01-01", "calendar": "24x7",
         "targets": [{"metric": "resolution", "priority": "P1", "duration": 4, "warn_at": [50]}]},
        {"kind": "ticket", "ref": "T-1", "type": "incident", "customer": "Acme", "service": "Mail",
         "priority": "P1", "subject": "Down", "events": [{"at": stamp, "type": "created"}]},
    ]
    (tmp_path / "setup.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    env = dict(os.environ, LEVERA_ARGON2="test")
    subprocess.run([BIN, "import", str(tmp_path / "setup.jsonl"), "--db", db], check=True, env=env,
                   stderr=subprocess.DEVNULL)
    server = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:0", "--db", db], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        events = []
        while time.monotonic() < deadline:
            out = subprocess.run([BIN, "export", "tickets", "--db", db], capture_output=True, env=env).stdout
            lines = out.decode().splitlines()
            if lines:
                events = json.loads(lines[0])["events"]
                if any(e["type"] == "sla_breach" for e in events):
                    break
            time.sleep(0.5)
        kinds = [(e["type"], e.get("occurred_at")) for e in events[1:]]
        at = lambda s: (created + datetime.timedelta(seconds=s)).strftime("%Y-%m-%dT%H:%M:%SZ")
        assert kinds == [("sla_warning", at(2)), ("sla_breach", at(4))], events
    finally:
        server.terminate()
        assert server.wait(timeout=10) == 0
    # A restart records nothing twice.
    server = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:0", "--db", db], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    server.terminate()
    assert server.wait(timeout=10) == 0
    out = subprocess.run([BIN, "export", "tickets", "--db", db], capture_output=True, env=env).stdout
    assert len(json.loads(out.decode().splitlines()[0])["events"]) == 3
