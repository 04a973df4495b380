"""The team dashboard: status rows and the order of what needs the manager now."""

import dataclasses
import datetime as dt

import pytest

from careernb.domain.aspirations import Aspiration, Direction
from careernb.domain.contract import Commitment, Contract, Party, Status, in_order, latest_agreed, of_version
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.domain.people import Person, team
from careernb.domain.signals import Signal, SignalKind
from careernb.follow_through import dashboard
from careernb.follow_through.dashboard import Need, status_row, team_rows

TODAY = dt.date(2026, 11, 26)


def days(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def row(person=None, **records):
    person = person or Person("p1", "Pat", "m", joined=days(800))
    base = dict(conversations=[], contracts=[], commitments=[], signals=[], aspirations=[])
    base.update(records)
    return status_row(person, today=TODAY, **base)


def career(n_days_ago: int, cid: str = "c1", kind=ConversationKind.FULL) -> Conversation:
    return Conversation(cid, "p1", kind, days(n_days_ago), None, 60, days(n_days_ago), 60)


def agreed(n_days_ago: int, sent_days_ago: int | None = None, version: int = 1) -> Contract:
    sent = days(sent_days_ago) if sent_days_ago is not None else None
    return Contract("p1", version, agreed=days(n_days_ago), sent=sent, conversation_id="c1")


def commitment(party: Party, due_in: int, status=Status.OPEN, cid="k1", version=1) -> Commitment:
    return Commitment(
        "p1", version, cid, party, f"{party} action {cid}", TODAY + dt.timedelta(days=due_in), status
    )


def settled(n_days_ago: int, **extra):
    """A career conversation n days ago that produced an agreed, sent contract, reviewed since."""
    conversations = [career(n_days_ago)]
    if n_days_ago > 25:
        conversations.append(
            Conversation("r1", "p1", ConversationKind.REVIEW, days(5), held=days(5), minutes=25)
        )
    records = dict(
        conversations=conversations,
        contracts=[agreed(n_days_ago, n_days_ago - 1)],
        commitments=[commitment(Party.MANAGER, 30, cid="k1"), commitment(Party.PERSON, 30, cid="k2")],
    )
    for key, more in extra.items():
        records[key] = records.get(key, []) + more
    return records


# -- the demo team ---------------------------------------------------------------


def test_when_demo_team_then_urgent_signal_and_overdue_person_are_at_the_top(demo):
    rows = team_rows(demo, team(demo), TODAY)
    assert [r.person_id for r in rows[:2]] == ["007", "012"]
    assert rows[0].top.need is Need.URGENT_SIGNAL
    assert "approached by another organisation" in rows[0].top.text
    assert "before the decision crystallises" in rows[0].top.text
    assert rows[1].top.need is Need.OVERDUE_CONVERSATION
    assert "59 days overdue" in rows[1].top.text


@pytest.mark.parametrize(
    ("person_id", "top"),
    [
        ("007", Need.URGENT_SIGNAL),
        ("012", Need.OVERDUE_CONVERSATION),
        ("046", None),  # conflated and dropped commitments show in practice health, not here
        ("040", Need.OVERDUE_MANAGER_COMMITMENTS),
        ("023", Need.CONTRACT_TO_AGREE),
        ("031", Need.FIRST_CONVERSATION),
        ("034", None),
        ("019", None),
    ],
)
def test_when_demo_person_then_their_most_pressing_need_is_the_one_their_story_shows(demo, person_id, top):
    rows = {r.person_id: r for r in team_rows(demo, team(demo), TODAY)}
    assert (rows[person_id].top.need if rows[person_id].top else None) is top


def test_when_demo_team_then_rows_follow_the_order_of_needs(demo):
    rows = team_rows(demo, team(demo), TODAY)
    ranks = [int(r.top.need) if r.top else 99 for r in rows]
    assert ranks == sorted(ranks)
    assert {r.person_id for r in rows} == {"007", "012", "019", "023", "031", "034", "040", "046"}


def test_when_kwame_then_his_overdue_commitments_are_the_managers_and_listed_first(demo):
    kwame = next(r for r in team_rows(demo, team(demo), TODAY) if r.person_id == "040")
    parties = [o.commitment.party for o in kwame.commitments]
    assert parties == sorted(parties, key=lambda p: p is Party.PERSON)
    contract = latest_agreed(demo.load(Contract, "040"))
    late = [
        c.commitment_id
        for c in in_order(of_version(demo.load(Commitment, "040"), contract.version))
        if c.party is Party.MANAGER and c.status is Status.OPEN and c.due < TODAY
    ]
    assert late  # his story: the manager's commitments run late
    assert [c.commitment_id for c in kwame.overdue_manager_commitments] == late
    assert kwame.sent.on_time is False and "2 days late" in kwame.sent.text
    assert any(r.need is Need.OPEN_SIGNAL and "promotion" in r.text for r in kwame.needs)


def test_when_mei_changed_direction_then_the_row_carries_both_aspirations(demo):
    mei = next(r for r in team_rows(demo, team(demo), TODAY) if r.person_id == "019")
    before, after = mei.goal_change
    assert (before.direction, after.direction) == (
        Direction.TECHNICAL_LEADERSHIP,
        Direction.PEOPLE_LEADERSHIP,
    )
    assert mei.where.startswith("people leadership: Leading a team of five")


def test_when_a_person_left_then_they_are_not_on_the_dashboard(demo):
    tomas = next(p for p in team(demo) if p.person_id == "007")
    demo.save(dataclasses.replace(tomas, left=TODAY))
    assert "007" not in {r.person_id for r in team_rows(demo, team(demo), TODAY)}


# -- one row at a time -------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "records", "need"),
    [
        (
            "urgent signal open",
            dict(signals=[Signal("s1", "p1", days(2), SignalKind.UNCERTAIN)]),
            Need.URGENT_SIGNAL,
        ),
        (
            "urgent signal addressed",
            settled(10, signals=[Signal("s1", "p1", days(20), SignalKind.APPROACHED, addressed=days(10))]),
            None,
        ),
        ("settled", settled(10), None),
        ("quarter passed", settled(92), Need.OVERDUE_CONVERSATION),
        ("quarter not yet passed", settled(90), Need.CONVERSATION_DUE_SOON),
        ("closing the gap without a contract", dict(conversations=[career(10)]), Need.CONTRACT_TO_AGREE),
        (
            "quarter passed but booked",
            settled(
                92,
                conversations=[Conversation("c2", "p1", ConversationKind.FULL, TODAY + dt.timedelta(days=3))],
            ),
            None,
        ),
        (
            "manager commitment overdue",
            dict(
                conversations=[career(20)],
                contracts=[agreed(20, 19)],
                commitments=[commitment(Party.MANAGER, -1)],
            ),
            Need.OVERDUE_MANAGER_COMMITMENTS,
        ),
        (
            "their commitment overdue is not the manager's",
            settled(20, commitments=[commitment(Party.PERSON, -1, cid="k3")]),
            None,
        ),
        (
            "review due a month after the contract",
            dict(
                conversations=[career(31)],
                contracts=[agreed(31, 30)],
                commitments=[commitment(Party.PERSON, 9)],
            ),
            Need.REVIEW_DUE,
        ),
        (
            "contract agreed yesterday, not sent",
            dict(conversations=[career(1)], contracts=[agreed(1)], commitments=[commitment(Party.PERSON, 9)]),
            Need.CONTRACT_TO_SEND,
        ),
        (
            "trigger signal",
            settled(10, signals=[Signal("s1", "p1", days(1), SignalKind.MILESTONE)]),
            Need.OPEN_SIGNAL,
        ),
    ],
)
def test_when_records_show_a_situation_then_the_row_names_its_need(case, records, need):
    r = row(**records)
    assert (r.top.need if r.top else None) is need, case


