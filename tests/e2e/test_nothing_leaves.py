"""Nothing a manager opens asks another host for anything: every page of `careernb app`, its
not-found page, a notebook in `careernb lab`, and every document careernb renders.

The browser records every request its pages make (WebSockets too); any address but the
local server's (or, for a document opened from a file, any address at all) fails the test.
"""

from __future__ import annotations

import json
import urllib.request

import pytest

from careernb.views.pages import PAGES
from tests.e2e.conftest import Requests, app_address, open_app_page, open_notebook

VOILA_NOTEBOOK = "team"  # the page `careernb app` opens on: the voila_app fixture passes it
PERSON = "007"
WAIT = 180_000  # ms: a kernel per page, on two shared cores
DOCUMENTS = [
    "contract",
    "team view",
    "person's copy",
    "quick reference",
    "organisation view",
    "quarter index",
]


@pytest.fixture
def watched(browser):
    """A browser context whose every request is recorded: ``(context, page)``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(WAIT)
    yield context, page
    context.close()


def test_every_page_of_the_app_asks_the_app_alone(voila_app, watched):
    context, page = watched
    requests = Requests(context, voila_app.url)
    for target in PAGES:
        open_app_page(page, voila_app, app_address(target, PERSON))
        page.wait_for_load_state("networkidle")  # the fonts its icons need, and anything late
    page.goto(f"{voila_app.url}/nosuchpage")
    page.wait_for_load_state("networkidle")
    assert requests.outside() == []
    assert any("/careernb/static/font-awesome/" in u for u in requests.urls), "the icons' font is served here"


def test_a_notebook_in_careernb_lab_asks_the_server_alone_and_offers_no_news(careernb_lab, watched):
    context, page = watched
    requests = Requests(context, careernb_lab.url)
    open_notebook(page, careernb_lab, "00-team-dashboard.ipynb")
    page.locator(".jp-OutputArea-output .careernb-dashboard button").first.wait_for(timeout=WAIT)
    page.wait_for_timeout(3_000)  # JupyterLab asks about news a moment after it has started
    page.wait_for_load_state("networkidle")
    assert requests.outside() == []
    toasts = page.locator(".Toastify__toast").all_inner_texts()
    assert not [t for t in toasts if "news" in t.lower()], toasts
    # The server does not look for a newer JupyterLab either: it answers at once, with nothing.
    with urllib.request.urlopen(f"{careernb_lab.url}/lab/api/update", timeout=10) as answer:
        assert json.load(answer)["notification"] is None


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_document_asks_nothing_of_any_host(documents, watched, name):
    context, page = watched
    requests = Requests(context)
    page.goto(documents[name].as_uri())
    page.wait_for_load_state("networkidle")
    assert requests.urls, "nothing was recorded"
    assert requests.outside() == [], f"the {name} asks other hosts"


def test_a_page_naming_another_host_is_caught(watched, tmp_path):
    # The check can fail: a page that links a stylesheet from a CDN, as Voilà's own template does.
    context, page = watched
    requests = Requests(context, "http://127.0.0.1:1")
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title><link rel="stylesheet" '
        'href="https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@5/css/all.min.css">'
        "</head><body><main>icons</main></body></html>",
        encoding="utf-8",
    )
    page.goto(bad.as_uri())
    page.wait_for_load_state("networkidle")
    assert requests.outside() == [
        "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@5/css/all.min.css"
    ]
