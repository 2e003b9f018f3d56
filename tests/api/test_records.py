"""Configuration records over the JSON API: organisations, users, services, calendars, agreements.

CRUD with versions (ETag / If-Match), Idempotency-Key, pagination, archiving, holiday import from
an .ics body, the OLA-under-SLA fit warnings and the authorization matrix of docs/security.md.
"""
import pytest

from conftest import Client, assert_error, module_server, seed

API = "/api/v1"
OFFICE = {"name": "Office", "timezone": "Europe/Copenhagen",
          "week": {d: ["08:00-16:00"] for d in ("mon", "tue", "wed", "thu", "fri")}}
ALWAYS = {"name": "24x7", "timezone": "UTC", "week": {d: ["00:00-24:00"] for d in
                                                       ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}}



def prepare(db):
    seed(db, ['{"kind":"organisation","name":"Acme","type":"customer"}',
              '{"kind":"organisation","name":"Globex","type":"customer"}',
              '{"kind":"organisation","name":"Network","type":"team"}',
              '{"kind":"organisation","name":"Service Desk","type":"team"}'],
         [("ada@example.com", "admin", []), ("mia@example.com", "manager", []), ("al@example.com", "agent", []),
          ("cy@acme.example", "customer", ["--organisation", "Acme"])])


@pytest.fixture(scope="module")
def srv():
    yield from module_server(prepare)



@pytest.fixture(scope="module")
def mia(srv):
    return Client(srv, "mia@example.com", API)


def created(r):
    assert r.status_code == 201, r.text
    body = r.json()
    assert r.headers["ETag"] == '"1"' and body["version"] == 1 and body["archived"] is False
    assert body["created_at"].endswith("Z") and body["updated_at"] == body["created_at"]
    return body


def ids(page):
    return [x["id"] for x in page["items"]]


CASES = [
    ("organisations", {"name": "Initech", "type": "customer"}, {"name": "Initech", "type": "supplier"}),
    ("users", {"email": "bo@example.com", "name": "Bo", "role": "agent"},
     {"email": "bo@example.com", "name": "Bo B", "role": "agent", "teams": ["Network"]}),
    ("services", {"name": "E-mail", "owner": "Network"}, {"name": "E-mail", "description": "Mail for all"}),
    ("calendars", OFFICE, dict(OFFICE, holidays=["2026-12-24"])),
]


