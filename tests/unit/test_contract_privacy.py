"""What leaves with the contract: that person's contract alone, nothing private, nothing unsafe.

Canaries are planted in every private text cell of every table for the person,
in every text cell of another person's data, in a trust-gated answer and in an
unshared answer. None may appear in the HTML, the .eml or the .ics. The last
tests of each kind take the guard away (the sharing gate, the escaping) and
check that the same assertions then fail, so these tests can fail.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import json
import re
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path

import jinja2
import pytest

from careernb import TABLES
from careernb.documents import contract as report
from careernb.documents import templating as documents
from careernb.documents.calendar import calendar_bytes, write_calendar
from careernb.documents.contract import contract_html, contract_message
from careernb.domain.contract import Commitment, Contract, Party, ReviewPoint, Status
from careernb.domain.conversations import Alongside, Answer, Conversation, ConversationKind
from careernb.domain.people import Person, Transition
from careernb.domain.questions import Question, Section
from careernb.domain.signals import SignalKind
from careernb.ownership.sharing import Audience, Shared
from careernb.store import Privacy, table_of
from tests.canaries import plant

ME, OTHER = "007", "019"


def _contract_conversation(store, pid: str) -> str:
    agreed = [c for c in store.load(Contract, pid) if c.is_agreed]
    return max(agreed, key=lambda c: c.version).conversation_id


@pytest.fixture
def planted(demo):
    """The demo team with canaries where nothing may leak from, and one shared answer that may."""
    store = demo
    # Private non-text cells with recognisable values.
    store.update(
        Person,
        None,
        lambda rows: [
            dataclasses.replace(p, transition=Transition.RETURNING_FROM_LEAVE) if p.person_id == ME else p
            for p in rows
        ],
    )
    store.update(
        Conversation,
        ME,
        lambda rows: [dataclasses.replace(c, alongside=Alongside.PERFORMANCE_REVIEW) for c in rows],
    )
    store.update(Answer, ME, lambda rows: [dataclasses.replace(a, share=False) for a in rows])
    never = plant(store, ME, "PRIVATE", {Privacy.PRIVATE})
    never += plant(store, OTHER, "OTHERPRIVATE", {Privacy.PRIVATE})
    never += plant(store, OTHER, "OTHERSHARED", {Privacy.PERSON, Privacy.TEAM})
    conv = _contract_conversation(store, ME)
    store.save(
        Answer(ME, conv, "honest.leave", "CANARYGATED trust-gated, marked share", share=True),
        Answer(ME, conv, "gap.need", "CANARYUNSHARED never marked share", share=False),
        Answer(ME, conv, "gap.commit", "SHARED-ON-PURPOSE the words they agreed to share", share=True),
    )
    never += ["CANARYGATED", "CANARYUNSHARED"]
    return store, never


def _eml_texts(raw: bytes) -> str:
    """Every decoded part and header of a message: canaries cannot hide in quoted-printable."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    parts = [str(msg[h]) for h in msg]
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            parts.append(part.get_content())
    return raw.decode("utf-8", "replace") + "\n".join(parts)


def _ics_texts(raw: bytes) -> str:
    """The file unfolded, and every value parsed back: canaries cannot hide in line folding."""
    import icalendar

    cal = icalendar.Calendar.from_ical(raw)
    values = [str(v) for event in cal.walk("VEVENT") for v in event.values()]
    unfolded = (
        raw.decode("utf-8").replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n")
    )
    return unfolded + "\n".join(values)


def _everything_shared_with(store, pid: str) -> dict[str, str]:
    return {
        "html": contract_html(store, pid),
        "eml": _eml_texts(contract_message(store, pid).as_bytes()),
        "ics": _ics_texts(calendar_bytes(store, [pid])),
    }


def _leaks(outputs: dict[str, str], canaries: list[str]) -> dict[str, list[str]]:
    found = {name: [c for c in canaries if c in text] for name, text in outputs.items()}
    return {name: leaked for name, leaked in found.items() if leaked}


