"""Administration and the new-ticket page end to end in headless Chromium, then every new page checked
for CSP violations and for a phone-width layout."""
import json

import requests

from conftest import shot, sign_in
from test_catalog import choose
from test_workspace import csp_problems

NEW_PASSWORD = "correct horse battery 42"


def test_admin_creates_a_user_resets_the_password_and_they_sign_in(ui, server):
    sign_in(ui, "admin@levera.demo")
    ui.find('#nav a[href="/app/admin/users"]').click()
    ui.find("#user-create")
    shot(ui, "admin-users")
    ui.find("#new-email").send_keys("tove@levera.demo")
    ui.find("#new-name").send_keys("Tove Tester")
    choose(ui, "#new-role", "agent")
    ui.find("#user-teams input").click()
    ui.find("#user-create button[type=submit]").click()
    ui.wait(lambda: ui.find("#user-title").text == "Tove Tester", what="the new user's page")
    assert "agent" in ui.find(".details").text
    ui.find("#new-password").send_keys("short")
    ui.find("#password-form button[type=submit]").click()
    err = ui.wait(lambda: ui.find("#password-form .field-error").text, what="the password policy message")
    assert "12" in err, err
    ui.find("#new-password").clear()
    ui.find("#new-password").send_keys(NEW_PASSWORD)
    ui.find("#password-form button[type=submit]").click()
    ui.wait(lambda: "Password set" in ui.find("#user-note").text, what="the password notice")
    shot(ui, "admin-user")
    ui.find("#sign-out").click()
    ui.find("#signin-form")
    sign_in(ui, "tove@levera.demo", NEW_PASSWORD)
    assert ui.find("#whoami").text == "Tove Tester"
    assert ui.find(".role").text == "agent"


def test_admin_issues_and_revokes_a_token(ui, server):
    sign_in(ui, "admin@levera.demo")
    ui.get(server + "/app/admin/tokens")
    ui.find("#token-name").send_keys("monitoring")
    ui.find("#token-form button[type=submit]").click()
    secret = ui.find("#token-secret").text
    assert secret.startswith("lvr_"), secret
    assert ui.script("return document.activeElement.id") == "token-once"
    shot(ui, "admin-tokens")
    assert requests.get(server + "/api/v1/session", headers={"Authorization": "Bearer " + secret}).status_code == 200
    ui.get(server + "/app/admin/tokens")
    ui.find("#tokens")
    assert not ui.find_all("#token-secret"), "the secret is shown again"
    ui.script("window.confirm = () => true")
    ui.find('#tokens button[aria-label="Revoke monitoring"]').click()
    ui.wait(lambda: not ui.find_all('#tokens button[aria-label="Revoke monitoring"]'), what="the revoked token")
    assert requests.get(server + "/api/v1/session", headers={"Authorization": "Bearer " + secret}).status_code == 401


def test_manager_adds_a_team_and_cannot_make_admins(ui, server):
    sign_in(ui, "manager@levera.demo")
    ui.get(server + "/app/admin/organisations")
    ui.find("#org-name").send_keys("Field Service")
    choose(ui, "#org-type", "team")
    ui.find("#org-create button[type=submit]").click()
    ui.wait(lambda: "Field Service added" in ui.find(".flash").text, what="the new team")
    shot(ui, "admin-organisations")
    ui.script("[...document.querySelectorAll('#organisations a')].find(a => a.textContent === 'Field Service').click()")
    ui.find("#org-form")
    ui.find("#f-description").send_keys("On-site repairs")
    ui.find("#org-form button[type=submit]").click()
    ui.wait(lambda: ui.find(".flash").text == "Saved.", what="the saved organisation")
    assert ui.find("#f-description").attr("value") == "On-site repairs"
    shot(ui, "admin-organisation")
    ui.get(server + "/app/admin/users")
    roles = ui.script("return [...document.querySelectorAll('#new-role option')].map(o => o.value)")
    assert "admin" not in roles


def test_agent_creates_a_ticket_with_a_priority_preview(ui, server):
    sign_in(ui, "anna@levera.demo")
    ui.find('#nav a[href="/app/tickets/new"]').click()
    ui.find("#ticket-form")
    customer = ui.script("return [...document.querySelectorAll('#f-customer option')].find(o => o.text === 'Acme A/S').value")
    service = ui.script("return [...document.querySelectorAll('#f-service option')].find(o => o.text === 'Backup').value")
    choose(ui, "#f-customer", customer)
    choose(ui, "#f-service", service)
    assert ui.find("#priority-preview").text == "P3"
    estimates = ui.find("#estimates").text
    assert "due within 2 business hours" in estimates.replace("Response: ", ""), estimates
    ui.wait(lambda: "if created now" in ui.find("#estimates").text, what="the exact deadlines from the preview")
    assert ui.script("return document.querySelectorAll('#estimates .deadline time').length") >= 1
    assert "estimate" in ui.find("main").text.lower() or "not a deadline" in ui.find("main").text
    choose(ui, "#f-impact", "high")
    assert ui.find("#priority-preview").text == "P2"
    choose(ui, "#f-urgency", "high")
    assert ui.find("#priority-preview").text == "P1"
    assert "15 business minutes" in ui.find("#estimates").text, ui.find("#estimates").text
    choose(ui, "#f-impact", "low")
    assert ui.find("#priority-preview").text == "P3"
    choose(ui, "#f-impact", "high")
    ui.find("#f-subject").send_keys("Restore of the finance share fails")
    ui.find("#f-description").send_keys("The nightly restore test stopped at 40 %.")
    shot(ui, "new-ticket")
    ui.find("#ticket-form button[type=submit]").click()
    ui.wait(lambda: "/app/tickets/" in ui.url and not ui.url.endswith("/new"), what="the new ticket's page")
    assert ui.find("#ticket-subject").text == "Restore of the finance share fails"
    assert "P1" in ui.find(".details").text
    shot(ui, "new-ticket-created")


