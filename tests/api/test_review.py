"""The monthly service review pack (GET /api/v1/reports/review and `levera report review`), on a
hand-made October 2025 for Acme: a 24x7 UTC calendar, so business seconds are wall seconds.

Acme SLA on Mail and Web: P2 response 1 h, resolution 4 h; fee 2000.00 EUR a month; credits: resolution
compliance below 95 % -> 5 %, availability below 99.5 % -> 10 %; maintenance 10-05 00:00-04:00.

  T1 Mail: created 10-01 08:00, reply 08:30, resolved 10:00; rated 5 with a comment that holds markup.
  T2 Mail: created 10-10 08:00, reply 10:00 (response breached 09:00), resolved 14:00 (breached 12:00).
  T3 Mail incident: created 10-20 00:00, reply 00:10, outage 00:00-10:00, resolved 10:30 (breached 04:00).
  T4 Web incident: created 10-05 01:00, reply 01:30, outage 01:00-03:00 (inside maintenance), resolved 03:10.
  T5 Mail: created 11-02: not October's.   G1 Globex: not Acme's.

October: response 3 of 4 met, resolution 2 of 4 (50 % < 95: 5 %).  Agreed time per service: 31 days
less 4 h of maintenance = 2,664,000 s; Mail down 36,000 s, Web 0 (its outage fell in maintenance):
(5,328,000 - 36,000) / 5,328,000 = 99.32 % < 99.5: 10 %.  Credits 15 % of 2000.00 = 300.00 EUR.
"""
import csv
import io
import os
import subprocess
import tempfile
import time

import pytest

from conftest import WEEK, Client, assert_error, levera, module_server, seed

API = "/api/v1"


def ev(at, type_, **kw):
    return dict(at="2025-" + at + ":00Z", type=type_, **kw)


def ticket(ref, customer, service, events, type_="incident"):
    return {"kind": "ticket", "ref": ref, "type": type_, "customer": customer, "service": service,
            "priority": "P2", "subject": "Subject of " + ref, "events": events}


RECORDS = [
    {"kind": "calendar", "name": "24x7", "timezone": "UTC", "week": WEEK},
    {"kind": "organisation", "name": "Acme", "type": "customer"},
    {"kind": "organisation", "name": "Globex", "type": "customer"},
    {"kind": "organisation", "name": "Desk", "type": "team"},
    {"kind": "service", "name": "Mail", "currency": "EUR"},
    {"kind": "service", "name": "Web"},
    {"kind": "agreement", "name": "Acme SLA", "type": "sla", "customer": "Acme", "provider": "Desk",
     "services": ["Mail", "Web"], "valid_from": "2025-01-01", "calendar": "24x7",
     "fee_per_month": 2000, "currency": "EUR",
     "credit_rules": [{"metric": "resolution", "below": 95, "credit_pct": 5},
                      {"metric": "availability", "below": 99.5, "credit_pct": 10}],
     "maintenance_windows": [{"start": "2025-10-05T00:00:00Z", "end": "2025-10-05T04:00:00Z"}],
     "targets": [{"metric": "response", "priority": "P2", "duration": "1h"},
                 {"metric": "resolution", "priority": "P2", "duration": "4h"}]},
    ticket("T1", "Acme", "Mail", [
        ev("10-01T08:00", "created"), ev("10-01T08:30", "reply", body="on it", by="agent"),
        ev("10-01T09:00", "work", duration=1800), ev("10-01T10:00", "status", to="resolved"),
        ev("10-02T09:00", "rating", score=5, by="customer", comment="<script>alert(1)</script> =great, \"thanks\"")]),
    ticket("T2", "Acme", "Mail", [
        ev("10-10T08:00", "created"), ev("10-10T10:00", "reply", body="late", by="agent"),
        ev("10-10T14:00", "status", to="resolved")]),
    ticket("T3", "Acme", "Mail", [
        ev("10-20T00:00", "created"), ev("10-20T00:10", "reply", body="looking", by="agent"),
        ev("10-20T10:05", "outage", start="2025-10-20T00:00:00Z", end="2025-10-20T10:00:00Z"),
        ev("10-20T10:30", "status", to="resolved")]),
    ticket("T4", "Acme", "Web", [
        ev("10-05T01:00", "created"), ev("10-05T01:30", "reply", body="looking", by="agent"),
        ev("10-05T03:05", "outage", start="2025-10-05T01:00:00Z", end="2025-10-05T03:00:00Z"),
        ev("10-05T03:10", "status", to="resolved")]),
    ticket("T5", "Acme", "Mail", [ev("11-02T08:00", "created")]),
    # NPS in October: promoters 10 and 9, a detractor 6; (2 - 1) / 3 = 33.3 points.  A September answer not.
    {"kind": "survey", "customer": "Acme", "contact": "a@acme.example", "score": 10, "answered_at": "2025-10-03T10:00:00Z"},
    {"kind": "survey", "customer": "Acme", "contact": "b@acme.example", "score": 9, "answered_at": "2025-10-13T10:00:00Z"},
    {"kind": "survey", "customer": "Acme", "contact": "c@acme.example", "score": 6, "answered_at": "2025-10-23T10:00:00Z"},
    {"kind": "survey", "customer": "Acme", "contact": "d@acme.example", "score": 0, "answered_at": "2025-09-23T10:00:00Z"},
    # Mail's cost in October: 500.00 of records, and T1's half hour of work at 80.00 an hour.
    {"kind": "cost", "service": "Mail", "month": "2025-10", "amount": 500, "currency": "EUR", "category": "licence"},
    ticket("G1", "Globex", "Mail", [ev("10-03T08:00", "created"), ev("10-03T09:00", "status", to="resolved")]),
]
USERS = [("ann@desk.example", "agent", []), ("mia@desk.example", "manager", []), ("cy@acme.example", "customer", ["--organisation", "Acme"]),
         ("gil@globex.example", "customer", ["--organisation", "Globex"])]


@pytest.fixture(scope="module")
def srv():
    yield from module_server(lambda db: seed(db, RECORDS, USERS))


@pytest.fixture(scope="module")
def ann(srv):
    return Client(srv, "ann@desk.example", API)


@pytest.fixture(scope="module")
def pack(ann):
    deadline = time.monotonic() + 15
    while ann.get("/kpis").json()["pending_changes"] > 0:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    r = ann.get("/reports/review", params={"customer": "Acme", "month": "2025-10"})
    assert r.status_code == 200, r.text
    return r.json()


def test_the_agreement_and_the_volumes(pack):
    assert pack["customer"]["name"] == "Acme" and pack["customer"]["time_zone"] == "UTC"
    assert pack["period"] == {"start": "2025-10-01T00:00:00Z", "end": "2025-11-01T00:00:00Z"}
    assert pack["partial"] is False
    [sla] = pack["agreements"]
    assert sla["name"] == "Acme SLA" and sla["services"] == ["Mail", "Web"] and sla["hours"] == "24 × 7 (UTC)"
    assert pack["volumes"] == {"created": 4, "resolved": 4, "backlog": 0}


def test_compliance_per_target_with_its_trend(pack):
    rows = {(c["metric"], c["priority"]): c for c in pack["compliance"]}
    assert (rows["response", "P2"]["met"], rows["response", "P2"]["breached"]) == (3, 1)
    assert rows["response", "P2"]["compliance"] == pytest.approx(75.0)
    assert (rows["resolution", "P2"]["met"], rows["resolution", "P2"]["breached"]) == (2, 2)
    trend = rows["resolution", "P2"]["trend"]
    assert [m["month"] for m in trend][0] == "2024-11" and trend[-1]["month"] == "2025-10"
    assert trend[-1]["compliance"] == pytest.approx(50.0) and trend[0]["compliance"] is None


