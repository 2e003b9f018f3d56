"""The authorization matrix of docs/security.md, cell by cell, through a real server.

Every role (admin, manager, agent, a customer of Acme, a customer of Globex, and nobody signed in)
against every resource and operation the API has: list, read by id, create, update, archive.  The
expected answer of each cell is derived from MATRIX below, an independent copy of the table in
docs/security.md, with its "not found, not forbidden" rule: a record the role cannot read is 404
whatever the action; an action the role may not take on a record it can read is 403; a whole kind
the role may not list or create is 403; no credentials is 401.  Operations the API has no route for
(reading one token, archiving a ticket, the audit trail) are pinned as absent.
"""
import json
import uuid

import pytest
import requests

from conftest import WEEK, Client, assert_error, module_server, seed

API = "/api/v1"
TARGETS = [{"metric": "response", "priority": "P3", "duration": "4h"},
           {"metric": "resolution", "priority": "P3", "duration": "24h"}]
RECORDS = [
    {"kind": "calendar", "name": "24x7", "timezone": "UTC", "week": WEEK},
    # No SLA is measured on it: customers read only the calendars their own SLAs promise (test_ticket_detail.py).
    {"kind": "calendar", "name": "Back office", "timezone": "UTC", "week": WEEK},
    {"kind": "organisation", "name": "Acme", "type": "customer"},
    {"kind": "organisation", "name": "Globex", "type": "customer"},
    {"kind": "organisation", "name": "Desk", "type": "team"},
    {"kind": "service", "name": "Mail"},
    {"kind": "agreement", "name": "Acme SLA", "type": "sla", "customer": "Acme", "provider": "Desk",
     "services": ["Mail"], "valid_from": "2026-01-01", "calendar": "24x7", "targets": TARGETS},
    {"kind": "agreement", "name": "Globex SLA", "type": "sla", "customer": "Globex", "provider": "Desk",
     "services": ["Mail"], "valid_from": "2026-01-01", "calendar": "24x7", "targets": TARGETS},
    {"kind": "agreement", "name": "Desk OLA", "type": "ola", "customer": "Desk", "provider": "Desk",
     "services": ["Mail"], "valid_from": "2026-01-01", "calendar": "24x7", "targets": TARGETS},
    {"kind": "survey", "customer": "Acme", "contact": "Survey of Acme", "score": 9,
     "answered_at": "2026-10-01T12:00:00Z"},
    {"kind": "survey", "customer": "Globex", "contact": "Survey of Globex", "score": 4,
     "answered_at": "2026-10-01T12:00:00Z"},
    {"kind": "cost", "service": "Mail", "month": "2026-10", "amount": 99.5, "currency": "EUR",
     "category": "licence", "note": "Cost of Mail"},
]
EMAILS = {"admin": "ada@example.com", "manager": "mia@example.com", "agent": "al@example.com",
          "cust_a": "cy@acme.example", "cust_b": "gil@globex.example"}
USERS = [(EMAILS["admin"], "admin", []), ("ada2@example.com", "admin", []), ("ada3@example.com", "admin", []), (EMAILS["manager"], "manager", []),
         (EMAILS["agent"], "agent", []), (EMAILS["cust_a"], "customer", ["--organisation", "Acme"]),
         (EMAILS["cust_b"], "customer", ["--organisation", "Globex"])]
ROLES = ["admin", "manager", "agent", "cust_a", "cust_b", "anon"]
# The organisation each signed-in role belongs to (staff: the provider, no customer organisation).
ORG_OF = {"admin": None, "manager": None, "agent": None, "cust_a": "A", "cust_b": "B"}
ROLE_OF = {"admin": "admin", "manager": "manager", "agent": "agent", "cust_a": "customer", "cust_b": "customer"}

