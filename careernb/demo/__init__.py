"""A demo team, and large generated stores for the benchmarks.

The demo team of eight has a year of history and one person for each
situation the playbook cares about: overdue, an urgent signal, a direction
that changed, an ambition the organisation cannot hold, a new joiner, and
commitments kept on time, late and dropped. Each of the playbook's common
failures shows in one person's last career conversation: steered to the
organisation's needs (Tomás), conflated with a 1:1 (Elif), a promise kept
(Kwame), going nowhere (Jonas); Priya's is deferred. Everything is seeded, so
the same ``today`` always gives the same team.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from careernb.domain.aspirations import Aspiration, Direction, Fit, FitAssessment
from careernb.domain.checklists import ITEMS, ChecklistTick, Stage
from careernb.domain.contract import Commitment, Contract, Party, ReviewPoint, Status
from careernb.domain.conversations import Alongside, Answer, Conversation, ConversationKind
from careernb.domain.people import Person, Transition
from careernb.domain.preparation import PreparationNote, Reflection
from careernb.domain.questions import for_conversation, playbook_questions
from careernb.domain.signals import Signal, SignalKind
from careernb.errors import CareernbError
from careernb.store import CsvStore

MANAGER = Person("ada", "Ada Okafor", None, "Engineering Manager", "ada@example.org")


@dataclasses.dataclass(frozen=True)
class Story:
    """What the demo shows through one person."""

    person: Person
    quarters: int = 4  # career conversations held, one per quarter
    recent: int = 35  # days since the latest career conversation (over 91: overdue)
    directions: tuple[Direction, ...] = (Direction.TECHNICAL_LEADERSHIP,)
    fit: Fit = Fit.FITS_HERE
    manager_late: float = 0.1  # share of the manager's commitments done late
    dropped: float = 0.0
    signals: tuple[tuple[SignalKind, int, bool], ...] = ()  # kind, days ago, addressed
    three_separate: bool = False  # the three conversations as three sessions
    booked_in: int | None = None  # next career conversation booked in N days
    late_send: bool = False
    # The common failures, each shown by the last career conversation of one person.
    steered: bool = False  # no answer recorded to 'where are you now' or 'where do you want to go'
    conflated: bool = False  # squeezed into 30 minutes of a 1:1
    promise: str = ""  # a manager commitment in promise language, kept after the warning
    no_contract: bool = False  # closing the gap ended without an agreed contract


def demo_stories(today: dt.date) -> list[Story]:
    def person(pid, name, role, joined_days, **kw) -> Person:
        first = unicodedata.normalize("NFKD", name.split()[0].lower()).encode("ascii", "ignore").decode()
        joined = today - dt.timedelta(days=joined_days)
        return Person(pid, name, "ada", role, f"{first}@example.org", joined=joined, **kw)

    return [
        Story(
            person("007", "Tomás Herrera", "Senior Engineer", 900),
            recent=40,
            signals=((SignalKind.APPROACHED, 3, False),),
            steered=True,
        ),
        Story(person("012", "Priya Raman", "Staff Engineer", 1400), quarters=3, recent=150),
        Story(
            person("019", "Mei Lin", "Senior Engineer", 1100),
            recent=28,
            directions=(
                Direction.TECHNICAL_LEADERSHIP,
                Direction.TECHNICAL_LEADERSHIP,
                Direction.TECHNICAL_LEADERSHIP,
                Direction.PEOPLE_LEADERSHIP,
            ),
            signals=((SignalKind.DIFFERENT_INTEREST, 40, True),),
            booked_in=9,
        ),
        Story(
            person("023", "Jonas Berg", "Engineer", 700),
            recent=55,
            directions=(Direction.SOMETHING_ELSE,),
            fit=Fit.NOT_HERE,
            booked_in=20,
            no_contract=True,
        ),
        Story(person("031", "Amara Nwosu", "Engineer", 20), quarters=0),
        Story(
            person("034", "Sofia Rossi", "Engineer", 800),
            recent=20,
            directions=(Direction.NOT_SURE_YET, Direction.NOT_SURE_YET, Direction.TECHNICAL_LEADERSHIP),
            manager_late=0.0,
            three_separate=True,
            booked_in=60,
        ),
        Story(
            person("040", "Kwame Mensah", "Senior Engineer", 1000, transition=Transition.PROMOTION_DECISION),
            recent=38,
            manager_late=0.7,
            fit=Fit.PARTIAL_PATH,
            signals=((SignalKind.PROMOTION_STALLED, 25, False),),
            late_send=True,
            booked_in=12,
            promise="Get you promoted to Staff Engineer in the spring calibration",
        ),
        Story(
            person("046", "Elif Yılmaz", "Engineer", 1200),
            recent=65,
            directions=(Direction.PEOPLE_LEADERSHIP,),
            dropped=0.4,
            fit=Fit.MAYBE_LATER,
            signals=((SignalKind.MILESTONE, 50, True),),
            conflated=True,
        ),
    ]


ANSWERS = [
    "Pairing on a gnarly production issue, with a clear owner and no meetings that day.",
    "Designing the data model for the billing rewrite - I lose track of time.",
    'Honestly, the on-call rota. It\'s "fine", but it eats every second week.',
    "Mentoring the two new joiners; I didn't expect to enjoy it this much.",
    "Writing things down so others can decide faster, e.g. RFCs, runbooks, the onboarding guide.",
    "Status meetings where I repeat what is already in the tracker.",
    "I'd like to own a system end to end, not just tickets in it.",
    "Leading the incident review process across teams 🚀",
    "Working with product earlier, before the solution is decided.",
    "I'm not sure yet.\nMaybe architecture, maybe managing - I keep going back and forth.",
    "Running a small team of four or five, still close to the code.",
    "Being the person other teams come to for performance problems.",
    "Starting something of my own one day, a small developer-tools company.",
    "Time and a sponsor: someone senior who says my name in the rooms I'm not in.",
    "Feedback on how I come across in the architecture forum, specifically.",
    "Our team is stretched; I'd need a project that isn't on the critical path to try leading.",
]
# What a person might say to each playbook question; the pool above picks among them, so the
# random draws (and every date the demo derives from them) stay as they were.
ANSWERS_TO = {
    "now.best-work": [
        "Pairing on a gnarly production issue, with a clear owner and no meetings that day.",
        "Designing the data model for the billing rewrite - I lose track of time.",
    ],
    "now.energising": [
        "Mentoring the two new joiners; I didn't expect to enjoy it this much.",
        "Leading the incident review process across teams 🚀",
    ],
    "now.draining": [
        'Honestly, the on-call rota. It\'s "fine", but it eats every second week.',
        "Status meetings where I repeat what is already in the tracker.",
    ],
    "now.underused": [
        "Writing things down so others can decide faster, e.g. RFCs, runbooks, the onboarding guide.",
        "Performance work: I'm good at it and it only comes up in emergencies.",
    ],
    "now.not-strengths": [
        "Estimating other teams' work for the roadmap; I'm guessing and everyone knows it.",
        "Front-end polish. I can do it, but someone else would do it better and faster.",
    ],
    "now.not-working": [
        "The team is fine. The process around releases is what wears me down.",
        "Too many priorities at once; I never finish anything properly.",
    ],
    "honest.best-friend": [
        "I'd tell them to ask for a bigger problem, or to start looking.",
        "Stay another year, but only if something changes by the summer.",
    ],
    "honest.okay-to-say": [
        "Less firefighting and more design work - I'd say that out loud.",
        "I'd be trying a team lead role, even if it's a step sideways.",
    ],
    "honest.not-saying": [
        "That I'm not sure I want to be a manager, even though everyone expects it.",
        "That the on-call load is the reason I've been quieter lately.",
    ],
    "direction.three-years": [
        "Owning the architecture of one platform, with other teams building on it.",
        "Running a small team of four or five, still close to the code.",
    ],
    "direction.role": [
        "Dana's role: the person other teams come to before they decide.",
        "The staff role on the data platform, if it ever opens.",
    ],
    "direction.domain": [
        "Distributed data: storage, consistency, the hard parts.",
        "Developer tooling - making everyone else faster.",
    ],
    "direction.leadership": [
        "Technical leadership. People leadership later, maybe.",
        "I'm not sure yet.\nMaybe architecture, maybe managing - I keep going back and forth.",
    ],
    "direction.try": [
        "Giving a talk outside the company.",
        "Working with product earlier, before the solution is decided.",
    ],
    "direction.ten-years": [
        "Work I'm proud of, and evenings that belong to my family.",
        "Starting something of my own one day, a small developer-tools company.",
    ],
    "honest.wand": [
        "Half the meetings gone, and one system that is mine end to end.",
        "A role where mentoring counts as real work.",
    ],
    "honest.proud": [
        "That people I helped early on went further than me.",
        "That I built something that outlived my time on it.",
    ],
    "honest.money": [
        "Teaching, probably. It tells me I like explaining more than I admit.",
        "The same job, four days a week.",
    ],
    "honest.admire": [
        "Dana: she is trusted with the hard calls and still writes code.",
        "The principal engineer at the conference last spring - she sets direction without a title.",
    ],
    "gap.biggest": [
        "I haven't led anything across teams yet.",
        "Visibility: the people who decide don't know my work.",
    ],
    "gap.learn": [
        "How to run a design review people actually come to.",
        "Feedback on how I come across in the architecture forum, specifically.",
    ],
    "gap.control": [
        "Writing the RFC instead of waiting to be asked for it.",
        "Saying no to the small tickets that fill my week.",
    ],
    "gap.need": [
        "Time and a sponsor: someone senior who says my name in the rooms I'm not in.",
        "An introduction to the platform team lead.",
    ],
    "gap.org": [
        "The guild meetings help; the release process is in the way.",
        "Our team is stretched; I'd need a project that isn't on the critical path to try leading.",
    ],
    "gap.in-your-way": [
        "The on-call rota. Could we share it with the other team?",
        "Nobody outside the team sees what I do.",
    ],
    "gap.commit": [
        "One RFC, and leading the next two incident reviews.",
        "The course, and one talk at the all-hands.",
    ],
    "honest.stop-you": [
        "Me, mostly - I wait to be picked.",
        "The reorg, if it happens.",
    ],
    "honest.i-do": [
        "You answer the questions I should be answering in the forum.",
        "Nothing I can think of - the 1:1s help.",
    ],
    "honest.leave": [
        "If the staff role never opens.",
        "A company that would let me lead sooner.",
    ],
}


def _answer(question_id: str, drawn: str) -> str:
    """An answer that fits the question, chosen by the pool's draw."""
    fitting = ANSWERS_TO.get(question_id)
    return fitting[ANSWERS.index(drawn) % len(fitting)] if fitting else drawn


