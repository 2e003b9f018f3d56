"""The agent workspace end to end in headless Chromium: sign-in, queues, the ticket page, safety and speed."""
import json
import time

from conftest import api_session, shot, sign_in


def csp_problems(entries):
    return [e for e in entries if "Content Security Policy" in e.get("message", "") or e.get("level") == "SEVERE"]


def test_wrong_password_is_shown_beside_the_form(ui):
    ui.find("#email").send_keys("anna@levera.demo")
    ui.find("#password").send_keys("not the password")
    ui.find("#signin-form button[type=submit]").click()
    err = ui.wait(lambda: ui.find("#signin-form .form-error").text, what="the sign-in error")
    assert err, "no message for a refused sign-in"
    shot(ui, "signin-refused")


def test_agent_replies_and_resolves_an_at_risk_ticket(ui, server):
    shot(ui, "signin")
    sign_in(ui, "anna@levera.demo")
    assert ui.find(".role").text == "agent"
    ui.find('#nav a[href="/app/queue/at-risk"]').click()
    ui.wait(lambda: ui.find("h1").text == "At risk", what="the at-risk queue")
    first = ui.find("table.queue tbody tr")
    badge = ui.find("table.queue tbody tr .badge")
    assert "warning" in badge.text, badge.text
    before = badge.text
    ui.wait(lambda: badge.text != before, 3.0, "the badge to count down")  # live, without a reload
    ui.keys("j")  # the shortcut selects the first row
    assert "selected" in first.attr("className")
    shot(ui, "queue-at-risk")
    ui.keys("o")
    subject_text = ui.find("#ticket-subject").text
    assert ui.url.split("/app/tickets/")[1]
    shot(ui, "ticket")

    ui.keys("r")  # the shortcut focuses the reply box
    ui.wait(lambda: ui.script("return document.activeElement.id") == "reply-body", what="r to focus the reply")
    ui.find("#reply-body").send_keys("We are on it: a fix is being rolled out.")
    ui.find("#reply-form button[type=submit]").click()
    reply = ui.find(".timeline li.reply-public:last-child .event-body")
    assert reply.text == "We are on it: a fix is being rolled out."

    ui.find("#reply-internal").click()
    ui.find("#reply-body").send_keys("Root cause: the certificate expired.")
    ui.find("#reply-form button[type=submit]").click()
    ui.wait(lambda: ui.find_all(".timeline li.reply-internal"), what="the internal note")
    styles = ui.script("""
        const pub = getComputedStyle(document.querySelector('.reply-public')).backgroundColor;
        const note = getComputedStyle(document.querySelector('.reply-internal')).backgroundColor;
        return [pub, note];""")
    assert styles[0] != styles[1], "public replies and internal notes look the same"

    clock = '#clocks .clock[data-metric="resolution"]'
    assert ui.find(clock).attr("dataset")["state"] in ("running", "breached")
    ui.find("#status-to").send_keys("resolved")
    assert ui.script("return document.getElementById('status-to').value") == "resolved"
    ui.find("#status-form button[type=submit]").click()
    ui.wait(lambda: "resolved" in ui.find(".details").text.lower(), what="the resolved status")
    stopped = ui.find(clock + " .clock-state").text
    assert "stopped" in stopped, stopped
    assert ui.find(clock).attr("dataset")["state"] == "met"
    shot(ui, "ticket-resolved")
    assert ui.find("#ticket-subject").text == subject_text


def test_a_refused_move_shows_the_api_message(ui, server):
    s = api_session(server, "anna@levera.demo")
    t = s.get(server + "/api/v1/tickets", params={"status": "new", "limit": 1}).json()["items"][0]
    sign_in(ui, "anna@levera.demo")
    ui.get(server + "/app/tickets/" + t["id"])
    ui.find("#status-form")
    # Another client closes the ticket meanwhile: this page's version is stale (412), then the move is refused.
    t = s.get(server + f"/api/v1/tickets/{t['id']}").json()  # the SLA job may have added a warning since the list
    r = s.post(server + f"/api/v1/tickets/{t['id']}/events", json={"type": "status", "to": "closed"},
               headers={"If-Match": f'"{t["version"]}"'})
    assert r.status_code == 200, r.text
    ui.find("#status-form button[type=submit]").click()
    ui.wait(lambda: "reloaded" in ui.find(".flash").text, what="the stale-version notice")
    assert ui.find("#status-to").attr("disabled"), "a closed ticket offers no moves"
    # A move the workflow forbids, sent as the page would: the API's message reaches the form.
    msg = ui.script("""
        const {api} = await import('/static/js/api.js');
        try { await api('POST', '/tickets/' + arguments[0] + '/events', {body: {type: 'status', to: 'new'}, version: arguments[1]}); }
        catch (e) { return e.field + ': ' + e.message; }""".replace("const {api}", "return (async () => { const {api}") + "})()",
                    t["id"], r.json()["version"])
    assert msg.startswith("to: "), msg


