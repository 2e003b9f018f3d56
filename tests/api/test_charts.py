"""GET /api/v1/charts/{name}: the dashboards' charts as SVG, on a small hand-made history.

A 24x7 UTC calendar; Acme, Umbrella and Initech each have an SLA on Mail (P2: response 1 h,
resolution 4 h).  In January 2025 Acme's and Umbrella's tickets meet both targets in the same way
(so their charts must be the same picture), while Initech's ticket breaches both.  Every imported
ticket is resolved, so the desk has no open ticket until a test creates some.
"""
import time
import xml.etree.ElementTree as ET

import pytest

from conftest import WEEK, Client, assert_error, module_server, seed

API = "/api/v1"
NAMES = ["compliance-trend", "compliance-by-customer", "volume-trend", "backlog-trend", "csat-trend", "nps-trend",
         "availability-trend",
         "workload-by-team", "deadlines"]
STAFF_ONLY = ["compliance-by-customer", "workload-by-team", "deadlines"]
TARGETS = [{"metric": "response", "priority": "P2", "duration": "1h"},
           {"metric": "resolution", "priority": "P2", "duration": "4h"}]


def ev(at, type_, **kw):
    return dict(at="2025-" + at + ":00Z", type=type_, **kw)


def met(ref, customer, day):
    """A ticket answered in 30 minutes and resolved in 2 hours, rated 4."""
    return {"kind": "ticket", "ref": ref, "type": "incident", "customer": customer, "service": "Mail",
            "priority": "P2", "subject": ref, "events": [
                ev(f"01-{day}T09:00", "created"), ev(f"01-{day}T09:30", "reply", body="on it", by="agent"),
                ev(f"01-{day}T11:00", "status", to="resolved"),
                ev(f"01-{day}T12:00", "rating", score=4, by="customer")]}


RECORDS = [
    {"kind": "calendar", "name": "24x7", "timezone": "UTC", "week": WEEK},
    {"kind": "organisation", "name": "Desk", "type": "team"},
    {"kind": "service", "name": "Mail"},
] + [r for name in ("Acme", "Umbrella", "Initech") for r in (
    {"kind": "organisation", "name": name, "type": "customer"},
    {"kind": "agreement", "name": name + " SLA", "type": "sla", "customer": name, "provider": "Desk",
     "services": ["Mail"], "valid_from": "2024-01-01", "calendar": "24x7", "targets": TARGETS})] + [
    met("A1", "Acme", "10"), met("A2", "Acme", "12"),
    met("U1", "Umbrella", "10"), met("U2", "Umbrella", "12"),
    # Initech: answered after 3 h (response breached) and resolved after 6 h (resolution breached).
    {"kind": "ticket", "ref": "I1", "type": "incident", "customer": "Initech", "service": "Mail", "priority": "P2",
     "subject": "I1", "events": [ev("01-10T09:00", "created"), ev("01-10T12:00", "reply", body="late", by="agent"),
                                 ev("01-10T15:00", "status", to="resolved")]},
]
USERS = [("ada@example.com", "admin", []), ("ann@desk.example", "agent", ["--organisation", "Desk"]),
         ("cy@acme.example", "customer", ["--organisation", "Acme"])]
JAN = {"from": "2025-01", "to": "2025-01"}


def prepare(db):
    seed(db, RECORDS, USERS)


@pytest.fixture(scope="module")
def srv():
    yield from module_server(prepare)


@pytest.fixture(scope="module")
def ann(srv):
    c = Client(srv, "ann@desk.example", API)
    deadline = time.monotonic() + 15  # the KPI job rolls the imported tickets up in the background
    while c.get("/kpis", params=JAN).json()["pending_changes"] and time.monotonic() < deadline:
        time.sleep(0.1)
    return c


@pytest.fixture(scope="module")
def cy(srv):
    return Client(srv, "cy@acme.example", API)


