"""Their replies where the manager prepares and reviews: the three statements over time and their
words on Prepare; the monthly review opens with what they said has changed, when a reply came."""

from __future__ import annotations

import dataclasses
import datetime as dt

from careernb.domain.conversations import Conversation, ConversationKind
from careernb.domain.replies import Reply
from careernb.views.kit.markup import esc
from careernb.views.pages.prepare.view import PreparePanel
from careernb.views.pages.review.view import ReviewPanel
from tests.conftest import TODAY

SOFIA, PRIYA = "034", "012"
WORDS = '<i>tired</i> & "curious"\nsecond line'


def their_replies(panel: PreparePanel) -> str:
    (section,) = [c for c in panel.children if "careernb-their-replies" in c._dom_classes]
    return section.children[1].value


def test_prepare_shows_their_statements_over_time_and_their_words(demo):
    demo.update(
        Reply,
        SOFIA,
        lambda rows: [dataclasses.replace(r, changed=WORDS) if r.version == 4 else r for r in rows],
    )
    html = their_replies(PreparePanel(demo, SOFIA, today=TODAY))
    header = html[: html.index("</tr>")]
    assert header.index(" 13 May") < header.index(" 10 August") < header.index(" 9 November")  # oldest first
    seen_row = html[html.index("feeling genuinely seen") :].split("</tr>")[0]
    assert seen_row.count("strongly agree") == 2 and "<td style='padding-right:12px'>agree</td>" in seen_row
    assert esc(WORDS) in html and "<i>tired" not in html
    assert "Add automated accessibility checks to the front-end pipeline: <b>done</b>" in html


def test_prepare_says_when_no_reply_came(demo):
    assert "No reply yet" in their_replies(PreparePanel(demo, PRIYA, today=TODAY))


def opening(store, pid: str) -> str:
    return ReviewPanel(store, pid, TODAY).body.children[0].value


def test_the_review_opens_with_what_they_said_has_changed(demo):
    html = opening(demo, SOFIA)
    assert "They wrote, on Mon 9 November 2026, in their reply to the contract:" in html
    assert "The guild asked me to run a workshop on keyboard navigation in January." in html
    assert html.index("what&#x27;s changed since we last spoke?") < html.index("They wrote")


def test_a_reply_older_than_the_last_review_is_not_news(demo):
    demo.save(
        Conversation(
            "c-review", SOFIA, ConversationKind.REVIEW, dt.date(2026, 11, 16), held=dt.date(2026, 11, 16)
        )
    )
    assert "They wrote" not in opening(demo, SOFIA)


def test_a_reply_without_words_opens_nothing(demo):
    demo.update(Reply, SOFIA, lambda rows: [dataclasses.replace(r, changed=" \n") for r in rows])
    assert "They wrote" not in opening(demo, SOFIA)