PAGES = ["/app/catalog", "/app/services/new", "/app/agreements", "/app/calendars", "/app/tickets/new",
         "/app/admin/users", "/app/admin/organisations", "/app/admin/tokens", "/app/admin/matrix"]


def _detail_pages(ui, server):
    out = []
    for listing, link in [("/app/catalog", "#catalog a"), ("/app/agreements", "#agreements a"),
                          ("/app/calendars", "#calendars a"), ("/app/admin/users", "#users a"),
                          ("/app/admin/organisations", "#organisations a")]:
        ui.get(server + listing)
        href = ui.find(link).attr("pathname")
        out += [href, href + "/edit"] if not listing.startswith("/app/admin") else [href]
    return out


def test_new_pages_have_no_csp_violations_and_fit_a_phone(ui, server):
    sign_in(ui, "admin@levera.demo")
    ui.log()
    pages = PAGES + _detail_pages(ui, server)
    for path in pages:
        ui.get(server + path)
        ui.find("main h1")
        ui.wait(lambda: ui.script("return !document.querySelector('main .loading')"), what=path)
        unlabelled = ui.script("""return [...document.querySelectorAll('main input, main select, main textarea')]
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.id || el.name)""")
        assert not unlabelled, f"{path}: controls without a label: {unlabelled}"
        assert ui.script("return document.querySelectorAll('main h1').length") == 1, path
        if path == "/app/admin/matrix":
            assert ui.script("return document.querySelector('#m-high-high').value") == "P1"
            shot(ui, "admin-matrix")
    entries = ui.log()
    assert not csp_problems(entries), json.dumps(csp_problems(entries), indent=1)
    ui.set_size(390, 844)
    for path in pages:
        ui.get(server + path)
        ui.find("main h1")
        width = ui.script("return document.documentElement.scrollWidth")
        assert width <= 400, f"{path} scrolls sideways on a phone ({width}px)"
        if path.startswith("/app/calendars/") or path.startswith("/app/agreements/") or path in ("/app/catalog", "/app/tickets/new"):
            kind = "new-ticket" if path == "/app/tickets/new" else path.split("/")[2].rstrip("s")
            shot(ui, "phone-" + (kind + "-edit" if path.endswith("/edit") else kind))
    assert not csp_problems(ui.log())


def test_a_manager_changes_the_priority_matrix_and_new_tickets_follow_it(ui, server):
    sign_in(ui, "manager@levera.demo")
    ui.get(server + "/app/admin/matrix")
    ui.find("#matrix-form")
    assert ui.script("return document.querySelector('#m-medium-medium').value") == "P3"
    choose(ui, "#m-medium-medium", "P2")
    ui.find("#matrix-form button[type=submit]").click()
    ui.wait(lambda: "Saved" in ui.find("main").text, what="the saved notice")
    shot(ui, "admin-matrix-saved")
    try:
        ui.get(server + "/app/tickets/new")
        ui.find("#ticket-form")
        ui.wait(lambda: ui.find("#priority-preview").text == "P2", what="the preview from the new matrix")
        # A stale save (someone else changed it meanwhile) reloads and says so.
        ui.get(server + "/app/admin/matrix")
        ui.find("#matrix-form")
        s = requests.Session()
        r = s.post(server + "/api/v1/session", json={"email": "admin@levera.demo", "password": "levera-demo-2026"})
        state = s.get(server + "/api/v1/priority-matrix").json()
        r = s.put(server + "/api/v1/priority-matrix", json={"matrix": state["matrix"]},
                  headers={"If-Match": f'"{state["version"]}"', "X-CSRF-Token": r.json()["csrf_token"]})
        assert r.status_code == 200, r.text
        choose(ui, "#m-low-low", "P3")
        ui.find("#matrix-form button[type=submit]").click()
        ui.wait(lambda: "reloaded" in ui.find("main").text, what="the stale notice")
    finally:
        s = requests.Session()
        r = s.post(server + "/api/v1/session", json={"email": "admin@levera.demo", "password": "levera-demo-2026"})
        h = {"X-CSRF-Token": r.json()["csrf_token"]}
        state = s.get(server + "/api/v1/priority-matrix").json()
        default = {"high": {"high": "P1", "medium": "P2", "low": "P3"},
                   "medium": {"high": "P2", "medium": "P3", "low": "P4"},
                   "low": {"high": "P3", "medium": "P4", "low": "P4"}}
        s.put(server + "/api/v1/priority-matrix", json={"matrix": default},
              headers={**h, "If-Match": f'"{state["version"]}"'})
