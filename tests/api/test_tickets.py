"""Tickets over the JSON API: create, read with clocks, list, events with If-Match, Idempotency-Key, scoping."""
import datetime
import uuid

import pytest

from conftest import WEEK, Client as SignedIn, assert_error, module_server, seed

RECORDS = [
    {"kind": "calendar", "name": "24x7", "timezone": "UTC", "week": WEEK},
    {"kind": "organisation", "name": "Acme", "type": "customer"},
    {"kind": "organisation", "name": "Globex", "type": "customer"},
    {"kind": "organisation", "name": "Desk", "type": "team"},
    {"kind": "service", "name": "Mail"},
    {"kind": "agreement", "name": "Mail SLA", "type": "sla", "customer": "Acme", "provider": "Desk",
     "services": ["Mail"], "valid_from": "2026-01-01", "calendar": "24x7",
     "targets": [{"metric": "response", "priority": "P2", "duration": "1h"},
                 {"metric": "resolution", "priority": "P2", "duration": "8h"},
                 {"metric": "resolution", "priority": "P3", "duration": "24h"},
                 {"metric": "resolution", "priority": "P1", "duration": "2h"}]},
]
USERS = [("ann@desk.example", "agent", []), ("bob@desk.example", "agent", []),
         ("cy@acme.example", "customer", ["--organisation", "Acme"]),
         ("gil@globex.example", "customer", ["--organisation", "Globex"])]



def prepare(db):
    seed(db, RECORDS, USERS)


@pytest.fixture(scope="module")
def srv():
    yield from module_server(prepare)


class Client(SignedIn):
    """A signed-in session with helpers for tickets."""

    def get(self, path, **kw):
        return self.s.get(self.url + path, timeout=10, **kw)

    def post(self, path, **kw):
        return self.s.post(self.url + path, timeout=10, **kw)

    def create(self, **fields):
        body = {"type": "incident", "customer": "Acme", "service": "Mail", "subject": "Mail is down"}
        body.update(fields)
        r = self.post("/api/v1/tickets", json=body)
        assert r.status_code == 201, r.text
        return r.json()

    def event(self, ticket, version, **body):
        return self.post(f"/api/v1/tickets/{ticket}/events", json=body, headers={"If-Match": f'"{version}"'})


@pytest.fixture(scope="module")
def ann(srv):
    return Client(srv, "ann@desk.example")


@pytest.fixture(scope="module")
def bob(srv):
    return Client(srv, "bob@desk.example")


@pytest.fixture(scope="module")
def cy(srv):
    return Client(srv, "cy@acme.example")


@pytest.fixture(scope="module")
def gil(srv):
    return Client(srv, "gil@globex.example")


def parse(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)


def test_agent_creates_a_ticket_with_its_clocks(ann):
    t = ann.create(priority="P2", description="since 9", ref="INC-" + uuid.uuid4().hex[:8])
    assert t["status"] == "new" and t["priority"] == "P2" and t["version"] == 1
    assert t["description"] == "since 9" and t["subject"] == "Mail is down"
    assert [e["type"] for e in t["events"]] == ["created"]
    assert t["events"][0]["by"] == "agent"
    r = ann.get("/api/v1/tickets/" + t["id"])
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"1"'
    got = r.json()
    assert got["id"] == t["id"] and got["ref"] == t["ref"]
    metrics = sorted(c["metric"] for c in got["sla"])
    assert metrics == ["resolution", "response"], got["sla"]
    created = parse(got["created_at"])
    for c in got["sla"]:
        target = 3600 if c["metric"] == "response" else 8 * 3600
        assert c["target_s"] == target, c
        assert 0 <= c["elapsed_business_s"] < 120, c
        assert parse(c["due_at"]) - created == datetime.timedelta(seconds=target), c
    assert got["sla_state"] == "ok"
    assert parse(got["next_due_at"]) - created == datetime.timedelta(hours=1)


def test_priority_from_impact_and_urgency(ann):
    t = ann.create(impact="high", urgency="high")
    assert t["priority"] == "P1"
    t = ann.create(impact="low", urgency="medium")
    assert t["priority"] == "P4"


def test_customer_creates_for_their_own_organisation_only(cy):
    r = cy.post("/api/v1/tickets", json={"type": "service_request", "service": "Mail", "subject": "New mailbox"})
    assert r.status_code == 201, r.text
    t = r.json()
    assert t["customer"] == cy.user["organisation"]
    assert t["events"][0]["by"] == "customer"
    r = cy.post("/api/v1/tickets", json={"type": "incident", "customer": "Globex", "service": "Mail",
                                         "subject": "not mine"})
    assert_error(r, 400, "invalid", "customer")


