"""Practice health: the five common failures from the data, and what good looks like."""

import datetime as dt

import pytest

from careernb.domain import playbook
from careernb.domain.contract import Commitment, Contract, Party, Status
from careernb.domain.conversations import Alongside, Answer, Conversation, ConversationKind
from careernb.domain.people import Person, team
from careernb.domain.questions import bank, for_conversation, playbook_questions
from careernb.follow_through import health
from careernb.follow_through.figures import Ratio
from careernb.follow_through.health import Failure, PersonRecords, Sending, failures
from careernb.store import keys, table_of
from careernb.store.sealing import is_locked, open_record, seal_record
from tests.keyed import FAST, PASSPHRASE

TODAY = dt.date(2026, 11, 26)
PAT = Person("p1", "Pat", "m", joined=TODAY - dt.timedelta(days=800))
QUESTIONS = playbook_questions()


def days(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def conv(n_days_ago, kind=ConversationKind.FULL, minutes=60, cid="c1", **kw) -> Conversation:
    return Conversation(cid, "p1", kind, days(n_days_ago), None, minutes, days(n_days_ago), minutes, **kw)


def answers_for(cid: str, *kinds: ConversationKind, text="Something true.") -> list[Answer]:
    return [Answer("p1", cid, q.question_id, text) for k in kinds for q in for_conversation(QUESTIONS, k)[:1]]


def findings(records: PersonRecords):
    return health.detect(records, QUESTIONS, TODAY)


def records(conversations=(), answers=(), contracts=(), commitments=(), person=PAT) -> PersonRecords:
    return PersonRecords(person, list(conversations), list(answers), list(contracts), list(commitments))


def clean(n_days_ago=20, cid="c1") -> dict:
    """A good conversation: separate, long enough, answered, closed with a dated contract."""
    c = conv(n_days_ago, cid=cid)
    return dict(
        conversations=[c],
        answers=answers_for(cid, *ConversationKind.FULL.phases),
        contracts=[Contract("p1", 1, days(n_days_ago), days(n_days_ago), conversation_id=cid)],
        commitments=[
            Commitment("p1", 1, "k1", Party.MANAGER, "Introduce you to Dana", TODAY + dt.timedelta(days=10)),
            Commitment("p1", 1, "k2", Party.PERSON, "Write the RFC", TODAY + dt.timedelta(days=20)),
        ],
    )


# -- the demo team: each failure shows for the case built to trigger it, and only there --

EXPECTED = {
    Failure.DEFERRING: {"012"},
    Failure.CONFLATING: {"046"},
    Failure.STEERING: {"007"},
    Failure.PROMISES: {"040"},
    Failure.NOWHERE: {"023"},
}


@pytest.fixture
def demo_findings(demo):
    found = [f for r in health.load(demo, team(demo)) for f in health.detect(r, bank(demo), TODAY)]
    return health.by_failure(found)


@pytest.mark.parametrize("failure", list(Failure))
def test_when_demo_team_then_each_failure_shows_for_its_own_case_only(demo_findings, failure):
    assert {f.person_id for f in demo_findings[failure]} == EXPECTED[failure]


@pytest.mark.parametrize(
    ("failure", "words"),
    [
        (Failure.DEFERRING, "no career conversation since"),
        (Failure.CONFLATING, "held inside a 1:1; 30 minutes, under 45"),
        (Failure.STEERING, "no answer from their perspective recorded"),
        (Failure.PROMISES, "Get you promoted"),
        (Failure.NOWHERE, "ended without an agreed development contract"),
    ],
)
def test_when_demo_failure_found_then_it_says_why(demo_findings, failure, words):
    assert any(words in f.text for f in demo_findings[failure])


@pytest.mark.parametrize("failure", list(Failure))
def test_when_failure_then_what_to_do_instead_is_the_playbooks_own_words(failure):
    assert failure.instead == playbook.FAILURES[failure.value][2]
    assert failure.instead in playbook.text()
    assert failure.heading.startswith("Failure ")


@pytest.mark.parametrize("failure", list(Failure))
def test_a_failure_is_a_string_whose_title_is_still_the_strings_own(failure):
    assert failure.heading == playbook.FAILURES[failure.value][0]
    assert failure.title() == failure.value.title() == str(failure).title()


def test_when_everything_is_done_well_then_no_failure_is_found():
    assert findings(records(**clean())) == []


# -- each detector, case by case -------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "conversations", "person", "flagged"),
    [
        ("a quarter and a bit", [conv(100)], PAT, False),
        ("past the two weeks' grace", [conv(106)], PAT, True),
        (
            "late but booked",
            [conv(150), Conversation("c2", "p1", ConversationKind.FULL, TODAY + dt.timedelta(days=2))],
            PAT,
            False,
        ),
        (
            "booked and moved twice",
            [
                conv(30),
                Conversation("c2", "p1", ConversationKind.FULL, TODAY + dt.timedelta(days=2), moved=2),
            ],
            PAT,
            True,
        ),
        (
            "booked and moved once",
            [
                conv(30),
                Conversation("c2", "p1", ConversationKind.FULL, TODAY + dt.timedelta(days=2), moved=1),
            ],
            PAT,
            False,
        ),
        ("new joiner", [], Person("p1", "Pat", "m", joined=days(30)), False),
        ("joined long ago, never held", [], PAT, True),
        ("joining date unknown, never held", [], Person("p1", "Pat", "m"), True),
        ("only reviews held", [conv(10, ConversationKind.REVIEW, 25)], Person("p1", "Pat", "m"), True),
    ],
)
def test_deferring(case, conversations, person, flagged):
    assert bool(health.deferring(person, conversations, TODAY)) is flagged, case


