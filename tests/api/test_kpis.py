"""GET /api/v1/kpis: the figures of docs/kpis.md per month, on a small hand-made history.

A 24x7 UTC calendar (business seconds are wall seconds), Acme's SLA on Mail (P3: response 1h,
resolution 8h; P2: response 30m, resolution 4h), no SLA on Web nor for Initech.  The window is
2025-01..2025-02; every ticket is imported with its events, and every one with a clock is resolved,
so the SLA job records nothing and the figures are fixed.

  T1 Acme/Mail P3: created 01-10 09:00, assign Desk 09:05, reply 09:30 (response 1800 s, met), work
     1800 s 10:00, resolved 11:00 (resolution 7200 s, met), rated 5 on 01-11.  First contact.
  T2 Acme/Mail P3: created 01-20 08:00, reply 10:00 (response 7200 s: breached at 09:00, Jan), assign
     Desk 10:05, resolved 12:00 (first resolution, Jan; 4 h used), reopened 02-02 09:00 (Feb), resolved
     02-03 09:00: resolution 4 h + 24 h = 100800 s, breached at 02-02 13:00 (Feb); rated 2 on 02-04.
     Reopened as of the window's end: not first contact.
  T3 Acme/Mail P3: created 01-31 19:00, raised to P2 19:10 (escalation, Jan), reply 19:20 (response
     1200 s, met), resolution breached at 23:00 (4 h, Jan); assign Desk 02-01 08:00, assign Ops 09:00
     (team escalation, Feb), work 3600 s 09:30, resolved 10:00 (Feb; 15 h = 54000 s).  Not first contact.
  T4 Initech/Mail, no SLA: created 02-10 10:00, resolved 11:00.  First contact.
  T5 Acme/Web, no SLA: created 01-15 10:00, in_progress 02-20 10:00, still open.
  T6 Acme/Mail: created and resolved 2024-12-20 (before the window: no fact, not in the backlog).
  T7 Acme/Web: created 2024-12-01, open, untouched since: in every month's backlog.
  T8 Acme/Web: created 2025-03-05 (after the window): counts nowhere.
"""
import time

import pytest
import requests

from conftest import WEEK, Client, assert_error, module_server, seed

API = "/api/v1"


def ev(at, type_, **kw):
    return dict(at="2025-" + at + ":00Z" if not at.startswith("20") else at, type=type_, **kw)


def ticket(ref, customer, service, events, priority="P3"):
    return {"kind": "ticket", "ref": ref, "type": "incident", "customer": customer, "service": service,
            "priority": priority, "subject": ref, "events": events}


RECORDS = [
    {"kind": "calendar", "name": "24x7", "timezone": "UTC", "week": WEEK},
    {"kind": "organisation", "name": "Acme", "type": "customer"},
    {"kind": "organisation", "name": "Initech", "type": "customer"},
    {"kind": "organisation", "name": "Desk", "type": "team"},
    {"kind": "organisation", "name": "Ops", "type": "team"},
    {"kind": "service", "name": "Mail"},
    {"kind": "service", "name": "Web"},
    {"kind": "agreement", "name": "Acme SLA", "type": "sla", "customer": "Acme", "provider": "Desk",
     "services": ["Mail"], "valid_from": "2024-01-01", "calendar": "24x7",
     "targets": [{"metric": "response", "priority": "P3", "duration": "1h"},
                 {"metric": "resolution", "priority": "P3", "duration": "8h"},
                 {"metric": "response", "priority": "P2", "duration": "30m"},
                 {"metric": "resolution", "priority": "P2", "duration": "4h"}]},
    ticket("T1", "Acme", "Mail", [
        ev("01-10T09:00", "created"), ev("01-10T09:05", "assign", team="Desk"),
        ev("01-10T09:30", "reply", body="on it", by="agent"), ev("01-10T10:00", "work", duration=1800),
        ev("01-10T11:00", "status", to="resolved"), ev("01-11T10:00", "rating", score=5, by="customer")]),
    ticket("T2", "Acme", "Mail", [
        ev("01-20T08:00", "created"), ev("01-20T10:00", "reply", body="late", by="agent"),
        ev("01-20T10:05", "assign", team="Desk"), ev("01-20T12:00", "status", to="resolved"),
        ev("02-02T09:00", "status", to="in_progress"), ev("02-03T09:00", "status", to="resolved"),
        ev("02-04T10:00", "rating", score=2, by="customer")]),
    ticket("T3", "Acme", "Mail", [
        ev("01-31T19:00", "created"), ev("01-31T19:10", "priority", to="P2"),
        ev("01-31T19:20", "reply", body="on it", by="agent"), ev("02-01T08:00", "assign", team="Desk"),
        ev("02-01T09:00", "assign", team="Ops"), ev("02-01T09:30", "work", duration=3600),
        ev("02-01T10:00", "status", to="resolved")]),
    ticket("T4", "Initech", "Mail", [ev("02-10T10:00", "created"), ev("02-10T11:00", "status", to="resolved")]),
    ticket("T5", "Acme", "Web", [ev("01-15T10:00", "created"), ev("02-20T10:00", "status", to="in_progress")]),
    ticket("T6", "Acme", "Mail", [ev("2024-12-20T10:00:00Z", "created"),
                                  ev("2024-12-20T11:00:00Z", "status", to="resolved")]),
    ticket("T7", "Acme", "Web", [ev("2024-12-01T10:00:00Z", "created")]),
    ticket("T8", "Acme", "Web", [ev("03-05T10:00", "created")]),
]
USERS = [("ada@example.com", "admin", []), ("ann@desk.example", "agent", []),
         ("cy@acme.example", "customer", ["--organisation", "Acme"]),
         ("ian@initech.example", "customer", ["--organisation", "Initech"])]
WINDOW = {"from": "2025-01", "to": "2025-02"}


def prepare(db):
    seed(db, RECORDS, USERS)


@pytest.fixture(scope="module")
def srv():
    yield from module_server(prepare)


@pytest.fixture(scope="module")
def ada(srv):
    return Client(srv, "ada@example.com", API)


def counted(client, **params):
    """The answer once the KPI job has rolled up every ticket change (it runs in the background)."""
    deadline = time.monotonic() + 15
    while True:
        r = client.get("/kpis", params=dict(WINDOW, **params))
        assert r.status_code == 200, r.text
        if r.json()["pending_changes"] == 0 or time.monotonic() > deadline:
            return r.json()
        time.sleep(0.1)


def kpis(client, **params):
    body = counted(client, **params)
    assert body["pending_changes"] == 0
    assert [m["month"] for m in body["months"]] == ["2025-01", "2025-02"]
    return body["months"]


class stats:
    """Times as the API gives them: an exact count and mean, a median and p90 from a histogram whose
    buckets are within 1/128 of every value in them (docs/kpis.md)."""

    def __init__(self, count, mean=None, median=None, p90=None):
        self.want = (count, mean, median, p90)

    def __eq__(self, got):
        want = dict(zip(("count", "mean", "median", "p90"), self.want))
        if set(got) != set(want) or got["count"] != want["count"]:
            return False
        for k in ("mean", "median", "p90"):
            if want[k] is None or got[k] is None:
                if want[k] is not got[k]:
                    return False
            elif abs(got[k] - want[k]) > (1e-9 if k == "mean" else want[k] / 128):
                return False
        return True

    def __repr__(self):
        return "stats%r" % (self.want,)


