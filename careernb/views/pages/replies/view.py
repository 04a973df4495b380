"""Replies: take in what the person sent back from their contract, then decide each update.

Paste the reply's text or choose its file (the ``.eml`` they sent, or the file their contract
saved); a reply careernb refuses says why, and nothing is written. Each update waits beside your
own record of that commitment until you accept it (a commitment they say is done becomes done)
or set it aside. Its package's ``show`` builds :class:`RepliesPanel`.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from careernb.domain.contract import Commitment, Party, Status
from careernb.domain.dates import human_date
from careernb.domain.replies import STATEMENTS, Decision, ReplyUpdate
from careernb.errors import CareernbError
from careernb.follow_through.replies import DONE_WHEN, Waiting
from careernb.store import Store
from careernb.views.kit import style
from careernb.views.kit.errors import ErrorPanel
from careernb.views.kit.fragments import Fragments
from careernb.views.kit.frame import section, text_area
from careernb.views.kit.markup import css
from careernb.views.kit.parameters import Today
from careernb.views.pages.replies.model import RepliesModel

fragment = Fragments("careernb.views.pages.replies")

MAX_BYTES = 5_000_000
"""Far more than any reply: a larger file is not one, and is not read."""
NOT_ANSWERED = "not answered"
ASKED = {False: "Where is it now?", True: "Did you do this?"}
"""The reply's question, as the manager reads it: of their commitment, of the manager's own."""


class UpdateRow(w.VBox):
    """One update beside the manager's own record of that commitment, with the two decisions."""

    def __init__(
        self, model: RepliesModel, waiting: Waiting, update: ReplyUpdate, commitment: Commitment | None
    ):
        self.model = model
        self.update = update
        said = update.progress or update.happened
        done = said in DONE_WHEN and commitment is not None and commitment.status is not Status.DONE
        mine = update.happened is not None or (commitment is not None and commitment.party is Party.MANAGER)
        self.text = w.HTML(
            fragment(
                "update_row",
                said=f"{ASKED[mine]} {said.value if said else NOT_ANSWERED}",
                note=update.note,
                mine=mine,
                action=commitment.action if commitment else "",
                state=commitment.status.value if commitment else "",
                due=human_date(commitment.due) if commitment and commitment.due else "",
                manager_note=commitment.note if commitment else "",
                accept_marks_done=done,
                written=human_date(waiting.reply.written.date()),
            )
        )
        self.accept = css(
            w.Button(description="Accept", icon="check", button_style="success"), "careernb-accept"
        )
        self.set_aside = css(w.Button(description="Set aside", icon="times"), "careernb-set-aside")
        self.decided = css(w.HTML(), "careernb-decided")
        self.marks_done = done
        self.accept.disabled = commitment is None
        super().__init__(
            [
                self.text,
                w.HBox([self.accept, self.set_aside, self.decided], layout=w.Layout(align_items="center")),
            ],
            layout=w.Layout(margin="6px 0 10px 12px", border_left=style.ROW_BORDER, padding="2px 0 2px 10px"),
        )
        css(self, "careernb-update", f"careernb-update-{update.commitment_id}")

    def decide(self, decision: Decision) -> ReplyUpdate:
        decided = self.model.decide(self.update, decision)
        accepted = decision is Decision.ACCEPTED
        self.accept.layout.display = self.set_aside.layout.display = "none"
        self.decided.value = fragment("decided", accepted=accepted, marked_done=accepted and self.marks_done)
        return decided


class ReplyCard(w.VBox):
    """One reply: who, when, what's changed in their words, the three statements, then its updates."""

    def __init__(self, model: RepliesModel, waiting: Waiting, errors: ErrorPanel):
        reply = waiting.reply
        statements = [
            (s.words, said.value if (said := reply.statement(s.key)) else NOT_ANSWERED) for s in STATEMENTS
        ]
        head = w.HTML(
            fragment(
                "reply_card",
                name=waiting.person.name,
                version=reply.version,
                written=human_date(reply.written.date()),
                received=human_date(reply.received),
                changed=reply.changed.strip(),
                statements=statements,
            )
        )
        self.rows = [UpdateRow(model, waiting, u, c) for u, c in waiting.updates]
        for row in self.rows:
            row.accept.on_click(errors.guard(lambda _b, row=row: row.decide(Decision.ACCEPTED)))
            row.set_aside.on_click(errors.guard(lambda _b, row=row: row.decide(Decision.SET_ASIDE)))
        super().__init__(
            [head, *self.rows],
            layout=w.Layout(border=f"1px solid {style.RULE}", padding="6px 12px", margin="6px 0"),
        )
        css(self, "careernb-reply-card", f"careernb-reply-{waiting.person.person_id}")


