"""The web interface's files over HTTP: pages, assets, ETag revalidation, caching and the UI's CSP."""
import requests

UI_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
          "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


def test_every_client_route_answers_the_page(base_url):
    index = requests.get(base_url + "/", timeout=10)
    assert index.status_code == 200
    assert index.headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<script type="module" src="/static/js/main.js">' in index.text
    for path in ["/app", "/app/signin", "/app/queue/mine", "/app/tickets/01abc", "/app/a/b/c"]:
        r = requests.get(base_url + path, timeout=10)
        assert r.status_code == 200, path
        assert r.content == index.content and r.headers["ETag"] == index.headers["ETag"], path


def test_the_ui_has_its_own_security_headers_and_the_api_keeps_its_own(base_url):
    page = requests.get(base_url + "/app/queue/mine", timeout=10)
    assert page.headers["Content-Security-Policy"] == UI_CSP
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Cache-Control"] == "no-cache"
    api = requests.get(base_url + "/healthz", timeout=10)
    assert api.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert api.headers["Cache-Control"] == "no-store"


def test_assets_revalidate_with_a_strong_etag(base_url):
    r = requests.get(base_url + "/static/js/api.js", timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/javascript; charset=utf-8"
    etag = r.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert r.headers["Content-Length"] == str(len(r.content))
    for inm in [etag, "W/" + etag, '"nope", ' + etag, "*"]:
        again = requests.get(base_url + "/static/js/api.js", headers={"If-None-Match": inm}, timeout=10)
        assert again.status_code == 304, inm
        assert again.content == b"" and again.headers["ETag"] == etag
    other = requests.get(base_url + "/static/js/api.js", headers={"If-None-Match": '"nope"'}, timeout=10)
    assert other.status_code == 200 and other.content == r.content
    css = requests.head(base_url + "/static/css/app.css", timeout=10)
    assert css.status_code == 200 and css.headers["Content-Type"] == "text/css; charset=utf-8"


def test_unknown_static_paths_are_404(base_url):
    for path in ["/static/nope.js", "/static/js/nope.js", "/static/js/%2e%2e/index.html", "/static/a/b/c",
                 "/static/%2e%2e/README.md"]:
        r = requests.get(base_url + path, timeout=10)
        assert r.status_code == 404, path
        assert r.json()["error"]["code"] == "not_found"
    assert requests.post(base_url + "/static/js/api.js", timeout=10).status_code == 405