@pytest.mark.parametrize(
    ("joined_days", "need"),
    [(20, Need.FIRST_CONVERSATION), (91, Need.FIRST_CONVERSATION), (100, Need.OVERDUE_CONVERSATION)],
)
def test_when_no_conversation_yet_then_a_new_joiner_has_a_quarter_to_the_first(joined_days, need):
    assert row(Person("p1", "Pat", "m", joined=days(joined_days))).top.need is need


def test_when_goals_changed_after_the_contract_then_the_row_prompts_the_update():
    asps = [
        Aspiration("a1", "p1", days(100), Direction.TECHNICAL_LEADERSHIP, "Staff engineer"),
        Aspiration("a2", "p1", days(10), Direction.PEOPLE_LEADERSHIP, "Lead a team"),
    ]
    r = row(conversations=[career(10)], contracts=[agreed(100, 99)], aspirations=asps)
    assert r.goal_change == (asps[0], asps[1])
    assert any(n.need is Need.GOALS_CHANGED and "update the development contract" in n.text for n in r.needs)
    updated = row(conversations=[career(10)], contracts=[agreed(10, 9)], aspirations=asps)
    assert not any(n.need is Need.GOALS_CHANGED for n in updated.needs)


def test_when_two_rows_share_a_need_then_the_longer_overdue_comes_first():
    a = row(
        Person("a", "Ann", "m", joined=days(900)),
        conversations=[dataclasses.replace(career(100), person_id="a")],
    )
    b = row(
        Person("b", "Bob", "m", joined=days(900)),
        conversations=[dataclasses.replace(career(200), person_id="b")],
    )
    assert [r.person_id for r in dashboard.order([a, b])] == ["b", "a"]


def test_when_last_signal_then_it_is_the_most_recent_open_or_not():
    signals = [
        Signal("s1", "p1", days(30), SignalKind.APPROACHED, addressed=days(20)),
        Signal("s2", "p1", days(5), SignalKind.MILESTONE),
    ]
    assert row(conversations=[career(10)], signals=signals).last_signal.signal_id == "s2"


@pytest.mark.parametrize(
    ("case", "records", "overdue", "due"),
    [
        (
            "new joiner: a quarter to the first",
            dict(person=Person("p1", "Pat", "m", joined=days(20))),
            False,
            days(20) + dt.timedelta(days=91),
        ),
        (
            "joined long ago, never held",
            dict(person=Person("p1", "Pat", "m", joined=days(200))),
            True,
            days(200) + dt.timedelta(days=91),
        ),
        ("quarter passed", dict(conversations=[career(100)]), True, days(100) + dt.timedelta(days=91)),
        (
            "urgent signal",
            dict(conversations=[career(10)], signals=[Signal("s1", "p1", days(2), SignalKind.APPROACHED)]),
            True,
            days(2),
        ),
    ],
)
def test_when_next_conversation_is_shown_then_due_and_overdue_agree_with_the_needs(
    case, records, overdue, due
):
    r = row(**records)
    assert (r.conversation_overdue, r.due_date) == (overdue, due), case