# docs/security.md, written out again: read, create, update, archive per resource and role.
_ = "-"
MATRIX = {
    "admin": {
        "organisation": ("all", "all", "all", "all"), "user": ("all", "all", "all", "all"),
        "service": ("all", "all", "all", "all"), "calendar": ("all", "all", "all", "all"),
        "agreement": ("all", "all", "all", "all"), "ticket": ("all", "all", "all", "all"),
        "ticket_note": ("all", "all", "all", "all"), "audit": ("all", _, _, _),
        "api_token": ("all", "all", "all", "all"), "import": ("all", "all", "all", "all"),
        "survey": ("all", "all", "all", "all"), "cost": ("all", "all", "all", "all"),
    },
    "manager": {
        "organisation": ("all", "all", "all", "all"), "user": ("all", "all", "all", "all"),
        "service": ("all", "all", "all", "all"), "calendar": ("all", "all", "all", "all"),
        "agreement": ("all", "all", "all", "all"), "ticket": ("all", "all", "all", "all"),
        "ticket_note": ("all", "all", "all", "all"), "audit": ("all", _, _, _),
        "api_token": ("all", _, _, "all"), "import": ("all", "all", "all", "all"),
        "survey": ("all", "all", "all", "all"), "cost": ("all", "all", "all", "all"),
    },
    "agent": {
        "organisation": ("all", _, _, _), "user": ("all", _, _, _), "service": ("all", _, _, _),
        "calendar": ("all", _, _, _), "agreement": ("all", _, _, _), "ticket": ("all", "all", "all", _),
        "ticket_note": ("all", "all", "all", _), "audit": (_, _, _, _), "api_token": (_, _, _, _),
        "import": (_, _, _, _), "survey": ("all", _, _, _), "cost": ("all", _, _, _),
    },
    "customer": {
        "organisation": ("own", _, _, _), "user": (_, _, _, _), "service": ("all", _, _, _),
        "calendar": (_, _, _, _), "agreement": ("own", _, _, _), "ticket": ("own", "own", "own", _),
        "ticket_note": (_, _, _, _), "audit": (_, _, _, _), "api_token": (_, _, _, _),
        "import": (_, _, _, _), "survey": ("own", "own", _, _), "cost": (_, _, _, _),
    },
}
OPS = ("read", "create", "update", "archive")
SUCCESS = {"list": 200, "read": 200, "create": 201, "update": 200, "archive": 204}


def expected(role, resource, op, target=None):
    """The status of one cell: op is list, read, create, update or archive; target the record's organisation."""
    if role == "anon":
        return 401
    scopes = dict(zip(OPS, MATRIX[ROLE_OF[role]][resource]))
    if op == "list":
        return 200 if scopes["read"] != _ else 403
    if op == "create":
        if scopes["create"] == _:
            return 403
        return 201 if scopes["create"] == "all" or target == ORG_OF[role] else 404
    visible = scopes["read"] == "all" or (scopes["read"] == "own" and target is not None and target == ORG_OF[role])
    if not visible:
        return 404
    if op == "read":
        return 200
    if scopes[op] == _:
        return 403
    return SUCCESS[op]


# ---- the server, its clients and its records ----

def prepare(db):
    seed(db, RECORDS, USERS)


@pytest.fixture(scope="module")
def srv():
    yield from module_server(prepare)


class Anonymous:
    """No credentials at all: the same call interface as a Client."""

    def __init__(self, srv):
        self.url = srv.url + API

    def __getattr__(self, method):
        if method.startswith("_"):
            raise AttributeError(method)

        def call(path, **kw):
            return requests.request(method.upper(), self.url + path, timeout=30, **kw)
        return call


@pytest.fixture(scope="module")
def who(srv):
    clients = {role: Client(srv, email, API) for role, email in EMAILS.items()}
    clients["admin2"] = Client(srv, "ada2@example.com", API)
    clients["anon"] = Anonymous(srv)
    return clients


def items(r):
    assert r.status_code == 200, r.text
    return r.json()["items"]


def by_name(client, path, name, key="name"):
    found = [x for x in items(client.get(path, params={"limit": 200, "archived": "all"})) if x[key] == name]
    assert len(found) == 1, (path, name)
    return found[0]


def unique(prefix):
    return f"{prefix} {uuid.uuid4().hex[:10]}"


