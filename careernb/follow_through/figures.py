"""The team's figures, computed with pandas from frames of text cells.

Every function here takes DataFrames shaped like ``Store.frame()`` returns
them: one row per record, the columns named as in the schema, every cell the
text the store keeps ("" for not given, dates as ``YYYY-MM-DD``). A CSV home,
``pd.read_csv(..., dtype=str, keep_default_na=False)`` or a database read with
``read_sql`` all give that shape, so the same figures come out of each.

:data:`NEEDS` lists the columns each figure reads: team-level ones only, so a
team view never holds an answer or a private note, even in memory.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

import pandas as pd

from careernb.domain.aspirations import Aspiration, Direction, FitAssessment
from careernb.domain.cadence import quarter_bounds
from careernb.domain.contract import SEND_WITHIN, Commitment, Contract
from careernb.domain.conversations import CAREER_KINDS, Conversation, ConversationKind
from careernb.domain.people import Person

NEEDS: dict[type, list[str]] = {
    Person: ["person_id", "name", "role", "manager_id", "joined", "left"],
    Aspiration: ["person_id", "aspiration_id", "recorded", "direction", "three_year", "confirmed"],
    FitAssessment: ["person_id", "assessment_id", "assessed", "fit"],
    Contract: ["person_id", "version", "agreed", "sent"],
    Commitment: ["person_id", "version", "commitment_id", "party", "due", "status", "done_on"],
    Conversation: ["person_id", "conversation_id", "kind", "held"],
}
"""What the team view and practice health read, table by table."""

Frames = Mapping[type, pd.DataFrame]

NOT_ASKED = "not asked yet"
NOT_ASSESSED = "not assessed"
CAREER = {k.value for k in CAREER_KINDS}
# One career conversation is three phases; a session of one phase is a third of one.
THIRDS = {k.value: len(k.phases) for k in CAREER_KINDS}
SIDES = {"manager": "manager", "reports": "person"}


def days(cells: pd.Series) -> pd.Series:
    """ISO date cells as datetimes; an empty cell is NaT."""
    return pd.to_datetime(cells.where(cells != ""), format="%Y-%m-%d")


def _ts(day: dt.date) -> pd.Timestamp:
    return pd.Timestamp(day)


def sent_late(agreed: pd.Series, sent: pd.Series, today: dt.date) -> tuple[pd.Series, pd.Series]:
    """The 48-hour rule over frames, as ``domain.contract.sending`` says it for one contract:
    (late, decided). Unsent and not yet late is undecided: there is still time."""
    late = (sent.fillna(_ts(today)) - agreed) > pd.Timedelta(SEND_WITHIN)
    return late, sent.notna() | late


def latest(frame: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Each person's last row by ``order`` (ties broken as the domain breaks them), indexed by person."""
    return (
        frame.sort_values(order, kind="stable")
        .groupby("person_id", sort=False)
        .tail(1)
        .set_index("person_id")
    )


def _months(a: pd.Series, b: dt.date) -> pd.Series:
    """Whole months from each day in ``a`` to ``b``."""
    return (b.year - a.dt.year) * 12 + b.month - a.dt.month - (b.day < a.dt.day)


def team_table(frames: Frames, team: list[str], today: dt.date) -> pd.DataFrame:
    """One row per report, in ``team`` order: where they want to go, fit, contract, commitments."""
    people = frames[Person].set_index("person_id").loc[team, ["name", "role"]]
    out = people.copy()
    asp = latest(frames[Aspiration], ["recorded", "aspiration_id"])
    out["direction"] = asp["direction"].reindex(team).replace("", NOT_ASKED).fillna(NOT_ASKED)
    out["three_year"] = asp["three_year"].reindex(team).fillna("")
    confirmed = days(asp["confirmed"].where(asp["confirmed"] != "", asp["recorded"])).reindex(team)
    out["confirmed"] = confirmed
    out["months_since_confirmed"] = _months(confirmed, today).astype("Int64")
    fit = latest(frames[FitAssessment], ["assessed", "assessment_id"])
    out["fit"] = fit["fit"].reindex(team).fillna(NOT_ASSESSED)

    contracts = frames[Contract].assign(version=lambda f: f["version"].astype(int))
    agreed = latest(contracts[contracts["agreed"] != ""], ["version"]).reindex(team)
    agreed_on, sent_on = days(agreed["agreed"].fillna("")), days(agreed["sent"].fillna(""))
    out["version"] = agreed["version"].astype("Int64")
    out["agreed"] = agreed_on
    late, decided = sent_late(agreed_on, sent_on, today)
    out["sent_on_time"] = (~late).where(decided & agreed_on.notna()).astype("boolean")

    commitments = frames[Commitment].assign(version=lambda f: f["version"].astype(int))
    current = commitments.merge(
        out["version"].dropna().astype(int).rename("current").reset_index(), on="person_id"
    )
    open_now = current[(current["version"] == current["current"]) & (current["status"] == "open")]
    due = days(open_now["due"])
    counts = (
        pd.DataFrame(
            {
                "open_manager": open_now["party"].eq("manager"),
                "open_theirs": open_now["party"].eq("person"),
                "overdue": due.lt(_ts(today)),
                "person_id": open_now["person_id"],
            }
        )
        .groupby("person_id")
        .sum()
    )
    for col in ("open_manager", "open_theirs", "overdue"):
        out[col] = counts[col].reindex(team).fillna(0).astype(int) if len(counts) else 0
    return out


