"""The dashboards end to end in headless Chromium: the strategic one (the server's charts, each with its
figures as a table, filters, key figures, credits and review packs), the operations one (at-risk queue,
workload, deadlines) and a customer's service report, which must show their own organisation only."""
import json
import re
from urllib.parse import parse_qs, urlsplit

from conftest import api_session, shot, sign_in

AGENT = "anna@levera.demo"
CUSTOMER = "ole@acme.example"  # Acme A/S
OTHER_ORG = "Fjord Logistics ApS"
STRATEGIC = ["compliance-trend", "compliance-by-customer", "volume-trend", "backlog-trend", "csat-trend", "nps-trend",
             "availability-trend"]
OPERATIONS = ["workload-by-team", "deadlines"]

LOADED = """return [...document.querySelectorAll('main img.chart')].map(i => ({id: i.id, src: i.getAttribute('src'),
    alt: i.alt, done: i.complete, w: i.naturalWidth}))"""


def charts_loaded(ui, names):
    """Waits until every chart named has loaded a picture; returns their {id, src, alt, w}."""
    def ready():
        imgs = ui.script(LOADED)
        ids = {i["id"] for i in imgs if i["done"] and i["w"] > 0}
        return imgs if all("chart-" + n in ids for n in names) else None
    return ui.wait(ready, 15.0, "the charts to load")


def no_sideways_scroll(ui, server, path):
    ui.set_size(390, 844)
    ui.get(server + path)
    ui.find("main h1")
    ui.wait(lambda: ui.script("return document.readyState") == "complete", what=path)
    width = ui.script("return document.documentElement.scrollWidth")
    assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"


def test_strategic_dashboard_draws_its_charts_for_an_agent(ui, server):
    sign_in(ui, AGENT)
    ui.find('#nav a[href="/app/dashboard/strategic"]').click()
    ui.wait(lambda: ui.find("main h1").text == "Dashboard — strategic", what="the strategic dashboard")
    imgs = charts_loaded(ui, STRATEGIC)
    for i in imgs:
        assert i["src"].startswith("/api/v1/charts/"), i
        assert len(i["alt"]) > 40 and "chart" in i["alt"], f"{i['id']} has no meaningful alt text: {i['alt']!r}"
    # Every chart has its figures as a table, from GET /kpis: twelve months for the trends.
    ui.wait(lambda: len(ui.find_all("[data-chart=compliance-trend] details table tbody tr")) == 12, what="the table")
    ui.find("[data-chart=compliance-trend] details summary").click()
    assert ui.find("[data-chart=compliance-trend] details table").text
    assert ui.find_all("[data-chart=compliance-by-customer] details table tbody tr")
    # This month's key figures, with a change that is said in words as well as by the arrow.
    ui.wait(lambda: len(ui.find_all("#key-figures tbody tr")) == 10, what="the key figures")
    assert re.search(r"(up|down) |no change|—", ui.find("#key-figures").text)
    # Credits: owed, none owed, or an error said as such (never a silent sum).
    ui.wait(lambda: ui.find_all("#credits-error") or ui.find_all("#credits-none") or ui.find_all("#credits-table"),
            what="the credits panel")
    assert not ui.find_all("#credits-error"), ui.find("#credits").text  # GET /api/v1/credits answers
    # One PDF and one XLSX review pack of last month per customer.
    s = api_session(server, AGENT)
    customers = [o for o in s.get(server + "/api/v1/organisations", params={"limit": 200}).json()["items"]
                 if o["type"] == "customer"]
    links = [urlsplit(a.attr("href")) for a in ui.find_all("#packs a.pack-link")]
    assert len(links) == 2 * len(customers)
    assert {parse_qs(u.query)["customer"][0] for u in links} == {c["id"] for c in customers}
    assert {parse_qs(u.query)["format"][0] for u in links} == {"pdf", "xlsx"}
    assert all(u.path == "/api/v1/reports/review" for u in links)
    ui.script("window.scrollTo(0, 0)")
    shot(ui, "dashboard-strategic")

    # A filter redraws every chart for one customer and a window of months.
    acme = next(c for c in customers if c["name"] == "Acme A/S")
    ui.script("document.getElementById('f-customer').value = arguments[0];"
              "document.getElementById('f-from').value = '2026-01'; document.getElementById('f-to').value = '2026-06';",
              acme["id"])
    ui.find("#dash-filters button[type=submit]").click()
    ui.wait(lambda: all("customer=" + acme["id"] in i["src"] and "from=2026-01" in i["src"]
                        for i in ui.script(LOADED)), what="the filtered charts")
    charts_loaded(ui, STRATEGIC)
    ui.wait(lambda: len(ui.find_all("[data-chart=volume-trend] details table tbody tr")) == 6, what="six months")
    assert [urlsplit(a.attr("href")).query.count(acme["id"]) for a in ui.find_all("#packs a.pack-link")] == [1, 1]
    problems = [e for e in ui.log() if "Content Security Policy" in e.get("message", "")]
    assert not problems, json.dumps(problems, indent=1)

    no_sideways_scroll(ui, server, "/app/dashboard/strategic")
    charts_loaded(ui, STRATEGIC)
    shot(ui, "dashboard-strategic-phone")