# Documents for a new record of each kind, per target organisation (A = Acme, B = Globex, None = neither).
def new_doc(kind, target):
    cust = {"A": "Acme", "B": "Globex"}.get(target)
    if kind == "organisations":
        return {"name": unique("Org"), "type": "customer" if target else "team"}
    if kind == "users":
        email = f"u{uuid.uuid4().hex[:10]}@example.com"
        if cust:
            return {"email": email, "name": "U", "role": "customer", "organisation": cust}
        return {"email": email, "name": "U", "role": "agent"}
    if kind == "services":
        return {"name": unique("Svc")}
    if kind == "calendars":
        return {"name": unique("Cal"), "timezone": "UTC", "week": WEEK}
    if kind == "agreements":
        return {"name": unique("Agr"), "type": "sla" if cust else "ola", "customer": cust or "Desk",
                "provider": "Desk", "services": ["Mail"], "valid_from": "2026-01-01", "calendar": "24x7",
                "targets": TARGETS}
    if kind == "surveys":
        return {"customer": cust, "contact": unique("Contact"), "score": 8, "answered_at": "2026-10-02T08:00:00Z"}
    if kind == "costs":
        return {"service": "Mail", "month": "2026-10", "amount": 10, "currency": "EUR", "category": "other",
                "note": unique("Cost")}
    raise AssertionError(kind)


# The records already there, per kind and target: what a cell that must fail is tried on.
EXISTING = {
    ("organisations", "A"): "Acme", ("organisations", "B"): "Globex", ("organisations", None): "Desk",
    ("users", "A"): EMAILS["cust_a"], ("users", "B"): EMAILS["cust_b"], ("users", None): EMAILS["agent"],
    ("services", None): "Mail", ("calendars", None): "Back office",
    ("agreements", "A"): "Acme SLA", ("agreements", "B"): "Globex SLA", ("agreements", None): "Desk OLA",
    ("surveys", "A"): "Survey of Acme", ("surveys", "B"): "Survey of Globex", ("costs", None): "Cost of Mail",
}
RESOURCE = {"organisations": "organisation", "users": "user", "services": "service", "calendars": "calendar",
            "agreements": "agreement", "surveys": "survey", "costs": "cost"}
# The field that tells a kind's records apart (the key of the tests, not necessarily the store's).
KEY = {"users": "email", "surveys": "contact", "costs": "note"}
# The text field an update changes (users keep their e-mail and change their name).
EDITED = {"surveys": "contact", "costs": "note"}
STRIP = ("id", "version", "created_at", "updated_at", "archived", "warnings")


def existing(who, kind, target):
    return by_name(who["admin"], "/" + kind, EXISTING[(kind, target)], KEY.get(kind, "name"))


def target_record(who, kind, target, status):
    """A record to update or archive: a new one when the cell should succeed, else one already there."""
    if status in (200, 204):
        r = who["admin"].post("/" + kind, json=new_doc(kind, target))
        assert r.status_code == 201, r.text
        return r.json()
    return existing(who, kind, target)


def changed(kind, record):
    key = EDITED.get(kind, "name")
    doc = {k: v for k, v in record.items() if k not in STRIP}
    doc[key] = (doc.get(key) or "") + " changed"
    return doc


RECORD_CELLS = [(kind, target) for (kind, target) in EXISTING]


def cell_id(*parts):
    return "-".join("none" if p is None else str(p) for p in parts)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", list(RESOURCE))
def test_record_list(who, kind, role):
    status = expected(role, RESOURCE[kind], "list")
    r = who[role].get("/" + kind, params={"limit": 200})
    assert r.status_code == status, r.text
    if status != 200:
        assert_error(r, status, {401: "unauthorized", 403: "forbidden"}[status])
        return
    listed = {x["id"] for x in r.json()["items"]}
    # Each known record is listed exactly when the role may read it.
    for (k, target), _name in EXISTING.items():
        if k != kind:
            continue
        rec = existing(who, kind, target)
        assert (rec["id"] in listed) == (expected(role, RESOURCE[kind], "read", target) == 200), (rec, listed)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind,target", RECORD_CELLS, ids=[cell_id(*c) for c in RECORD_CELLS])
