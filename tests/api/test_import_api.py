"""POST /api/v1/import: the JSONL of `levera import` over HTTP, for admins only."""
import json
import os

import pytest

from conftest import ROOT, Client, assert_error, module_server, seed

EXAMPLE = os.path.join(ROOT, "tests", "cli", "data", "issue3_example.jsonl")


def prepare(db):
    seed(db, ['{"kind":"organisation","name":"Desk","type":"team"}'],
         [("ada@example.com", "admin", []), ("al@example.com", "agent", [])])


@pytest.fixture(scope="module")
def srv():
    yield from module_server(prepare)


def test_admin_imports_and_the_clocks_are_right(srv):
    ada = Client(srv, "ada@example.com", "/api/v1")
    body = open(EXAMPLE).read() + '{"kind":"spaceship"}\n\n{"kind":"organisation","name":"Broken"\n'
    r = ada.post("/import", data=body, headers={"Content-Type": "application/x-ndjson"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert (out["created"], out["skipped"], out["failed"]) == (6, 0, 2)
    assert [(e["line"], e["field"]) for e in out["errors"]] == [(7, "kind"), (9, "")]
    assert out["errors"][1]["message"].startswith("malformed JSON")
    # Again: everything is already there.
    again = ada.post("/import", data=open(EXAMPLE).read()).json()
    assert (again["created"], again["skipped"], again["failed"]) == (0, 6, 0)
    items = ada.get("/tickets", params={"customer": "Acme A/S"}).json()["items"]
    [ticket] = [t for t in items if t["ref"] == "RT-1042"]
    full = ada.get(f"/tickets/{ticket['id']}").json()
    clocks = {c["metric"]: c for c in full["sla"]}
    assert clocks["response"]["state"] == "met" and clocks["response"]["elapsed_business_s"] == 2700
    assert clocks["resolution"]["elapsed_business_s"] == 17100
    assert clocks["resolution"]["breached_at"] == "2026-03-03T11:15:00Z"
    assert clocks["resolution"]["paused_wall_s"] == 82800


def test_only_admins_import(srv):
    al = Client(srv, "al@example.com", "/api/v1")
    assert_error(al.post("/import", data='{"kind":"organisation","name":"X","type":"team"}\n'), 403, "forbidden")


def test_bad_lines_are_counted_not_fatal(srv):
    ada = Client(srv, "ada@example.com", "/api/v1")
    r = ada.post("/import", data="not json\n")
    assert r.status_code == 200 and r.json()["failed"] == 1 and r.json()["errors"][0]["line"] == 1
