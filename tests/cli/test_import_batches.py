"""levera import of many tickets: batches written while the next is read, reported in line order."""
import json
import os
import re
import signal
import subprocess
import time

from conftest import BIN, ROOT, run

EXAMPLE = os.path.join(ROOT, "tests", "cli", "data", "issue3_example.jsonl")
SETUP_LINES = 5  # calendar, organisations, ... before the example's one ticket


def write_tickets(path, n, bad=None, extra=None):
    """The example's setup, then n tickets T-1..T-n; bad maps a ticket number to the line put in its place."""
    lines = open(EXAMPLE).read().splitlines()
    setup, ticket = lines[:SETUP_LINES], json.loads(lines[SETUP_LINES])
    out = list(setup)
    for i in range(1, n + 1):
        if bad and i in bad:
            out.append(bad[i])
        else:
            out.append(json.dumps(dict(ticket, ref=f"T-{i}")))
    out += extra or []
    path.write_text("\n".join(out) + "\n")
    return ticket


def line_of(i):
    return SETUP_LINES + i


def count_tickets(db):
    _, out, _ = run(["export", "tickets", "--db", db, "--as-of", "2026-03-04T00:00:00Z"], check_rc=0)
    return len(out.splitlines())


def test_bad_lines_amid_batches_are_reported_in_order_and_the_rest_commits(tmp_path):
    db, path = str(tmp_path / "levera.db"), tmp_path / "many.jsonl"
    ticket = json.loads(open(EXAMPLE).read().splitlines()[SETUP_LINES])
    # Several batches of 512; bad lines at the edges and in the middle of batches.
    bad = {
        1: json.dumps(dict(ticket, ref="B-1", priority="P9")),
        300: '{"kind":"ticket", "ref": ',
        700: json.dumps(dict(ticket, ref="B-700", customer="Nobody Inc")),
        701: json.dumps(dict(ticket, ref="T-2")),  # a repeat of an earlier batch's ref: skipped
        1024: json.dumps(dict(ticket, ref="B-1024", colour="red")),
        1500: '{"kind":"spaceship"}',
    }
    write_tickets(path, 1600, bad, extra=['{"kind":"organisation","name":"Late Org","type":"customer"}',
                                          json.dumps(dict(ticket, ref="T-1600"))])
    rc, _, err = run(["import", str(path), "--db", db])
    assert rc == 1
    reported = [(int(m.group(1)), m.group(2)) for m in re.finditer(r"many\.jsonl:(\d+): ([^\n]*)", err)]
    assert [n for n, _ in reported] == [line_of(i) for i in (1, 300, 700, 1024, 1500)], err
    assert reported[0][1].startswith("priority: ")
    assert reported[1][1].startswith("malformed JSON")
    assert reported[2][1].startswith("customer: no organisation named 'Nobody Inc'")
    assert reported[3][1].startswith("colour: unknown field 'colour'")
    assert reported[4][1].startswith("kind: unknown kind 'spaceship'")
    # 5 setup + 1594 tickets + the late organisation; T-2 again and T-1600 again are skipped.
    assert f"{5 + 1594 + 1} created, 2 skipped (already there), 5 failed" in err
    assert count_tickets(db) == 1594
    rc, _, err = run(["import", str(path), "--db", db])
    assert rc == 1
    assert f"0 created, {5 + 1594 + 1 + 2} skipped (already there), 5 failed" in err


def test_an_interrupted_import_run_again_skips_what_is_there(tmp_path):
    db, path = str(tmp_path / "levera.db"), tmp_path / "many.jsonl"
    n = 6000
    write_tickets(path, n)
    p = subprocess.Popen([BIN, "import", str(path), "--db", db], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(0.4)
    p.send_signal(signal.SIGKILL)
    p.wait()
    rc, _, err = run(["import", str(path), "--db", db], check_rc=0)
    m = re.search(r"(\d+) created, (\d+) skipped \(already there\), 0 failed", err)
    assert m, err
    assert int(m.group(1)) + int(m.group(2)) == SETUP_LINES + n
    assert count_tickets(db) == n
    _, _, err = run(["import", str(path), "--db", db], check_rc=0)
    assert f"0 created, {SETUP_LINES + n} skipped (already there), 0 failed" in err


def test_a_too_long_line_is_reported_in_its_place(tmp_path):
    db, path = str(tmp_path / "levera.db"), tmp_path / "long.jsonl"
    ticket = json.loads(open(EXAMPLE).read().splitlines()[SETUP_LINES])
    long_line = json.dumps(dict(ticket, ref="L-1", description="x" * (1024 * 1024 + 10)))
    write_tickets(path, 40, {20: long_line, 30: '{"kind":"ticket"'})
    rc, _, err = run(["import", str(path), "--db", db])
    assert rc == 1
    lines = [int(m.group(1)) for m in re.finditer(r"long\.jsonl:(\d+): ", err)]
    assert lines == [line_of(20), line_of(30)], err
    assert count_tickets(db) == 38
