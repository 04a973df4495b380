"""The organisation view for HR: a manager's published figures from their team view's own, and
the page made of counts alone. No kernel, no database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from careernb.documents import organisation_view, team_view
from careernb.documents.organisation_view import (
    DIRECTION,
    ManagerPractice,
    OrganisationFigures,
    PracticeFigures,
)
from careernb.domain.cadence import final_from, quarter_bounds
from careernb.domain.people import Person, team_of
from careernb.domain.replies import STATEMENTS
from careernb.follow_through import figures
from careernb.follow_through.health import from_the_person
from careernb.ownership.sharing import team_frames
from careernb.quarter import published
from careernb.quarter.results import Publication, published_line
from careernb.store import Privacy
from tests.canaries import plant
from tests.conftest import TODAY
from tests.practice import FINAL, SO_FAR, counted

QUARTER = "2026Q4"
HOSTILE = '<script>alert("hr")</script> & Ada'


def _figures(store) -> PracticeFigures:
    team = [p.person_id for p in team_of(store.load(Person), "ada")]
    as_of = min(TODAY, quarter_bounds(QUARTER)[1])
    frames = team_frames(store, team, organisation_view.NEEDS)
    shown = team_view.context(frames, team, QUARTER, as_of)
    failures = organisation_view.failures_of(store, team, as_of)
    return organisation_view.figures_of(QUARTER, as_of, frames, team, shown, failures)


def test_a_managers_figures_count_what_their_team_view_shows(demo):
    published = _figures(demo)
    team = [p.person_id for p in team_of(demo.load(Person), "ada")]
    shown = team_view.context(team_frames(demo, team, figures.NEEDS), team, QUARTER, TODAY)
    metrics = figures.quarter_metrics(team_frames(demo, team, figures.NEEDS), team, QUARTER, TODAY)
    assert published.reports == metrics.reports == len(team) == published.people == 8
    assert published.distributions[DIRECTION] == shown["directions"]
    assert set(published.distributions) == {DIRECTION, *(s.key for s in STATEMENTS)}
    assert all(sum(counts.values()) == published.people for counts in published.distributions.values())
    assert published.goals_changed == len(shown["changes"]) >= 1
    assert (published.with_conversation, published.sent_in_48h) == (
        metrics.with_conversation,
        metrics.sent_in_48h,
    )
    assert (published.manager_kept, published.person_kept) == (metrics.manager_kept, metrics.person_kept)
    assert published.failures["steering"] is None  # read from answers, which HR never gets
    assert all(isinstance(n, int) for f, n in published.failures.items() if f != "steering")


def test_the_statements_count_each_reports_last_answer_of_the_quarter_as_their_team_view_does(demo):
    published = _figures(demo)
    team = [p.person_id for p in team_of(demo.load(Person), "ada")]
    as_of = min(TODAY, quarter_bounds(QUARTER)[1])
    side = from_the_person.quarter(team_frames(demo, team, organisation_view.NEEDS), team, QUARTER, as_of)
    for statement, ratio in zip(STATEMENTS, side.statements, strict=True):
        counts = published.distributions[statement.key]
        assert sum(counts.get(a, 0) for a in from_the_person.AGREE) == ratio.met
        assert sum(counts.get(a, 0) for a in from_the_person.ANSWERED) == ratio.of
    assert any(ratio.of for ratio in side.statements), "the demo team answered nothing this quarter"


def test_no_word_of_a_reply_reaches_the_published_figures(demo):
    from careernb.domain.replies import Reply

    for pid in demo.person_ids():
        replies = demo.load(Reply, pid)
        if replies:
            demo.save(*[dataclasses.replace(r, changed=f"WORDS-{pid}") for r in replies])
    assert "WORDS-" not in repr(_figures(demo))


def test_the_view_escapes_names_and_carries_no_person_or_their_words(demo):
    planted = []
    reports = team_of(demo.load(Person), "ada")
    for p in reports:
        planted += plant(demo, p.person_id, p.person_id, {Privacy.PRIVATE, Privacy.PERSON, Privacy.TEAM})
    assert planted
    counted = _figures(demo)
    html = organisation_view.render(
        OrganisationFigures(
            QUARTER,
            [ManagerPractice("alice", HOSTILE, counted), ManagerPractice("bo", "Bo", counted)],
            {DIRECTION: counted.distributions[DIRECTION]},
            5,
        ),
        TODAY,
    )
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert html.index("&lt;script&gt;") < html.index(">Bo (bo)<")  # managers in name order
    assert not [c for c in planted if c in html]
    names = [p.name for p in team_of(demo.load(Person), "ada", include_left=True)]
    assert names and not [n for n in names if n in html]


def test_a_manager_who_has_not_published_is_shown_as_not_yet_run_and_counted_nowhere():
    html = organisation_view.render(
        OrganisationFigures(
            QUARTER, [ManagerPractice("alice", "Ada Okafor", counted(6)), ManagerPractice("bob", "Bo")], {}, 5
        ),
        TODAY,
    )
    assert "Not yet run: Bo's quarter has published no figures for 2026Q4" in html
    assert "2 managers, 1 of whom has run their quarter; 6 reports" in html


@pytest.mark.parametrize(
    ("teams", "suppressed", "left_out"),
    [
        ([6], False, ""),
        ([6, 4], False, "4 people in 1 team of fewer than 5 are counted"),
        ([4, 3], True, "7 people in 2 teams of fewer than 5 are counted"),
        ([1], True, "1 person in 1 team of fewer than 5 is counted"),
    ],
)
def test_a_distribution_the_batch_was_not_given_says_why_and_small_teams_are_named_as_counted_nowhere(
    teams, suppressed, left_out
):
    managers = [ManagerPractice(f"m{i}", f"M{i}", counted(n), FINAL) for i, n in enumerate(teams)]
    big = sum(n for n in teams if n >= 5)
    given = {name: {"an answer": big} for name in organisation_view.DISTRIBUTION_TITLES} if big else {}
    html = organisation_view.render(OrganisationFigures(QUARTER, managers, given, 5), TODAY)
    assert ("Not shown: fewer than 5 people answered it in the teams of at least 5" in html) is suppressed
    assert ('role="img"' in html) is not suppressed
    assert left_out in html
    if not left_out:
        assert "fewer than 5 are counted" not in html


def test_a_distribution_lists_every_direction_in_the_playbooks_order():
    counts = {"people leadership": 3, "technical leadership": 2, "zzz unknown": 1}
    ordered = organisation_view.ordered(DIRECTION, counts)
    assert list(ordered)[:2] == ["technical leadership", "people leadership"]
    assert ordered["not asked yet"] == 0 and list(ordered)[-1] == "zzz unknown"


def test_a_figure_published_before_a_failure_was_counted_reads_as_not_counted():
    older = dataclasses.replace(counted(6), failures={"deferring": 2})
    html = organisation_view.render(
        OrganisationFigures(QUARTER, [ManagerPractice("alice", "Ada", older)], {}, 5), dt.date(2026, 11, 26)
    )
    row = html[html.index(">Ada (alice)<") :].split("</tr>")[0]
    assert row.count("not counted") == 4 and ">2<" in row


def test_a_small_teams_row_shows_its_managers_practice_and_says_why_its_reports_own_are_not_there():
    as_read = dataclasses.replace(counted(2), person_kept=None, goals_changed=None)  # as the batch reads it
    html = organisation_view.render(
        OrganisationFigures(QUARTER, [ManagerPractice("bob", "Bo", as_read)], {}, 5), TODAY
    )
    row = html[html.index(">Bo (bob)<") :].split("</tr>")[0]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
    assert cells[:7] == ["2", "1 of 2 (50%)", "—", "1 of 2 (50%)", "team under 5", "team under 5", "0"]
    assert "None" not in html


@pytest.mark.parametrize(("people", "withheld"), [(2, True), (5, False)])
def test_a_manager_is_told_which_of_their_published_figures_the_organisation_does_not_see(people, withheld):
    publication = Publication(counted(people), SO_FAR, 5)
    line = published_line(publication)
    assert "theirs: 2 of 3 (67%); goals that changed: 0" in line
    assert (
        "these two stay with you: the organisation sees them only for a team of at least 5" in line
    ) is withheld
    assert line.endswith("No name and nothing anyone said.")


def test_figures_read_without_their_reports_own_counts_are_never_published():
    with pytest.raises(ValueError, match="never published"):
        published.publish(None, dataclasses.replace(counted(2), goals_changed=None))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("quarter", "final"),
    [
        ("2026Q4", dt.datetime(2027, 1, 1, 12, tzinfo=dt.UTC)),
        ("2027Q1", dt.datetime(2027, 4, 1, 12, tzinfo=dt.UTC)),
    ],
)
def test_a_quarter_is_final_once_it_has_ended_everywhere_on_earth(quarter, final):
    assert final_from(quarter) == final
    assert dt.datetime(2027, 1, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=-12))) == final_from("2026Q4")
    second = dt.timedelta(seconds=1)
    practice = counted(6, quarter=quarter)
    assert [ManagerPractice("m", "M", practice, at).final for at in (final - second, final)] == [False, True]
    assert [Publication(practice, at, 5).final for at in (final - second, final)] == [False, True]


def test_a_quarter_with_no_final_figures_shows_no_distribution_and_says_when_it_will():
    managers = [
        ManagerPractice("alice", "Ada", counted(6), SO_FAR),
        ManagerPractice("bo", "Bo", counted(7), SO_FAR),
    ]
    given = {DIRECTION: {"technical leadership": 13}}  # as an older database would have summed them
    html = organisation_view.render(OrganisationFigures(QUARTER, managers, given, 5), TODAY)
    assert 'role="img"' not in html and "Not shown" not in html
    assert "Counted once 2026Q4 has ended everywhere (2027-01-01 at 12:00 UTC)" in html
    assert "No team has final figures for 2026Q4 yet." in html
    assert ", final</td>" not in html


def test_teams_whose_figures_are_not_final_are_named_as_counted_in_no_distribution_yet():
    managers = [
        ManagerPractice("alice", "Ada", counted(6), FINAL),
        ManagerPractice("bo", "Bo", counted(7), SO_FAR),
        ManagerPractice("cy", "Cy", counted(2), SO_FAR),  # small: in no distribution anyway
    ]
    html = organisation_view.render(
        OrganisationFigures(QUARTER, managers, {DIRECTION: {"technical leadership": 6}}, 5), TODAY
    )
    assert 'role="img"' in html
    assert "1 team of at least 5 has no final figures yet: it is in the practice table above" in html
    ada, bo = (html[html.index(f">{who}<") :].split("</tr>")[0] for who in ("Ada (alice)", "Bo (bo)"))
    assert "Thu 26 November 2026, final</td>" in ada and "Thu 26 November 2026</td>" in bo


def test_a_manager_is_told_when_their_figures_are_final_and_when_the_organisation_kept_earlier_ones():
    so_far, final, kept = (
        published_line(Publication(counted(6), SO_FAR, 5)),
        published_line(Publication(counted(6), FINAL, 5)),
        published_line(Publication(counted(6), FINAL, 5, kept=True)),
    )
    assert so_far.startswith("Published your team's practice figures for 2026Q4")
    assert "They are final" not in so_far
    assert final.startswith("Published your team's") and final.endswith(
        "They are final: the quarter has ended, and a later run leaves them as they are."
    )
    assert kept.startswith(
        "The organisation keeps the practice figures your team published for 2026Q4 on 2027-01-02 at "
        "07:00 UTC, once the quarter had ended, and this run published nothing"
    )
    assert kept.endswith("No name and nothing anyone said.")


def test_a_large_teams_reports_own_figures_read_before_they_are_final_say_once_final():
    as_read = dataclasses.replace(counted(7), person_kept=None, goals_changed=None)  # revision 0009
    html = organisation_view.render(
        OrganisationFigures(QUARTER, [ManagerPractice("bo", "Bo", as_read, SO_FAR)], {}, 5), TODAY
    )
    row = html[html.index(">Bo (bo)<") :].split("</tr>")[0]
    assert row.count(">once final</td>") == 2 and "team under" not in row
    line = published_line(Publication(counted(7), SO_FAR, 5))
    assert "(these two the organisation sees once the quarter has ended and your figures are final)" in line
    assert "these two" not in published_line(Publication(counted(7), FINAL, 5))