PERSON_ACTIONS = [
    "Write and present an RFC for the event pipeline redesign",
    "Lead the next two incident reviews end to end",
    "Shadow Dana in three of her team 1:1s and note what surprises you",
    "Finish the distributed systems course and share one takeaway with the team",
    "Pair with the platform team for a sprint on the deploy tooling",
    "Draft a one-page picture of the role you want in three years",
    "Run the onboarding of the next new joiner",
    "Give a talk at the engineering all-hands about the migration",
]
MANAGER_ACTIONS = [
    "Introduce you to Dana (platform lead) and book the first meeting",
    "Give specific feedback on your design-review facilitation after the next two reviews",
    "Propose you to present at the engineering all-hands",
    "Talk to my manager about your progression and report back",
    "Connect you with a mentor who moved into people leadership",
    "Find a project you can lead with a clear scope and my weekly support",
    "Advocate for the staff role in the calibration meeting - I cannot commit to the outcome",
    "Book a recurring quarterly career conversation",
]
NOTES = {
    Reflection.CARES_ABOUT: "Mentioned twice in 1:1s that the on-call load is wearing them down.",
    Reflection.OPPORTUNITIES: "Platform team will open a lead role in Q2; not announced yet.",
    Reflection.PATHS: "Senior -> staff via the architecture track, or lead the new platform squad.",
    Reflection.CONSTRAINTS: "No headcount until next fiscal year; promotion budget is frozen.",
    Reflection.CAN_COMMIT: "Introductions, feedback, a project to lead. Not a title.",
    Reflection.AVOIDING: "I have been avoiding asking whether they still want to be here.",
}


