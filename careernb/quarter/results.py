"""What a quarter wrote: one record per team, one for the whole, each able to list its files.

A data home's quarter is one folder: its teams' team views and contracts, and one index of them
all; a manager's quarter on the organisation's database is the same for their one team, and
adds the :class:`Publication` of their practice figures. The organisation's batch writes the
organisation view alone, from what every manager published. Each is a :class:`QuarterResult`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from careernb.domain.cadence import is_final
from careernb.domain.people import Person
from careernb.quarter.failures import ContractNotRenderedError, NotRenderedError, TeamViewNotRenderedError

if TYPE_CHECKING:
    from IPython.display import HTML

    from careernb.documents.organisation_view import OrganisationFigures, PracticeFigures

CONTRACTS = "contracts"
"""The folder, beside the index, that holds each report's contract as ``<person_id>.html``."""
SUMMARY = "result.json"
"""Written beside each index page, for the command line and for schedulers."""
NO_CONTRACT = "no agreed contract yet"


@dataclasses.dataclass(frozen=True)
class ReportContract:
    """One report's line in the quarter: the contract rendered, none agreed yet, or its failure."""

    person_id: str
    name: str
    manager_id: str
    version: int | None = None
    """The agreed version rendered; None when there is none yet or it failed."""
    failure: ContractNotRenderedError | None = None

    @property
    def file(self) -> str | None:
        """The contract's file, relative to its team's folder."""
        return f"{CONTRACTS}/{self.person_id}.html" if self.version is not None else None

    @property
    def failed(self) -> bool:
        return self.failure is not None

    @property
    def note(self) -> str:
        """What the index says beside the name: the version, why there is none, or the failure."""
        if self.failure is not None:
            return self.failure.note
        return f"version {self.version}" if self.version is not None else NO_CONTRACT


@dataclasses.dataclass(frozen=True)
class TeamQuarter:
    """One manager's quarter: each report's contract, the team view, and what failed."""

    manager: Person
    folder: Path
    """Where its files are; a report's ``file`` is relative to it."""
    people: list[ReportContract]
    """Each report, in the team's order."""
    team_view: Path | None = None
    team_view_failure: TeamViewNotRenderedError | None = None
    role: str | None = None
    """The manager's database role, in the organisation's quarter."""
    index: Path | None = None
    """Its own index page, when the team's quarter has a folder of its own (each manager's, in
    the organisation's quarter); None when it shares its quarter's index."""

    @property
    def key(self) -> str:
        """The manager as the quarter names them: the database role, else the person id."""
        return self.role or self.manager.person_id

    @property
    def contracts(self) -> list[ReportContract]:
        return [r for r in self.people if r.file]

    @property
    def failures(self) -> list[NotRenderedError]:
        return listed([self])

    @property
    def ok(self) -> bool:
        return not self.failures

    def contract_files(self) -> list[Path]:
        return [self.folder / r.file for r in self.people if r.file]

    def files(self) -> list[Path]:
        """Every file written for this team: its own index and summary, its team view, its contracts."""
        views = [self.team_view] if self.team_view else []
        return [*_index_files(self.index), *views, *self.contract_files()]


@dataclasses.dataclass(frozen=True)
class Publication:
    """What a manager's quarter published for the organisation: counts of their team, and when."""

    figures: PracticeFigures
    published: dt.datetime
    min_group_size: int
    """The organisation sees a team's reports' own figures only for a team of at least this many."""
    kept: bool = False
    """The organisation held final figures for the quarter already, and kept them: ``figures``
    are those, published then, not this run's."""

    @property
    def final(self) -> bool:
        """Published once the quarter had ended: the organisation keeps these as they are, and
        counts its distributions from such figures alone."""
        return is_final(self.figures.quarter, self.published)

    @property
    def reports_own_withheld(self) -> bool:
        """Whether the batch reads this team without its reports' own figures: a team too small."""
        return self.figures.people < self.min_group_size


