"""Shared fixtures for the black-box tests of the levera binary."""
import os
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("LEVERA_BIN", os.path.join(ROOT, "build", "levera"))


def run(args, stdin=b"", check_rc=None):
    """Runs levera with args; returns (rc, stdout, stderr) as text."""
    p = subprocess.run([BIN] + list(args), input=stdin if isinstance(stdin, bytes) else stdin.encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    out, err = p.stdout.decode(), p.stderr.decode()
    if check_rc is not None:
        assert p.returncode == check_rc, f"rc {p.returncode}\nstdout: {out}\nstderr: {err}"
    return p.returncode, out, err


@pytest.fixture
def levera():
    return run


@pytest.fixture
def root():
    return ROOT
