"""Every page of the app, for everyone in the demo team, is marked up as a screen reader reads it
(what axe-core checks in the browser, here without one): headings that go down one level at a
time under the notebook's title, and no table header without words."""

from __future__ import annotations

import re

import pytest

from tests.ui.every_page import cases, texts

HEADING = re.compile(r"<h([1-6])\b")
EMPTY_HEADER = re.compile(r"<th\b[^>]*>\s*</th>")


def skipped_levels(html: str) -> list[str]:
    """Each heading that sits more than one level below the one before it (the notebook's title
    is the page's level 1)."""
    level, out = 1, []
    for found in HEADING.finditer(html):
        new = int(found.group(1))
        if new > level + 1:
            out.append(html[found.start() : found.start() + 60])
        level = new
    return out


@pytest.mark.parametrize(
    ("html", "skipped"),
    [
        ("<h2>a</h2><h3>b</h3><h2>c</h2>", 0),
        ("<h2>a</h2><h4>b</h4>", 1),
        ("<h3>a</h3>", 1),
        ("<h2>a</h2><h3>b</h3><h3>c</h3><h2>d</h2><h3>e</h3>", 0),
    ],
)
def test_a_heading_that_skips_a_level_is_found(html, skipped):
    assert len(skipped_levels(html)) == skipped


def test_no_page_skips_a_heading_level_or_leaves_a_table_header_empty(shown, demo):
    skipped, empty, headings = [], [], 0
    for target, person in cases(demo):
        html = "\n".join(texts(shown(target.address, person)))
        headings += len(HEADING.findall(html))
        skipped += [(target.address, person, h) for h in skipped_levels(html)]
        empty += [(target.address, person, m.group(0)) for m in EMPTY_HEADER.finditer(html)]
    assert skipped == []
    assert empty == []
    assert headings > 50  # the pages do have headings to check
