"""Authentication end to end: `levera user add`, sign-in, sessions, CSRF, API tokens, the first admin."""
import os
import re
import subprocess
import time

import pytest
import requests

from conftest import BIN, ENV, PASSWORD, Server, add_user, levera, module_server

ADMIN_LINE = re.compile(r"levera: created admin@localhost with password (\S+) \u2014 change it")



def prepare(db):
    rc, _, err = levera(["import", "-", "--db", db], '{"kind":"organisation","name":"Acme","type":"customer"}\n')
    assert rc == 0, err
    for email, role, extra in [("ada@example.com", "admin", []), ("mia@example.com", "manager", []),
                               ("cy@acme.example", "customer", ["--organisation", "Acme"])]:
        rc, _, err = add_user(db, email, role, PASSWORD, "--name", email.split("@")[0].title(), *extra)
        assert rc == 0, err


@pytest.fixture(scope="module")
def srv():
    yield from module_server(prepare)


def sign_in(srv, email, password=PASSWORD):
    return requests.post(srv.url + "/api/v1/session", json={"email": email, "password": password}, timeout=10)


def session(srv, email):
    """A requests session signed in as email, and its CSRF token."""
    r = sign_in(srv, email)
    assert r.status_code == 200, r.text
    s = requests.Session()
    s.cookies.set("levera_session", r.cookies["levera_session"])
    return s, r.json()["csrf_token"]


def assert_error(r, status, code):
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code


def test_sign_in_answers_the_user_a_csrf_token_and_a_strict_cookie(srv):
    r = sign_in(srv, "Ada@Example.com")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["user"] == {"id": body["user"]["id"], "email": "ada@example.com", "name": "Ada", "role": "admin",
                            "organisation": None}
    assert len(body["csrf_token"]) == 43
    cookie = r.headers["Set-Cookie"]
    assert re.fullmatch(r"levera_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/", cookie), cookie
    s, _ = session(srv, "cy@acme.example")
    me = s.get(srv.url + "/api/v1/session", timeout=10).json()
    assert me["user"]["role"] == "customer" and me["user"]["organisation"]


def test_wrong_password_and_unknown_user_are_the_same_401(srv):
    bad = sign_in(srv, "ada@example.com", "wrong password here")
    unknown = sign_in(srv, "nobody@example.com", PASSWORD)
    assert_error(bad, 401, "unauthorized")
    assert_error(unknown, 401, "unauthorized")
    assert bad.json() == unknown.json()
    assert "Set-Cookie" not in bad.headers


def test_sign_in_input_is_checked(srv):
    r = requests.post(srv.url + "/api/v1/session", json={"email": "a@b.c", "password": "x", "otp": 1}, timeout=10)
    assert_error(r, 400, "invalid")
    assert r.json()["error"]["field"] == "otp"


def test_repeated_failures_are_rate_limited_with_retry_after(srv):
    for _ in range(5):
        assert_error(sign_in(srv, "target@example.com", "not the password"), 401, "unauthorized")
    r = sign_in(srv, "target@example.com", "not the password")
    assert_error(r, 429, "rate_limited")
    assert 1 <= int(r.headers["Retry-After"]) <= 3600


def test_unauthenticated_requests_are_401(srv):
    assert_error(requests.get(srv.url + "/api/v1/session", timeout=10), 401, "unauthorized")
    assert_error(requests.get(srv.url + "/api/v1/tokens", timeout=10), 401, "unauthorized")
    r = requests.get(srv.url + "/api/v1/tokens", headers={"Authorization": "Bearer lvr_nonsense"}, timeout=10)
    assert_error(r, 401, "unauthorized")
    r = requests.get(srv.url + "/api/v1/session", cookies={"levera_session": "x" * 43}, timeout=10)
    assert_error(r, 401, "unauthorized")


def test_cookie_writes_need_the_csrf_token(srv):
    s, csrf = session(srv, "ada@example.com")
    r = s.post(srv.url + "/api/v1/tokens", json={"name": "ci"}, timeout=10)
    assert_error(r, 403, "forbidden")
    assert r.json()["error"]["message"] == "missing or wrong CSRF token"
    r = s.post(srv.url + "/api/v1/tokens", json={"name": "ci"}, headers={"X-CSRF-Token": "y" * 43}, timeout=10)
    assert_error(r, 403, "forbidden")
    r = s.post(srv.url + "/api/v1/tokens", json={"name": "ci"}, headers={"X-CSRF-Token": csrf}, timeout=10)
    assert r.status_code == 201, r.text