@pytest.mark.parametrize(
    ("case", "conversation", "flagged"),
    [
        ("an hour on its own", conv(20), False),
        ("exactly 45 minutes", conv(20, ConversationKind.NOW, 45), False),
        ("44 minutes", conv(20, ConversationKind.NOW, 44), True),
        ("inside a 1:1", conv(20, alongside=Alongside.ONE_TO_ONE), True),
        ("folded into the performance review", conv(20, alongside=Alongside.PERFORMANCE_REVIEW), True),
        ("a short review is no career conversation", conv(20, ConversationKind.REVIEW, 20), False),
        ("a short check-in is no career conversation", conv(20, ConversationKind.CHECK_IN, 10), False),
        ("short, but more than two quarters ago", conv(200, ConversationKind.NOW, 20), False),
    ],
)
def test_conflating(case, conversation, flagged):
    assert bool(health.conflating(PAT, [conversation], TODAY)) is flagged, case


@pytest.mark.parametrize(
    ("case", "kind", "answered", "flagged_phases"),
    [
        ("all three answered", ConversationKind.FULL, ConversationKind.FULL.phases, []),
        ("only the gap answered", ConversationKind.FULL, (ConversationKind.GAP,), ["now", "direction"]),
        ("conversation 1 unanswered", ConversationKind.NOW, (), ["now"]),
        ("conversation 2 answered", ConversationKind.DIRECTION, (ConversationKind.DIRECTION,), []),
        ("conversation 3 is not about their perspective", ConversationKind.GAP, (), []),
    ],
)
def test_steering(case, kind, answered, flagged_phases):
    found = health.steering(PAT, [conv(20, kind)], answers_for("c1", *answered), QUESTIONS, TODAY)
    assert [f.text.split("\u201c")[1].split("\u201d")[0] for f in found] == [
        ConversationKind[p.upper()].value for p in flagged_phases
    ], case


def test_when_answers_are_blank_then_steering_is_flagged_and_underneath_counts_as_an_answer():
    blank = answers_for("c1", ConversationKind.NOW, text="  \n")
    assert health.steering(PAT, [conv(20, ConversationKind.NOW)], blank, QUESTIONS, TODAY)
    deeper = [Answer("p1", "c1", blank[0].question_id, "", "The version underneath.")]
    assert not health.steering(PAT, [conv(20, ConversationKind.NOW)], deeper, QUESTIONS, TODAY)


def _unopened(answers: list[Answer]):
    """The answers sealed under a fresh key and read back unopened, as practice health reads
    them; and the keyring that opens them."""
    record, _ = keys.create("m", PASSPHRASE, kdf=FAST)
    keyring = keys.unlock(record, PASSPHRASE)
    table = table_of(Answer)
    return [open_record(table, seal_record(table, a, keyring), None) for a in answers], keyring


@pytest.mark.parametrize(
    ("text", "flagged"), [("  \n", True), ("Something true.", False)], ids=["blank", "words"]
)
def test_an_answer_read_unopened_is_opened_to_tell_whether_it_is_blank(text, flagged):
    unopened, keyring = _unopened(answers_for("c1", ConversationKind.NOW, text=text))
    assert all(is_locked(a.answer) for a in unopened)
    found = health.steering(PAT, [conv(20, ConversationKind.NOW)], unopened, QUESTIONS, TODAY, keyring)
    assert bool(found) is flagged


