"""The manager's own analysis: data as DataFrames in one call, and docs/data.md agreeing with it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from careernb.follow_through import explore

DOC = Path(__file__).resolve().parents[2] / "docs" / "data.md"


def test_every_table_comes_typed_and_exact(demo):
    data = explore.frames(demo.home)
    assert len(data.people) == len(demo.person_ids())
    assert str(data.commitments["due"].dtype).startswith("datetime64")
    assert str(data.commitments["version"].dtype) == "Int64"
    assert str(data.answers["share"].dtype) == "boolean"
    assert set(data.people["person_id"]) >= {"007", "019"}  # ids stay text: 007 is not 7


def test_directions_over_time_count_everyone_with_an_aspiration_each_quarter(demo):
    counts = explore.directions_over_time(explore.frames(demo.home))
    assert counts.index[-1] == "2026Q4"
    # Mei Lin moved from technical to people leadership this quarter.
    assert counts.loc["2026Q4", "people leadership"] == counts.loc["2026Q3", "people leadership"] + 1
    assert (counts.sum(axis=1).diff().dropna() >= 0).all()  # nobody disappears once asked


def test_kept_on_time_matches_the_team_view_for_the_same_quarters(demo):
    from careernb.documents import team_view
    from careernb.domain.people import Person, team_of
    from careernb.follow_through import figures
    from careernb.ownership.sharing import team_frames

    today = dt.date(2026, 11, 26)
    kept = explore.kept_on_time_by_quarter(explore.frames(demo.home), today).set_index(["quarter", "side"])
    team = [p.person_id for p in team_of(demo.load(Person), "ada")]
    view = team_view.context(team_frames(demo, team, figures.NEEDS), team, "2026Q4", today)["kept"]
    for side, rows in view.items():
        for quarter, done, due in rows:
            assert (kept.loc[(quarter, side), "kept"], kept.loc[(quarter, side), "due"]) == (done, due)


def test_since_confirmed_puts_the_longest_wait_first(demo):
    since = explore.since_confirmed(explore.frames(demo.home), "2026-11-26")
    assert since.iloc[0]["name"] == "Priya Raman"
    assert since["days_since"].is_monotonic_decreasing


def test_the_plain_pandas_code_in_docs_data_md_gives_the_notebooks_answers(demo, monkeypatch):
    (code,) = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    monkeypatch.setenv("CAREERNB_HOME", str(demo.home))
    plain: dict = {}
    exec(compile(code, "docs/data.md", "exec"), plain)
    today = plain["today"].date()
    data = explore.frames(demo.home)

    ours = explore.directions_over_time(data)
    theirs = plain["directions"].set_axis(plain["directions"].index.astype(str))
    pd.testing.assert_frame_equal(
        theirs.sort_index(axis=1), ours.sort_index(axis=1), check_names=False, check_dtype=False
    )

    kept = explore.kept_on_time_by_quarter(data, today)
    ours_kept = {(r.quarter, r.side): (r.kept, r.due) for r in kept.itertuples() if r.due}
    side = {"manager": "manager", "person": "reports"}
    theirs_kept = {(str(q), side[p]): (int(r.kept), int(r.due)) for (q, p), r in plain["kept"].iterrows()}
    assert theirs_kept == ours_kept and ours_kept

    since = explore.since_confirmed(data, today)["days_since"]
    assert plain["since"].to_dict() == since.to_dict()
