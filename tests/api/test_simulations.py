"""What-if (POST /api/v1/simulations and `levera sla simulate`) on a hand-made October 2025: a 24x7 UTC
calendar, Acme's SLA on Mail with P2 response 1 h and resolution 4 h, a fee of 1000.00 EUR and a credit of
10 % when resolution compliance is below 50 %.

  T1: resolved after 3 h (met).   T2: after 5 h (breached).   T3: after 7 h (breached).
  Each has a public reply after 30 min (response met).  T4 (November) and G1 (Globex) are not counted.

As agreed: resolution 1 of 3 (33.3 %, below 50: 100.00 EUR owed).  Proposed 6 h: T2 is met, 2 of 3
(66.7 %: nothing owed); T3 still breaches, now by 1 h.  One ticket ends otherwise.
"""
import json
import time

import pytest

from conftest import WEEK, Client, assert_error, levera, module_server, seed

API = "/api/v1"
OFFICE = {"kind": "calendar", "name": "Office", "timezone": "UTC",
          "week": {d: ["08:00-16:00"] for d in ("mon", "tue", "wed", "thu", "fri")}}


def ticket(ref, customer, day, hours):
    start = f"2025-{day}T08:00:00Z"
    end_h = 8 + hours
    return {"kind": "ticket", "ref": ref, "type": "incident", "customer": customer, "service": "Mail",
            "priority": "P2", "subject": ref, "events": [
                {"at": start, "type": "created"},
                {"at": f"2025-{day}T08:30:00Z", "type": "reply", "body": "on it", "by": "agent"},
                {"at": f"2025-{day}T{end_h:02d}:00:00Z", "type": "status", "to": "resolved"}]}


RECORDS = [
    {"kind": "calendar", "name": "24x7", "timezone": "UTC", "week": WEEK}, OFFICE,
    {"kind": "organisation", "name": "Acme", "type": "customer"},
    {"kind": "organisation", "name": "Globex", "type": "customer"},
    {"kind": "organisation", "name": "Desk", "type": "team"},
    {"kind": "service", "name": "Mail"},
    {"kind": "agreement", "name": "Acme SLA", "type": "sla", "customer": "Acme", "provider": "Desk",
     "services": ["Mail"], "valid_from": "2025-01-01", "calendar": "24x7", "fee_per_month": 1000, "currency": "EUR",
     "credit_rules": [{"metric": "resolution", "below": 50, "credit_pct": 10}],
     "targets": [{"metric": "response", "priority": "P2", "duration": "1h"},
                 {"metric": "resolution", "priority": "P2", "duration": "4h"}]},
    {"kind": "agreement", "name": "Desk OLA", "type": "ola", "customer": "Desk", "provider": "Desk", "services": ["Mail"],
     "valid_from": "2025-01-01", "calendar": "24x7", "targets": [{"metric": "resolution", "priority": "P2",
                                                                 "duration": "2h"}]},
    ticket("T1", "Acme", "10-06", 3), ticket("T2", "Acme", "10-07", 5), ticket("T3", "Acme", "10-08", 7),
    ticket("T4", "Acme", "11-03", 9), ticket("G1", "Globex", "10-06", 9),
    # September: waiting on the customer from 09:00 to 14:00, resolved at 15:00: 2 h of the clock as agreed
    # (waiting pauses it), 7 h when waiting does not pause.
    {"kind": "ticket", "ref": "W1", "type": "incident", "customer": "Acme", "service": "Mail", "priority": "P2",
     "subject": "W1", "events": [
         {"at": "2025-09-01T08:00:00Z", "type": "created"},
         {"at": "2025-09-01T08:30:00Z", "type": "reply", "body": "on it", "by": "agent"},
         {"at": "2025-09-01T09:00:00Z", "type": "status", "to": "waiting_on_customer"},
         {"at": "2025-09-01T14:00:00Z", "type": "status", "to": "in_progress"},
         {"at": "2025-09-01T15:00:00Z", "type": "status", "to": "resolved"}]},
]
USERS = [("mia@desk.example", "manager", []), ("ann@desk.example", "agent", []),
         ("cy@acme.example", "customer", ["--organisation", "Acme"])]
SIX_HOURS = {"targets": [{"metric": "response", "priority": "P2", "duration": "1h"},
                         {"metric": "resolution", "priority": "P2", "duration": "6h"}]}


@pytest.fixture(scope="module")
def srv():
    yield from module_server(lambda db: seed(db, RECORDS, USERS))


@pytest.fixture(scope="module")
def mia(srv):
    client = Client(srv, "mia@desk.example", API)
    deadline = time.monotonic() + 15
    while client.get("/kpis").json()["pending_changes"] > 0:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return client


def simulate(client, proposal, **kw):
    body = dict({"agreement": "Acme SLA", "from": "2025-10", "to": "2025-10", "proposal": proposal}, **kw)
    return client.post("/simulations", json=body)