def test_stored_xss_in_a_subject_renders_as_text(ui, server):
    evil = "<img src=x onerror=alert(1)>"
    s = api_session(server, "anna@levera.demo")
    orgs = s.get(server + "/api/v1/organisations", params={"limit": 200}).json()["items"]
    customer = next(o for o in orgs if o["type"] == "customer")
    services = s.get(server + "/api/v1/services", params={"limit": 200}).json()["items"]
    r = s.post(server + "/api/v1/tickets", json={"type": "incident", "customer": customer["name"],
                                                  "service": services[0]["name"], "subject": evil,
                                                  "description": evil, "priority": "P1"})
    assert r.status_code == 201, r.text
    t = r.json()
    me = s.get(server + "/api/v1/session").json()["user"]
    r = s.post(server + f"/api/v1/tickets/{t['id']}/events", json={"type": "assign", "team": None, "agent": me["id"]},
               headers={"If-Match": f'"{t["version"]}"'})
    assert r.status_code == 200, r.text
    sign_in(ui, "anna@levera.demo")
    ui.wait(lambda: any(a.text == evil for a in ui.find_all("table.queue a.subject")), what="the subject in the queue")
    ui.get(server + "/app/tickets/" + t["id"])
    assert ui.find("#ticket-subject").text == evil
    time.sleep(0.3)
    assert ui.alert_text() is None, "a dialog opened"
    assert ui.script("return document.querySelectorAll('main img').length") == 0, "an element was injected"
    assert ui.script("return document.title").startswith(evil)
    shot(ui, "ticket-xss-as-text")


def test_pages_load_without_csp_violations(ui, server):
    sign_in(ui, "anna@levera.demo")
    for path in ["/app/queue/mine", "/app/queue/breached", "/app/queue/unassigned"]:
        ui.get(server + path)
        ui.find("table.queue")
    ui.find("table.queue tbody tr a").click()
    ui.find("#clocks")
    ui.keys("?")
    assert ui.script("return document.getElementById('help').open")
    shot(ui, "help")
    ui.keys("?")
    entries = ui.log()
    assert not csp_problems(entries), json.dumps(csp_problems(entries), indent=1)


def test_first_view_of_the_queue_is_fast(ui, server):
    sign_in(ui, "anna@levera.demo")
    ui.get(server + "/app/queue/open")
    ui.find("table.queue tbody tr")
    ms = ui.wait(lambda: ui.script(
        "const m = performance.getEntriesByName('levera:queue-ready'); return m.length ? m[0].startTime : null"),
        what="the queue-ready mark")
    assert ms < 300, f"first view of the queue took {ms:.0f} ms"


def test_phone_layout_and_sign_out(ui, server):
    ui.set_size(390, 844)
    sign_in(ui, "anna@levera.demo")
    ui.find("table.queue tbody tr")
    width = ui.script("return document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways on a phone ({width}px)"
    shot(ui, "queue-phone")
    ui.find("#sign-out").click()
    ui.find("#signin-form")
    assert "signed out" in ui.find("#signin-form .form-error").text
    assert ui.script("return fetch('/api/v1/session').then(r => r.status)") == 401


def test_an_agent_links_a_ticket_to_a_problem_and_a_change(ui, server):
    s = api_session(server, "anna@levera.demo")
    t = s.get(server + "/api/v1/tickets", params={"open": "true", "limit": 1}).json()["items"][0]
    sign_in(ui, "anna@levera.demo")
    ui.get(server + "/app/tickets/" + t["id"])
    ui.find("#link-form")
    assert "Not linked yet" in ui.find("#links").text or ui.find_all("#links li")
    before = len(ui.find_all("#links li"))
    ui.find("#link-ref").send_keys("PRB-<b>42</b>")
    ui.find("#link-form button[type=submit]").click()
    ui.wait(lambda: len(ui.find_all("#links li")) == before + 1, what="the problem link")
    assert ui.find_all("#links li")[-1].text == "Problem PRB-<b>42</b>", "the reference shows as text"
    ui.script("const k = document.querySelector('#link-kind'); k.value = 'change'; k.dispatchEvent(new Event('change'));")
    ui.find("#link-ref").send_keys("CHG-7")
    ui.find("#link-form button[type=submit]").click()
    ui.wait(lambda: len(ui.find_all("#links li")) == before + 2, what="the change link")
    assert "Linked to change CHG-7" in ui.find("main").text
    shot(ui, "ticket-links")
    events = s.get(server + f"/api/v1/tickets/{t['id']}").json()["events"]
    assert [e.get("problem") or e.get("change") for e in events if e["type"] == "link"][-2:] == ["PRB-<b>42</b>", "CHG-7"]
