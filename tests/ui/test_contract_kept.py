"""An agreed or sent version of a contract says why it cannot be changed, and offers the next."""

from __future__ import annotations

import html
import re

from careernb.domain.contract import Commitment, Contract, Party
from careernb.domain.dates import human_date
from careernb.views.pages.contract.view import contract_builder
from tests.ui.conftest import ME, TODAY
from tests.ui.test_contract_builder import _agreeable


def text(widget) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", widget.value)).split())


def files(store) -> dict:
    return {p: p.read_bytes() for p in store.home.rglob("*.csv")}


def test_a_sent_version_says_it_is_kept_as_sent_on_its_day_and_offers_the_next_version(demo):
    b = contract_builder(demo, "007", today=TODAY)
    sent = b.model.contract
    assert sent.version == 4 and sent.sent is not None
    said = text(b.kept_note)
    assert f"Version 4 was sent to Tomás on {human_date(sent.sent)}" in said, said
    assert "kept as sent" in said and "start the next version" in said.casefold()
    assert b.kept.layout.display is None and b.next_button in b.kept.children
    assert b.sending.sent_button.layout.display == "none"  # sent already: not marked sent again
    assert b.sending.edit_button.layout.display == "none"
    row = b.lists[Party.MANAGER].children[0]
    assert row.action.disabled  # greyed, and now said why

    before = files(demo)
    b.next_button.click()
    assert b.model.contract.version == 5 and not b.model.locked
    assert b.kept.layout.display == "none"
    row = b.lists[Party.MANAGER].children[0]
    assert not row.action.disabled
    assert files(demo) == before  # the draft is kept once something is written in it
    row.action.value = row.action.value + ", with Sam"
    b.flush()
    assert [c.version for c in demo.load(Contract, "007")][-1] == 5
    assert any(c.version == 5 and c.action.endswith("with Sam") for c in demo.load(Commitment, "007"))


def test_an_agreed_version_not_yet_sent_says_it_is_kept_as_agreed_and_can_be_edited_again(third):
    b = contract_builder(third, ME, "c3", today=TODAY)
    assert b.kept.layout.display == "none"  # a draft: nothing to explain
    _agreeable(b)
    b.agree_button.click()
    said = text(b.kept_note)
    assert f"Version 1 was agreed on {human_date(TODAY)}" in said and "kept as agreed" in said, said
    assert "Edit again" in said
    assert b.sending.edit_button.layout.display is None and b.sending.sent_button.layout.display is None
    b.sending.sent_button.click()
    said = text(b.kept_note)
    assert f"Version 1 was sent to Zoë on {human_date(TODAY)}" in said and "kept as sent" in said, said
