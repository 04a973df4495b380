"""A test run stopped by ``kill`` or a closed terminal tears down what its fixtures started."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.stopping import STOPS

ROOT = Path(__file__).resolve().parents[2]

A_RUN = """
import os, time, pytest
from pathlib import Path

@pytest.fixture(scope="session")
def server():
    started = Path(os.environ["STARTED"])
    started.write_text("running")
    yield
    started.write_text("stopped")

def test_a_long_one(server):
    time.sleep(60)
"""


@pytest.mark.slow
@pytest.mark.parametrize("stop", STOPS, ids=lambda s: s.name)
def test_a_run_stopped_by_a_signal_stops_what_its_fixtures_started(tmp_path, stop):
    (tmp_path / "test_a_run.py").write_text(A_RUN)
    started = tmp_path / "started"
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "tests.stopping",
            "-o",
            "addopts=",
            "-W",
            "default",
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "test_a_run.py"),
        ],
        cwd=ROOT,
        env={**os.environ, "STARTED": str(started), "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.read_text() == "running"
    run.send_signal(stop)
    out, _ = run.communicate(timeout=60)
    assert started.read_text() == "stopped", out
    assert f"stopped by {stop.name}" in out
