"""When someone's goals change: the aspiration history, and the change set side by side.

"Career goals change. This is not a failure." When the latest aspiration's
direction or three-year picture differs from the one before, the dashboard
and the preparation page show both and prompt the contract update.
"""

from __future__ import annotations

import dataclasses

from careernb.domain.aspirations import (
    ASPIRATION_FIELDS,
    Aspiration,
    changed_fields,
    direction_changed,
    history,
)
from careernb.domain.contract import Contract


@dataclasses.dataclass(frozen=True)
class GoalChange:
    """The last two aspirations, where they differ, and whether the contract followed."""

    person_id: str
    before: Aspiration
    after: Aspiration
    fields: tuple[str, ...]
    updated_by: Contract | None
    """The agreed contract made on or after the change, if there is one."""

    @property
    def contract_updated(self) -> bool:
        return self.updated_by is not None


def goal_change(aspirations: list[Aspiration], contracts: list[Contract]) -> GoalChange | None:
    """The change of direction or three-year picture between the last two aspirations, if any."""
    pair = direction_changed(aspirations)
    if pair is None:
        return None
    before, after = pair
    later = sorted(
        (k for k in contracts if k.agreed is not None and k.agreed >= after.recorded),
        key=lambda k: (k.agreed, k.version),
    )
    return GoalChange(
        after.person_id, before, after, tuple(changed_fields(before, after)), later[0] if later else None
    )


@dataclasses.dataclass(frozen=True)
class Step:
    """One aspiration of the history, with what changed since the previous one."""

    aspiration: Aspiration
    changed: tuple[str, ...]


def steps(aspirations: list[Aspiration]) -> list[Step]:
    """The aspiration history, oldest first, each with the fields that moved."""
    out = []
    previous = None
    for a in history(aspirations):
        moved = tuple(changed_fields(previous, a)) if previous else ()
        out.append(Step(a, moved))
        previous = a
    return out


LABELS = {
    "direction": "Direction",
    "three_year": "In three years",
    "admired_role": "A role they would like",
    "domain": "A problem or domain to go deep in",
    "ten_year": "Success in ten years",
    "things_to_try": "Things they want to try",
    "drawn_to": "Drawn to",
    "moving_away_from": "Moving away from",
}
assert set(LABELS) == set(ASPIRATION_FIELDS)
