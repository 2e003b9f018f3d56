"""Passwords: a user changes their own (other sessions end, this one goes on with a new cookie); an admin or
manager resets someone's (a manager never an admin's); `levera user passwd` does it from the console."""
import time

import pytest
import requests

from conftest import PASSWORD, Client, assert_error, levera, module_server, seed

USERS = [("root@desk.example", "admin", []), ("mia@desk.example", "manager", []),
         ("ann@desk.example", "agent", []), ("bob@desk.example", "agent", []),
         ("kim@desk.example", "agent", [])]
NEW = "a much better passphrase"


@pytest.fixture(scope="module")
def srv():
    yield from module_server(lambda db: seed(db, [], USERS))


def sign_in(srv, email, password=PASSWORD):
    return requests.post(srv.url + "/api/v1/session", json={"email": email, "password": password}, timeout=10)


def user_id(client, email):
    return [u for u in client.get("/api/v1/users", params={"limit": 200}).json()["items"] if u["email"] == email][0]["id"]


def test_changing_your_password_ends_your_other_sessions(srv):
    here, there = Client(srv, "ann@desk.example"), Client(srv, "ann@desk.example")
    assert there.get("/api/v1/session").status_code == 200
    assert_error(here.post("/api/v1/session/password", json={"current_password": "wrong wrong wrong",
                                                             "new_password": NEW}), 400, "invalid", "current_password")
    assert_error(here.post("/api/v1/session/password", json={"current_password": PASSWORD, "new_password": "short"}),
                 400, "invalid", "new_password")
    assert_error(here.post("/api/v1/session/password", json={"current_password": PASSWORD, "new_password": NEW,
                                                             "extra": 1}), 400, "invalid", "extra")
    r = here.post("/api/v1/session/password", json={"current_password": PASSWORD, "new_password": NEW})
    assert r.status_code == 200, r.text
    assert r.json()["user"]["email"] == "ann@desk.example" and r.json()["csrf_token"]
    assert_error(there.get("/api/v1/session"), 401, "unauthorized")
    assert_error(here.get("/api/v1/session"), 401, "unauthorized")  # the old cookie ended too
    fresh = requests.Session()
    fresh.cookies.set("levera_session", r.cookies["levera_session"])
    assert fresh.get(srv.url + "/api/v1/session", timeout=10).status_code == 200, "the new cookie goes on"
    assert_error(sign_in(srv, "ann@desk.example"), 401, "unauthorized")
    assert sign_in(srv, "ann@desk.example", NEW).status_code == 200


def test_a_token_cannot_change_a_password(srv):
    root = Client(srv, "root@desk.example")
    token = root.post("/api/v1/tokens", json={"name": "ci"}).json()["token"]
    r = requests.post(srv.url + "/api/v1/session/password", json={"current_password": PASSWORD, "new_password": NEW},
                      headers={"Authorization": "Bearer " + token}, timeout=10)
    assert_error(r, 400, "invalid")


def test_resets_follow_the_roles(srv):
    root, mia, bob = Client(srv, "root@desk.example"), Client(srv, "mia@desk.example"), Client(srv, "bob@desk.example")
    kim_session = Client(srv, "kim@desk.example")
    kim, root_id = user_id(root, "kim@desk.example"), user_id(root, "root@desk.example")
    assert_error(bob.put(f"/api/v1/users/{kim}/password", json={"password": NEW}), 403, "forbidden")
    assert_error(mia.put(f"/api/v1/users/{root_id}/password", json={"password": NEW}), 403, "forbidden")
    assert_error(mia.put("/api/v1/users/01m0000000000000000000000a/password", json={"password": NEW}), 404,
                 "not_found")
    assert_error(mia.put(f"/api/v1/users/{kim}/password", json={"password": "kim@desk.example"}), 400, "invalid",
                 "password")
    r = mia.put(f"/api/v1/users/{kim}/password", json={"password": NEW})
    assert r.status_code == 204, r.text
    assert_error(kim_session.get("/api/v1/session"), 401, "unauthorized")
    assert sign_in(srv, "kim@desk.example", NEW).status_code == 200
    assert root.put(f"/api/v1/users/{root_id}/password", json={"password": NEW}).status_code == 204


def test_user_passwd_from_the_console(srv):
    bob = Client(srv, "bob@desk.example")
    rc, _, err = levera(["user", "passwd", "--db", srv.db, "--email", "BOB@desk.example"], NEW + "\n")
    assert rc == 0, err
    time.sleep(1.1)  # another process: the server trusts what it resolved for at most a second
    assert_error(bob.get("/api/v1/session"), 401, "unauthorized")
    assert sign_in(srv, "bob@desk.example", NEW).status_code == 200
    rc, _, err = levera(["user", "passwd", "--db", srv.db, "--email", "nobody@desk.example"], NEW + "\n")
    assert rc == 2 and "no user has the e-mail address" in err
    rc, _, err = levera(["user", "passwd", "--db", srv.db, "--email", "bob@desk.example"], "short\n")
    assert rc == 2 and "password" in err