PRIVATE_VALUES = [
    Transition.RETURNING_FROM_LEAVE.value,
    Alongside.PERFORMANCE_REVIEW.value,
    SignalKind.APPROACHED.value,
]


def test_the_contract_its_mail_and_calendar_carry_no_private_cell_and_no_one_elses_data(planted):
    store, never = planted
    outputs = _everything_shared_with(store, ME)
    assert _leaks(outputs, never + PRIVATE_VALUES) == {}
    # What may be shared is: the canaries above are absent for the right reason.
    assert "SHARED-ON-PURPOSE" in outputs["html"] and "SHARED-ON-PURPOSE" in outputs["eml"]
    assert "Tomás Herrera" in outputs["ics"]
    assert "Ada Okafor" in outputs["html"]


def test_the_team_calendar_carries_no_private_cell_of_anyone(planted, tmp_path):
    store, never = planted
    (path,) = write_calendar(store, None, tmp_path / "team.ics")
    text = _ics_texts(path.read_bytes())
    private = [c for c in never if not c.startswith("CANARYOTHERSHARED")]
    assert [c for c in private + PRIVATE_VALUES if c in text] == []
    # The manager's own calendar does carry each report's shareable cells: their name, the commitments.
    assert "CANARYOTHERSHAREDxpeoplexname" in text
    assert "CANARYOTHERSHAREDxcommitmentsxaction" in text


def _ungated(store, pid: str, kinds=None) -> Shared:
    """What the contract would see without the sharing gate: the raw store."""
    tables = {}
    for record_type in TABLES:
        table = table_of(record_type)
        if table.per_person:
            tables[table.name] = tuple(store.load(record_type, pid))
    return Shared(Audience.PERSON, tuple(store.load(Person)), tables)


def test_without_the_sharing_gate_the_canary_test_fails(planted, monkeypatch):
    store, never = planted
    monkeypatch.setattr(report, "for_person", _ungated)
    leaked = _leaks({"html": contract_html(store, ME)}, never)
    assert "CANARYGATED" in leaked["html"] and "CANARYUNSHARED" in leaked["html"]


# -- escaping ------------------------------------------------------------------

PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))"]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


def _dangerous(parsed: _Elements) -> list[str]:
    found = []
    for tag, attrs in parsed.tags:
        if tag in ("script", "img", "iframe", "object", "embed", "a"):
            found.append(tag)
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"{tag}[{name}]")
            if value and "javascript:" in value.replace(" ", "").lower():
                found.append(f"{tag}[{name}={value}]")
    return found


@pytest.fixture
def hostile(demo):
    """Every typed field the contract shows holds each payload."""
    store = demo
    payload = " ".join(PAYLOADS)
    store.update(
        Person,
        None,
        lambda rows: [
            dataclasses.replace(p, name=f"Tomás {payload}")
            if p.person_id == ME
            else dataclasses.replace(p, name=f"Ada {payload}")
            if p.person_id == "ada"
            else p
            for p in rows
        ],
    )
    current = max(c.version for c in store.load(Contract, ME))
    store.update(
        Contract,
        ME,
        lambda rows: [
            dataclasses.replace(c, open_question=f"Open {payload}") if c.version == current else c
            for c in rows
        ],
    )
    store.update(
        Commitment,
        ME,
        lambda rows: [
            dataclasses.replace(c, action=f"{c.party.value} {payload}", status=Status.OPEN) for c in rows
        ],
    )
    store.update(
        ReviewPoint, ME, lambda rows: [dataclasses.replace(r, aspect=f"Aspect {payload}") for r in rows]
    )
    store.save(Question("own.q1", ConversationKind.GAP, Section.OPENER, f"Own question {payload}"))
    conv = _contract_conversation(store, ME)
    store.save(
        Answer(ME, conv, "gap.commit", f"Answer {payload}", share=True),
        Answer(ME, conv, "own.q1", f"Own answer {payload}", share=True),
    )
    return store


