"""Fixtures for the black-box API tests: a real `levera serve` on a loopback port.

The server is started once per test module from LEVERA_BIN (default build/levera) with
--listen 127.0.0.1:0; its standard error goes to a file, from which the bound URL is read
and which the tests can search for access log lines.  With LEVERA_URL set, the tests run
against that server instead and start nothing (tests that need their own process skip).
"""
import json
import os
import re
import signal
import subprocess
import tempfile
import time

import pytest
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("LEVERA_BIN", os.path.join(ROOT, "build", "levera"))
LISTENING = re.compile(r"levera: listening on (http://\S+)")
# The cheapest Argon2id cost, so sign-ins in the tests take microseconds (for tests only).
ENV = dict(os.environ, LEVERA_ARGON2="test")


class Server:
    """A levera serve process: its URL, its log, and how to stop it."""

    def __init__(self, extra_args=(), prepare=None):
        self.dir = tempfile.TemporaryDirectory(prefix="levera-api-")
        self.log_path = os.path.join(self.dir.name, "stderr.log")
        self.db = os.path.join(self.dir.name, "levera.db")
        if prepare is not None:
            prepare(self.db)
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:0", "--db", self.db, *extra_args],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log,
                                     env=ENV)
        self.url = self._wait_for_url()

    def _wait_for_url(self, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = LISTENING.search(self.log())
            if m:
                return m.group(1)
            if self.proc.poll() is not None:
                raise RuntimeError(f"levera serve exited with {self.proc.returncode}:\n{self.log()}")
            time.sleep(0.02)
        self.proc.kill()
        raise RuntimeError(f"levera serve did not say where it listens:\n{self.log()}")

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def stop(self, timeout=30.0):
        """SIGTERM, then the exit status (killing it if it does not exit in time)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise
        finally:
            self._log.close()

    def cleanup(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._log.close()
        self.dir.cleanup()


def start_server(extra_args=(), prepare=None):
    return Server(extra_args, prepare)


@pytest.fixture(scope="module")
def server():
    """A running server for the module, or None when LEVERA_URL names an outside one."""
    if os.environ.get("LEVERA_URL"):
        yield None
        return
    s = Server()
    yield s
    rc = s.stop()
    log = s.log()
    s.cleanup()
    assert rc == 0, f"levera serve exited with {rc}:\n{log[-4000:]}"
    assert "runtime error" not in log and "ERROR: AddressSanitizer" not in log, log[-4000:]


@pytest.fixture(scope="module")
def base_url(server):
    """The base URL of the server under test, without a trailing slash."""
    url = os.environ.get("LEVERA_URL") or server.url
    return url.rstrip("/")


@pytest.fixture
def own_server():
    """A server of the test's own, for tests that signal or break it; skipped against LEVERA_URL."""
    if os.environ.get("LEVERA_URL"):
        pytest.skip("needs a server process of its own")
    s = Server()
    yield s
    s.cleanup()


# ---- shared by the suites that sign in: a database with records and users, a module's server, a client ----

PASSWORD = "correct horse battery"
# A calendar week with every hour open: business time equals wall time, so expectations stay simple.
WEEK = {d: ["00:00-24:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def levera(args, stdin="", env=ENV):
    """Runs the levera binary; returns (exit status, stdout, stderr)."""
    p = subprocess.run([BIN, *args], input=stdin.encode(), capture_output=True, env=env, timeout=60)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def add_user(db, email, role, password=PASSWORD, *extra):
    return levera(["user", "add", "--db", db, "--email", email, "--role", role, *extra], password + "\n")


def seed(db, records, users):
    """Imports records (dicts or JSON lines) and adds users [(email, role, extra args)] with PASSWORD."""
    if records:
        lines = "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)
        rc, _, err = levera(["import", "-", "--db", db], lines)
        assert rc == 0, err
    for email, role, extra in users:
        rc, _, err = add_user(db, email, role, PASSWORD, *extra)
        assert rc == 0, err


def module_server(prepare):
    """A generator for a module-scoped fixture: a server on a prepared database, checked clean at the end."""
    if os.environ.get("LEVERA_URL"):
        pytest.skip("needs users made with `levera user add` on the server's database")
    s = Server(prepare=prepare)
    yield s
    rc = s.stop()
    log = s.log()
    s.cleanup()
    assert rc == 0, log[-4000:]
    assert "runtime error" not in log and "ERROR: AddressSanitizer" not in log, log[-4000:]


class Client:
    """A signed-in session that sends its CSRF token with every request; paths are relative to base."""

    def __init__(self, srv, email, base=""):
        r = requests.post(srv.url + "/api/v1/session", json={"email": email, "password": PASSWORD}, timeout=10)
        assert r.status_code == 200, r.text
        self.url = srv.url + base
        self.s = requests.Session()
        self.s.cookies.set("levera_session", r.cookies["levera_session"])
        self.s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        self.user = r.json()["user"]

    def __getattr__(self, method):
        if method.startswith("_"):
            raise AttributeError(method)

        def call(path, **kw):
            return self.s.request(method.upper(), self.url + path, timeout=30, **kw)
        return call


def assert_error(r, status, code, field=None):
    """r is the JSON error {"error": {code, message, field}} with this status."""
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert err["code"] == code, r.text
    if field is not None:
        assert err["field"] == field, r.text