def directions(table: pd.DataFrame) -> dict[str, int]:
    """How many reports want to go each way, every direction listed, "not asked yet" last."""
    labels = [d.value for d in Direction] + [NOT_ASKED]
    counts = table["direction"].value_counts()
    return {label: int(counts.get(label, 0)) for label in labels}


def conversations_held(frames: Frames, team: list[str], quarters: list[str]) -> pd.DataFrame:
    """Career conversations held per person (rows, ``team`` order) and quarter (columns).

    Counted in thirds: three sessions of one phase each are one conversation, not three.
    """
    conv = frames[Conversation]
    conv = conv[conv["kind"].isin(CAREER) & (conv["held"] != "") & conv["person_id"].isin(team)]
    quarter = days(conv["held"]).dt.to_period("Q").astype(str)  # "2026Q4", as quarter_of writes it
    grid = (
        pd.DataFrame({"person_id": conv["person_id"], "quarter": quarter, "thirds": conv["kind"].map(THIRDS)})
        .pivot_table(index="person_id", columns="quarter", values="thirds", aggfunc="sum")
        .reindex(index=team, columns=quarters)
        .fillna(0)
        .astype(int)
    )
    grid.columns.name = None
    return grid


def latest_commitments(commitments: pd.DataFrame) -> pd.DataFrame:
    """Each commitment once, as its latest version has it (carried-over rows share an id)."""
    return (
        commitments.assign(version=commitments["version"].astype(int))
        .sort_values("version", kind="stable")
        .groupby(["person_id", "commitment_id"], sort=False)
        .tail(1)
    )


def kept_on_time(
    commitments: pd.DataFrame,
    quarters: list[str],
    today: dt.date,
    *,
    dropped_is_missed: bool = False,
    by: str | None = None,
) -> pd.DataFrame:
    """Commitments kept on time and due, per quarter and side (and ``by`` another column).

    Only days up to ``today`` count. Paused commitments are never due (paused is
    not failure); dropped ones count as missed only when ``dropped_is_missed``.
    """
    rows = latest_commitments(commitments)
    skipped = {"paused"} if dropped_is_missed else {"paused", "dropped"}
    rows = rows[~rows["status"].isin(skipped) & (rows["due"] != "")]
    due, done_on = days(rows["due"]), days(rows["done_on"])
    kept = rows["status"].eq("done") & done_on.le(due)
    out = []
    for q in quarters:
        start, end = quarter_bounds(q)
        inside = due.between(_ts(start), _ts(min(end, today)))
        for side, party in SIDES.items():
            mask = inside & rows["party"].eq(party)
            keys = {"quarter": q, "side": side}
            if by is None:
                out.append({**keys, "kept": int(kept[mask].sum()), "due": int(mask.sum())})
                continue
            groups = pd.DataFrame({by: rows[by], "kept": kept & mask, "due": mask}).groupby(by).sum()
            out.extend({**keys, by: k, "kept": int(g.kept), "due": int(g.due)} for k, g in groups.iterrows())
    columns = ["quarter", "side", *([by] if by else []), "kept", "due"]
    return pd.DataFrame(out, columns=columns)


def goal_changes(frames: Frames, team: list[str], first: dt.date, last: dt.date) -> pd.DataFrame:
    """Reports whose direction or three-year picture moved between their last two aspirations,
    the later one recorded between ``first`` and ``last``."""
    asp = frames[Aspiration]
    asp = asp[asp["person_id"].isin(team)].sort_values(["recorded", "aspiration_id"], kind="stable")
    pair = asp.groupby("person_id", sort=False).tail(2)
    before = pair.groupby("person_id").head(1).set_index("person_id")
    after = pair.groupby("person_id").tail(1).set_index("person_id")
    two = pair.groupby("person_id").size() == 2
    after, before = after[two.reindex(after.index)], before.reindex(after[two.reindex(after.index)].index)
    moved = (after["direction"] != before["direction"]) | (after["three_year"] != before["three_year"])
    recorded = days(after["recorded"])
    chosen = moved & recorded.between(_ts(first), _ts(last))
    out = pd.DataFrame(
        {"before": before.loc[chosen].apply(_goal, axis=1), "after": after.loc[chosen].apply(_goal, axis=1),
         "when": recorded[chosen]},
        columns=["before", "after", "when"],
    )  # fmt: skip
    return out.reindex([p for p in team if p in out.index])


