"""A sealed data home, unlocked, shows every page as the same home showed it in clear: the pages that
read the team without opening its private text (the team page, practice health's conversations and
contracts) never put a sealed or locked cell where the manager reads."""

from __future__ import annotations

import pytest

from careernb.home import lock
from careernb.views.kit.unlock import KeyedPage
from tests.keyed import seal
from tests.ui.every_page import cases, texts


@pytest.fixture(autouse=True)
def _locked_after():
    yield
    lock()


def _words(shown, demo) -> dict[tuple[str, str | None], list[str]]:
    out = {}
    for target, person in cases(demo):
        page = shown(target.address, person)
        out[target.address, person] = texts(page.panel if isinstance(page, KeyedPage) else page)
    return out


def test_every_page_of_a_sealed_unlocked_home_shows_what_it_showed_in_clear(shown, demo):
    in_clear = _words(shown, demo)
    seal(demo)  # and unlocked, as the manager's kernel is once the passphrase is typed
    sealed = _words(shown, demo)
    assert sealed.keys() == in_clear.keys()
    differ = [page for page in in_clear if sealed[page] != in_clear[page]]
    assert differ == []
    assert not any("enc:v1:" in word for words in sealed.values() for word in words)