def test_the_breaches_and_the_business_time_they_used(pack):
    got = sorted((b["ref"], b["metric"], b["elapsed_business_s"], b["overrun_business_s"], b["breached_at"])
                 for b in pack["breaches"])
    assert got == [("T2", "resolution", 21600, 7200, "2025-10-10T12:00:00Z"),
                   ("T2", "response", 7200, 3600, "2025-10-10T09:00:00Z"),
                   ("T3", "resolution", 37800, 23400, "2025-10-20T04:00:00Z")]
    assert {b["subject"] for b in pack["breaches"]} == {"Subject of T2", "Subject of T3"}


def test_availability_leaves_maintenance_out(pack):
    av = {a["service"]: a for a in pack["availability"]}
    assert av["Mail"]["agreed_s"] == 31 * 86400 - 4 * 3600
    assert av["Mail"]["downtime_s"] == 36000 and av["Mail"]["outages"] == 1 and av["Mail"]["mttr_s"] == 36000
    assert av["Mail"]["availability"] == pytest.approx((2664000 - 36000) / 2664000 * 100)
    assert av["Web"]["downtime_s"] == 0 and av["Web"]["availability"] == pytest.approx(100.0)


def test_nps_from_the_months_survey_answers(pack):
    nps = pack["nps"]
    assert (nps["answers"], nps["promoters"], nps["detractors"]) == (3, 2, 1)
    assert nps["score"] == pytest.approx(100 / 3)


def test_credits_owed(pack):
    c = pack["credits"]
    assert (c["currency"], c["fee_per_month"], c["total"]) == ("EUR", "2000.00", "300.00")
    assert c["total_pct"] == pytest.approx(15.0)
    lines = {l["rule"]: l for l in c["lines"]}
    reso = [l for r, l in lines.items() if r.startswith("resolution")][0]
    avail = [l for r, l in lines.items() if r.startswith("availability")][0]
    assert reso["applies"] and reso["amount"] == "100.00" and reso["measured"] == pytest.approx(50.0)
    assert avail["applies"] and avail["amount"] == "200.00"
    assert avail["measured"] == pytest.approx((5328000 - 36000) / 5328000 * 100)


def test_csat_and_its_comments(pack):
    assert pack["csat"]["average"] == pytest.approx(5.0) and pack["csat"]["response_rate"] == pytest.approx(25.0)
    [c] = pack["csat"]["comments"]
    assert c["ref"] == "T1" and c["score"] == 5 and c["comment"].startswith("<script>")


