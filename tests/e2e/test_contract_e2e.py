"""An agreed development contract, opened as the report would see it.

In a real JupyterLab, "How do we close the gap?" is held with Amara, a demo
report with no contract yet: the manager starts the conversation, writes and
edits commitments on both sides in the embedded contract builder, agrees it,
reads the preview of what Amara will receive beside the send button, and sends it
(the files written, the day recorded). The contract HTML the builder wrote is then opened in
the browser from disk. Before any of it, private words about Amara are planted
in the store (a preparation note, an unshared answer, the version underneath a
shared answer, a trust-gated answer, the conversation's own note): the report
must show what was agreed, and none of those.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import email
import email.policy
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from careernb import open_store
from careernb.domain.contract import Commitment, Contract, Party, ReviewPoint
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.preparation import PreparationNote, Reflection
from conftest import days_since, snap

NOTEBOOK = "04-how-do-we-close-the-gap.ipynb"
PERSON = "031"  # Amara Nwosu: no conversation and no contract in the demo team yet
NAME = "Amara Nwosu"
MANAGER = "Ada Okafor"
TODAY = dt.date.today()
WAIT = 90_000  # ms: two shared cores, and another engineer's browsers on them

# Private words about Amara, planted before the notebook opens; none may reach her contract.
CANARIES = {
    "preparation note": "CANARY-prep-note-7f3a: thinks she is bored, may leave",
    "unshared answer": "CANARY-private-answer-91c2: hates the on-call rota",
    "the version underneath": "CANARY-underneath-4d0e: wants my job",
    "trust-gated answer": "CANARY-gated-answer-b85f: has an offer elsewhere",
    "conversation note": "CANARY-conversation-note-2e67: seemed tired",
}
SHARED_ANSWER = "Untangling gnarly bugs with the support team"


def _human(day: dt.date) -> str:
    """A date as people read it: Wed 24 February 2027."""
    return f"{day:%a} {day.day} {day:%B %Y}"


def _month(day: dt.date) -> str:
    return f"{day:%Y-%m}"


@dataclasses.dataclass(frozen=True)
class Typed:
    """What the manager types into the builder (the final words, after editing)."""

    theirs: tuple[tuple[str, dt.date], ...] = (
        ('Write the <b>design doc</b> for "search", v2 & share it', TODAY + dt.timedelta(days=40)),
        ("Pair with the platform team for a sprint, then say what stuck", TODAY + dt.timedelta(days=60)),
    )
    managers: tuple[tuple[str, dt.date], ...] = (
        ("Introduce you to Dana and book your first meeting with her", TODAY + dt.timedelta(days=14)),
    )
    review_month: str = _month(TODAY + dt.timedelta(days=45))
    review_aspect: str = "How the doc landed <script>window.careernbInjected = 1</script>"
    open_question: str = 'Is "staff engineer" the step you want, or a people role?'
    next_conversation: dt.date = TODAY + dt.timedelta(days=91)


TYPED = Typed()


@dataclasses.dataclass(frozen=True)
class Agreed:
    html: Path
    files: list[Path]
    conversation_id: str


def _plant_private_words(home: Path) -> None:
    """An earlier "where are you now?" with Amara, and the manager's private notes about her."""
    store = open_store(home)
    held = TODAY - dt.timedelta(days=7)
    now = dt.datetime.now().replace(microsecond=0)
    store.save(
        Conversation(
            "c-e2e-now", PERSON, ConversationKind.NOW, planned=held, held=held, minutes=50,
            note=CANARIES["conversation note"],
        )
    )  # fmt: skip
    store.save(
        Answer(PERSON, "c-e2e-now", "now.best-work", SHARED_ANSWER, CANARIES["the version underneath"],
               share=True, updated=now),
        Answer(PERSON, "c-e2e-now", "now.draining", CANARIES["unshared answer"], share=False, updated=now),
        Answer(PERSON, "c-e2e-now", "honest.leave", CANARIES["trust-gated answer"], share=True, updated=now),
    )  # fmt: skip
    store.save(
        PreparationNote("n-e2e-1", PERSON, Reflection.CARES_ABOUT, CANARIES["preparation note"], written=now)
    )
    # The planted words are really in the store the notebook reads.
    planted = [a.answer for a in store.load(Answer, PERSON)] + [
        n.text for n in store.load(PreparationNote, PERSON)
    ]
    assert CANARIES["unshared answer"] in planted and CANARIES["preparation note"] in planted


def _open_and_run(page, server, name: str, code: str) -> None:
    """Open a notebook, wait until its code is shown and its kernel is idle, run all cells.

    Waits on the code cell's editor: the markdown cell's editor comes first in the page
    and stays hidden once rendered, so waiting on "any cell editor" can wait forever.
    """
    page.goto(f"{server.url}/lab/tree/{name}?reset", wait_until="domcontentloaded")
    page.locator(".jp-NotebookPanel .jp-CodeCell .cm-content", has_text=code).wait_for(timeout=WAIT)
    idle = "document.querySelector('#jp-main-statusbar')?.textContent.includes('Idle')"
    page.wait_for_function(f"() => {idle} || document.querySelector('.jp-Dialog')", timeout=WAIT)
    if page.locator(".jp-Dialog").count():  # JupyterLab asked which kernel: the one the notebook names
        page.locator(".jp-Dialog button.jp-mod-accept").click()
        page.wait_for_function(f"() => {idle}", timeout=WAIT)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")


def _choose(select, starts_with: str) -> None:
    """Pick a dropdown option by its label (ipywidgets writes spaces as no-break spaces)."""
    labels = select.evaluate("s => [...s.options].map(o => o.textContent.replace(/\\u00a0/g, ' '))")
    matches = [i for i, label in enumerate(labels) if label.startswith(starts_with)]
    assert matches, f"no option starts with {starts_with!r}: {labels}"
    select.select_option(index=matches[0])


def _add_row(builder, party: Party):
    """Click "Add to ..." and return the new (last) row once the browser shows it."""
    rows = builder.locator(f".careernb-{party.value}-commitments .careernb-commitment")
    before = rows.count()
    builder.locator(f"button.careernb-add-{party.value}").click()
    expect(rows).to_have_count(before + 1, timeout=WAIT)
    return rows.nth(before)


def _write(row, action: str, due: dt.date) -> None:
    row.locator(".careernb-action input").fill(action)
    row.locator(".careernb-due input").fill(due.isoformat())
    expect(row.locator(".careernb-action input")).to_have_value(action)


def _hold_the_conversation(page) -> None:
    """Pick Amara from the team, and start "How do we close the gap?" as its own session."""
    picker = page.locator(".careernb-page .careernb-person select")
    picker.wait_for(timeout=WAIT)
    _choose(picker, NAME)
    starter = page.locator(".careernb-starter")
    starter.wait_for(state="visible", timeout=WAIT)
    page.locator(".careernb-starter .careernb-format label", has_text="three separate sessions").click()
    snap(page, "contract-01-starting-the-conversation")
    page.locator("button.careernb-start").click()
    page.locator(".careernb-conversation-gap .careernb-contract-builder").wait_for(timeout=WAIT)


