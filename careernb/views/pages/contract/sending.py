"""Sending an agreed contract: exactly what the person will receive, beside the button that sends it.

The preview is the documents layer's own (:func:`careernb.documents.outgoing.preview`, through
:meth:`ContractController.outgoing`): the mail as the person reads it, shown in a sandboxed
frame, with its recipient and subject. What needs a look before it goes is listed above the
buttons; a promise of an outcome blocks them until the manager writes why they send it as it is
(the reason is kept on the contract, private to the manager). "Write the email and mark it sent"
writes exactly the previewed draft and records the day; "Mark sent today" is for a contract that
went another way (the notes of a 1:1 tool).
"""

from __future__ import annotations

import email
import email.policy
from pathlib import Path
from typing import Any

import ipywidgets as w

from careernb.documents.outgoing import Outgoing
from careernb.domain import playbook
from careernb.domain.contract.wording import first_name
from careernb.views.kit import style
from careernb.views.kit.errors import ErrorPanel
from careernb.views.kit.fragments import Fragments
from careernb.views.kit.markup import about, css, srcdoc
from careernb.views.pages.contract.controller import ContractController
from careernb.views.pages.contract.html import attention_html, send_note_html
from careernb.views.pages.contract.model import ContractModel

fragment = Fragments("careernb.views.pages.contract")


def button(description: str, cls: str, icon: str = "", **kwargs: Any) -> w.Button:
    """A button as wide as its words, not stretched across a column."""
    layout = w.Layout(width="auto", align_self="flex-start")
    return css(w.Button(description=description, icon=icon, layout=layout, **kwargs), cls)


def reason_field(why: str, cls: str, width: str = "100%") -> w.Text:
    """Where the manager writes why they go ahead despite what needs attention."""
    layout = w.Layout(width=width)
    field = w.Text(
        placeholder=f"{why} (kept in your notes, never shared)", description="Reason", layout=layout
    )
    return css(about(field, why), cls)


def _shown(widget: w.Widget, show: bool) -> None:
    widget.layout.display = None if show else "none"


def preview_frame(going: Outgoing) -> str:
    """The mail as the person reads it, in a frame that runs nothing and borrows no style."""
    return (
        f'<iframe class="careernb-preview-frame" title="The contract as the person receives it" '
        f'sandbox="" srcdoc="{srcdoc(going.mail_html)}" '
        f'style="box-sizing:border-box;width:100%;height:560px;border:1px solid {style.RULE_SECTION}">'
        "</iframe>"
    )


def preview_header(going: Outgoing) -> str:
    """To whom, and the subject, as the mail draft has them."""
    message = email.message_from_bytes(going.eml, policy=email.policy.default)
    to = message["To"] or f"nobody yet: {going.unaddressed}; add it in your mail client"
    return fragment("contract_preview_header", to=str(to), subject=str(message["Subject"] or ""))


class SendingView(w.VBox):
    """What the person will receive, what blocks sending it, and the buttons that send it."""

    def __init__(
        self, controller: ContractController, model: ContractModel, person_name: str, errors: ErrorPanel
    ) -> None:
        super().__init__(layout=w.Layout(width="100%"))
        css(self, "careernb-sending")
        self.controller = controller
        self.model = model
        self.first = first_name(person_name) or person_name
        self.errors = errors
        self.going: Outgoing | None = None
        g = errors.guard
        self.heading = w.HTML(fragment("section_heading", title=f"Sending it to {self.first}", hint=""))
        self.attention = css(w.HTML(), "careernb-send-attention")
        self.reason = reason_field("Why send it as it is?", "careernb-send-reason", "calc(100% - 8px)")
        self.reason.observe(g(lambda _c: self._buttons()), "value")
        self.send_button = button(
            "Write the email and mark it sent today", "careernb-send", "envelope", button_style="primary"
        )
        self.send_button.on_click(g(lambda _b: self.send()))
        self.sent_button = button("Mark sent today (sent another way)", "careernb-mark-sent", "paper-plane")
        self.sent_button.on_click(g(lambda _b: self.mark_sent()))
        self.edit_button = button("Edit again", "careernb-edit-again", "pencil")
        self.edit_button.on_click(g(lambda _b: controller.edit_again()))
        self.files_button = button("Prepare the email and calendar again", "careernb-prepare", "envelope")
        self.files_button.on_click(g(lambda _b: self.prepare_files()))
        self.send_note = css(w.HTML(), "careernb-send-note")
        self.files = css(w.HTML(), "careernb-files")
        self.preview_heading = css(w.HTML(), "careernb-preview-heading")
        self.preview_header = css(w.HTML(), "careernb-preview-header")
        self.preview = css(w.HTML(layout=w.Layout(width="calc(100% - 8px)")), "careernb-preview")
        self.children = [
            self.heading,
            self.attention,
            self.reason,
            w.HBox(
                [self.send_button, self.sent_button, self.edit_button, self.files_button],
                layout=w.Layout(flex_flow="row wrap"),
            ),
            self.send_note,
            self.files,
            self.preview_heading,
            self.preview_header,
            self.preview,
        ]
        model.observe(g(lambda _c: self.refresh()), names=["contract", "history"])
        self.refresh()

    # -- what the page shows -----------------------------------------------------------

    def refresh(self) -> None:
        """Follow the version on screen: a draft has nothing to send; an agreed one shows what goes.

        The preview reads the store, so it waits until the version on screen is saved (agreeing
        saves it at once, and ``history`` then follows)."""
        contract = self.model.contract
        agreed = contract is not None and contract.is_agreed
        saved = contract is not None and any(c == contract for c, _, _ in self.model.history)
        _shown(self, agreed and saved)
        if contract is None or not (agreed and saved):
            self.going = None
            return
        self.going = going = self.controller.outgoing()
        sent = contract.sent is not None
        # Once sent, what it went out with is history: a change is the next version's.
        self.attention.value = attention_html(going.findings) if going.findings and not sent else ""
        _shown(self.reason, bool(going.blocking) and not sent)
        _shown(self.send_button, not sent)
        _shown(self.sent_button, not sent)
        _shown(self.edit_button, not sent)
        _shown(self.files_button, sent and going.can_send())
        self.send_note.value = send_note_html(self.model.send_state())
        self.preview_heading.value = fragment(
            "section_heading", title=f"What {self.first} {'received' if sent else 'receives'}", hint=""
        )
        self.preview_header.value = preview_header(going)
        self.preview.value = preview_frame(going)
        self._buttons()

    def _buttons(self) -> None:
        going = self.going
        can = going is not None and going.can_send(self.reason.value)
        for button in (self.send_button, self.sent_button):
            button.disabled = not can
            button.tooltip = "" if can else "Write why you send it as it is, above"

    # -- what the manager does ---------------------------------------------------------

    def _written(self, written: list[Path], note: str) -> None:
        self.files.value = fragment(
            "contract_files", written=written, note=note, calendar_now=playbook.CALENDAR_NOW
        )

    def send(self) -> list[Path]:
        """Write exactly the draft previewed, with the calendar, and record today as the day sent."""
        written = self.controller.send(self.reason.value)
        self.reason.value = ""
        self._written(written, "Marked sent today. Open the .eml in your mail client, read it and send it.")
        return written

    def mark_sent(self) -> None:
        self.controller.mark_sent(self.reason.value)
        self.reason.value = ""

    def prepare_files(self) -> list[Path]:
        written = self.controller.prepare_files()
        self._written(written, "Open the .eml in your mail client to send it again.")
        return written
