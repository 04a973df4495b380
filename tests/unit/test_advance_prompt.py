import datetime as dt
import email
import email.policy
import os
import stat

import pytest

from careernb.documents.advance_prompt import draft, message, to_eml, write_eml
from careernb.domain import playbook
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.domain.dates import human_date
from careernb.domain.people import Person
from careernb.domain.sessions import next_booked
from tests.conftest import TODAY


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2026, 12, 3), "Thu 3 December 2026"),
        (dt.date(2027, 1, 31), "Sun 31 January 2027"),
    ],
)
def test_human_date_is_the_same_in_every_locale(day, text):
    assert human_date(day) == text


def test_message_quotes_the_four_prompts_word_for_word_with_name_and_date():
    subject, body = message("Tomás Herrera", "Ada Okafor", dt.date(2026, 12, 3), dt.time(10, 0), 60)
    assert subject == "Before our career conversation on Thu 3 December 2026 at 10:00"
    assert body.startswith("Hi Tomás,\n")
    assert playbook.ADVANCE_PROMPT in body
    assert "We're booked for Thu 3 December 2026 at 10:00, for 60 minutes." in body
    assert body.rstrip().endswith("Ada")


def test_when_nothing_is_booked_then_the_message_has_no_date():
    subject, body = message("Amara Nwosu", None, None)
    assert subject == "Before our career conversation"
    assert "booked" not in body
    assert playbook.ADVANCE_PROMPT in body


def test_draft_uses_the_next_booked_conversation_and_the_persons_address(demo):
    prompt = draft(demo, "019", today=TODAY)  # Mei has a full conversation booked
    booked = min(c.planned for c in demo.load(Conversation, "019") if c.planned and not c.held)
    assert booked > TODAY
    assert prompt.booked == booked
    assert prompt.to_address == "mei@example.org"
    assert human_date(booked) in prompt.body
    assert prompt.body.startswith("Hi Mei,")


def test_draft_for_a_given_conversation_reads_only_what_may_be_shared(demo):
    c = Conversation("c-x", "031", ConversationKind.NOW, TODAY, dt.time(9, 30), 60, note="PRIVATE-CANARY")
    demo.save(c)
    prompt = draft(demo, "031", "c-x")
    assert "09:30" in prompt.subject
    assert "PRIVATE-CANARY" not in prompt.body + prompt.subject


def test_eml_is_an_unsent_draft_that_reads_back_exactly(demo):
    prompt = draft(demo, "007")
    body = 'Hi Tomás,\nA line with "quotes", commas, and 🚀.\n'
    parsed = email.message_from_bytes(to_eml(prompt, body=body), policy=email.policy.default)
    assert parsed["X-Unsent"] == "1"
    assert parsed["To"].addresses[0].addr_spec == "tomas@example.org"
    assert parsed["To"].addresses[0].display_name == "Tomás Herrera"
    assert parsed["Subject"] == prompt.subject
    assert parsed.get_content().replace("\r\n", "\n") == body


def test_write_eml_puts_an_owner_only_file_in_the_outbox(demo):
    prompt = draft(demo, "019", today=TODAY)
    path = write_eml(demo, prompt)
    assert path.parent == demo.home / "outbox"
    assert path.name == f"019-advance-prompt-{prompt.booked.isoformat()}.eml"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert not list(path.parent.glob("*.tmp"))
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert parsed.get_content().replace("\r\n", "\n") == prompt.body


def test_draft_for_an_unknown_person_says_who(demo):
    from careernb.errors import UnknownPersonError

    with pytest.raises(UnknownPersonError, match="'999'"):
        draft(demo, "999")


def test_manager_email_is_not_taken_from_the_store(demo):
    # The person copy carries only the manager's name and role.
    demo.save(Person("ada", "Ada Okafor", None, "Engineering Manager", "SECRET-MANAGER@example.org"))
    prompt = draft(demo, "007")
    assert "SECRET-MANAGER" not in to_eml(prompt).decode("utf-8", "replace")


DAY = dt.timedelta(days=1)
BOOKINGS = {
    "one booked in five days": [(ConversationKind.FULL, TODAY + 5 * DAY, None)],
    "one missed ten days ago, one booked in five days": [
        (ConversationKind.NOW, TODAY - 10 * DAY, None),
        (ConversationKind.FULL, TODAY + 5 * DAY, None),
    ],
    "one booked three days ago, not yet held": [(ConversationKind.NOW, TODAY - 3 * DAY, None)],
    "one held, none booked": [(ConversationKind.NOW, TODAY - 3 * DAY, TODAY - 3 * DAY)],
    "a check-in booked, not a career conversation": [(ConversationKind.CHECK_IN, TODAY + 2 * DAY, None)],
    "nothing at all": [],
}


@pytest.mark.parametrize("case", BOOKINGS)
def test_the_light_prompt_is_for_the_booking_prepare_shows(demo, case):
    demo.save(Person("900", "Bo Ek", "ada", "Engineer", "bo@example.org"))
    booked = [
        Conversation(f"c-{i}", "900", kind, planned, held=held)
        for i, (kind, planned, held) in enumerate(BOOKINGS[case])
    ]
    if booked:
        demo.save(*booked)
    prepare_shows = next_booked(booked, TODAY)
    assert draft(demo, "900", today=TODAY).booked == (prepare_shows.planned if prepare_shows else None)
