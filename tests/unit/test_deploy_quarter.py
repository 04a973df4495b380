"""The hub's scheduled quarter (deploy/quarter): files systemd and sh accept, timers that name
its unit, and a script that refuses what is not a quarter before it runs anything. tests/hub
runs the script itself, as root, against a real hub's accounts and database."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "quarter"
SCRIPT = DEPLOY / "careernb-quarters"
SERVICE = DEPLOY / "careernb-quarter@.service"
TIMERS = sorted(DEPLOY.glob("*.timer"))
ANALYZE = shutil.which("systemd-analyze")


def _setting(unit: Path, key: str) -> str:
    (value,) = re.findall(rf"^{key}=(.*)$", unit.read_text(), flags=re.MULTILINE)
    return value


def test_the_script_is_an_executable_posix_shell_script():
    assert SCRIPT.stat().st_mode & 0o111
    assert SCRIPT.read_text().startswith("#!/bin/sh\n")
    subprocess.run(["sh", "-n", str(SCRIPT)], check=True)


@pytest.mark.parametrize("asked", ["2026-Q4", "last", "2026Q5", "Q4"])
def test_the_script_refuses_what_is_not_a_quarter_before_it_runs_anything(asked, tmp_path):
    done = subprocess.run(
        ["sh", str(SCRIPT), asked],
        capture_output=True, text=True, cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "CAREERNB_HUB_MANAGERS": "alice",
             "CAREERNB_QUARTER_OUT": str(tmp_path / "out")},
    )  # fmt: skip
    assert done.returncode == 2 and f"{asked} is not a quarter" in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("timer", TIMERS, ids=lambda t: t.name)
def test_each_timer_starts_an_instance_of_the_quarters_unit_on_a_calendar_systemd_reads(timer):
    unit = _setting(timer, "Unit")
    assert re.fullmatch(r"careernb-quarter@(current|previous)\.service", unit)
    if ANALYZE is None:
        pytest.skip("systemd-analyze is not installed")
    subprocess.run([ANALYZE, "calendar", _setting(timer, "OnCalendar")], check=True, capture_output=True)


def test_both_quarters_are_scheduled_so_far_every_week_and_when_one_ends():
    assert sorted(_setting(t, "Unit") for t in TIMERS) == [
        "careernb-quarter@current.service",
        "careernb-quarter@previous.service",
    ]


def test_the_service_runs_the_script_as_root_in_a_private_proc(tmp_path):
    assert _setting(SERVICE, "ExecStart") == "/opt/careernb/src/deploy/quarter/careernb-quarters %i"
    assert _setting(SERVICE, "User") == "root" and _setting(SERVICE, "ProtectProc") == "invisible"
    assert _setting(SERVICE, "EnvironmentFile") == "/etc/careernb/hub.env"
    if ANALYZE is None:
        pytest.skip("systemd-analyze is not installed")
    # As installed, with the script where the unit looks for it: systemd finds nothing to say.
    unit = tmp_path / "careernb-quarter@current.service"
    unit.write_text(
        SERVICE.read_text().replace("/opt/careernb/src/deploy/quarter/careernb-quarters", str(SCRIPT))
    )
    done = subprocess.run([ANALYZE, "verify", str(unit)], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == "", done.stderr
