"""levera import, export and demo, end to end on a temporary database."""
import json
import os

from conftest import ROOT, run

EXAMPLE = os.path.join(ROOT, "tests", "cli", "data", "issue3_example.jsonl")


def export(db, as_of):
    _, out, _ = run(["export", "tickets", "--db", db, "--as-of", as_of], check_rc=0)
    return [json.loads(line) for line in out.splitlines()]


def clock(ticket, metric):
    [c] = [c for c in ticket["sla"] if c["metric"] == metric]
    return c


def test_issue3_example_clocks(tmp_path):
    db = str(tmp_path / "data" / "levera.db")
    rc, _, err = run(["import", EXAMPLE, "--db", db], check_rc=0)
    assert "6 created, 0 skipped (already there), 0 failed" in err
    [t] = export(db, "2026-03-04T00:00:00Z")
    assert t["ref"] == "RT-1042" and t["status"] == "resolved" and t["priority"] == "P1"
    assert t["customer"] == "Acme A/S" and t["service"] == "E-mail"
    response, resolution = clock(t, "response"), clock(t, "resolution")
    assert response["state"] == "met" and response["elapsed_business_s"] == 2700
    assert resolution["state"] == "breached"
    assert resolution["elapsed_business_s"] == 17100
    assert resolution["target_s"] == 14400
    assert resolution["breached_at"] == "2026-03-03T11:15:00Z"
    assert resolution["paused_wall_s"] == 82800
    # As of an earlier instant the same history says something else: waiting on the customer.
    [t] = export(db, "2026-03-02T15:00:00Z")
    assert clock(t, "resolution")["state"] == "paused"
    assert clock(t, "resolution")["due_at"] is None
    assert clock(t, "resolution")["elapsed_business_s"] == 6300


def test_import_again_skips_everything(tmp_path):
    db = str(tmp_path / "levera.db")
    run(["import", EXAMPLE, "--db", db], check_rc=0)
    rc, _, err = run(["import", EXAMPLE, "--db", db], check_rc=0)
    assert "0 created, 6 skipped (already there), 0 failed" in err
    assert len(export(db, "2026-03-04T00:00:00Z")) == 1


def test_export_round_trips_through_import(tmp_path):
    """An export is an import file as it stands: same ids, same clocks; a second run skips by id."""
    db1, db2 = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    run(["import", EXAMPLE, "--db", db1], check_rc=0)
    _, out, _ = run(["export", "tickets", "--db", db1, "--as-of", "2026-03-04T00:00:00Z"], check_rc=0)
    unnamed = json.loads(out.splitlines()[0])
    unnamed.pop("ref")
    unnamed["id"] = "01m0000000000000000000000a"
    lines = open(EXAMPLE).read().splitlines()[:5] + out.splitlines() + [json.dumps(unnamed)]
    (tmp_path / "again.jsonl").write_text("\n".join(lines) + "\n")
    _, _, err = run(["import", str(tmp_path / "again.jsonl"), "--db", db2], check_rc=0)
    assert "7 created, 0 skipped" in err
    a, b = export(db1, "2026-03-04T00:00:00Z"), export(db2, "2026-03-04T00:00:00Z")
    assert a[0] in b and len(b) == 2
    assert [t["sla"] for t in b if t["id"] == unnamed["id"]] == [a[0]["sla"]]
    _, _, err = run(["import", str(tmp_path / "again.jsonl"), "--db", db2], check_rc=0)
    assert "0 created, 7 skipped (already there), 0 failed" in err, "a ticket without a ref is skipped by its id"
    unnamed["id"] = "not-an-id"
    (tmp_path / "bad.jsonl").write_text(json.dumps(unnamed) + "\n")
    _, _, err = run(["import", str(tmp_path / "bad.jsonl"), "--db", db2], check_rc=1)
    assert "bad.jsonl:1: id: " in err


def test_bad_lines_are_reported_and_skipped(tmp_path):
    db = str(tmp_path / "levera.db")
    lines = open(EXAMPLE).read().splitlines()
    ticket = json.loads(lines[5])
    bad = [
        '{"kind":"spaceship","name":"x"}',
        '{"kind":"organisation","name":"Broken"',
        json.dumps(dict(ticket, ref="RT-2", customer="Nobody Inc")),
        json.dumps(dict(ticket, ref="RT-3", events=ticket["events"] + [{"at": "2026-03-04T00:00:00Z", "type": "status", "to": "closed"}, {"at": "2026-03-05T00:00:00Z", "type": "status", "to": "in_progress"}])),
        json.dumps(dict(ticket, ref="RT-4", colour="red")),
        '{"kind":"agreement","name":"Bad","type":"sla","customer":"Service Desk","provider":"Service Desk","services":["E-mail"],"valid_from":"2026-01-01"}',
        json.dumps(dict(ticket, ref="RT-5")),
    ]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines + bad) + "\n")
    rc, _, err = run(["import", str(tmp_path / "mixed.jsonl"), "--db", db])
    assert rc == 1
    path = str(tmp_path / "mixed.jsonl")
    assert f"{path}:7: kind: unknown kind 'spaceship'" in err
    assert f"{path}:8: malformed JSON" in err
    assert f"{path}:9: customer: no organisation named 'Nobody Inc'" in err
    assert f"{path}:10: events[7].to: a ticket cannot move from closed to in_progress" in err
    assert f"{path}:11: colour: unknown field 'colour'" in err
    assert f"{path}:12: customer: " in err and "must be a customer organisation" in err
    assert "7 created, 0 skipped (already there), 6 failed" in err
    assert sorted(t["ref"] for t in export(db, "2026-03-04T00:00:00Z")) == ["RT-1042", "RT-5"]


def test_demo_is_deterministic_and_rerunnable(tmp_path):
    db = str(tmp_path / "demo.db")
    args = ["demo", "--db", db, "--tickets", "400", "--seed", "5", "--now", "2026-11-02T10:00:00Z"]
    rc, _, err = run(args, check_rc=0)
    assert " 0 failed" in err
    tickets = export(db, "2026-11-02T10:00:00Z")
    assert 300 < len(tickets) < 500
    states = {c["state"] for t in tickets for c in t["sla"]}
    assert {"met", "breached", "running"} <= states
    # Ratings, logged work and outages go through the import's checks like every other event.
    kinds = {e["type"] for t in tickets for e in t["events"]}
    assert {"rating", "work", "outage"} <= kinds
    rc, _, err = run(args, check_rc=0)
    assert " 0 created" in err and " 0 failed" in err
    other = str(tmp_path / "other.db")
    run(["demo", "--db", other] + args[3:], check_rc=0)
    strip = lambda ts: [{k: v for k, v in t.items() if k != "id"} for t in ts]
    assert strip(export(other, "2026-11-02T10:00:00Z")) == strip(tickets)


def test_usage_errors(tmp_path):
    rc, _, err = run(["import"], check_rc=2)
    assert "import needs a file" in err
    rc, _, err = run(["import", str(tmp_path / "missing.jsonl"), "--db", str(tmp_path / "x.db")], check_rc=2)
    assert "cannot open" in err
    rc, _, err = run(["export", "agreements", "--db", str(tmp_path / "x.db")], check_rc=2)
    rc, _, err = run(["demo", "--tickets", "lots"], check_rc=2)
    assert "--tickets" in err
    for cmd in ["import", "export", "demo"]:
        rc, out, _ = run([cmd, "--help"], check_rc=0)
        assert out.startswith(f"usage: levera {cmd}")
