"""Agreements' commercial terms (credit rules, cap, fee, maintenance windows) and incidents' outage events,
through the real server: stored and read back, refused with the field named, and who may post what."""
import datetime
import json
import os
import uuid

import jsonschema
import pytest

from conftest import WEEK, ROOT, Client, assert_error, module_server, seed

RECORDS = [
    {"kind": "calendar", "name": "24x7", "timezone": "UTC", "week": WEEK},
    {"kind": "organisation", "name": "Acme", "type": "customer"},
    {"kind": "organisation", "name": "Desk", "type": "team"},
    {"kind": "organisation", "name": "Hoster", "type": "supplier"},
    {"kind": "service", "name": "Mail", "currency": "DKK",
     "offerings": [{"name": "Gold", "price_per_month": 5000}, {"name": "Silver", "price_per_month": 3000}]},
]
USERS = [("ada@example.com", "admin", []), ("mia@desk.example", "manager", []), ("ann@desk.example", "agent", []),
         ("cy@acme.example", "customer", ["--organisation", "Acme"])]
TARGETS = [{"metric": "response", "priority": "P2", "duration": "1h"},
           {"metric": "resolution", "priority": "P2", "duration": "8h"}]
RULES = [{"metric": "resolution", "below": 95, "credit_pct": 5},
         {"metric": "response", "priority": "P1", "below": 99.125, "credit_pct": 2.5},
         {"metric": "availability", "below": 99.5, "credit_pct": 10}]
WINDOWS = [{"start": "2026-03-07T22:00:00Z", "end": "2026-03-08T02:00:00Z", "note": "patching"},
           {"start": "2026-03-01T22:00:00Z", "end": "2026-03-01T23:00:00Z"}]
API = "/api/v1"
DOC = json.load(open(os.path.join(ROOT, "docs", "openapi.json")))


