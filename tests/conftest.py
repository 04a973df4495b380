import asyncio
import concurrent.futures
import datetime as dt
import os
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest

from careernb import open_store
from careernb.demo import seed_demo
from careernb.store import CsvStore
from tests.stopping import pytest_configure  # noqa: F401  (a hook: pytest finds it here)

TODAY = dt.date(2026, 11, 26)
T = TypeVar("T")


def on_a_loop_of_its_own(main: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` in a thread of its own: the browser tests' Playwright keeps a loop running
    in this one for the rest of the session."""
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, main).result()


@pytest.fixture
def store(tmp_path: Path) -> CsvStore:
    """An empty store in a temporary folder."""
    return open_store(tmp_path / "home")


@pytest.fixture
def demo(tmp_path: Path) -> CsvStore:
    """The demo team, seeded relative to a fixed day."""
    s = open_store(tmp_path / "demo")
    seed_demo(s, TODAY)
    return s


_ENVIRONMENT_AT_START = {name: os.environ.get(name) for name in ("CAREERNB_STORE", "CAREERNB_APP")}


@pytest.fixture(autouse=True)
def _where_pages_work_is_left_as_found():
    """A test that leaves $CAREERNB_STORE set sends every later test's pages to its database."""
    yield
    left = {name: os.environ.get(name) for name in _ENVIRONMENT_AT_START}
    assert left == _ENVIRONMENT_AT_START, "this test changed where pages work for the tests after it"


@pytest.fixture
def open_umask():
    """A umask of 0, as a careless shell might have: what careernb writes must still be owner-only."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


# A throwaway PostgreSQL for the organisation's store (tests/pg/fixtures.py).
from tests.pg.fixtures import pg_cluster, pg_org  # noqa: E402, F401


@pytest.fixture(scope="session")
def browser():
    """One chromium for the whole session, shared by tests/e2e and tests/hub: Playwright's sync
    API allows one running instance per thread, so a second one fails inside the first's loop."""
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, _need_browser

    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
