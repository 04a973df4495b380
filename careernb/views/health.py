"""Practice health: the five common failures in your data, what good looks like, goals that changed."""

from __future__ import annotations

import dataclasses
import datetime as dt

import ipywidgets as w

from careernb.domain import playbook
from careernb.domain.aspirations import Aspiration
from careernb.domain.cadence import quarter_bounds
from careernb.domain.checklists import ITEMS, Stage
from careernb.domain.goals import steps
from careernb.domain.people import Person, team
from careernb.domain.questions import bank
from careernb.domain.self_test import Guess, score_between
from careernb.follow_through import health
from careernb.follow_through.figures import QuarterMetrics, Ratio
from careernb.follow_through.health import Failure, Finding
from careernb.store import Store
from careernb.views import style
from careernb.views._base import ErrorPanel, css, esc, open_for_notebook
from careernb.views._open import today_of
from careernb.views.goals import history_html
from careernb.views.style import GREEN, GREY, RED

TH = 'style="text-align:left;padding:4px 10px;white-space:nowrap"'
TD = 'style="padding:4px 10px"'

# Each metric row: (attribute, label, the playbook's words it measures).
METRICS = (
    (
        "with_conversation",
        "Reports with a career conversation this quarter",
        playbook.WHAT_GOOD_LOOKS_LIKE[3],
    ),
    ("manager_kept", "Your commitments kept on time", playbook.WHAT_GOOD_LOOKS_LIKE[2]),
    ("person_kept", "Their commitments kept on time", None),
    ("sent_in_48h", "Contracts sent within 48 hours", ITEMS[Stage.AFTER]["after.summary"]),
    ("reviews_monthly", "Months the contract was reviewed", playbook.CADENCE_ANCHOR.split(". ")[1] + "."),
    ("without_notes", "Where they want to go, known without notes", playbook.WHAT_GOOD_LOOKS_LIKE[6]),
)


@dataclasses.dataclass(frozen=True)
class Report:
    """Everything the health page shows: a pure context, rendered by :func:`html`."""

    today: dt.date
    names: dict[str, str]
    findings: dict[Failure, list[Finding]]
    metrics: list[QuarterMetrics]
    without_notes: dict[str, Ratio]
    history: list[tuple[Person, list]]


def build(store: Store, people: list[Person], today: dt.date, quarters: int = 4) -> Report:
    records = health.load(store, people)
    questions = bank(store)
    found = [f for r in records for f in health.detect(r, questions, today)]
    ms = health.metrics(records, today, quarters)
    guesses = {p.person_id: store.load(Guess, p.person_id) for p in people}
    asps = {p.person_id: store.load(Aspiration, p.person_id) for p in people}
    known = {}
    for m in ms:
        first, last = quarter_bounds(m.quarter)
        known[m.quarter] = Ratio(*score_between(guesses, asps, first, min(last, today)))
    history = [(p, steps(asps[p.person_id])) for p in people]
    changed = [(p, s) for p, s in history if any(step.changed for step in s[1:])]
    return Report(today, {p.person_id: p.name for p in people}, health.by_failure(found), ms, known, changed)


def _bar(r: Ratio) -> str:
    if r.share is None:
        return f'<span style="color:{GREY}">—</span>'
    pct = round(100 * r.share)
    color = GREEN if pct >= 80 else style.OCHRE if pct >= 50 else RED
    return (
        f"<div>{r.met} of {r.of} ({pct}%)</div><div "
        f'style="background:{style.RULE_LIGHT};height:6px;width:100px">'
        f'<div style="background:{color};height:6px;width:{pct}px"></div></div>'
    )


def failures_html(report: Report) -> str:
    out = []
    for failure, found in report.findings.items():
        if found:
            items = "".join(
                f'<li class="careernb-finding careernb-finding-{failure.value}">'
                f"<b>{esc(report.names.get(f.person_id, f.person_id))}</b>: "
                f"{esc(f.text)}</li>"
                for f in found
            )
            seen = f'<ul style="color:{RED};margin:4px 0">{items}</ul>'
        else:
            seen = f'<div style="color:{GREEN}">Not seen in your data.</div>'
        out.append(
            f'<div class="careernb-failure careernb-failure-{failure.value}" style="margin-bottom:12px">'
            f'<h4 style="margin:4px 0">{esc(failure.title)}</h4>'
            f'<div style="color:{GREY}"><i>{esc(failure.what_it_is)}</i></div>{seen}'
            '<div class="careernb-instead"><b>What to do instead:</b> '
            f"\u201c{esc(failure.instead)}\u201d</div></div>"
        )
    return "<h3>Common failures</h3>" + "".join(out)


def metrics_html(report: Report) -> str:
    head = "".join(
        f"<th {TH}>{esc(m.quarter)}{' (so far)' if m.partial else ''}</th>" for m in report.metrics
    )
    rows = ""
    for attr, label, words in METRICS:
        values = [
            report.without_notes[m.quarter] if attr == "without_notes" else getattr(m, attr)
            for m in report.metrics
        ]
        cells = "".join(f"<td {TD}>{_bar(v)}</td>" for v in values)
        quote = (
            f'<div style="color:{GREY};font-size:90%;font-weight:normal;white-space:normal">'
            f"\u201c{esc(words)}\u201d</div>"
            if words
            else ""
        )
        rows += f'<tr style="border-top:1px solid {style.RULE}"><th {TH}>{esc(label)}{quote}</th>{cells}</tr>'
    return (
        "<h3>What good looks like</h3>"
        '<table class="careernb-metrics" style="border-collapse:collapse">'
        f"<thead><tr><th></th>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        f'<div style="color:{GREY};font-size:90%">Paused commitments are left out (paused is not failure); '
        "dropped ones count as not kept. Reports count if they were on the team during the quarter.</div>"
    )


def goals_html(report: Report) -> str:
    if not report.history:
        return ""
    body = "".join(history_html(s, p.name) for p, s in report.history)
    quote = f'<div style="color:{GREY}">\u201c{esc(playbook.GOALS_CHANGE_NOT_FAILURE)}\u201d</div>'
    return f"<h3>Goals that changed</h3>{quote}{body}"


def html(report: Report) -> str:
    return failures_html(report) + metrics_html(report) + goals_html(report)


class HealthPanel(w.VBox):
    def __init__(self, store: Store, today: dt.date | None = None) -> None:
        self.store = store
        self.today = today or dt.date.today()
        self.errors = ErrorPanel()
        self.page = css(w.HTML(), "careernb-health-page")
        self.refresh_button = css(w.Button(description="Refresh", icon="refresh"), "careernb-refresh")
        self.refresh_button.on_click(self.errors.guard(lambda _: self.refresh()))
        super().__init__([self.refresh_button, self.errors, self.page])
        css(self, "careernb-health")
        self.refresh()

    def refresh(self) -> None:
        self.report = build(self.store, team(self.store), self.today)
        self.page.value = html(self.report)


def show(
    person_id: str | None = None, home: str | None = None, today: dt.date | str | None = None
) -> HealthPanel:
    """The practice health page for a notebook. It is about the whole team: ``person_id`` is
    taken so that every notebook has the same parameters."""
    return HealthPanel(open_for_notebook(home, create=False), today_of(today))
