"""GET /api/v1/openapi.json: the OpenAPI 3.1 document, kept true by exercising every operation.

The served document must be docs/openapi.json; its operations must be exactly the routes of the
route tables in src/http/api_*.c (and each must reach a route on the server); and every operation
is called against a seeded server, each response's status must be one the document lists for that
operation and its body must validate against the documented schema.
"""
import glob
import json
import os
import re

import jsonschema
import pytest
import requests

from conftest import WEEK, ROOT, Client, module_server, seed

API = "/api/v1"
METHODS = ("get", "put", "post", "delete", "patch", "options", "head")
OFFICE = {"name": "Office", "timezone": "Europe/Copenhagen",
          "week": {d: ["08:00-16:00"] for d in ("mon", "tue", "wed", "thu", "fri")}}
RECORDS = [
    {"kind": "calendar", "name": "24x7", "timezone": "UTC", "week": WEEK},
    {"kind": "organisation", "name": "Acme", "type": "customer"},
    {"kind": "organisation", "name": "Desk", "type": "team"},
    {"kind": "service", "name": "Mail"},
    {"kind": "agreement", "name": "Mail SLA", "type": "sla", "customer": "Acme", "provider": "Desk",
     "services": ["Mail"], "valid_from": "2026-01-01", "calendar": "24x7",
     "targets": [{"metric": "response", "priority": "P2", "duration": "1h"},
                 {"metric": "resolution", "priority": "P2", "duration": "8h"}]},
]
USERS = [("ada@example.com", "admin", []), ("ann@desk.example", "agent", []),
         ("cy@acme.example", "customer", ["--organisation", "Acme"])]
# A document to create, and a change to it, per record collection (in an order whose references resolve).
KINDS = [
    ("organisations", {"name": "Initech", "type": "customer"}, {"name": "Initech", "type": "customer", "description": "Paper"}),
    ("users", {"email": "bo@example.com", "name": "Bo", "role": "agent"},
     {"email": "bo@example.com", "name": "Bo B", "role": "agent", "teams": ["Desk"]}),
    ("services", {"name": "Web"}, {"name": "Web", "description": "The web shop"}),
    ("calendars", OFFICE, dict(OFFICE, holidays=["2026-12-24"])),
    ("agreements", {"name": "Web SLA", "type": "sla", "customer": "Initech", "provider": "Desk", "services": ["Web"],
                    "valid_from": "2026-01-01", "calendar": "Office",
                    "targets": [{"metric": "resolution", "priority": "P3", "duration": "24h"}]},
     {"name": "Web SLA", "type": "sla", "customer": "Initech", "provider": "Desk", "services": ["Web"],
      "valid_from": "2026-01-01", "calendar": "Office",
      "targets": [{"metric": "resolution", "priority": "P3", "duration": "48h"}]}),
]
ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//levera//test//EN\r\nBEGIN:VEVENT\r\nUID:xmas@levera\r\n"
       "DTSTART;VALUE=DATE:20261225\r\nSUMMARY:Christmas\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def prepare(db):
    seed(db, RECORDS, USERS)


@pytest.fixture(scope="module")
def srv():
    yield from module_server(prepare)


@pytest.fixture(scope="module")
def doc(srv):
    r = requests.get(srv.url + API + "/openapi.json", timeout=10)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    return r.json()


def operations(doc):
    return {(m.upper(), p) for p, item in doc["paths"].items() for m in item if m in METHODS}


def source_routes():
    """(METHOD, pattern) of every route table in src/http/api_*.c, KIND_ROUTES expanded."""
    routes = set()
    for path in glob.glob(os.path.join(ROOT, "src", "http", "api_*.c")):
        text = open(path).read()
        for method, pattern in re.findall(r'\{\s*HTTP_([A-Z]+),\s*"(/[^"]*)"', text):
            routes.add((method, pattern))
        for p in re.findall(r'^\s*KIND_ROUTES\("([^"]+)"\)', text, re.M):
            routes |= {("POST", p), ("GET", p), ("GET", p + "/{id}"), ("PUT", p + "/{id}"), ("DELETE", p + "/{id}")}
    return routes


