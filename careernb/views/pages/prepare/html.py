"""What the manager reads while preparing: what they said before, the contract as it stands,
where they want to go, and a download link for the light prompt.

Pure functions from records to HTML; every typed text is escaped, every colour
comes from :mod:`careernb.views.kit.style`.
"""

from __future__ import annotations

import base64
import datetime as dt

from careernb.domain import playbook
from careernb.domain.aspirations import Aspiration, changed_fields, direction_changed, latest, one_line
from careernb.domain.contract import Commitment, Contract, Party, current, in_order, of_version
from careernb.domain.preparation import Said
from careernb.domain.replies import STATEMENTS, Reply, ReplyUpdate
from careernb.views.kit import style
from careernb.views.kit.frame import day
from careernb.views.kit.markup import esc

SHOWN_BEFORE = 8
"""Earlier conversations listed, most recent first."""
OPEN_UP_TO = 6
SHOWN_REPLIES = 4
"""Their replies shown, the latest: about a year of quarters."""
"""The most recent is shown open when it is this short; longer ones open with a click."""


def said_html(said: list[Said]) -> str:
    if not said:
        return "<p><i>Nothing recorded yet: this will be your first career conversation with them.</i></p>"
    parts = []
    for i, s in enumerate(said[:SHOWN_BEFORE]):
        rows = "".join(
            f'<div style="margin:4px 0 8px"><div style="color:{style.SOFT};font-size:12px">{esc(q)}</div>'
            f'<div style="white-space:pre-wrap">{esc(a)}</div>'
            + (
                f'<div style="white-space:pre-wrap;font-style:italic;color:{style.DARK}">'
                f"underneath: {esc(u)}</div>"
                if u
                else ""
            )
            + "</div>"
            for q, a, u in s.answers
        )
        notes = "".join(f'<div style="white-space:pre-wrap">{esc(n)}</div>' for n in s.notes)
        parts.append(
            f'<details class="careernb-said"{" open" if i == 0 and len(s.answers) <= OPEN_UP_TO else ""}'
            ' style="margin:3px 0">'
            f"<summary><b>{day(s.when)}</b> · {esc(s.title)}"
            + (f' <span style="color:{style.GREY}">({len(s.answers)} answers)</span>' if s.answers else "")
            + "</summary>"
            f'<div style="padding:2px 0 6px 16px">{notes}{rows}</div></details>'
        )
    more = len(said) - SHOWN_BEFORE
    if more > 0:
        parts.append(f'<div style="color:{style.GREY}">… and {more} earlier.</div>')
    return "".join(parts)


def contract_html(contracts: list[Contract], commitments: list[Commitment], today: dt.date) -> str:
    contract = current(contracts)
    if contract is None:
        return "<p><i>No development contract yet.</i></p>"
    rows = [c for c in in_order(of_version(commitments, contract.version)) if c.status.carries_over]
    state = f"agreed {day(contract.agreed)}" if contract.agreed else "a draft, not agreed yet"

    def items(party: Party) -> str:
        lines = []
        for c in rows:
            if c.party is not party:
                continue
            late = c.overdue(today)
            colour = f' style="color:{style.RED}"' if late else ""
            flag = " <b>overdue</b>" if late else ""
            paused = " (paused)" if c.status.value == "paused" else ""
            due = f" by {day(c.due)}" if c.due else " <i>(no date)</i>"
            lines.append(
                f'<li class="careernb-open-commitment"{colour}>{esc(c.action)}{due}{paused}{flag}</li>'
            )
        return f"<ul style='margin:2px 0'>{''.join(lines)}</ul>" if lines else "<p><i>None open.</i></p>"

    question = esc(contract.open_question) or "<i>none</i>"
    return (
        f"<div>Version {contract.version}, {state}.</div>"
        "<div style='margin-top:6px'><b>Manager's commitments</b> (yours, first):</div>"
        f"{items(Party.MANAGER)}"
        f"<div><b>Their commitments:</b></div>{items(Party.PERSON)}"
        f"<div><b>The open question we are sitting with:</b> {question}</div>"
    )


