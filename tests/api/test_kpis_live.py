"""The KPI rollups follow the desk: each customer's months are in its own time zone, a ticket written
through the API is counted once the KPI job has seen it, and changing an organisation's time zone
counts every ticket again.

  N1 Nordisk (Europe/Copenhagen): created 2025-01-31T23:30Z = 02-01 00:30 local: February.
  P1 Pacific (America/Los_Angeles): created 2025-02-01T05:00Z = 01-31 21:00 local: January.
  U1 Utopia (no time zone, no SLA): created 2025-01-31T23:30Z: January (UTC).
"""
import datetime
import time

import pytest

from conftest import Client, assert_error, module_server, seed

API = "/api/v1"
WINDOW = {"from": "2025-01", "to": "2025-02"}


def ticket(ref, customer, at):
    return {"kind": "ticket", "ref": ref, "type": "incident", "customer": customer, "service": "Mail",
            "priority": "P3", "subject": ref, "events": [{"at": at, "type": "created"}]}


RECORDS = [
    {"kind": "organisation", "name": "Nordisk", "type": "customer", "timezone": "Europe/Copenhagen"},
    {"kind": "organisation", "name": "Pacific", "type": "customer", "timezone": "America/Los_Angeles"},
    {"kind": "organisation", "name": "Utopia", "type": "customer"},
    {"kind": "service", "name": "Mail"},
    ticket("N1", "Nordisk", "2025-01-31T23:30:00Z"),
    ticket("P1", "Pacific", "2025-02-01T05:00:00Z"),
    ticket("U1", "Utopia", "2025-01-31T23:30:00Z"),
]


@pytest.fixture(scope="module")
def srv():
    yield from module_server(lambda db: seed(db, RECORDS, [("ada@example.com", "admin", [])]))


@pytest.fixture(scope="module")
def ada(srv):
    return Client(srv, "ada@example.com", API)


def counted(client, **params):
    deadline = time.monotonic() + 15
    while True:
        r = client.get("/kpis", params=params)
        assert r.status_code == 200, r.text
        if r.json()["pending_changes"] == 0:
            return r.json()
        assert time.monotonic() < deadline, "the KPI job did not catch up"
        time.sleep(0.1)


def created(client, **params):
    return [m["created"] for m in counted(client, **dict(WINDOW, **params))["months"]]


def test_each_customer_counts_in_its_own_months(ada):
    assert created(ada, customer="Nordisk") == [0, 1]
    assert created(ada, customer="Pacific") == [1, 0]
    assert created(ada, customer="Utopia") == [1, 0]
    assert created(ada) == [2, 1], "the desk is the sum of its customers"
    body = counted(ada, customer="Nordisk", **WINDOW)
    assert body["time_zone"] == "Europe/Copenhagen"
    assert body["months"][1]["start"] == "2025-01-31T23:00:00Z"
    assert body["months"][1]["end"] == "2025-02-28T23:00:00Z"
    assert counted(ada, customer="Pacific", **WINDOW)["months"][0]["end"] == "2025-02-01T08:00:00Z"


def test_a_ticket_written_through_the_api_is_counted(ada):
    month = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m")
    before = counted(ada, customer="Utopia", **{"from": month, "to": month})["months"][0]
    r = ada.post("/tickets", json={"type": "incident", "customer": "Utopia", "service": "Mail", "priority": "P2",
                                   "subject": "live"})
    assert r.status_code == 201, r.text
    t = r.json()
    r = ada.post(f"/tickets/{t['id']}/events", json={"type": "status", "to": "resolved"},
                 headers={"If-Match": '"1"'})
    assert r.status_code in (200, 201), r.text
    after = counted(ada, customer="Utopia", **{"from": month, "to": month})["months"][0]
    assert after["created"] == before["created"] + 1
    assert after["resolved"] == before["resolved"] + 1
    assert after["first_contact_resolution"] is not None
    assert after["backlog"] == before["backlog"], "created and resolved: not open at the end"


def test_changing_a_time_zone_counts_again(ada):
    org = ada.get("/organisations", params={"limit": 200}).json()["items"]
    org = [o for o in org if o["name"] == "Nordisk"][0]
    r = ada.get(f"/organisations/{org['id']}")
    doc = {k: v for k, v in r.json().items() if k in ("name", "type", "description", "timezone")}
    doc["timezone"] = "UTC"
    r = ada.put(f"/organisations/{org['id']}", json=doc, headers={"If-Match": r.headers["ETag"]})
    assert r.status_code == 200, r.text
    deadline = time.monotonic() + 15
    while created(ada, customer="Nordisk") != [1, 0]:
        assert time.monotonic() < deadline, created(ada, customer="Nordisk")
        time.sleep(0.2)
    assert counted(ada, customer="Nordisk", **WINDOW)["time_zone"] == "UTC"


def test_a_bad_group_is_named(ada):
    assert_error(ada.get("/kpis", params={"group_by": "month"}), 400, "invalid", "group_by")