def test_the_whole_desk_month_by_month(ada):
    jan, feb = kpis(ada)
    assert jan["start"] == "2025-01-01T00:00:00Z" and jan["end"] == "2025-02-01T00:00:00Z"
    assert jan["partial"] is False and feb["partial"] is False
    # January: decided T1 response met, T1 resolution met, T3 response met; T2 response breached (09:00),
    # T3 resolution breached (23:00).  3 / 5 = 60 %.
    assert (jan["sla_met"], jan["sla_breached"]) == (3, 2)
    assert jan["sla_compliance"] == pytest.approx(60.0)
    # Responses stopped in January: 1200, 1800, 7200: mean 3400, median rank 2, p90 rank ceil(2.7) = 3.
    assert jan["response_time_business_s"] == stats(3, 3400, 1800, 7200)
    # Resolutions stopped in January: T1's 7200 only (T2's last resolution and T3's are in February).
    assert jan["resolution_time_business_s"] == stats(1, 7200, 7200, 7200)
    # Created T1, T2, T3, T5; first resolutions T1, T2; none reopened; T1 first contact (T2 was reopened).
    assert (jan["created"], jan["resolved"], jan["reopened"]) == (4, 2, 0)
    assert jan["reopen_rate"] == pytest.approx(0.0)
    assert jan["first_contact_resolution"] == pytest.approx(50.0)
    # Open at January's end: T3 (resolved 02-01), T5, T7 (untouched since December).
    assert jan["backlog"] == 3
    assert jan["escalations"] == {"priority": 1, "team": 0, "sla_warning": 0, "sla_breach": 0}
    assert jan["escalation_rate"] == pytest.approx(25.0), "T3 of the four created"
    # One rating (5) over two resolved: 50 %; work 1800 s.
    assert jan["csat_average"] == pytest.approx(5.0)
    assert jan["csat_response_rate"] == pytest.approx(50.0)
    assert jan["work_logged_s"] == 1800

    # February: T2's resolution breached at 02-02 13:00: 0 of 1.
    assert (feb["sla_met"], feb["sla_breached"]) == (0, 1)
    assert feb["sla_compliance"] == pytest.approx(0.0)
    assert feb["response_time_business_s"] == stats(0)
    # Resolutions stopped: T3 54000, T2 100800: mean 77400, median rank 1, p90 rank ceil(1.8) = 2.
    assert feb["resolution_time_business_s"] == stats(2, 77400, 54000, 100800)
    # Created T4; first resolutions T3, T4; reopened T2: 1 / 2; first contact T4 only: 1 / 2.
    assert (feb["created"], feb["resolved"], feb["reopened"]) == (1, 2, 1)
    assert feb["reopen_rate"] == pytest.approx(50.0)
    assert feb["first_contact_resolution"] == pytest.approx(50.0)
    # Open at February's end: T5 and T7 (T2 resolved again, T8 not yet created).
    assert feb["backlog"] == 2
    assert feb["escalations"] == {"priority": 0, "team": 1, "sla_warning": 0, "sla_breach": 0}
    # T2's rating 2 over two resolved; T3's work 3600 s.
    assert feb["csat_average"] == pytest.approx(2.0)
    assert feb["csat_response_rate"] == pytest.approx(50.0)
    assert feb["work_logged_s"] == 3600


def test_the_backlog_by_age_now(ada):
    ageing = counted(ada)["ageing"]
    # Open now: T5 (created 2025-01-15), T7 (2024-12-01), T8 (2025-03-05): all over 30 days old.
    assert {k: v for k, v in ageing.items() if k != "as_of"} == {"under_1d": 0, "1d_to_3d": 0, "3d_to_7d": 0,
                                                                   "7d_to_30d": 0, "over_30d": 3}
    assert counted(ada, service="Mail")["ageing"]["over_30d"] == 0


def test_a_service_filter(ada):
    jan, feb = kpis(ada, service="Web")
    # Web: T5 created in January; T5 and T7 open at both ends; no clocks, no resolutions.
    assert (jan["created"], jan["resolved"], jan["backlog"], feb["backlog"]) == (1, 0, 2, 2)
    assert jan["sla_compliance"] is None and jan["reopen_rate"] is None and jan["csat_average"] is None
    assert jan["resolution_time_business_s"] == stats(0)


