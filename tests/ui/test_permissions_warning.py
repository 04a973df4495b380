"""A notebook says so, once, when others on the machine can read the data home."""

from __future__ import annotations

import os

import IPython.display
import pytest

from careernb.views.kit import parameters
from careernb.views.pages.health import show


@pytest.fixture
def shown(monkeypatch):
    out = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs: out.extend(objs))
    monkeypatch.setattr(parameters, "_warned", set())
    return out


def test_a_loosened_data_home_is_warned_about_with_the_fix(demo, shown):
    answers = demo.home / "people" / "019" / "answers.csv"
    os.chmod(answers, 0o644)
    show(home=demo.home)
    (warning,) = [o for o in shown if "careernb-permissions" in getattr(o, "data", "")]
    assert "Other users on this machine can read" in warning.data
    assert f"chmod 600 {answers}" in warning.data
    show(home=demo.home)  # once per data home, not on every panel
    assert len([o for o in shown if "careernb-permissions" in getattr(o, "data", "")]) == 1


def test_a_private_data_home_shows_no_warning(demo, shown):
    show(home=demo.home)
    assert not [o for o in shown if "careernb-permissions" in getattr(o, "data", "")]
