"""levera calendar due|elapsed|check|holidays, end to end through the binary.

The golden cases of tests/sla/cases/ are fed through the real binary here, so the
CLI and the engine are held to the same expectations."""
import glob
import json
import os
import subprocess

import pytest

from conftest import BIN, ROOT, run

CASES = sorted(glob.glob(os.path.join(ROOT, "tests", "sla", "cases", "*.json")))
REJECTS = sorted(glob.glob(os.path.join(ROOT, "tests", "sla", "reject", "*.json")))


def write_calendar(tmp_path, doc, name="cal.json"):
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return str(path)


def secs(v):
    if isinstance(v, int):
        return str(v)
    return v


@pytest.mark.parametrize("case", CASES, ids=[os.path.basename(c)[:-5] for c in CASES])
def test_golden_case_through_binary(tmp_path, case):
    doc = json.load(open(case))
    cal = write_calendar(tmp_path, doc["calendar"])
    if doc.get("due"):
        lines = "".join(f"{t} {secs(s)}\n" for t, s, _ in doc["due"])
        _, out, _ = run(["calendar", "due", cal], lines, check_rc=0)
        assert out.splitlines() == [want for _, _, want in doc["due"]]
    if doc.get("elapsed"):
        lines = "".join(f"{a} {b}\n" for a, b, _ in doc["elapsed"])
        _, out, _ = run(["calendar", "elapsed", cal], lines, check_rc=0)
        assert out.splitlines() == [str(want) for _, _, want in doc["elapsed"]]


@pytest.mark.parametrize("case", REJECTS, ids=[os.path.basename(c)[:-5] for c in REJECTS])
def test_bad_calendar_exits_2_naming_the_field(tmp_path, case):
    doc = json.load(open(case))
    text = doc["calendar_text"] if "calendar_text" in doc else json.dumps(doc["calendar"])
    cal = write_calendar(tmp_path, text)
    for sub in ["due", "elapsed", "check"]:
        rc, out, err = run(["calendar", sub, cal], "2026-03-02T08:00:00Z 1h\n")
        assert rc == 2, err
        assert out == ""
        line = err.strip()
        assert "\n" not in line
        assert line.startswith(f"levera: {cal}: ")
        field = doc["error"]["field"]
        if field:
            assert f": {field}: " in line, line


def test_bad_lines_keep_output_aligned(tmp_path, root):
    cal = os.path.join(root, "examples", "copenhagen-office.json")
    lines = ["2026-03-02T07:00:00Z 4h",
             "",
             "2026-03-02T07:00:00Z",
             "2026-02-30T07:00:00Z 4h",
             "2026-03-02T07:00:00Z 4days",
             "2026-03-02T07:00:00 4h",
             "2250-01-01T00:00:00Z 1h",
             "2200-12-31T12:00:00Z 100h",
             "x" * 10000,
             "2026-03-02T07:00:00Z 4h extra",
             "  2026-03-02T07:00:00Z\t14401  ",
             "2026-03-02T08:00:00+01:00 0"]
    rc, out, err = run(["calendar", "due", cal], "\n".join(lines) + "\n")
    assert rc == 1
    got = out.splitlines()
    assert len(got) == len(lines)
    assert got[0] == "2026-03-02T11:00:00Z"
    assert got[1] == "error: expected 'START SECONDS'"
    assert got[2] == "error: expected 'START SECONDS'"
    assert got[3] == "error: '2026-02-30T07:00:00Z' is not a real date"
    assert got[4].startswith("error: '4days' is not a duration")
    assert got[5].startswith("error: '2026-03-02T07:00:00' has no UTC offset")
    assert got[6] == "error: '2250-01-01T00:00:00Z' is outside the years 1970..2200"
    assert got[7] == "error: the deadline falls after the calendar's last year"
    assert got[8].startswith("error: line 9 is longer than")
    assert got[9] == "error: expected 'START SECONDS'"
    assert got[10] == "2026-03-02T11:30:01Z"
    assert got[11] == "2026-03-02T07:00:00Z"


def test_elapsed_lines_and_errors(root):
    cal = os.path.join(root, "examples", "copenhagen-office.json")
    lines = "2026-03-02T00:00:00Z 2026-03-09T00:00:00Z\n2026-03-03T00:00:00Z 2026-03-02T00:00:00Z\n" \
            "2026-03-02T07:00:00Z 2026-03-02T07:00:00Z\r\nnonsense\n2026-03-02T07:00:00Z 2026-03-02T08:00:00Z"
    rc, out, _ = run(["calendar", "elapsed", cal], lines)
    assert rc == 1
    assert out.splitlines() == ["138600",
                                "error: TO '2026-03-02T00:00:00Z' is before FROM '2026-03-03T00:00:00Z'",
                                "0", "error: expected 'FROM TO'", "3600"]


def test_missing_calendar_file_and_arguments(tmp_path):
    rc, _, err = run(["calendar", "due", str(tmp_path / "nope.json")], "")
    assert rc == 2 and "cannot open" in err and "nope.json" in err
    rc, _, err = run(["calendar", "due"], "")
    assert rc == 2 and "needs a calendar file" in err
    rc, _, err = run(["calendar", "due", "a.json", "b.json"], "")
    assert rc == 2 and "unexpected argument 'b.json'" in err


