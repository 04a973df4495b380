"""Jonas Berg: wants to found a developer-tools company - an ambition this organisation cannot hold."""

# ruff: noqa: E501 - what people say is kept whole, one line each

from careernb.demo.voice import FitWords, Voice
from careernb.domain.preparation import Reflection

PICTURE = "Founding a small developer-tools company."
TEN_YEARS = "Running my own company, small and profitable, with people I like."

JONAS = Voice(
    answers={
        "now.best-work": "Building the test-flake tracker on a Friday - nobody asked, and now everybody uses it.",
        "now.energising": "Anything where I'm the user too: build tooling, CI, the dev environment.",
        "now.draining": "The feature backlog. I do it well, but I'm counting the hours.",
        "now.underused": "Product sense for tools: I know what developers will actually adopt.",
        "now.not-strengths": "Long cross-team planning; I get impatient.",
        "now.not-working": "It's a good team. It just isn't mine, and I want something that is.",
        "honest.best-friend": "Save for a year and try it, before there's a mortgage in the way.",
        "honest.okay-to-say": "Working on my own tool, full time.",
        "honest.not-saying": "That I already have a co-founder and a name for it.",
        "direction.three-years": PICTURE,
        "direction.role": "The founders of the CI tool we use: four people, shipping every week.",
        "direction.domain": "Developer tooling: builds, test runners, the feedback loop.",
        "direction.leadership": "Something else: building a company, not climbing a ladder.",
        "direction.try": "Selling. Talking to customers who might pay.",
        "direction.ten-years": TEN_YEARS,
        "honest.wand": "Own the developer-tools budget and build what we need instead of buying it.",
        "honest.proud": "That I tried, even if it failed.",
        "honest.money": "Exactly this, without needing a salary while it grows.",
        "honest.admire": "The four founders of the CI tool we use. Small, fast, theirs.",
        "gap.biggest": "I've never run anything with money in it.",
        "gap.learn": "How to price, sell and hire - none of which I do here.",
        "gap.control": "Turning the flake tracker into something other teams adopt, like a real product.",
        "gap.need": "Honesty about whether any version of this exists here, and a reference when I go.",
        "gap.org": "The internal tools budget is the closest thing; the hiring freeze keeps it small.",
        "gap.in-your-way": "Nothing you can fix - the company doesn't build tools to sell.",
        "gap.commit": "Giving the flake tracker real users and a roadmap.",
        "honest.stop-you": "Money. The first year without a salary.",
        "honest.i-do": "Nothing. You've been straight with me, and that helps.",
        "honest.leave": "To start the company. It's when, not if.",
    },
    picture=PICTURE,
    admired_role="The founders of a four-person developer-tools company",
    domain="Developer tooling",
    ten_year=TEN_YEARS,
    things_to_try="Selling something, to someone who might pay",
    fit=FitWords(
        partial_paths="Lead the internal tools squad for a year: real users, a budget, a roadmap",
        timeline="He means to leave within eighteen months",
        in_parallel="The flake tracker as an open-source side project, with the company's agreement",
        transition="A six-month handover of the build tooling, and a reference when he goes",
    ),
    their_actions=(
        "Make the flake tracker usable by two other teams",
        "Write a one-page roadmap for the flake tracker",
        "Interview five engineers from other teams about their build pain",
        "Hand the build cache over to Sam with a written guide",
        "Present the flake tracker at the engineering all-hands",
        "Write up what an internal tools squad would need to work",
        "Ask legal about open-sourcing the flake tracker",
        "Lead one sprint of the internal tools backlog",
    ),
    my_actions=(
        "Tell you plainly what leading internal tools could and could not offer you",
        "Ask legal whether the flake tracker can be open-sourced",
        "Introduce you to the developer-experience lead",
        "Propose the flake tracker for the engineering all-hands",
        "Give you two days a month for the flake tracker",
        "Agree a handover plan for the build tooling with you",
        "Write you a reference when you go, and say so now",
        "Book the next career conversation before the handover starts",
    ),
    open_question="Whether a year leading internal tools is worth staying for, or he should go sooner.",
    reviews=("How many teams use the flake tracker", "Where the handover stands"),
    notes={
        Reflection.CARES_ABOUT: "Ownership, and building things developers choose to use.",
        Reflection.OPPORTUNITIES: "The internal tools squad needs someone to lead it; small and unglamorous.",
        Reflection.PATHS: "Lead internal tools for a year, or leave well: a handover and a reference.",
        Reflection.CONSTRAINTS: "We don't build tools to sell; nothing here becomes his company.",
        Reflection.CAN_COMMIT: "Honesty, time for the tracker, a fair handover, a reference.",
        Reflection.AVOIDING: "Saying plainly that what he wants is not here.",
    },
    paused="Paused during the release freeze.",
    dropped="Dropped: the all-hands was cancelled.",
)
