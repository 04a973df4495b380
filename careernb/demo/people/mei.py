"""Mei Lin: the search expert who found she would rather lead people - her direction changed."""

# ruff: noqa: E501 - what people say is kept whole, one line each

from careernb.demo.voice import Voice
from careernb.domain.aspirations import Direction
from careernb.domain.preparation import Reflection
from careernb.domain.signals import SignalKind

TECH, PEOPLE = Direction.TECHNICAL_LEADERSHIP, Direction.PEOPLE_LEADERSHIP
PICTURE = {
    TECH: "Staff engineer on the search platform, the one who sets where it goes next.",
    PEOPLE: "Leading a team of five, still reviewing designs.",
}
ADMIRED = {
    TECH: "Arjun's staff role on search",
    PEOPLE: "Dana's role: leading the platform team and still in the design reviews",
}
TEN_YEARS = "Running an engineering group where people grow faster than they would anywhere else."

MEI = Voice(
    answers={
        "now.best-work": "Pairing with the new joiners on search ranking, and watching it click for them.",
        "now.energising": {
            TECH: "Tuning the ranking and seeing relevance climb week after week.",
            PEOPLE: "Running onboarding for the two new joiners. I didn't expect to love it.",
        },
        "now.draining": "On-call weeks, and meetings that end without a decision.",
        "now.underused": {
            TECH: "Explaining ranking to the product people.",
            PEOPLE: "Coaching. People come to me with a problem and leave with a plan.",
        },
        "now.not-strengths": "Deep infrastructure work; I can do it, but it doesn't light me up.",
        "now.not-working": "The team is great. I'm less sure I want to be the search expert forever.",
        "honest.best-friend": "Notice what you do on a free afternoon: it's the one-on-ones, not the ranking.",
        "honest.okay-to-say": {
            TECH: "More design ownership on search.",
            PEOPLE: "I'd like to try leading a team - a small one.",
        },
        "honest.not-saying": "That the thought of managing scares and excites me in equal measure.",
        "direction.three-years": PICTURE,
        "direction.role": {
            TECH: "Arjun's role: staff engineer on search, the person everyone trusts on relevance.",
            PEOPLE: "Dana's role: she leads the platform team and still knows every design.",
        },
        "direction.domain": "Search relevance - and lately, how teams work.",
        "direction.leadership": {
            TECH: "Technical leadership, I think.",
            PEOPLE: "People leadership. I went back and forth, but it's people.",
        },
        "direction.try": "Running a hiring loop end to end.",
        "direction.ten-years": TEN_YEARS,
        "honest.wand": {
            TECH: "More time for ranking research, fewer tickets.",
            PEOPLE: "Half my week on people - mentoring, hiring - and half in design reviews.",
        },
        "honest.proud": "That people I hired or coached went on to lead things.",
        "honest.money": "Coaching a children's swim team. So yes, it's about watching people grow.",
        "honest.admire": {
            TECH: "Arjun: the search expert everyone trusts.",
            PEOPLE: "Dana: she leads the platform team and still knows every design.",
        },
        "gap.biggest": {
            TECH: "I haven't led a cross-team design yet.",
            PEOPLE: "I've never managed anyone; I've only mentored.",
        },
        "gap.learn": {
            TECH: "How to write a design doc that settles an argument.",
            PEOPLE: "How to give hard feedback, and how hiring decisions are really made.",
        },
        "gap.control": {
            TECH: "Writing the ranking v2 design.",
            PEOPLE: "Mentoring two people formally, with goals we write down.",
        },
        "gap.need": {
            TECH: "Review time with Arjun.",
            PEOPLE: "Something to lead with people in it, and your feedback on how I do.",
        },
        "gap.org": {
            TECH: "The architecture forum.",
            PEOPLE: "The new team lead programme, if I can get a place.",
        },
        "gap.in-your-way": "The on-call rota. I'd need it lighter to take on people work.",
        "gap.commit": {
            TECH: "The ranking v2 design, to the forum this quarter.",
            PEOPLE: "Leading onboarding for the next two joiners, and one management course.",
        },
        "honest.stop-you": "Doubting myself and going back to the comfortable technical track.",
        "honest.i-do": "You give me the hardest technical problems. Maybe give me a people problem.",
        "honest.leave": "If a team lead opening came up elsewhere before one does here.",
    },
    picture=PICTURE,
    admired_role=ADMIRED,
    domain="Search relevance",
    ten_year=TEN_YEARS,
    things_to_try="Leading onboarding; a management course",
    their_actions=(
        "Write the ranking v2 design and take it to the architecture forum",
        "Run the relevance A/B test end to end",
        "Present the search quality numbers at the product review",
        "Pair with Arjun on the query parser for a sprint",
        "Lead onboarding for the next two new joiners",
        "Mentor Tom and Lena with written goals for the quarter",
        "Take the first module of the team lead programme",
        "Run one hiring loop end to end, with Ada as backup",
    ),
    my_actions=(
        "Introduce you to Dana and book an hour on what leading a team is like",
        "Put your name forward for the team lead programme",
        "Give specific feedback on your onboarding sessions after the first two",
        "Ask Arjun to review the ranking v2 design with you",
        "Lighten your on-call to one week in four while you lead onboarding",
        "Let you run the next hiring loop, with me shadowing",
        "Talk to my manager about team lead openings next year and report back",
        "Book a monthly hour for your questions about leading people",
    ),
    open_question={
        TECH: "Whether the staff opening on search comes before next summer.",
        PEOPLE: "Whether a move into people leadership is realistic within a year.",
    },
    reviews=("How onboarding the new joiners went", "Whether on-call is lighter"),
    notes={
        Reflection.CARES_ABOUT: "Lights up talking about the new joiners; goes flat talking about ranking.",
        Reflection.OPPORTUNITIES: "A team lead opening in the platform group next year, perhaps.",
        Reflection.PATHS: "Team lead through the programme, or tech lead of search as a step between.",
        Reflection.CONSTRAINTS: "No team lead opening today; the programme has four places.",
        Reflection.CAN_COMMIT: "The programme nomination, onboarding to lead, feedback, a lighter rota.",
        Reflection.AVOIDING: "Admitting I'd miss her as our search expert if she moves.",
    },
    signals={
        SignalKind.DIFFERENT_INTEREST: (
            "Walked back from lunch together.",
            "Asked what my job is really like day to day, and whether I miss writing code.",
        ),
    },
    paused="Paused while the search migration is on.",
    dropped="Dropped: the A/B platform was replaced.",
)
