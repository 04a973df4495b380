"""The organisation view for HR: every manager's practice in one quarter, in counts only.

Two halves that never meet in one process. Each manager's own quarter computes their
:class:`PracticeFigures` with the same figure functions as their team view
(:func:`figures_of`, from team-level frames) and publishes them; the organisation's batch reads
what was published, per manager, and the distributions summed over teams of at least the
minimum group size (:class:`OrganisationFigures`), and :func:`render` writes the page. No name of
a report, no answer, no direction of anyone reaches the batch: it is given counts, nothing else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from typing import Any

from careernb.domain.aspirations import Direction
from careernb.domain.cadence import final_from, is_final
from careernb.domain.people import Person
from careernb.domain.replies import STATEMENTS, Agreement
from careernb.follow_through import figures, health
from careernb.follow_through.figures import Ratio
from careernb.follow_through.health import from_the_person
from careernb.store import Store

DIRECTION = "direction"
"""The distribution of where reports want to go (each report's latest direction)."""
DISTRIBUTION_TITLES = {
    DIRECTION: "Where people want to go, across the organisation",
    # The playbook's three statements, as reports answered them in their replies to their contracts.
    **{s.key: f"“{s.words}” — in their last reply of the quarter" for s in STATEMENTS},
}
NEEDS = {**figures.NEEDS, **from_the_person.NEEDS}
"""What a manager's figures are computed from: their team view's frames, replies included."""
ANSWER_ORDER = {
    DIRECTION: [d.value for d in Direction] + [figures.NOT_ASKED],
    **{s.key: [a.value for a in Agreement] + [from_the_person.NO_ANSWER] for s in STATEMENTS},
}


@dataclasses.dataclass(frozen=True)
class PracticeFigures:
    """One manager's practice in a quarter, as their own quarter publishes it: counts of their
    team, never a person."""

    quarter: str
    as_of: dt.date
    """The day the figures are counted to."""
    with_conversation: Ratio
    """Reports on the team during the quarter who had a career conversation in it (``of``: those reports)."""
    sent_in_48h: Ratio
    manager_kept: Ratio
    person_kept: Ratio | None
    """None where the batch reads a team under the minimum group size: its reports' own figures
    are facts about too few people (a team of one is that person); and where the figures are not
    final, which two reads around a joiner would tell of them. Likewise ``goals_changed``."""
    goals_changed: int | None
    failures: dict[str, int | None]
    """Each of the five failures: reports in whom team-level data shows it (None: not countable)."""
    people: int
    """The team each distribution counts: every report on it now."""
    distributions: dict[str, dict[str, int]]
    """How many of ``people`` gave each answer, by distribution (``direction``: where they want to go)."""

    @property
    def reports(self) -> int:
        return self.with_conversation.of


@dataclasses.dataclass(frozen=True)
class ManagerPractice:
    """A manager's line in the organisation view: their published figures, or none yet."""

    role: str
    name: str | None
    """As the organisation knows them (their ``people`` row); None when they have none."""
    figures: PracticeFigures | None = None
    """None: their quarter has not published for this quarter yet."""
    published: dt.datetime | None = None

    @property
    def final(self) -> bool:
        """Published once the quarter had ended: kept as they are, and counted in distributions."""
        return self.figures is not None and is_final(self.figures.quarter, self.published)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.role})" if self.name else self.role


@dataclasses.dataclass(frozen=True)
class OrganisationFigures:
    """What the organisation's batch reads for a quarter, and all the organisation view shows."""

    quarter: str
    managers: list[ManagerPractice]
    distributions: dict[str, dict[str, int]]
    """Summed over the teams of at least ``min_group_size``; a distribution of fewer people is absent."""
    min_group_size: int

    @property
    def published(self) -> list[ManagerPractice]:
        return [m for m in self.managers if m.figures is not None]

    @property
    def not_yet_run(self) -> list[ManagerPractice]:
        return [m for m in self.managers if m.figures is None]

    @property
    def small_teams(self) -> list[ManagerPractice]:
        """Teams under the minimum group size: in the practice figures, never in a distribution."""
        return [m for m in self.published if m.figures and m.figures.people < self.min_group_size]

    @property
    def final_from(self) -> dt.datetime:
        """From when a team's figures are final, and a distribution counts them."""
        return final_from(self.quarter)

    @property
    def not_final(self) -> list[ManagerPractice]:
        """Teams of at least the minimum size whose figures are not final: in no distribution yet."""
        small = self.small_teams
        return [m for m in self.published if not m.final and m not in small]


