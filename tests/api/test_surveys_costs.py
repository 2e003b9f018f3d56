"""Survey answers (NPS) and cost records are records like the others: CRUD with versions and If-Match,
refusals that name their field, and the role table of docs/security.md — a customer sees and answers
for their own organisation only and never sees costs; the labour rate is a setting staff read."""
import datetime

import pytest

from conftest import Client, assert_error, module_server, seed

RECORDS = [
    {"kind": "organisation", "name": "Acme", "type": "customer"},
    {"kind": "organisation", "name": "Globex", "type": "customer"},
    {"kind": "organisation", "name": "Desk", "type": "team"},
    {"kind": "service", "name": "Mail", "currency": "DKK",
     "offerings": [{"name": "Gold", "price_per_month": 2000, "unit_cost": 1500}]},
    {"kind": "survey", "customer": "Globex", "contact": "gil@globex.example", "score": 3,
     "answered_at": "2026-09-30T23:30:00Z"},
    {"kind": "cost", "service": "Mail", "month": "2026-09", "amount": 100, "currency": "DKK", "category": "other"},
]
USERS = [("root@desk.example", "admin", []), ("mia@desk.example", "manager", []), ("ann@desk.example", "agent", []),
         ("cy@acme.example", "customer", ["--organisation", "Acme"]),
         ("gil@globex.example", "customer", ["--organisation", "Globex"])]
S, C, L = "/api/v1/surveys", "/api/v1/costs", "/api/v1/labour-rate"
STRIP = ("id", "version", "created_at", "updated_at", "archived")


@pytest.fixture(scope="module")
def srv():
    yield from module_server(lambda db: seed(db, RECORDS, USERS))


@pytest.fixture(scope="module")
def who(srv):
    return {name: Client(srv, email) for name, email in
            (("root", "root@desk.example"), ("mia", "mia@desk.example"), ("ann", "ann@desk.example"),
             ("cy", "cy@acme.example"), ("gil", "gil@globex.example"))}


def org_id(who, name):
    return [o for o in who["mia"].get("/api/v1/organisations").json()["items"] if o["name"] == name][0]["id"]


def listed(client, path, **params):
    r = client.get(path, params={"limit": 200, **params})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def survey(customer="Acme", **kw):
    return {"customer": customer, "contact": "cy@acme.example", "score": 9, "answered_at": "2026-10-05T09:30:00Z",
            **kw}


def cost(**kw):
    return {"service": "Mail", "month": "2026-10", "amount": 12000.5, "currency": "DKK", "category": "licence",
            **kw}


def test_survey_answers_have_versions_like_other_records(who):
    mia = who["mia"]
    r = mia.post(S, json=survey(comment="quick and friendly", ticket="T-1"))
    assert r.status_code == 201, r.text
    rec = r.json()
    assert r.headers["ETag"] == '"1"' and rec["version"] == 1
    assert rec["customer"] == org_id(who, "Acme") and rec["score"] == 9 and rec["comment"] == "quick and friendly"
    got = mia.get(f"{S}/{rec['id']}")
    assert got.status_code == 200 and got.json() == rec
    body = {k: v for k, v in rec.items() if k not in STRIP}
    body["score"] = 6
    assert_error(mia.put(f"{S}/{rec['id']}", json=body), 400, "invalid", "If-Match")
    assert_error(mia.put(f"{S}/{rec['id']}", json=body, headers={"If-Match": '"5"'}), 412, "precondition_failed")
    r = mia.put(f"{S}/{rec['id']}", json=body, headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.headers["ETag"] == '"2"' and r.json()["score"] == 6, r.text
    assert_error(mia.delete(f"{S}/{rec['id']}", headers={"If-Match": '"1"'}), 412, "precondition_failed")
    assert mia.delete(f"{S}/{rec['id']}", headers={"If-Match": '"2"'}).status_code == 204
    assert mia.get(f"{S}/{rec['id']}").json()["archived"] is True
    assert rec["id"] not in [x["id"] for x in listed(mia, S)]
    assert rec["id"] in [x["id"] for x in listed(mia, S, archived="true")]


def test_surveys_list_in_order_of_answering(who):
    mia = who["mia"]
    later = mia.post(S, json=survey(answered_at="2026-10-20T08:00:00Z", contact="late")).json()
    earlier = mia.post(S, json=survey(answered_at="2026-10-02T08:00:00+02:00", contact="early")).json()
    ids = [x["id"] for x in listed(mia, S)]
    assert ids.index(earlier["id"]) < ids.index(later["id"])
    assert earlier["answered_at"] == "2026-10-02T06:00:00Z"


@pytest.mark.parametrize("doc,field", [
    ({k: v for k, v in survey().items() if k != "customer"}, "customer"),
    (survey(customer="Nobody"), "customer"),
    (survey(customer="Desk"), "customer"),
    (survey(contact=""), "contact"),
    (survey(contact="x" * 201), "contact"),
    (survey(score=11), "score"),
    (survey(score=-1), "score"),
    (survey(score=8.5), "score"),
    (survey(score=None), "score"),
    (survey(comment="x" * 4001), "comment"),
    (survey(answered_at="soon"), "answered_at"),
    (survey(answered_at=(datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=5))
            .strftime("%Y-%m-%dT%H:%M:%SZ")), "answered_at"),
    (survey(ticket=17), "ticket"),
    (survey(mood="happy"), "mood"),
])
def test_survey_refusals_name_the_field(who, doc, field):
    r = who["mia"].post(S, json=doc)
    assert_error(r, 404 if field == "customer" and doc.get("customer") == "Nobody" else 400,
                 "not_found" if doc.get("customer") == "Nobody" else "invalid", field)


