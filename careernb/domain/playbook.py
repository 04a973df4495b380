"""The playbook's own words, quoted exactly, for every screen and document.

A test checks that each quote here appears verbatim in ``data/playbook.txt``,
so nothing is paraphrased into something weaker.
"""

from __future__ import annotations

from importlib import resources

PURPOSE = (
    "The career conversation exists to help the person understand their own trajectory and to "
    "give the manager meaningful insight into what actually motivates the people they manage."
)
NOT_A = "It is not a routine check-in. It is not a performance review. It is not a development plan review."
NOT_FOR = (
    "Promising things you cannot deliver",
    "Extracting information about whether someone is planning to leave",
    "Running through the competency framework and assessing gaps",
    "A retention exercise that treats people as assets to be retained rather than people with "
    "legitimate aspirations",
)

INVITATION = (
    "I'd like to set aside some time to have a proper career conversation with you - not a 1:1, "
    "not a review, just a proper discussion about where you want to go. Can we book an hour?"
)

# Before You Start: what to think about before the conversation.
REFLECTIONS = {
    "cares-about": "What do you already know about what this person cares about? "
    "What have they mentioned in 1:1s?",
    "opportunities": "What opportunities exist in the organisation that might align with their direction?",
    "paths": "What are the realistic paths from their current position?",
    "constraints": "What are the constraints - headcount, budget, org structure - that might "
    "affect what you can offer?",
    "can-commit": "What are you genuinely willing and able to commit to?",
    "avoiding": "Is there anything about their career direction that you have been avoiding acknowledging?",
}

ADVANCE_PROMPT = (
    "Before we meet for the career conversation, it might help to spend a few minutes thinking "
    "about: what energises you most about your work right now, where you feel like you're wasting "
    "time or potential, what you imagine doing in three to five years, and whether there's "
    "anything about your career direction you haven't said out loud to anyone yet."
)
ADVANCE_PROMPT_NOTE = "Not a form. Not a template. Just a prompt to help them show up thinking."

NOT_BEFOREHAND = (
    "Do not prepare a presentation of what the organisation needs from them. Do not prepare a "
    "list of their development gaps. Do not prepare a career path slide. The conversation should "
    "start from their perspective, not from what you want to say."
)

GIVE_THIS_SPACE = (
    "Give this space. The honest answers often take a while to surface. People are accustomed "
    "to giving the acceptable answer before they give the real one."
)
SURFACE_FOLLOW_UP = (
    "That's the version that sounds fine - is there a version underneath that that you don't usually say?"
)
DO_NOT_PUSH = (
    "Do not push them to have a clear answer if they do not. Career uncertainty is normal, "
    "especially for engineers in the middle of their career."
)
NOT_SURE_RESPONSE = (
    "That's completely fine. Let's explore what you're drawn to and what you're moving away "
    "from - direction is useful even without a destination."
)
TRUST_WARNING = (
    "That last question is a powerful one. Ask it only when you have established real trust. "
    "The answer often contains the most important information you will get from this "
    "conversation."
)

CONVERSATION_PURPOSE = {
    "now": "The purpose is honest reflection on the current state. Not a performance assessment "
    "- a genuine exploration of what the person's experience of their work is right now.",
    "direction": "The purpose is to understand their aspiration - not just the job title they "
    "want, but the work they want to do, the problems they want to solve, the kind of career "
    "they are trying to build.",
    "gap": "Once you have a reasonable picture of current state and direction, the third "
    "conversation is practical. What has to happen to get from here to there, and what is both "
    "parties' role in making it happen?",
}