def test_customers_see_only_their_organisation(ann, cy, gil):
    acme = cy.create()
    assert_error(gil.get("/api/v1/tickets/" + acme["id"]), 404, "not_found")
    r = gil.post(f"/api/v1/tickets/{acme['id']}/events", json={"type": "reply", "body": "hi"},
                 headers={"If-Match": '"1"'})
    assert_error(r, 404, "not_found")
    ids = [t["id"] for t in gil.get("/api/v1/tickets").json()["items"]]
    assert acme["id"] not in ids
    ids = [t["id"] for t in gil.get("/api/v1/tickets", params={"customer": "Acme"}).json()["items"]]
    assert ids == []
    items = cy.get("/api/v1/tickets", params={"limit": 200}).json()["items"]
    assert acme["id"] in [t["id"] for t in items]
    assert {t["customer"] for t in items} == {cy.user["organisation"]}


def test_internal_notes_are_hidden_from_customers(ann, cy):
    t = cy.create()
    r = ann.event(t["id"], 1, type="reply", public=False, body="customer is grumpy")
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"2"'
    r = ann.event(t["id"], 2, type="reply", body="we are on it")
    assert r.status_code == 200, r.text
    staff = ann.get("/api/v1/tickets/" + t["id"]).json()
    assert [e.get("body") for e in staff["events"][1:]] == ["customer is grumpy", "we are on it"]
    seen = cy.get("/api/v1/tickets/" + t["id"]).json()
    assert [e.get("body") for e in seen["events"][1:]] == ["we are on it"]
    # A customer may not write one either.
    assert_error(cy.event(t["id"], 3, type="reply", public=False, body="psst"), 403, "forbidden")
    assert cy.event(t["id"], 3, type="reply", body="thanks").status_code == 200


def test_resolving_stops_the_resolution_clock_and_customer_reopens(ann, cy):
    t = ann.create(priority="P2")
    r = ann.event(t["id"], 1, type="assign", team="Desk", agent="ann@desk.example")
    assert r.status_code == 200, r.text
    assert r.json()["team"] and r.json()["agent"] == ann.user["id"]
    r = ann.event(t["id"], 2, type="status", to="resolved")
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["status"] == "resolved" and got["version"] == 3
    res = [c for c in got["sla"] if c["metric"] == "resolution"][0]
    assert res["state"] in ("met", "done", "stopped"), res
    r = ann.event(t["id"], 3, type="status", to="waiting_on_customer")
    assert_error(r, 400, "invalid", "to")
    r = cy.event(t["id"], 3, type="status", to="in_progress")
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "in_progress"


def test_stale_if_match_is_412_and_writes_nothing(ann, bob):
    t = ann.create()
    a = ann.event(t["id"], 1, type="reply", body="first")
    b = bob.event(t["id"], 1, type="reply", body="second")
    assert sorted([a.status_code, b.status_code]) == [200, 412], (a.text, b.text)
    loser = a if a.status_code == 412 else b
    assert loser.json()["error"]["code"] == "precondition_failed"
    got = ann.get("/api/v1/tickets/" + t["id"]).json()
    assert got["version"] == 2 and len(got["events"]) == 2


def test_idempotency_key_retry_returns_the_same_ticket(ann):
    key = uuid.uuid4().hex
    body = {"type": "incident", "customer": "Acme", "service": "Mail", "subject": "Once only"}
    r1 = ann.post("/api/v1/tickets", json=body, headers={"Idempotency-Key": key})
    r2 = ann.post("/api/v1/tickets", json=body, headers={"Idempotency-Key": key})
    assert r1.status_code == r2.status_code == 201, (r1.text, r2.text)
    assert r1.json()["id"] == r2.json()["id"]
    items = ann.get("/api/v1/tickets", params={"limit": 200}).json()["items"]
    assert [t["subject"] for t in items].count("Once only") == 1
    r3 = ann.post("/api/v1/tickets/" + r1.json()["id"] + "/events", json={"type": "reply", "body": "x"},
                  headers={"If-Match": '"1"', "Idempotency-Key": key})
    assert r3.status_code == 200  # If-Match routes ignore the key


def test_list_filters_and_sort_by_due(ann):
    p1 = ann.create(priority="P1", subject="urgent")
    p3 = ann.create(priority="P3", subject="slow")
    r = ann.get("/api/v1/tickets", params={"sort": "due_at", "open": "true", "limit": 200})
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    due = [parse(t["next_due_at"]) for t in items if t["next_due_at"]]
    assert due == sorted(due)
    ids = [t["id"] for t in items]
    assert ids.index(p1["id"]) < ids.index(p3["id"])
    r = ann.get("/api/v1/tickets", params={"priority": "P1", "customer": "Acme", "service": "Mail"})
    assert {t["priority"] for t in r.json()["items"]} == {"P1"}
    r = ann.get("/api/v1/tickets", params={"status": "new,resolved", "sla": "at_risk"})
    assert r.status_code == 200, r.text
    one = ann.get("/api/v1/tickets", params={"limit": 1}).json()
    assert len(one["items"]) == 1 and one["next_cursor"]
    two = ann.get("/api/v1/tickets", params={"limit": 1, "cursor": one["next_cursor"]}).json()
    assert two["items"][0]["id"] != one["items"][0]["id"]
    assert_error(ann.get("/api/v1/tickets", params={"sort": "sideways"}), 400, "invalid", "sort")
    assert_error(ann.get("/api/v1/tickets", params={"colour": "red"}), 400, "invalid", "colour")


