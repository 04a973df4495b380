"""The demo team: one person for each situation the playbook cares about.

A story sets the shape of a person's year - how many conversations, how
recent, which direction, the honest fit, the signals, the failure their last
conversation shows; their voice (careernb/demo/people/) sets the words.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata

from careernb.demo.people import ELIF, GENERIC, JONAS, KWAME, MEI, PRIYA, SOFIA, TOMAS
from careernb.demo.voice import Voice
from careernb.domain.aspirations import Direction, Fit
from careernb.domain.people import Person, Transition
from careernb.domain.signals import SignalKind

MANAGER = Person("ada", "Ada Okafor", None, "Engineering Manager", "ada@example.org")


@dataclasses.dataclass(frozen=True)
class Story:
    """What the demo shows through one person."""

    person: Person
    voice: Voice = GENERIC
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
            TOMAS,
            recent=40,
            signals=((SignalKind.APPROACHED, 3, False),),
            steered=True,
        ),
        Story(
            person("012", "Priya Raman", "Staff Engineer", 1400),
            PRIYA,
            quarters=3,
            recent=150,
            directions=(Direction.NOT_SURE_YET,),
        ),
        Story(
            person("019", "Mei Lin", "Senior Engineer", 1100),
            MEI,
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
            JONAS,
            recent=55,
            directions=(Direction.SOMETHING_ELSE,),
            fit=Fit.NOT_HERE,
            booked_in=20,
            no_contract=True,
        ),
        Story(person("031", "Amara Nwosu", "Engineer", 20), quarters=0),
        Story(
            person("034", "Sofia Rossi", "Engineer", 800),
            SOFIA,
            recent=20,
            directions=(Direction.NOT_SURE_YET, Direction.NOT_SURE_YET, Direction.TECHNICAL_LEADERSHIP),
            manager_late=0.0,
            three_separate=True,
            booked_in=60,
        ),
        Story(
            person("040", "Kwame Mensah", "Senior Engineer", 1000, transition=Transition.PROMOTION_DECISION),
            KWAME,
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
            ELIF,
            recent=65,
            directions=(Direction.PEOPLE_LEADERSHIP,),
            dropped=0.4,
            fit=Fit.MAYBE_LATER,
            signals=((SignalKind.MILESTONE, 50, True),),
            conflated=True,
        ),
    ]