def test_steering_opens_one_answer_a_conversation_not_every_answer(monkeypatch):
    every = [
        Answer("p1", "c1", q.question_id, "Something true.")
        for k in ConversationKind.FULL.phases
        for q in for_conversation(QUESTIONS, k)
    ]
    unopened, keyring = _unopened(every)
    opened = []
    real = failures.open_record
    monkeypatch.setattr(failures, "open_record", lambda t, a, k: opened.append(a) or real(t, a, k))
    assert health.steering(PAT, [conv(20)], unopened, QUESTIONS, TODAY, keyring) == []
    assert len(opened) == 2 < len(every)  # one for "where are you now", one for "where to go"


@pytest.mark.parametrize(
    ("case", "commitment", "flagged"),
    [
        (
            "kept after the warning",
            Commitment("p1", 1, "k9", Party.MANAGER, "Sort out the title", promise_kept=True),
            True,
        ),
        (
            "promise words, never checked",
            Commitment("p1", 1, "k9", Party.MANAGER, "Get you promoted by June"),
            True,
        ),
        (
            "already done",
            Commitment(
                "p1", 1, "k9", Party.MANAGER, "Get you promoted", status=Status.DONE, promise_kept=True
            ),
            False,
        ),
        (
            "their own commitment",
            Commitment("p1", 1, "k9", Party.PERSON, "Get myself promoted", promise_kept=True),
            False,
        ),
        (
            "precise",
            Commitment("p1", 1, "k9", Party.MANAGER, "I can commit to making the introduction"),
            False,
        ),
    ],
)
def test_promises(case, commitment, flagged):
    contract = Contract("p1", 1, days(10), days(10))
    assert bool(health.promises(PAT, [contract], [commitment])) is flagged, case


def test_when_promise_is_in_an_older_version_only_then_it_is_not_flagged():
    old = Commitment("p1", 1, "k9", Party.MANAGER, "Get you promoted", promise_kept=True)
    contracts = [Contract("p1", 1, days(100), days(100)), Contract("p1", 2, days(10), days(10))]
    assert health.promises(PAT, contracts, [old]) == []


def _nowhere(**changes) -> list:
    r = clean(20)
    r.update(changes)
    return health.going_nowhere(PAT, r["conversations"], r["contracts"], r["commitments"], TODAY)


@pytest.mark.parametrize(
    ("case", "changes", "says"),
    [
        ("agreed and dated", {}, None),
        ("no contract", dict(contracts=[]), "ended without an agreed development contract"),
        ("still a draft", dict(contracts=[Contract("p1", 1, conversation_id="c1")]), "still a draft"),
        (
            "an undated commitment",
            dict(
                commitments=[
                    Commitment("p1", 1, "k1", Party.MANAGER, "Introduce"),
                    Commitment("p1", 1, "k2", Party.PERSON, "RFC", days(-5)),
                ]
            ),
            "1 commitment without a date",
        ),
        (
            "nothing from the manager",
            dict(commitments=[Commitment("p1", 1, "k2", Party.PERSON, "RFC", days(-5))]),
            "no commitment from you",
        ),
        (
            "conversation 1 needs no contract",
            dict(conversations=[conv(20, ConversationKind.NOW)], contracts=[]),
            None,
        ),
        ("held yesterday: time to write it up", dict(conversations=[conv(1)], contracts=[]), None),
    ],
)
def test_going_nowhere(case, changes, says):
    found = _nowhere(**changes)
    if says is None:
        assert found == [], case
    else:
        assert len(found) == 1 and says in found[0].text, case


def test_when_contract_is_not_linked_but_agreed_right_after_then_it_counts():
    r = clean(20)
    r["contracts"] = [Contract("p1", 1, days(19), days(19))]
    assert health.going_nowhere(PAT, r["conversations"], r["contracts"], r["commitments"], TODAY) == []


# -- sending within 48 hours ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("agreed", "sent", "state", "on_time"),
    [
        (None, None, Sending.State.DRAFT, None),
        (days(10), days(8), Sending.State.ON_TIME, True),
        (days(10), days(7), Sending.State.LATE, False),
        (days(1), None, Sending.State.TO_SEND, None),
        (days(2), None, Sending.State.TO_SEND, None),
        (days(3), None, Sending.State.LATE_UNSENT, False),
    ],
)
def test_sending(agreed, sent, state, on_time):
    s = health.sending(Contract("p1", 1, agreed, sent), TODAY)
    assert (s.state, s.on_time) == (state, on_time)


@pytest.mark.parametrize(
    ("agreed", "sent"), [(days(10), days(8)), (days(10), days(7)), (days(2), None), (days(3), None)]
)
def test_the_figures_apply_the_same_48_hour_rule_as_the_contract(agreed, sent):
    import pandas as pd

    from careernb.follow_through.figures import sent_late

    on_time = health.sending(Contract("p1", 1, agreed, sent), TODAY).on_time
    late, decided = sent_late(pd.Series([pd.Timestamp(agreed)]), pd.Series([pd.Timestamp(sent)]), TODAY)
    assert (None if not decided[0] else not late[0]) == on_time


