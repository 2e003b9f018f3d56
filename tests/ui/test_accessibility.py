"""WCAG 2.1 AA basics the browser can measure on every main page: text contrast (4.5:1, 3:1 for large text),
a label for every control, one h1, landmarks, and focus that lands on something visible."""
import pytest

from conftest import sign_in

# Every element with its own text: its colour against the first opaque background behind it.
CONTRAST = """
const lum = (c) => { const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const rgba = (s) => { const m = s.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
const behind = (el) => { for (let e = el; e; e = e.parentElement) {
  const cs = getComputedStyle(e);
  if (cs.backgroundImage !== 'none') return null;  /* a gradient or image: not measured here */
  const c = rgba(cs.backgroundColor); if (c[3] >= 0.99) return c; }
  return [255, 255, 255, 1]; };
const bad = [];
for (const el of document.querySelectorAll('body *')) {
  if (!el.offsetParent && getComputedStyle(el).position !== 'fixed') continue;
  const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  if (!own || ['OPTION', 'SCRIPT', 'STYLE'].includes(el.tagName)) continue;
  const cs = getComputedStyle(el);
  if (cs.visibility === 'hidden' || Number(cs.opacity) < 0.1) continue;
  const fg = rgba(cs.color), bg = behind(el);
  if (!bg || fg[3] < 0.99) continue;
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  const ratio = (a + 0.05) / (b + 0.05);
  const size = parseFloat(cs.fontSize), bold = Number(cs.fontWeight) >= 700;
  const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
  if (ratio < need) bad.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)} < ${need}`);
}
return bad;
"""

STAFF_PAGES = ["/app/queue/mine", "/app/queue/at-risk", "/app/catalog", "/app/agreements", "/app/calendars",
               "/app/tickets/new", "/app/admin/users", "/app/admin/matrix", "/app/dashboard/strategic",
               "/app/dashboard/operations"]
PORTAL_PAGES = ["/app/portal", "/app/portal/new", "/app/portal/tickets", "/app/portal/report"]


def check_page(ui, path):
    ui.find("main h1")
    ui.wait(lambda: ui.script("return !document.querySelector('main .loading')"), what=path)
    bad = ui.script(CONTRAST)
    assert not bad, f"{path}: text below WCAG AA contrast: {bad[:8]}"
    assert ui.script("return document.querySelectorAll('main h1').length") == 1, path
    assert ui.script("return !!document.querySelector('header') && !!document.querySelector('main')"), path
    unlabelled = ui.script("""return [...document.querySelectorAll('input, select, textarea')]
        .filter(el => el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
        .map(el => el.id || el.name)""")
    assert not unlabelled, f"{path}: controls without a label: {unlabelled}"


def test_sign_in_page_and_the_check_itself(ui):
    bad = ui.script(CONTRAST)
    assert not bad, bad
    # The check finds what it looks for: light grey on white is 2.3:1.
    ui.script("const p = document.createElement('p'); p.textContent = 'faint'; p.style.color = '#aaaaaa';"
              "p.style.background = '#ffffff'; document.querySelector('main').append(p);")
    assert any('"faint"' in b for b in ui.script(CONTRAST))


@pytest.mark.parametrize("who,pages", [("manager@levera.demo", STAFF_PAGES)])
def test_staff_pages(ui, server, who, pages):
    sign_in(ui, who)
    for path in pages:
        ui.get(server + path)
        check_page(ui, path)
    # The first ticket of a queue, with its clocks, timeline and forms.
    ui.get(server + "/app/queue/open")
    ui.find("main table a.subject").click()
    check_page(ui, "a ticket")


def test_portal_pages(ui, server):
    import requests
    s = requests.Session()
    customer = None
    r = s.post(server + "/api/v1/session", json={"email": "manager@levera.demo", "password": "levera-demo-2026"})
    for u in s.get(server + "/api/v1/users", params={"limit": 200}).json()["items"]:
        if u["role"] == "customer":
            customer = u["email"]
            break
    assert customer, r.text
    sign_in(ui, customer)
    for path in PORTAL_PAGES:
        ui.get(server + path)
        check_page(ui, path)


def test_keyboard_focus_is_visible(ui, server):
    sign_in(ui, "anna@levera.demo")
    ui.get(server + "/app/queue/open")
    ui.find("main table a.subject")
    seen = ui.script("""
        const out = [];
        const els = [...document.querySelectorAll('a[href], button, input, select, textarea')].filter(e => e.offsetParent);
        for (const el of els.slice(0, 12)) {
          el.focus();
          const cs = getComputedStyle(el);
          const ring = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 || cs.boxShadow !== 'none';
          if (!ring) out.push(el.outerHTML.slice(0, 60));
        }
        return out;""")
    assert not seen, f"focus without a visible outline: {seen}"
