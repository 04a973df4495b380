"""A page whose data is damaged opens all the same and says what is wrong, where, and what to do:
in the app a page that raised would show only that a cell failed. Nothing is written."""

from __future__ import annotations

import pytest

from careernb.views import navigation
from careernb.views.navigation import page
from careernb.views.pages import PAGES
from tests.conftest import TODAY
from tests.ui.every_page import texts

DAMAGED = "people/007/commitments.csv"


@pytest.fixture
def damaged(demo):
    """Tomás's commitments with a day that does not exist, as a hand edit might leave them."""
    path = demo.home / DAMAGED
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\r\n").split(",")
    row = lines[1].rstrip("\r\n").split(",")
    row[header.index("due")] = "2026-02-30"
    lines[1] = ",".join(row) + "\r\n"
    path.write_text("".join(lines), encoding="utf-8")
    return demo


def _files(home):
    return {p: p.read_bytes() for p in home.rglob("*") if p.is_file() and ".locks" not in p.parts}


@pytest.mark.parametrize("where", ["app", "lab"])
@pytest.mark.parametrize("target", PAGES, ids=lambda p: p.address)
def test_every_page_opens_on_damaged_data_and_names_the_file_row_and_column(
    damaged, monkeypatch, target, where
):
    if where == "app":
        monkeypatch.setenv(navigation.APP_ENV, "1")
        monkeypatch.setenv("QUERY_STRING", "person=007" if target.for_person else "")
    before = _files(damaged.home)
    shown = page(target.address, person_id="007", home=str(damaged.home), today=TODAY.isoformat())
    said = " ".join(texts(shown))
    if "cannot open" in said:
        assert f"{target.title} cannot open" in said
        assert "commitments.csv" in said and "2026-02-30" in said and "due" in said
        assert "careernb check" in said and said.count("Nothing was changed") == 1
        assert ("reload the page" if where == "app" else "run its cell again") in said
        if where == "app":  # the way to the other pages stays
            assert 'aria-current="page"' in said and 'href="health' in said
    assert _files(damaged.home) == before


def test_the_pages_that_read_the_damaged_file_say_so_in_place_of_their_panel(damaged, monkeypatch):
    monkeypatch.setenv(navigation.APP_ENV, "1")
    monkeypatch.setenv("QUERY_STRING", "person=007")
    for address in ("team", "contract", "review", "health"):
        said = " ".join(texts(page(address, home=str(damaged.home), today=TODAY.isoformat())))
        assert "cannot open" in said and "commitments.csv" in said, address


def test_a_page_that_cannot_open_for_another_reason_sends_no_one_to_check_their_files():
    from careernb.errors import CareernbError
    from careernb.views.navigation import cannot_open_html
    from careernb.views.pages import BY_ADDRESS

    said = cannot_open_html(BY_ADDRESS["team"], CareernbError("The database is not answering."), app=True)
    assert "Your team cannot open." in said and "The database is not answering." in said
    assert "careernb check" not in said and "Nothing was changed. Once that is put right, reload" in said