def test_operations_dashboard_shows_the_ticket_at_risk(ui, server):
    s = api_session(server, AGENT)
    at_risk = s.get(server + "/api/v1/tickets", params={"sla": "at_risk", "open": "true", "sort": "due_at",
                                                         "limit": 1}).json()["items"]
    assert at_risk, "the demo seeds tickets at risk"
    sign_in(ui, AGENT)
    ui.find('#nav a[href="/app/dashboard/operations"]').click()
    ui.wait(lambda: ui.find("main h1").text == "Dashboard — operations", what="the operations dashboard")
    row = ui.find(f'#at-risk tr[data-id="{at_risk[0]["id"]}"]', timeout=15)
    assert at_risk[0]["subject"] in row.text
    assert "warning" in ui.find(f'#at-risk tr[data-id="{at_risk[0]["id"]}"] .badge').text
    assert ui.find_all("#breaches") or ui.find_all("#breaches-none")
    charts_loaded(ui, OPERATIONS)
    ui.wait(lambda: len(ui.find_all("[data-chart=deadlines] details table tbody tr")) == 9, what="overdue + 8 hours")
    assert ui.find_all("[data-chart=workload-by-team] details table tbody tr")
    assert "refreshed every 30 seconds" in ui.find("#ops-updated").text
    shot(ui, "dashboard-operations")
    no_sideways_scroll(ui, server, "/app/dashboard/operations")
    charts_loaded(ui, OPERATIONS)
    shot(ui, "dashboard-operations-phone")


def test_a_customer_sees_their_own_service_report(ui, server):
    me = api_session(server, CUSTOMER).get(server + "/api/v1/session").json()["user"]
    sign_in(ui, CUSTOMER)
    assert not ui.find_all('#nav a[href^="/app/dashboard/"]'), "a customer sees the staff dashboards"
    ui.find('#nav a[href="/app/portal/report"]').click()
    ui.wait(lambda: ui.find("main h1").text == "Service report", what="the service report")
    assert ui.find("#report-org").text.startswith("Acme A/S")
    imgs = charts_loaded(ui, ["compliance-trend", "csat-trend"])
    assert all("customer=" not in i["src"] for i in imgs), "the page asks for another organisation's figures"
    links = [urlsplit(a.attr("href")) for a in ui.find_all("#packs a.pack-link")]
    assert links and all(parse_qs(u.query)["customer"] == [me["organisation"]] for u in links), links
    # The pack behind a link is the customer's own and downloads.
    got = ui.script("""return fetch(arguments[0]).then(r => [r.status, r.headers.get('Content-Type'),
        r.headers.get('Content-Disposition')])""", links[1].path + "?" + links[1].query)
    assert got[0] == 200 and "spreadsheetml" in got[1] and "attachment" in got[2], got
    ui.wait(lambda: ui.find_all("[data-chart=compliance-trend] details table tbody tr"), what="the figures")
    assert OTHER_ORG not in ui.script("return document.documentElement.outerHTML")
    shot(ui, "service-report")
    no_sideways_scroll(ui, server, "/app/portal/report")
    charts_loaded(ui, ["compliance-trend", "csat-trend"])
    shot(ui, "service-report-phone")