REPLY_JS = (files("careernb.documents") / "templates" / "reply.js").read_text(encoding="utf-8").strip()
REPLY_DATA = re.compile(r'<script type="application/json" id="careernb-reply-data">([^<]*)</script>')


def _without_the_replys_own_scripts(html: str) -> tuple[str, dict]:
    """The document without the reply's two scripts, careernb's own (its code, exactly, and its
    data as JSON that no typed text can end early), and that data."""
    html = html.replace("\r\n", "\n")  # as a mail carries it
    html, found = re.subn(rf"<script>\s*{re.escape(REPLY_JS)}\s*</script>", "", html)
    assert found == 1, "the reply's script is not reply.js as it ships"
    (data,) = REPLY_DATA.findall(html)
    return REPLY_DATA.sub("", html), json.loads(data)


def _assert_inert(html: str) -> None:
    html, data = _without_the_replys_own_scripts(html)
    assert f"person {' '.join(PAYLOADS)}" in [c["action"] for c in data["commitments"]]  # as typed
    parsed = _parse(html)
    assert _dangerous(parsed) == []
    text = "".join(parsed.text)
    payload = " ".join(PAYLOADS)
    for field in [
        "Tomás",
        "Ada",
        "Open",
        "person",
        "manager",
        "Aspect",
        "Own question",
        "Answer",
        "Own answer",
    ]:
        assert f"{field} {payload}" in text, field


def test_every_typed_field_is_shown_as_inert_text_in_the_html_and_the_mail(hostile):
    _assert_inert(contract_html(hostile, ME))
    msg = email.message_from_bytes(contract_message(hostile, ME).as_bytes(), policy=email.policy.default)
    body, attached = [p for p in msg.walk() if p.get_content_type() == "text/html"]
    _assert_inert(body.get_content())  # the letter around the contract
    assert attached.get_filename() == f"contract-{ME}-v4.html"  # the contract to open in a browser
    _assert_inert(attached.get_content())


def test_without_escaping_the_escaping_test_fails(hostile, monkeypatch):
    unescaped = jinja2.Environment(loader=documents.ENV.loader, autoescape=False)
    unescaped.filters.update(documents.ENV.filters)
    monkeypatch.setattr(report, "render", lambda name, ctx: unescaped.get_template(name).render(ctx))
    html, _data = _without_the_replys_own_scripts(contract_html(hostile, ME))
    assert {"script", "img", "img[onerror]"} <= set(_dangerous(_parse(html)))


def test_the_contract_carries_no_code_no_prompts_and_no_notebook_chrome(demo):
    html = contract_html(demo, ME)
    start, end = (
        html.index('<section class="reply"'),
        html.index("</section>", html.index("careernb-reply-save")),
    )
    html = html[:start] + html[end:]  # the person's reply: the one form and script it carries, its own
    parsed = _parse(html)
    assert not [t for t, _ in parsed.tags if t in ("script", "pre", "code", "input", "textarea", "button")]
    for chrome in ("jp-", "In [", "Out[", "nbconvert", "ipykernel"):
        assert chrome not in html


def test_a_draft_is_labelled_a_draft_and_is_not_the_default(demo):
    current = max(c.version for c in demo.load(Contract, ME))
    demo.save(Contract(ME, current + 1, open_question="Still thinking"))
    demo.save(Commitment(ME, current + 1, "new1", Party.PERSON, "Draft action", dt.date(2027, 1, 15)))
    html = contract_html(demo, ME, current + 1)
    assert "draft, not yet agreed" in html and "Draft action" in html
    assert "not yet agreed" not in contract_html(demo, ME)  # the default is the latest agreed version


def test_files_written_by_the_contract_export_are_the_owners_alone(demo, tmp_path: Path):
    written = report.export_contract(demo, ME, tmp_path / "out")
    assert [p.suffix for p in written] == [".html", ".eml"]
    assert {p.stat().st_mode & 0o777 for p in written} == {0o600}