def _goal(row: pd.Series) -> str:
    direction = row["direction"] or "direction not recorded"
    return f"{direction}: {row['three_year']}" if row["three_year"] else direction


def held_this_quarter(grid: pd.DataFrame) -> int:
    """Reports with at least a session of a career conversation in the grid's last quarter."""
    return int((grid.iloc[:, -1] > 0).sum()) if len(grid.columns) else 0


# -- what good looks like, quarter by quarter ----------------------------------


@dataclasses.dataclass(frozen=True)
class Ratio:
    met: int
    of: int

    @property
    def share(self) -> float | None:
        return self.met / self.of if self.of else None

    def __str__(self) -> str:
        if not self.of:
            return "—"
        return f"{self.met} of {self.of} ({round(100 * self.met / self.of)}%)"


@dataclasses.dataclass(frozen=True)
class QuarterMetrics:
    quarter: str
    reports: int
    with_conversation: Ratio
    """Reports with a career conversation held in the quarter."""
    manager_kept: Ratio
    """The manager's commitments due in the quarter, kept on time (paused ones left out)."""
    person_kept: Ratio
    """Their commitments due in the quarter, kept on time (paused ones left out)."""
    sent_in_48h: Ratio
    """Contracts agreed in the quarter whose written summary went out within 48 hours."""
    reviews_monthly: Ratio
    """Months with a contract in force in which it was reviewed (a review or a career conversation)."""
    partial: bool
    """The quarter is not over yet: figures so far."""


REVIEWED_BY = CAREER | {ConversationKind.REVIEW.value}


def _month_spans(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    out = []
    day = first.replace(day=1)
    while day <= last:
        nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        out.append((day, nxt - dt.timedelta(days=1)))
        day = nxt
    return out


def quarter_metrics(frames: Frames, team: list[str], quarter: str, today: dt.date) -> QuarterMetrics:
    """What good looks like in one quarter, for the reports on the team during it."""
    first, last = quarter_bounds(quarter)
    until = min(last, today)
    people = frames[Person].set_index("person_id").reindex(team)
    joined, left = days(people["joined"].fillna("")), days(people["left"].fillna(""))
    on_team = people.index[(joined.isna() | (joined <= _ts(until))) & (left.isna() | (left >= _ts(first)))]
    ids = set(on_team)

    conv = frames[Conversation]
    conv = conv[conv["person_id"].isin(ids) & (conv["held"] != "")]
    held_on = days(conv["held"])
    in_quarter = held_on.between(_ts(first), _ts(until))
    with_conv = conv.loc[in_quarter & conv["kind"].isin(CAREER), "person_id"].nunique()

    commitments = frames[Commitment]
    kept = kept_on_time(
        commitments[commitments["person_id"].isin(ids)], [quarter], today, dropped_is_missed=True
    )
    by_side = {
        side: Ratio(int(k), int(d))
        for side, k, d in zip(kept["side"], kept["kept"], kept["due"], strict=True)
    }

    contracts = frames[Contract]
    contracts = contracts[contracts["person_id"].isin(ids) & (contracts["agreed"] != "")]
    agreed, sent = days(contracts["agreed"]), days(contracts["sent"])
    this_quarter = agreed.between(_ts(first), _ts(until))
    late, decided = sent_late(agreed, sent, today)
    decided &= this_quarter

    # A month counts once it is over and a contract was in force when it began.
    first_agreed = agreed.groupby(contracts["person_id"]).min()
    reviews = conv[conv["kind"].isin(REVIEWED_BY)].assign(day=held_on)
    reviewed = [0, 0]
    for m_first, m_last in _month_spans(first, until):
        if m_last >= today:
            continue
        in_force = set(first_agreed.index[first_agreed < _ts(m_first)])
        seen = set(reviews.loc[reviews["day"].between(_ts(m_first), _ts(m_last)), "person_id"])
        reviewed[1] += len(in_force)
        reviewed[0] += len(in_force & seen)
    return QuarterMetrics(
        quarter=quarter,
        reports=len(ids),
        with_conversation=Ratio(int(with_conv), len(ids)),
        manager_kept=by_side["manager"],
        person_kept=by_side["reports"],
        sent_in_48h=Ratio(int((decided & ~late).sum()), int(decided.sum())),
        reviews_monthly=Ratio(*reviewed),
        partial=last >= today,
    )


def practice_metrics(
    frames: Frames, team: list[str], quarters: list[str], today: dt.date
) -> list[QuarterMetrics]:
    """:func:`quarter_metrics` for each quarter, in the order given."""
    return [quarter_metrics(frames, team, q, today) for q in quarters]


__all__ = [
    "NEEDS",
    "QuarterMetrics",
    "Ratio",
    "conversations_held",
    "days",
    "directions",
    "goal_changes",
    "held_this_quarter",
    "kept_on_time",
    "latest",
    "latest_commitments",
    "practice_metrics",
    "quarter_metrics",
    "team_table",
]