def test_the_renderings_agree(ann, pack):
    r = ann.get("/reports/review", params={"customer": "Acme", "month": "2025-10", "format": "html"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    assert "<script>" not in r.text and "&lt;script&gt;" in r.text and "300.00" in r.text
    r = ann.get("/reports/review", params={"customer": "Acme", "month": "2025-10", "format": "csv"})
    rows = list(csv.reader(io.StringIO(r.text)))
    breaches = [row for row in rows if row[0] == "breach"]
    assert len(breaches) == 3
    assert not any(cell.startswith("=") for row in rows for cell in row), "no cell a spreadsheet would run"
    r = ann.get("/reports/review", params={"customer": "Acme", "month": "2025-10", "format": "pdf"})
    assert r.content.startswith(b"%PDF")
    assert 'filename="review-2025-10.pdf"' in r.headers["Content-Disposition"]
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "p.pdf")
        open(path, "wb").write(r.content)
        text = subprocess.run(["pdftotext", path, "-"], capture_output=True, check=True).stdout.decode()
    assert "Acme" in text and "T3" in text and "300.00" in text
    r = ann.get("/reports/review", params={"customer": "Acme", "month": "2025-10", "format": "xlsx"})
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    assert "Breaches" in book.sheetnames and "Credits" in book.sheetnames
    refs = [row[0].value for row in book["Breaches"].iter_rows(min_row=2)]
    assert sorted(v for v in refs if v) == ["T2", "T2", "T3"]


def test_who_may_see_which_pack(srv, ann):
    cy = Client(srv, "cy@acme.example", API)
    own = cy.get("/reports/review", params={"month": "2025-10"})
    assert own.status_code == 200 and own.json()["customer"]["name"] == "Acme"
    gil = Client(srv, "gil@globex.example", API)
    assert_error(gil.get("/reports/review", params={"customer": "Acme", "month": "2025-10"}), 403, "forbidden",
                 "customer")
    r = gil.get("/reports/review", params={"month": "2025-10"})
    assert r.status_code == 200, r.text
    assert r.json()["breaches"] == [] and r.json()["agreements"] == []
    assert_error(ann.get("/reports/review", params={"month": "2025-10"}), 400, "invalid", "customer")
    assert_error(ann.get("/reports/review", params={"customer": "Desk"}), 400, "invalid", "customer")
    assert_error(ann.get("/reports/review", params={"customer": "Acme", "month": "2999-01"}), 400, "invalid",
                 "month")
    assert_error(ann.get("/reports/review", params={"customer": "Acme", "format": "docx"}), 400, "invalid",
                 "format")


def test_credits_customer_by_customer(srv, ann, pack):
    r = ann.get("/credits", params={"month": "2025-10"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["month"] == "2025-10"
    [acme] = body["customers"]  # Globex has no SLA: no credits to owe
    assert acme["customer"]["name"] == "Acme"
    assert {k: acme[k] for k in ("currency", "fee_per_month", "total")} == \
        {k: pack["credits"][k] for k in ("currency", "fee_per_month", "total")}
    assert acme["lines"] == pack["credits"]["lines"]
    gil = Client(srv, "gil@globex.example", API)
    assert gil.get("/credits", params={"month": "2025-10"}).json()["customers"] == []
    cy = Client(srv, "cy@acme.example", API)
    assert [c["customer"]["name"] for c in cy.get("/credits", params={"month": "2025-10"}).json()["customers"]] == ["Acme"]
    assert_error(ann.get("/credits", params={"month": "2025-13"}), 400, "invalid", "month")


def test_the_kpis_from_records_agree_with_the_pack(srv, ann, pack):
    acme = ann.get("/kpis", params={"customer": "Acme", "from": "2025-10", "to": "2025-10"}).json()
    [oct_] = acme["months"]
    av = oct_["availability"]
    assert (av["agreed_s"], av["downtime_s"], av["outages"]) == (2 * 2664000, 36000, 2)
    assert av["availability"] == pytest.approx((5328000 - 36000) / 5328000 * 100)
    assert av["mttr_s"] == (36000 + 7200) // 2, "both outages ended in October"
    assert oct_["nps"] == {"score": pytest.approx(100 / 3), "answers": 3, "promoters": 2, "passives": 0,
                           "detractors": 1}
    assert oct_["cost"] is None and acme["tco"] is None, "cost is the provider's, per service"
    mia = Client(srv, "mia@desk.example", API)
    r = mia.put("/labour-rate", json={"hourly_rate": 80, "currency": "EUR"},
                headers={"If-Match": mia.get("/labour-rate").headers.get("ETag", '"0"')})
    assert r.status_code == 200, r.text
    mail = mia.get("/kpis", params={"service": "Mail", "from": "2025-10", "to": "2025-10"}).json()
    assert mail["months"][0]["cost"] == {"currency": "EUR", "offerings": "0.00", "labour": "40.00",
                                         "records": "500.00", "total": "540.00"}
    assert mail["tco"]["total"] == "540.00"
    # The desk without a customer: every service at 24 x 7, without maintenance windows.
    web = mia.get("/kpis", params={"service": "Web", "from": "2025-10", "to": "2025-10"}).json()["months"][0]
    assert web["availability"]["downtime_s"] == 7200, "the whole clock: the maintenance window is Acme's"


def test_the_cli_writes_the_same_pack(srv, tmp_path):
    out = tmp_path / "oct.json"
    rc, _, err = levera(["report", "review", "--db", srv.db, "--customer", "Acme", "--month", "2025-10",
                         "-o", str(out)])
    assert rc == 0, err
    import json
    doc = json.loads(out.read_text())
    assert doc["credits"]["total"] == "300.00" and len(doc["breaches"]) == 3
    rc, _, err = levera(["report", "review", "--db", srv.db, "--customer", "Nobody", "-o", str(tmp_path / "x.pdf")])
    assert rc == 2 and "customer" in err