def test_when_no_contract_then_nothing_to_send():
    assert health.sending(None, TODAY).state is Sending.State.NO_CONTRACT


# -- what good looks like -------------------------------------------------------------------


def test_when_quarter_metrics_then_each_share_counts_what_it_says():
    q4_first = dt.date(2026, 10, 1)
    c = Conversation("c1", "p1", ConversationKind.FULL, q4_first, None, 60, dt.date(2026, 10, 5), 60)
    contract = Contract("p1", 1, dt.date(2026, 10, 5), dt.date(2026, 10, 9), conversation_id="c1")
    ks = [
        Commitment(
            "p1", 1, "m1", Party.MANAGER, "a", dt.date(2026, 10, 20), Status.DONE, dt.date(2026, 10, 19)
        ),
        Commitment(
            "p1", 1, "m2", Party.MANAGER, "b", dt.date(2026, 10, 20), Status.DONE, dt.date(2026, 10, 25)
        ),
        Commitment("p1", 1, "m3", Party.MANAGER, "c", dt.date(2026, 10, 20), Status.PAUSED),
        Commitment("p1", 1, "m4", Party.MANAGER, "d", dt.date(2026, 12, 20)),  # not due yet
        Commitment("p1", 1, "p1", Party.PERSON, "e", dt.date(2026, 11, 1)),  # open, past due
    ]
    review = Conversation("r1", "p1", ConversationKind.REVIEW, None, None, None, dt.date(2026, 11, 6), 25)
    other = Person("p2", "Sam", "m", joined=dt.date(2020, 1, 1))
    team_ = [records([c, review], [], [contract], ks), records(person=other)]
    so_far = health.quarter_metrics("2026Q4", team_, TODAY)
    assert so_far.reports == 2 and so_far.partial
    assert so_far.with_conversation == Ratio(1, 2)
    assert so_far.manager_kept == Ratio(1, 2)  # m1 on time, m2 late; paused m3 and m4 not due yet left out
    assert so_far.person_kept == Ratio(0, 1)
    assert so_far.sent_in_48h == Ratio(0, 1)
    assert so_far.reviews_monthly == Ratio(0, 0)  # October began without a contract; November is not over
    whole = health.quarter_metrics("2026Q4", team_, dt.date(2027, 1, 10))
    assert not whole.partial
    assert whole.manager_kept == Ratio(1, 3)  # m4 is now past its date, still open
    assert whole.reviews_monthly == Ratio(1, 2)  # reviewed in November, not in December


def test_when_demo_metrics_then_the_last_four_quarters_are_given_oldest_first(demo):
    ms = health.metrics(health.load(demo, team(demo)), TODAY, 4)
    assert [m.quarter for m in ms] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    assert [m.partial for m in ms] == [False, False, False, True]
    assert ms[-1].reports == 8 and ms[0].reports == 7  # Amara joined this quarter
    # This quarter: Kwame's went out late; Jonas's was never agreed, so it is not counted.
    assert ms[-1].sent_in_48h == Ratio(3, 4)
    assert ms[2].sent_in_48h == Ratio(6, 6)


@pytest.mark.parametrize(
    ("ratio", "text", "share"), [(Ratio(3, 4), "3 of 4 (75%)", 0.75), (Ratio(0, 0), "—", None)]
)
def test_ratio(ratio, text, share):
    assert (str(ratio), ratio.share) == (text, share)


def test_last_quarters_cross_a_year():
    assert health.last_quarters(dt.date(2027, 2, 1), 3) == ["2026Q3", "2026Q4", "2027Q1"]


def test_a_dropped_commitment_counts_as_not_kept_in_practice_health_but_not_in_the_team_view():
    from careernb.follow_through.figures import kept_on_time
    from careernb.store.bulk import records_frame

    dropped = Commitment("p1", 1, "m1", Party.MANAGER, "a", dt.date(2026, 10, 20), Status.DROPPED)
    contract = Contract("p1", 1, dt.date(2026, 10, 5), dt.date(2026, 10, 6))
    metrics = health.quarter_metrics("2026Q4", [records([], [], [contract], [dropped])], TODAY)
    assert metrics.manager_kept == Ratio(0, 1)
    team_view = kept_on_time(records_frame(Commitment, [dropped]), ["2026Q4"], TODAY)
    assert team_view.query("side == 'manager'")[["kept", "due"]].values.tolist() == [[0, 0]]