def _write_the_contract(page) -> None:
    builder = page.locator(".careernb-contract-builder")
    builder.scroll_into_view_if_needed()
    (first_theirs, first_due), (second_theirs, second_due) = TYPED.theirs
    ((manager_action, manager_due),) = TYPED.managers

    # Add, then edit: a first draft of their commitment and a first date for the manager's.
    draft = _add_row(builder, Party.PERSON)
    _write(draft, "Write the design doc", first_due)
    mine = _add_row(builder, Party.MANAGER)
    _write(mine, manager_action, manager_due - dt.timedelta(days=7))
    second = _add_row(builder, Party.PERSON)
    _write(second, second_theirs, second_due)
    snap(page, "contract-02-first-drafts")
    theirs = builder.locator(".careernb-person-commitments .careernb-commitment")
    _write(theirs.nth(0), first_theirs, first_due)
    managers = builder.locator(".careernb-manager-commitments .careernb-commitment")
    managers.nth(0).locator(".careernb-due input").fill(manager_due.isoformat())

    builder.locator("button.careernb-add-review").click()
    review = builder.locator(".careernb-reviews .careernb-review").first
    review.wait_for(timeout=WAIT)
    review.locator(".careernb-review-aspect input").fill(TYPED.review_aspect)
    month = dt.date.fromisoformat(TYPED.review_month + "-01")
    _choose(review.locator(".careernb-review-month select"), f"{month:%B %Y}")
    # Choosing a month re-sorts the review rows: the rebuilt row keeps the words.
    expect(
        builder.locator(".careernb-reviews .careernb-review").first.locator(".careernb-review-aspect input")
    ).to_have_value(TYPED.review_aspect, timeout=WAIT)

    builder.locator(".careernb-open-question textarea").fill(TYPED.open_question)
    builder.locator(".careernb-next-conversation input").fill(TYPED.next_conversation.isoformat())
    expect(builder.locator(".careernb-attention")).to_contain_text("Nothing needs attention", timeout=WAIT)
    expect(builder.locator("button.careernb-agree")).to_be_enabled(timeout=WAIT)
    expect(builder.locator(".careernb-save-status")).to_contain_text("Saved at", timeout=WAIT)
    builder.locator(".careernb-attention").scroll_into_view_if_needed()
    snap(page, "contract-03-written-nothing-needs-attention")


def _agree_and_prepare(page) -> Path:
    builder = page.locator(".careernb-contract-builder")
    builder.locator("button.careernb-agree").click()
    expect(builder.locator(".careernb-contract-header")).to_contain_text("agreed", timeout=WAIT)
    expect(builder.locator(".careernb-person-commitments .careernb-action input").first).to_be_disabled()
    snap(page, "contract-04-agreed")
    preview = builder.frame_locator("iframe.careernb-preview-frame")
    expect(preview.locator("h1")).to_have_text(NAME, timeout=WAIT)  # what she will receive, beside the button
    expect(builder.locator(".careernb-preview-header")).to_contain_text("Subject:")
    builder.locator(".careernb-sending").scroll_into_view_if_needed()
    expect(preview.locator("h1")).to_have_text(NAME, timeout=WAIT)
    snap(page, "contract-05-the-preview-beside-the-send-button")
    builder.locator("button.careernb-send").click()
    files = builder.locator(".careernb-files code", has_text=".html")
    files.wait_for(timeout=WAIT)
    files.scroll_into_view_if_needed()
    snap(page, "contract-06-sent")
    return Path(files.inner_text().strip())


@pytest.fixture(scope="module")
def agreed(lab, browser) -> Agreed:
    """The whole conversation in the browser: open, start, write, edit, agree, prepare the files."""
    _plant_private_words(lab.home)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(WAIT)
    page = context.new_page()
    try:
        _open_and_run(page, lab, NOTEBOOK, code='page("gap"')
        _hold_the_conversation(page)
        _write_the_contract(page)
        html = _agree_and_prepare(page)
    except Exception:
        with contextlib.suppress(Exception):  # the picture must not hide what went wrong
            snap(page, "contract-failed")
        raise
    finally:
        context.close()
    store = open_store(lab.home)
    (gap,) = [c for c in store.load(Conversation, PERSON) if c.kind is ConversationKind.GAP]
    folder = lab.home / "reports" / "contracts"
    return Agreed(html, sorted(folder.iterdir()), gap.conversation_id)


def test_the_contract_agreed_in_the_browser_is_in_the_store_exactly_as_typed(lab, agreed):
    store = open_store(lab.home)
    (contract,) = store.load(Contract, PERSON)
    assert (contract.version, contract.conversation_id) == (1, agreed.conversation_id)
    assert contract.agreed in days_since(TODAY) and contract.sent == contract.agreed
    assert contract.open_question == TYPED.open_question
    assert contract.next_conversation == TYPED.next_conversation
    saved = sorted(store.load(Commitment, PERSON), key=lambda c: (c.party.value, c.position))
    assert [(c.party, c.action, c.due) for c in saved] == [
        *((Party.MANAGER, a, d) for a, d in TYPED.managers),
        *((Party.PERSON, a, d) for a, d in TYPED.theirs),
    ]
    assert [(r.month, r.aspect) for r in store.load(ReviewPoint, PERSON)] == [
        (TYPED.review_month, TYPED.review_aspect)
    ]


