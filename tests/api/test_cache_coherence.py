"""The server keeps recently read tickets and signed-in callers in memory: every change made through it
must show at once, never a second later.  Each test reads first (so the cache holds the old state),
changes, and reads again immediately."""
import pytest

from conftest import WEEK, Client, assert_error, module_server, seed

RECORDS = [
    {"kind": "calendar", "name": "24x7", "timezone": "UTC", "week": WEEK},
    {"kind": "organisation", "name": "Acme", "type": "customer"},
    {"kind": "organisation", "name": "Globex", "type": "customer"},
    {"kind": "organisation", "name": "Desk", "type": "team"},
    {"kind": "service", "name": "Mail"},
    {"kind": "agreement", "name": "Mail SLA", "type": "sla", "customer": "Acme", "provider": "Desk",
     "services": ["Mail"], "valid_from": "2026-01-01", "calendar": "24x7",
     "targets": [{"metric": "resolution", "priority": "P3", "duration": "24h"}]},
]
USERS = [("boss@desk.example", "admin", []), ("ann@desk.example", "agent", []),
         ("eve@desk.example", "agent", []), ("cy@acme.example", "customer", ["--organisation", "Acme"])]


@pytest.fixture(scope="module")
def srv():
    yield from module_server(lambda db: seed(db, RECORDS, USERS))


def new_ticket(c):
    r = c.post("/api/v1/tickets", json={"type": "incident", "customer": "Acme", "service": "Mail",
                                        "subject": "Mail is slow", "impact": "medium", "urgency": "medium"})
    assert r.status_code == 201, r.text
    return r.json()


def test_every_event_shows_in_the_next_read(srv):
    ann = Client(srv, "ann@desk.example")
    t = new_ticket(ann)
    for i in range(1, 21):
        got = ann.get(f"/api/v1/tickets/{t['id']}")
        assert got.headers["ETag"] == f'"{i}"' and len(got.json()["events"]) == i
        r = ann.post(f"/api/v1/tickets/{t['id']}/events", json={"type": "reply", "body": f"note {i}"},
                     headers={"If-Match": f'"{i}"'})
        assert r.status_code == 200, r.text
        after = ann.get(f"/api/v1/tickets/{t['id']}")
        assert after.headers["ETag"] == f'"{i + 1}"', "a read right after a write sees it"
        assert after.json()["events"][-1]["body"] == f"note {i}"


def test_a_cached_ticket_is_still_checked_for_each_caller(srv):
    ann, cy = Client(srv, "ann@desk.example"), Client(srv, "cy@acme.example")
    t = new_ticket(ann)
    r = ann.post(f"/api/v1/tickets/{t['id']}/events", json={"type": "reply", "public": False, "body": "secret"},
                 headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert [e.get("body") for e in ann.get(f"/api/v1/tickets/{t['id']}").json()["events"]] == [None, "secret"]
    seen = cy.get(f"/api/v1/tickets/{t['id']}")
    assert seen.status_code == 200 and [e["type"] for e in seen.json()["events"]] == ["created"]
    assert "secret" not in seen.text


def test_a_role_change_applies_to_the_next_request(srv):
    boss, eve = Client(srv, "boss@desk.example"), Client(srv, "eve@desk.example")
    assert eve.get("/api/v1/calendars").status_code == 200  # an agent reads the configuration
    users = boss.get("/api/v1/users", params={"limit": 200}).json()["items"]
    me = [u for u in users if u["email"] == "eve@desk.example"][0]
    r = boss.put(f"/api/v1/users/{me['id']}", json={"email": me["email"], "name": "Eve", "role": "customer",
                                                     "organisation": "Acme"},
                 headers={"If-Match": f'"{me["version"]}"'})
    assert r.status_code == 200, r.text
    assert_error(eve.get("/api/v1/calendars"), 403, "forbidden")
    r = boss.delete(f"/api/v1/users/{me['id']}", headers={"If-Match": f'"{r.json()["version"]}"'})
    assert r.status_code == 204, r.text
    assert_error(eve.get("/api/v1/session"), 401, "unauthorized")


def test_a_revoked_token_stops_at_once_even_when_just_used(srv):
    import requests
    boss = Client(srv, "boss@desk.example")
    made = boss.post("/api/v1/tokens", json={"name": "ci"}).json()
    bearer = {"Authorization": "Bearer " + made["token"]}
    for _ in range(5):
        assert requests.get(srv.url + "/api/v1/tickets", headers=bearer, timeout=10).status_code == 200
    assert boss.delete(f"/api/v1/tokens/{made['id']}").status_code == 204
    assert_error(requests.get(srv.url + "/api/v1/tickets", headers=bearer, timeout=10), 401, "unauthorized")
