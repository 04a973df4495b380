"""In CI a missing browser fails the browser tests instead of skipping them."""

from __future__ import annotations

import pytest

from tests.e2e import conftest as e2e


def test_without_chromium_the_browser_tests_skip_on_a_laptop(monkeypatch, tmp_path):
    monkeypatch.setattr(e2e, "CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.delenv("CAREERNB_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="make browser"):
        e2e._need_browser()


def test_without_chromium_the_browser_tests_fail_in_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(e2e, "CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("CAREERNB_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="CI requires the browser tests"):
        e2e._need_browser()


def test_ci_requires_the_browser():
    from pathlib import Path

    ci = (Path(__file__).parents[2] / ".ci" / "run").read_text()
    assert "export CAREERNB_REQUIRE_BROWSER=1" in ci and "make test" in ci
