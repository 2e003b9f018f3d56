"""The customer portal end to end in headless Chromium: agreements in plain words, raising a request,
the organisation's tickets, replying, rating (by keyboard) and reopening, and what a customer must never see."""
import json
import re
import time

from conftest import api_session, shot, sign_in

CUSTOMER = "ole@acme.example"  # Acme A/S
COLLEAGUE = "sofie@acme.example"
OTHER_ORG = "Fjord Logistics ApS"
TAB, ENTER, RIGHT = "\ue004", "\ue007", "\ue014"


def csp_violations(entries):
    return [e for e in entries if "Content Security Policy" in e.get("message", "")]


def page_html(ui):
    return ui.script("return document.documentElement.outerHTML")


def post_event(s, server, t, event):
    r = s.post(server + f"/api/v1/tickets/{t['id']}/events", json=event, headers={"If-Match": f'"{t["version"]}"'})
    assert r.status_code == 200, r.text
    return r.json()


def test_customer_raises_replies_rates_and_reopens(ui, server):
    sign_in(ui, CUSTOMER)
    ui.wait(lambda: ui.url.endswith("/app/portal"), what="the portal home")
    ui.find(".agreement .promises li")
    assert [a.text for a in ui.find_all("#nav a")] == ["My services", "Raise a request", "My tickets", "Service report"]
    assert not ui.find_all("#nav ul.queues"), "a customer sees the agents' queues"
    text = ui.find("main").text
    assert "P1 (critical) requests and incidents: we respond within 15 minutes and resolve within 4 hours" in text, text
    assert re.search(r"\d\d:\d\d–\d\d:\d\d [A-Z][a-z_ ]+ time", text), "the promised hours, in the customer's terms: " + text
    shot(ui, "portal-home")

    ui.find('#nav a[href="/app/portal/new"]').click()
    ui.find("#raise-form")
    customer = api_session(server, CUSTOMER)
    email = next(s for s in customer.get(server + "/api/v1/services").json()["items"] if s["name"] == "E-mail")
    ui.find("#service-" + email["id"]).click()
    ui.find("#type-incident").click()
    subject = f"Outlook cannot send mail {time.time_ns()}"
    ui.find("#f-subject").send_keys(subject)
    ui.find("#f-description").send_keys("Since this morning every message stays in the outbox.")
    ui.find("#impact-medium").click()
    ui.find("#urgency-high").click()
    ui.wait(lambda: ui.find("#promise-priority").text == "P2", what="the priority preview")
    assert "we respond within 30 minutes" in ui.find("#promise").text
    shot(ui, "portal-new")
    ui.find("#raise-form button[type=submit]").click()
    ui.wait(lambda: ui.find("#ticket-subject").text == subject, what="the new ticket's page")
    tid = ui.url.split("/app/tickets/")[1]
    assert "raised" in ui.find(".flash").text
    assert ui.find("#promises .promise").text.startswith("We promise to")

    ui.find("#reply-body").send_keys("It also fails on my phone.")
    ui.find("#reply-form button[type=submit]").click()
    try:
        ui.wait(lambda: any(e.text == "It also fails on my phone." for e in ui.find_all(".timeline .reply-public .event-body")),
                what="the reply in the timeline")
    except AssertionError:
        shot(ui, "portal-reply-failed")  # what the page showed instead
        raise AssertionError(ui.find("main").text + repr(ui.log()))

    ui.find('#nav a[href="/app/portal/tickets"]').click()
    row = ui.find(f'#my-tickets tr[data-id="{tid}"]')
    assert subject in row.text and "Received" in row.text, row.text
    assert ui.find("#my-tickets tbody tr").attr("dataset")["id"] == tid, "the latest change is not first"
    shot(ui, "portal-tickets")

    # An agent adds an internal note and work, then resolves the ticket, through the API.
    agent = api_session(server, "anna@levera.demo")
    t = agent.get(server + "/api/v1/tickets/" + tid).json()
    secret = f"INTERNAL-{time.time_ns()}: customer's mail relay is misconfigured"
    t = post_event(agent, server, t, {"type": "reply", "public": False, "body": secret})
    t = post_event(agent, server, t, {"type": "work", "duration": "10m", "note": "WORK-NOTE relay logs"})
    t = post_event(agent, server, t, {"type": "reply", "public": True, "body": "The mail relay is fixed."})
    t = post_event(agent, server, t, {"type": "status", "to": "resolved"})

    ui.get(server + "/app/tickets/" + tid)
    ui.find("#reopen")
    assert ui.find("#ticket-status").text == "Solved"
    html = page_html(ui)
    assert secret not in html and "INTERNAL-" not in html and "WORK-NOTE" not in html, "a staff-only text reached the customer"
    assert "The mail relay is fixed." in ui.find("#public-timeline").text

    # Rate 4 with the keyboard only: Tab into the radio group, arrows to choose, Tab to the comment and the button.
    ui.script("document.getElementById('reopen').focus()")
    ui.keys(TAB)
    assert ui.script("return document.activeElement.id") == "score-1"
    ui.keys(RIGHT * 3)
    assert ui.script("return document.querySelector('input[name=score]:checked').value") == "4"
    ui.keys(TAB)
    assert ui.script("return document.activeElement.id") == "rating-comment"
    ui.keys("Quick and friendly.")
    ui.keys(TAB + ENTER)
    shown = ui.find("#rating-shown")
    ui.wait(lambda: "4 of 5" in shown.text, what="the rating shown")
    assert ui.find("#rating-comment-shown").text == "Quick and friendly."
    shot(ui, "portal-ticket-rated")

    ui.find("#change-rating").click()
    assert ui.script("return document.activeElement.id") == "score-4"
    ui.find('label[for="score-5"]').click()
    ui.find("#rating-form button[type=submit]").click()
    ui.wait(lambda: "5 of 5" in ui.find("#rating-shown").text, what="the changed rating")
    assert ui.find("#rating-comment-shown").text == "Quick and friendly."
    ratings = [e for e in customer.get(server + "/api/v1/tickets/" + tid).json()["events"] if e["type"] == "rating"]
    assert [r["score"] for r in ratings][-1] == 5

    ui.find("#reopen").click()
    ui.wait(lambda: ui.find("#ticket-status").text == "In progress", what="the reopened ticket")
    assert "reopened" in ui.find("#public-timeline").text
    entries = ui.log()
    assert not csp_violations(entries), json.dumps(csp_violations(entries), indent=1)