def test_tokens_create_list_use_revoke(srv):
    s, csrf = session(srv, "ada@example.com")
    h = {"X-CSRF-Token": csrf}
    r = s.post(srv.url + "/api/v1/tokens", json={"name": "monitoring"}, headers=h, timeout=10)
    assert r.status_code == 201, r.text
    created = r.json()
    token = created["token"]
    assert re.fullmatch(r"lvr_[0-9a-z]{12}_[A-Za-z0-9_-]{43}", token)
    assert token[4:16] == created["id"] and created["name"] == "monitoring" and created["revoked"] is False
    bearer = {"Authorization": "Bearer " + token}
    me = requests.get(srv.url + "/api/v1/session", headers=bearer, timeout=10)
    assert me.status_code == 200 and me.json()["user"]["email"] == "ada@example.com"
    assert "csrf_token" not in me.json()
    listed = requests.get(srv.url + "/api/v1/tokens", headers=bearer, timeout=10).json()
    entry = [t for t in listed["items"] if t["id"] == created["id"]]
    assert entry and "token" not in entry[0] and "hash" not in entry[0]
    # A bearer token needs no CSRF token, even to write.
    other = requests.post(srv.url + "/api/v1/tokens", json={"name": "other"}, headers=bearer, timeout=10)
    assert other.status_code == 201, other.text
    r = requests.delete(srv.url + "/api/v1/tokens/" + created["id"], headers=bearer, timeout=10)
    assert r.status_code == 204, r.text
    assert_error(requests.get(srv.url + "/api/v1/session", headers=bearer, timeout=10), 401, "unauthorized")
    r = requests.delete(srv.url + "/api/v1/tokens/" + created["id"],
                        headers={"Authorization": "Bearer " + other.json()["token"]}, timeout=10)
    assert_error(r, 404, "not_found")


def test_only_admins_issue_tokens(srv):
    for email in ["mia@example.com", "cy@acme.example"]:
        s, csrf = session(srv, email)
        r = s.post(srv.url + "/api/v1/tokens", json={"name": "mine"}, headers={"X-CSRF-Token": csrf}, timeout=10)
        assert_error(r, 403, "forbidden")
    s, _ = session(srv, "cy@acme.example")
    assert_error(s.get(srv.url + "/api/v1/tokens", timeout=10), 403, "forbidden")


def test_sign_out_ends_the_session(srv):
    s, csrf = session(srv, "mia@example.com")
    assert s.get(srv.url + "/api/v1/session", timeout=10).status_code == 200
    assert_error(s.delete(srv.url + "/api/v1/session", timeout=10), 403, "forbidden")
    r = s.delete(srv.url + "/api/v1/session", headers={"X-CSRF-Token": csrf}, timeout=10)
    assert r.status_code == 204, r.text
    assert "Max-Age=0" in r.headers["Set-Cookie"]
    s.cookies.clear()
    s.cookies.set("levera_session", r.request.headers["Cookie"].split("=", 1)[1])
    assert_error(s.get(srv.url + "/api/v1/session", timeout=10), 401, "unauthorized")


def test_no_secret_reaches_the_log(srv):
    assert PASSWORD not in srv.log()


def serve_once(db, log_path):
    """Starts levera serve on db until it listens, stops it, and returns its standard error."""
    with open(log_path, "wb") as log:
        p = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:0", "--db", db], env=ENV,
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log)
        try:
            deadline = time.monotonic() + 20
            while "listening on" not in open(log_path, errors="replace").read():
                assert p.poll() is None and time.monotonic() < deadline
                time.sleep(0.02)
        finally:
            p.terminate()
            assert p.wait(30) == 0
    return open(log_path, errors="replace").read()


def test_the_first_admin_is_created_once_and_can_sign_in(tmp_path):
    if os.environ.get("LEVERA_URL"):
        pytest.skip("needs a server process of its own")
    s = Server()
    try:
        m = ADMIN_LINE.search(s.log())
        assert m, s.log()
        r = sign_in(s, "admin@localhost", m.group(1))
        assert r.status_code == 200 and r.json()["user"]["role"] == "admin", r.text
        assert s.stop() == 0
        assert "admin@localhost" not in serve_once(s.db, str(tmp_path / "again.log"))
    finally:
        s.cleanup()


def test_user_add_errors(tmp_path):
    db = str(tmp_path / "u.db")
    rc, _, err = add_user(db, "not-an-address", "agent")
    assert rc == 2 and "email" in err
    rc, _, err = add_user(db, "short@example.com", "agent", "tooshort")
    assert rc == 2 and "password" in err and "tooshort" not in err
    rc, _, err = add_user(db, "same@example.com", "agent", "same@example.com")
    assert rc == 2 and "password" in err
    rc, _, err = add_user(db, "c@example.com", "customer", PASSWORD, "--organisation", "Nowhere")
    assert rc == 2 and "organisation" in err and "Nowhere" in err
    rc, _, err = add_user(db, "c@example.com", "customer")
    assert rc == 2 and "organisation" in err
    rc, _, err = add_user(db, "r@example.com", "wizard")
    assert rc == 2 and "role" in err
    rc, _, err = add_user(db, "dup@example.com", "agent")
    assert rc == 0, err
    rc, _, err = add_user(db, "DUP@example.com", "agent")
    assert rc == 1 and "already exists" in err
    rc, _, err = levera(["user", "add", "--db", db, "--email", "x@example.com"])
    assert rc == 2 and "--role" in err
    rc, _, err = levera(["user", "add", "--db", db, "--email", "empty@example.com", "--role", "agent"], "")
    assert rc == 2 and "password" in err