def _weekday(day: dt.date) -> dt.date:
    """Conversations and due dates fall on working days."""
    return day + dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


class _Tables:
    """Rows gathered per table and person, then written once each."""

    def __init__(self) -> None:
        self.rows: dict[tuple[type, str], list] = defaultdict(list)

    def add(self, *records) -> None:
        for r in records:
            self.rows[(type(r), r.person_id)].append(r)

    def write(self, store: CsvStore) -> None:
        for (kind, pid), rows in self.rows.items():
            store.bulk_write(kind, pid, rows)


def _history(story: Story, today: dt.date, rng: random.Random, out: _Tables, detail: bool) -> None:
    """A year (or more) of conversations, answers, aspirations, contracts and reviews."""
    p = story.person
    pid = p.person_id
    questions = {k: for_conversation(playbook_questions(), k) for k in ConversationKind}
    held_quarters = list(range(story.quarters, 0, -1))
    previous_open: list[Commitment] = []
    serial = 0

    def next_id(prefix: str) -> str:
        nonlocal serial
        serial += 1
        return f"{prefix}{serial:04d}"

    for n, q in enumerate(held_quarters):
        last = n == len(held_quarters) - 1
        # Random draws happen whatever a story changes, so every other person stays the same.
        unwritten = _Tables()
        day = _weekday(today - dt.timedelta(days=story.recent + 91 * (q - 1) + rng.randint(-4, 4)))
        kinds = (
            [ConversationKind.NOW, ConversationKind.DIRECTION, ConversationKind.GAP]
            if story.three_separate
            else [ConversationKind.FULL]
        )
        conv_ids = []
        for i, kind in enumerate(kinds):
            when = _weekday(day + dt.timedelta(days=7 * i - 7 * (len(kinds) - 1)))
            cid = next_id("c")
            conv_ids.append(cid)
            minutes = (
                rng.choice([60, 70, 75, 90]) if kind is ConversationKind.FULL else rng.choice([45, 50, 60])
            )
            alongside = Alongside.ONE_TO_ONE if story.conflated and last else None
            if alongside:
                minutes = 30  # the last half hour of a 1:1
            out.add(Conversation(cid, pid, kind, when, dt.time(14, 0), minutes, when, minutes, alongside))
            for phase in kind.phases:
                steered = story.steered and last and phase is not ConversationKind.GAP
                for question in questions[phase]:
                    if question.trust_gated and n < 2:
                        continue
                    if rng.random() < 0.85:
                        text = _answer(question.question_id, rng.choice(ANSWERS))
                        stamp = dt.datetime.combine(when, dt.time(14, rng.randint(0, 59)))
                        share = detail and rng.random() < 0.2
                        (unwritten if steered else out).add(
                            Answer(pid, cid, question.question_id, text, "", share, stamp)
                        )
        last_cid = conv_ids[-1]
        direction = story.directions[min(n, len(story.directions) - 1)]
        three_year = {
            Direction.TECHNICAL_LEADERSHIP: "Staff engineer owning the platform architecture.",
            Direction.PEOPLE_LEADERSHIP: "Leading a team of five, still reviewing designs.",
            Direction.SOMETHING_ELSE: "Founding a small developer-tools company.",
            Direction.NOT_SURE_YET: "",
        }[direction]
        out.add(
            Aspiration(
                next_id("a"),
                pid,
                day,
                direction,
                three_year,
                admired_role="Dana's role on the platform team" if detail else "",
                drawn_to="Hard technical problems; helping others grow"
                if direction is Direction.NOT_SURE_YET
                else "",
                moving_away_from="Pure ticket work" if direction is Direction.NOT_SURE_YET else "",
                conversation_id=conv_ids[min(1, len(conv_ids) - 1)],
            )
        )
        if n == 0 or (story.fit is not Fit.FITS_HERE and n == len(held_quarters) - 1):
            explore = story.fit.needs_honesty and detail
            out.add(
                FitAssessment(
                    next_id("f"),
                    pid,
                    day,
                    story.fit,
                    said_honestly=explore,
                    partial_paths="Lead the internal tools squad for a year" if explore else "",
                    timeline="Two to three years" if explore else "",
                    in_parallel="Side project on weekends; join the founders' meetup" if explore else "",
                    transition="If they leave, a six-month handover plan for the billing service"
                    if explore
                    else "",
                    conversation_id=last_cid,
                )
            )
        # The contract: carried-over commitments keep their id and status.
        version = n + 1
        sent = day + dt.timedelta(days=4 if story.late_send and n == len(held_quarters) - 1 else 1)
        next_day = day + dt.timedelta(days=91)
        question_text = (
            "Whether a move into people leadership is realistic within a year."
            if direction is Direction.PEOPLE_LEADERSHIP
            else "Whether the staff role will open before next summer."
        )
        agreed = unwritten if story.no_contract and last else out
        agreed.add(Contract(pid, version, day, sent, next_day, question_text, conversation_id=last_cid))
        carried = {c.action for c in previous_open}
        fresh = [
            Commitment(
                pid,
                version,
                next_id("k"),
                party,
                action,
                _weekday(day + dt.timedelta(days=rng.randint(20, 80))),
            )
            for party, pool in [(Party.MANAGER, MANAGER_ACTIONS), (Party.PERSON, PERSON_ACTIONS)]
            for action in rng.sample([a for a in pool if a not in carried], 2)
        ]
        mine = [dataclasses.replace(c, version=version) for c in previous_open] + fresh
        end = today if last else day + dt.timedelta(days=91)
        previous_open = []
        for pos, c in enumerate(mine):
            c = dataclasses.replace(c, position=pos)
            if c.due < end:
                late = story.manager_late if c.party is Party.MANAGER else 0.15
                roll = rng.random()
                if roll < story.dropped:
                    c = dataclasses.replace(
                        c, status=Status.DROPPED, note="No longer relevant after the reorg."
                    )
                elif roll < story.dropped + 0.1:
                    c = dataclasses.replace(c, status=Status.PAUSED, note="Paused while the launch is on.")
                elif rng.random() < late and c.party is Party.MANAGER and n == len(held_quarters) - 1:
                    pass  # still open, past its date: overdue
                else:
                    slip = rng.randint(5, 20) if rng.random() < late else -rng.randint(0, 7)
                    c = dataclasses.replace(
                        c, status=Status.DONE, done_on=min(end, c.due + dt.timedelta(days=slip))
                    )
            if c.status.carries_over:
                previous_open.append(c)
            agreed.add(c)
        if story.promise and last:
            agreed.add(
                Commitment(
                    pid,
                    version,
                    "k-promise",
                    Party.MANAGER,
                    story.promise,
                    day + dt.timedelta(days=150),
                    position=len(mine),
                    promise_kept=True,
                )
            )
        for i, month_offset in enumerate((30, 60)):
            month = (day + dt.timedelta(days=month_offset)).strftime("%Y-%m")
            aspect = ["Progress on the RFC and the introductions", "How leading the incident reviews feels"][
                i
            ]
            agreed.add(ReviewPoint(pid, version, f"r{i + 1}", month, aspect))
            review_day = _weekday(day + dt.timedelta(days=month_offset))
            if review_day < today:
                out.add(
                    Conversation(
                        next_id("c"), pid, ConversationKind.REVIEW, review_day, None, 30, review_day, 25
                    )
                )
        if detail and n == len(held_quarters) - 1:
            for item in [*ITEMS[Stage.BEFORE], *ITEMS[Stage.DURING]]:
                out.add(ChecklistTick(pid, last_cid, item, rng.random() < 0.8))
            for reflection, text in NOTES.items():
                out.add(PreparationNote(next_id("n"), pid, reflection, text, last_cid))
    for kind, days_ago, addressed in story.signals:
        noticed = today - dt.timedelta(days=days_ago)
        cid = next_id("c")
        out.add(
            Conversation(
                cid, pid, ConversationKind.CHECK_IN, noticed, None, 15, noticed, 12, note="Coffee chat."
            )
        )
        out.add(
            Signal(
                next_id("s"),
                pid,
                noticed,
                kind,
                "Mentioned it over coffee, half joking.",
                noticed + dt.timedelta(days=7) if addressed else None,
                cid,
            )
        )
    if story.booked_in is not None:
        when = _weekday(today + dt.timedelta(days=story.booked_in))
        out.add(Conversation(next_id("c"), pid, ConversationKind.FULL, when, dt.time(10, 0), 60))