def test_bad_input_is_400_by_name(ann):
    r = ann.post("/api/v1/tickets", json={"type": "incident", "customer": "Acme", "service": "Mail",
                                          "subject": "x", "colour": "red"})
    assert_error(r, 400, "invalid", "colour")
    r = ann.post("/api/v1/tickets", data="{\"type\": ", headers={"Content-Type": "application/json"})
    assert_error(r, 400, "invalid")
    r = ann.post("/api/v1/tickets", json={"type": "incident", "customer": "Nobody", "service": "Mail",
                                          "subject": "x"})
    assert_error(r, 400, "invalid", "customer")
    t = ann.create()
    assert_error(ann.event(t["id"], 1, type="reply", body="x", at="2026-01-01T00:00:00Z"), 400, "invalid", "at")
    assert_error(ann.event(t["id"], 1, type="created"), 400, "invalid", "type")
    assert_error(ann.event(t["id"], 1, type="status", to="sideways"), 400, "invalid", "to")
    r = ann.post(f"/api/v1/tickets/{t['id']}/events", data="nope", headers={"If-Match": '"1"',
                                                                             "Content-Type": "application/json"})
    assert_error(r, 400, "invalid")
    assert_error(ann.get("/api/v1/tickets/nonexistent"), 404, "not_found")


def test_the_unassigned_queue(ann, bob):
    mine = ann.create(priority="P3", subject="held by ann")
    nobody = ann.create(priority="P3", subject="held by nobody")
    teamless = ann.create(priority="P3", subject="an agent but no team")
    assert ann.event(mine["id"], 1, type="assign", team="Desk", agent="ann@desk.example").status_code == 200
    assert ann.event(teamless["id"], 1, type="assign", agent="bob@desk.example").status_code == 200

    def ids(**params):
        return {t["id"] for t in ann.get("/api/v1/tickets", params={"limit": 200, **params}).json()["items"]}

    unassigned = ids(agent="none", open="true")
    assert nobody["id"] in unassigned and mine["id"] not in unassigned and teamless["id"] not in unassigned
    no_team = ids(team="none")
    assert nobody["id"] in no_team and teamless["id"] in no_team and mine["id"] not in no_team
    assert mine["id"] in ids(agent="ann@desk.example") and nobody["id"] not in ids(agent="ann@desk.example")
    newest = ann.get("/api/v1/tickets", params={"sort": "-created_at", "limit": 50}).json()["items"]
    keys = [(t["created_at"], t["id"]) for t in newest]
    assert keys == sorted(keys, reverse=True), "newest first, ties by id"


def test_a_preview_gives_the_priority_and_deadlines_and_writes_nothing(ann, cy):
    before = len(ann.get("/api/v1/tickets", params={"limit": 200}).json()["items"])
    body = {"type": "incident", "customer": "Acme", "service": "Mail", "subject": "Mail is down",
            "impact": "high", "urgency": "high"}
    r = ann.post("/api/v1/tickets/preview", json=body)
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["priority"] == "P1"
    [res] = [c for c in p["sla"] if c["metric"] == "resolution"]
    assert res["target_s"] == 2 * 3600 and res["state"] == "running"
    assert parse(res["due_at"]) - parse(res["started_at"]) == datetime.timedelta(hours=2)  # a 24x7 calendar
    assert p["next_due_at"] == min(c["due_at"] for c in p["sla"])
    created = ann.create(**{k: v for k, v in body.items() if k not in ("customer", "service", "subject")})
    assert created["priority"] == p["priority"]
    assert len(ann.get("/api/v1/tickets", params={"limit": 200}).json()["items"]) == before + 1, "the preview wrote nothing"
    assert_error(ann.post("/api/v1/tickets/preview", json=dict(body, service="Nope")), 400, "invalid", "service")
    assert_error(ann.post("/api/v1/tickets/preview", json=dict(body, colour="red")), 400, "invalid", "colour")
    r = cy.post("/api/v1/tickets/preview", json={k: v for k, v in body.items() if k != "customer"})
    assert r.status_code == 200 and r.json()["priority"] == "P1", r.text
    assert_error(cy.post("/api/v1/tickets/preview", json=dict(body, customer="Globex")), 400, "invalid", "customer")
