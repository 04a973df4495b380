"""The "without notes" self-test: write first, then see what they said."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from careernb.domain import playbook
from careernb.domain.aspirations import Aspiration, Direction
from careernb.domain.people import Person, team
from careernb.domain.self_test import Comparison, Guess
from careernb.store import Store
from careernb.views.kit.errors import ErrorPanel
from careernb.views.kit.fragments import Fragments
from careernb.views.kit.markup import about, css, esc, labelled
from careernb.views.kit.parameters import Today
from careernb.views.kit.style import GREY
from careernb.views.pages.self_test.model import SelfTestModel

fragment = Fragments("careernb.views.pages.self_test")

_DONT_KNOW = "I don't know"


class GuessRow(w.VBox):
    """One report's guess, written into the model as it is typed."""

    def __init__(self, person: Person, model: SelfTestModel) -> None:
        self.person = person
        self.model = model
        self.three_year = css(
            w.Textarea(
                placeholder="In three years they want to…", layout=w.Layout(width="70%", height="48px")
            ),
            "careernb-guess",
            f"careernb-guess-{person.person_id}",
        )
        labelled(self.three_year, f"Where {person.name} wants to be in three years")
        self.direction = css(
            w.Dropdown(
                options=[(_DONT_KNOW, None), *((d.value, d) for d in Direction)],
                index=0,  # "I don't know" shown, not a blank
                description="Direction",
            ),
            "careernb-guess-direction",
        )
        about(self.direction, person.name)
        pid = person.person_id
        self.three_year.observe(lambda ch: model.write(pid, three_year=ch["new"]), "value")
        self.direction.observe(lambda ch: model.write(pid, direction=ch["new"]), "value")
        super().__init__([w.HTML(f"<b>{esc(person.name)}</b>"), w.HBox([self.three_year, self.direction])])

    def guess(self, today: dt.date | None = None) -> Guess:
        return self.model.guesses[self.person.person_id]


def results_html(model: SelfTestModel, names: dict[str, str]) -> str:
    """The score, then each guess beside what they said."""
    matched, counted = model.score
    rows = [(names[c.person_id], c) for c in model.comparisons]
    return fragment("self_test_results", matched=matched, counted=counted, rows=rows)


class SelfTestPanel(w.VBox):
    """Write where each report wants to go, then compare."""

    def __init__(self, store: Store, today: Today | dt.date | None = None) -> None:
        self.store = store
        self.errors = ErrorPanel()
        self.people = team(store)
        self.model = SelfTestModel(today, [p.person_id for p in self.people])
        self.rows = [GuessRow(p, self.model) for p in self.people]
        self.compare_button = css(
            w.Button(
                description="Compare with what they said",
                button_style="primary",
                layout=w.Layout(width="auto"),  # its words whole, not cut at the default width
            ),
            "careernb-compare",
        )
        self.compare_button.on_click(self.errors.guard(lambda _: self.compare()))
        self.results = css(w.HTML(), "careernb-self-test-results")
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
        for g in self.model.kept():
            self.store.save(g)
        self.model.compare({p.person_id: self.store.load(Aspiration, p.person_id) for p in self.people})
        self.results.value = results_html(self.model, {p.person_id: p.name for p in self.people})
        self.compare_button.description = "Compare again"
        return self.comparisons

    @property
    def comparisons(self) -> list[Comparison]:
        return self.model.comparisons