def test_the_builder_wrote_the_contract_the_mail_draft_and_the_calendar(lab, agreed):
    assert agreed.html == lab.home / "reports" / "contracts" / f"contract-{PERSON}-v1.html"
    assert [p.name for p in agreed.files] == [
        f"contract-{PERSON}-v1.eml",
        f"contract-{PERSON}-v1.html",
        f"follow-through-{PERSON}.ics",
    ]


def test_the_report_sees_their_commitments_the_managers_the_review_the_question_and_the_next_date(
    page, agreed
):
    page.goto(agreed.html.as_uri())
    assert page.title() == f"Development contract — {NAME}"
    assert page.locator("h1").inner_text() == NAME
    on = "|".join(re.escape(_human(d)) for d in days_since(TODAY))
    expect(page.locator(".meta")).to_contain_text(re.compile(f"Agreed with {re.escape(MANAGER)} on ({on})"))

    def items(heading: str) -> list[tuple[str, str]]:
        section = page.locator("section", has=page.locator("h2", has_text=heading))
        rows = section.locator(".items li")
        return [(row.locator(".what").inner_text(), row.locator(".by").inner_text()) for row in rows.all()]

    assert items("Your commitments") == [(a, f"by {_human(d)}") for a, d in TYPED.theirs]
    assert items("Your manager's commitments") == [(a, f"by {_human(d)}") for a, d in TYPED.managers]
    month = dt.date.fromisoformat(TYPED.review_month + "-01")
    review = page.locator("section", has=page.locator("h2", has_text="What we will review")).locator("li")
    in_sentence = "h" + TYPED.review_aspect[1:]  # "How the doc landed" reads on in the sentence
    assert review.inner_text() == f"In {month:%B %Y}, we will check in on {in_sentence}"
    assert page.locator(".question").inner_text() == TYPED.open_question
    assert page.locator(".next").inner_text() == _human(TYPED.next_conversation)
    # What the manager marked to share is there, in her words.
    assert page.locator(".words dd").all_inner_texts() == [SHARED_ANSWER]
    snap(page, "contract-07-the-report-opens-the-html")


def test_typed_markup_in_the_report_is_inert_text(page, agreed):
    page.goto(agreed.html.as_uri())
    raw = agreed.html.read_text(encoding="utf-8")
    assert "&lt;b&gt;design doc&lt;/b&gt;" in raw and "<b>" not in raw
    assert "&lt;script&gt;" in raw
    assert page.locator(".what b").count() == 0
    # The reply's own two scripts are the only ones: its data, and the form that reads it.
    assert page.locator("script").count() == 2
    assert page.locator("script#careernb-reply-data").count() == 1
    assert "careernbInjected" not in page.locator("script").nth(1).inner_text()
    assert page.evaluate("() => window.careernbInjected") is None


def test_private_notes_and_answers_never_reach_the_report(page, agreed):
    page.goto(agreed.html.as_uri())
    shown = page.locator("body").inner_text()
    raw = agreed.html.read_text(encoding="utf-8")
    message = email.message_from_bytes(
        agreed.html.with_suffix(".eml").read_bytes(), policy=email.policy.default
    )
    mail = "\n".join(part.get_content() for part in message.walk() if not part.is_multipart())
    calendar = (agreed.html.parent / f"follow-through-{PERSON}.ics").read_text(encoding="utf-8")
    places = {"page": shown, "HTML file": raw, "mail draft": mail, "calendar": calendar}
    leaked = [
        (what, where)
        for what, words in CANARIES.items()
        for where, text in places.items()
        if words.split(":")[0] in text
    ]
    assert leaked == [], f"private words reached the report: {leaked}"
    snap(page, "contract-08-no-private-words")