def figures_of(
    quarter: str,
    as_of: dt.date,
    frames: figures.Frames,
    team: list[str],
    shown: dict[str, Any],
    failures: dict[str, int | None],
) -> PracticeFigures:
    """A manager's figures from their team's frames and their team view's own data (``shown``),
    so that HR counts the directions and changed goals the manager's team view lists."""
    metrics = figures.quarter_metrics(frames, team, quarter, as_of)
    return PracticeFigures(
        quarter=quarter,
        as_of=as_of,
        with_conversation=metrics.with_conversation,
        sent_in_48h=metrics.sent_in_48h,
        manager_kept=metrics.manager_kept,
        person_kept=metrics.person_kept,
        goals_changed=len(shown["changes"]),
        failures=failures,
        people=len(team),
        distributions={
            DIRECTION: dict(shown["directions"]),
            **from_the_person.statement_counts(frames, team, quarter, as_of),
        },
    )


def failures_of(store: Store, team: list[str], today: dt.date) -> dict[str, int | None]:
    """The five failures as team-level records show them (answers are private: never read)."""
    from careernb.domain.contract import Commitment, Contract
    from careernb.domain.conversations import Conversation

    found: Counter[str] = Counter()
    by_id = {p.person_id: p for p in store.load(Person)}
    conversations = store.load_team(Conversation, team)
    contracts = store.load_team(Contract, team)
    commitments = store.load_team(Commitment, team)
    for pid in team:
        records = health.PersonRecords(by_id[pid], conversations[pid], [], contracts[pid], commitments[pid])
        for failure in {f.failure for f in health.detect(records, [], today)}:
            found[failure.value] += 1
    # Steering is read from answers, which are private: the organisation never counts it.
    return {f.value: None if f is health.Failure.STEERING else found[f.value] for f in health.Failure}


def ordered(name: str, counts: dict[str, int]) -> dict[str, int]:
    """A distribution's answers in the playbook's order (every one listed), then any other."""
    known = ANSWER_ORDER.get(name, [])
    return {**{a: counts.get(a, 0) for a in known}, **{a: n for a, n in counts.items() if a not in known}}


def render(organisation: OrganisationFigures, today: dt.date | None = None) -> str:
    """The organisation view as one HTML document."""
    from careernb.documents import charts
    from careernb.documents.templating import render as render_document

    today = today or dt.date.today()
    managers = sorted(organisation.managers, key=lambda m: (m.name or m.role).casefold())
    small = organisation.small_teams
    return render_document(
        "organisation_view.html.j2",
        {
            "quarter": organisation.quarter,
            "today": today,
            "managers": managers,
            "published": len(organisation.published),
            "failures": [f.value for f in health.Failure],
            "reports": sum(m.figures.reports for m in organisation.published if m.figures),
            "min_group_size": organisation.min_group_size,
            "small_teams": len(small),
            "small_people": sum(m.figures.people for m in small if m.figures),
            "final_from": organisation.final_from,
            "final_teams": sum(m.final for m in organisation.published),
            "not_final": len(organisation.not_final),
            "distributions": [
                {
                    "title": DISTRIBUTION_TITLES.get(name, name),
                    "chart": charts.directions(
                        ordered(name, counts), key=name, title=DISTRIBUTION_TITLES.get(name, name)
                    ),
                }
                for name, counts in organisation.distributions.items()
            ],
            "suppressed": [
                DISTRIBUTION_TITLES.get(name, name)
                for name in DISTRIBUTION_TITLES
                if name not in organisation.distributions
            ],
        },
    )