class RepliesPanel(w.VBox):
    """Take a reply in (pasted or from its file), then decide each update that waits."""

    def __init__(self, store: Store, today: Today | dt.date | None = None) -> None:
        self.store = store
        self.errors = ErrorPanel()
        self.paste = text_area(
            "Their reply, pasted",
            "Paste the whole reply here, its lines BEGIN and END CAREERNB REPLY included",
            "careernb-reply-paste",
            rows=6,
        )
        self.take_button = css(
            w.Button(description="Take in the pasted reply", icon="inbox", button_style="primary"),
            "careernb-reply-take-in",
        )
        self.upload = css(
            w.FileUpload(
                accept=".eml,.txt,message/rfc822,text/plain", multiple=False, description="Choose its file"
            ),
            "careernb-reply-file",
        )
        self.upload.layout.width = "auto"
        self.result = css(w.HTML(), "careernb-reply-result")
        self.waiting_box = css(w.VBox(layout=w.Layout(width="100%")), "careernb-replies-waiting")
        self.refresh_button = css(w.Button(description="Refresh", icon="refresh"), "careernb-refresh")
        self.take_button.layout.width = "auto"
        self.cards: list[ReplyCard] = []
        super().__init__([self.errors])
        css(self, "careernb-replies")
        try:
            self.model = RepliesModel(store, today)
        except CareernbError as exc:
            self.errors.show(exc)
            return
        self.take_button.on_click(self.errors.guard(lambda _b: self._take_pasted()))
        self.upload.observe(self.errors.guard(self._take_file), "value")
        self.refresh_button.on_click(self.errors.guard(lambda _b: self.model.load()))
        self.model.observe(self.errors.guard(lambda _c: self._show_waiting()), "waiting")
        self.children = [
            section(
                "Take in a reply",
                self.paste,
                w.HBox(
                    [self.take_button, self.upload],
                    layout=w.Layout(flex_flow="row wrap", align_items="center"),
                ),
                w.HTML(
                    f'<div style="color:{style.SOFT};font-size:12px">A reply is checked against the contract'
                    " version you sent them; nothing in your own record changes until you accept an update."
                    "</div>"
                ),
                self.result,
                cls="careernb-take-in",
            ),
            section("Waiting for you", self.refresh_button, self.waiting_box, cls="careernb-waiting"),
            self.errors,
        ]
        self._show_waiting()

    # -- taking a reply in -----------------------------------------------------------

    def take_in(self, data: bytes | str) -> bool:
        """Take in one reply and say what happened, either way."""
        self.errors.clear()
        taken = self.model.take_in(data)
        if taken is not None:
            self.result.value = fragment(
                "taken_in",
                name=taken.person.name,
                version=taken.reply.version,
                written=human_date(taken.reply.written.date()),
                count=len(taken.updates),
            )
            return True
        self.result.value = fragment("refused", why=self.model.refusal)
        return False

    def _take_pasted(self) -> None:
        if not self.paste.value.strip():
            self.result.value = fragment(
                "refused", why="Paste the reply's whole text first, or choose its file."
            )
            return
        if self.take_in(self.paste.value):
            self.paste.value = ""

    def _take_file(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        (chosen,) = files[-1:]
        if chosen["size"] > MAX_BYTES:
            self.result.value = fragment(
                "refused", why=f"{chosen['name']} is {chosen['size']:,} bytes: far too large to be a reply."
            )
        else:
            self.take_in(bytes(chosen["content"]))
        self.upload.value = ()  # the same file may be chosen again

    # -- what waits ------------------------------------------------------------------

    def _show_waiting(self) -> None:
        self.cards = [ReplyCard(self.model, waiting, self.errors) for waiting in self.model.waiting]
        if self.cards:
            self.waiting_box.children = self.cards
            return
        self.waiting_box.children = [
            w.HTML(
                fragment(
                    "note",
                    tag="i",
                    colour=style.GREY,
                    text="Nothing waits: every update from a reply has been accepted or set aside.",
                )
            )
        ]

    def card(self, person_id: str) -> ReplyCard:
        """The first card of this person's that waits (for tests and scripts)."""
        return next(
            c
            for c, wt in zip(self.cards, self.model.waiting, strict=True)
            if wt.person.person_id == person_id
        )
