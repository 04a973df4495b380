"""What good looks like, from the person: their three statements over time on the team view, and
the quarter's measures from their side, counted from their replies only."""

from __future__ import annotations

import dataclasses
import datetime as dt

from careernb.documents import team_view
from careernb.domain.people import Person, team_of
from careernb.domain.replies import Agreement, Reply, ReplyToken
from careernb.follow_through import figures
from careernb.follow_through.figures import Ratio
from careernb.follow_through.health import from_the_person
from careernb.ownership.sharing import team_frames
from tests.conftest import TODAY

NEEDS = {**figures.NEEDS, **from_the_person.NEEDS}


def team(store) -> list[str]:
    return [p.person_id for p in team_of(store.load(Person), "ada")]


def frames(store):
    return team_frames(store, team(store), NEEDS)


def test_each_persons_last_replies_oldest_first_in_their_own_words(demo):
    said = from_the_person.said_over_time(frames(demo), team(demo))
    assert list(said) == [
        "007",
        "019",
        "023",
        "034",
        "040",
        "046",
    ]  # team order; Priya and Amara never replied
    sofia = said["034"]
    assert [s.written for s in sofia] == [dt.date(2026, 5, 13), dt.date(2026, 8, 10), dt.date(2026, 11, 9)]
    assert [s.statements for s in sofia][-1] == ("strongly agree", "agree", "strongly agree")
    assert sofia[0].statements[1] == "neither agree nor disagree"
    assert sofia[-1].changed.startswith("The guild asked me to run a workshop")


def test_only_the_last_four_replies_are_shown(demo):
    for i in range(6):
        demo.save(
            Reply(
                "046", f"r-extra-{i}", 4, dt.datetime(2026, 10, 1 + i, 9), dt.date(2026, 10, 8), f"week {i}"
            )
        )
    said = from_the_person.said_over_time(frames(demo), team(demo))["046"]
    assert [s.changed for s in said] == ["week 2", "week 3", "week 4", "week 5"]


def quarter(store, q="2026Q4"):
    return from_the_person.quarter(frames(store), team(store), q, TODAY)


def test_the_quarters_measures_from_their_side(demo):
    q2, q4 = quarter(demo, "2026Q2"), quarter(demo, "2026Q4")
    # Q2: Priya's contract of 30 June carried a reply and got none; Sofia's of 7 May got hers.
    assert q2.replied == Ratio(1, 2)
    # Q4: the last replies of Tomás, Mei, Sofia and Kwame, written this quarter.
    assert q4.replied == Ratio(4, 4)
    seen, future, moving = q4.statements
    assert seen == Ratio(3, 4)  # Tomás disagrees
    assert future == Ratio(2, 4)  # Mei and Sofia agree; Tomás and Kwame disagree
    assert moving == Ratio(2, 4)
    assert q4.partial and not q2.partial


def test_rather_not_say_and_a_blank_count_neither_way(demo):
    demo.update(
        Reply,
        "034",
        lambda rows: [
            dataclasses.replace(r, future=Agreement.RATHER_NOT_SAY, moving=None) if r.version == 4 else r
            for r in rows
        ],
    )
    _, future, moving = quarter(demo).statements
    assert (future, moving) == (Ratio(1, 3), Ratio(1, 3))


def test_a_person_counts_once_a_quarter_by_their_last_reply(demo):
    demo.save(Reply("034", "r-later", 4, dt.datetime(2026, 11, 20, 8), TODAY, "", Agreement.DISAGREE))
    seen, _, _ = quarter(demo).statements
    assert seen == Ratio(2, 4)


def test_a_contract_sent_without_a_reply_is_not_counted_as_unanswered(demo):
    before = quarter(demo).replied
    demo.update(ReplyToken, "034", lambda rows: [t for t in rows if t.version != 4])
    assert quarter(demo).replied == Ratio(before.met - 1, before.of - 1)


def test_without_reply_frames_every_figure_is_empty(demo):
    without = team_frames(demo, team(demo), figures.NEEDS)
    assert from_the_person.said_over_time(without, team(demo)) == {}
    assert from_the_person.quarter(without, team(demo), "2026Q4", TODAY).replied == Ratio(0, 0)


def test_the_team_view_shows_their_statements_and_their_words_escaped(demo):
    demo.update(
        Reply,
        "034",
        lambda rows: [
            dataclasses.replace(r, changed='<b>bold</b> & "quoted"\nline') if r.version == 4 else r
            for r in rows
        ],
    )
    html = team_view.render(demo, "2026Q4", today=TODAY)
    said = html[
        html.index("<h2>What they say</h2>") : html.index("<h2>What good looks like, from their side</h2>")
    ]
    assert "Sofia Rossi" in said and "Priya Raman" not in said
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34;\nline" in said and "<b>bold" not in said
    assert '<td class="a5">strongly agree</td>' in said and '<td class="a2">disagree</td>' in said
    side = html[html.index("from their side</h2>") : html.index("<h2>Goals that changed")]
    assert "Contracts sent with a reply that got one</th>" in side and "4 of 4 (100%)" in side
