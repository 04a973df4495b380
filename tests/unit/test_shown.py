"""Typed text as a document shows it: every document valid whatever was typed, and an override
left open reverses nothing after it. The store keeps the text exactly (test_store_roundtrip)."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import re

import icalendar
from hypothesis import given
from hypothesis import strategies as st

from careernb.documents import team_view
from careernb.documents.calendar import calendar_bytes
from careernb.documents.contract import NOT_IN_THE_BANK, contract_html, contract_message, contract_text
from careernb.documents.shown import REPLACEMENT, one_line, printable, shown
from careernb.documents.templating import environment
from careernb.domain.conversations import Answer
from careernb.domain.people import Person
from careernb.views.kit.markup import esc
from tests.conftest import TODAY

# What the Nu HTML Checker calls a forbidden code point, and what RFC 5545 and RFC 5322 call a control.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
CONTROLS = "\x01\x07\x0b\x0c\x1b\x7f\x85\ufdd0\U0010ffff"
OPEN_OVERRIDE = "Ada \u202eOkafor"


def test_each_forbidden_code_point_shows_as_the_replacement_character():
    assert printable(f"a{CONTROLS}b") == "a" + REPLACEMENT * len(CONTROLS) + "b"
    assert printable("tab\tline\nreturn\r ok é 😀") == "tab\tline\nreturn\r ok é 😀"


@given(st.text())
def test_no_text_leaves_a_forbidden_code_point(text):
    assert not FORBIDDEN.search(shown(text))
    assert not re.search(r"\s\s|\n", one_line(text).strip() + " ")


def test_bidirectional_formatting_is_set_in_an_isolate_of_its_own():
    assert shown(OPEN_OVERRIDE) == f"\u2068{OPEN_OVERRIDE}\u2069"
    assert shown("שלום, Ada") == "שלום, Ada"  # right-to-left words need no isolate: only formatting does


def test_every_template_writes_typed_text_as_shown():
    for package in ("careernb.documents", "careernb.views.kit"):
        env = environment(package)
        assert env.from_string("<p>{{ t }}</p>").render(t=f"x{CONTROLS}<") == f"<p>x{'�' * 9}&lt;</p>"
        assert (
            env.from_string("<p>{{ t }}</p>").render(t=OPEN_OVERRIDE) == f"<p>\u2068{OPEN_OVERRIDE}\u2069</p>"
        )
    assert esc(OPEN_OVERRIDE + "\x1b<") == f"\u2068{OPEN_OVERRIDE}\ufffd&lt;\u2069"


def _hostile(demo):
    def named(p: Person) -> Person:
        if p.person_id == "007":
            return dataclasses.replace(p, name=f"Tom{CONTROLS}ás")
        if p.manager_id is None:
            return dataclasses.replace(p, name=OPEN_OVERRIDE)
        return p

    demo.update(Person, None, lambda rows: [named(p) for p in rows])
    return demo


def test_the_contract_the_team_view_and_the_mail_hold_no_forbidden_code_point(demo):
    _hostile(demo)
    for page in (
        contract_html(demo, "007"),
        contract_text(demo, "007"),
        team_view.render(demo, "2026Q4", today=TODAY),
    ):
        assert not FORBIDDEN.search(page)
        assert "Tom" + REPLACEMENT * len(CONTROLS) + "ás" in page
        assert "\u202e" not in page.replace(f"\u2068{OPEN_OVERRIDE}\u2069", "")  # every override isolated
    raw = contract_message(demo, "007").as_bytes()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert not msg.defects and not msg["To"].defects
    assert msg["To"].addresses[0].display_name == "Tom" + REPLACEMENT * len(CONTROLS) + "ás"


def test_the_calendar_holds_no_control_where_its_text_may_hold_none(demo):
    _hostile(demo)
    demo.update(Person, None, lambda rows: rows)
    raw = calendar_bytes(demo, ["007"]).decode()
    assert not FORBIDDEN.search(raw)
    events = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert events and all("Tom" + REPLACEMENT * len(CONTROLS) + "ás" in str(e["SUMMARY"]) for e in events)


def _words(page: str) -> str:
    return page[page.index('<dl class="words">') : page.index("</dl>")]


def test_an_answer_to_a_question_the_bank_has_lost_is_never_read_under_another(demo):
    words = _words(contract_html(demo, "007"))
    shared = [a for a in demo.load(Answer, "007") if a.answer.strip() and f"<dd>{a.answer}</dd>" in words]
    assert shared
    lost = dataclasses.replace(shared[0], question_id="mine-taken-out", answer="Time with the auditors.")
    demo.save(lost)
    words = _words(contract_html(demo, "007"))
    assert words.count("<dt>") == words.count("<dd>") == 2  # without its own, it reads as the one above's
    assert f"<dt>{NOT_IN_THE_BANK}</dt>\n    <dd>{lost.answer}</dd>" in words
    assert re.search(f"{NOT_IN_THE_BANK}\n+  {re.escape(lost.answer)}", contract_text(demo, "007"))


def test_a_name_in_a_choice_of_people_cannot_reverse_the_role_after_it(demo):
    from careernb.views.kit.person import person_picker
    from careernb.views.pages.dashboard.people_model import PeopleModel

    name = "Tomás \u202eHerrera"
    demo.update(
        Person,
        None,
        lambda rows: [dataclasses.replace(p, name=name) if p.person_id == "007" else p for p in rows],
    )
    role = next(p.role for p in demo.load(Person) if p.person_id == "007")
    (picked,) = [label for label, value in person_picker(demo).options if value == "007"]
    assert picked == f"\u2068{name}\u2069 — {role}"
    (chosen,) = [
        label for label, value in PeopleModel(people=demo.load(Person)).choose_active() if value == "007"
    ]
    assert chosen == f"\u2068{name}\u2069 (007)"