@dataclasses.dataclass(frozen=True)
class QuarterResult:
    """A whole quarter: every team's, the index of a data home's quarter, the organisation view."""

    quarter: str
    folder: Path
    """The quarter's folder (``<out>/<quarter>``), or the organisation's ``out``."""
    managers: dict[str, TeamQuarter]
    """Each team, by its manager: the person id in a data home, the database role in the
    organisation's quarter."""
    index: Path | None = None
    """The index of every team, when they share one folder (a data home's quarter)."""
    view: Path | None = None
    """The organisation view for HR, in the organisation's quarter."""
    publication: Publication | None = None
    """A manager's quarter on the organisation's database: the figures it published; None when
    nothing was (a data home's quarter, or a team view that did not render)."""
    organisation: OrganisationFigures | None = None
    """The organisation's quarter: what the batch read, which the view shows."""

    @property
    def teams(self) -> list[TeamQuarter]:
        return list(self.managers.values())

    @property
    def people(self) -> list[ReportContract]:
        return [r for t in self.teams for r in t.people]

    @property
    def contracts(self) -> list[ReportContract]:
        return [r for t in self.teams for r in t.contracts]

    @property
    def team_views(self) -> list[Path]:
        return [t.team_view for t in self.teams if t.team_view]

    @property
    def failures(self) -> list[NotRenderedError]:
        """In the order the index pages list them: one page for a data home's teams, one per
        team in the organisation's quarter."""
        pages = [self.teams] if self.index else [[t] for t in self.teams]
        return [f for page in pages for f in listed(page)]

    @property
    def ok(self) -> bool:
        return not self.failures

    def files(self) -> list[Path]:
        """Every file the quarter wrote."""
        if self.index is None:
            view = [self.view] if self.view else []
            return [*view, *(p for t in self.teams for p in t.files())]
        contracts = [p for t in self.teams for p in t.contract_files()]
        return [*_index_files(self.index), *self.team_views, *contracts]


def listed(teams: Iterable[TeamQuarter]) -> list[NotRenderedError]:
    """The failures of some teams as one index lists them: every contract's, then every team view's."""
    teams = list(teams)
    contracts: list[NotRenderedError] = [r.failure for t in teams for r in t.people if r.failure]
    return contracts + [t.team_view_failure for t in teams if t.team_view_failure]


def _index_files(index: Path | None) -> list[Path]:
    return [index, index.with_name(SUMMARY)] if index else []


def summary(result: QuarterResult) -> HTML:
    """What the quarter's notebook shows: counts, the folder, and each failure."""
    from html import escape as esc

    from IPython.display import HTML

    if result.organisation is not None:
        org = result.organisation
        return HTML(
            f"<p><strong>{esc(result.quarter)}</strong>: the organisation view, "
            f"<code>{esc(str(result.view))}</code>: {len(org.managers)} managers, "
            f"{len(org.published)} published, {len(org.not_yet_run)} not yet run.</p>"
        )
    lines = [
        f"<p><strong>{esc(result.quarter)}</strong>: {len(result.contracts)} contracts and "
        f"{len(result.team_views)} team views in <code>{esc(str(result.folder))}</code>.</p>"
    ]
    if result.publication is not None:
        lines.append(f"<p>{esc(published_line(result.publication))}</p>")
    for r in result.failures:
        lines.append(f'<p style="color:#b00020">{esc(r.name)} ({esc(r.person_id)}): {esc(r.note)}</p>')
    return HTML("".join(lines))


FINAL = " They are final: the quarter has ended, and a later run leaves them as they are."


def published_line(publication: Publication) -> str:
    """What a manager is told was published: the counts, exactly as the organisation gets them."""
    f = publication.figures
    counted_to = f.as_of.isoformat()
    if publication.kept:
        when = publication.published.astimezone(dt.UTC)
        said = (
            f"The organisation keeps the practice figures your team published for {f.quarter} on "
            f"{when:%Y-%m-%d at %H:%M} UTC, once the quarter had ended, and this run published "
            "nothing: final figures stay as they are, so that no two of its views differ by one "
            f"person. They were counted to {counted_to}: "
        )
    else:
        said = (
            f"Published your team's practice figures for {f.quarter} (counted to {counted_to}) "
            "to the organisation: "
        )
    return (
        said + f"{f.reports} reports, {f.with_conversation.met} with a career conversation; "
        f"contracts sent within 48 hours: {f.sent_in_48h}; your commitments kept on time: "
        f"{f.manager_kept}; theirs: {f.person_kept}; goals that changed: {f.goals_changed}"
        + (
            f" (these two stay with you: the organisation sees them only for a team of at least "
            f"{publication.min_group_size} people). "
            if publication.reports_own_withheld
            else " (these two the organisation sees once the quarter has ended and your figures are final). "
            if not publication.final
            else ". "
        )
        + "No name and nothing anyone said."
        + (FINAL if publication.final and not publication.kept else "")
    )