def test_record_read(who, kind, target, role):
    status = expected(role, RESOURCE[kind], "read", target)
    rec = existing(who, kind, target)
    r = who[role].get(f"/{kind}/{rec['id']}")
    if status == 200:
        assert r.status_code == 200, r.text
        assert r.json()["id"] == rec["id"]
    else:
        assert_error(r, status, {401: "unauthorized", 404: "not_found"}[status])
        assert (rec.get("name") or rec["id"]) not in r.text and (rec.get("email") or rec["id"]) not in r.text


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind,target", RECORD_CELLS, ids=[cell_id(*c) for c in RECORD_CELLS])
def test_record_create(who, kind, target, role):
    status = expected(role, RESOURCE[kind], "create", target)
    doc = new_doc(kind, target)
    r = who[role].post("/" + kind, json=doc)
    key = KEY.get(kind, "name")
    if status == 201:
        assert r.status_code == 201, r.text
        assert r.json()[key] == doc[key]
    else:
        assert_error(r, status, {401: "unauthorized", 403: "forbidden", 404: "not_found"}[status])
        names = [x[key] for x in items(who["admin"].get("/" + kind, params={"limit": 200, "archived": "all"}))]
        assert doc[key] not in names


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind,target", RECORD_CELLS, ids=[cell_id(*c) for c in RECORD_CELLS])
def test_record_update(who, kind, target, role):
    status = expected(role, RESOURCE[kind], "update", target)
    rec = target_record(who, kind, target, status)
    body = changed(kind, rec)
    key = EDITED.get(kind, "name")
    r = who[role].put(f"/{kind}/{rec['id']}", json=body, headers={"If-Match": f'"{rec["version"]}"'})
    after = who["admin"].get(f"/{kind}/{rec['id']}").json()
    if status == 200:
        assert r.status_code == 200, r.text
        assert r.json()[key] == body[key] and after["version"] == rec["version"] + 1
    else:
        assert_error(r, status, {401: "unauthorized", 403: "forbidden", 404: "not_found"}[status])
        assert after["version"] == rec["version"] and after.get(key) == rec.get(key)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind,target", RECORD_CELLS, ids=[cell_id(*c) for c in RECORD_CELLS])
def test_record_archive(who, kind, target, role):
    status = expected(role, RESOURCE[kind], "archive", target)
    rec = target_record(who, kind, target, status)
    r = who[role].delete(f"/{kind}/{rec['id']}", headers={"If-Match": f'"{rec["version"]}"'})
    after = who["admin"].get(f"/{kind}/{rec['id']}").json()
    if status == 204:
        assert r.status_code == 204, r.text
        assert after["archived"] is True
    else:
        assert_error(r, status, {401: "unauthorized", 403: "forbidden", 404: "not_found"}[status])
        assert after["archived"] is False and after["version"] == rec["version"]


# ---- users: a manager administers every role but admin ----

def test_a_manager_cannot_create_an_admin(who):
    doc = {"email": "boss@example.com", "name": "Boss", "role": "admin"}
    assert_error(who["manager"].post("/users", json=doc), 403, "forbidden")
    emails = [u["email"] for u in items(who["admin"].get("/users", params={"limit": 200, "archived": "all"}))]
    assert "boss@example.com" not in emails
    r = who["manager"].post("/users", json={"email": "mgr2@example.com", "name": "M2", "role": "manager"})
    assert r.status_code == 201, r.text
    r = who["admin"].post("/users", json={"email": "adm3@example.com", "name": "A3", "role": "admin"})
    assert r.status_code == 201, r.text


def test_a_manager_cannot_make_anyone_an_admin(who):
    agent = target_record(who, "users", None, 200)
    body = dict(changed("users", agent), role="admin")
    r = who["manager"].put(f"/users/{agent['id']}", json=body, headers={"If-Match": f'"{agent["version"]}"'})
    assert_error(r, 403, "forbidden")
    after = who["admin"].get(f"/users/{agent['id']}").json()
    assert after["role"] == "agent" and after["version"] == agent["version"]
    r = who["admin"].put(f"/users/{agent['id']}", json=body, headers={"If-Match": f'"{agent["version"]}"'})
    assert r.status_code == 200 and r.json()["role"] == "admin", r.text


def test_a_manager_cannot_change_or_archive_an_admin(who):
    admin = by_name(who["admin"], "/users", "ada2@example.com", "email")
    h = {"If-Match": f'"{admin["version"]}"'}
    assert_error(who["manager"].put(f"/users/{admin['id']}", json=dict(changed("users", admin), role="agent"), headers=h),
                 403, "forbidden")
    assert_error(who["manager"].put(f"/users/{admin['id']}", json=changed("users", admin), headers=h), 403, "forbidden")
    assert_error(who["manager"].delete(f"/users/{admin['id']}", headers=h), 403, "forbidden")
    after = who["admin"].get(f"/users/{admin['id']}").json()
    assert after["version"] == admin["version"] and after["role"] == "admin" and after["archived"] is False


