"""Where they want to go, captured as data, and the honest fit with the organisation."""

from __future__ import annotations

import datetime as dt
import enum

from careernb.store import Id, Privacy, column, table


class Direction(enum.StrEnum):
    TECHNICAL_LEADERSHIP = "technical leadership"
    PEOPLE_LEADERSHIP = "people leadership"
    SOMETHING_ELSE = "something else"
    NOT_SURE_YET = "not sure yet"
    """A valid answer: the playbook says never to push for a clearer one."""


@table("aspirations", key=("aspiration_id",), per_person=True)
class Aspiration:
    """The person's aspiration as recorded at one conversation. History is kept."""

    aspiration_id: Id = column(Privacy.TEAM, "Stable id.")
    person_id: Id = column(Privacy.TEAM, "Whose aspiration.", references="people")
    recorded: dt.date = column(Privacy.TEAM, "When it was recorded.")
    direction: Direction | None = column(Privacy.TEAM, "The direction they want to move in.", default=None)
    three_year: str = column(
        Privacy.TEAM, "Where they want to be in three years, in their words.", default=""
    )
    admired_role: str = column(
        Privacy.PERSON, "A role they look at and think 'I'd like to do that'.", default=""
    )
    domain: str = column(Privacy.PERSON, "A type of problem or domain they want to go deep in.", default="")
    ten_year: str = column(Privacy.PERSON, "What success looks like in ten years.", default="")
    things_to_try: str = column(Privacy.PERSON, "Things they have always wanted to try.", default="")
    drawn_to: str = column(Privacy.PERSON, "What they are drawn to (useful when not sure yet).", default="")
    moving_away_from: str = column(Privacy.PERSON, "What they are moving away from.", default="")
    confirmed: dt.date | None = column(
        Privacy.TEAM, "Last date they confirmed it still holds, if later than recorded.", default=None
    )
    conversation_id: Id | None = column(
        Privacy.TEAM, "The conversation it was recorded in.", default=None, references="conversations"
    )

    @property
    def last_confirmed(self) -> dt.date:
        return self.confirmed or self.recorded


# The fields that make up where someone wants to go; a change in any is a change of goals.
ASPIRATION_FIELDS = (
    "direction",
    "three_year",
    "admired_role",
    "domain",
    "ten_year",
    "things_to_try",
    "drawn_to",
    "moving_away_from",
)


def history(aspirations: list[Aspiration]) -> list[Aspiration]:
    """Oldest first."""
    return sorted(aspirations, key=lambda a: (a.recorded, a.aspiration_id))


def latest(aspirations: list[Aspiration]) -> Aspiration | None:
    ordered = history(aspirations)
    return ordered[-1] if ordered else None


def changed_fields(before: Aspiration, after: Aspiration) -> list[str]:
    """The aspiration fields whose value differs, in display order."""
    return [f for f in ASPIRATION_FIELDS if getattr(before, f) != getattr(after, f)]


def direction_changed(aspirations: list[Aspiration]) -> tuple[Aspiration, Aspiration] | None:
    """The last two aspirations if the direction or the three-year picture moved between them."""
    ordered = history(aspirations)
    if len(ordered) < 2:
        return None
    before, after = ordered[-2], ordered[-1]
    moved = {"direction", "three_year"} & set(changed_fields(before, after))
    return (before, after) if moved else None


def one_line(aspiration: Aspiration | None) -> str:
    """Where they want to go, in one line: direction and three-year picture."""
    if aspiration is None:
        return "not asked yet"
    direction = aspiration.direction.value if aspiration.direction else "direction not recorded"
    picture = aspiration.three_year.strip().splitlines()[0] if aspiration.three_year.strip() else ""
    return f"{direction}: {picture}" if picture else direction


class Fit(enum.StrEnum):
    """How far the organisation can take them where they want to go."""

    FITS_HERE = "fits here"
    PARTIAL_PATH = "partial path"
    MAYBE_LATER = "maybe later"
    NOT_HERE = "not here"

    @property
    def needs_honesty(self) -> bool:
        """The playbook's honest script and explorations apply."""
        return self in (Fit.MAYBE_LATER, Fit.NOT_HERE)


@table("fit", key=("assessment_id",), per_person=True)
class FitAssessment:
    """The manager's honest assessment of fit, with the four explorations' notes."""

    assessment_id: Id = column(Privacy.TEAM, "Stable id.")
    person_id: Id = column(Privacy.TEAM, "Whose aspiration.", references="people")
    assessed: dt.date = column(Privacy.TEAM, "When it was assessed.")
    fit: Fit = column(Privacy.TEAM, "Fits here / partial path / maybe later / not here.")
    said_honestly: bool = column(
        Privacy.PRIVATE, "The manager named the constraint to the person, out loud.", default=False
    )
    partial_paths: str = column(Privacy.PRIVATE, "Exploration: partial paths.", default="")
    timeline: str = column(Privacy.PRIVATE, "Exploration: their timeline.", default="")
    in_parallel: str = column(Privacy.PRIVATE, "Exploration: what to do in parallel.", default="")
    transition: str = column(Privacy.PRIVATE, "Exploration: a well-managed transition.", default="")
    conversation_id: Id | None = column(
        Privacy.TEAM, "The conversation it was made in.", default=None, references="conversations"
    )


def latest_fit(assessments: list[FitAssessment]) -> FitAssessment | None:
    ordered = sorted(assessments, key=lambda a: (a.assessed, a.assessment_id))
    return ordered[-1] if ordered else None
