"""Fixtures for the web interface's tests: a demo database, a `levera serve` and headless Chromium.

The server runs build/levera (LEVERA_BIN) on `levera demo --tickets 2000`; Chromium is driven through
Debian's chromedriver by the small WebDriver client in webdriver.py.  One browser serves the whole
run; each test starts signed out.  Screenshots go to build/screenshots/.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest
import requests

from webdriver import Browser

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("LEVERA_BIN", os.path.join(ROOT, "build", "levera"))
SHOTS = os.path.join(ROOT, "build", "screenshots")
ENV = dict(os.environ, LEVERA_ARGON2="test")  # the cheapest Argon2id cost (tests only)
PASSWORD = "levera-demo-2026"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _at_risk_desk(now):
    """JSONL: a customer on a 24x7 SLA with three incidents created 8 h into their 10 h resolution target."""
    at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 8 * 3600))
    week = {d: ["00:00-24:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    lines = [
        {"kind": "calendar", "name": "Always (UI tests)", "timezone": "UTC", "week": week},
        {"kind": "organisation", "name": "Northwind Ltd", "type": "customer"},
        {"kind": "agreement", "name": "Northwind SLA", "type": "sla", "customer": "Northwind Ltd",
         "provider": "Service Desk", "services": ["E-mail"], "valid_from": "2020-01-01",
         "calendar": "Always (UI tests)",
         "targets": [{"metric": "resolution", "priority": "P2", "duration": "10h", "warn_at": [50]}]},
    ] + [{"kind": "ticket", "ref": f"NW-{i}", "type": "incident", "customer": "Northwind Ltd", "service": "E-mail",
          "priority": "P2", "subject": f"Northwind mail bouncing ({i})", "events": [{"at": at, "type": "created"}]}
         for i in (1, 2, 3)]
    return "".join(json.dumps(x) + "\n" for x in lines)


@pytest.fixture(scope="session")
def server():
    """A levera serve on the demo organisation; yields (base URL, log path)."""
    d = tempfile.TemporaryDirectory(prefix="levera-ui-")
    db = os.path.join(d.name, "levera.db")
    subprocess.run([BIN, "demo", "--db", db, "--tickets", "2000", "--seed", "1"], env=ENV, check=True,
                   capture_output=True, timeout=120)
    # Whether the demo's own tickets are at risk depends on the hour and the weekday the tests run at;
    # a 24x7 customer with tickets 8 h into a 10 h target has some at risk whenever they run.
    subprocess.run([BIN, "import", "-", "--db", db], input=_at_risk_desk(time.time()).encode(), env=ENV,
                   check=True, capture_output=True, timeout=60)
    log_path = os.path.join(d.name, "stderr.log")
    log = open(log_path, "wb")
    proc = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:0", "--db", db], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=log, env=ENV)
    url = None
    deadline = time.monotonic() + 20
    while url is None and time.monotonic() < deadline:
        with open(log_path, "rb") as f:
            m = re.search(r"levera: listening on (http://\S+)", f.read().decode(errors="replace"))
        url = m.group(1) if m else None
        if url is None:
            assert proc.poll() is None, "levera serve exited at start-up"
            time.sleep(0.02)
    assert url, "levera serve did not say where it listens"
    yield url.rstrip("/")
    proc.send_signal(signal.SIGTERM)
    rc = proc.wait(30)
    log.close()
    d.cleanup()
    assert rc == 0


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium through chromedriver; skipped when Debian's packages are not installed."""
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip("chromium and chromium-driver are not installed (scripts/install-deps.sh)")
    port = _free_port()
    driver = subprocess.Popen([CHROMEDRIVER, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            if requests.get(url + "/status", timeout=1).json()["value"]["ready"]:
                break
        except requests.RequestException:
            pass
        assert time.monotonic() < deadline, "chromedriver did not start"
        time.sleep(0.05)
    caps = {"browserName": "chrome", "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {"binary": CHROMIUM,
                                   "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                            "--window-size=1280,900", "--no-first-run", "--disable-extensions"]}}
    b = Browser(url, caps)
    os.makedirs(SHOTS, exist_ok=True)
    yield b
    b.quit()
    driver.terminate()
    driver.wait(10)


@pytest.fixture
def ui(browser, server):
    """The browser, signed out, with a fresh log; sign-in helpers on it."""
    browser.get(server + "/app/signin")
    browser.call("DELETE", "/cookie")
    browser.set_size(1280, 900)
    browser.get(server + "/app/signin")
    browser.find("#signin-form")
    browser.log()
    return browser


def sign_in(b, email, password=PASSWORD):
    b.find("#email").send_keys(email)
    b.find("#password").send_keys(password)
    b.find("#signin-form button[type=submit]").click()
    b.find("#whoami")


def shot(b, name):
    b.screenshot(os.path.join(SHOTS, name + ".png"))


def api_session(base, email, password=PASSWORD):
    """A requests session signed in over the API, with its CSRF token as a default header."""
    s = requests.Session()
    r = s.post(base + "/api/v1/session", json={"email": email, "password": password}, timeout=10)
    assert r.status_code == 200, r.text
    s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return s
