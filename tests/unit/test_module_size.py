"""Modules stay small enough to read in one sitting: under ~400 lines, or their docstring says
why they must be one piece ("one piece")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "careernb"
LIMIT = 420  # "about 400": a few lines over is not a reason to split
MODULES = sorted(PACKAGE.rglob("*.py"))


def test_there_are_modules_to_measure():
    assert len(MODULES) > 40


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_is_under_the_limit_or_says_why_it_is_one_piece(path):
    text = path.read_text(encoding="utf-8")
    lines = text.count("\n")
    docstring = ast.get_docstring(ast.parse(text)) or ""
    assert lines <= LIMIT or "one piece" in docstring, f"{lines} lines: split it by concern"
