"""The panels' HTML fragments: typed text never becomes markup, and every colour has one source."""

import datetime as dt
import re
from pathlib import Path

import pytest

import careernb.views
from careernb.domain.contract import Commitment, Contract, Party, ReviewPoint
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.follow_through.review import PointOnAgenda, PointState
from careernb.views.kit import style
from careernb.views.kit.fragments import Fragments
from careernb.views.kit.markup import esc
from careernb.views.pages.contract.html import attention_html, diff_html, header_html, send_note_html
from careernb.views.pages.contract.model import ContractModel

HOSTILE = "<img src=x onerror=alert(1)> & \"quoted\" 'single' {{ 7*7 }}"
TODAY = dt.date(2026, 11, 26)
VIEWS = Path(careernb.views.__file__).parent
# Being changed alongside (a browser-kept answer; the navigation bar): their colours move to
# views/style.py when that work lands.
NOT_YET_MOVED: set[str] = set()


KIT = "careernb.views.kit"
CONTRACT = "careernb.views.pages.contract"
REVIEW = "careernb.views.pages.review"


@pytest.mark.parametrize(
    ("package", "template", "context"),
    [
        (KIT, "note", {"colour": style.GREY, "text": HOSTILE}),
        (KIT, "heading", {"text": HOSTILE}),
        (KIT, "problems", {"problems": [HOSTILE]}),
        (CONTRACT, "section_heading", {"title": HOSTILE, "hint": HOSTILE}),
        (CONTRACT, "contract_intro", {"output": HOSTILE, "live": HOSTILE}),
        (CONTRACT, "contract_files", {"written": [Path(HOSTILE)], "note": HOSTILE, "calendar_now": HOSTILE}),
        (CONTRACT, "contract_preview_header", {"to": HOSTILE, "subject": HOSTILE}),
        (REVIEW, "review_row", {"action": HOSTILE, "due": "by 2026-12-01", "late": True, "state": "open"}),
        *(
            (REVIEW, "review_point", {"point": point})
            for point in (
                PointOnAgenda(ReviewPoint("p1", 1, "r1", "2026-10", HOSTILE), PointState.MISSED),
                PointOnAgenda(
                    ReviewPoint("p1", 1, "r1", "2026-10", "the RFC"),
                    PointState.TAKEN_UP,
                    Conversation("c1", "p1", ConversationKind.REVIEW, held=TODAY),
                    HOSTILE,
                ),
            )
        ),
    ],
)
def test_typed_text_is_escaped_exactly_as_esc_escapes_it(package, template, context):
    html = Fragments(package)(template, **context)
    assert esc(HOSTILE) in html and "<img" not in html and "49" not in html


def test_the_contract_fragments_escape_what_was_typed():
    model = ContractModel("p1", TODAY)
    model.load(
        [Contract("p1", 1, open_question=HOSTILE, agreed=TODAY)],
        [Commitment("p1", 1, "k1", Party.MANAGER, HOSTILE, TODAY)],
        [ReviewPoint("p1", 1, "r1", "2026-12", HOSTILE)],
    )
    model.start_next_version()
    model.add_commitment(Party.MANAGER, HOSTILE + " guarantee", TODAY + dt.timedelta(days=30))
    model.set_contract(open_question="changed " + HOSTILE)
    for html in (
        diff_html(model, 1, 2),
        attention_html(model.findings),
        header_html(HOSTILE, model.contract),
        send_note_html((HOSTILE, "late")),
    ):
        assert "<img" not in html and esc(HOSTILE) in html


def test_a_late_send_is_red_and_on_time_is_green():
    assert style.RED in send_note_html(("late", "late")) and style.GREEN in send_note_html(("sent", "sent"))
    assert send_note_html(None) == ""


def test_every_colour_in_the_panels_comes_from_the_style_module():
    hex_colour = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")
    files = [p for p in VIEWS.rglob("*.py") if p.name not in {"style.py", *NOT_YET_MOVED}]
    files += list(VIEWS.rglob("*.j2"))
    assert len(files) > 20  # the real panels and templates were read
    found = {p.name: hex_colour.findall(p.read_text(encoding="utf-8")) for p in files}
    assert {name: colours for name, colours in found.items() if colours} == {}
