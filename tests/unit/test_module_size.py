"""Modules stay small enough to read in one sitting: about 400 lines at most, every one of them.
(A revision's SQL is a ``.sql`` file beside it, not a module.)"""

from __future__ import annotations

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "careernb"
LIMIT = 420  # "about 400": a few lines over is not a reason to split
MODULES = sorted(PACKAGE.rglob("*.py"))


def test_there_are_modules_to_measure():
    assert len(MODULES) > 40


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_is_under_the_limit(path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= LIMIT, f"{lines} lines: split it by concern"
