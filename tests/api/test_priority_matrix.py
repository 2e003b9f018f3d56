"""The impact x urgency -> priority matrix is configurable: everyone reads it, admins and managers change it
with If-Match, and tickets created from then on take their priority from it."""
import pytest

from conftest import Client, assert_error, module_server, seed

RECORDS = [
    {"kind": "organisation", "name": "Acme", "type": "customer"},
    {"kind": "service", "name": "Mail"},
]
USERS = [("root@desk.example", "admin", []), ("mia@desk.example", "manager", []), ("ann@desk.example", "agent", []),
         ("cy@acme.example", "customer", ["--organisation", "Acme"])]
M = "/api/v1/priority-matrix"
DEFAULT = {"high": {"high": "P1", "medium": "P2", "low": "P3"},
           "medium": {"high": "P2", "medium": "P3", "low": "P4"},
           "low": {"high": "P3", "medium": "P4", "low": "P4"}}


@pytest.fixture(scope="module")
def srv():
    yield from module_server(lambda db: seed(db, RECORDS, USERS))


def priority(c, impact, urgency):
    body = {"type": "incident", "service": "Mail", "subject": "s", "impact": impact, "urgency": urgency}
    if c.user["role"] != "customer":
        body["customer"] = "Acme"
    r = c.post("/api/v1/tickets", json=body)
    assert r.status_code == 201, r.text
    return r.json()["priority"]


def test_everyone_reads_the_default_then_a_manager_changes_it(srv):
    mia, ann, cy = (Client(srv, e) for e in ("mia@desk.example", "ann@desk.example", "cy@acme.example"))
    for c in (mia, ann, cy):
        r = c.get(M)
        assert r.status_code == 200 and r.headers["ETag"] == '"0"'
        assert r.json() == {"matrix": DEFAULT, "default": True, "version": 0}
    assert priority(ann, "high", "medium") == "P2"
    urgent = {**DEFAULT, "high": {"high": "P1", "medium": "P1", "low": "P2"}}
    assert_error(ann.put(M, json={"matrix": urgent}, headers={"If-Match": '"0"'}), 403, "forbidden")
    assert_error(cy.put(M, json={"matrix": urgent}, headers={"If-Match": '"0"'}), 403, "forbidden")
    assert_error(mia.put(M, json={"matrix": urgent}), 400, "invalid", "If-Match")
    assert_error(mia.put(M, json={"matrix": urgent}, headers={"If-Match": '"7"'}), 412, "precondition_failed")
    r = mia.put(M, json={"matrix": urgent}, headers={"If-Match": '"0"'})
    assert r.status_code == 200 and r.headers["ETag"] == '"1"', r.text
    assert r.json() == {"matrix": urgent, "default": False, "version": 1}
    assert ann.get(M).json()["matrix"] == urgent
    assert priority(ann, "high", "medium") == "P1", "new tickets take the new matrix"
    assert priority(cy, "high", "medium") == "P1"
    assert_error(mia.put(M, json={"matrix": DEFAULT}, headers={"If-Match": '"0"'}), 412, "precondition_failed")
    root = Client(srv, "root@desk.example")
    r = root.put(M, json={"matrix": DEFAULT}, headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.headers["ETag"] == '"2"'
    assert priority(ann, "high", "medium") == "P2"


@pytest.mark.parametrize("matrix,field", [
    ({}, "matrix"),
    ({**DEFAULT, "huge": DEFAULT["high"]}, "huge"),
    ({**DEFAULT, "high": {"high": "P1", "medium": "P9", "low": "P3"}}, "high.medium"),
    ({**DEFAULT, "high": {"high": "P1", "medium": "P2"}}, "high"),
    ("P1", "matrix"),
])
def test_a_bad_matrix_is_refused_by_field_and_changes_nothing(srv, matrix, field):
    mia = Client(srv, "mia@desk.example")
    before = mia.get(M)
    r = mia.put(M, json={"matrix": matrix}, headers={"If-Match": before.headers["ETag"]})
    assert_error(r, 400, "invalid")
    assert r.json()["error"]["field"] in (field, "matrix." + field), r.text
    assert mia.get(M).json() == before.json()