def unmatched(r):
    """The server's own 404/405 for a path or method no route has (not a handler's 404)."""
    if r.status_code == 405:
        return True
    return r.status_code == 404 and r.json()["error"]["message"] == "nothing is at this path"


class Checker:
    """Validates responses against the document and remembers which operations answered 2xx."""

    def __init__(self, doc):
        self.doc = doc
        self.ok = set()
        self.seen = set()

    def deref(self, obj):
        while "$ref" in obj:
            node = self.doc
            for part in obj["$ref"].lstrip("#/").split("/"):
                node = node[part]
            obj = node
        return obj

    def validate(self, schema, body, where):
        # "$ref"s are "#/components/...": a root carrying the components resolves them.
        root = {"$schema": "https://json-schema.org/draft/2020-12/schema", "allOf": [schema],
                "components": self.doc["components"]}
        errors = sorted(jsonschema.Draft202012Validator(root).iter_errors(body), key=lambda e: list(e.path))
        assert not errors, f"{where}: {errors[0].message} at {list(errors[0].absolute_path)}\n{json.dumps(body)[:2000]}"

    def __call__(self, r, method, template, status=None):
        where = f"{method} {template} -> {r.status_code}"
        op = self.doc["paths"][template][method.lower()]
        assert str(r.status_code) in op["responses"], f"{where} is not documented: {r.text[:500]}"
        if status is not None:
            assert r.status_code == status, f"{where}, expected {status}: {r.text[:500]}"
        resp = self.deref(op["responses"][str(r.status_code)])
        content = resp.get("content")
        if not content:
            assert r.content == b"", f"{where}: documented without a body but has one"
        else:
            ctype = r.headers.get("Content-Type", "").split(";")[0].strip()
            assert ctype in content, f"{where}: Content-Type {ctype} is not documented ({list(content)})"
            if ctype == "application/json":
                self.validate(content[ctype]["schema"], r.json(), where)
        self.seen.add((method, template))
        if 200 <= r.status_code < 300:
            self.ok.add((method, template))
        return r


def test_served_document_is_openapi_31_and_the_file(doc):
    assert doc["openapi"].startswith("3.1.")
    assert doc["info"]["title"] and doc["info"]["version"]
    assert isinstance(doc["paths"], dict) and doc["paths"]
    with open(os.path.join(ROOT, "docs", "openapi.json")) as f:
        assert json.load(f) == doc
    for path, item in doc["paths"].items():
        assert path.startswith("/")
        params = {p["name"] for p in item.get("parameters", []) for p in [Checker(doc).deref(p)]}
        for name in re.findall(r"\{([^}]+)\}", path):
            assert name in params, f"{path}: path parameter {name} is not declared"
        for m, o in item.items():
            if m in METHODS:
                assert o["responses"] and "operationId" in o, f"{m} {path}"
    # Every schema in the document is itself a valid JSON Schema.
    for name, schema in doc["components"]["schemas"].items():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_documented_operations_are_exactly_the_routes(srv, doc):
    routes = source_routes()
    documented = operations(doc)
    assert ("GET", API + "/openapi.json") in routes
    assert routes - documented == set(), "routes missing from docs/openapi.json"
    assert documented - routes == set(), "documented operations that no route table has"
    for method, path in sorted(documented):
        r = requests.request(method, srv.url + path.replace("{id}", "nosuchid"), timeout=10)
        assert not unmatched(r), f"{method} {path} reaches no route: {r.status_code} {r.text}"