HONEST_SCRIPT = (
    "I want to be straight with you. The direction you're describing isn't something this "
    "organisation can offer you in the near term [or: at all]. I think that's worth saying "
    "clearly because I don't want to waste your time or mine building a plan that won't get you "
    "there. What I can do is help you figure out what path makes sense - whether that's here or "
    "somewhere else."
)
FIT_EXPLORATIONS = {
    "partial_paths": "Are there partial paths - roles, projects, skills - that move them in the "
    "right direction even if the destination is not available here?",
    "timeline": "What timeline are they working to? Is there a legitimate case that the "
    "opportunity might exist in two or three years?",
    "in_parallel": "What would they need to be doing in parallel to keep the longer-term goal alive?",
    "transition": "If the gap is fundamental, what does a well-managed transition look like - "
    "for them and for the team?",
}

CONTRACT_OUTPUT = (
    'The output of the third conversation is a "development contract" - a shared, explicit agreement '
    "on what both parties will do."
)
CONTRACT_NOTE = (
    "It is not a formal document. It is a written summary of commitments, shared by email or in "
    "the notes of your 1:1 tool."
)
CONTRACT_LIVE = (
    "The development contract is a live document. It gets updated at each quarterly career conversation."
)
CALENDAR_NOW = (
    "The commitments you make in this conversation need to go in your calendar immediately "
    'after the conversation. Not "soon" - immediately.'
)
FOLLOW_THROUGH = (
    "Make a specific introduction: name the person, book the meeting, do it within two weeks",
    "Create an opportunity for the person to lead something: identify what, when, and what "
    "support you will give",
    "Provide specific feedback on a skill they are developing: schedule it, do not wait for it to "
    "happen organically",
    "Raise their profile internally: identify a forum, a meeting, a presentation opportunity",
    "Have a conversation with your own manager about the person's progression: name a date",
    "Connect them to a mentor or someone who has made the move they want to make: identify who "
    "and introduce them",
)
TRACK_OWN = (
    "Track your own commitments as rigorously as you would track theirs. Review them at the "
    "start of the next career conversation."
)

WHATS_CHANGED = "what's changed since we last spoke?"
WHAT_DID_I_DO = "what did I do and what did I not do?"
NAME_THE_CHANGE = (
    "I'm getting the sense that the direction we talked about might not be feeling as compelling "
    "as it did. Is that right?"
)
GOALS_CHANGE = (
    "If their goals have shifted, update the development contract. Do not treat the original "
    "plan as a contract that must be honoured regardless."
)
BEFORE_IT_CRYSTALLISES = (
    "Immediately when someone signals they are thinking about leaving, before the decision crystallises"
)
PROMISE_ADVICE = (
    'Be precise about what you can and cannot commit to. "I can commit to making the '
    'introduction. I cannot commit to what happens after that." "I can advocate for this with '
    'my manager - I cannot commit to the outcome." Be honest about where your authority ends.'
)

# Cadence and follow-through (the dashboard, the monthly review, check-ins).
TRIGGERS_HEADING = "Triggers for an ad hoc career conversation"
GOAL_CHANGE_HEADING = "Signs that goals have changed"
CADENCE_ANCHOR = (
    "The quarterly career conversation is the anchor. The monthly development contract review "
    "keeps it alive. The informal check-ins are the signals you pick up in day-to-day contact that "
    "tell you whether something has changed and whether you need to revisit the plan."
)
WHO_INITIATES = "You do. Do not wait for the person to raise it."
GOALS_CHANGE_NOT_FAILURE = (
    "Career goals change. This is not a failure - it is growth, or shifting context, or new "
    "information about what the person actually wants."
)
GOALS_CHANGE_PLAN = (
    "The purpose of the plan is to serve the person's development - if the goals have changed, "
    "the plan should change too."
)
FOLLOW_THROUGH_FAILURE = (
    "The biggest failure mode in career conversations is the manager who runs a great "
    "conversation and then does nothing."
)

WHAT_GOOD_LOOKS_LIKE = (
    "The person leaves the conversation feeling genuinely seen - not assessed, not managed, but seen",
    "Both parties have a clearer picture of where the person is heading and what needs to happen",
    "The manager has made specific, actionable commitments and follows through on them",
    "Quarterly conversations happen consistently - they are not displaced by the immediate",
    "Over six to twelve months, the person's trajectory is visibly moving in the direction they identified",
    "When surveyed (formally or informally), the person says they can see a future in this organisation",
    "The manager can describe, without consulting notes, where each of their direct reports "
    "wants to go in the next three years",
)

