"""The "without notes" self-test: write first, then see what they said."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from careernb.domain import playbook
from careernb.domain.aspirations import Aspiration, Direction
from careernb.domain.people import Person, team
from careernb.domain.self_test import Comparison, Guess, Match, compare, score
from careernb.store import Store, new_id
from careernb.views import style
from careernb.views._base import ErrorPanel, css, esc, open_for_notebook
from careernb.views._open import today_of
from careernb.views.style import GREEN, GREY, RED

_DONT_KNOW = "I don't know"


class GuessRow(w.VBox):
    def __init__(self, person: Person) -> None:
        self.person = person
        self.guess_id = new_id("g")  # comparing again corrects this sitting's guess
        self.three_year = css(
            w.Textarea(
                placeholder="In three years they want to…", layout=w.Layout(width="70%", height="48px")
            ),
            "careernb-guess",
            f"careernb-guess-{person.person_id}",
        )
        self.direction = css(
            w.Dropdown(
                options=[(_DONT_KNOW, None), *((d.value, d) for d in Direction)], description="Direction"
            ),
            "careernb-guess-direction",
        )
        super().__init__([w.HTML(f"<b>{esc(person.name)}</b>"), w.HBox([self.three_year, self.direction])])

    def guess(self, today: dt.date) -> Guess:
        return Guess(self.guess_id, self.person.person_id, today, self.three_year.value, self.direction.value)


def comparison_html(name: str, c: Comparison) -> str:
    wrote = (
        esc(c.guess.three_year)
        if c.guess and c.guess.three_year.strip()
        else f'<i style="color:{GREY}">blank</i>'
    )
    if c.guess and c.guess.direction:
        wrote += f'<br><span style="color:{GREY}">{esc(c.guess.direction.value)}</span>'
    if c.said is None:
        said = f'<i style="color:{GREY}">not asked yet: ask in conversation 2</i>'
    else:
        picture = (
            esc(c.said.three_year)
            if c.said.three_year.strip()
            else f'<i style="color:{GREY}">no picture yet</i>'
        )
        direction = esc(c.said.direction.value) if c.said.direction else "direction not recorded"
        said = f'{picture}<br><span style="color:{GREY}">{direction}, {c.said.recorded.isoformat()}</span>'
    color = GREEN if c.match is Match.MATCH else GREY if c.match is Match.NOT_ASKED else RED
    detail = "".join(f"<div>\u2022 {esc(m)}</div>" for m in c.mismatches)
    if c.shared_words:
        detail += f'<div style="color:{GREY}">in common: {esc(", ".join(c.shared_words))}</div>'
    return (
        f'<tr class="careernb-comparison careernb-comparison-{esc(c.person_id)}" '
        f'style="border-top:1px solid {style.RULE}">'
        f'<td style="padding:4px 8px"><b>{esc(name)}</b></td><td style="padding:4px 8px">{wrote}</td>'
        f'<td style="padding:4px 8px">{said}</td>'
        f'<td style="padding:4px 8px;color:{color}"><b>{esc(c.match.value)}</b>{detail}</td></tr>'
    )


class SelfTestPanel(w.VBox):
    """Write where each report wants to go, then compare."""

    def __init__(self, store: Store, today: dt.date | None = None) -> None:
        self.store = store
        self.today = today or dt.date.today()
        self.errors = ErrorPanel()
        self.people = team(store)
        self.rows = [GuessRow(p) for p in self.people]
        self.compare_button = css(
            w.Button(description="Compare with what they said", button_style="primary"), "careernb-compare"
        )
        self.compare_button.on_click(self.errors.guard(lambda _: self.compare()))
        self.results = css(w.HTML(), "careernb-self-test-results")
        self.comparisons: list[Comparison] = []
        super().__init__(
            [
                w.HTML(
                    f'<div style="color:{GREY}">What good looks like: '
                    f"\u201c{esc(playbook.WHAT_GOOD_LOOKS_LIKE[6])}\u201d. "
                    "Write before you look: what they said stays hidden until you compare.</div>"
                ),
                *self.rows,
                self.compare_button,
                self.results,
                self.errors,
            ]
        )
        css(self, "careernb-self-test")

    def compare(self) -> list[Comparison]:
        """Save every guess (blank ones too: 'could not say' is an answer), then compare."""
        self.comparisons = []
        for row in self.rows:
            g = row.guess(self.today)
            self.store.save(g)
            self.comparisons.append(
                compare(row.person.person_id, g, self.store.load(Aspiration, row.person.person_id))
            )
        matched, counted = score(self.comparisons)
        names = {p.person_id: p.name for p in self.people}
        body = "".join(comparison_html(names[c.person_id], c) for c in self.comparisons)
        self.results.value = (
            f"<h4>You knew {matched} of {counted}</h4>"
            '<table style="border-collapse:collapse"><thead><tr><th></th>'
            '<th style="text-align:left;padding:4px 8px">You wrote</th>'
            '<th style="text-align:left;padding:4px 8px">They said</th><th></th></tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )
        self.compare_button.description = "Compare again"
        return self.comparisons


def show(
    person_id: str | None = None, home: str | None = None, today: dt.date | str | None = None
) -> SelfTestPanel:
    """The self-test for a notebook. It asks about the whole team: ``person_id`` is taken so that
    every notebook has the same parameters."""
    return SelfTestPanel(open_for_notebook(home, create=False), today_of(today))
