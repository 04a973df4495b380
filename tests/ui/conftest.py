import datetime as dt

import pytest

from careernb.domain.conversations import Conversation, ConversationKind
from careernb.domain.people import Person
from tests.ui.every_page import visit

TODAY = dt.date(2026, 11, 26)
ME = "900"
"""Zoë, the person of :func:`third`."""


@pytest.fixture
def third(store):
    """A person at the end of conversation 3, with the next one already booked."""
    store.save(Person("m1", "Ada Okafor", None, "Engineering Manager", "ada@example.org"))
    store.save(Person(ME, "Zoë Ångström", "m1", "Engineer", "zoe@example.org"))
    store.save(
        Conversation("c3", ME, ConversationKind.GAP, TODAY, held=TODAY, minutes=60),
        Conversation("c4", ME, ConversationKind.FULL, dt.date(2027, 2, 24), dt.time(10, 0), 60),
    )
    return store


@pytest.fixture
def shown(monkeypatch, demo):
    """A page of the app for a person of the demo team: ``shown(address, person_id)``."""
    return lambda address, person: visit(monkeypatch, demo.home, address, person)