def aspiration_html(aspirations: list[Aspiration]) -> str:
    now = latest(aspirations)
    if now is None:
        return "<p><i>Not asked yet.</i></p>"
    out = (
        f"<div>{esc(one_line(now))} <span style='color:{style.GREY}'>(recorded "
        f"{day(now.recorded)})</span></div>"
    )
    moved = direction_changed(aspirations)
    if moved:
        before, after = moved
        rows = "".join(
            f"<tr><td style='color:{style.SOFT};padding-right:10px'>{esc(f.replace('_', ' '))}</td>"
            f"<td style='padding-right:10px'>{esc(str(getattr(before, f) or ''))}</td>"
            f"<td>{esc(str(getattr(after, f) or ''))}</td></tr>"
            for f in changed_fields(before, after)
        )
        out += (
            f'<div class="careernb-goals-changed" style="margin-top:6px;color:{style.BROWN}">'
            "Their direction changed between the last two conversations:</div>"
            f"<table style='border-collapse:collapse'><tr><td></td>"
            f"<th align=left style='white-space:nowrap'>{day(before.recorded)}</th>"
            f"<th align=left style='white-space:nowrap'>{day(after.recorded)}</th></tr>{rows}</table>"
            f"<div>Name it: “{esc(playbook.NAME_THE_CHANGE)}”</div>"
        )
    return out


def replies_html(replies: list[Reply], updates: list[ReplyUpdate], actions: dict[str, str]) -> str:
    """What they wrote back from their contract, newest first: the three statements over time,
    what has changed in their words, and what they said of each commitment."""
    if not replies:
        return (
            "<p><i>No reply yet. The contract they receive carries a short reply: how their "
            "commitments are going, whether yours happened, what has changed, and three statements.</i></p>"
        )
    ordered = sorted(replies, key=lambda r: r.written)[-SHOWN_REPLIES:]
    head = "".join(
        f"<th style='text-align:left;padding-right:12px;white-space:nowrap'>{day(r.written.date())}</th>"
        for r in ordered
    )
    rows = "".join(
        f"<tr><td style='color:{style.SOFT};padding-right:12px'>{esc(s.words)}</td>"
        + "".join(
            f"<td style='padding-right:12px'>{esc(said.value) if (said := r.statement(s.key)) else '—'}</td>"
            for r in ordered
        )
        + "</tr>"
        for s in STATEMENTS
    )
    parts = [
        f"<table class='careernb-their-statements' style='border-collapse:collapse'>"
        f"<tr><td></td>{head}</tr>{rows}</table>"
    ]
    for r in reversed(ordered):
        updated = [
            f"<li>{esc(actions.get(u.commitment_id, u.commitment_id))}: "
            f"<b>{esc(answered.value if (answered := u.progress or u.happened) else 'no answer')}</b>"
            + (f' <span style="white-space:pre-wrap">— {esc(u.note)}</span>' if u.note else "")
            + "</li>"
            for u in updates
            if u.reply_id == r.reply_id
        ]
        words = (
            '<div class="careernb-their-words" style="white-space:pre-wrap;'
            f'border-left:3px solid {style.TEAL};padding:2px 10px">{esc(r.changed)}</div>'
            if r.changed.strip()
            else ""
        )
        if words or updated:
            parts.append(
                f'<div style="margin-top:8px"><b>{day(r.written.date())}</b> '
                f'<span style="color:{style.GREY}">· about version {r.version}</span>'
                f"{words}<ul style='margin:2px 0'>{''.join(updated)}</ul></div>"
            )
    return "".join(parts)


def download_link(data: bytes, filename: str, label: str) -> str:
    payload = base64.b64encode(data).decode("ascii")
    return (
        f'<a class="careernb-eml-download" download="{esc(filename)}" '
        f'href="data:message/rfc822;base64,{payload}">{esc(label)}</a>'
    )
