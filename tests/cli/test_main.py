"""levera's own --help, --version and its handling of unknown commands and options."""
from conftest import run


def test_help_lists_commands():
    rc, out, _ = run(["--help"], check_rc=0)
    assert out.startswith("usage: levera")
    assert "calendar" in out


def test_version():
    rc, out, _ = run(["--version"], check_rc=0)
    assert out.startswith("levera ")


def test_no_command_prints_usage_and_fails():
    rc, out, err = run([], check_rc=2)
    assert "usage: levera" in err


def test_unknown_command_is_one_line_and_usage():
    rc, out, err = run(["frobnicate"], check_rc=2)
    lines = err.splitlines()
    assert lines[0] == "levera: unknown command 'frobnicate'"
    assert "usage: levera" in err


def test_unknown_global_option():
    rc, out, err = run(["--frob"], check_rc=2)
    assert err.splitlines()[0] == "levera: unknown option '--frob'"


def test_help_command_and_command_help_agree():
    _, a, _ = run(["help", "calendar"], check_rc=0)
    _, b, _ = run(["calendar", "--help"], check_rc=0)
    assert a == b and "due CAL.json" in a


def test_every_calendar_subcommand_has_help():
    for sub in ["due", "elapsed", "check", "holidays"]:
        rc, out, _ = run(["calendar", sub, "--help"], check_rc=0)
        assert out.startswith(f"usage: levera calendar {sub}")


def test_unknown_subcommand_and_option():
    rc, _, err = run(["calendar", "frob"], check_rc=2)
    assert err.splitlines()[0] == "levera: unknown calendar subcommand 'frob'"
    rc, _, err = run(["calendar", "due", "--frob", "x.json"], check_rc=2)
    assert err.splitlines()[0] == "levera: unknown option '--frob'"
    assert "levera calendar due --help" in err