def test_a_customer_sees_their_own_organisation(srv, ada):
    cy = Client(srv, "cy@acme.example", API)
    own = kpis(cy)
    assert own == kpis(cy, customer="Acme") == kpis(ada, customer="Acme")
    jan, feb = own
    assert jan == kpis(ada)[0], "January has no Initech ticket"
    # February without T4: created 0, first resolution T3 only, T2 reopened: 1 / 1; T3 not first contact.
    assert (feb["created"], feb["resolved"], feb["reopened"]) == (0, 1, 1)
    assert feb["reopen_rate"] == pytest.approx(100.0)
    assert feb["first_contact_resolution"] == pytest.approx(0.0)
    assert feb["csat_response_rate"] == pytest.approx(100.0)
    assert feb["backlog"] == 2
    ian = Client(srv, "ian@initech.example", API)
    jan, feb = kpis(ian)
    assert (jan["created"], jan["resolved"], jan["backlog"], jan["sla_met"] + jan["sla_breached"]) == (0, 0, 0, 0)
    assert (feb["created"], feb["resolved"], feb["backlog"]) == (1, 1, 0)
    assert feb["first_contact_resolution"] == pytest.approx(100.0)
    assert feb["sla_compliance"] is None


def test_a_customer_may_not_name_another(srv):
    cy = Client(srv, "cy@acme.example", API)
    assert_error(cy.get("/kpis", params=dict(WINDOW, customer="Initech")), 403, "forbidden", "customer")


def test_staff_see_every_customer(srv):
    ann = Client(srv, "ann@desk.example", API)
    assert kpis(ann, customer="Initech")[1]["created"] == 1
    assert kpis(ann)[1]["created"] == 1, "the whole desk: T4 (Initech) is February's only new ticket"


def test_sign_in_is_required(srv):
    r = requests.get(srv.url + API + "/kpis", params=WINDOW, timeout=10)
    assert_error(r, 401, "unauthorized")


@pytest.mark.parametrize("params,field", [
    ({"from": "2025-13", "to": "2025-02"}, "from"),
    ({"from": "garbage", "to": "2025-02"}, "from"),
    ({"from": "2025-01", "to": "2025-1"}, "to"),
    ({"from": "2025-03", "to": "2025-02"}, "to"),
    ({"from": "2023-01", "to": "2025-01"}, "to"),
    ({"from": "2023-02", "to": "2025-01", "customer": "Nope"}, "customer"),
    ({"service": "Nope"}, "service"),
    ({"colour": "red"}, "colour"),
])
def test_bad_queries_are_400_naming_the_field(ada, params, field):
    assert_error(ada.get("/kpis", params=params), 400, "invalid", field)


def test_a_window_of_24_months_is_the_most(ada):
    r = ada.get("/kpis", params={"from": "2023-03", "to": "2025-02"})
    assert r.status_code == 200, r.text
    assert len(r.json()["months"]) == 24
    assert r.json()["time_zone"] == "each customer's own"
    assert ada.get("/kpis", params={"customer": "Acme"}).json()["time_zone"] == "UTC", "its SLA calendar's"


def test_group_by_customer_sums_the_window(ada):
    body = counted(ada, group_by="customer")
    groups = {g["customer"]["name"]: g for g in body["groups"]}
    assert set(groups) == {"Acme", "Initech"}
    acme, initech = groups["Acme"], groups["Initech"]
    # Acme over both months: T1, T2, T3, T5 created; decided 3 met, 3 breached.
    assert (acme["created"], acme["sla_met"], acme["sla_breached"]) == (4, 3, 3)
    assert acme["sla_compliance"] == pytest.approx(50.0)
    assert (initech["created"], initech["resolved"], initech["sla_compliance"]) == (1, 1, None)
    # Backlog at the window's end: T5 and T7.
    assert acme["backlog"] == 2 and initech["backlog"] == 0


