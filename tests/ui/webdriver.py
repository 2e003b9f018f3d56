"""A small client of the W3C WebDriver protocol (plain HTTP and JSON) over requests.

Only what the UI tests use: a session, navigation, finding elements, clicks and keys, scripts,
screenshots, alerts and Chromium's browser log.  https://www.w3.org/TR/webdriver2/
"""
import base64
import time

import requests

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C key of an element reference


class WebDriverError(Exception):
    def __init__(self, error, message):
        super().__init__(f"{error}: {message}")
        self.error = error


class Element:
    def __init__(self, browser, ref):
        self.browser, self.ref = browser, ref

    def _call(self, method, path, body=None):
        return self.browser.call(method, f"/element/{self.ref}{path}", body)

    def click(self):
        self._call("POST", "/click", {})

    def send_keys(self, text):
        self._call("POST", "/value", {"text": text})

    def clear(self):
        self._call("POST", "/clear", {})

    @property
    def text(self):
        return self._call("GET", "/text")

    def attr(self, name):
        return self._call("GET", f"/property/{name}")


class Browser:
    """One WebDriver session against a running chromedriver at driver_url."""

    def __init__(self, driver_url, capabilities):
        self.driver_url = driver_url.rstrip("/")
        self.http = requests.Session()
        r = self.http.post(self.driver_url + "/session", json={"capabilities": {"alwaysMatch": capabilities}}, timeout=60)
        value = r.json()["value"]
        if "error" in value:
            raise WebDriverError(value["error"], value.get("message"))
        self.id = value["sessionId"]

    def call(self, method, path, body=None):
        r = self.http.request(method, f"{self.driver_url}/session/{self.id}{path}", json=body, timeout=60)
        value = r.json().get("value")
        if r.status_code >= 400:
            raise WebDriverError(value.get("error"), value.get("message", "")[:500])
        return value

    def get(self, url):
        self.call("POST", "/url", {"url": url})

    @property
    def url(self):
        return self.call("GET", "/url")

    def find_all(self, css):
        found = self.call("POST", "/elements", {"using": "css selector", "value": css})
        assert isinstance(found, list), found
        return [Element(self, e[ELEMENT]) for e in found]

    def find(self, css, timeout=5.0):
        """The first element matching css, waiting up to timeout seconds for it."""
        return self.wait(lambda: (self.find_all(css) or [None])[0], timeout, f"no element matches {css!r}")

    def wait(self, fn, timeout=5.0, what="the condition"):
        deadline = time.monotonic() + timeout
        while True:
            try:
                v = fn()
            except WebDriverError as e:  # the page re-rendered under the condition: ask again
                if e.error != "stale element reference":
                    raise
                v = None
            if v:
                return v
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}")
            time.sleep(0.05)

    def script(self, source, *args):
        return self.call("POST", "/execute/sync", {"script": source, "args": list(args)})

    def keys(self, text):
        """Types text into whatever has the focus (the Actions API: key down and up per character)."""
        actions = []
        for ch in text:
            actions += [{"type": "keyDown", "value": ch}, {"type": "keyUp", "value": ch}]
        self.call("POST", "/actions", {"actions": [{"type": "key", "id": "kbd", "actions": actions}]})

    def alert_text(self):
        """The text of an open alert, or None."""
        try:
            return self.call("GET", "/alert/text")
        except WebDriverError as e:
            if e.error == "no such alert":
                return None
            raise

    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.call("GET", "/screenshot")))

    def set_size(self, width, height):
        self.call("POST", "/window/rect", {"width": width, "height": height})

    def log(self):
        """Chromium's browser log since the last call (console messages, CSP reports); a chromedriver extension."""
        return self.call("POST", "/se/log", {"type": "browser"})

    def quit(self):
        try:
            self.http.delete(f"{self.driver_url}/session/{self.id}", timeout=30)
        finally:
            self.http.close()