def test_a_manager_cannot_import_an_admin(who):
    line = json.dumps({"kind": "user", "email": "imported-admin@example.com", "name": "I", "role": "admin"})
    r = who["manager"].post("/import", data=line + "\n", headers={"Content-Type": "application/x-ndjson"})
    emails = [u["email"] for u in items(who["admin"].get("/users", params={"limit": 200, "archived": "all"}))]
    assert "imported-admin@example.com" not in emails
    assert r.status_code == 200 and r.json()["created"] == 0 and r.json()["failed"] == 1, r.text
    assert r.json()["errors"][0]["code"] == "forbidden"


def test_a_customer_with_no_organisation_cannot_be_made(who):
    """The role 'customer with no organisation' cannot exist: the API refuses to create one."""
    for role in ("admin", "manager"):
        r = who[role].post("/users", json={"email": f"orphan-{role}@example.com", "name": "O", "role": "customer"})
        assert_error(r, 400, "invalid", "organisation")
        cust = existing(who, "users", "A")
        body = {k: v for k, v in changed("users", cust).items() if k != "organisation"}
        r = who[role].put(f"/users/{cust['id']}", json=body, headers={"If-Match": f'"{cust["version"]}"'})
        assert_error(r, 400, "invalid", "organisation")


# ---- tickets and internal notes ----

TICKET = {"type": "incident", "service": "Mail", "subject": "Mail is down"}
NOTE = "internal: the customer is grumpy"


def new_ticket(who, target, **kw):
    body = dict(TICKET, customer={"A": "Acme", "B": "Globex"}[target], **kw)
    r = who["admin"].post("/tickets", json=body)
    assert r.status_code == 201, r.text
    return r.json()


@pytest.fixture(scope="module")
def tickets(who):
    """A ticket of each customer, each with one internal note and one public reply."""
    out = {}
    for target in ("A", "B"):
        t = new_ticket(who, target, subject=f"Ticket of {target}")
        r = who["agent"].post(f"/tickets/{t['id']}/events", json={"type": "reply", "public": False, "body": NOTE},
                              headers={"If-Match": '"1"'})
        assert r.status_code == 200, r.text
        r = who["agent"].post(f"/tickets/{t['id']}/events", json={"type": "reply", "body": f"public {target}"},
                              headers={"If-Match": '"2"'})
        assert r.status_code == 200, r.text
        out[target] = r.json()
    return out


@pytest.mark.parametrize("role", ROLES)
def test_ticket_list(who, tickets, role):
    status = expected(role, "ticket", "list")
    r = who[role].get("/tickets", params={"limit": 200})
    if status != 200:
        assert_error(r, status, "unauthorized")
        return
    listed = {t["id"]: t for t in items(r)}
    for target, t in tickets.items():
        assert (t["id"] in listed) == (expected(role, "ticket", "read", target) == 200)
    if ROLE_OF[role] == "customer":
        own = who[role].user["organisation"]
        assert listed and {t["customer"] for t in listed.values()} == {own}
        other = "Globex" if role == "cust_a" else "Acme"
        assert items(who[role].get("/tickets", params={"customer": other, "limit": 200})) == []
    assert NOTE not in r.text or ROLE_OF[role] != "customer"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", ["A", "B"])