def conforms(schema_name, body):
    """body validates against the named schema of docs/openapi.json."""
    root = {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": f"#/components/schemas/{schema_name}", "components": DOC["components"]}
    errors = list(jsonschema.Draft202012Validator(root).iter_errors(body))
    assert not errors, f"{schema_name}: {errors[0].message} at {list(errors[0].absolute_path)}"


def prepare(db):
    seed(db, RECORDS, USERS)


@pytest.fixture(scope="module")
def srv():
    yield from module_server(prepare)


@pytest.fixture(scope="module")
def mia(srv):
    return Client(srv, "mia@desk.example")


@pytest.fixture(scope="module")
def ann(srv):
    return Client(srv, "ann@desk.example")


@pytest.fixture(scope="module")
def cy(srv):
    return Client(srv, "cy@acme.example")


def agreement(**extra):
    doc = {"name": f"SLA {uuid.uuid4().hex[:8]}", "type": "sla", "customer": "Acme", "provider": "Desk",
           "services": ["Mail"], "valid_from": "2026-01-01", "calendar": "24x7", "targets": TARGETS}
    doc.update(extra)
    return doc


def test_agreement_terms_round_trip(mia):
    doc = agreement(service_level="Gold", fee_per_month=12500.5, currency="DKK", credit_rules=RULES,
                    credit_cap_pct=20, maintenance_windows=WINDOWS)
    r = mia.post(API + "/agreements", json=doc)
    assert r.status_code == 201, r.text
    created = r.json()
    r = mia.get(f"{API}/agreements/{created['id']}")
    assert r.status_code == 200, r.text
    got = r.json()
    conforms("Agreement", got)
    for key in ("service_level", "fee_per_month", "currency", "credit_rules", "credit_cap_pct",
                "maintenance_windows"):
        assert got[key] == doc[key], key
    # Written back unchanged (PUT with the document read), it stays the same.
    put = {k: v for k, v in got.items() if k not in ("id", "version", "created_at", "updated_at", "archived",
                                                      "warnings")}
    r = mia.put(f"{API}/agreements/{got['id']}", json=put, headers={"If-Match": f'"{got["version"]}"'})
    assert r.status_code == 200, r.text
    again = mia.get(f"{API}/agreements/{got['id']}").json()
    assert again["credit_rules"] == RULES and again["maintenance_windows"] == WINDOWS


def test_terms_absent_stay_absent(mia):
    r = mia.post(API + "/agreements", json=agreement())
    assert r.status_code == 201, r.text
    got = mia.get(f"{API}/agreements/{r.json()['id']}").json()
    for key in ("service_level", "fee_per_month", "currency", "credit_rules", "credit_cap_pct",
                "maintenance_windows"):
        assert key not in got, key


@pytest.mark.parametrize("extra,field", [
    ({"credit_rules": [RULES[0], {"metric": "resolution", "below": 100.5, "credit_pct": 5}]},
     "credit_rules[1].below"),
    ({"credit_rules": [{"metric": "resolution", "below": 95.0001, "credit_pct": 5}]}, "credit_rules[0].below"),
    ({"credit_rules": [{"metric": "resolution", "below": 95, "credit_pct": 0}]}, "credit_rules[0].credit_pct"),
    ({"credit_rules": [{"metric": "uptime", "below": 95, "credit_pct": 5}]}, "credit_rules[0].metric"),
    ({"credit_rules": [{"metric": "availability", "priority": "P1", "below": 95, "credit_pct": 5}]},
     "credit_rules[0].priority"),
    ({"credit_rules": [dict(RULES[0], colour="red")]}, "credit_rules[0].colour"),
    ({"credit_rules": [RULES[0]] * 21}, "credit_rules"),
    ({"credit_cap_pct": 150}, "credit_cap_pct"),
    ({"fee_per_month": 100}, "currency"),
    ({"fee_per_month": 100, "currency": "dkk"}, "currency"),
    ({"fee_per_month": 1.005, "currency": "DKK"}, "fee_per_month"),
    ({"maintenance_windows": [{"start": "2026-03-08T02:00:00Z", "end": "2026-03-07T22:00:00Z"}]},
     "maintenance_windows[0].end"),
    ({"maintenance_windows": [{"start": "2026-03-07T22:00:00Z"}]}, "maintenance_windows[0].end"),
    ({"maintenance_windows": [WINDOWS[0], {"start": "2026-03-08T01:00:00Z", "end": "2026-03-08T05:00:00Z"}]},
     "maintenance_windows[1]"),
    ({"maintenance_windows": [dict(WINDOWS[0], note="x" * 501)]}, "maintenance_windows[0].note"),
])
def test_bad_terms_name_the_field(mia, extra, field):
    r = mia.post(API + "/agreements", json=agreement(**extra))
    assert_error(r, 400, "invalid", field)


def test_ola_has_no_credit_rules_but_uc_may(mia):
    r = mia.post(API + "/agreements", json=agreement(type="ola", credit_rules=RULES))
    assert_error(r, 400, "invalid", "credit_rules")
    r = mia.post(API + "/agreements", json=agreement(type="uc", provider="Hoster", credit_rules=[RULES[2]]))
    assert r.status_code == 201, r.text
    assert r.json()["credit_rules"] == [RULES[2]]


# ---- outages on tickets ----

def create(client, **fields):
    body = {"type": "incident", "customer": "Acme", "service": "Mail", "subject": "Mail is down"}
    body.update(fields)
    r = client.post(API + "/tickets", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def event(client, ticket, **body):
    return client.post(f"{API}/tickets/{ticket['id']}/events", json=body,
                       headers={"If-Match": f'"{ticket["version"]}"'})


def ago(seconds):
    t = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=seconds)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def outages(ticket):
    return [ev for ev in ticket["events"] if ev["type"] == "outage"]


def test_outage_on_an_incident_is_stored_and_corrected(ann, cy):
    t = create(ann)
    start = ago(600)
    r = event(ann, t, type="outage", start=start)
    assert r.status_code == 200, r.text
    t = r.json()
    assert [(ev.get("start"), ev.get("end")) for ev in outages(t)] == [(start, None)]
    end = ago(60)
    r = event(ann, t, type="outage", start=ago(900), end=end)
    assert r.status_code == 200, r.text
    t = r.json()
    assert [ev.get("end") for ev in outages(t)] == [None, end]
    assert all(ev["by"] == "agent" for ev in outages(t))
    for ev in outages(t):
        conforms("Event", ev)
    conforms("TicketEvent", {"type": "outage", "start": start, "end": end})
    # The customer sees the outage on the public timeline of their ticket.
    r = cy.get(f"{API}/tickets/{t['id']}")
    assert r.status_code == 200, r.text
    assert [ev.get("end") for ev in outages(r.json())] == [None, end]


def test_outage_is_for_incidents_only(ann):
    t = create(ann, type="service_request", subject="A new mailbox")
    r = event(ann, t, type="outage", start=ago(600))
    assert_error(r, 400, "invalid", "type")


@pytest.mark.parametrize("body,field", [
    ({"type": "outage"}, "start"),
    ({"type": "outage", "start": "soon"}, "start"),
    ({"type": "outage", "start": "2999-01-01T00:00:00Z"}, "start"),
    ({"type": "outage", "start": "2026-03-02T08:00:00Z", "end": "2026-03-02T07:00:00Z"}, "end"),
    ({"type": "outage", "start": "2026-03-02T08:00:00Z", "end": "2999-01-01T00:00:00Z"}, "end"),
    ({"type": "outage", "start": "2026-03-02T08:00:00Z", "cause": "power"}, "cause"),
])
def test_bad_outage_names_the_field(ann, body, field):
    t = create(ann)
    assert_error(event(ann, t, **body), 400, "invalid", field)


def test_customer_cannot_post_an_outage(cy):
    t = create(cy)
    r = event(cy, t, type="outage", start=ago(600))
    assert_error(r, 403, "forbidden", "type")
    assert outages(cy.get(f"{API}/tickets/{t['id']}").json()) == []


def test_import_takes_outages_on_incidents_only(srv):
    ada = Client(srv, "ada@example.com")
    events = [{"at": "2026-03-02T08:00:00Z", "type": "created"},
              {"at": "2026-03-02T09:00:00Z", "type": "outage", "start": "2026-03-02T07:55:00Z",
               "end": "2026-03-02T08:50:00Z"}]
    lines = [{"kind": "ticket", "ref": f"OUT-{kind}", "type": kind, "customer": "Acme", "service": "Mail",
              "priority": "P2", "subject": "Mail was down", "events": events}
             for kind in ("incident", "change")]
    r = ada.post(API + "/import", data="".join(json.dumps(x) + "\n" for x in lines))
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["created"], body["failed"]) == (1, 1), body
    assert [(e["line"], e["field"]) for e in body["errors"]] == [(2, "events[1].type")], body