@pytest.mark.parametrize("path,doc,changed", CASES, ids=[c[0] for c in CASES])
def test_crud_round_trip(mia, path, doc, changed):
    body = created(mia.post("/" + path, json=doc))
    rid = body["id"]
    got = mia.get(f"/{path}/{rid}")
    assert got.status_code == 200 and got.headers["ETag"] == '"1"' and got.json() == body
    assert rid in ids(mia.get("/" + path, params={"limit": 200}).json())
    r = mia.put(f"/{path}/{rid}", json=changed, headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"2"' and r.json()["version"] == 2
    for k, v in changed.items():
        if k not in ("teams", "owner", "week"):
            assert r.json()[k] == v
    assert mia.get(f"/{path}/{rid}").json() == r.json()
    r = mia.delete(f"/{path}/{rid}", headers={"If-Match": '"2"'})
    assert r.status_code == 204, r.text
    got = mia.get(f"/{path}/{rid}").json()
    assert got["archived"] is True and got["version"] == 3
    assert rid not in ids(mia.get("/" + path, params={"limit": 200}).json())
    assert rid in ids(mia.get("/" + path, params={"limit": 200, "archived": "true"}).json())


def test_references_are_answered_as_ids(mia):
    network = [o for o in mia.get("/organisations", params={"limit": 200}).json()["items"]
               if o["name"] == "Network"][0]
    svc = created(mia.post("/services", json={"name": "VPN", "owner": "Network"}))
    assert svc["owner"] == network["id"]
    assert created(mia.post("/services", json={"name": "VPN2", "owner": network["id"]}))["owner"] == network["id"]
    assert_error(mia.post("/services", json={"name": "VPN3", "owner": "Nobody"}), 404, "not_found", "owner")


def test_duplicate_name_and_email_are_409(mia):
    assert_error(mia.post("/organisations", json={"name": "Acme", "type": "customer"}), 409, "conflict", "name")
    assert_error(mia.post("/users", json={"email": "al@example.com", "name": "Al", "role": "agent"}), 409,
                 "conflict", "email")


def test_unknown_fields_and_wrong_types_are_400(mia):
    assert_error(mia.post("/services", json={"name": "X", "colour": "red"}), 400, "invalid", "colour")
    assert_error(mia.post("/organisations", json={"name": 5, "type": "customer"}), 400, "invalid", "name")
    assert_error(mia.post("/organisations", json={"name": "Y", "type": "planet"}), 400, "invalid", "type")
    assert_error(mia.post("/calendars", json=dict(OFFICE, name="Bad", week={"mon": ["25:00-26:00"]})), 400,
                 "invalid")
    assert_error(mia.post("/users", json={"email": "x@example.com", "name": "X", "role": "agent",
                                          "password": "secret secret"}), 400, "invalid", "password")
    r = mia.post("/services", data="[1,2", headers={"Content-Type": "application/json"})
    assert_error(r, 400, "invalid")
    assert_error(mia.get("/services", params={"limit": "0"}), 400, "invalid", "limit")
    assert_error(mia.get("/services", params={"sort": "x"}), 400, "invalid", "sort")


def test_stale_if_match_is_412_and_changes_nothing(mia):
    svc = created(mia.post("/services", json={"name": "Printing"}))
    r = mia.put(f"/services/{svc['id']}", json={"name": "Printing 2"}, headers={"If-Match": '"7"'})
    assert_error(r, 412, "precondition_failed")
    assert_error(mia.delete(f"/services/{svc['id']}", headers={"If-Match": '"7"'}), 412, "precondition_failed")
    assert mia.get(f"/services/{svc['id']}").json() == svc
    assert_error(mia.put(f"/services/{svc['id']}", json={"name": "P"}), 400, "invalid", "If-Match")


def test_idempotency_key_retry_returns_the_same_record(mia):
    h = {"Idempotency-Key": "create-backup-1"}
    first = created(mia.post("/services", json={"name": "Backup"}, headers=h))
    again = mia.post("/services", json={"name": "Backup"}, headers=h)
    assert again.status_code == 201 and again.json() == first and again.headers["ETag"] == '"1"'
    names = [s["name"] for s in mia.get("/services", params={"limit": 200}).json()["items"]]
    assert names.count("Backup") == 1


def test_list_pages_through_every_record(mia):
    made = {created(mia.post("/services", json={"name": f"Paged {i:02d}"}))["id"] for i in range(7)}
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = mia.get("/services", params=params).json()
        assert len(page["items"]) <= 3
        seen += ids(page)
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert made <= set(seen) and len(seen) == len(set(seen)) and pages >= 3
    assert_error(mia.get("/services", params={"cursor": "garbage"}), 400, "invalid")


ICS = "\r\n".join([
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN",
    "BEGIN:VEVENT", "UID:xmas@test", "DTSTART;VALUE=DATE:20261225", "DTEND;VALUE=DATE:20261227",
    "SUMMARY:Christmas", "RRULE:FREQ=YEARLY", "END:VEVENT",
    "BEGIN:VEVENT", "UID:meeting@test", "DTSTART:20260302T100000Z", "DTEND:20260302T110000Z",
    "SUMMARY:Meeting", "END:VEVENT",
    "END:VCALENDAR", ""])


def test_calendar_holidays_from_an_ics_body(mia):
    cal = created(mia.post("/calendars", json=dict(OFFICE, name="Holiday office", holidays=["2026-06-05"])))
    r = mia.post(f"/calendars/{cal['id']}/holidays", params={"from": 2026, "to": 2027}, data=ICS,
                 headers={"Content-Type": "text/calendar"})
    assert r.status_code == 200, r.text
    assert r.json()["holidays"] == ["2026-06-05", "2026-12-25", "2026-12-26", "2027-12-25", "2027-12-26"]
    assert r.json()["version"] == 2 and r.headers["ETag"] == '"2"'
    r = mia.post(f"/calendars/{cal['id']}/holidays", data="not a calendar", headers={"Content-Type": "text/calendar"})
    assert_error(r, 400, "invalid", "ics")
    r = mia.post(f"/calendars/{cal['id']}/holidays", data=ICS, headers={"Content-Type": "application/json"})
    assert_error(r, 400, "invalid", "Content-Type")
    assert mia.get(f"/calendars/{cal['id']}").json()["version"] == 2


def agreement(name, type_, **kw):
    doc = {"name": name, "type": type_, "services": ["Mail"], "valid_from": "2026-01-01",
           "targets": [{"metric": "response", "priority": "P1", "duration": "1h"},
                       {"metric": "resolution", "priority": "P1", "duration": "4h"}]}
    doc.update(kw)
    return doc


@pytest.fixture(scope="module")
def sla(mia):
    created(mia.post("/calendars", json=OFFICE | {"name": "Office hours"}))
    created(mia.post("/calendars", json=ALWAYS))
    created(mia.post("/services", json={"name": "Mail"}))
    return created(mia.post("/agreements", json=agreement("Acme SLA", "sla", customer="Acme", provider="Network",
                                                          calendar="24x7")))


def test_agreement_fit_warnings_for_office_hours_ola_under_24x7_sla(mia, sla):
    assert sla["warnings"] == [] and sla["customer"] != "Acme"
    ola = created(mia.post("/agreements", json=agreement("Network OLA", "ola", customer="Service Desk", provider="Network",
                                                         calendar="Office hours", underpins="Acme SLA")))
    assert ola["underpins"] == sla["id"]
    assert len(ola["warnings"]) == 2, ola["warnings"]
    assert {w["metric"] for w in ola["warnings"]} == {"response", "resolution"}
    assert "cannot fit inside Acme SLA" in ola["warnings"][0]["message"]
    assert mia.get(f"/agreements/{ola['id']}").json()["warnings"] == ola["warnings"]
    fine = created(mia.post("/agreements", json=agreement("Network 24x7 OLA", "ola", customer="Service Desk",
                                                          provider="Network",
                                                          calendar="24x7", underpins="Acme SLA")))
    assert fine["warnings"] == []


def test_customer_sees_only_their_own(srv, mia, sla):
    cy = Client(srv, "cy@acme.example", API)
    globex = created(mia.post("/agreements", json=agreement("Globex SLA", "sla", customer="Globex",
                                                            provider="Network", calendar="24x7")))
    assert_error(cy.get(f"/agreements/{globex['id']}"), 404, "not_found")
    assert cy.get(f"/agreements/{sla['id']}").status_code == 200
    listed = ids(cy.get("/agreements", params={"limit": 200}).json())
    assert sla["id"] in listed and globex["id"] not in listed
    orgs = cy.get("/organisations").json()["items"]
    assert [o["name"] for o in orgs] == ["Acme"]
    globex_org = [o for o in mia.get("/organisations", params={"limit": 200}).json()["items"]
                  if o["name"] == "Globex"][0]
    assert_error(cy.get(f"/organisations/{globex_org['id']}"), 404, "not_found")
    assert cy.get("/services").status_code == 200
    assert_error(cy.post("/services", json={"name": "Mine"}), 403, "forbidden")
    assert_error(cy.get("/calendars"), 403, "forbidden")
    assert_error(cy.get("/users"), 403, "forbidden")


def test_agent_reads_but_cannot_create_agreements(srv, sla):
    al = Client(srv, "al@example.com", API)
    assert al.get(f"/agreements/{sla['id']}").status_code == 200
    assert_error(al.post("/agreements", json=agreement("Agent SLA", "sla", customer="Acme", provider="Network",
                                                       calendar="24x7")), 403, "forbidden")


def test_manager_cannot_make_an_admin(mia):
    r = mia.post("/users", json={"email": "boss@example.com", "name": "Boss", "role": "admin"})
    assert_error(r, 403, "forbidden")


def test_the_session_says_which_teams_the_user_is_in(srv, mia):
    al = Client(srv, "al@example.com")
    assert al.get("/api/v1/session").json()["user"]["teams"] == []
    [me] = [u for u in mia.get("/users", params={"limit": 200}).json()["items"] if u["email"] == "al@example.com"]
    network = [o for o in mia.get("/organisations", params={"limit": 200}).json()["items"] if o["name"] == "Network"][0]
    r = mia.put(f"/users/{me['id']}", json={"email": "al@example.com", "name": "Al", "role": "agent",
                                            "teams": ["Network"]}, headers={"If-Match": f'"{me["version"]}"'})
    assert r.status_code == 200, r.text
    assert al.get("/api/v1/session").json()["user"]["teams"] == [network["id"]]
