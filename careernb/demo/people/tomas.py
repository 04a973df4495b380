"""Tomás Herrera: a payments engineer told "next year" once too often, now approached by a fintech."""

# ruff: noqa: E501 - what people say is kept whole, one line each

from careernb.demo.voice import Voice
from careernb.domain.preparation import Reflection
from careernb.domain.signals import SignalKind

PICTURE = "Leading the architecture of the payments platform: the one who decides how money moves through it."
TEN_YEARS = "Known for payments systems that never lose a cent, and living back in Seville near my parents."

TOMAS = Voice(
    answers={
        "now.best-work": "Untangling a reconciliation bug with finance on the call: real money, "
        "people waiting, and I find it.",
        "now.energising": "The idempotency work on refunds - fixing it properly instead of patching it again.",
        "now.draining": "Being pulled into every payments incident because I'm the one who knows the old code.",
        "now.underused": "Design. I've sketched the new ledger three times and nobody has asked to see it.",
        "now.not-strengths": "Chasing other teams for release sign-off; I'm bad at it and it shows.",
        "now.not-working": "I keep hearing 'next year' about owning the architecture. It's been two years.",
        "honest.best-friend": "Ask for the architecture work in writing, or take the recruiters' calls seriously.",
        "honest.okay-to-say": "Leading the ledger redesign, not just keeping the old one alive.",
        "honest.not-saying": "That I'm tired of being the safe pair of hands instead of the one who designs.",
        "direction.three-years": PICTURE,
        "direction.role": "Rafael's job: principal engineer on checkout, the one teams ask before they build.",
        "direction.domain": "Payments: reconciliation, idempotency, the parts nobody is allowed to get wrong.",
        "direction.leadership": "Technical. I like people, but I want to be the one drawing the system.",
        "direction.try": "Presenting the ledger design outside the company.",
        "direction.ten-years": TEN_YEARS,
        "honest.wand": "Fewer incident pages, and the ledger redesign as my project, start to finish.",
        "honest.proud": "That the payments platform I designed was still running, boringly, ten years on.",
        "honest.money": "Open-source accounting tools. Apparently I really like ledgers.",
        "honest.admire": "Rafael: he sets the direction for checkout without ever raising his voice.",
        "gap.biggest": "I've never owned a design across teams; I've only fixed other people's.",
        "gap.learn": "How to take a design through the architecture forum and come out with a decision.",
        "gap.control": "Writing up the ledger design instead of waiting to be asked for it.",
        "gap.need": "Air cover: someone to say the incident rota can live without me for a quarter.",
        "gap.org": "The architecture forum helps; the release sign-off process eats my weeks.",
        "gap.in-your-way": "The old reconciliation service only I understand. Can someone else learn it?",
        "gap.commit": "A written ledger proposal by the end of the quarter, and training Sam on reconciliation.",
        "honest.stop-you": "Getting stuck as the person who keeps the old system alive.",
        "honest.i-do": "You call me first in every incident. I get why, but it keeps me there.",
        "honest.leave": "An offer to design a payments platform from scratch somewhere else.",
    },
    picture=PICTURE,
    admired_role="Principal engineer on checkout, like Rafael",
    domain="Payments: reconciliation and idempotency",
    ten_year=TEN_YEARS,
    things_to_try="A conference talk; a stint with the fraud team",
    their_actions=(
        "Write the ledger redesign proposal and take it to the architecture forum",
        "Train Sam on the reconciliation service so the incident rota has two names",
        "Lead the design review for idempotent refunds",
        "Pair with the fraud team for two weeks on the risk-scoring pipeline",
        "Write the runbook for month-end reconciliation",
        "Present the refunds post-mortem at the engineering all-hands",
        "Review two designs from other teams in the architecture forum",
        "Draft a one-page picture of the payments platform in three years",
    ),
    my_actions=(
        "Take you off the first-line incident rota for one quarter",
        "Introduce you to Rafael and book a monthly design hour with him",
        "Put the ledger proposal on the architecture forum's agenda",
        "Give specific feedback on your facilitation after the refunds design review",
        "Ask finance for a sponsor for the ledger redesign",
        "Talk to my manager about funding the ledger work next half and report back",
        "Keep Fridays free of meetings for your design work",
        "Book the next career conversation before the quarter ends",
    ),
    open_question="Whether the ledger redesign is funded next half, and whether Tomás leads it.",
    reviews=("Progress on the ledger proposal", "How the incident load feels with Sam sharing it"),
    notes={
        Reflection.CARES_ABOUT: "Owning the design, not just the fixes. Said 'next year' twice, with an edge.",
        Reflection.OPPORTUNITIES: "The ledger redesign may be funded next half; the forum has a slot in January.",
        Reflection.PATHS: "Principal engineer on payments, or architecture lead of the ledger if it is funded.",
        Reflection.CONSTRAINTS: "Funding for the ledger is not decided; I cannot name him its lead before it is.",
        Reflection.CAN_COMMIT: "Time off the rota, introductions, the forum slot, my feedback. Not the funding.",
        Reflection.AVOIDING: "Asking whether he is already talking to other companies.",
    },
    signals={
        SignalKind.APPROACHED: (
            "Coffee chat. He mentioned a fintech recruiter, then changed the subject.",
            "A fintech has invited him to interview as platform architect; he hasn't said no.",
        ),
    },
    paused="Paused while the card-network migration is on.",
    dropped="Dropped: the fraud team was reorganised.",
)
