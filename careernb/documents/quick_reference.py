"""Quick Reference - Question Bank: the printable one page.

Grouped as the playbook groups it (where are you now, where do you want to go,
the honest version, closing the gap) and in its order, with the manager's own
questions marked. A pure function builds the context; a template renders it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import jinja2

from careernb.documents.templating import shown_in_document
from careernb.domain import playbook
from careernb.domain.conversations import ConversationKind
from careernb.domain.dates import human_date
from careernb.domain.questions import Question, QuickGroup, Section, Source, bank
from careernb.store import Store

TITLE = "Quick Reference - Question Bank"
TRUST_NOTE = playbook.ASK_ONLY_WITH_TRUST

# Where a manager's own question goes when they did not give it a quick-reference group.
_GROUP_OF_CONVERSATION = {
    ConversationKind.NOW: QuickGroup.NOW,
    ConversationKind.DIRECTION: QuickGroup.DIRECTION,
    ConversationKind.GAP: QuickGroup.GAP,
}


@dataclasses.dataclass(frozen=True)
class Line:
    text: str
    own: bool
    """One of the manager's own questions."""
    trust_gated: bool
    shorter: bool = False
    """The quick reference's own wording of a question a conversation page asks at length
    ("When are you doing your best work?" for "When you're doing your best work, ...")."""


@dataclasses.dataclass(frozen=True)
class Group:
    title: str
    lines: tuple[Line, ...]


def group_of(question: Question) -> QuickGroup | None:
    """The quick-reference group a question is printed in, if any."""
    if question.quick_reference is not None:
        return question.quick_reference
    if question.source is Source.MANAGER:
        if question.section is Section.FOLLOW_UP or (question.section.is_honest and question.trust_gated):
            return QuickGroup.HONEST
        return _GROUP_OF_CONVERSATION.get(question.conversation)
    return None


def groups(questions: list[Question]) -> list[Group]:
    """The four groups, each in the playbook's order, the manager's own after the playbook's."""
    section = playbook.text().split(TITLE, 1)[-1]

    def place(q: Question) -> tuple[int, int, int, str]:
        at = section.find(q.text) if q.source is Source.PLAYBOOK else -1
        return (q.source is Source.MANAGER, at if at >= 0 else 10**9, q.position, q.question_id)

    out = []
    for quick in QuickGroup:
        mine = sorted((q for q in questions if group_of(q) is quick), key=place)
        lines = tuple(
            Line(q.text, q.source is Source.MANAGER, q.trust_gated, shorter=q.variant_of is not None)
            for q in mine
        )
        out.append(Group(quick.value, lines))
    return out


def context(questions: list[Question], *, printed: dt.date | None = None) -> dict:
    """Everything the page shows, as plain data: test this, look at the HTML."""
    gs = groups(questions)
    return {
        "title": TITLE,
        "groups": gs,
        "own_count": sum(line.own for g in gs for line in g.lines),
        "shorter_count": sum(line.shorter for g in gs for line in g.lines),
        "trust_note": TRUST_NOTE,
        "printed": human_date(printed or dt.date.today()),
    }


_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, finalize=shown_in_document)
_TEMPLATE = _ENV.from_string(
    """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
@page { size: A4; margin: 14mm; }
body { font: 10.5pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1d1f;
       max-width: 190mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
.careernb-qr-intro { color: #555; margin: 0 0 5mm; font-size: 9.5pt; }
.careernb-qr-groups { columns: 2; column-gap: 9mm; }
section { break-inside: avoid; margin: 0 0 5mm; }
h2 { font-size: 11.5pt; margin: 0 0 1.5mm; padding-bottom: 1mm; border-bottom: 1.5px solid #2f5d8a;
     color: #2f5d8a; }
ul { margin: 0; padding-left: 4.5mm; }
li { margin: 0 0 1.6mm; }
.careernb-qr-own { font-size: 8pt; background: #fff2c6; border: 1px solid #d9b44a; border-radius: 3px;
                   padding: 0 3px; margin-left: 3px; white-space: nowrap; }
.careernb-qr-trust { display: block; font-size: 8.5pt; color: #8a3b00; font-style: italic; }
footer { margin-top: 4mm; font-size: 8pt; color: #595959; border-top: 1px solid #ddd; padding-top: 2mm; }
</style></head>
<body class="careernb-quick-reference">
<main>
<h1>{{ title }}</h1>
<p class="careernb-qr-intro">Keep this beside you: the questions, not a script.
{% if shorter_count %}They are worded as the playbook's own quick reference words them; the
conversation pages ask some of them in the playbook's longer wording.{% endif %}
{% if own_count %}Questions marked <span class="careernb-qr-own">your question</span>
are ones you added.{% endif %}</p>
<div class="careernb-qr-groups">
{% for group in groups %}<section class="careernb-qr-group">
<h2>{{ group.title }}</h2>
<ul>{% for line in group.lines %}
<li class="careernb-qr-question{% if line.own %} careernb-qr-own-question{% endif %}">
&ldquo;{{ line.text }}&rdquo;
{%- if line.own %} <span class="careernb-qr-own">your question</span>{% endif %}
{%- if line.trust_gated %}<span class="careernb-qr-trust">{{ trust_note }}</span>{% endif %}</li>
{% endfor %}</ul>
</section>
{% endfor %}</div>
</main>
<footer>careernb · printed {{ printed }}</footer>
</body></html>
"""
)


def render(questions: list[Question], *, printed: dt.date | None = None) -> str:
    return _TEMPLATE.render(**context(questions, printed=printed))


def write(store: Store | None, out: Path, *, printed: dt.date | None = None) -> Path:
    """Render the store's question bank (the playbook's, plus the manager's own) to ``out``."""
    out = Path(out)
    from careernb.ownership.exports import private_file

    return private_file(out, render(bank(store), printed=printed))
