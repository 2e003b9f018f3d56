"""Catalog, agreements and calendars end to end in headless Chromium: create a service, edit an agreement
(and meet a stale version), the calendar week view and an iCalendar import, with screenshots."""
import os
import tempfile

from conftest import api_session, shot, sign_in


def choose(b, css, value):
    """Sets a <select> (or input) to value as a person would, firing change."""
    b.script("""const el = document.querySelector(arguments[0]); el.value = arguments[1];
                el.dispatchEvent(new Event('change', {bubbles: true}));""", css, value)


def test_manager_creates_a_service_with_an_offering(ui, server):
    sign_in(ui, "manager@levera.demo")
    ui.find('#nav a[href="/app/catalog"]').click()
    ui.find("#catalog tbody tr")
    shot(ui, "catalog")
    ui.find("#new-service").click()
    ui.find("#service-form")
    ui.find("#f-name").send_keys("Print <b>Service</b>")
    ui.find("#f-description").send_keys("Printers, toner and scanning for every office.")
    ui.find("#f-category").send_keys("Workplace")
    ui.find("#f-currency").clear()
    ui.find("#f-currency").send_keys("DKK")
    ui.find("#add-offering").click()
    ui.find("#off-0-name").send_keys("Standard")
    ui.find("#off-0-price").send_keys("1250.50")
    ui.find("#off-0-cost").send_keys("12")
    shot(ui, "service-edit")
    ui.find("#service-form button[type=submit]").click()
    ui.wait(lambda: ui.find("#service-name").text == "Print <b>Service</b>", what="the new service's page")
    assert "created" in ui.find(".flash").text.lower()
    row = ui.find("#offerings tbody tr").text
    assert "Standard" in row and "1,250.50" in row and "12.00" in row, row
    shot(ui, "service")
    ui.find('a[href="/app/catalog"]').click()
    ui.wait(lambda: any(a.text == "Print <b>Service</b>" for a in ui.find_all("#catalog a.subject")), what="the catalog entry")
    assert ui.script("return document.querySelectorAll('main b').length") == 0


def test_agent_reads_the_catalog_without_edit_buttons(ui, server):
    sign_in(ui, "anna@levera.demo")
    ui.get(server + "/app/catalog")
    ui.find("#catalog tbody tr a").click()
    ui.find("#offerings")
    assert not ui.find_all("#edit-service") and not ui.find_all("#new-service")
    assert not ui.find_all('#nav a[href="/app/admin/users"]'), "an agent sees Administration"


def _agreement(s, server, name):
    items = s.get(server + "/api/v1/agreements", params={"limit": 200}).json()["items"]
    return next(a for a in items if a["name"] == name)


def test_manager_edits_an_agreement_target_and_meets_a_stale_version(ui, server):
    s = api_session(server, "manager@levera.demo")
    a = _agreement(s, server, "Nordlys Energi A/S SLA")
    sign_in(ui, "manager@levera.demo")
    ui.find('#nav a[href="/app/agreements"]').click()
    ui.find("#agreements tbody tr")
    shot(ui, "agreements")
    ui.get(server + "/app/agreements/" + a["id"])
    ui.find("#targets")
    assert len(ui.find_all("#components .component")) == 8
    shot(ui, "agreement")
    ui.find("#edit-agreement").click()
    ui.find("#agreement-form")
    i = next(n for n, t in enumerate(a["targets"]) if t["metric"] == "resolution" and t["priority"] == "P4")
    dur = ui.find(f"#tg-{i}-duration")
    dur.clear()
    dur.send_keys("37h")
    shot(ui, "agreement-edit")
    ui.find("#agreement-form button[type=submit]").click()
    cell = '#targets tr[data-metric="resolution"][data-priority="P4"] .duration'
    ui.wait(lambda: ui.find_all(cell) and ui.find(cell).text == "37 business hours", what="the edited target")
    assert "saved" in ui.find(".flash").text.lower()

    # A stale edit: another client saves meanwhile; this form's version is stale, so it reloads and says so.
    ui.find("#edit-agreement").click()
    ui.find("#agreement-form")
    fresh = s.get(server + "/api/v1/agreements/" + a["id"]).json()
    doc = {k: v for k, v in fresh.items() if k not in ("id", "version", "created_at", "updated_at", "archived", "warnings")}
    doc["components"]["termination"] = "Three months' notice."
    r = s.put(server + "/api/v1/agreements/" + a["id"], json=doc, headers={"If-Match": f'"{fresh["version"]}"'})
    assert r.status_code == 200, r.text
    dur = ui.find(f"#tg-{i}-duration")
    dur.clear()
    dur.send_keys("1h")
    ui.find("#agreement-form button[type=submit]").click()
    ui.wait(lambda: "reloaded" in ui.find("#edit-note").text, what="the reload message")
    assert ui.find("#comp-termination").attr("value") == "Three months' notice."
    assert ui.find(f"#tg-{i}-duration").attr("value") == "37h"
    shot(ui, "agreement-stale")


def test_ola_shows_the_consistency_warnings(ui, server):
    s = api_session(server, "manager@levera.demo")
    ola = _agreement(s, server, "Network OLA")
    fresh = s.get(server + "/api/v1/agreements/" + ola["id"]).json()
    doc = {k: v for k, v in fresh.items() if k not in ("id", "version", "created_at", "updated_at", "archived", "warnings")}
    for t in doc["targets"]:
        if t["metric"] == "resolution" and t["priority"] == "P1":
            t["duration"] = 400 * 3600  # far longer than the SLA allows
    r = s.put(server + "/api/v1/agreements/" + ola["id"], json=doc, headers={"If-Match": f'"{fresh["version"]}"'})
    assert r.status_code == 200 and r.json()["warnings"], r.text
    sign_in(ui, "anna@levera.demo")
    ui.get(server + "/app/agreements/" + ola["id"])
    text = ui.find("#fit").text
    assert "Consistency warnings" in text and "P1" in text, text
    assert not ui.find_all("#edit-agreement"), "an agent may not edit agreements"
    shot(ui, "agreement-ola-warnings")


ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//levera tests//EN\r\nBEGIN:VEVENT\r\nUID:1@levera.test\r\n"
       "DTSTART;VALUE=DATE:20270714\r\nDTEND;VALUE=DATE:20270715\r\nSUMMARY:Company day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def test_calendar_week_view_and_ics_import(ui, server):
    sign_in(ui, "manager@levera.demo")
    ui.find('#nav a[href="/app/calendars"]').click()
    ui.find("#calendars tbody tr")
    shot(ui, "calendars")
    ui.script("[...document.querySelectorAll('#calendars a')].find(a => a.textContent === 'DK office').click()")
    ui.find("#week")
    assert len(ui.find_all("#week .day")) == 7
    assert "Europe/Copenhagen" in ui.find("#week-tz").text
    assert "08:00–16:00" in ui.find('#week .day[data-day="mon"] .block').text
    assert "08:00–15:30" in ui.find('#week .day[data-day="fri"] .block').text
    assert ui.find_all('#week .day[data-day="sat"] .closed')
    top = ui.script("return parseFloat(document.querySelector('#week .day[data-day=mon] .block').style.top)")
    assert abs(top - 100 * 8 / 24) < 0.1, top
    shot(ui, "calendar")
    assert not ui.find_all('#holidays li[data-date="2027-07-14"]')
    with tempfile.NamedTemporaryFile("w", suffix=".ics", delete=False, newline="") as f:
        f.write(ICS)
    try:
        ui.find("#ics-file").send_keys(f.name)
        ui.find("#ics-form button[type=submit]").click()
        ui.wait(lambda: "1 holiday added" in ui.find("#calendar-note").text, what="the import message")
    finally:
        os.unlink(f.name)
    assert ui.find_all('#holidays li[data-date="2027-07-14"]')
    shot(ui, "calendar-imported")
    ui.find("#edit-calendar").click()
    ui.find("#week-mon")
    assert ui.find("#week-fri").attr("value") == "08:00-15:30"
    shot(ui, "calendar-edit")
