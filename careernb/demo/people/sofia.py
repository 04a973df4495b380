"""Sofia Rossi: "not sure yet" for two quarters, then a direction of her own - accessibility."""

# ruff: noqa: E501 - what people say is kept whole, one line each

from careernb.demo.voice import Voice
from careernb.domain.aspirations import Direction
from careernb.domain.preparation import Reflection

UNSURE, TECH = Direction.NOT_SURE_YET, Direction.TECHNICAL_LEADERSHIP
PICTURE = {
    UNSURE: "Somewhere I get to go deep on something, with real users in it. I don't know what yet.",
    TECH: "Senior engineer, and the person every team asks about accessibility.",
}
TEN_YEARS = "Work that makes software usable by the people it usually forgets."

SOFIA = Voice(
    answers={
        "now.best-work": "Fixing the checkout form for keyboard users: a small change that saves someone an afternoon.",
        "now.energising": "The accessibility audit. I learned more in a month than in the year before.",
        "now.draining": "Sprint planning where everything is already decided.",
        "now.underused": "Patience with messy problems; I like the ones without a spec.",
        "now.not-strengths": "Estimating. I'm always wrong and it makes me anxious.",
        "now.not-working": {
            UNSURE: "I don't know what I want, and everyone else seems to.",
            TECH: "It's working better now that I know where I'm heading.",
        },
        "honest.best-friend": {
            UNSURE: "It's fine not to know yet. Try things on purpose.",
            TECH: "Say 'accessibility' in every planning meeting until it's your thing.",
        },
        "honest.okay-to-say": "Owning accessibility for the whole product.",
        "honest.not-saying": "That 'not sure yet' felt like failing, until you said it wasn't.",
        "direction.three-years": PICTURE,
        "direction.role": {
            UNSURE: "Not one role - bits of several: Hana's depth, Dana's calm.",
            TECH: "Hana's role: accessibility lead for a whole design system.",
        },
        "direction.domain": {
            UNSURE: "Something with real users in it. That's all I know.",
            TECH: "Accessibility, and the front-end architecture that makes it possible.",
        },
        "direction.leadership": {
            UNSURE: "I'm not sure yet.\nMaybe architecture, maybe something with users - I keep going back and forth.",
            TECH: "Technical: deep expertise, not managing.",
        },
        "direction.try": "Testing our product with screen-reader users.",
        "direction.ten-years": TEN_YEARS,
        "honest.wand": "Accessibility in the definition of done, and me as the one who wrote it.",
        "honest.proud": "That someone who couldn't use our product before can use it now.",
        "honest.money": "Volunteering with the charity that teaches older people to use their phones.",
        "honest.admire": {
            UNSURE: "Hana, Dana, and my old maths teacher - for different reasons.",
            TECH: "Hana: she made accessibility a company habit, not a project.",
        },
        "gap.biggest": {
            UNSURE: "I don't know the destination yet, so: finding out.",
            TECH: "I know accessibility in practice, not the standards and the auditing.",
        },
        "gap.learn": {
            UNSURE: "What different paths look like from the inside.",
            TECH: "WCAG properly, and how to run an audit other teams trust.",
        },
        "gap.control": {
            UNSURE: "Trying three small things on purpose this quarter.",
            TECH: "Running the accessibility checks in our pipeline.",
        },
        "gap.need": "Time for the audit, and an introduction to Hana.",
        "gap.org": "The design-systems team wants a partner; deadlines push accessibility to 'later'.",
        "gap.in-your-way": "Accessibility bugs are always low priority. Could we agree a budget per sprint?",
        "gap.commit": {
            UNSURE: "Shadow three people in different roles and tell you what I noticed.",
            TECH: "The checkout audit, and a talk at the front-end guild.",
        },
        "honest.stop-you": "Being too polite to push it onto the roadmap.",
        "honest.i-do": "Nothing - you made it fine not to know. Keep that.",
        "honest.leave": "A company that takes accessibility seriously, if we don't.",
    },
    picture=PICTURE,
    admired_role={
        UNSURE: "Bits of several roles: Hana's depth, Dana's calm",
        TECH: "Hana's role: accessibility lead for a design system",
    },
    domain={UNSURE: "", TECH: "Accessibility and front-end architecture"},
    ten_year=TEN_YEARS,
    things_to_try="Testing with screen-reader users; a talk at the guild",
    drawn_to="Problems with a real person at the end of them; explaining things",
    moving_away_from="Tickets handed over fully specified",
    their_actions=(
        "Shadow three people in different roles and write down what you noticed",
        "Run an accessibility audit of the checkout flow",
        "Add automated accessibility checks to the front-end pipeline",
        "Give a talk on keyboard navigation at the front-end guild",
        "Complete the WCAG practitioner course",
        "Pair with the design-systems team on the form components",
        "Test checkout with two screen-reader users",
        "Write the accessibility part of the definition of done",
    ),
    my_actions=(
        "Introduce you to Hana and ask her to mentor you for a quarter",
        "Agree a fixed accessibility budget per sprint with product",
        "Find three people in different roles for you to shadow",
        "Fund the WCAG practitioner course from the team budget",
        "Propose you to the design-systems team as their accessibility partner",
        "Give specific feedback on your guild talk",
        "Write accessibility into the team's definition of done with you",
        "Book the three conversations again as separate sessions",
    ),
    open_question={
        UNSURE: "Which of the things she tries this quarter she wants more of.",
        TECH: "Whether accessibility can become a recognised specialism here.",
    },
    reviews=("What the shadowing and the audit taught her", "Whether the accessibility budget held"),
    notes={
        Reflection.CARES_ABOUT: "Real users; being allowed not to know yet.",
        Reflection.OPPORTUNITIES: "The design-systems team asked for an accessibility partner.",
        Reflection.PATHS: "Accessibility specialist on the technical track, or front-end architecture.",
        Reflection.CONSTRAINTS: "No accessibility specialism exists yet; we would be shaping one.",
        Reflection.CAN_COMMIT: "Course budget, introductions, a sprint budget for accessibility bugs.",
        Reflection.AVOIDING: "Checking whether the specialism would count when she goes for senior.",
    },
    paused="Paused while the checkout redesign is on.",
    dropped="Dropped: the guild moved its talks online and then stopped.",
)