def svg(r, width=640, height=320):
    """The parsed SVG of a 200 answer, checked to be a document of the asked size."""
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(r.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == f"0 0 {width} {height}"
    assert root.findall(".//{http://www.w3.org/2000/svg}path"), "nothing is drawn"
    return root


@pytest.mark.parametrize("name", NAMES)
def test_every_chart_is_a_well_formed_svg(ann, name):
    svg(ann.get("/charts/" + name))
    svg(ann.get("/charts/" + name, params=dict(JAN, width="1000", height="500")), 1000, 500)


def test_a_customer_gets_their_own_trends_only(cy):
    for name in ("compliance-trend", "volume-trend", "backlog-trend", "csat-trend", "nps-trend", "availability-trend"):
        svg(cy.get("/charts/" + name, params=JAN))
        assert cy.get("/charts/" + name, params=JAN).content == cy.get(
            "/charts/" + name, params=dict(JAN, customer="Acme")).content
        assert_error(cy.get("/charts/" + name, params={"customer": "Initech"}), 403, "forbidden", "customer")
    for name in STAFF_ONLY:
        assert_error(cy.get("/charts/" + name), 403, "forbidden", "name")


def test_refusals_name_the_field(ann, srv):
    import requests
    assert requests.get(srv.url + API + "/charts/compliance-trend", timeout=10).status_code == 401
    assert_error(ann.get("/charts/pie"), 404, "not_found", "name")
    assert_error(ann.get("/charts/deadlines", params={"hours": "0"}), 400, "invalid", "hours")
    assert_error(ann.get("/charts/deadlines", params={"hours": "73"}), 400, "invalid", "hours")
    assert_error(ann.get("/charts/deadlines", params={"hours": "8h"}), 400, "invalid", "hours")
    assert_error(ann.get("/charts/volume-trend", params={"width": "199"}), 400, "invalid", "width")
    assert_error(ann.get("/charts/volume-trend", params={"width": "1601"}), 400, "invalid", "width")
    assert_error(ann.get("/charts/volume-trend", params={"height": "-5"}), 400, "invalid", "height")
    assert_error(ann.get("/charts/volume-trend", params={"from": "2025-13"}), 400, "invalid", "from")
    assert_error(ann.get("/charts/volume-trend", params={"from": "2025-03", "to": "2025-01"}), 400, "invalid", "to")
    assert_error(ann.get("/charts/volume-trend", params={"customer": "Nobody"}), 400, "invalid", "customer")
    assert_error(ann.get("/charts/volume-trend", params={"colour": "red"}), 400, "invalid", "colour")


def test_the_compliance_chart_follows_the_data(ann):
    def chart(customer):
        return ann.get("/charts/compliance-trend", params=dict(JAN, customer=customer)).content
    acme, umbrella, initech = chart("Acme"), chart("Umbrella"), chart("Initech")
    assert acme == umbrella, "the same figures drew different pictures"
    assert acme != initech, "met clocks and breached clocks drew the same picture"
    # The breakdown changes with the window: January has Initech's breaches, December nothing at all.
    by = "/charts/compliance-by-customer"
    assert ann.get(by, params=JAN).content != ann.get(by, params={"from": "2024-12", "to": "2024-12"}).content


def test_deadlines_and_workload_follow_the_open_tickets(ann):
    empty = ann.get("/charts/deadlines", params={"hours": "4"})
    svg(empty)
    workload_empty = ann.get("/charts/workload-by-team").content
    assert ann.get("/charts/deadlines", params={"hours": "4"}).content == empty.content
    # Two new P2 incidents: each response falls due within the first hour from now.
    for i in range(2):
        r = ann.post("/tickets", json={"type": "incident", "customer": "Acme", "service": "Mail",
                                       "subject": f"Mail is slow {i}", "priority": "P2"})
        assert r.status_code == 201, r.text
    seeded = ann.get("/charts/deadlines", params={"hours": "4"})
    svg(seeded)
    assert seeded.content != empty.content, "tickets due in the next hours did not change the chart"
    # Filtered to a customer with no open ticket, the chart is the empty desk's again.
    assert ann.get("/charts/deadlines", params={"hours": "4", "customer": "Initech"}).content == empty.content
    assert ann.get("/charts/workload-by-team").content != workload_empty
    assert ann.get("/charts/workload-by-team", params={"customer": "Initech"}).content == workload_empty