def test_an_answer_a_minute_ahead_of_the_clock_is_taken(who):
    soon = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=30)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    assert who["mia"].post(S, json=survey(answered_at=soon)).status_code == 201


def test_a_customer_sees_and_answers_for_their_own_organisation_only(who):
    cy, gil, ann = who["cy"], who["gil"], who["ann"]
    mine = cy.post(S, json=survey(score=10, contact="Cy at the portal"))
    assert mine.status_code == 201, mine.text
    mine = mine.json()
    theirs = [x for x in listed(ann, S) if x["customer"] == org_id(who, "Globex")]
    assert theirs, "the imported Globex answer"
    # Globex's answer is not found for Acme's user, listed or by id; Acme's own answers are.
    seen = listed(cy, S)
    assert seen and all(x["customer"] == mine["customer"] for x in seen)
    assert mine["id"] in [x["id"] for x in seen]
    assert_error(cy.get(f"{S}/{theirs[0]['id']}"), 404, "not_found")
    assert_error(gil.get(f"{S}/{mine['id']}"), 404, "not_found")
    assert gil.get(f"{S}/{theirs[0]['id']}").status_code == 200
    # Answering for another organisation: that organisation is not found.
    assert_error(cy.post(S, json=survey(customer="Globex")), 404, "not_found")
    # Customers answer; they do not edit or archive, not even their own answers.
    body = {k: v for k, v in mine.items() if k not in STRIP}
    assert_error(cy.put(f"{S}/{mine['id']}", json=body, headers={"If-Match": '"1"'}), 403, "forbidden")
    assert_error(cy.delete(f"{S}/{mine['id']}", headers={"If-Match": '"1"'}), 403, "forbidden")
    # Agents read every answer but write none.
    assert mine["id"] in [x["id"] for x in listed(ann, S)]
    assert_error(ann.post(S, json=survey()), 403, "forbidden")
    assert_error(ann.put(f"{S}/{mine['id']}", json=body, headers={"If-Match": '"1"'}), 403, "forbidden")