def test_group_by_priority_and_a_priority_filter(ada):
    body = counted(ada, group_by="priority")
    groups = {g["priority"]: g for g in body["groups"]}
    # T3's resolution was decided (breached) at P2; every other decision was at P3.
    assert (groups["P2"]["sla_met"], groups["P2"]["sla_breached"]) == (1, 1)
    assert (groups["P3"]["sla_met"], groups["P3"]["sla_breached"]) == (2, 2)
    jan, feb = kpis(ada, priority="P2")
    assert (jan["sla_met"], jan["sla_breached"], feb["sla_met"] + feb["sla_breached"]) == (1, 1, 0)
    assert_error(ada.get("/kpis", params={"priority": "P9"}), 400, "invalid", "priority")
    assert_error(ada.get("/kpis", params={"group_by": "colour"}), 400, "invalid", "group_by")


def drill(client, **params):
    r = client.get("/kpis/tickets", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_figure_lists_the_tickets_behind_it(ada):
    counted(ada)
    got = drill(ada, figure="sla_breached", month="2025-01")
    assert got["figure"] == "sla_breached" and got["total"] == 2 and got["next_cursor"] is None
    # January's breaches: T2's response (7200 s against 3600) and T3's resolution (54000 s against 14400).
    assert sorted((i["ref"], i["priority"], i["value"]) for i in got["items"]) == [("T2", "P3", 3600),
                                                                                 ("T3", "P2", 39600)]
    assert {i["agreement"] for i in got["items"]} == {"Acme SLA"}
    assert all(i["customer"]["name"] == "Acme" and i["service"] == "Mail" for i in got["items"])
    # The figure and its list agree, month by month and filter by filter.
    jan, feb = kpis(ada)
    assert drill(ada, figure="created", month="2025-01")["total"] == jan["created"]
    assert len(drill(ada, figure="created", month="2025-02")["items"]) == feb["created"]
    assert [i["ref"] for i in drill(ada, figure="reopened", month="2025-02")["items"]] == ["T2"]
    assert [i["ref"] for i in drill(ada, figure="sla_breached", month="2025-01", priority="P2")["items"]] == ["T3"]
    assert drill(ada, figure="created", month="2025-01", service="Web")["total"] == 1


def test_a_drill_down_pages_between_tickets(ada):
    first = drill(ada, figure="created", month="2025-01", limit=3)
    assert len(first["items"]) == 3 and first["next_cursor"]
    rest = drill(ada, figure="created", month="2025-01", limit=3, cursor=first["next_cursor"])
    assert rest["next_cursor"] is None
    refs = [i["ref"] for i in first["items"] + rest["items"]]
    assert sorted(refs) == ["T1", "T2", "T3", "T5"], "each once"


def test_a_customer_drills_into_their_own(srv, ada):
    cy = Client(srv, "cy@acme.example", API)
    assert drill(cy, figure="created", month="2025-02")["total"] == 0, "February's only new ticket is Initech's"
    assert_error(cy.get("/kpis/tickets", params={"figure": "created", "month": "2025-02", "customer": "Initech"}),
                 403, "forbidden", "customer")


@pytest.mark.parametrize("params,field", [
    ({"month": "2025-01"}, "figure"),
    ({"figure": "colour", "month": "2025-01"}, "figure"),
    ({"figure": "created"}, "month"),
    ({"figure": "created", "month": "2025-1"}, "month"),
    ({"figure": "created", "month": "2025-01", "limit": "0"}, "limit"),
    ({"figure": "created", "month": "2025-01", "cursor": "garbage"}, "cursor"),
    ({"figure": "created", "month": "2025-01", "priority": "P7"}, "priority"),
])
def test_a_bad_drill_down_names_the_field(ada, params, field):
    assert_error(ada.get("/kpis/tickets", params=params), 400, "invalid", field)