# Common failures: name -> (what it is, what to do instead).
FAILURES = {
    "deferring": (
        "Failure 1 - Deferring until later",
        "The career conversation is always on the list and never in the calendar. Something more "
        "urgent always takes precedence.",
        "Book it now. Put it in the calendar as a recurring quarterly session. Protect it.",
    ),
    "conflating": (
        "Failure 2 - Conflating it with a 1:1 or review",
        "The career conversation gets squeezed into the last ten minutes of a 1:1, or gets folded "
        "into the performance review as a development section.",
        "Keep them separate and protect the distinction. Book the career conversation as its own "
        "session with its own time.",
    ),
    "steering": (
        "Failure 3 - Talking about the organisation's needs instead of theirs",
        "The manager arrives with a view on what the organisation needs and steers the career "
        "conversation toward filling that need.",
        "Start from their aspiration, not from what the organisation needs. Once you understand "
        "where they want to go, you can explore whether any of that aligns with what the "
        "organisation needs - and be honest about the degree of alignment.",
    ),
    "promises": (
        "Failure 4 - Making promises you cannot keep",
        "In the enthusiasm of the conversation, the manager commits to a promotion, a role change, "
        "or an opportunity that they do not actually have the authority or ability to deliver.",
        PROMISE_ADVICE,
    ),
    "nowhere": (
        "Failure 5 - The conversation that goes nowhere",
        "The career conversation is rich and exploratory. Both parties feel good about it. "
        "Nothing specific is agreed. At the next conversation, nothing has changed.",
        "Close every career conversation with a development contract - specific commitments from "
        "both parties, with dates. Review those commitments at the start of the next session. The "
        "conversation is only valuable if it produces action.",
    ),
}


def text() -> str:
    """The whole playbook, as shipped with careernb."""
    return resources.files("careernb").joinpath("data/playbook.txt").read_text(encoding="utf-8")


# -- The conversations (issue 3): headings and guidance shown on the conversation pages. --
THINK_ABOUT = "What to think about before the conversation:"
LIGHT_PROMPT_WHEN = "A few days before the conversation, send a message:"
THREE_WAYS = (
    "You can run them as three separate sessions or - if the person prefers - as three phases "
    "within a longer conversation."
)
QUESTIONS_THAT_OPEN = "Questions that open this:"
CONVERSATION_TITLES = {
    "now": "Conversation 1 - Where are you now?",
    "direction": "Conversation 2 - Where do you want to go?",
    "gap": "Conversation 3 - How do we close the gap?",
}
HONEST_INTRO = (
    "Most people will give you acceptable answers before they give you real ones. These "
    "questions are designed to get past the first layer."
)
HONEST_TOPICS = {
    "now": "On current state:",
    "direction": "On direction:",
    "gap": "On blockers:",
}
SURFACE_TECHNIQUE = "A useful technique when someone gives a surface answer:"
I_DONT_KNOW = 'If they say "I genuinely don\'t know," say:'
GAP_PRODUCES = (
    'This conversation should produce a concrete set of commitments - a "development contract" '
    "- that both parties own."
)
AMBITION_TITLE = "Handling Ambition That Does Not Fit the Current Org"
FUDGE = (
    "This is the moment most managers fudge. They say something vague about future "
    "opportunities, or they pivot to what the organisation does need, or they change the subject."
)
BE_HONEST = "Do not do that. Be honest."
AFTER_NAMING = "After naming the constraint honestly, you can explore:"
HIGHEST_TRUST = "This conversation, done honestly, is one of the highest-trust things a manager can do."
ASK_ONLY_WITH_TRUST = "Ask it only when you have established real trust."
CADENCE_MINIMUM = "At minimum, once per quarter - a dedicated session of at least 45 minutes"