def test_cost_records_crud(who):
    mia, root = who["mia"], who["root"]
    r = mia.post(C, json=cost(note="Exchange licences"))
    assert r.status_code == 201, r.text
    rec = r.json()
    assert rec["amount"] == 12000.5 and rec["month"] == "2026-10" and rec["category"] == "licence"
    mail = [s for s in mia.get("/api/v1/services").json()["items"] if s["name"] == "Mail"][0]
    assert rec["service"] == mail["id"]
    body = {k: v for k, v in rec.items() if k not in STRIP}
    body["amount"] = 11000
    r = root.put(f"{C}/{rec['id']}", json=body, headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.json()["version"] == 2 and r.json()["amount"] == 11000, r.text
    assert_error(root.put(f"{C}/{rec['id']}", json=body, headers={"If-Match": '"1"'}), 412, "precondition_failed")
    assert who["ann"].get(f"{C}/{rec['id']}").json()["amount"] == 11000
    assert rec["id"] in [x["id"] for x in listed(who["ann"], C)]
    assert mia.delete(f"{C}/{rec['id']}", headers={"If-Match": '"2"'}).status_code == 204
    assert mia.get(f"{C}/{rec['id']}").json()["archived"] is True


@pytest.mark.parametrize("doc,field", [
    ({k: v for k, v in cost().items() if k != "service"}, "service"),
    (cost(month="2026-13"), "month"),
    (cost(month="October"), "month"),
    (cost(amount=1.234), "amount"),
    (cost(amount=-1), "amount"),
    (cost(amount="12"), "amount"),
    (cost(currency="kr"), "currency"),
    (cost(category="travel"), "category"),
    (cost(note=""), "note"),
    (cost(vat=25), "vat"),
])
def test_cost_refusals_name_the_field(who, doc, field):
    assert_error(who["mia"].post(C, json=doc), 400, "invalid", field)


def test_an_unknown_service_is_not_found(who):
    assert_error(who["mia"].post(C, json=cost(service="Nope")), 404, "not_found", "service")


def test_customers_and_agents_cannot_touch_costs(who):
    rec = listed(who["mia"], C)[0]
    body = {k: v for k, v in rec.items() if k not in STRIP}
    for name in ("cy", "gil"):
        assert_error(who[name].get(C), 403, "forbidden")
        r = who[name].get(f"{C}/{rec['id']}")
        assert_error(r, 404, "not_found")
        assert str(rec["amount"]) not in r.text
        assert_error(who[name].post(C, json=cost()), 403, "forbidden")
        assert_error(who[name].put(f"{C}/{rec['id']}", json=body, headers={"If-Match": f'"{rec["version"]}"'}),
                     404, "not_found")
    assert_error(who["ann"].post(C, json=cost()), 403, "forbidden")
    assert_error(who["ann"].delete(f"{C}/{rec['id']}", headers={"If-Match": f'"{rec["version"]}"'}), 403,
                 "forbidden")


def test_the_labour_rate_is_a_setting_staff_read_and_managers_change(who):
    mia, ann, cy, root = who["mia"], who["ann"], who["cy"], who["root"]
    r = ann.get(L)
    assert r.status_code == 200 and r.headers["ETag"] == '"0"', r.text
    assert r.json() == {"hourly_rate": 0, "currency": "EUR", "default": True, "version": 0}
    assert_error(cy.get(L), 403, "forbidden")
    rate = {"hourly_rate": 650.5, "currency": "DKK"}
    assert_error(ann.put(L, json=rate, headers={"If-Match": '"0"'}), 403, "forbidden")
    assert_error(cy.put(L, json=rate, headers={"If-Match": '"0"'}), 403, "forbidden")
    assert_error(mia.put(L, json=rate), 400, "invalid", "If-Match")
    assert_error(mia.put(L, json=rate, headers={"If-Match": '"3"'}), 412, "precondition_failed")
    r = mia.put(L, json=rate, headers={"If-Match": '"0"'})
    assert r.status_code == 200 and r.headers["ETag"] == '"1"', r.text
    assert r.json() == {**rate, "default": False, "version": 1}
    assert ann.get(L).json() == {**rate, "default": False, "version": 1}
    assert_error(root.put(L, json=rate, headers={"If-Match": '"0"'}), 412, "precondition_failed")
    r = root.put(L, json={"hourly_rate": 700, "currency": "DKK"}, headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.json()["version"] == 2


@pytest.mark.parametrize("body,field", [
    ({"currency": "EUR"}, "hourly_rate"),
    ({"hourly_rate": 1.005, "currency": "EUR"}, "hourly_rate"),
    ({"hourly_rate": 10}, "currency"),
    ({"hourly_rate": 10, "currency": "EUR", "team": "Desk"}, "team"),
])
def test_labour_rate_refusals_name_the_field(who, body, field):
    assert_error(who["mia"].put(L, json=body, headers={"If-Match": '"0"'}), 400, "invalid", field)


def test_import_takes_surveys_and_costs(who):
    lines = "\n".join([
        '{"kind": "survey", "customer": "Acme", "contact": "imported", "score": 7, '
        '"answered_at": "2026-08-01T10:00:00Z"}',
        '{"kind": "cost", "service": "Mail", "month": "2026-08", "amount": 5, "currency": "DKK", '
        '"category": "supplier"}',
        '{"kind": "survey", "customer": "Acme", "contact": "imported", "score": 12, '
        '"answered_at": "2026-08-01T10:00:00Z"}',
    ]) + "\n"
    r = who["root"].post("/api/v1/import", data=lines, headers={"Content-Type": "application/x-ndjson"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["created"] == 2 and out["failed"] == 1 and out["errors"][0]["field"] == "score", out
    assert "imported" in [x["contact"] for x in listed(who["cy"], S)]
    assert "2026-08" in [x["month"] for x in listed(who["ann"], C)]