def test_another_organisations_ticket_is_not_found(ui, server):
    staff = api_session(server, "anna@levera.demo")
    orgs = staff.get(server + "/api/v1/organisations", params={"limit": 200}).json()["items"]
    other = next(o for o in orgs if o["name"] == OTHER_ORG)
    t = staff.get(server + "/api/v1/tickets", params={"customer": other["id"], "limit": 1}).json()["items"][0]
    t = staff.get(server + "/api/v1/tickets/" + t["id"]).json()
    sign_in(ui, CUSTOMER)
    ui.get(server + "/app/tickets/" + t["id"])
    ui.wait(lambda: ui.find("h1").text == "Ticket not found", what="the not-found page")
    html = page_html(ui)
    for value in [t["subject"], t["ref"], t.get("description"), t["id"]]:
        assert not value or value not in html, f"{value!r} from another organisation's ticket is in the page"
    assert "another organisation" in ui.find("main").text
    assert ui.find('main a[href="/app/portal/tickets"]')
    shot(ui, "portal-not-found")


def test_portal_on_a_phone_without_csp_violations(ui, server):
    ui.set_size(390, 844)
    sign_in(ui, COLLEAGUE)
    pages = [("/app/portal", ".agreement"), ("/app/portal/new", "#raise-form"), ("/app/portal/tickets", "#my-tickets tbody tr"),
             ("/app/portal/tickets/all", "#my-tickets tbody tr")]
    for path, ready in pages:
        ui.get(server + path)
        ui.find(ready)
        width = ui.script("return document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
        shot(ui, "portal-phone-" + (path[len("/app/portal/"):].replace("/", "-") or "home"))
    ui.find("#my-tickets tbody tr a.subject").click()
    ui.find("#promises")
    width = ui.script("return document.documentElement.scrollWidth")
    assert width <= 390, f"the ticket page scrolls sideways on a phone ({width}px)"
    shot(ui, "portal-phone-ticket")
    ui.get(server + "/app/queue/mine")  # a staff page: not for customers
    ui.wait(lambda: ui.find("h1").text == "Page not found", what="the not-found page for a staff path")
    entries = ui.log()
    assert not csp_violations(entries), json.dumps(csp_violations(entries), indent=1)


def test_agent_clock_bar_draws_paused_spans(ui, server):
    agent = api_session(server, "anna@levera.demo")
    t = agent.post(server + "/api/v1/tickets", json={"type": "incident", "customer": "Acme A/S", "service": "E-mail",
                                                    "subject": "Clock with a pause", "priority": "P3"}).json()
    t = post_event(agent, server, t, {"type": "status", "to": "waiting_on_customer"})
    time.sleep(1.0)  # spans have whole seconds: let the pause last one
    sign_in(ui, "anna@levera.demo")
    ui.get(server + "/app/tickets/" + t["id"])
    clock = '#clocks .clock[data-metric="resolution"]'
    ui.find(clock + " .spans .span-paused")
    pattern = ui.script(f"return getComputedStyle(document.querySelector('{clock} .span-paused')).backgroundImage")
    assert "repeating-linear-gradient" in pattern, pattern
    assert ui.find(clock + " .legend").text.split() == ["running", "paused"]
    shot(ui, "ticket-clock-spans")