def test_check_summarises(root):
    cal = os.path.join(root, "examples", "copenhagen-office.json")
    rc, out, _ = run(["calendar", "check", cal, "--from", "2026-12-23T14:00:00Z"], check_rc=0)
    assert out.splitlines() == [
        "Copenhagen office (Europe/Copenhagen): valid",
        "Business hours per week: 38h30m (138600 s)",
        "  mon  08:00-12:00 12:30-16:00",
        "  tue  08:00-16:00",
        "  wed  08:00-16:00",
        "  thu  08:00-16:00",
        "  fri  08:00-15:00",
        "  sat  closed",
        "  sun  closed",
        "Next 5 business intervals after 2026-12-23T14:00:00Z, local time:",
        "  Wed 2026-12-23 15:00-16:00 (UTC+01:00)",
        "  Mon 2026-12-28 08:00-12:00 (UTC+01:00)",
        "  Mon 2026-12-28 12:30-16:00 (UTC+01:00)",
        "  Tue 2026-12-29 08:00-16:00 (UTC+01:00)",
        "  Wed 2026-12-30 08:00-16:00 (UTC+01:00)",
        "Holidays (3): 2026-12-24, 2026-12-25, 2026-12-26",
    ]


def test_check_json_and_24x7(tmp_path):
    cal = write_calendar(tmp_path, {"timezone": "America/New_York",
                                    "week": {d: ["00:00-24:00"] for d in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}})
    rc, out, _ = run(["calendar", "check", cal, "--from", "2026-03-01T00:00:00Z", "--json"], check_rc=0)
    doc = json.loads(out)
    assert doc["valid"] is True
    assert doc["week_business_s"] == 7 * 86400
    assert doc["calendar"]["timezone"] == "America/New_York"
    # 24x7 is one interval, from now to the end of the engine's last year.
    assert doc["next_intervals"] == [{"start": "2026-03-01T00:00:00Z", "end": "2201-01-01T00:00:00Z",
                                      "start_local": "2026-02-28T19:00:00-05:00",
                                      "end_local": "2200-12-31T19:00:00-05:00"}]


def test_check_rejects_bad_from(root):
    cal = os.path.join(root, "examples", "copenhagen-office.json")
    rc, _, err = run(["calendar", "check", cal, "--from", "yesterday"], check_rc=2)
    assert "--from" in err


def _maxrss_kib(args, stdin_file):
    with open(stdin_file, "rb") as inp:
        p = subprocess.Popen([BIN] + args, stdin=inp, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, usage.ru_maxrss


def test_memory_stays_flat_with_input_size(tmp_path, root):
    cal = os.path.join(root, "examples", "copenhagen-office.json")
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    line = b"2026-03-02T07:00:00Z 4h\n"
    small.write_bytes(line * 1000)
    big.write_bytes(line * 2_000_000)
    rc1, rss_small = _maxrss_kib(["calendar", "due", cal], small)
    rc2, rss_big = _maxrss_kib(["calendar", "due", cal], big)
    assert rc1 == 0 and rc2 == 0
    assert rss_big - rss_small < 2048, (rss_small, rss_big)


def test_holidays_from_icalendar(tmp_path):
    ics = tmp_path / "h.ics"
    ics.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
                   "BEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20261224\r\n"
                   "RRULE:FREQ=YEARLY\r\nSUMMARY:Juleaften\r\nEND:VEVENT\r\n"
                   "BEGIN:VEVENT\r\nUID:2\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20270325\r\n"
                   "DTEND;VALUE=DATE:20270327\r\nSUMMARY:Easter\r\nEND:VEVENT\r\n"
                   "BEGIN:VEVENT\r\nUID:3\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260310T090000Z\r\n"
                   "SUMMARY:Meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    rc, out, err = run(["calendar", "holidays", str(ics), "--from", "2026", "--to", "2028"], check_rc=0)
    assert json.loads(out) == ["2026-12-24", "2027-03-25", "2027-03-26", "2027-12-24", "2028-12-24"]
    # The output is what a calendar's "holidays" takes.
    cal = write_calendar(tmp_path, {"timezone": "Europe/Copenhagen", "week": {"thu": ["08:00-16:00"]},
                                    "holidays": json.loads(out)})
    run(["calendar", "check", cal, "--from", "2026-12-20T00:00:00Z"], check_rc=0)


def test_holidays_rejects_bad_input(tmp_path):
    bad = tmp_path / "bad.ics"
    bad.write_text("this is not a calendar\n")
    rc, out, err = run(["calendar", "holidays", str(bad), "--from", "2026", "--to", "2027"])
    assert rc == 2 and out == "" and "ics" in err
    rc, _, err = run(["calendar", "holidays", str(bad), "--from", "1900"])
    assert rc == 2 and "'1900' is not a year" in err
    rc, _, err = run(["calendar", "holidays", str(bad), "--from", "2030", "--to", "2026"])
    assert rc == 2 and "before" in err