def test_a_looser_target_side_by_side(mia):
    r = simulate(mia, SIX_HOURS)
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["agreement"]["name"] == "Acme SLA" and got["time_zone"] == "UTC"
    assert (got["tickets"], got["changed_tickets"]) == (3, 1)
    a, p = got["actual"], got["proposed"]
    assert (a["met"], a["breached"], p["met"], p["breached"]) == (4, 2, 5, 1)
    assert a["resolution_compliance"] == pytest.approx(100 / 3)
    assert p["resolution_compliance"] == pytest.approx(200 / 3)
    assert a["response_compliance"] == p["response_compliance"] == pytest.approx(100.0)
    assert (a["credits"], p["credits"], a["currency"]) == ("100.00", "0.00", "EUR")
    # Overrun: T2 1 h + T3 3 h as agreed; T3 1 h as proposed.
    assert (a["overrun_business_s"], p["overrun_business_s"]) == (4 * 3600, 3600)
    [reso] = [t for t in got["targets"] if t["metric"] == "resolution"]
    assert (reso["actual"]["target_s"], reso["proposed"]["target_s"]) == (4 * 3600, 6 * 3600)
    [oct_] = got["months"]
    assert oct_["month"] == "2025-10" and oct_["actual"] == {k: a[k] for k in oct_["actual"]}


def test_nothing_is_written(mia):
    before = mia.get("/agreements", params={"limit": 200}).json()
    simulate(mia, SIX_HOURS)
    assert mia.get("/agreements", params={"limit": 200}).json() == before
    kpis = mia.get("/kpis", params={"from": "2025-10", "to": "2025-10", "customer": "Acme"}).json()["months"][0]
    assert (kpis["sla_met"], kpis["sla_breached"]) == (4, 2), "the figures stay as agreed"


def test_another_calendar_and_credit_terms(mia):
    # Office hours 08:00-16:00: every ticket resolved by 15:00 is inside 7 business hours; T3 at 15:00 = 7 h.
    r = simulate(mia, {"calendar": "Office", "credit_rules": [{"metric": "resolution", "below": 99, "credit_pct": 5}],
                       "fee_per_month": 2000, "currency": "EUR"})
    assert r.status_code == 200, r.text
    p = r.json()["proposed"]
    assert (p["met"], p["breached"]) == (4, 2), "the same elapsed time: 8:00 to 13:00 and 15:00 are in office hours"
    assert (p["credits"], p["currency"]) == ("100.00", "EUR"), "5 % of 2000.00"


def test_pause_rules(mia):
    r = simulate(mia, {"pause_statuses": []}, **{"from": "2025-09", "to": "2025-09"})
    assert r.status_code == 200, r.text
    got = r.json()
    assert (got["tickets"], got["changed_tickets"]) == (1, 1)
    assert (got["actual"]["met"], got["actual"]["breached"]) == (2, 0)
    assert (got["proposed"]["met"], got["proposed"]["breached"]) == (1, 1)
    assert got["proposed"]["overrun_business_s"] == 3 * 3600, "7 h against a 4 h target"


def test_who_may_simulate(srv, mia):
    ann = Client(srv, "ann@desk.example", API)
    assert_error(simulate(ann, SIX_HOURS), 403, "forbidden")
    cy = Client(srv, "cy@acme.example", API)
    assert_error(simulate(cy, SIX_HOURS), 403, "forbidden")


@pytest.mark.parametrize("body,status,field", [
    ({"agreement": "Acme SLA", "colour": "red"}, 400, "colour"),
    ({"proposal": SIX_HOURS}, 400, "agreement"),
    ({"agreement": "Nope"}, 404, "agreement"),
    ({"agreement": "Desk OLA"}, 400, "agreement"),
    ({"agreement": "Acme SLA", "proposal": {"colour": 1}}, 400, "proposal.colour"),
    ({"agreement": "Acme SLA", "proposal": {"targets": [{"metric": "resolution", "priority": "P2",
                                                         "duration": "soon"}]}}, 400, "proposal.targets[0].duration"),
    ({"agreement": "Acme SLA", "proposal": {"calendar": "Nowhere"}}, 404, "proposal.calendar"),
    ({"agreement": "Acme SLA", "from": "2025-13"}, 400, "from"),
    ({"agreement": "Acme SLA", "from": "2020-01", "to": "2025-10"}, 400, "to"),
])
def test_bad_requests_name_the_field(mia, body, status, field):
    r = mia.post("/simulations", json=body)
    assert r.status_code == status and r.json()["error"]["field"] == field, r.text


def test_the_cli_prints_the_same(srv, tmp_path):
    prop = tmp_path / "p.json"
    prop.write_text(json.dumps(SIX_HOURS))
    rc, out, err = levera(["sla", "simulate", "--db", srv.db, "--agreement", "Acme SLA", "--proposal", str(prop),
                           "--from", "2025-10-01", "--to", "2025-10", "--json"])
    assert rc == 0, err
    got = json.loads(out)
    assert (got["tickets"], got["actual"]["credits"], got["proposed"]["credits"]) == (3, "100.00", "0.00")
    rc, out, err = levera(["sla", "simulate", "--db", srv.db, "--agreement", "Acme SLA", "--proposal", str(prop),
                           "--from", "2025-10", "--to", "2025-10"])
    # Response and resolution together: 4 of 6 met as agreed, 5 of 6 as proposed.
    assert rc == 0 and "2025-10" in out and "66.7 %" in out and "83.3 %" in out and "100.00" in out, out + err
    prop.write_text("{not json")
    rc, _, err = levera(["sla", "simulate", "--db", srv.db, "--agreement", "Acme SLA", "--proposal", str(prop)])
    assert rc == 2 and "line 1" in err
