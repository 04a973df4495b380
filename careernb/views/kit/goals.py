"""Goals that changed: the previous and the new aspiration side by side, and the history.

The dashboard shows the change side by side; practice health shows the history.
"""

from __future__ import annotations

from careernb.domain import playbook
from careernb.domain.aspirations import ASPIRATION_FIELDS, Aspiration
from careernb.domain.dates import human_date
from careernb.domain.goals import LABELS, GoalChange, Step
from careernb.views.kit import style
from careernb.views.kit.markup import esc

CHANGED = f"background:{style.NOTE_BG}"


def _value(a: Aspiration, field: str) -> str:
    v = getattr(a, field)
    v = v.value if hasattr(v, "value") else v
    return esc(v) if v else f'<span style="color:{style.PALE}">—</span>'


def _day(day) -> str:
    """A day in a table: never broken across two lines (practice health showed "2026-02-" over "10")."""
    return f'<span style="white-space:nowrap">{human_date(day)}</span>'


def side_by_side_html(change: GoalChange, name: str) -> str:
    """Both aspirations in two columns, the fields that moved highlighted, and the prompt."""
    shown = [
        f
        for f in ASPIRATION_FIELDS
        if f in change.fields or getattr(change.after, f) or getattr(change.before, f)
    ]
    rows = "".join(
        f'<tr style="{CHANGED if f in change.fields else ""}"><th style="text-align:left;padding:2px 8px">'
        f'{esc(LABELS[f])}</th><td style="padding:2px 8px">{_value(change.before, f)}</td>'
        f'<td style="padding:2px 8px">{_value(change.after, f)}</td></tr>'
        for f in shown
    )
    k = change.updated_by
    if k is not None:  # the contract was updated
        follow = (
            f'<div style="color:{style.GREEN}">The development contract was updated on '
            f"{human_date(k.agreed)} "
            f"(version {k.version}).</div>"
        )
    else:
        follow = (
            f'<div class="careernb-goals-prompt" style="color:{style.AMBER}">'
            "<b>Update the development contract.</b> "
            f"\u201c{esc(playbook.GOALS_CHANGE)}\u201d</div>"
        )
    return (
        f'<div class="careernb-goal-change" style="margin:6px 0 12px 0">'
        f"<div><b>{esc(name)}</b>: where they want to go has changed.</div>"
        f'<table style="border-collapse:collapse;margin:4px 0"><thead><tr><td></td>'
        f'<th style="text-align:left;padding:2px 8px">Before ({_day(change.before.recorded)})</th>'
        f'<th style="text-align:left;padding:2px 8px">Now ({_day(change.after.recorded)})</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>{follow}</div>"
    )


def history_html(steps: list[Step], name: str) -> str:
    """The aspiration history, oldest first; the fields that moved at each step highlighted."""
    if not steps:
        return f"<div><b>{esc(name)}</b>: not asked yet.</div>"
    head = "".join(
        f'<th style="text-align:left;padding:2px 8px">{esc(LABELS[f])}</th>'
        for f in ("direction", "three_year")
    )
    body = ""
    for s in steps:
        cells = "".join(
            f'<td style="padding:2px 8px;{CHANGED if f in s.changed else ""}">{_value(s.aspiration, f)}</td>'
            for f in ("direction", "three_year")
        )
        other = [LABELS[f] for f in s.changed if f not in ("direction", "three_year")]
        more = f'<td style="padding:2px 8px;color:{style.SOFT}">{esc(", ".join(other))}</td>'
        body += f'<tr><td style="padding:2px 8px">{_day(s.aspiration.recorded)}</td>{cells}{more}</tr>'
    return (
        f'<div><b>{esc(name)}</b></div><table style="border-collapse:collapse;margin:2px 0 10px 0">'
        f'<thead><tr><th style="text-align:left;padding:2px 8px">Recorded</th>{head}'
        f'<th style="text-align:left;padding:2px 8px">Also changed</th></tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )
