"""/metrics counts the open tickets by SLA state, from the database the server runs on."""
import re
import subprocess

import requests

from conftest import BIN, ENV, start_server


def prepare(db):
    subprocess.run([BIN, "demo", "--db", db, "--tickets", "600", "--seed", "2", "--now", "2026-11-02T10:00:00Z"],
                   check=True, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_ticket_gauges():
    s = start_server(prepare=prepare)
    try:
        text = requests.get(s.url + "/metrics", timeout=10).text
        gauges = {m.group(1): int(m.group(2))
                  for m in re.finditer(r'^levera_tickets_open\{sla_state="(\w+)"\} (\d+)$', text, re.M)}
        assert set(gauges) == {"breached", "at_risk", "ok", "paused", "done", "none"}
        total = int(re.search(r"^levera_tickets_open_total (\d+)$", text, re.M).group(1))
        assert total == sum(gauges.values()) and total > 0
        assert 'levera_metrics_source_up{source="tickets"} 1' in text
        # The same figures as the export: tickets whose last event is not resolved or closed.
        out = subprocess.run([BIN, "export", "tickets", "--db", s.db, "--as-of", "2026-11-02T10:00:00Z"],
                             capture_output=True, env=ENV, check=True).stdout.decode()
        open_tickets = sum(1 for line in out.splitlines()
                           if '"status":"resolved"' not in line and '"status":"closed"' not in line)
        assert total == open_tickets
    finally:
        s.stop()
