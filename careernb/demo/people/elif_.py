"""Elif Yılmaz: wants to lead people; priorities keep moving, and her last conversation got ten minutes."""

# ruff: noqa: E501 - what people say is kept whole, one line each

from careernb.demo.voice import FitWords, Voice
from careernb.domain.preparation import Reflection
from careernb.domain.signals import SignalKind

PICTURE = "Engineering manager of a product team, hiring the people I wish I'd had early on."
TEN_YEARS = "A director who still knows everyone's name, and two children who think my job is cool."

ELIF = Voice(
    answers={
        "now.best-work": "Running the design-engineering pairing sessions: everyone leaves with less to argue about.",
        "now.energising": "Onboarding and mentoring - I'm the one the new joiners ask.",
        "now.draining": "Switching between three projects; I never finish anything.",
        "now.underused": "Facilitation. I'm good in a room when it gets tense.",
        "now.not-strengths": "Low-level performance work; I can, but it's not where I shine.",
        "now.not-working": "Priorities change every few weeks, so my commitments keep getting dropped.",
        "honest.best-friend": "Ask for one project and finish it, before you ask for a team.",
        "honest.okay-to-say": "I'd like to lead people, and I'm ready to start small.",
        "honest.not-saying": "That I've felt behind since coming back from parental leave.",
        "direction.three-years": PICTURE,
        "direction.role": "Ada's role - leading the team - with a bit more time for each person.",
        "direction.domain": "Product teams, and how engineers and designers work together.",
        "direction.leadership": "People leadership. I knew it the first time I ran onboarding.",
        "direction.try": "Running a retrospective for a team that isn't mine.",
        "direction.ten-years": TEN_YEARS,
        "honest.wand": "One project instead of three, and two people to mentor properly.",
        "honest.proud": "That the people I led trusted me with the hard news.",
        "honest.money": "Family therapy. Teams are families with a roadmap.",
        "honest.admire": "Ada: she makes time for every one of us, somehow.",
        "gap.biggest": "I haven't led anyone formally, and I haven't finished a big project in a while.",
        "gap.learn": "Running a team's rituals, hiring, and saying no to new priorities.",
        "gap.control": "Running the team's retrospectives for a quarter.",
        "gap.need": "Fewer projects, and someone to mentor with real goals.",
        "gap.org": "The team lead programme helps; the constant re-planning doesn't.",
        "gap.in-your-way": "Three projects. Can we get it down to one?",
        "gap.commit": "The retrospectives for a quarter, and mentoring Amara when she joins.",
        "honest.stop-you": "Priorities changing under me again.",
        "honest.i-do": "Our career talks keep happening in the last ten minutes of a 1:1.",
        "honest.leave": "If it stays 'maybe later' for too many years.",
    },
    picture=PICTURE,
    admired_role="Her manager's role, with more time for each person",
    domain="Product teams: engineers and designers together",
    ten_year=TEN_YEARS,
    things_to_try="Running retrospectives; a talk at the women-in-tech meetup",
    fit=FitWords(
        partial_paths="Mentor two engineers with written goals, and run the team's retrospectives",
        timeline="A team lead opening is possible in a year to eighteen months",
        in_parallel="The team lead programme's next cohort; the women-in-tech meetup",
        transition="If nothing opens here in eighteen months, help her look for a lead opening elsewhere",
    ),
    their_actions=(
        "Run the team's retrospectives for a quarter",
        "Mentor the next new joiner through their first three months",
        "Finish the search filters project before starting another",
        "Facilitate the design-engineering pairing sessions every fortnight",
        "Apply for the next cohort of the team lead programme",
        "Write down three things learned from each retrospective",
        "Speak at the women-in-tech meetup about pairing with designers",
        "Shadow Ada in two hiring interviews",
    ),
    my_actions=(
        "Cut your projects from three to one for the next quarter",
        "Nominate you for the next cohort of the team lead programme",
        "Give feedback after each retrospective you run",
        "Introduce you to two engineering managers, a coffee with each",
        "Ask product to stop moving your priorities mid-sprint",
        "Invite you to shadow two hiring interviews",
        "Hold our career conversations in their own hour, never the end of a 1:1",
        "Give specific feedback on how you mentor the new joiner",
    ),
    open_question="Whether a team lead opening comes within eighteen months, and what she does if not.",
    reviews=("Whether she is down to one project", "How the retrospectives are going"),
    notes={
        Reflection.CARES_ABOUT: "Leading people; finishing one thing; not feeling behind.",
        Reflection.OPPORTUNITIES: "The programme's next cohort; Amara joining and needing a mentor.",
        Reflection.PATHS: "Team lead in a year to eighteen months, through the programme.",
        Reflection.CONSTRAINTS: "No lead opening this year; her priorities keep shifting.",
        Reflection.CAN_COMMIT: "Fewer projects, the programme nomination, the retrospectives, a mentee.",
        Reflection.AVOIDING: "Giving this conversation its own hour instead of the end of a 1:1.",
    },
    signals={
        SignalKind.MILESTONE: (
            "Her first week back from parental leave.",
            "Back from parental leave; wants to pick the career conversation up again.",
        ),
    },
    paused="Paused during the re-planning.",
    dropped="Dropped when the project was re-prioritised.",
)
