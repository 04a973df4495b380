"""Nobody may be reading a command's output (``careernb check | head -c0``), and its standard
streams may be closed (``careernb forget 040 <&- >&-``): every command still does all of its
work, exits as it would have, and ends without a traceback."""

from __future__ import annotations

import os
import subprocess

import pytest

from careernb.cli import COMMANDS, main
from tests.cli_runs import NOT_RUN, RUNS, place, run, written


def _no_reader(env: dict[str, str]) -> dict:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the command writes a byte
    return {"stdin": subprocess.DEVNULL, "stdout": write, "env": env, "pass_fds": (write,)}


def _unbuffered() -> dict:
    return _no_reader({**os.environ, "PYTHONUNBUFFERED": "1"})  # each print reaches the pipe at once


def _buffered() -> dict:
    return _no_reader({k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"})


def _closed() -> dict:
    def close_stdin_and_stdout() -> None:
        os.close(0)
        os.close(1)

    return {"preexec_fn": close_stdin_and_stdout}


STREAMS = {
    "a pipe nobody reads, each print sent at once": _unbuffered,
    "a pipe nobody reads, sent when the command ends": _buffered,
    "standard input and output closed": _closed,
}


def test_every_command_is_run_here_or_says_why_not():
    assert sorted([*RUNS, *NOT_RUN]) == sorted(c.name for c in COMMANDS)


@pytest.fixture(scope="module")
def expected(tmp_path_factory):
    """What each command leaves behind when its output is read, run once per command."""
    done: dict[str, list] = {}

    def of(name: str) -> list:
        if name not in done:
            where = place(tmp_path_factory.mktemp(name))
            assert main(where.argv(name)) == 0
            done[name] = written(where)
        return done[name]

    return of


@pytest.mark.slow
@pytest.mark.parametrize("streams", STREAMS)
@pytest.mark.parametrize("name", RUNS)
def test_every_command_does_all_its_work_whoever_reads_its_output(tmp_path, name, streams, expected, capsys):
    want = expected(name)
    capsys.readouterr()
    where = place(tmp_path)
    kwargs = STREAMS[streams]()
    try:
        done = run(where.argv(name), stderr=subprocess.PIPE, text=True, **kwargs)
    finally:
        if "stdout" in kwargs:
            os.close(kwargs["stdout"])
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    assert written(where) == want
