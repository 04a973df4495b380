"""Kwame Mensah: waiting on a staff promotion; his manager runs late on her own commitments."""

# ruff: noqa: E501 - what people say is kept whole, one line each

from careernb.demo.voice import Voice
from careernb.domain.preparation import Reflection
from careernb.domain.signals import SignalKind

PICTURE = "Staff engineer for the mobile platform, setting one direction for iOS and Android."
TEN_YEARS = "A principal engineer people trust, and home for dinner most nights."

KWAME = Voice(
    answers={
        "now.best-work": "Halving the Android app's start-up time: measurable, and users noticed.",
        "now.energising": "The offline-sync design. Hard, and it's mine.",
        "now.draining": "Waiting on the promotion decision. I check my inbox like it's exam results.",
        "now.underused": "Cross-platform thinking - I know iOS and Android, and we keep splitting them.",
        "now.not-strengths": "Writing my own case for staff. It feels like bragging.",
        "now.not-working": "The promotion process: nobody can tell me what's missing.",
        "honest.best-friend": "Get the staff criteria in writing and map your work to them, line by line.",
        "honest.okay-to-say": "That I'm ready for staff now, not next cycle.",
        "honest.not-saying": "That if it stalls again, I'll start looking.",
        "direction.three-years": PICTURE,
        "direction.role": "Priya's role: staff engineer, the person other teams check with before they decide.",
        "direction.domain": "Mobile platforms: release trains, offline sync, speed on cheap phones.",
        "direction.leadership": "Technical leadership. Staff, then principal.",
        "direction.try": "Leading the company's mobile guild.",
        "direction.ten-years": TEN_YEARS,
        "honest.wand": "One mobile platform team instead of two, with me setting its direction.",
        "honest.proud": "That the apps got faster on the phones most people actually own.",
        "honest.money": "Teaching children in Accra to code. My uncle did that for me.",
        "honest.admire": "Priya: staff, calm, and everyone checks with her first.",
        "gap.biggest": "Visibility: the promotion committee doesn't see cross-team work.",
        "gap.learn": "How staff engineers get decisions made without managing anyone.",
        "gap.control": "Writing up the offline-sync design so it counts as evidence.",
        "gap.need": "Advocacy in calibration, and a straight answer on what's missing.",
        "gap.org": "The staff criteria exist; calibration itself is opaque.",
        "gap.in-your-way": "My case for staff. Could you read it before it goes in?",
        "gap.commit": "The offline-sync design, and leading the mobile guild for a quarter.",
        "honest.stop-you": "The committee not seeing the work.",
        "honest.i-do": "You said you'd read my case and you haven't yet.",
        "honest.leave": "If it stalls a second time with no reason given.",
    },
    picture=PICTURE,
    admired_role="Priya's staff role: the one teams check with first",
    domain="Mobile platforms",
    ten_year=TEN_YEARS,
    things_to_try="Leading the mobile guild; a talk at the mobile meetup",
    their_actions=(
        "Write the offline-sync design and take it to the architecture forum",
        "Map your last year of work to the staff criteria, line by line",
        "Lead the mobile guild for a quarter",
        "Mentor the two mid-level Android engineers",
        "Cut the iOS start-up time by a third",
        "Present the start-up work at the engineering all-hands",
        "Send Ada your case for staff two weeks before the deadline",
        "Run the release-train retrospective across both platforms",
    ),
    my_actions=(
        "Read your case for staff and give written feedback within a week",
        "Ask the committee what evidence is missing and tell you what I hear",
        "Advocate for your staff case in calibration - I cannot commit to the outcome",
        "Introduce you to Priya for an hour on how she works as a staff engineer",
        "Propose you to lead the mobile guild",
        "Talk to the iOS lead about one mobile platform team and report back",
        "Give specific feedback on your offline-sync design",
        "Book a monthly half hour to go through the staff case together",
    ),
    open_question="What the committee thinks is missing for staff, and whether the guild closes it.",
    reviews=("Where the staff case stands", "Whether my commitments to him are done"),
    notes={
        Reflection.CARES_ABOUT: "The staff decision, and being told plainly what is missing.",
        Reflection.OPPORTUNITIES: "Spring calibration; the mobile guild needs someone to lead it.",
        Reflection.PATHS: "Staff on the mobile platform, with the guild as visible cross-team scope.",
        Reflection.CONSTRAINTS: "The committee decides, not me, and the budget is tight this year.",
        Reflection.CAN_COMMIT: "Advocacy, feedback on his case, the guild. Not the outcome.",
        Reflection.AVOIDING: "Admitting I am behind on my own commitments to him.",
    },
    signals={
        SignalKind.PROMOTION_STALLED: (
            "After the calibration results came out.",
            "Nothing back from calibration; asked me whether it is worth trying again.",
        ),
    },
    paused="Paused while the app-store review issue is on.",
    dropped="Dropped: the guild merged with the web guild.",
)