def seed_demo(store: CsvStore, today: dt.date | None = None, *, seed: int = 7) -> list[Person]:
    """Write the demo team into an empty store; return the people written."""
    if store.person_ids():
        raise CareernbError(
            f"{store.home} already holds people; the demo team is only seeded into an empty "
            "data home. Use another --home, or remove people.csv if this is a test folder."
        )
    today = today or dt.date.today()
    rng = random.Random(seed)
    stories = demo_stories(today)
    people = [MANAGER, *(s.person for s in stories)]
    store.bulk_write(Person, None, people)
    out = _Tables()
    for story in stories:
        _history(story, today, rng, out, detail=True)
    out.write(store)
    return people


def build_large_store(
    home: Path,
    people: int = 5000,
    years: int = 3,
    *,
    team_size: int = 12,
    today: dt.date | None = None,
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
) -> CsvStore:
    """A store of ``people`` reports in teams of ``team_size``, each with ``years`` of quarterly history."""
    from careernb.home import open_store

    store = open_store(home)
    today = today or dt.date.today()
    rng = random.Random(seed)
    managers = [
        Person(f"m{i:04d}", f"Manager {i}", None, "Engineering Manager")
        for i in range(people // team_size + 1)
    ]
    reports = [
        Person(
            f"{i:05d}",
            f"Person {i}",
            f"m{i // team_size:04d}",
            "Engineer",
            joined=today - dt.timedelta(days=1500),
        )
        for i in range(people)
    ]
    store.bulk_write(Person, None, managers + reports)
    for i, person in enumerate(reports):
        out = _Tables()
        story = Story(person, quarters=4 * years, directions=(rng.choice(list(Direction)),))
        _history(story, today, rng, out, detail=False)
        out.write(store)
        if progress:
            progress(i + 1)
    return store
