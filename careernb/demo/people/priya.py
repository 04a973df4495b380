"""Priya Raman: a staff engineer who seems fine, which is why her conversation keeps being put off."""

# ruff: noqa: E501 - what people say is kept whole, one line each

from careernb.demo.voice import Voice
from careernb.domain.preparation import Reflection

PICTURE = (
    "Shaping what the data platform is for - as its principal engineer or its product manager, "
    "I can't tell yet."
)
TEN_YEARS = "A body of work other engineers build on, and time for the allotment and my daughter's football."

PRIYA = Voice(
    answers={
        "now.best-work": "A whiteboard with the analysts, working out what they need before anyone writes code.",
        "now.energising": "The data contracts work - the first time the teams have agreed on anything.",
        "now.draining": "Reviewing every schema change in the company: I'm the only staff engineer on data.",
        "now.underused": "Talking to the people who use the platform. I'm good at it and it isn't my job.",
        "now.not-strengths": "Hands-on migrations at this scale - others are faster and enjoy it more.",
        "now.not-working": "Nothing is wrong, which is why nobody asks. I'm coasting and I don't like it.",
        "honest.best-friend": "You've been staff for two years; decide what's next before it's decided for you.",
        "honest.okay-to-say": "Trying half a year as the data platform's product manager.",
        "honest.not-saying": "That I'm bored, and afraid that saying so sounds ungrateful.",
        "direction.three-years": PICTURE,
        "direction.role": "Noor's role: product manager for analytics, still technical enough to argue with us.",
        "direction.domain": "Data platforms: lineage, contracts between teams, numbers people can trust.",
        "direction.leadership": "Not sure yet. Principal engineer or product - I keep swapping.",
        "direction.try": "Running the analysts' discovery interviews myself.",
        "direction.ten-years": TEN_YEARS,
        "honest.wand": "Someone else reviews the schema changes; I spend that time with the analysts.",
        "honest.proud": "That the numbers people used to argue about became numbers they trusted.",
        "honest.money": "Teaching statistics to adults. I like the moment it clicks for someone.",
        "honest.admire": "Noor - she turned a backlog into a strategy in six months.",
        "gap.biggest": "I don't know which way I want to go, so I can't see the gap yet.",
        "gap.learn": "What product management is day to day, not the blog-post version.",
        "gap.control": "Handing half the schema reviews to the seniors, and shadowing Noor for a sprint.",
        "gap.need": "An introduction to Noor, and a day a week outside engineering for a while.",
        "gap.org": "The product guild would let me sit in; the hiring freeze makes a real move hard.",
        "gap.in-your-way": "The schema reviews. Could two seniors take them, with me as backup?",
        "gap.commit": "Shadow Noor for one sprint and write down what I liked and what I didn't.",
        "honest.stop-you": "Staying comfortable. It's easy here.",
        "honest.i-do": "You assume I'm fine because I'm senior. I'd like to be asked.",
        "honest.leave": "If I'm still bored in a year: a product role somewhere smaller.",
    },
    picture=PICTURE,
    admired_role="Noor's role: product manager for analytics",
    domain="Data platforms and trust in numbers",
    ten_year=TEN_YEARS,
    things_to_try="Customer discovery interviews; writing for the engineering blog",
    drawn_to="Deciding what gets built and why; the analysts who use the platform",
    moving_away_from="Being the reviewer of last resort for every schema change",
    their_actions=(
        "Shadow Noor's product discovery for one sprint and write up what you liked and didn't",
        "Hand half the schema reviews to two senior engineers, with written guidelines",
        "Run two interviews with analysts about the data contracts",
        "Write the data contracts guide for other teams",
        "Present the data contracts work at the product guild",
        "Write one page comparing the principal engineer and product paths, for yourself",
        "Mentor Lena through her first schema review",
        "Publish one post about lineage on the engineering blog",
    ),
    my_actions=(
        "Introduce you to Noor and ask her to host you for a sprint",
        "Agree with the data team who takes schema reviews when you are out",
        "Give you one day a week for discovery work this quarter",
        "Ask the product director what a trial in product could look like, and report back",
        "Give specific feedback on your first two analyst interviews",
        "Propose you to present the data contracts at the product guild",
        "Find a principal engineer outside the team to talk with you about that path",
        "Book the next career conversation within the quarter",
    ),
    open_question="Principal engineer or product manager: which she wants, once she has tried a little of each.",
    reviews=("What the discovery sprint taught her", "Whether the schema reviews are shared yet"),
    notes={
        Reflection.CARES_ABOUT: "Being asked rather than assumed fine. Said 'coasting' last time; I let it go.",
        Reflection.OPPORTUNITIES: "The product director mentioned a data product opening next year; not official.",
        Reflection.PATHS: "Principal engineer on data, or a trial half-year in product.",
        Reflection.CONSTRAINTS: "Hiring freeze: a move to product needs a backfill I don't have.",
        Reflection.CAN_COMMIT: "Discovery time, an introduction to Noor, sharing the schema reviews.",
        Reflection.AVOIDING: "Booking this conversation at all. She seems fine - which is exactly the trap.",
    },
    paused="Paused while the warehouse migration is on.",
    dropped="Dropped: the guild stopped meeting.",
)
