"""The playbook's checklists, and which items were ticked for each conversation."""

from __future__ import annotations

import datetime as dt
import enum

from careernb.store import Id, Privacy, column, table


class Stage(enum.StrEnum):
    BEFORE = "before"
    DURING = "during"
    AFTER = "after"
    NEXT = "next"

    @property
    def title(self) -> str:  # type: ignore[override]  # a stage's heading, in place of str.title()
        return TITLES[self]


TITLES = {
    Stage.BEFORE: "Before the conversation:",
    Stage.DURING: "During the conversation:",
    Stage.AFTER: "After the conversation:",
    Stage.NEXT: "At the next career conversation:",
}

# item id -> the playbook's words, per stage.
ITEMS: dict[Stage, dict[str, str]] = {
    Stage.BEFORE: {
        "before.booked": "Booked at least 60 minutes as a dedicated session",
        "before.know": "Thought about what I already know about their career aspirations",
        "before.opportunities": "Identified what opportunities realistically exist in the organisation",
        "before.honest": "Been honest with myself about what I can and cannot commit to",
        "before.prompt": "Sent a light reflection prompt in advance",
        "before.clear": "Cleared my head - this conversation needs to be about them, not about me",
    },
    Stage.DURING: {
        "during.perspective": "Started from their perspective, not mine",
        "during.now": "Covered where they are now - with real depth, not just the acceptable answer",
        "during.direction": "Covered where they want to go - including the ambiguous or uncertain parts",
        "during.no-push": "Did not push them to have a clearer answer than they have",
        "during.gap": "Covered the gap - practical, specific, honest",
        "during.honest": "Been honest about what the organisation can and cannot offer",
        "during.contract": "Agreed a development contract - specific commitments, both parties, with dates",
    },
    Stage.AFTER: {
        "after.summary": "Sent a written summary of the development contract within 48 hours",
        "after.calendar": "Put my own commitments in my calendar with dates",
        "after.next": "Booked the next career conversation",
        "after.week": "Done anything time-sensitive within the week",
    },
    Stage.NEXT: {
        "next.reviewed": "Reviewed the development contract before the session",
        "next.own-first": "Checked my own commitments first - what did I do and what did I not do?",
        "next.changed": 'Opened with "what\'s changed since we last spoke?" before revisiting the plan',
        "next.updated": "Updated the development contract with progress and new commitments",
    },
}


def stage_of(item: str) -> Stage:
    return Stage(item.split(".", 1)[0])


@table("checklists", key=("conversation_id", "item"), per_person=True)
class ChecklistTick:
    """One checklist item ticked (or unticked) for one conversation."""

    person_id: Id = column(Privacy.PRIVATE, "Who the conversation is with.", references="people")
    conversation_id: Id = column(Privacy.PRIVATE, "The conversation.", references="conversations")
    item: Id = column(Privacy.PRIVATE, "The checklist item, e.g. before.booked.")
    done: bool = column(Privacy.PRIVATE, "Ticked.", default=False)
    ticked: dt.datetime | None = column(Privacy.PRIVATE, "When it was last changed.", default=None)


def progress(ticks: list[ChecklistTick], stage: Stage) -> tuple[int, int]:
    """(ticked, total) for one stage."""
    done = {t.item for t in ticks if t.done and stage_of(t.item) is stage}
    return len(done & set(ITEMS[stage])), len(ITEMS[stage])