def test_every_operation_answers_as_documented(srv, doc):
    check = Checker(doc)
    url = srv.url
    ops = sorted(operations(doc))

    # Without credentials, each operation still answers a documented status (mostly 401).
    for method, path in ops:
        r = requests.request(method, url + path.replace("{id}", "nosuchid"), timeout=10)
        check(r, method, path)

    check(requests.get(url + "/healthz", timeout=10), "GET", "/healthz", 200)
    check(requests.get(url + "/metrics", timeout=10), "GET", "/metrics", 200)
    check(requests.get(url + API + "/openapi.json", timeout=10), "GET", API + "/openapi.json", 200)

    # Session.
    s = API + "/session"
    check(requests.post(url + s, json={"email": "ada@example.com", "password": "wrong"}, timeout=10), "POST", s, 401)
    check(requests.post(url + s, json={"email": "ada@example.com", "extra": 1}, timeout=10), "POST", s, 400)
    check(requests.post(url + s, json={"email": "ada@example.com", "password": "correct horse battery"},
                        timeout=10), "POST", s, 200)
    ada, ann, cy = (Client(srv, e) for e in ("ada@example.com", "ann@desk.example", "cy@acme.example"))
    for c in (ada, ann, cy):
        check(c.get(s), "GET", s, 200)
    bye = Client(srv, "ann@desk.example")
    check(bye.s.delete(url + s, headers={"X-CSRF-Token": ""}, timeout=10), "DELETE", s, 403)
    check(bye.delete(s), "DELETE", s, 204)
    check(bye.get(s), "GET", s, 401)

    # Tokens: the bearer token also signs in.
    t = API + "/tokens"
    created = check(ada.post(t, json={"name": "ci"}), "POST", t, 201).json()
    bearer = {"Authorization": "Bearer " + created["token"]}
    check(requests.get(url + s, headers=bearer, timeout=10), "GET", s, 200)
    check(ada.post(t, json={"name": 3}), "POST", t, 400)
    check(cy.post(t, json={"name": "mine"}), "POST", t, 403)
    check(ada.get(t), "GET", t, 200)
    check(ada.get(t, params={"bogus": "1"}), "GET", t, 400)
    check(ada.delete(t + "/" + created["id"]), "DELETE", t + "/{id}", 204)
    check(ada.delete(t + "/nosuchtoken"), "DELETE", t + "/{id}", 404)
    check(requests.get(url + s, headers=bearer, timeout=10), "GET", s, 401)

    # Tickets.
    tk = API + "/tickets"
    body = {"type": "incident", "customer": "Acme", "service": "Mail", "subject": "Mail is down", "priority": "P2"}
    ticket = check(ann.post(tk, json=body, headers={"Idempotency-Key": "k1"}), "POST", tk, 201).json()
    check(ann.post(tk, json=body, headers={"Idempotency-Key": "k1"}), "POST", tk)
    check(cy.post(tk, json=dict(body, subject="From the customer", priority=None) | {"impact": "low", "urgency": "low"}),
          "POST", tk)
    check(ann.post(tk, json=dict(body, service="Nope")), "POST", tk)
    check(ann.post(tk, json=dict(body, colour="red")), "POST", tk, 400)
    for c in (ada, ann, cy):
        check(c.get(tk), "GET", tk, 200)
    check(ann.get(tk, params={"sort": "due_at", "open": "true", "limit": "1"}), "GET", tk, 200)
    check(ann.get(tk, params={"sla": "late"}), "GET", tk, 400)
    pv = tk + "/preview"
    check(ann.post(pv, json=body), "POST", pv, 200)
    check(ann.post(pv, json=dict(body, colour="red")), "POST", pv, 400)
    one = tk + "/{id}"
    check(ann.get(tk + "/" + ticket["id"]), "GET", one, 200)
    check(cy.get(tk + "/" + ticket["id"]), "GET", one, 200)
    check(ann.get(tk + "/nosuchticket"), "GET", one, 404)
    ev, evt = tk + "/" + ticket["id"] + "/events", tk + "/{id}/events"
    check(ann.post(ev, json={"type": "reply", "body": "on it"}, headers={"If-Match": '"1"'}), "POST", evt, 200)
    check(ann.post(ev, json={"type": "assign", "team": "Desk", "agent": "ann@desk.example"},
                   headers={"If-Match": '"2"'}), "POST", evt, 200)
    check(ann.post(ev, json={"type": "status", "to": "in_progress"}, headers={"If-Match": '"3"'}), "POST", evt, 200)
    check(ann.post(ev, json={"type": "reply", "body": "late"}, headers={"If-Match": '"1"'}), "POST", evt, 412)
    check(ann.post(ev, json={"type": "reply", "body": "no version"}), "POST", evt, 400)
    check(cy.post(ev, json={"type": "reply", "public": False, "body": "psst"}, headers={"If-Match": '"4"'}),
          "POST", evt, 403)
    check(ann.get(tk + "/" + ticket["id"]), "GET", one, 200)

    # KPIs.
    kp = API + "/kpis"
    check(ada.get(kp), "GET", kp, 200)
    check(cy.get(kp, params={"customer": "Acme", "from": "2026-01", "to": "2026-03"}), "GET", kp, 200)
    check(cy.get(kp, params={"customer": "Desk"}), "GET", kp, 403)
    check(ann.get(kp, params={"from": "2026-13"}), "GET", kp, 400)
    kt = API + "/kpis/tickets"
    check(ann.get(kt, params={"figure": "created", "month": "2026-01"}), "GET", kt, 200)
    check(ann.get(kt, params={"figure": "colour", "month": "2026-01"}), "GET", kt, 400)
    check(cy.get(kt, params={"figure": "created", "month": "2026-01", "customer": "Desk"}), "GET", kt, 403)

    # The dashboards' charts.
    ch = API + "/charts/{name}"
    svg = check(ann.get(API + "/charts/compliance-trend", params={"from": "2026-01", "to": "2026-03"}), "GET", ch, 200)
    assert svg.content.startswith(b"<?xml") or b"<svg" in svg.content[:200]
    check(ann.get(API + "/charts/deadlines", params={"hours": "4", "width": "400", "height": "200"}), "GET", ch, 200)
    check(cy.get(API + "/charts/csat-trend"), "GET", ch, 200)
    check(cy.get(API + "/charts/workload-by-team"), "GET", ch, 403)
    check(ann.get(API + "/charts/pie"), "GET", ch, 404)
    check(ann.get(API + "/charts/deadlines", params={"width": "10"}), "GET", ch, 400)

    # The monthly review pack: the document, a rendering, and the refusals.
    rv = API + "/reports/review"
    check(ann.get(rv, params={"customer": "Acme", "month": "2026-01"}), "GET", rv, 200)
    pdf = check(cy.get(rv, params={"month": "2026-01", "format": "pdf"}), "GET", rv, 200)
    assert pdf.content.startswith(b"%PDF") and "attachment" in pdf.headers["Content-Disposition"]
    check(ann.get(rv, params={"customer": "Acme", "format": "doc"}), "GET", rv, 400)
    check(cy.get(rv, params={"customer": "Desk"}), "GET", rv, 403)
    sim = API + "/simulations"
    check(ada.post(sim, json={"agreement": "Mail SLA", "from": "2026-01", "to": "2026-02",
                              "proposal": {"targets": [{"metric": "resolution", "priority": "P2", "duration": "6h"}]}}),
          "POST", sim, 200)
    check(ada.post(sim, json={"agreement": "Mail SLA", "colour": "red"}), "POST", sim, 400)
    check(ann.post(sim, json={"agreement": "Mail SLA"}), "POST", sim, 403)
    cr = API + "/credits"
    check(ann.get(cr, params={"month": "2026-01"}), "GET", cr, 200)
    check(ann.get(cr, params={"month": "26-01"}), "GET", cr, 400)

    # Records, kind by kind.
    for kind, first, changed in KINDS:
        col, item = API + "/" + kind, API + "/" + kind + "/{id}"
        rec = check(ada.post(col, json=first, headers={"Idempotency-Key": "rec-" + kind}), "POST", col, 201).json()
        check(ada.post(col, json=first, headers={"Idempotency-Key": "rec-" + kind}), "POST", col, 201)
        check(ada.post(col, json=first), "POST", col, 409)
        check(ada.post(col, json=dict(first, bogus=1)), "POST", col, 400)
        check(cy.post(col, json=first), "POST", col, 403)
        for c in (ada, cy):
            check(c.get(col), "GET", col)
        check(ada.get(col, params={"limit": "1", "archived": "all"}), "GET", col, 200)
        check(ada.get(col, params={"limit": "0"}), "GET", col, 400)
        path = col + "/" + rec["id"]
        check(ada.get(path), "GET", item, 200)
        check(ada.get(col + "/nosuchrecord"), "GET", item, 404)
        check(ada.put(path, json=changed, headers={"If-Match": '"1"'}), "PUT", item, 200)
        check(ada.put(path, json=changed, headers={"If-Match": '"1"'}), "PUT", item, 412)
        check(ada.put(path, json=changed), "PUT", item, 400)
        check(ada.get(path), "GET", item, 200)
        if kind == "calendars":
            h = API + "/calendars/{id}/holidays"
            check(ada.post(path + "/holidays", params={"from": "2026", "to": "2026"}, data=ICS,
                           headers={"Content-Type": "text/calendar"}), "POST", h, 200)
            check(ada.post(path + "/holidays", data=ICS, headers={"Content-Type": "text/plain"}), "POST", h, 400)
            check(ada.post(col + "/nosuchcalendar/holidays", data=ICS, headers={"Content-Type": "text/calendar"}),
                  "POST", h, 404)
    # Archive last: the agreement first, as the others are referenced.
    for kind, _, _ in reversed(KINDS):
        col, item = API + "/" + kind, API + "/" + kind + "/{id}"
        [rec] = [x for x in ada.get(col).json()["items"] if x["name" if kind != "users" else "email"]
                 in ("Initech", "Web", "Office", "Web SLA", "bo@example.com")]
        check(ada.delete(col + "/" + rec["id"], headers={"If-Match": '"999"'}), "DELETE", item, 412)
        check(ada.delete(col + "/" + rec["id"], headers={"If-Match": f'"{rec["version"]}"'}), "DELETE", item, 204)
        check(ada.get(col, params={"archived": "true"}), "GET", col, 200)

    # Import.
    im = API + "/import"
    check(ada.post(im, data='{"kind":"service","name":"Print"}\nnot json\n'), "POST", im, 200)
    check(ann.post(im, data='{"kind":"service","name":"Fax"}\n'), "POST", im, 403)

    # The priority matrix.
    pm = API + "/priority-matrix"
    state = check(cy.get(pm), "GET", pm, 200).json()
    check(ann.put(pm, json={"matrix": state["matrix"]}, headers={"If-Match": '"0"'}), "PUT", pm, 403)
    check(ada.put(pm, json={"matrix": state["matrix"]}, headers={"If-Match": '"5"'}), "PUT", pm, 412)
    check(ada.put(pm, json={"matrix": {}}, headers={"If-Match": '"0"'}), "PUT", pm, 400)
    check(ada.put(pm, json={"matrix": state["matrix"]}, headers={"If-Match": '"0"'}), "PUT", pm, 200)

    # Survey answers and cost records: records whose key is no name (a repeat is a second answer, never a 409).
    survey = {"customer": "Acme", "contact": "cy@acme.example", "score": 9, "answered_at": "2026-10-05T09:30:00Z"}
    cost = {"service": "Mail", "month": "2026-10", "amount": 120.5, "currency": "EUR", "category": "licence"}
    for kind, first, changed, outsider in (("surveys", survey, dict(survey, score=6, comment="slower"), ann),
                                           ("costs", cost, dict(cost, amount=99, note="renewed"), cy)):
        col, item = API + "/" + kind, API + "/" + kind + "/{id}"
        rec = check(ada.post(col, json=first, headers={"Idempotency-Key": "rec-" + kind}), "POST", col, 201).json()
        check(ada.post(col, json=first, headers={"Idempotency-Key": "rec-" + kind}), "POST", col, 201)
        check(ada.post(col, json=dict(first, bogus=1)), "POST", col, 400)
        check(ada.post(col, json=dict(first, customer="Nobody") if kind == "surveys" else dict(first, service="Nope")),
              "POST", col, 404)
        check(outsider.post(col, json=first), "POST", col, 403)
        for c in (ada, ann, cy):
            check(c.get(col), "GET", col)
        check(ada.get(col, params={"limit": "1", "archived": "all"}), "GET", col, 200)
        check(ada.get(col, params={"limit": "0"}), "GET", col, 400)
        path = col + "/" + rec["id"]
        check(ada.get(path), "GET", item, 200)
        check(ada.get(col + "/nosuchrecord"), "GET", item, 404)
        check(ada.put(path, json=changed, headers={"If-Match": '"1"'}), "PUT", item, 200)
        check(ada.put(path, json=changed, headers={"If-Match": '"1"'}), "PUT", item, 412)
        check(ada.put(path, json=changed), "PUT", item, 400)
        check(ann.put(path, json=changed, headers={"If-Match": '"2"'}), "PUT", item, 403)
        check(ada.delete(path, headers={"If-Match": '"1"'}), "DELETE", item, 412)
        check(ada.delete(path, headers={"If-Match": '"2"'}), "DELETE", item, 204)
        check(ada.get(col, params={"archived": "true"}), "GET", col, 200)
    check(cy.post(API + "/surveys", json=dict(survey, contact="at the portal")), "POST", API + "/surveys", 201)
    check(cy.get(API + "/costs/nosuchrecord"), "GET", API + "/costs/{id}", 404)

    # The labour rate.
    lr = API + "/labour-rate"
    state = check(ann.get(lr), "GET", lr, 200).json()
    check(cy.get(lr), "GET", lr, 403)
    rate = {"hourly_rate": state["hourly_rate"] + 80, "currency": "EUR"}
    check(ann.put(lr, json=rate, headers={"If-Match": '"0"'}), "PUT", lr, 403)
    check(ada.put(lr, json=rate, headers={"If-Match": '"5"'}), "PUT", lr, 412)
    check(ada.put(lr, json={"hourly_rate": "80"}, headers={"If-Match": '"0"'}), "PUT", lr, 400)
    check(ada.put(lr, json=rate, headers={"If-Match": '"0"'}), "PUT", lr, 200)

    # Passwords, last (their sessions end): a reset by an admin, a change by its owner (a new session).
    users = ada.get(API + "/users", params={"limit": "200"}).json()["items"]
    ann_id = [u["id"] for u in users if u["email"] == "ann@desk.example"][0]
    pw, reset = API + "/session/password", API + "/users/{id}/password"
    check(ada.put(API + f"/users/{ann_id}/password", json={"password": "a reset passphrase"}), "PUT", reset, 204)
    check(ada.put(API + "/users/nosuchuser/password", json={"password": "a reset passphrase"}), "PUT", reset, 404)
    check(cy.put(API + f"/users/{ann_id}/password", json={"password": "a reset passphrase"}), "PUT", reset, 403)
    check(ada.put(API + f"/users/{ann_id}/password", json={"password": "short"}), "PUT", reset, 400)
    check(cy.post(pw, json={"current_password": "wrong wrong wrong", "new_password": "a new passphrase"}), "POST", pw,
          400)
    check(cy.post(pw, json={"current_password": "correct horse battery", "new_password": "a new passphrase"}),
          "POST", pw, 200)
    check(cy.get(s), "GET", s, 401)

    missing = sorted(set(ops) - check.ok)
    assert not missing, f"operations never exercised with a 2xx answer: {missing}"