def test_ticket_read(who, tickets, target, role):
    status = expected(role, "ticket", "read", target)
    t = tickets[target]
    r = who[role].get(f"/tickets/{t['id']}")
    if status != 200:
        assert_error(r, status, {401: "unauthorized", 404: "not_found"}[status])
        assert t["subject"] not in r.text
        return
    assert r.status_code == 200, r.text
    assert r.json()["id"] == t["id"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", ["A", "B"])
def test_ticket_create(who, target, role):
    status = expected(role, "ticket", "create", target)
    subject = unique("Created by " + role)
    body = dict(TICKET, customer={"A": "Acme", "B": "Globex"}[target], subject=subject)
    r = who[role].post("/tickets", json=body)
    if status == 201:
        assert r.status_code == 201, r.text
        assert r.json()["subject"] == subject
    elif status == 404:
        # Another organisation is not revealed: ticket creation answers that the field is wrong
        # (app/ticket_write.c), as it does for an organisation that does not exist.
        assert_error(r, 400, "invalid", "customer")
    else:
        assert_error(r, status, "unauthorized")
    subjects = [x["subject"] for x in items(who["admin"].get("/tickets", params={"limit": 200}))]
    assert subjects.count(subject) == (1 if status == 201 else 0)


def test_a_customer_cannot_create_a_ticket_for_another_organisation(who):
    before = len(items(who["admin"].get("/tickets", params={"customer": "Globex", "limit": 200})))
    globex = existing(who, "organisations", "B")
    for customer in ("Globex", globex["id"]):
        r = who["cust_a"].post("/tickets", json=dict(TICKET, customer=customer))
        assert_error(r, 400, "invalid", "customer")
    nowhere = who["cust_a"].post("/tickets", json=dict(TICKET, customer="No Such Organisation"))
    assert_error(nowhere, 400, "invalid", "customer")
    # Unrevealing: an organisation that exists answers exactly as one that does not.
    assert r.json()["error"]["code"] == nowhere.json()["error"]["code"]
    after = len(items(who["admin"].get("/tickets", params={"customer": "Globex", "limit": 200})))
    assert after == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", ["A", "B"])
def test_ticket_update(who, target, role):
    status = expected(role, "ticket", "update", target)
    t = new_ticket(who, target)
    r = who[role].post(f"/tickets/{t['id']}/events", json={"type": "reply", "body": "a public reply"},
                       headers={"If-Match": '"1"'})
    after = who["admin"].get(f"/tickets/{t['id']}").json()
    if status == 200:
        assert r.status_code == 200, r.text
        assert after["version"] == 2 and after["events"][-1]["body"] == "a public reply"
    else:
        assert_error(r, status, {401: "unauthorized", 403: "forbidden", 404: "not_found"}[status])
        assert after["version"] == 1


@pytest.mark.parametrize("role", ROLES)
def test_ticket_archive_has_no_route(who, tickets, role):
    """Nobody archives a ticket through the API (corrections are new events): the method is not there."""
    r = who[role].delete(f"/tickets/{tickets['A']['id']}", headers={"If-Match": '"3"'})
    assert_error(r, 405, "method_not_allowed")
    assert who["admin"].get(f"/tickets/{tickets['A']['id']}").json()["version"] == 3


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", ["A", "B"])
def test_ticket_note_read(who, tickets, target, role):
    """Staff see the internal note among the events; a customer never does, not even on their own ticket."""
    ticket_status = expected(role, "ticket", "read", target)
    note_status = expected(role, "ticket_note", "read", target)
    r = who[role].get(f"/tickets/{tickets[target]['id']}")
    assert r.status_code == ticket_status, r.text
    assert (NOTE in r.text) == (note_status == 200)
    if ticket_status == 200:
        bodies = [e.get("body") for e in r.json()["events"]]
        assert f"public {target}" in bodies
        assert (NOTE in bodies) == (note_status == 200)
        assert all(e.get("public", True) is not False for e in r.json()["events"]) or note_status == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", ["A", "B"])
def test_ticket_note_create(who, target, role):
    status = expected(role, "ticket_note", "create", target)
    if status != 401 and expected(role, "ticket", "read", target) == 404:
        status = 404  # the ticket itself is not there for this role
    t = new_ticket(who, target)
    r = who[role].post(f"/tickets/{t['id']}/events", json={"type": "reply", "public": False, "body": "psst"},
                       headers={"If-Match": '"1"'})
    after = who["admin"].get(f"/tickets/{t['id']}").json()
    if status == 201:
        assert r.status_code == 200, r.text
        assert after["version"] == 2 and after["events"][-1]["body"] == "psst"
        assert after["events"][-1]["public"] is False
    else:
        assert_error(r, status, {401: "unauthorized", 403: "forbidden", 404: "not_found"}[status])
        assert after["version"] == 1


def test_a_customer_never_sees_an_internal_note_anywhere(who, tickets):
    cust = who["cust_a"]
    seen = [cust.get(f"/tickets/{tickets['A']['id']}").text, cust.get("/tickets", params={"limit": 200}).text,
            cust.get("/session").text]
    for kind in ("organisations", "services", "agreements"):
        seen.append(cust.get("/" + kind, params={"limit": 200}).text)
    for text in seen:
        assert NOTE not in text
    events = cust.get(f"/tickets/{tickets['A']['id']}").json()["events"]
    assert [e["type"] for e in events] == ["created", "reply"]
    staff = who["agent"].get(f"/tickets/{tickets['A']['id']}").json()["events"]
    assert [e["type"] for e in staff] == ["created", "reply", "reply"]


def test_customer_a_asking_for_customer_b_ticket_is_404_like_a_missing_one(who, tickets):
    r = who["cust_a"].get(f"/tickets/{tickets['B']['id']}")
    missing = who["cust_a"].get("/tickets/01zzzzzzzzzzzzzzzzzzzzzzzz")
    assert_error(r, 404, "not_found")
    assert_error(missing, 404, "not_found")
    assert tickets["B"]["id"] not in r.text


def test_customer_a_cannot_read_customer_b_agreement(who):
    globex_sla = existing(who, "agreements", "B")
    assert_error(who["cust_a"].get(f"/agreements/{globex_sla['id']}"), 404, "not_found")
    listed = items(who["cust_a"].get("/agreements", params={"limit": 200}))
    acme = existing(who, "organisations", "A")["id"]
    assert "Acme SLA" in [a["name"] for a in listed] and {a["customer"] for a in listed} == {acme}
    assert globex_sla["id"] not in [a["id"] for a in listed]


# ---- API tokens, import and the audit trail ----

# (list, create, revoke an admin's token) per role.  A manager may list and revoke, but never an admin's
# token (role_check_manage); roles with no api_token rights at all are refused the whole kind (403) before
# the id is looked up, so a token id that exists answers as one that does not.
TOKEN_STATUS = {role: (expected(role, "api_token", "list"), expected(role, "api_token", "create"),
                       {"admin": 204, "manager": 403, "anon": 401}.get(role, 403)) for role in ROLES}


def test_token_table_follows_the_matrix():
    assert TOKEN_STATUS == {"admin": (200, 201, 204), "manager": (200, 403, 403), "agent": (403, 403, 403),
                            "cust_a": (403, 403, 403), "cust_b": (403, 403, 403), "anon": (401, 401, 401)}


@pytest.fixture(scope="module")
def admin_token(who):
    r = who["admin2"].post("/tokens", json={"name": "listed"})
    assert r.status_code == 201, r.text
    return r.json()


@pytest.mark.parametrize("role", ROLES)
def test_token_list(who, admin_token, role):
    status = TOKEN_STATUS[role][0]
    r = who[role].get("/tokens")
    if status == 200:
        assert r.status_code == 200, r.text
        listed = r.json()["items"]
        assert admin_token["id"] in [t["id"] for t in listed]
        assert all("token" not in t and "hash" not in t for t in listed)
        assert admin_token["token"] not in r.text
    else:
        assert_error(r, status, {401: "unauthorized", 403: "forbidden"}[status])


@pytest.mark.parametrize("role", ROLES)
def test_token_create(who, role):
    status = TOKEN_STATUS[role][1]
    name = unique("by " + role)
    r = who[role].post("/tokens", json={"name": name})
    if status == 201:
        assert r.status_code == 201, r.text
        assert r.json()["token"].startswith("lvr_") and r.json()["name"] == name
    else:
        assert_error(r, status, {401: "unauthorized", 403: "forbidden"}[status])
    names = [t["name"] for t in who["admin"].get("/tokens").json()["items"]]
    assert names.count(name) == (1 if status == 201 else 0)


def alive(who, token):
    r = requests.get(who["anon"].url + "/session", headers={"Authorization": "Bearer " + token}, timeout=10)
    return r.status_code


@pytest.mark.parametrize("role", ROLES)
def test_token_revoke(who, role):
    issued = who["admin2"].post("/tokens", json={"name": "to revoke"})
    assert issued.status_code == 201, issued.text
    token = issued.json()
    status = TOKEN_STATUS[role][2]
    r = who[role].delete(f"/tokens/{token['id']}")
    if status == 204:
        assert r.status_code == 204, r.text
        assert alive(who, token["token"]) == 401
        return
    assert_error(r, status, {401: "unauthorized", 403: "forbidden"}[status])
    assert alive(who, token["token"]) == 200
    if status == 403 and role != "manager":
        # The same answer for an id that does not exist: no oracle for token ids.
        assert_error(who[role].delete("/tokens/0123456789ab"), 403, "forbidden")


def test_a_manager_revokes_a_token_that_no_longer_belongs_to_an_admin(srv, who):
    ada3 = Client(srv, "ada3@example.com", API)
    r = ada3.post("/tokens", json={"name": "integration"})
    assert r.status_code == 201, r.text
    token = r.json()
    assert_error(who["manager"].delete(f"/tokens/{token['id']}"), 403, "forbidden")
    user = by_name(who["admin"], "/users", "ada3@example.com", "email")
    r = who["admin"].put(f"/users/{user['id']}", json=dict(changed("users", user), role="manager"),
                         headers={"If-Match": f'"{user["version"]}"'})
    assert r.status_code == 200, r.text
    assert alive(who, token["token"]) == 200
    r = who["manager"].delete(f"/tokens/{token['id']}")
    assert r.status_code == 204, r.text
    assert alive(who, token["token"]) == 401


@pytest.mark.parametrize("role", ROLES)
def test_import(who, role):
    status = expected(role, "import", "create")
    name = unique("Imported by " + role)
    line = json.dumps({"kind": "service", "name": name}) + "\n"
    r = who[role].post("/import", data=line, headers={"Content-Type": "application/x-ndjson"})
    names = [s["name"] for s in items(who["admin"].get("/services", params={"limit": 200}))]
    if status == 201:
        assert r.status_code == 200, r.text
        assert r.json() == {"created": 1, "skipped": 0, "failed": 0, "errors": []}
        assert name in names
    else:
        assert_error(r, status, {401: "unauthorized", 403: "forbidden"}[status])
        assert name not in names


ABSENT = [  # operations of the matrix the API has no route for: (method, path, status)
    ("GET", "/audit", 404), ("POST", "/audit", 404), ("GET", "/audit/x", 404),
    ("GET", "/tokens/{token}", 405), ("PUT", "/tokens/{token}", 405),
    ("PUT", "/tickets/{ticket}", 405), ("DELETE", "/tickets/{ticket}", 405),
    ("GET", "/import", 405), ("DELETE", "/import", 405),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method,path,status", ABSENT, ids=[f"{m}-{p}" for m, p, _s in ABSENT])
def test_operations_without_a_route(who, tickets, role, method, path, status):
    """Nobody writes (or, yet, reads) the audit trail through the API; tokens and tickets are never edited in place."""
    path = path.format(token="0123456789ab", ticket=tickets["A"]["id"])
    r = getattr(who[role], method.lower())(path, json={})
    assert_error(r, status, {404: "not_found", 405: "method_not_allowed"}[status])


# ---- the labour rate: a setting that prices work, read and changed under the cost rights ----

@pytest.mark.parametrize("role", ROLES)
def test_labour_rate(who, role):
    read = expected(role, "cost", "list")
    r = who[role].get("/labour-rate")
    assert r.status_code == read, r.text
    if read != 200:
        assert_error(r, read, {401: "unauthorized", 403: "forbidden"}[read])
        assert "hourly_rate" not in r.text
    before = who["admin"].get("/labour-rate")
    version = before.json()["version"]
    body = {"hourly_rate": 80 + version, "currency": "EUR"}
    r = who[role].put("/labour-rate", json=body, headers={"If-Match": f'"{version}"'})
    after = who["admin"].get("/labour-rate").json()
    may = role != "anon" and MATRIX[ROLE_OF[role]]["cost"][OPS.index("update")] != _
    if may:
        assert r.status_code == 200, r.text
        assert after["version"] == version + 1 and after["hourly_rate"] == body["hourly_rate"]
    else:
        assert_error(r, 401 if role == "anon" else 403, "unauthorized" if role == "anon" else "forbidden")
        assert after == before.json()
