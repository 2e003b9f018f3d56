"""A ticket's detail: each clock's spans explain its figures; customers rate resolved tickets (CSAT); staff log
work time, which customers never see."""
import json
import os

import pytest

from conftest import ROOT, Client, assert_error, module_server, seed

EXAMPLE = os.path.join(ROOT, "tests", "cli", "data", "issue3_example.jsonl")
USERS = [("ann@desk.example", "agent", []), ("cy@acme.example", "customer", ["--organisation", "Acme A/S"])]


@pytest.fixture(scope="module")
def srv():
    other = ('{"kind":"calendar","name":"Night shift","timezone":"UTC","week":{"mon":["22:00-24:00"]}}')
    yield from module_server(lambda db: seed(db, open(EXAMPLE).read().splitlines() + [other], USERS))


@pytest.fixture(scope="module")
def ann(srv):
    return Client(srv, "ann@desk.example")


@pytest.fixture(scope="module")
def cy(srv):
    return Client(srv, "cy@acme.example")


def example(ann):
    [t] = [t for t in ann.get("/api/v1/tickets", params={"limit": 200}).json()["items"] if t["ref"] == "RT-1042"]
    return ann.get("/api/v1/tickets/" + t["id"]).json()


def test_spans_explain_the_issue_example(ann):
    t = example(ann)
    res = [c for c in t["sla"] if c["metric"] == "resolution"][0]
    assert res["started_at"] == "2026-03-02T08:15:00Z" and res["stopped_at"] == "2026-03-03T12:00:00Z"
    paused = [(s["from"], s["to"]) for s in res["spans"] if s["kind"] == "paused"]
    assert paused == [("2026-03-02T10:00:00Z", "2026-03-03T09:00:00Z")]
    running = [s for s in res["spans"] if s["kind"] == "running"]
    assert sum(s["business_s"] for s in running) == res["elapsed_business_s"] == 17100
    assert running[0]["from"] == "2026-03-02T08:15:00Z" and running[-1]["to"] == "2026-03-03T12:00:00Z"
    # The priority change at 11:00 switched the target: the spans say which target was in force.
    assert {s["target_s"] for s in running} == {8 * 3600, 4 * 3600}
    assert res["spans_truncated"] == 0
    resp = [c for c in t["sla"] if c["metric"] == "response"][0]
    assert resp["stopped_at"] == "2026-03-02T09:00:00Z" and resp["state"] == "met"


def test_a_customer_rates_a_resolved_ticket_once_it_is_resolved(ann, cy):
    t = ann.post("/api/v1/tickets", json={"type": "incident", "customer": "Acme A/S", "service": "E-mail",
                                          "subject": "Slow mail", "priority": "P2"}).json()
    ev = f"/api/v1/tickets/{t['id']}/events"
    r = cy.post(ev, json={"type": "rating", "score": 5}, headers={"If-Match": '"1"'})
    assert_error(r, 400, "invalid")
    assert "resolved" in r.json()["error"]["message"]
    assert ann.post(ev, json={"type": "status", "to": "resolved"}, headers={"If-Match": '"1"'}).status_code == 200
    assert_error(ann.post(ev, json={"type": "rating", "score": 5}, headers={"If-Match": '"2"'}), 403, "forbidden")
    for bad in (0, 6, 4.5, "5", None):
        assert_error(cy.post(ev, json={"type": "rating", "score": bad}, headers={"If-Match": '"2"'}), 400,
                     "invalid", "score")
    assert_error(cy.post(ev, json={"type": "rating", "score": 4, "comment": "x" * 4001}, headers={"If-Match": '"2"'}),
                 400, "invalid", "comment")
    r = cy.post(ev, json={"type": "rating", "score": 4, "comment": "quick <b>and</b> kind"},
                headers={"If-Match": '"2"'})
    assert r.status_code == 200, r.text
    last = r.json()["events"][-1]
    assert last["type"] == "rating" and last["score"] == 4 and last["comment"] == "quick <b>and</b> kind"
    assert last["by"] == "customer"


def test_work_is_logged_by_staff_and_hidden_from_customers(ann, cy):
    t = ann.post("/api/v1/tickets", json={"type": "incident", "customer": "Acme A/S", "service": "E-mail",
                                          "subject": "Printer jam", "priority": "P3"}).json()
    ev = f"/api/v1/tickets/{t['id']}/events"
    r = ann.post(ev, json={"type": "work", "duration": "1h30m", "note": "replaced the fuser"},
                 headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.json()["events"][-1]["duration"] == "1h30m"
    assert ann.post(ev, json={"type": "work", "duration": 900}, headers={"If-Match": '"2"'}).status_code == 200
    for bad in (0, -5, 86401, "forever", "25h"):
        assert_error(ann.post(ev, json={"type": "work", "duration": bad}, headers={"If-Match": '"3"'}), 400,
                     "invalid", "duration")
    assert_error(cy.post(ev, json={"type": "work", "duration": 60}, headers={"If-Match": '"3"'}), 403, "forbidden")
    seen = cy.get("/api/v1/tickets/" + t["id"]).json()
    assert [e["type"] for e in seen["events"]] == ["created"]
    assert "fuser" not in json.dumps(seen)
    staff = ann.get("/api/v1/tickets/" + t["id"]).json()
    assert [e["type"] for e in staff["events"]] == ["created", "work", "work"]


def test_a_customer_reads_the_calendar_their_sla_promises_and_no_other(ann, cy):
    cals = {c["name"]: c for c in ann.get("/api/v1/calendars").json()["items"]}
    r = cy.get("/api/v1/calendars/" + cals["DK office"]["id"])
    assert r.status_code == 200, r.text
    assert r.json()["timezone"] == "Europe/Copenhagen" and r.json()["week"]["mon"] == ["08:00-16:00"]
    assert cy.get("/api/v1/calendars/" + cals["Night shift"]["id"]).status_code in (403, 404)
    assert_error(cy.get("/api/v1/calendars"), 403, "forbidden")
