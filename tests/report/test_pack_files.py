"""The review pack files the unit tests write (build/test-out/pack_oct.*), read by real readers.

The XLSX is opened with openpyxl: its sheets, bold frozen header rows, numbers stored as numbers
and the formula-looking comment stored as a string.  The PDF is rendered with poppler (pdftoppm,
pages kept in build/screenshots/) and its text extracted with pdftotext.
"""
import glob
import json
import os
import subprocess

import openpyxl
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "build", "test-out")
SHOTS = os.path.join(ROOT, "build", "screenshots")
FIXTURE = os.path.join(ROOT, "tests", "unit", "report", "fixtures", "pack_oct.json")


def produced(name):
    path = os.path.join(OUT, name)
    assert os.path.exists(path), f"{path} is missing: run build/unit_tests --filter 'pack/*' first (make report-test)"
    return path


@pytest.fixture(scope="module")
def doc():
    with open(FIXTURE, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="module")
def wb():
    return openpyxl.load_workbook(produced("pack_oct.xlsx"))


def rows(ws):
    """The data rows of a sheet as dicts keyed by its header row."""
    header = [c.value for c in ws[1]]
    return [dict(zip(header, r)) for r in ws.iter_rows(min_row=2)]


def test_xlsx_has_a_sheet_per_section(wb):
    assert wb.sheetnames == ["Summary", "Agreements", "Compliance", "Trend", "Breaches", "Availability", "CSAT",
                             "Credits", "Improvements", "Planned"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert all(c.font.b for c in ws[1] if c.value is not None), f"{ws.title}: header not bold"
        assert ws.column_dimensions["A"].width >= 8, ws.title


def test_xlsx_compliance_is_numeric_and_right(wb, doc):
    got = rows(wb["Compliance"])
    assert len(got) == len(doc["compliance"])
    for want, row in zip(doc["compliance"], got):
        assert row["Agreement"].value == want["agreement"]
        assert row["Met"].value == want["met"] and row["Met"].data_type == "n"
        assert row["Target (business h)"].value == pytest.approx(want["target_s"] / 3600)
        if want["compliance"] is None:
            assert row["Compliance"].value is None
        else:
            assert row["Compliance"].data_type == "n"
            assert row["Compliance"].value == pytest.approx(want["compliance"] / 100)
            assert "%" in row["Compliance"].number_format
    p1 = [r for r in got if r["Metric"].value == "resolution" and r["Priority"].value == "P1"
          and r["Agreement"].value == "Gold Support"][0]
    assert p1["Compliance"].value == pytest.approx(0.8462)


def test_xlsx_trend_has_twelve_months(wb, doc):
    ws = wb["Trend"]
    header = [c.value for c in ws[1]]
    assert header[3:] == [m["month"] for m in doc["compliance"][0]["trend"]]
    assert ws.cell(row=3, column=4 + 11).value == pytest.approx(doc["compliance"][1]["trend"][11]["compliance"] / 100)


def test_xlsx_text_is_never_a_formula(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{ws.title}!{c.coordinate} is a formula: {c.value}"
    comments = [r["Comment"] for r in rows(wb["CSAT"])]
    link = [c for c in comments if c.value.startswith("=HYPERLINK")]
    assert len(link) == 1 and link[0].data_type == "s"
    assert any("<script>" in c.value for c in comments)


def test_xlsx_breaches_and_credits(wb, doc):
    got = rows(wb["Breaches"])
    assert [r["Ticket"].value for r in got] == [b["ref"] or b["ticket"] for b in doc["breaches"]]
    assert got[0]["Business time used (h)"].value == pytest.approx(17100 / 3600)
    assert got[0]["Breached at (UTC)"].data_type == "d"  # a date-time, not text
    credits = rows(wb["Credits"])
    assert credits[-1]["Agreement"].value == "Total owed"
    assert credits[-1]["Amount"].value == pytest.approx(float(doc["credits"]["total"]))


def test_pdf_renders_and_holds_the_pack(doc):
    pdf = produced("pack_oct.pdf")
    os.makedirs(SHOTS, exist_ok=True)
    for old in glob.glob(os.path.join(SHOTS, "pack_oct-*.png")):
        os.remove(old)
    subprocess.run(["pdftoppm", "-r", "80", "-png", pdf, os.path.join(SHOTS, "pack_oct")], check=True, timeout=120)
    pages = sorted(glob.glob(os.path.join(SHOTS, "pack_oct-*.png")))
    assert len(pages) >= 2
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True,
                          timeout=60).stdout.decode()
    assert doc["customer"]["name"] in text
    assert "INC-10423" in text
    assert "October 2026" in text
    assert f"Page 1 of {len(pages)}" in text and f"Page {len(pages)} of {len(pages)}" in text
    assert "84.62 %" in text
    assert "Århus" in text
    assert "937.50 EUR" in text


def test_pdf_repeats_the_table_header_after_a_page_break():
    pdf = produced("pack_long.pdf")
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True,
                          timeout=60).stdout.decode()
    pages = text.split("\f")
    with_header = [i for i, p in enumerate(pages) if "Ticket" in p and "Overrun" in p and "Breached" in p]
    assert len(with_header) >= 2, "the breaches table header is not repeated on its next page"
    assert all(p.count("Page ") == 1 for p in pages if p.strip())
